/**
 * A blocklist end to end through the database: N indicators in a fresh SQLite file (inserted
 * directly, the import pipeline has its own benchmark), then the feed as a device gets it —
 * change version, count, keyset pages, own-network check, rendering — written to FILE. Prints one
 * JSON line with the times and the peak RSS.
 *
 *   npx tsx bench/blocklists-db-child.ts fortigate-ip 1000000 /tmp/out.txt
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { FeedService } from '../src/distribution/feed-service.js';
import { noFilters, type ListFormat } from '../src/distribution/model.js';

const [format = 'fortigate-ip', countText = '1000000', file = '/dev/null'] = process.argv.slice(2);
const count = Number(countText);
const dir = mkdtempSync(path.join(tmpdir(), 'lamsach-bench-db-'));
const handle = openDatabase(`sqlite:${path.join(dir, 'bench.db')}`);
try {
  await migrateToLatest(handle);
  const insertStarted = performance.now();
  const now = new Date().toISOString();
  const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const address = (i: number) => {
    const a = ((Math.imul(i + 1, 2654435761) >>> 0) % 0xd0000000) + 0x0b000000;
    return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
  };
  // Raw inserts in one transaction: this measures the list, not the importer.
  const { db } = handle;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i += 500) {
      await trx
        .insertInto('indicators')
        .values(
          Array.from({ length: Math.min(500, count - i) }, (_, k) => ({
            type: 'ipv4',
            value: address(i + k),
            exact_domain: 0,
            threat_type: 'c2',
            family: 'emotet',
            confidence: 50 + ((i + k) % 50),
            tags_json: '[]',
            first_seen: now,
            last_seen: now,
            expires_at: expires,
            source_count: 1,
            allowlist_reason: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
  const insertMs = performance.now() - insertStarted;
  const feeds = new FeedService(db);
  const started = performance.now();
  const feed = await feeds.prepare(
    {
      id: null,
      organisationId: null,
      name: 'bench',
      title: 'benchmark',
      format: format as ListFormat,
      filters: noFilters,
      maxEntries: count * 2,
      split: false,
      updatedAt: now,
      state: { version: null, hash: null, serial: null },
    },
    1,
  );
  const etagMs = performance.now() - started;
  const opened = await feed.open();
  await pipeline(Readable.from(opened.chunks), createWriteStream(file));
  const ms = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({ format, entries: opened.stats.written, insertMs, etagMs, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
} finally {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
}
