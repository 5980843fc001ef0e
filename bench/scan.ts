/**
 * Detection benchmark: `lamsach scan`'s pipeline on a generated BIND query log and a generated
 * FortiGate traffic log (about 0.1% of lines hit an indicator), on one thread and on all cores
 * (worker threads sharing the indicator tables), side by side with `cat`, `wc -l` and
 * `rg -F -f` (every indicator value as a fixed string: not the same semantics, but the usual "grep
 * the logs" baseline; ripgrep is installed with apt-get when missing and possible). Also: the time
 * to load the indicators into the matcher, their memory, and the peak resident memory of each scan.
 *
 *   npx tsx bench/run.ts scan
 *   LAMSACH_BENCH_LINES=5000000 npx tsx bench/run.ts scan
 *
 * LAMSACH_BENCH_LINES: lines per log (default 5 000 000, as issue #4 asks; 1 000 000 for a quick run). LAMSACH_BENCH_INDICATORS: domains, and
 * as many addresses/networks (default 1 000 000 each). LAMSACH_BENCH_RG_SECONDS: time cap of one
 * `rg` run (default 600; a run over it is reported as "> cap").
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { instantiateLogFormat, logFormats, prefilterSafe } from '../src/detection/logs/registry.js';
import { IndicatorMatcher } from '../src/detection/matcher.js';
import { scanFilesInParallel } from '../src/detection/parallel/parallel-scan.js';
import { fileChunks, newScanCounters, scanChunks } from '../src/detection/scan.js';
import { bindLine, fortiLine, indicators, prng, writeLog } from './scan-data.js';
import type { BenchResult } from './types.js';

const LINES = Number(process.env.LAMSACH_BENCH_LINES ?? 5_000_000);
const INDICATORS = Number(process.env.LAMSACH_BENCH_INDICATORS ?? 1_000_000);
const RG_SECONDS = Number(process.env.LAMSACH_BENCH_RG_SECONDS ?? 600);

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

type Mode = 'fast' | 'prefilter' | 'full' | 'parallel';

/** The figures issue #4 sets targets for, as this run measured them. */
interface Targets {
  dnsPerCore: number;
  rgRatios: { log: string; ratio: number; atLeast: boolean }[];
  bytesPerIndicator: number;
  loadPerMillion: number;
}

interface ScanRun {
  seconds: number;
  lines: number;
  bytes: number;
  detections: number;
  notUnderstood: number;
  format: string | null;
  /** highest RSS seen while scanning (sampled every 50 ms) */
  peakRss: number;
  signature: string;
}

/**
 * One scan of `file`: `fast` = `lamsach scan --workers 1` (prefilter and fast paths), `prefilter`
 * = the general prefilter alone, `full` = `--no-prefilter`, `parallel` = all cores.
 */
async function timeScan(file: string, matcher: IndicatorMatcher, mode: Mode): Promise<ScanRun> {
  gc();
  const counters = newScanCounters();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const started = performance.now();
  // The detections' lines, to compare runs (the order must be the same too).
  const seen: number[] = [];
  const source =
    mode === 'parallel'
      ? scanFilesInParallel([{ path: file }], { matcher, workers: availableParallelism(), counters })
      : scanChunks(fileChunks(file), {
          matcher,
          formats: logFormats,
          counters,
          file,
          instantiate: instantiateLogFormat,
          ...(mode === 'full' ? {} : { prefilter: prefilterSafe }),
          fastPath: mode === 'fast',
        });
  for await (const d of source) seen.push(d.origin?.line ?? -1, d.indicator.id ?? -1);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  return {
    seconds,
    lines: counters.lines,
    bytes: counters.bytes,
    detections: counters.detections,
    notUnderstood: counters.notUnderstood,
    format: counters.formats[0]?.format ?? null,
    peakRss,
    signature: seen.join(','),
  };
}

/** Seconds a command took (stdout discarded), null when it failed, Infinity past `cap` seconds. */
function timeCommand(command: string, args: string[], cap = 3600): number | null {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'ignore'], timeout: cap * 1000 });
  const seconds = (performance.now() - started) / 1000;
  if (result.error !== undefined && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')
    return Infinity;
  if (result.error !== undefined || (result.status !== 0 && result.status !== 1)) return null;
  return seconds;
}

function hasCommand(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).error === undefined;
}

