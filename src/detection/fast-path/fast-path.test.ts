import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineReader } from '../format-selector.js';
import { IndicatorTable } from '../indicator-table.js';
import { bindQueryFormat } from '../logs/dns/bind.js';
import { fortigateFormat } from '../logs/network/fortigate.js';
import { logFormats } from '../logs/registry.js';
import { IndicatorMatcher } from '../matcher.js';
import { defaultParseContext, type LogFormatDefinition } from '../model.js';
import { bindQueryVerdict } from './bind-query.js';
import { fortigateVerdict } from './fortigate.js';
import { bindLines, fortiLines, indicators } from './test-support/lines.js';
import { SKIP, UNSURE, type Verdict } from './verdict.js';

const table = new IndicatorTable(indicators.length);
for (const i of indicators) table.add(i);
table.finish();
const matcher = new IndicatorMatcher(indicators);

/** Detections of the full path: the file's format chosen as in a scan, the line parsed and matched. */
function detections(format: LogFormatDefinition, line: string): number {
  const reader = new LineReader(logFormats, defaultParseContext(), {
    choice: { format, mixed: false, votes: [] },
  });
  const event = reader.read(line);
  return event === null ? 0 : matcher.match(event).length;
}

function verdictOf(
  fast: (t: IndicatorTable, b: Uint8Array, s: number, e: number) => Verdict,
  line: string,
): Verdict {
  // Inside a larger buffer, as in a chunk: the fast path must stay within [start, end).
  const bytes = Buffer.from(`xx\n${line}\nclient ): query: evil.example dstip=198.51.100.23`, 'utf8');
  const start = 3;
  return fast(table, bytes, start, start + Buffer.byteLength(line));
}

describe('fast paths agree with parsing every line', () => {
  it('BIND: a line the fast path skips gives no detection when parsed and matched', () => {
    let skipped = 0;
    fc.assert(
      fc.property(bindLines, (line) => {
        if (verdictOf(bindQueryVerdict, line) !== SKIP) return;
        skipped++;
        expect(detections(bindQueryFormat, line)).toBe(0);
      }),
      { numRuns: 3000 },
    );
    expect(skipped).toBeGreaterThan(100); // the generator reaches the fast path's own shapes
  });

  it('FortiGate: a line the fast path skips gives no detection when parsed and matched', () => {
    let skipped = 0;
    fc.assert(
      fc.property(fortiLines, (line) => {
        if (verdictOf(fortigateVerdict, line) !== SKIP) return;
        skipped++;
        expect(detections(fortigateFormat, line)).toBe(0);
      }),
      { numRuns: 3000 },
    );
    expect(skipped).toBeGreaterThan(100);
  });

  it('reads the common shapes itself and leaves odd ones to the general prefilter', () => {
    const bind = (
      name: string,
      prefix = '22-Nov-2025 10:00:00.000 queries: info: client @0x7f 10.0.0.1#53',
    ) => verdictOf(bindQueryVerdict, `${prefix} (${name}): query: ${name} IN A +E(0)K (10.0.0.53)`);
    expect(bind('www.example.com')).toBe(SKIP);
    expect(bind('a.b.EVIL.example.')).not.toBe(SKIP);
    // an exact-domain indicator's subdomain is the matcher's to rule out
    expect(bind('sub.exact.example')).not.toBe(SKIP);
    expect(bind('www.\u212a.example')).toBe(UNSURE);
    expect(bind('x.example', '22-Nov-2025 10:00:00 client 10.0.0.1#53')).toBe(SKIP);
    expect(bind('x.example', 'Nov 22 10:00:00 ns1 named[1]: client 10.0.0.1#53')).toBe(UNSURE);
    expect(bind('x.example', '22-Nov-2025 10:00:00.000 client 2001:db8::1#53')).toBe(UNSURE);
    const forti = (pairs: string) =>
      verdictOf(fortigateVerdict, `date=2025-11-22 time=10:00:00 devname="FGT" ${pairs}`);
    expect(forti('srcip=10.0.0.1 dstip=192.0.2.200 dstport=443')).toBe(SKIP);
    expect(forti('srcip=10.0.0.1 dstip=203.0.113.9 dstport=443')).not.toBe(SKIP);
    expect(forti('srcip=10.0.0.1 dstip=192.0.2.1 dstport=443')).not.toBe(SKIP); // port: the matcher decides
    expect(forti('srcip=10.0.0.1 dstip=192.0.2.200 hostname="evil.example"')).toBe(UNSURE);
    expect(forti('srcip=10.0.0.1 dstip=2001:db8::1')).toBe(UNSURE);
  });
});
