/**
 * Detection benchmark: `lamsach scan`'s pipeline (read, split, parse, match — one thread) on a
 * generated BIND query log and a generated FortiGate traffic log, each with about 0.1% of lines
 * hitting an indicator, side by side with `cat`, `wc -l` and, when installed, `rg -F -f` (a
 * substring search for every indicator: not the same semantics, but the usual "grep the logs"
 * baseline). Also: the time to build the matcher and its memory per indicator.
 *
 *   npx tsx bench/run.ts scan
 *   LAMSACH_BENCH_LINES=5000000 LAMSACH_BENCH_INDICATORS=1000000 npx tsx bench/run.ts scan
 *
 * LAMSACH_BENCH_LINES: lines per log (default 1 000 000). LAMSACH_BENCH_INDICATORS: domains, and
 * as many addresses/networks (default 1 000 000 each).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { instantiateLogFormat, logFormats, prefilterSafe } from '../src/detection/logs/registry.js';
import { IndicatorMatcher, type MatcherIndicator } from '../src/detection/matcher.js';
import { newScanCounters, scanChunks } from '../src/detection/scan.js';
import type { BenchResult } from './types.js';

const LINES = Number(process.env.LAMSACH_BENCH_LINES ?? 1_000_000);
const INDICATORS = Number(process.env.LAMSACH_BENCH_INDICATORS ?? 1_000_000);
const HIT_RATE = 0.001;

/** Seeded PRNG (mulberry32): every run measures the same data. */
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

const tlds = ['com', 'net', 'org', 'xyz', 'top', 'ru', 'info', 'vn', 'com.vn', 'online'];
const words = ['mail', 'cdn', 'update', 'secure', 'login', 'api', 'static', 'portal', 'dl', 'app'];

function indicatorDomain(i: number): string {
  return `${(i * 2654435761).toString(36).slice(-6)}${i.toString(36)}.${tlds[i % tlds.length]}`;
}

/**
 * Template literals build ropes, but database drivers and parsers hand over flat strings: reading
 * a character makes V8 flatten the rope here, in generation, which the benchmark takes off.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** Public-looking IPv4 of indicator i (never 10/8, the internal side of the logs). */
function indicatorAddress(i: number): number {
  return ((Math.imul(i + 1, 2654435761) >>> 0) % 0xd0000000) + 0x0b000000;
}

