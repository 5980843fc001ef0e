/**
 * A complete lamsach instance for tests: a migrated database of the given backend, the services,
 * the HTTP app (driven with inject, or listening on loopback), and a small fixture tree:
 *
 *   ROOT (national centre) ─┬─ OWNER (province) ── CHILD (department)
 *                           └─ SIBLING (province)
 *
 * with an administrator and a viewer in each, whose one-time passwords are already changed.
 */
import type { FastifyInstance } from 'fastify';
import { ensureKinds, operator } from '../../src/app/bootstrap.js';
import { createServices, type Services } from '../../src/app/services.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { configSchema, type Config } from '../../src/config/config.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { OrganisationRecord } from '../../src/organisations/interchange/record.js';
import { buildApp } from '../../src/server/app.js';
import type { Backend } from './backends.js';

export const fixtureOrgs = {
  root: 'FX-ROOT-q7',
  owner: 'FX-OWNER-k3',
  child: 'FX-CHILD-m9',
  sibling: 'FX-SIBLING-z4',
} as const;
export type Relation = keyof typeof fixtureOrgs;

export const testPassword = 'correct-horse-battery-staple-42';

function record(
  code: string,
  name: string,
  kind: string,
  parentCode: string | null,
  extra: Partial<OrganisationRecord> = {},
): OrganisationRecord {
  return {
    code,
    name,
    kind,
    parentCode,
    validFrom: null,
    validTo: null,
    predecessorCodes: [],
    ipRanges: [],
    asns: [],
    domains: [],
    websites: [],
    contacts: [],
    ...extra,
  };
}

export function fixtureRecords(): OrganisationRecord[] {
  return [
    record(fixtureOrgs.root, 'Trung tâm quốc gia (thử)', 'national_centre', null, {
      ipRanges: ['10.0.0.0/8'],
    }),
    record(fixtureOrgs.owner, 'Tỉnh Chủ (thử)', 'province', fixtureOrgs.root, {
      ipRanges: ['10.1.0.0/16', '2001:db8:1::/48'],
      domains: ['owner.gov.vn'],
      contacts: [
        { name: 'Nguyễn Văn An', role: 'Trưởng phòng', email: 'an@owner.gov.vn', phone: '+84 24 1234 5678' },
      ],
    }),
    record(fixtureOrgs.child, 'Sở Con (thử)', 'department', fixtureOrgs.owner, {
      ipRanges: ['10.1.2.0/24'],
      domains: ['child.owner.gov.vn'],
    }),
    record(fixtureOrgs.sibling, 'Tỉnh Anh Em (thử)', 'province', fixtureOrgs.root, {
      ipRanges: ['10.2.0.0/16'],
      domains: ['sibling.gov.vn'],
    }),
  ];
}

export interface Harness {
  config: Config;
  services: Services;
  app: FastifyInstance;
  orgId: Record<Relation, number>;
  close: () => Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...configSchema.parse({ logLevel: 'silent' }), ...overrides };
}

export async function createHarness(backend: Backend, overrides: Partial<Config> = {}): Promise<Harness> {
  const { handle, dispose } = await backend.open();
  await migrateToLatest(handle);
  await ensureKinds(handle.db);
  const config = testConfig(overrides);
  const services = createServices(config, handle);
  await services.intel.allowlists.ensureShipped();
  const ctx = await services.contextFor(operator('test'), null);
  await services.importer.import(ctx, fixtureRecords(), { dryRun: false });
  const orgId = {} as Record<Relation, number>;
  for (const [relation, code] of Object.entries(fixtureOrgs) as [Relation, string][]) {
    orgId[relation] = (await services.organisations.findByCode(code, null)).id;
  }
  const hash = await hashPassword(testPassword);
  const now = new Date().toISOString();
  for (const relation of Object.keys(fixtureOrgs) as Relation[]) {
    for (const role of ['administrator', 'viewer'] as const) {
      const user = await handle.db
        .insertInto('users')
        .values({
          organisation_id: orgId[relation],
          username: `${relation}-${role}`,
          display_name: `${relation} ${role}`,
          email: null,
          password_hash: hash,
          must_change_password: 0,
          disabled: 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await handle.db.insertInto('user_roles').values({ user_id: user.id, role }).execute();
    }
  }
  const app = await buildApp({ config, services, logger: false });
  await app.ready();
  return {
    config,
    services,
    app,
    orgId,
    async close() {
      await app.close();
      await dispose();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function login(
  app: FastifyInstance,
  username: string,
  password = testPassword,
): Promise<Session> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
  const setCookie = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('lamsach_session='));
  if (!setCookie) throw new Error('no session cookie');
  return { cookie: setCookie.split(';')[0]!, csrf: response.json<{ csrfToken: string }>().csrfToken };
}

export function authHeaders(session: Session | null, method = 'GET'): Record<string, string> {
  if (!session) return {};
  return method === 'GET'
    ? { cookie: session.cookie }
    : { cookie: session.cookie, 'x-csrf-token': session.csrf };
}
