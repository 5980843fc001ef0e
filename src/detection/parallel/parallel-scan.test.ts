import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { instantiateLogFormat, logFormats, prefilterSafe } from '../logs/registry.js';
import { IndicatorMatcher, type Detection, type MatcherIndicator } from '../matcher.js';
import { newScanCounters, scanChunks, type ScanCounters } from '../scan.js';
import { planTasks, scanFilesInParallel } from './parallel-scan.js';

const base = {
  exactDomain: false,
  validFrom: '2025-01-01T00:00:00.000Z',
  validUntil: null,
  threatType: 'c2' as const,
  family: 'testbot',
  confidence: 80,
};
const indicators: MatcherIndicator[] = [
  { ...base, id: 1, type: 'domain', value: 'evil.example' },
  { ...base, id: 2, type: 'domain', value: 'bad.test.vn', validUntil: '2025-11-21T17:00:30.000Z' },
  { ...base, id: 3, type: 'ipv4', value: '198.51.100.23' },
  { ...base, id: 4, type: 'cidr4', value: '203.0.113.0/24' },
];

const dir = mkdtempSync(path.join(tmpdir(), 'lamsach-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Seeded (mulberry32), so every run scans the same files. */
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

function bindLog(lines: number): string {
  const rnd = prng(7);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const r = rnd();
    const name =
      r < 0.02
        ? `x${i}.evil.example`
        : r < 0.04
          ? `host.bad.test.vn.`
          : r < 0.05
            ? 'WWW.EVIL.EXAMPLE'
            : `site${Math.floor(rnd() * 5000)}.example.com`;
    const s = i % 60;
    const time = `22-Nov-2025 00:00:${String(s).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}`;
    if (i % 97 === 5) out.push(`${time} general: info: zone example.com/IN: loaded serial 1`);
    else if (i % 89 === 3) out.push('garbage that no parser reads');
    else if (i % 83 === 1)
      out.push(`${time} queries: info: client 2001:db8::${i % 50}#53 (${name}): query: ${name} IN A +`);
    else
      out.push(
        `${time} queries: info: client @0x7f62b80115d0 10.0.${(i >> 8) & 255}.${(i % 250) + 1}#${1024 + i} (${name}): query: ${name} IN A +E(0)K (10.0.0.53)`,
      );
  }
  return `${out.join('\n')}\n`;
}

function fortiLog(lines: number): string {
  const rnd = prng(11);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const r = rnd();
    const dst =
      r < 0.02 ? '198.51.100.23' : r < 0.04 ? `203.0.113.${i % 256}` : `20.${i & 255}.${(i >> 8) & 255}.9`;
    const extra = i % 71 === 0 ? ' hostname="www.evil.example" url="/x.php"' : '';
    out.push(
      `date=2025-11-22 time=00:00:${String(i % 60).padStart(2, '0')} devname="FGT-HN-01" devid="FG100E" logid="0000000013" type="traffic" subtype="forward" srcip=10.1.${(i >> 8) & 255}.${(i % 250) + 1} srcport=${1024 + (i % 60000)} dstip=${dst} dstport=443 action="accept"${extra}`,
    );
  }
  return out.join('\r\n'); // CRLF and no final line end
}

const files = [
  { path: path.join(dir, 'query.log'), text: bindLog(6000) },
  { path: path.join(dir, 'fortigate.log'), text: fortiLog(4000) },
  { path: path.join(dir, 'small.log'), text: bindLog(40) },
];
for (const f of files) writeFileSync(f.path, f.text);
const gz = path.join(dir, 'archive.log.gz');
writeFileSync(gz, gzipSync(bindLog(3000)));
const all = [...files.map((f) => ({ path: f.path })), { path: gz }];

async function oneThread(
  matcher: IndicatorMatcher,
  prefilter: boolean,
): Promise<{ detections: Detection[]; counters: ScanCounters }> {
  const counters = newScanCounters();
  const detections: Detection[] = [];
  for (const f of all) {
    const source = scanChunks(createReadStream(f.path, { highWaterMark: 4096 }), {
      matcher,
      formats: logFormats,
      counters,
      file: f.path,
      instantiate: instantiateLogFormat,
      ...(prefilter ? { prefilter: prefilterSafe } : {}),
    });
    for await (const d of source) detections.push(d);
  }
  return { detections, counters };
}

describe('scanFilesInParallel', () => {
  it('cuts large plain files at line starts and keeps gzip and small files whole', async () => {
    const tasks = await planTasks(all, { workers: 3, partBytes: 32 << 10 });
    const parts = tasks.filter((t) => t.path === files[0]!.path);
    expect(parts.length).toBeGreaterThan(5);
    expect(parts[0]!.range?.start).toBe(0);
    expect(parts.slice(1).every((t) => t.chosen === 'bind-query')).toBe(true);
    for (const t of parts.slice(1)) expect(files[0]!.text[t.range!.start - 1]).toBe('\n');
    expect(tasks.filter((t) => t.path === gz)).toEqual([expect.objectContaining({ range: null })]);
    expect(tasks.filter((t) => t.path === files[2]!.path)).toEqual([
      expect.objectContaining({ range: null }),
    ]);
  });

  it('reports exactly what one thread reports, in the same order, with the same counters', async () => {
    const single = await oneThread(new IndicatorMatcher(indicators), true);
    const full = await oneThread(new IndicatorMatcher(indicators), false);
    const matcher = new IndicatorMatcher(indicators);
    const counters = newScanCounters();
    const detections: Detection[] = [];
    for await (const d of scanFilesInParallel(all, { matcher, workers: 3, partBytes: 32 << 10, counters }))
      detections.push(d);

    expect(single.detections.length).toBeGreaterThan(300);
    expect(JSON.stringify(detections)).toBe(JSON.stringify(single.detections));
    expect(counters).toEqual(single.counters);
    // and the prefilter and fast paths change nothing but what is counted as skipped
    expect(JSON.stringify(single.detections)).toBe(JSON.stringify(full.detections));
    expect(single.counters.skipped).toBeGreaterThan(10_000);
    expect(single.counters.lines).toBe(full.counters.lines);
    // indicator 2 expired 30 s into the logs (local time +07:00): later hits are counted, not reported
    expect(matcher.outsideValidity).toBeGreaterThan(0);
  });

  it('names the file a worker could not read', async () => {
    const missing = path.join(dir, 'gone.log');
    const run = async () => {
      for await (const _ of scanFilesInParallel([{ path: missing }], {
        matcher: new IndicatorMatcher(indicators),
        workers: 2,
      }));
    };
    await expect(run()).rejects.toThrow(/gone\.log/);
  });
});
