/**
 * Feed import benchmark: a generated 1,000,000-line plain indicator list (IPv4, IPv6, CIDRs,
 * domains, URLs, hashes) measured three ways in one run, each as lines per second:
 * - `wc -l` on the file (spawned): the floor, reading and counting bytes;
 * - our pure pipeline: line reader → plain parser → normaliser → ObservationSet (no database);
 * - the full import into a fresh, migrated SQLite database through FeedImportService, as
 *   `lamsach feeds import` runs it.
 * Peak memory is reported twice: the RSS sampled every 100 ms during a phase (what the brief of
 * this benchmark asks for; synchronous SQLite work can starve the sampler) and the process's
 * lifetime high-water mark (`resourceUsage().maxRSS`) read after the phase, which cannot miss a peak.
 * When the full import of a million lines takes more than five minutes it is also measured on
 * 200,000 lines. BENCH_FEED_LINES overrides the size, for quick trials.
 */

import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { operator } from '../src/app/bootstrap.js';
import { createServices } from '../src/app/services.js';
import { configSchema } from '../src/config/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { feedSourceInput } from '../src/intel/feed-source-service.js';
import { feedFormat } from '../src/intel/feeds/registry.js';
import { linesOf } from '../src/intel/import/lines.js';
import { ObservationSet } from '../src/intel/import/observations.js';
import type { FeedItem, FeedRejection } from '../src/intel/model.js';
import type { BenchResult } from './types.js';

const LINES = Number(process.env.BENCH_FEED_LINES ?? 1_000_000);
const SMALLER = 200_000;
const SLOW_SECONDS = 300;

/** Seeded PRNG (mulberry32): every run imports the same file. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tlds = ['com', 'net', 'org', 'info', 'ru', 'cn', 'xyz', 'top', 'vn', 'io'];
const syllables = ['ka', 'lo', 'mi', 'zen', 'tor', 'vex', 'pu', 'ra', 'shi', 'do', 'net', 'cdn', 'api', 'up'];

function hex(rnd: () => number, digits: number): string {
  let s = '';
  for (let i = 0; i < digits; i++) s += '0123456789abcdef'[Math.floor(rnd() * 16)];
  return s;
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function domain(rnd: () => number): string {
  let label = '';
  for (let i = 0, n = 2 + Math.floor(rnd() * 3); i < n; i++) label += pick(rnd, syllables);
  const sub = rnd() < 0.3 ? `${pick(rnd, syllables)}.` : '';
  return `${sub}${label}${Math.floor(rnd() * 1000)}.${pick(rnd, tlds)}`;
}

/** One indicator line; the mix is roughly that of the public lists we import. */
function indicatorLine(rnd: () => number): string {
  const byte = () => Math.floor(rnd() * 256);
  const roll = rnd();
  if (roll < 0.3) return `${1 + Math.floor(rnd() * 223)}.${byte()}.${byte()}.${byte()}`;
  if (roll < 0.4) return `2${hex(rnd, 3)}:${hex(rnd, 4)}:${hex(rnd, 4)}:${hex(rnd, 4)}::${hex(rnd, 4)}`;
  if (roll < 0.48) {
    // host bits clear: the normaliser refuses a network written with them set
    const prefix = 16 + Math.floor(rnd() * 15);
    const address = ((1 + Math.floor(rnd() * 223)) * 2 ** 24 + Math.floor(rnd() * 2 ** 24)) >>> 0;
    const network = (address & (0xffffffff << (32 - prefix))) >>> 0;
    return `${network >>> 24}.${(network >>> 16) & 255}.${(network >>> 8) & 255}.${network & 255}/${prefix}`;
  }
  if (roll < 0.52) return `2${hex(rnd, 3)}:${hex(rnd, 4)}::/32`;
  if (roll < 0.72) return domain(rnd);
  if (roll < 0.9) {
    const scheme = rnd() < 0.5 ? 'https' : 'http';
    return `${scheme}://${domain(rnd)}/${hex(rnd, 6)}/${pick(rnd, syllables)}.php?id=${Math.floor(rnd() * 1e6)}`;
  }
  if (roll < 0.94) return hex(rnd, 32);
  if (roll < 0.97) return hex(rnd, 40);
  return hex(rnd, 64);
}

