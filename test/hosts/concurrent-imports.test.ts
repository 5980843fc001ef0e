/**
 * Imports that report the same new infected addresses at the same moment: on PostgreSQL each finds
 * no host and inserts it, and the unique key refuses all but one; and each recomputes the counts of
 * a host another import is changing. Every import must succeed, with one host per address holding
 * every observation (SQLite serialises writers, so it checks the same end state).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import { backends } from '../support/backends.js';
import { createHarness, type Harness } from '../support/harness.js';
import { observation } from './support.js';

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `concurrent imports on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      beforeAll(async () => {
        h = await createHarness(backend);
      });
      afterAll(async () => h?.close());

      it('creates one host per address several imports report at once, and loses no observation', async () => {
        const ctx = await h.services.contextFor(operator('test'), null);
        const importAt = (minute: number) =>
          h.services.hosts.importer.importParsed(
            ctx,
            {
              reportType: 'shadowserver:event4_sinkhole',
              records: Array.from({ length: 20 }, (_, k) =>
                observation(`10.1.9.${k + 1}`, new Date(Date.UTC(2026, 9, 1, 8, minute)).toISOString()),
              ),
              rejected: [],
            },
            { fileName: `report-${minute}.csv`, trigger: 'cli' },
          );
        const reports = await Promise.all([importAt(1), importAt(2), importAt(3)]);
        expect(reports.map((r) => r.inserted)).toEqual([20, 20, 20]);
        const hosts = await h.services.database.db
          .selectFrom('hosts')
          .select(['address', 'observation_count'])
          .where('address', 'like', '10.1.9.%')
          .execute();
        expect(hosts).toHaveLength(20);
        expect(hosts.filter((host) => host.observation_count !== 3)).toEqual([]);
      });
    },
  );
}
