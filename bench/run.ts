/**
 * Runs the benchmark modules and prints one table.
 *
 *   npx tsx bench/run.ts                # all benchmarks
 *   npx tsx bench/run.ts owner-lookup   # only the named ones (owner-lookup, feed-import, scan, blocklists, campaigns, selfcheck)
 */

import { run as blocklists } from './blocklists.js';
import { run as campaigns } from './campaigns.js';
import { run as feedImport } from './feed-import.js';
import { run as sensor } from './sensor.js';
import { run as ownerLookup } from './owner-lookup.js';
import { run as scan } from './scan.js';
import { run as selfcheck } from './selfcheck.js';
import type { BenchResult } from './types.js';

interface BenchModule {
  name: string;
  run: () => Promise<BenchResult[]>;
}

const benchmarks: BenchModule[] = [
  { name: 'sensor', run: sensor },
  { name: 'owner-lookup', run: ownerLookup },
  { name: 'blocklists', run: blocklists },
  { name: 'feed-import', run: feedImport },
  { name: 'scan', run: scan },
  { name: 'campaigns', run: campaigns },
  { name: 'selfcheck', run: selfcheck },
];

function formatOps(opsPerSec: number): string {
  return Math.round(opsPerSec).toLocaleString('en');
}

function formatMicros(opsPerSec: number): string {
  const us = 1e6 / opsPerSec;
  return us >= 100 ? us.toFixed(0) : us >= 1 ? us.toFixed(2) : us.toFixed(3);
}

function formatRatio(ratio: number): string {
  if (ratio >= 10) return `${ratio.toFixed(0)}×`;
  // Far slower than the reference (a spawned `wc -l`, say): two significant digits, not 0.00×.
  return ratio >= 0.01 ? `${ratio.toFixed(2)}×` : `${ratio.toPrecision(2)}×`;
}

function printTable(rows: { bench: string; result: BenchResult }[]): void {
  const header = [
    'name',
    'ours ops/s',
    'reference',
    'reference ops/s',
    'ratio',
    'ours µs/op',
    'reference µs/op',
  ];
  const numeric = [false, true, false, true, true, true, true];
  const cells = rows.map(({ bench, result }) => [
    `${bench}: ${result.name}`,
    formatOps(result.ours.opsPerSec),
    result.reference.name,
    formatOps(result.reference.opsPerSec),
    formatRatio(result.ratio),
    formatMicros(result.ours.opsPerSec),
    formatMicros(result.reference.opsPerSec),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(
    `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
  );
  for (const row of cells) console.log(line(row));
  const notes = rows.filter(({ result }) => result.note !== undefined);
  if (notes.length > 0) {
    console.log('');
    for (const { bench, result } of notes) console.log(`- ${bench}: ${result.name}: ${result.note}`);
  }
  console.log('');
  console.log('ratio = ours ops/s ÷ reference ops/s (above 1× means ours is faster).');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const selected = wanted.length === 0 ? benchmarks : benchmarks.filter((b) => wanted.includes(b.name));
  if (selected.length === 0) {
    console.error(
      `no benchmark named ${wanted.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`,
    );
    process.exitCode = 1;
    return;
  }
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  const rows: { bench: string; result: BenchResult }[] = [];
  for (const bench of selected) {
    const started = performance.now();
    const results = await bench.run();
    console.log(
      `${bench.name}: ${results.length} results in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const result of results) rows.push({ bench: bench.name, result });
  }
  console.log('');
  printTable(rows);
}

await main();
