/**
 * `serve --demo` on a fresh database: the demo data goes in through the services (validated and
 * audited as the seed operator), and on the now non-empty database the same step adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKinds, operator } from '../../src/app/bootstrap.js';
import { loadDemoOnEmptyDatabase, type DemoSummary } from '../../src/app/demo.js';
import { demoHostChanges } from '../../src/app/demo-data.js';
import { createServices, type Services } from '../../src/app/services.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { RequestContext } from '../../src/server/context.js';
import { backends } from '../support/backends.js';
import { testConfig } from '../support/harness.js';

const tables = [
  'organisations',
  'feed_sources',
  'feed_runs',
  'indicators',
  'campaigns',
  'campaign_forwardings',
  'observations',
  'hosts',
  'host_transitions',
  'reports',
  'audit_log',
] as const;

async function rowCounts(services: Services): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await services.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `demo data on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let services: Services;
      let dispose: () => Promise<void>;
      let ctx: RequestContext;
      let demo: DemoSummary;
      let campaignId: number;

      beforeAll(async () => {
        const opened = await backend.open();
        dispose = opened.dispose;
        await migrateToLatest(opened.handle);
        await ensureKinds(opened.handle.db);
        services = createServices(testConfig(), opened.handle);
        await services.intel.allowlists.ensureShipped();
        const loaded = await loadDemoOnEmptyDatabase(services);
        if (!loaded) throw new Error('the demo was not loaded on an empty database');
        demo = loaded.demo;
        ctx = await services.contextFor(operator('test'), null);
        const campaign = (await services.campaigns.list(ctx)).find((c) => c.code === demo.campaign);
        if (!campaign) throw new Error(`campaign ${demo.campaign} not found`);
        campaignId = campaign.id;
      });
      afterAll(async () => dispose?.());

      it('imports every demo indicator as active: none allowlisted or rejected', async () => {
        const listed = await services.intel.indicators.search({ source: 'minh-hoa', limit: 100, offset: 0 });
        expect(listed.total).toBe(32);
        expect(demo.indicators).toBe(32);
        expect(new Set(listed.items.map((i) => i.status))).toEqual(new Set(['active']));
        expect(new Set(listed.items.map((i) => i.type))).toEqual(new Set(['domain', 'url']));
        const check = await services.intel.indicators.check('cnc.demo-botnet.test');
        expect(check.matches.length).toBeGreaterThan(0);
      });

      it('creates the campaign from the national centre with its letter, forwarded down the tree', async () => {
        const detail = await services.campaigns.detail(ctx, campaignId);
        expect(detail.title).toBe('Chiến dịch làm sạch mã độc (dữ liệu minh hoạ)');
        expect(detail.rootOrganisation.name).toBe('Trung tâm Giám sát an toàn không gian mạng quốc gia');
        expect(detail.letters).toHaveLength(1);
        expect(detail.startsOn < detail.nationalDeadline).toBe(true);
        expect(detail.children.filter((c) => c.received).map((c) => c.code)).toEqual(
          expect.arrayContaining(['BKHCN', '75', '31', '08', 'AGRIBANK', 'VNPOST']),
        );

        const matrix = await services.campaigns.status(ctx, campaignId, { depth: 5 });
        expect(matrix.rows.length).toBeGreaterThan(10);
        expect(matrix.totals).toMatchObject({ received: 15, acknowledged: 10, deployed: 4, overdue: 1 });
        const byCode = new Map(matrix.rows.map((r) => [r.code, r]));
        expect(byCode.get('08')).toMatchObject({ received: true, acknowledged: true, overdue: true });
        expect(byCode.get('DN.SYT.BVDK')).toMatchObject({ deployed: true, reportStatus: 'draft' });
        expect(byCode.get('DN.SYT.BVNHI')).toMatchObject({ acknowledged: true, deployed: false });
        expect(byCode.get('BKHCN.VNLNT')).toMatchObject({ received: true, acknowledged: false });
      });

      it('creates infected hosts in the demo organisations with the statuses set after them', async () => {
        const root = await services.organisations.findByCode('NCSC', null);
        const hosts = await services.hosts.service.list(ctx, root.id, { limit: 100, offset: 0 });
        expect(hosts.total).toBe(12);
        expect(demo.hosts).toBe(12);
        const status = new Map(hosts.items.map((h) => [h.address, h.status]));
        for (const change of demoHostChanges) expect(status.get(change.ip)).toBe(change.statuses.at(-1));
        expect(hosts.items.filter((h) => h.status === 'new')).toHaveLength(12 - demoHostChanges.length);
        const owner = new Map(hosts.items.map((h) => [h.address, h.organisation.code]));
        expect(owner.get('198.51.100.66')).toBe('DN.SYT.BVDK');
        expect(owner.get('203.0.113.70')).toBe('HP.CHILINH');
      });

      it('starts a draft report of the hospital, pre-filled from its hosts', async () => {
        const reports = await services.reports.list(ctx, campaignId);
        expect(reports).toHaveLength(1);
        const report = await services.reports.detail(ctx, reports[0]!.id);
        expect(report.status).toBe('draft');
        expect(report.content.figures.malware_found?.value).toBe(3);
        expect(report.content.figures.malware_handled?.value).toBe(1);
        expect(report.content.figures.computers_checked?.value).toBe(184);
      });

      it('audits every step as the seed operator', async () => {
        const rows = await services.database.db
          .selectFrom('audit_log')
          .select(['action', 'actor_label'])
          .where('actor_label', '=', 'seed')
          .execute();
        const count = (action: string) => rows.filter((r) => r.action === action).length;
        expect(count('feed-source.create')).toBe(1);
        expect(count('feed.import')).toBe(1);
        expect(count('campaign.create')).toBe(1);
        expect(count('campaign.forward')).toBe(6);
        expect(count('campaign.acknowledge') + count('campaign.deploy')).toBe(9);
        expect(count('observations.import')).toBe(1);
        // each host's arrival as "new", then the changes people would have made
        expect(count('host.status')).toBe(demo.hosts + demo.statusChanges);
        expect(count('host.note')).toBe(2);
        expect(count('report.create')).toBe(1);
        expect(count('report.update')).toBe(1);
      });

      it('adds nothing when run again on the now non-empty database', async () => {
        const before = await rowCounts(services);
        expect(await loadDemoOnEmptyDatabase(services)).toBeNull();
        expect(await rowCounts(services)).toEqual(before);
      });
    },
  );
}
