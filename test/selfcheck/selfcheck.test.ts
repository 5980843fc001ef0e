/** The public self-check and statistics over HTTP on both databases. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import { configSchema } from '../../src/config/config.js';
import type { PublicCheckResult, PublicStats } from '../../src/selfcheck/selfcheck-service.js';
import { call } from '../support/api.js';
import { backends } from '../support/backends.js';
import { createHarness, login, type Harness } from '../support/harness.js';
import { observation } from '../hosts/support.js';

const chrome120 =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `public self-check on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      beforeAll(async () => {
        h = await createHarness(backend, {
          trustProxy: '127.0.0.1',
          selfcheck: { ...configSchema.parse({}).selfcheck, maxRequests: 4 },
        });
        const ctx = await h.services.contextFor(operator('test'), null);
        const recent = new Date(Date.now() - 2 * 86_400_000).toISOString();
        const older = new Date(Date.now() - 5 * 86_400_000).toISOString();
        await h.services.hosts.importer.importParsed(
          ctx,
          {
            reportType: 'test',
            records: [
              observation('203.0.113.7', older),
              observation('203.0.113.7', recent, { port: 2 }),
              observation('10.1.3.3', recent, { family: 'conficker' }),
              observation('10.2.3.3', recent, { family: 'conficker' }),
            ],
            rejected: [],
          },
          { fileName: 'x.csv', trigger: 'cli' },
        );
      });
      afterAll(async () => h?.close());

      const check = (ip: string, query = '', headers: Record<string, string> = {}) =>
        h.app.inject({
          method: 'GET',
          url: `/api/public/check${query}`,
          headers: { 'x-forwarded-for': ip, 'user-agent': chrome120, ...headers },
        });

      it('tells the visitor behind the trusted proxy about its own address, in both languages', async () => {
        const response = await check('203.0.113.7', '', {
          'sec-ch-ua-platform': '"Windows"',
          'sec-ch-ua-platform-version': '"10.0.0"',
        });
        expect(response.statusCode).toBe(200);
        expect(response.headers['cache-control']).toBe('no-store');
        const body = response.json<PublicCheckResult>();
        expect(body.ip).toBe('203.0.113.7');
        expect(body.listed).toBe(true);
        expect(body.findings).toHaveLength(1);
        expect(body.findings[0]).toMatchObject({ family: 'mirai', sightings: 2 });
        expect(body.findings[0]!.firstSeen < body.findings[0]!.lastSeen).toBe(true);
        expect(body.findings[0]!.info?.descriptionVi).toContain('IoT');
        expect(body.findings[0]!.info?.cleanupEn).toContain('password');
        expect(body.tools.length).toBeGreaterThan(0);
        expect(body.browser).toMatchObject({ product: 'chrome', verdict: 'outdated' });
        expect(body.os).toMatchObject({ product: 'windows', version: '10', verdict: 'outdated' });
      });

      it('never answers about another address, whatever the query says', async () => {
        const body = (
          await check('198.51.100.200', '?ip=203.0.113.7&value=203.0.113.7')
        ).json<PublicCheckResult>();
        expect(body).toMatchObject({ ip: '198.51.100.200', listed: false, findings: [] });
        expect(JSON.stringify(body)).not.toContain('203.0.113.7');
      });

      it('limits the checks per address', async () => {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await check('192.0.2.55')).statusCode);
        expect(statuses).toEqual([200, 200, 200, 200, 429]);
        const limited = await check('192.0.2.55');
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        expect((await check('192.0.2.56')).statusCode).toBe(200);
      });

      it('publishes aggregates by province, family and day, never addresses', async () => {
        const response = await h.app.inject({ method: 'GET', url: '/api/public/stats' });
        const stats = response.json<PublicStats>();
        expect(stats.total).toBe(3);
        expect(stats.provinces.map((p) => [p.code, p.listed])).toEqual([
          ['FX-OWNER-k3', 1],
          ['FX-SIBLING-z4', 1],
        ]);
        expect(stats.families).toEqual([
          { family: 'conficker', listed: 2 },
          { family: 'mirai', listed: 1 },
        ]);
        expect(stats.days.reduce((n, d) => n + d.listed, 0)).toBe(4);
        expect(response.body).not.toMatch(/\d+\.\d+\.\d+\.\d+/);
      });

      it('lets national administrators edit the reference tables, audited', async () => {
        const national = await login(h.app, 'root-administrator');
        const province = await login(h.app, 'owner-administrator');
        const version = {
          label: 'Google Chrome',
          kind: 'browser',
          currentVersion: '121',
          minimumVersion: '118',
        };
        expect((await call(h, province, 'PUT', '/api/selfcheck/versions/chrome', version)).statusCode).toBe(
          403,
        );
        expect((await call(h, national, 'PUT', '/api/selfcheck/versions/chrome', version)).statusCode).toBe(
          200,
        );
        const bad = await call(h, national, 'PUT', '/api/selfcheck/versions/chrome', {
          ...version,
          currentVersion: 'latest',
        });
        expect(bad.statusCode).toBe(400);
        expect(bad.body).toContain('currentVersion');
        const body = (await check('192.0.2.77')).json<PublicCheckResult>();
        expect(body.browser).toMatchObject({ verdict: 'current', currentVersion: '121' });
        const audit = await h.services.database.db
          .selectFrom('audit_log')
          .select('action')
          .where('action', '=', 'selfcheck.version.save')
          .execute();
        expect(audit).toHaveLength(1);
      });
    },
  );
}
