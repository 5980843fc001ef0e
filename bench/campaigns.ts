/**
 * Campaign benchmark: a campaign over a 10 000-organisation tree (1 national centre, 63 provinces,
 * 20 departments each, 7 units each = 10 144), forwarded to every organisation, with a report from
 * 60% of them (submitted or accepted). Measured over HTTP (`app.inject`, signed in as a national
 * administrator, so authentication, scope and serialisation count):
 *
 * - GET /api/campaigns/:id/status?depth=1 — the status matrix of the whole tree (counts over every
 *   organisation, rows for the national centre and its provinces);
 * - GET /api/campaigns/:id/status?depth=3 — every one of the 10 144 rows;
 * - GET /api/reports/:id — the national report with its roll-up of the 63 provinces' reports;
 * - GET /api/reports/:id of a province — roll-up of its 20 departments.
 *
 * Reference: the bare query reading the subtree's organisation rows (the floor of any matrix).
 * The target is < 200 ms per request on the server.
 *
 *   npx tsx bench/run.ts campaigns
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureKinds, operator } from '../src/app/bootstrap.js';
import { createServices } from '../src/app/services.js';
import { hashPassword } from '../src/auth/passwords.js';
import { campaignInput } from '../src/campaigns/campaign-input.js';
import { configSchema } from '../src/config/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { prefillContent } from '../src/reports/prefill.js';
import { shippedTemplates } from '../src/reports/templates/index.js';
import { buildApp } from '../src/server/app.js';
import type { BenchResult } from './types.js';

const PROVINCES = 63;
const DEPARTMENTS = 20;
const UNITS = 7;
const RUNS = 30;

interface Timing {
  meanMs: number;
  p95Ms: number;
  maxMs: number;
}

async function time(fn: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    meanMs: samples.reduce((a, b) => a + b, 0) / samples.length,
    p95Ms: samples[Math.floor(samples.length * 0.95) - 1]!,
    maxMs: samples[samples.length - 1]!,
  };
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lamsach-bench-campaigns-'));
  const handle = openDatabase(`sqlite:${path.join(dir, 'bench.db')}`);
  try {
    await migrateToLatest(handle);
    await ensureKinds(handle.db);
    const config = configSchema.parse({ logLevel: 'silent' });
    const services = createServices(config, handle);
    const { db } = handle;
    const now = new Date().toISOString();
    const seedStarted = performance.now();

    // The tree, inserted level by level with materialised paths.
    const insertOrg = async (
      trx: typeof db,
      code: string,
      name: string,
      kind: string,
      parent: { id: number; path: string } | null,
    ) => {
      const row = await trx
        .insertInto('organisations')
        .values({
          code,
          name,
          kind,
          parent_id: parent?.id ?? null,
          path: '',
          valid_from: null,
          valid_to: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const p = `${parent?.path ?? '/'}${row.id}/`;
      await trx.updateTable('organisations').set({ path: p }).where('id', '=', row.id).execute();
      return { id: row.id, path: p };
    };
    const all: { id: number; path: string; parentId: number | null; level: number }[] = [];
    const provinces: { id: number; path: string }[] = [];
    const national = await db.transaction().execute(async (trx) => {
      const top = await insertOrg(
        trx,
        'NCSC',
        'Trung tâm Giám sát an toàn không gian mạng quốc gia',
        'national_centre',
        null,
      );
      all.push({ ...top, parentId: null, level: 0 });
      for (let p = 0; p < PROVINCES; p++) {
        const province = await insertOrg(trx, `P${p}`, `Sở TTTT tỉnh ${p + 1}`, 'province', top);
        provinces.push(province);
        all.push({ ...province, parentId: top.id, level: 1 });
        for (let d = 0; d < DEPARTMENTS; d++) {
          const dept = await insertOrg(
            trx,
            `P${p}-D${d}`,
            `Sở ${d + 1} tỉnh ${p + 1}`,
            'department',
            province,
          );
          all.push({ ...dept, parentId: province.id, level: 2 });
          for (let u = 0; u < UNITS; u++) {
            const unit = await insertOrg(
              trx,
              `P${p}-D${d}-U${u}`,
              `Đơn vị ${u + 1}, sở ${d + 1}, tỉnh ${p + 1}`,
              'unit',
              dept,
            );
            all.push({ ...unit, parentId: dept.id, level: 3 });
          }
        }
      }
      return top;
    });
    const password = 'benchmark-password-123';
    const user = await db
      .insertInto('users')
      .values({
        organisation_id: national.id,
        username: 'bench-admin',
        display_name: 'Bench admin',
        email: null,
        password_hash: await hashPassword(password),
        must_change_password: 0,
        disabled: 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('user_roles').values({ user_id: user.id, role: 'administrator' }).execute();

    const ctx = await services.contextFor(operator('bench'), null);
    const campaign = await services.campaigns.create(
      ctx,
      campaignInput.parse({
        code: 'BENCH-2022',
        title: 'Chiến dịch làm sạch mã độc năm 2022',
        rootOrganisationId: national.id,
        templateCode: 'NCSC-2022-PROVINCIAL',
        startsOn: '2022-08-23',
        endsOn: '2022-12-31',
        nationalDeadline: '2022-09-28',
      }),
    );
    const template = shippedTemplates.find((t) => t.code === 'NCSC-2022-PROVINCIAL')!;
    const rows = all.filter((o) => o.id !== national.id);
    for (let i = 0; i < rows.length; i += 500) {
      await db
        .insertInto('campaign_forwardings')
        .values(
          rows.slice(i, i + 500).map((o, j) => ({
            campaign_id: campaign.id,
            organisation_id: o.id,
            from_organisation_id: o.parentId,
            deadline: ['2022-09-28', '2022-09-25', '2022-09-20', '2022-09-15'][o.level]!,
            note: '',
            forwarded_at: now,
            forwarded_by: 'bench',
            acknowledged_at: (i + j) % 10 < 8 ? now : null,
            acknowledged_by: null,
            deployed_at: (i + j) % 10 < 6 ? now : null,
            deployed_by: null,
          })),
        )
        .execute();
    }
    const reported = all.filter((_, i) => i % 10 < 6);
    for (let i = 0; i < reported.length; i += 200) {
      await db
        .insertInto('reports')
        .values(
          reported.slice(i, i + 200).map((o, j) => {
            const content = prefillContent(template, {
              'campaign.received': 1 + ((i + j) % 7),
              'campaign.deployed': (i + j) % 5,
            });
            content.texts.evaluation = 'Đã triển khai đầy đủ.';
            return {
              campaign_id: campaign.id,
              organisation_id: o.id,
              template_code: template.code,
              template_version: template.version,
              status: (i + j) % 3 === 0 ? 'accepted' : 'submitted',
              content_json: JSON.stringify(content),
              document_number: null,
              document_json: '{}',
              revision: 1,
              review_comment: null,
              created_at: now,
              updated_at: now,
              submitted_at: now,
              reviewed_at: null,
              reviewed_by: null,
            };
          }),
        )
        .execute();
    }
    const reportOf = async (organisationId: number) =>
      (
        await db
          .selectFrom('reports')
          .select('id')
          .where('organisation_id', '=', organisationId)
          .where('campaign_id', '=', campaign.id)
          .executeTakeFirstOrThrow()
      ).id;
    const nationalReport = await reportOf(national.id);
    const provinceReport = await reportOf(provinces[0]!.id);
    const seedMs = performance.now() - seedStarted;

    const app = await buildApp({ config, services, logger: false });
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'bench-admin', password },
    });
    const cookie = [login.headers['set-cookie']]
      .flat()
      .find((c) => c?.startsWith('lamsach_session='))!
      .split(';')[0]!;
    const get = async (url: string) => {
      const response = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (response.statusCode !== 200)
        throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
      return response;
    };
    const check = (await get(`/api/campaigns/${campaign.id}/status?depth=1`)).json<{
      totals: { organisations: number; reported: number };
      rows: unknown[];
    }>();
    if (check.totals.organisations !== all.length || check.rows.length !== PROVINCES + 1)
      throw new Error(`unexpected matrix: ${JSON.stringify(check.totals)}, ${check.rows.length} rows`);
    const rollup = (await get(`/api/reports/${nationalReport}`)).json<{ rollup: { perChild: unknown[] } }>();
    if (rollup.rollup.perChild.length === 0) throw new Error('unexpected roll-up: no provinces reported');

    const reference = await time(() =>
      db
        .selectFrom('organisations')
        .select(['id', 'parent_id', 'code', 'name', 'path'])
        .where('path', 'like', `${national.path}%`)
        .execute(),
    );
    const measured: [string, Timing][] = [
      [
        `status matrix, depth 1 (${all.length} organisations counted)`,
        await time(() => get(`/api/campaigns/${campaign.id}/status?depth=1`)),
      ],
      [
        `status matrix, every row (${all.length} rows)`,
        await time(() => get(`/api/campaigns/${campaign.id}/status?depth=3`)),
      ],
      [
        `national report with roll-up of ${PROVINCES} provinces`,
        await time(() => get(`/api/reports/${nationalReport}`)),
      ],
      [
        `province report with roll-up of ${DEPARTMENTS} departments`,
        await time(() => get(`/api/reports/${provinceReport}`)),
      ],
    ];
    await app.close();
    const ops = (t: Timing) => 1000 / t.meanMs;
    return measured.map(([name, t], i) => ({
      name,
      ours: { opsPerSec: ops(t) },
      reference: { name: 'subtree rows query', opsPerSec: ops(reference) },
      ratio: ops(t) / ops(reference),
      note:
        `mean ${t.meanMs.toFixed(1)} ms, p95 ${t.p95Ms.toFixed(1)} ms, max ${t.maxMs.toFixed(1)} ms over ${RUNS} requests ` +
        `(target < 200 ms: ${t.p95Ms < 200 ? 'met' : 'MISSED'})` +
        (i === 0
          ? `; seeding ${all.length} organisations, forwardings and ${reported.length} reports took ${(seedMs / 1000).toFixed(1)} s`
          : ''),
    }));
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
