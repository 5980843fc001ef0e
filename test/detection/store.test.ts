/**
 * Scanning against the database's indicators and storing detections, on both databases: only
 * active, not allowlisted indicators load (with their sources); stored detections are idempotent,
 * audited, and refused to someone who may not edit the organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import type { UserActor } from '../../src/authz/actor.js';
import { DetectionStore, detectionRow } from '../../src/detection/detection-store.js';
import { matcherFromDatabase } from '../../src/detection/indicator-loader.js';
import type { Detection } from '../../src/detection/matcher.js';
import type { LogFormatDefinition } from '../../src/detection/model.js';
import { scanLines } from '../../src/detection/scan.js';
import { feedSourceInput } from '../../src/intel/feed-source-service.js';
import type { RequestContext } from '../../src/server/context.js';
import { backends } from '../support/backends.js';
import { createHarness, type Harness } from '../support/harness.js';

/** `client name` per line. */
const testFormat: LogFormatDefinition = {
  id: 'test-dns',
  title: 'test',
  detect: (line) => (/^\d+\.\d+\.\d+\.\d+ \S+$/.test(line) ? 1 : 0),
  parse(line) {
    const [client, name] = line.split(' ');
    return client && name
      ? { format: 'test-dns', time: '2026-01-05T00:00:00.000Z', sourceIp: client, dnsQuestionName: name }
      : null;
  },
};

async function* linesFrom(text: string): AsyncGenerator<string> {
  yield* text.split('\n');
}

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `detections on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      let ctx: RequestContext;
      const detections: Detection[] = [];

      beforeAll(async () => {
        h = await createHarness(backend);
        ctx = await h.services.contextFor(operator('test'), null);
        await h.services.intel.sources.create(
          ctx,
          feedSourceInput.parse({
            name: 'testfeed',
            title: 'test feed',
            defaultFamily: 'testbot',
            defaultThreatType: 'c2',
          }),
        );
        await h.services.intel.importer.run(ctx, {
          source: 'testfeed',
          lines: linesFrom('evil.example\nc2.example\ngoogle.com\n45.9.148.77\n'),
          format: 'plain',
          trigger: 'cli',
        });
        // One indicator expired yesterday: it must not load.
        await h.services.database.db
          .updateTable('indicators')
          .set({ expires_at: new Date(Date.now() - 86_400_000).toISOString() })
          .where('value', '=', 'c2.example')
          .execute();
        const matcher = await matcherFromDatabase(h.services.database.db, { validity: 'ignore' });
        expect(matcher.stats).toMatchObject({ loaded: 2, domains: 1, addresses: 1 });
        const lines =
          '10.1.0.5 www.evil.example\n10.1.0.6 c2.example\n10.1.0.7 google.com\n10.1.0.8 evil.example';
        for await (const d of scanLines(linesFrom(lines), {
          matcher,
          formats: [testFormat],
          file: 'dns.log',
        }))
          detections.push(d);
      });
      afterAll(async () => h?.close());

      it('matched only the active, not allowlisted indicators, with their source', () => {
        expect(
          detections.map((d) => [d.internalHost, d.how, d.matched, d.indicator.sources, d.indicator.family]),
        ).toEqual([
          ['10.1.0.5', 'parent-domain', 'evil.example', ['testfeed'], 'testbot'],
          ['10.1.0.8', 'exact', 'evil.example', ['testfeed'], 'testbot'],
        ]);
      });

      it('stores detections once, however often the scan is stored, with an audit row each time', async () => {
        const store = new DetectionStore(h.services.database.db, h.services.authz);
        const org = await store.organisationByCode(ctx, 'FX-OWNER-k3');
        const rows = detections.map((d) => detectionRow(d, org.id));
        expect(await store.store(ctx, org.id, rows, { files: ['dns.log'] })).toEqual({
          organisation: 'FX-OWNER-k3',
          inserted: 2,
          duplicates: 0,
        });
        expect(await store.store(ctx, org.id, rows)).toEqual({
          organisation: 'FX-OWNER-k3',
          inserted: 0,
          duplicates: 2,
        });
        const stored = await h.services.database.db
          .selectFrom('detections')
          .selectAll()
          .orderBy('id')
          .execute();
        expect(
          stored.map((r) => [
            r.organisation_id,
            r.internal_host,
            r.dns_question_name,
            r.indicator_value,
            r.how,
            r.log_format,
            r.event_time,
            r.raw_line,
          ]),
        ).toEqual([
          [
            org.id,
            '10.1.0.5',
            'www.evil.example',
            'evil.example',
            'parent-domain',
            'test-dns',
            '2026-01-05T00:00:00.000Z',
            '10.1.0.5 www.evil.example',
          ],
          [
            org.id,
            '10.1.0.8',
            'evil.example',
            'evil.example',
            'exact',
            'test-dns',
            '2026-01-05T00:00:00.000Z',
            '10.1.0.8 evil.example',
          ],
        ]);
        expect(Number(stored[0]!.indicator_id)).toBe(detections[0]!.indicator.id);
        const audits = await h.services.database.db
          .selectFrom('audit_log')
          .select(['action', 'after_json'])
          .where('action', '=', 'detection.store')
          .execute();
        expect(audits.map((a) => JSON.parse(a.after_json!) as unknown)).toEqual([
          { files: ['dns.log'], inserted: 2, duplicates: 0 },
          { inserted: 0, duplicates: 2 },
        ]);
      });

      it('refuses a viewer of the organisation', async () => {
        const viewer = await h.services.database.db
          .selectFrom('users')
          .select(['id', 'organisation_id'])
          .where('username', '=', 'owner-viewer')
          .executeTakeFirstOrThrow();
        const actor: UserActor = {
          type: 'user',
          userId: viewer.id,
          username: 'owner-viewer',
          organisationId: viewer.organisation_id,
          roles: new Set(['viewer']),
          mustChangePassword: false,
        };
        const viewerCtx = await h.services.contextFor(actor, null);
        const store = new DetectionStore(h.services.database.db, h.services.authz);
        await expect(store.organisationByCode(viewerCtx, 'FX-OWNER-k3')).rejects.toThrow(/may not edit/);
      });

      it('cleans what PostgreSQL would refuse and cuts the raw line to 2 KB', () => {
        const d = {
          ...detections[0]!,
          origin: { file: 'x', line: 1, raw: `a\u0000${'b'.repeat(5000)}` },
          event: { ...detections[0]!.event, device: 'fw\u0000' },
        };
        const row = detectionRow(d, 1);
        expect(row.raw_line).toHaveLength(2048);
        expect(row.raw_line!.startsWith('a\ufffdb')).toBe(true);
        expect(row.device).toBe('fw\ufffd');
        expect(row.dedupe_key).toMatch(/^[0-9a-f]{64}$/);
        expect(detectionRow(d, 2).dedupe_key).not.toBe(row.dedupe_key);
      });
    },
  );
}
