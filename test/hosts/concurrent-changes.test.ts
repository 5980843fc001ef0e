/**
 * Two people changing the status of the same host at the same moment: each transition must start
 * from the status the previous one ended in, so the history stays one chain and no change is lost
 * silently — on PostgreSQL the second writer finds the status changed and is refused; SQLite
 * serialises writers, so the second one reads the first one's result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import { backends } from '../support/backends.js';
import { createHarness, type Harness } from '../support/harness.js';
import { observation } from './support.js';

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `concurrent host changes on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      beforeAll(async () => {
        h = await createHarness(backend);
      });
      afterAll(async () => h?.close());

      it('keeps the status history one chain when two changes race', async () => {
        const ctx = await h.services.contextFor(operator('test'), null);
        await h.services.hosts.importer.importParsed(
          ctx,
          {
            reportType: 'shadowserver:event4_sinkhole',
            records: Array.from({ length: 10 }, (_, k) =>
              observation(`10.1.8.${k + 1}`, '2026-10-01T08:00:00.000Z'),
            ),
            rejected: [],
          },
          { fileName: 'report.csv', trigger: 'cli' },
        );
        const hosts = await h.services.database.db
          .selectFrom('hosts')
          .select(['id'])
          .where('address', 'like', '10.1.8.%')
          .execute();
        expect(hosts).toHaveLength(10);
        const targets = ['notified', 'being-cleaned', 'cleaned'] as const;
        for (const { id } of hosts) {
          const results = await Promise.allSettled(
            targets.map((status) => h.services.hosts.service.change(ctx, [id], { status })),
          );
          for (const r of results) {
            if (r.status === 'rejected') {
              expect((r.reason as { code?: string }).code).toMatch(
                /^(changed_meanwhile|invalid_transition)$/,
              );
            }
          }
          const chain = await h.services.database.db
            .selectFrom('host_transitions')
            .select(['from_status', 'to_status'])
            .where('host_id', '=', id)
            .orderBy('id')
            .execute();
          // every transition starts where the one before it ended
          for (let k = 1; k < chain.length; k++) expect(chain[k]!.from_status).toBe(chain[k - 1]!.to_status);
          const host = await h.services.database.db
            .selectFrom('hosts')
            .select('status')
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
          expect(host.status).toBe(chain[chain.length - 1]!.to_status);
        }
      });
    },
  );
}
