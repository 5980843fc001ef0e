/**
 * Sensor benchmark: lines per second through the sensor's file pipeline (read by the follower,
 * parse, match, queue the detections and commit the offset durably — one fsync per 1 MB chunk)
 * beside `lamsach scan`'s pipeline on the same file and matcher, which neither keeps state nor
 * writes anything. Also: the size of a full signed bundle per indicator and of a 1 % delta.
 *
 *   npx tsx bench/run.ts sensor
 *   LAMSACH_BENCH_LINES=2000000 npx tsx bench/run.ts sensor
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { instantiateLogFormat, logFormats, prefilterSafe } from '../src/detection/logs/registry.js';
import { IndicatorMatcher, type MatcherIndicator } from '../src/detection/matcher.js';
import { defaultParseContext } from '../src/detection/model.js';
import { fileChunks, newScanCounters, scanChunks } from '../src/detection/scan.js';
import { indicatorLine } from '../src/fleet/bundle-format.js';
import { FileFollower } from '../src/sensor/follower.js';
import { StreamScanner } from '../src/sensor/line-scanner.js';
import { StateStore } from '../src/sensor/state-store.js';
import type { BenchResult } from './types.js';

const LINES = Number(process.env.LAMSACH_BENCH_LINES ?? 500_000);
const INDICATORS = 100_000;

function indicator(i: number): MatcherIndicator {
  return {
    id: i + 1,
    type: 'domain',
    value: `c2-${i.toString(36)}.example`,
    exactDomain: false,
    validFrom: null,
    validUntil: null,
    threatType: 'c2',
    family: `family${i % 40}`,
    confidence: 75,
    sources: ['feed'],
    port: null,
  };
}

function log(lines: number): string {
  const out: string[] = [];
  for (let n = 0; n < lines; n++) {
    // About 0.1 % of lookups ask for a listed domain.
    const name =
      n % 1000 === 7 ? `x${n}.c2-${(n % INDICATORS).toString(36)}.example` : `www${n % 5000}.clean.example`;
    out.push(
      `05-Jan-2026 08:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.123 client @0x7f62b80115d0 10.1.${(n >> 8) & 255}.${n & 255}#5353 (${name}): query: ${name} IN A + (10.0.0.53)`,
    );
  }
  return `${out.join('\n')}\n`;
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lamsach-bench-sensor-'));
  try {
    const indicators = Array.from({ length: INDICATORS }, (_, i) => indicator(i));
    const matcher = new IndicatorMatcher(indicators, { validity: 'ignore' });
    const file = path.join(dir, 'query.log');
    writeFileSync(file, log(LINES));

    const scanStart = performance.now();
    let scanHits = 0;
    // `lamsach scan`'s own reading: the raw-byte prefilter and the formats' fast paths
    for await (const _ of scanChunks(fileChunks(file), {
      matcher,
      formats: logFormats,
      instantiate: instantiateLogFormat,
      prefilter: prefilterSafe,
    }))
      scanHits++;
    const scanSeconds = (performance.now() - scanStart) / 1000;

    const store = new StateStore(path.join(dir, 'state'));
    const counters = newScanCounters();
    const scanner = new StreamScanner(file, {
      matcher: () => matcher,
      context: defaultParseContext(),
      counters,
    });
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const follower = new FileFollower(file, store, scanner, quiet, { chunkBytes: 1 << 20, fromEnd: false });
    const sensorStart = performance.now();
    let lines = 0;
    do lines += follower.poll();
    while (follower.behind);
    const sensorSeconds = (performance.now() - sensorStart) / 1000;
    const queued = store.queueLength();
    follower.close();
    store.close();
    if (lines !== LINES || queued !== scanHits)
      throw new Error(`sensor read ${lines} lines and queued ${queued}; scan found ${scanHits}`);

    const full = gzipSync(indicators.map((i) => `${indicatorLine(i)}\n`).join(''));
    const delta = gzipSync(
      indicators
        .slice(0, INDICATORS / 100)
        .map((i) => `${indicatorLine({ ...i, family: 'changed' })}\n`)
        .join(''),
    );
    const ours = LINES / sensorSeconds;
    const reference = LINES / scanSeconds;
    return [
      {
        name: `follow + match + durable queue, ${LINES.toLocaleString('en')} BIND lines, ${queued} detections (lines/s)`,
        ours: { opsPerSec: ours },
        reference: { name: 'lamsach scan pipeline (no state)', opsPerSec: reference },
        ratio: ours / reference,
        note: `full bundle ${(full.length / INDICATORS).toFixed(1)} B/indicator gzip; a 1 % delta of ${INDICATORS.toLocaleString('en')} is ${(delta.length / 1024).toFixed(0)} KB vs ${(full.length / 1024).toFixed(0)} KB full`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
