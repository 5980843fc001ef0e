/**
 * Blocklist rendering: 1 000 000 entries per format, each rendered in its own process (so the peak
 * RSS is the renderer's own) from a source that delivers pages as the database does, written to a
 * file; next to it, `cat` of that same file in the same run. A second run with a tenth of the
 * entries shows the memory does not grow with the list.
 *
 *   npx tsx bench/run.ts blocklists
 *   LAMSACH_BENCH_ENTRIES=2000000 npx tsx bench/run.ts blocklists
 *
 * The last row is the whole path a device request takes on SQLite (change version, count, keyset
 * pages, rendering) for LAMSACH_BENCH_DB_ENTRIES indicators (default 1 000 000).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './types.js';

const ENTRIES = Number(process.env.LAMSACH_BENCH_ENTRIES ?? 1_000_000);
const DB_ENTRIES = Number(process.env.LAMSACH_BENCH_DB_ENTRIES ?? 1_000_000);
const formats = [
  'fortigate-ip',
  'paloalto-ip',
  'mikrotik',
  'nftables',
  'rpz',
  'suricata-rules',
  'zeek-intel',
  'csv',
  'stix',
];
const here = path.dirname(fileURLToPath(import.meta.url));
const tsx = path.resolve(here, '../node_modules/.bin/tsx');

interface ChildResult {
  format: string;
  entries: number;
  ms: number;
  bytes: number;
  maxRssMB: number;
}

function renderIn(format: string, count: number, file: string): ChildResult {
  const child = spawnSync(tsx, [path.join(here, 'blocklists-child.ts'), format, String(count), file], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`rendering ${format} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as ChildResult;
}

function catMs(file: string): number {
  const started = performance.now();
  const child = spawnSync('sh', ['-c', `cat "${file}" > /dev/null`]);
  if (child.status !== 0) throw new Error('cat failed');
  return performance.now() - started;
}

const mbps = (bytes: number, ms: number) => (bytes / 1024 / 1024 / (ms / 1000)).toFixed(0);

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lamsach-bench-lists-'));
  const results: BenchResult[] = [];
  try {
    for (const format of formats) {
      const file = path.join(dir, `${format}.out`);
      const big = renderIn(format, ENTRIES, file);
      const small = renderIn(format, Math.round(ENTRIES / 10), path.join(dir, `${format}.small`));
      const bytes = statSync(file).size;
      // the best of three: a spawned cat is dominated by process start on small files
      const cat = Math.min(catMs(file), catMs(file), catMs(file));
      results.push({
        name: `${format}, ${ENTRIES.toLocaleString('en')} entries`,
        ours: { opsPerSec: (big.entries / big.ms) * 1000 },
        reference: { name: 'cat of the same file', opsPerSec: (big.entries / cat) * 1000 },
        ratio: cat / big.ms,
        note:
          `${big.ms.toFixed(0)} ms, ${(bytes / 1024 / 1024).toFixed(1)} MB at ${mbps(bytes, big.ms)} MB/s, ` +
          `peak RSS ${big.maxRssMB.toFixed(0)} MB (${small.maxRssMB.toFixed(0)} MB for a tenth of the entries); ` +
          `cat: ${cat.toFixed(0)} ms, ${mbps(bytes, cat)} MB/s`,
      });
    }
    const file = path.join(dir, 'db.out');
    const child = spawnSync(
      tsx,
      [path.join(here, 'blocklists-db-child.ts'), 'fortigate-ip', String(DB_ENTRIES), file],
      {
        encoding: 'utf8',
      },
    );
    if (child.status !== 0) throw new Error(`database rendering failed: ${child.stderr}`);
    const db = JSON.parse(child.stdout.trim().split('\n').pop()!) as ChildResult & { etagMs: number };
    const bytes = statSync(file).size;
    const cat = Math.min(catMs(file), catMs(file), catMs(file));
    results.push({
      name: `fortigate-ip from SQLite, ${DB_ENTRIES.toLocaleString('en')} indicators`,
      ours: { opsPerSec: (db.entries / db.ms) * 1000 },
      reference: { name: 'cat of the same file', opsPerSec: (db.entries / cat) * 1000 },
      ratio: cat / db.ms,
      note:
        `ETag ${db.etagMs.toFixed(1)} ms; full list ${db.ms.toFixed(0)} ms at ${mbps(bytes, db.ms)} MB/s, ` +
        `peak RSS ${db.maxRssMB.toFixed(0)} MB (the insert phase included); cat: ${cat.toFixed(0)} ms`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
