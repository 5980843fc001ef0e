/**
 * First-run set-up: the organisation kinds, the shipped seed data (Vietnam's provinces before and
 * after 1 July 2025, plus a demo tree on request) and the first administrator, whose one-time
 * password is generated here and shown exactly once.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeAudit } from '../audit/audit.js';
import type { SystemActor } from '../authz/actor.js';
import { generateOneTimePassword, hashPassword } from '../auth/passwords.js';
import type { Database } from '../db/schema.js';
import type { Kysely } from 'kysely';
import { parseOrganisationsJson } from '../organisations/interchange/json.js';
import type { OrganisationRecord } from '../organisations/interchange/record.js';
import type { ImportReport } from '../organisations/import-service.js';
import { demoOrganisations } from '../organisations/seed/demo.js';
import { DEFAULT_ORGANISATION_KINDS } from '../organisations/seed/kinds.js';
import type { Services } from './services.js';

export const operator = (label = 'cli'): SystemActor => ({ type: 'system', label });

export async function ensureKinds(db: Kysely<Database>): Promise<void> {
  const existing = new Set(
    (await db.selectFrom('organisation_kinds').select('code').execute()).map((k) => k.code),
  );
  const missing = DEFAULT_ORGANISATION_KINDS.filter((k) => !existing.has(k.code));
  if (missing.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('organisation_kinds')
      .values(missing.map((k) => ({ code: k.code, name_vi: k.nameVi, name_en: k.nameEn, rank: k.rank })))
      .execute();
    await writeAudit(trx, {
      actor: operator('bootstrap'),
      organisationId: null,
      action: 'organisation-kind.seed',
      entityType: 'organisation_kind',
      entityId: null,
      after: missing.map((k) => k.code),
    });
  });
}

/** The shipped seed: national centre and the 63 → 34 provinces with their successions. */
export function vietnamSeed(): OrganisationRecord[] {
  const file = fileURLToPath(new URL('../organisations/seed/vn-provinces.json', import.meta.url));
  const parsed = parseOrganisationsJson(readFileSync(file, 'utf8'));
  if (!parsed.ok)
    throw new Error(`the shipped seed ${file} is invalid: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  return parsed.records;
}

export async function loadSeed(services: Services, options: { demo: boolean }): Promise<ImportReport> {
  await ensureKinds(services.database.db);
  const records = [...vietnamSeed(), ...(options.demo ? demoOrganisations() : [])];
  const ctx = await services.contextFor(operator('seed'), null);
  return services.importer.import(ctx, records, { dryRun: false });
}

export async function organisationCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Creates the first administrator at the root organisation when no user exists yet.
 * Returns the credentials to show once, or null when users already exist.
 */
export async function ensureFirstAdmin(
  services: Services,
): Promise<{ username: string; password: string; organisation: string } | null> {
  const { db } = services.database;
  if ((await services.users.count()) > 0) return null;
  const root = await db
    .selectFrom('organisations')
    .selectAll()
    .where('parent_id', 'is', null)
    .where('valid_to', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  if (!root) return null;
  const password = generateOneTimePassword();
  const hash = await hashPassword(password);
  const username = 'admin';
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const user = await trx
      .insertInto('users')
      .values({
        organisation_id: root.id,
        username,
        display_name: 'Quản trị hệ thống',
        email: null,
        password_hash: hash,
        must_change_password: 1,
        disabled: 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('user_roles').values({ user_id: user.id, role: 'administrator' }).execute();
    await writeAudit(trx, {
      actor: operator('bootstrap'),
      organisationId: root.id,
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      after: { username, roles: ['administrator'], firstAdmin: true },
    });
  });
  return { username, password, organisation: `${root.code} ${root.name}` };
}
