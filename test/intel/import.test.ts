/**
 * Feed imports end to end on both databases: counts anyone can read, per-source ageing, the shrink
 * guard, allowlists, corroboration, rejected lines, and `check` explaining a match.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import type { RequestContext } from '../../src/server/context.js';
import { feedSourceInput } from '../../src/intel/feed-source-service.js';
import { FeedImportService, type ImportRequest } from '../../src/intel/import/feed-import-service.js';
import { IndicatorService } from '../../src/intel/indicator-service.js';
import { backends } from '../support/backends.js';
import { createHarness, type Harness } from '../support/harness.js';

async function* linesFrom(text: string): AsyncGenerator<string> {
  yield* text.split('\n');
}

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `feed imports on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      let ctx: RequestContext;
      const day = 86_400_000;
      const start = Date.parse('2026-01-01T00:00:00Z');
      let clock = new Date(start);
      let indicators: IndicatorService;
      let importer: FeedImportService;
      const run = (source: string, text: string, extra: Partial<ImportRequest> = {}) =>
        importer.run(ctx, { source, lines: linesFrom(text), format: 'plain', trigger: 'cli', ...extra });
      const count = async (table: 'indicators' | 'indicator_sources' | 'feed_runs') =>
        Number(
          (
            await h.services.database.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );

      beforeAll(async () => {
        h = await createHarness(backend);
        ctx = await h.services.contextFor(operator('test'), null);
        indicators = new IndicatorService(h.services.database.db, h.services.intel.allowlists, () => clock);
        importer = new FeedImportService(
          h.services.database.db,
          h.services.authz,
          h.services.intel.sources,
          h.services.intel.allowlists,
          () => clock,
        );
        await h.services.intel.sources.create(
          ctx,
          feedSourceInput.parse({ name: 'campaign', title: 'Chiến dịch 2022', tags: ['Chiến-dịch-2022'] }),
        );
        for (const [name, expiryDays] of [
          ['alpha', 7],
          ['beta', 30],
          ['shrinking', 30],
        ] as const) {
          await h.services.intel.sources.create(
            ctx,
            feedSourceInput.parse({
              name,
              title: name,
              expiryDays,
              defaultThreatType: 'c2',
              defaultFamily: 'Emotet',
            }),
          );
        }
      });
      afterAll(async () => h?.close());

      it('adds, keeps, and ages out indicators by the source policy', async () => {
        const first = await run(
          'alpha',
          '# alpha list\n203.0.113.10\nEvil.Example.\n198.51.100.0/24\nhxxp://bad.example/x.exe\n',
        );
        expect(first).toMatchObject({
          status: 'applied',
          added: 4,
          updated: 0,
          unchanged: 0,
          delisted: 0,
          rejected: 0,
          distinct: 4,
        });
        const again = await run(
          'alpha',
          '203.0.113.10\nevil.example\n198.51.100.0/24\nhttp://bad.example/x.exe\n',
        );
        expect(again).toMatchObject({ added: 0, unchanged: 4, delisted: 0 });
        clock = new Date(start + day);
        const smaller = await run('alpha', '203.0.113.10\nevil.example\n198.51.100.0/24\n');
        expect(smaller).toMatchObject({ added: 0, unchanged: 3, delisted: 1 });
        // Delisted but not gone: still active until the 7-day policy runs out.
        const url = (await indicators.search({ q: 'bad.example', limit: 5, offset: 0 })).items[0]!;
        expect(url).toMatchObject({
          type: 'url',
          value: 'http://bad.example/x.exe',
          status: 'active',
          family: 'emotet',
          threatType: 'c2',
        });
        clock = new Date(start + 9 * day);
        const later = await run('alpha', '203.0.113.10\nevil.example\n198.51.100.0/24\n');
        expect(later.expired).toBe(1);
        const expired = await indicators.detail(url.id);
        expect(expired.status).not.toBe('active');
        expect(expired.sources[0]).toMatchObject({ source: 'alpha', listed: false });
      });

      it('tags every indicator of a source with the source tags (e.g. the campaign)', async () => {
        await run('campaign', 'campaign.tagged.example\n');
        const found = await indicators.search({ q: 'campaign.tagged', limit: 5, offset: 0 });
        expect(found.items[0]?.tags).toEqual(['chiến-dịch-2022']);
      });

      it('rejects bad lines with their numbers and imports the rest', async () => {
        const report = await run('beta', '203.0.113.10\n10.0.0.1/8\nnot a thing at all\nsecond.example\n');
        expect(report.status).toBe('applied');
        expect(report.rejected).toBe(2);
        expect(report.rejections.map((r) => r.line)).toEqual([2, 3]);
        expect(report.rejections[0]!.reason).toMatch(/host bits/);
        expect(report.added).toBe(1 + 1);
      });

      it('counts corroborating sources and explains matches', async () => {
        const ip = (await indicators.search({ q: '203.0.113.10', limit: 5, offset: 0 })).items[0]!;
        expect(ip.sourceCount).toBe(2);
        const sub = await indicators.check('a.b.Evil.example');
        expect(sub.verdict).toBe('listed');
        expect(sub.matches[0]).toMatchObject({ how: 'parent-domain', matched: 'evil.example' });
        expect(sub.matches[0]!.explanation).toMatch(
          /a\.b\.evil\.example is a subdomain of the listed domain evil\.example; listed by alpha/,
        );
        const inside = await indicators.check('198.51.100.77');
        expect(inside.matches[0]).toMatchObject({ how: 'inside-cidr', matched: '198.51.100.0/24' });
        const clean = await indicators.check('good.example');
        expect(clean.verdict).toBe('not-listed');
        await expect(indicators.check('300.1.2.3/99')).rejects.toMatchObject({ status: 400 });
      });

      it('keeps allowlisted indicators, marked with the reason, out of matching', async () => {
        const report = await run('beta', '203.0.113.10\nsecond.example\n8.8.8.8\n10.1.2.3\n');
        expect(report.allowlisted).toBe(2);
        const resolver = await indicators.check('8.8.8.8');
        expect(resolver.verdict).toBe('allowlisted');
        expect(resolver.matches[0]!.indicator.allowlistReason).toMatch(/8\.8\.8\.8/);
        // 10.1.2.3 is inside the fixture organisations' own range: never distributed, never matched.
        const own = await indicators.check('10.1.2.3');
        expect(own.verdict).toBe('allowlisted');
        expect(own.matches[0]!.indicator.allowlistReason).toMatch(/FX-CHILD-m9|own|10\.1\.2\.0\/24/);
      });

      it('holds a download that shrank by more than half until confirmed', async () => {
        const many = Array.from({ length: 40 }, (_, i) => `192.0.2.${i + 1}`).join('\n');
        expect((await run('shrinking', many)).added).toBe(40);
        const before = await count('indicator_sources');
        const held = await run('shrinking', '192.0.2.1\n192.0.2.2\n');
        expect(held.status).toBe('held');
        expect(held.message).toMatch(/less than half/);
        expect(await count('indicator_sources')).toBe(before);
        expect((await h.services.intel.sources.get(ctx, 'shrinking')).lastStatus).toBe('held');
        const confirmed = await run('shrinking', '192.0.2.1\n192.0.2.2\n', { confirmShrink: true });
        expect(confirmed).toMatchObject({ status: 'applied', delisted: 38, unchanged: 2 });
      });

      it('refuses a file whose format it cannot tell, and changes nothing', async () => {
        const indicators = await count('indicators');
        await expect(
          importer.run(ctx, { source: 'beta', lines: linesFrom('\u0000\u0001 ??? \n'), trigger: 'cli' }),
        ).rejects.toMatchObject({ status: 400 });
        expect(await count('indicators')).toBe(indicators);
        const runs = await h.services.intel.sources.runs(ctx, 'beta', 1);
        expect(runs[0]).toMatchObject({ status: 'failed' });
      });

      it('lets only national administrators import', async () => {
        const province = await h.services.contextFor(
          {
            type: 'user',
            userId: 0,
            username: 'p',
            organisationId: h.orgId.owner,
            roles: new Set(['administrator']),
            mustChangePassword: false,
          },
          null,
        );
        await expect(
          importer.run(province, {
            source: 'beta',
            lines: linesFrom('203.0.113.99'),
            format: 'plain',
            trigger: 'cli',
          }),
        ).rejects.toMatchObject({ status: 403 });
      });
    },
  );
}
