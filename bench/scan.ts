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
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { instantiateLogFormat, logFormats, prefilterSafe } from '../src/detection/logs/registry.js';
import { IndicatorMatcher } from '../src/detection/matcher.js';
import { newScanCounters, scanChunks } from '../src/detection/scan.js';
import { bindLine, fortiLine, indicatorAddress, indicatorDomain, indicators, ipText, prng, writeLog } from './scan-data.js';
import type { BenchResult } from './types.js';

const LINES = Number(process.env.LAMSACH_BENCH_LINES ?? 1_000_000);
const INDICATORS = Number(process.env.LAMSACH_BENCH_INDICATORS ?? 1_000_000);
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