async function writeFeed(file: string, lines: number): Promise<void> {
  const rnd = prng(0x66656564); // "feed"
  const out = createWriteStream(file);
  out.write(
    '# lamsach benchmark feed: generated indicators, one per line\n# Last updated: 2025-01-01 00:00:00 UTC\n',
  );
  const batch: string[] = [];
  for (let i = 0; i < lines - 2; i++) {
    batch.push(indicatorLine(rnd));
    if (batch.length === 10_000) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch.length = 0;
    }
  }
  if (batch.length > 0) out.write(`${batch.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
}

interface Phase<T> {
  seconds: number;
  /** RSS when the phase began (what earlier benchmarks in the same process left behind), bytes */
  startRss: number;
  /** highest RSS seen by the 100 ms sampler, bytes */
  sampledPeak: number;
  /** the process's lifetime high-water mark after the phase, bytes */
  maxRss: number;
  value: T;
}

async function phase<T>(work: () => Promise<T>): Promise<Phase<T>> {
  const startRss = process.memoryUsage().rss;
  let sampledPeak = startRss;
  const timer = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  try {
    const value = await work();
    const seconds = (performance.now() - started) / 1000;
    sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
    return { seconds, startRss, sampledPeak, maxRss: process.resourceUsage().maxRSS * 1024, value };
  } finally {
    clearInterval(timer);
  }
}

async function wcLines(file: string): Promise<number> {
  const child = spawn('wc', ['-l', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`wc -l exited with ${code}`);
  return Number(output.trim().split(/\s+/)[0]);
}

/** What the importer does before touching the database. */
async function parseAndNormalise(
  file: string,
): Promise<{ items: number; distinct: number; rejected: number }> {
  const parser = feedFormat('plain')!.create({ name: path.basename(file) });
  const observations = new ObservationSet(
    { threatType: null, family: null, confidence: 50, expiryDays: 30 },
    new Date().toISOString(),
  );
  let items = 0;
  let rejected = 0;
  const sink = {
    item(item: FeedItem) {
      items++;
      if (observations.add(item)) rejected++;
    },
    reject(_rejection: FeedRejection) {
      rejected++;
    },
  };
  let lineNumber = 0;
  for await (const text of linesOf(createReadStream(file)).lines) parser.line(text, ++lineNumber, sink);
  parser.end(sink);
  return { items, distinct: observations.size, rejected };
}

async function fullImport(file: string, dir: string, tag: string) {
  const database = openDatabase(`sqlite:${path.join(dir, `bench-${tag}.db`)}`);
  try {
    await migrateToLatest(database);
    const services = createServices(configSchema.parse({}), database);
    // The shipped allowlists are loaded by every real runtime; each indicator is checked against them.
    await services.intel.allowlists.ensureShipped();
    const ctx = await services.contextFor(operator(), null);
    await services.intel.sources.create(
      ctx,
      feedSourceInput.parse({ name: 'bench', title: 'Benchmark feed', format: 'plain' }),
    );
    const stream = linesOf(createReadStream(file));
    return await services.intel.importer.run(ctx, {
      source: 'bench',
      lines: stream.lines,
      name: path.basename(file),
      trigger: 'cli',
      bytes: () => stream.bytes(),
    });
  } finally {
    await database.close();
  }
}

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
const count = (n: number) => n.toLocaleString('en');

function row(name: string, lines: number, ours: Phase<unknown>, wcRate: number, note: string): BenchResult {
  const rate = lines / ours.seconds;
  return {
    name,
    ours: { opsPerSec: rate },
    reference: { name: 'wc -l (spawned)', opsPerSec: wcRate },
    ratio: rate / wcRate,
    note: `${ours.seconds.toFixed(1)} s; RSS ${mb(ours.startRss)} at start, peak ${mb(ours.sampledPeak)} sampled, process high-water ${mb(ours.maxRss)}; ${note}`,
  };
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lamsach-bench-'));
  const results: BenchResult[] = [];
  try {
    const file = path.join(dir, 'indicators.txt');
    await writeFeed(file, LINES);
    const wc = await phase(() => wcLines(file));
    if (wc.value !== LINES) throw new Error(`generated ${wc.value} lines, wanted ${LINES}`);
    const wcRate = LINES / wc.seconds;

    const pure = await phase(() => parseAndNormalise(file));
    results.push(
      row(
        `plain parse + normalise → ObservationSet, ${count(LINES)} lines`,
        LINES,
        pure,
        wcRate,
        `${count(pure.value.distinct)} distinct, ${count(pure.value.rejected)} rejected; file ${mb(statSync(file).size)}, wc -l took ${(wc.seconds * 1000).toFixed(0)} ms`,
      ),
    );

    const full = await phase(() => fullImport(file, dir, 'full'));
    const r = full.value;
    results.push(
      row(
        `full import into fresh SQLite, ${count(LINES)} lines`,
        LINES,
        full,
        wcRate,
        `${r.status}: ${count(r.added)} added, ${count(r.rejected)} rejected, ${count(r.allowlisted)} allowlisted`,
      ),
    );

    if (full.seconds > SLOW_SECONDS && LINES > SMALLER) {
      const smallFile = path.join(dir, 'indicators-200k.txt');
      await writeFeed(smallFile, SMALLER);
      const smallWc = await phase(() => wcLines(smallFile));
      const small = await phase(() => fullImport(smallFile, dir, 'small'));
      results.push(
        row(
          `full import into fresh SQLite, ${count(SMALLER)} lines (1 M took over ${SLOW_SECONDS / 60} min)`,
          SMALLER,
          small,
          SMALLER / smallWc.seconds,
          `${small.value.status}: ${count(small.value.added)} added`,
        ),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