/** ripgrep from Debian when it is missing (as root on a Debian-like system). */
function ensureRipgrep(): boolean {
  if (hasCommand('rg')) return true;
  if (!hasCommand('apt-get')) return false;
  console.log('scan: installing ripgrep (apt-get install -y ripgrep)');
  spawnSync('apt-get', ['install', '-y', 'ripgrep'], { stdio: 'ignore' });
  return hasCommand('rg');
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const mb = (bytes: number, seconds: number) => (bytes / 1e6 / seconds).toFixed(0);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

export async function run(): Promise<BenchResult[]> {
  enableGc();
  const dir = mkdtempSync(path.join(tmpdir(), 'lamsach-bench-scan-'));
  const results: BenchResult[] = [];
  const table: string[] = [];
  const cores = availableParallelism();
  let summary: Targets | null = null;
  try {
    // Indicators arrive as a stream (as from the database's pages), so the caller's heap stays
    // small; the time to generate them is measured alone and taken off.
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
    // Shared once for the worker threads; this thread then reads the shared copy too.
    const shareSeconds = timed(() => matcher.share()).seconds;
    const shared = memory();
    results.push({
      name: `matcher load, ${fmt(count)} indicators (indicators/s)`,
      ours: { opsPerSec: count / buildSeconds },
      reference: { name: 'Map<string, id> of the values', opsPerSec: count / referenceSeconds },
      ratio: referenceSeconds / buildSeconds,
      note: `load ${buildSeconds.toFixed(2)} s (${((buildSeconds / count) * 1e6).toFixed(2)} s per million) + ${shareSeconds.toFixed(2)} s to copy the tables into shared memory for the workers; memory per indicator: ${perIndicatorHeap.toFixed(0)} B heap + buffers (RSS ${perIndicatorRss.toFixed(0)} B; ${((shared.heap - before.heap) / count).toFixed(0)} B once shared), of which ${tableBytes.toFixed(0)} B compact tables holding ${textBytes.toFixed(0)} B of value text`,
    });

    const logs = [
      { name: 'BIND query log', file: path.join(dir, 'query.log'), line: bindLine },
      { name: 'FortiGate traffic log', file: path.join(dir, 'fortigate.log'), line: fortiLine },
    ];
    const rg = ensureRipgrep();
    const patternFile = path.join(dir, 'patterns.txt');
    if (rg) {
      // every indicator value, domains and addresses (networks as their text), as fixed strings
      const values: string[] = [];
      for (const i of indicators(INDICATORS)) values.push(i.value);
      writeFileSync(patternFile, `${values.join('\n')}\n`);
    } else {
      console.log('scan: rg is not installed and could not be; the rg comparison is skipped');
    }
    const targets: Targets = {
      dnsPerCore: 0,
      rgRatios: [],
      bytesPerIndicator: perIndicatorHeap,
      loadPerMillion: (buildSeconds / count) * 1e6,
    };
    table.push(
      `| ${LINES.toLocaleString('en')} lines | lines/s | MB/s | peak RSS MiB | detections |`,
      '|---|---:|---:|---:|---:|',
    );
    for (const log of logs) {
      const rnd = prng(0x5ca1ab1e);
      const bytes = await writeLog(log.file, LINES, (i) => log.line(rnd, i, INDICATORS));
      // Warm-up on a small file of the same kind, so the first timed scan does not pay for JIT.
      const warm = `${log.file}.warm`;
      const warmRnd = prng(7);
      await writeLog(warm, Math.min(LINES, 50_000), (i) => log.line(warmRnd, i, INDICATORS));
      for (const mode of ['fast', 'prefilter', 'full'] as const) await timeScan(warm, matcher, mode);
      rmSync(warm, { force: true });
      const fast = await timeScan(log.file, matcher, 'fast');
      const parallel = await timeScan(log.file, matcher, 'parallel');
      const prefilter = await timeScan(log.file, matcher, 'prefilter');
      const full = await timeScan(log.file, matcher, 'full');
      for (const [label, other] of [
        ['all cores', parallel],
        ['the general prefilter', prefilter],
        ['parsing every line', full],
      ] as const) {
        if (other.signature !== fast.signature)
          console.log(
            `scan: ${log.name}: ${label} changed the detections (${other.detections} vs ${fast.detections})!`,
          );
      }
      const cat = timeCommand('cat', [log.file]);
      const wc = timeCommand('wc', ['-l', log.file]);
      const rgSeconds = rg ? timeCommand('rg', ['-F', '-c', '-f', patternFile, log.file], RG_SECONDS) : null;
      const row = (label: string, r: ScanRun | null, seconds: number | null, extra = '') => {
        const s = r?.seconds ?? seconds;
        if (s === null || s === undefined) return;
        const rate = s === Infinity ? `< ${fmt(LINES / RG_SECONDS)}` : fmt(LINES / s);
        const speed = s === Infinity ? `< ${mb(bytes, RG_SECONDS)}` : mb(bytes, s);
        table.push(
          `| ${log.name}: ${label} | ${rate} | ${speed} | ${r ? mib(r.peakRss) : ''} | ${r ? fmt(r.detections) : ''}${extra} |`,
        );
      };
      row('`lamsach scan`, 1 thread', fast, null);
      row(`\`lamsach scan\`, ${cores} threads`, parallel, null);
      row('1 thread, general prefilter only (no fast path)', prefilter, null);
      row('1 thread, every line parsed (`--no-prefilter`)', full, null);
      row('`cat`', null, cat);
      row('`wc -l`', null, wc);
      row(
        `\`rg -F -f\` (${fmt(2 * INDICATORS)} fixed strings)`,
        null,
        rgSeconds,
        rgSeconds === Infinity ? ` (stopped after ${RG_SECONDS} s)` : '',
      );
      const base = `${log.name}, ${fmt(fast.lines)} lines, ${(bytes / 1e6).toFixed(0)} MB; format ${fast.format ?? '?'}; ${fmt(fast.detections)} detections, ${fmt(fast.notUnderstood)} not understood; 1 thread ${mb(bytes, fast.seconds)} MB/s (peak RSS ${mib(fast.peakRss)} MiB), ${cores} threads ${mb(bytes, parallel.seconds)} MB/s (peak RSS ${mib(parallel.peakRss)} MiB)`;
      if (log.line === bindLine) targets.dnsPerCore = fast.lines / fast.seconds;
      if (rgSeconds !== null) {
        // a capped rg run is slower than the cap: the ratio is then at least this
        const ratio = Math.min(rgSeconds, RG_SECONDS) / fast.seconds;
        targets.rgRatios.push({ log: log.name, ratio, atLeast: rgSeconds === Infinity });
      }
      const rows: [string, ScanRun, string, number | null][] = [
        [`${log.name} scan, 1 thread (lines/s)`, fast, 'wc -l', wc],
        [`${log.name} scan, 1 thread (lines/s)`, fast, 'general prefilter, 1 thread', prefilter.seconds],
        [`${log.name} scan, 1 thread (lines/s)`, fast, 'every line parsed, 1 thread', full.seconds],
        [`${log.name} scan, ${cores} threads (lines/s)`, parallel, 'cat', cat],
        [`${log.name} scan, ${cores} threads (lines/s)`, parallel, 'rg -F -f (every indicator)', rgSeconds],
        [`${log.name} scan, 1 thread (lines/s)`, fast, 'rg -F -f (every indicator)', rgSeconds],
      ];
      for (const [name, ours, reference, seconds] of rows) {
        if (seconds === null) continue;
        const oursRate = ours.lines / ours.seconds;
        const capped = seconds === Infinity;
        const rate = ours.lines / (capped ? RG_SECONDS : seconds);
        results.push({
          name,
          ours: { opsPerSec: oursRate },
          reference: { name: capped ? `${reference} (> ${RG_SECONDS} s)` : reference, opsPerSec: rate },
          ratio: oursRate / rate,
          note: `${base}; ${reference} ${capped ? `> ${RG_SECONDS} s, < ${mb(bytes, RG_SECONDS)}` : mb(bytes, seconds)} MB/s`,
        });
      }
      rmSync(log.file, { force: true });
    }
    summary = targets;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\nscan: ${cores} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end`,
  );
  for (const line of table) console.log(line);
  if (summary !== null) {
    const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
    const rg = summary.rgRatios.map((r) => `${r.log}: ${r.atLeast ? '≥ ' : ''}${r.ratio.toFixed(0)}×`);
    console.log(
      [
        '',
        '| target (issue #4) | measured, 1 thread | met? |',
        '|---|---:|---|',
        `| ≥ 3,000,000 lines/s per core on the DNS log | ${fmt(summary.dnsPerCore)} | ${yes(summary.dnsPerCore >= 3e6)} |`,
        `| ≥ 10× \`rg -F -f\` | ${rg.join(', ') || 'rg not run'} | ${rg.length === 0 ? '?' : yes(summary.rgRatios.every((r) => r.ratio >= 10))} |`,
        `| ≤ 60 B per indicator | ${summary.bytesPerIndicator.toFixed(1)} B | ${yes(summary.bytesPerIndicator <= 60)} |`,
        `| 1 M indicators loaded in < 1 s | ${summary.loadPerMillion.toFixed(2)} s | ${yes(summary.loadPerMillion < 1)} |`,
      ].join('\n'),
    );
  }
  return results;
}

function timed<T>(work: () => T): { value: T; seconds: number } {
  const started = performance.now();
  const value = work();
  return { value, seconds: (performance.now() - started) / 1000 };
}