function ipText(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** `count` domains and `count` addresses (every 10th a /24–/28 network), built lazily. */
function* indicators(count: number): Generator<MatcherIndicator> {
  // Object literals, not `{ ...base }`: Node 20 spends microseconds on each spread.
  const from = '2024-01-01T00:00:00.000Z';
  for (let i = 0; i < count; i++) {
    const value = flat(indicatorDomain(i));
    yield {
      id: i + 1,
      type: 'domain',
      value,
      exactDomain: false,
      validFrom: from,
      validUntil: null,
      threatType: 'c2',
      family: `family${i % 40}`,
      confidence: 75,
      sources: [`feed${i % 5}`],
    };
  }
  for (let i = 0; i < count; i++) {
    const a = indicatorAddress(i);
    if (i % 10 === 9) {
      const length = 24 + (i % 5);
      const value = flat(`${ipText((a & (-1 << (32 - length))) >>> 0)}/${length}`);
      yield {
        id: count + i + 1,
        type: 'cidr4',
        value,
        exactDomain: false,
        validFrom: from,
        validUntil: null,
        threatType: 'scanner',
        family: null,
        confidence: 75,
        sources: ['feed9'],
      };
    } else {
      const value = flat(ipText(a));
      yield {
        id: count + i + 1,
        type: 'ipv4',
        value,
        exactDomain: false,
        validFrom: from,
        validUntil: null,
        threatType: 'c2',
        family: `family${i % 40}`,
        confidence: 75,
        sources: ['feed8'],
      };
    }
  }
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Writes `lines` lines made by `line(i)` in large chunks; returns the file's size. */
async function writeLog(file: string, lines: number, line: (i: number) => string): Promise<number> {
  const out = createWriteStream(file);
  let chunk: string[] = [];
  for (let i = 0; i < lines; i++) {
    chunk.push(line(i));
    if (chunk.length === 10_000) {
      if (!out.write(`${chunk.join('\n')}\n`))
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = [];
    }
  }
  if (chunk.length > 0) out.write(`${chunk.join('\n')}\n`);
  await new Promise<void>((resolve) => out.end(resolve));
  return statSync(file).size;
}

function bindLine(rnd: () => number, i: number, count: number): string {
  const t = 1_763_769_600 + Math.floor(i / 50); // 50 queries a second
  const d = new Date(t * 1000);
  const time = `${pad(d.getUTCDate())}-${months[d.getUTCMonth()]}-${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(i % 1000, 3)}`;
  const client = `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${(i % 250) + 1}`;
  const hit = rnd() < HIT_RATE;
  const name = hit
    ? `${words[i % words.length]}.${indicatorDomain(Math.floor(rnd() * count))}`
    : `${words[i % words.length]}.site${Math.floor(rnd() * 50_000)}.example.${tlds[i % tlds.length]}`;
  const type = i % 3 === 0 ? 'AAAA' : 'A';
  return `${time} queries: info: client @0x7f62b80115d0 ${client}#${1024 + (i % 60000)} (${name}): query: ${name} IN ${type} +E(0)K (10.0.0.53)`;
}

function fortiLine(rnd: () => number, i: number, count: number): string {
  const t = 1_763_769_600 + Math.floor(i / 200);
  const d = new Date(t * 1000);
  const hit = rnd() < HIT_RATE;
  const dst = hit
    ? ipText(indicatorAddress(Math.floor(rnd() * count)))
    : `${20 + (i % 150)}.${(i >>> 8) & 255}.${Math.floor(rnd() * 256)}.${i & 255}`;
  const src = `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${(i % 250) + 1}`;
  const action = i % 7 === 0 ? 'deny' : 'accept';
  return `date=${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} time=${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} devname="FGT-HN-01" devid="FG100E4Q17000000" eventtime=${t}000000000 tz="+0700" logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=${src} srcport=${1024 + (i % 60000)} srcintf="port1" srcintfrole="lan" dstip=${dst} dstport=${i % 5 === 0 ? 80 : 443} dstintf="wan1" dstintfrole="wan" sessionid=${100000 + i} proto=6 action="${action}" policyid=${1 + (i % 20)} policytype="policy" service="HTTPS" trandisp="snat" duration=${i % 300} sentbyte=${i % 9000} rcvdbyte=${i % 70000} sentpkt=${i % 90} rcvdpkt=${i % 80} appcat="unscanned"`;
}

let gc: () => void = () => undefined;
function enableGc(): void {
  setFlagsFromString('--expose-gc');
  gc = runInNewContext('gc') as () => void;
}

function memory(): { rss: number; heap: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.arrayBuffers };
}

async function timeScan(
  file: string,
  matcher: IndicatorMatcher,
  prefilter: boolean,
): Promise<{
  seconds: number;
  lines: number;
  detections: number;
  notUnderstood: number;
  format: string | null;
}> {
  const counters = newScanCounters();
  const started = performance.now();
  const options = {
    matcher,
    formats: logFormats,
    counters,
    file,
    instantiate: instantiateLogFormat,
    ...(prefilter ? { prefilter: prefilterSafe } : {}),
  };
  for await (const _ of scanChunks(createReadStream(file, { highWaterMark: 1 << 20 }), options)) {
    // detections are counted by the pipeline
  }
  return {
    seconds: (performance.now() - started) / 1000,
    lines: counters.lines,
    detections: counters.detections,
    notUnderstood: counters.notUnderstood,
    format: counters.formats[0]?.format ?? null,
  };
}

function timeCommand(command: string, args: string[]): number | null {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'ignore'] });
  if (result.error !== undefined || (result.status !== 0 && result.status !== 1)) return null;
  return (performance.now() - started) / 1000;
}

function hasCommand(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).error === undefined;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const mb = (bytes: number, seconds: number) => (bytes / 1e6 / seconds).toFixed(0);

export async function run(): Promise<BenchResult[]> {
  enableGc();
  const dir = mkdtempSync(path.join(tmpdir(), 'lamsach-bench-scan-'));
  const results: BenchResult[] = [];
  try {
    // Matcher: indicators arrive as a stream (as from the database's pages), so the caller's heap
    // stays small; the time to generate them is measured alone and taken off.
    const generation = timed(() => {
      let n = 0;
      for (const i of indicators(INDICATORS)) n += i.value.length;
      return n;
    });
    const before = memory();
    const built = timed(
      () => new IndicatorMatcher(indicators(INDICATORS), { expectedCount: 2 * INDICATORS }),
    );
    const after = memory();
    const matcher = built.value;
    const buildSeconds = Math.max(built.seconds - generation.seconds, 1e-6);
    const reference = timed(() => {
      const map = new Map<string, number>();
      for (const i of indicators(INDICATORS)) map.set(i.value, i.id);
      return map.size;
    });
    const referenceSeconds = Math.max(reference.seconds - generation.seconds, 1e-6);
    const count = matcher.stats.loaded;
    const perIndicatorHeap = (after.heap - before.heap) / count;
    const perIndicatorRss = (after.rss - before.rss) / count;
    const tableBytes = matcher.byteLength / count;
    const textBytes = generation.value / count;
    results.push({
      name: `matcher build, ${fmt(count)} indicators (indicators/s)`,
      ours: { opsPerSec: count / buildSeconds },
      reference: { name: 'Map<string, id> of the values', opsPerSec: count / referenceSeconds },
      ratio: referenceSeconds / buildSeconds,
      note: `build ${buildSeconds.toFixed(2)} s (${((buildSeconds / count) * 1e6).toFixed(2)} s per million); memory per indicator: ${perIndicatorHeap.toFixed(0)} B heap + buffers (RSS ${perIndicatorRss.toFixed(0)} B), of which ${tableBytes.toFixed(0)} B compact tables holding ${textBytes.toFixed(0)} B of value text; the rest is interned families and source lists, and the heap's own slack`,
    });

    const logs = [
      {
        name: 'BIND query log',
        file: path.join(dir, 'query.log'),
        line: bindLine,
        patterns: (i: number) => indicatorDomain(i),
      },
      {
        name: 'FortiGate traffic log',
        file: path.join(dir, 'fortigate.log'),
        line: fortiLine,
        patterns: (i: number) => ipText(indicatorAddress(i)),
      },
    ];
    const rg = hasCommand('rg');
    const patternFile = path.join(dir, 'patterns.txt');
    for (const log of logs) {
      const rnd = prng(0x5ca1ab1e);
      const bytes = await writeLog(log.file, LINES, (i) => log.line(rnd, i, INDICATORS));
      const ours = await timeScan(log.file, matcher, true);
      const full = await timeScan(log.file, matcher, false);
      if (full.detections !== ours.detections)
        console.log(
          `scan: ${log.name}: the prefilter changed the detections (${ours.detections} vs ${full.detections} parsing every line)!`,
        );
      const cat = timeCommand('cat', [log.file]);
      const wc = timeCommand('wc', ['-l', log.file]);
      let rgSeconds: number | null = null;
      if (rg) {
        writeFileSync(
          patternFile,
          `${Array.from({ length: INDICATORS }, (_, i) => log.patterns(i)).join('\n')}\n`,
        );
        rgSeconds = timeCommand('rg', ['-F', '-c', '-f', patternFile, log.file]);
      } else {
        console.log(`scan: ${log.name}: rg is not installed; the rg comparison is skipped`);
      }
      const base = `${log.name}, ${fmt(ours.lines)} lines, ${(bytes / 1e6).toFixed(0)} MB; format ${ours.format ?? '?'}; ${fmt(ours.detections)} detections, ${fmt(ours.notUnderstood)} not understood; ours ${mb(bytes, ours.seconds)} MB/s (${mb(bytes, full.seconds)} MB/s parsing every line)`;
      const rows: [string, number, string, number | null][] = [
        [`${log.name} scan (lines/s)`, ours.seconds, 'cat', cat],
        [`${log.name} scan (lines/s)`, ours.seconds, 'wc -l', wc],
        [`${log.name} scan (lines/s)`, ours.seconds, 'rg -F -f (every indicator)', rgSeconds],
        [`${log.name} scan, every line parsed (lines/s)`, full.seconds, 'wc -l', wc],
      ];
      for (const [name, oursSeconds, reference, seconds] of rows) {
        if (seconds === null) continue;
        const oursRate = ours.lines / oursSeconds;
        const rate = ours.lines / seconds;
        results.push({
          name,
          ours: { opsPerSec: oursRate },
          reference: { name: reference, opsPerSec: rate },
          ratio: oursRate / rate,
          note: `${base}; ${reference} ${mb(bytes, seconds)} MB/s`,
        });
      }
      rmSync(log.file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

function timed<T>(work: () => T): { value: T; seconds: number } {
  const started = performance.now();
  const value = work();
  return { value, seconds: (performance.now() - started) / 1000 };
}
