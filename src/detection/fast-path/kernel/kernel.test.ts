import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileKernel, kernelBinary } from '../../../../scripts/build-kernel.js';
import { IndicatorTable } from '../../indicator-table.js';
import type { MatcherIndicator } from '../../matcher.js';
import { bindQueryVerdict } from '../bind-query.js';
import { fortigateVerdict } from '../fortigate.js';
import { chunkFilterFor } from '../index.js';
import { bindLines, fortiLines, indicators } from '../test-support/lines.js';
import { SKIP } from '../verdict.js';
import { bloomBlocks, kernelFor, type ScanKernel } from './kernel.js';

function tableOf(list: readonly MatcherIndicator[]): IndicatorTable {
  const table = new IndicatorTable(list.length);
  for (const i of list) table.add(i);
  table.finish();
  return table;
}

const table = tableOf(indicators);

interface Line {
  start: number;
  end: number;
}

/** The lines of `text` as the scan cuts them (`\n` or `\r\n`; a last line without an end is not complete). */
function linesOf(bytes: Buffer): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(10); nl >= 0; nl = bytes.indexOf(10, start)) {
    out.push({ start, end: nl > start && bytes[nl - 1] === 13 ? nl - 1 : nl });
    start = nl + 1;
  }
  return out;
}

/** Every flagged line of `bytes[from, …)` as `start:end`, calling the kernel again while it is full. */
function flaggedLines(
  kernel: ScanKernel,
  bytes: Buffer,
  from = 0,
): { flagged: string[]; lines: number; consumed: number } {
  const flagged: string[] = [];
  let lines = 0;
  let at = from;
  for (;;) {
    const chunk = kernel.scan(bytes, at, bytes.length);
    for (let k = 0; k < chunk.count * 3; k += 3)
      flagged.push(`${chunk.flagged[k + 1]}:${chunk.flagged[k + 2]}`);
    lines += chunk.lines;
    at += chunk.consumed;
    if (chunk.count < kernel.cap) return { flagged, lines, consumed: at - from };
  }
}

describe('scan kernel: BIND query logs', () => {
  it('is built from its source: the committed binary is what the compiler makes of it', async () => {
    const built = await compileKernel();
    expect(Buffer.from(built).equals(readFileSync(kernelBinary))).toBe(true);
  }, 60_000);

  it('reads BIND and FortiGate logs only, and only where the fast paths may be used', () => {
    expect(chunkFilterFor(table, 'bind-query')).toBe(kernelFor(table, 'bind-query'));
    expect(chunkFilterFor(table, 'bind-query', false)).toBeNull();
    expect(chunkFilterFor(table, 'fortigate')).toBe(kernelFor(table, 'fortigate'));
    expect(chunkFilterFor(table, 'unbound')).toBeNull();
    const sinkholed = new IndicatorTable(1, ['192.0.2.53']);
    sinkholed.finish();
    expect(chunkFilterFor(sinkholed, 'bind-query')).toBeNull();
  });

  it('flags every line the JavaScript fast path would not skip, over chunks of generated lines', () => {
    const kernel = kernelFor(table, 'bind-query')!;
    expect(kernel).not.toBeNull();
    let checked = 0;
    let extra = 0;
    fc.assert(
      fc.property(fc.array(bindLines, { minLength: 1, maxLength: 40 }), fc.boolean(), (lines, crlf) => {
        const bytes = Buffer.from(`${lines.join(crlf ? '\r\n' : '\n')}\n`, 'utf8');
        const { flagged, lines: read, consumed } = flaggedLines(kernel, bytes);
        expect(read).toBe(lines.length);
        expect(consumed).toBe(bytes.length);
        const set = new Set(flagged);
        for (const { start, end } of linesOf(bytes)) {
          const key = `${start}:${end}`;
          checked++;
          if (bindQueryVerdict(table, bytes, start, end) !== SKIP) expect(set.has(key)).toBe(true);
          else if (set.has(key)) extra++;
        }
      }),
      { numRuns: 400 },
    );
    // the Bloom filter's false positives: a handful at most with four domain indicators
    expect(extra).toBeLessThan(checked / 100);
  });

  it('skips exactly the lines the JavaScript fast path skips on an ordinary log', () => {
    const kernel = kernelFor(table, 'bind-query')!;
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const name =
        i % 97 === 0 ? `www${i}.EVIL.example.` : i % 89 === 0 ? `x.bad.test.vn` : `host${i}.example.org`;
      lines.push(
        `22-Nov-2025 10:${String(i % 60).padStart(2, '0')}:00.${i % 1000} queries: info: client @0x7f${i} 10.0.${i % 250}.1#${1024 + i} (${name}): query: ${name} IN A +E(0)K (10.0.0.53)`,
      );
    }
    lines.push(
      'a line BIND never wrote',
      '',
      '22-Nov-2025 10:00:00 client 10.0.0.1#53 (x.example): query: x.example IN A',
    );
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    const expected = linesOf(bytes)
      .filter(({ start, end }) => bindQueryVerdict(table, bytes, start, end) !== SKIP)
      .map(({ start, end }) => `${start}:${end}`);
    expect(expected.length).toBeGreaterThan(40);
    expect(flaggedLines(kernel, bytes).flagged).toEqual(expected);
  });

  it('reads complete lines only, from any offset, and reports the flagged lines of a long run in several calls', () => {
    const kernel = kernelFor(table, 'bind-query')!;
    const odd = 'not a BIND line at all, so every one is left to JavaScript\n';
    const bytes = Buffer.from(`partial line\n${odd.repeat(kernel.cap + 500)}no end`);
    const first = kernel.scan(bytes, 13, bytes.length);
    expect(first.count).toBe(kernel.cap);
    expect(first.lines).toBe(kernel.cap);
    expect(first.flagged[1]).toBe(13);
    const all = flaggedLines(kernel, bytes, 13);
    expect(all.lines).toBe(kernel.cap + 500);
    expect(all.flagged).toHaveLength(kernel.cap + 500);
    expect(all.consumed).toBe(bytes.length - 13 - 'no end'.length);
  });

  it('with no domain indicators flags only the lines it cannot read', () => {
    const kernel = kernelFor(tableOf(indicators.filter((i) => i.type !== 'domain')), 'bind-query')!;
    const bytes = Buffer.from(
      '22-Nov-2025 10:00:00.000 queries: info: client 10.0.0.1#53 (evil.example): query: evil.example IN A\nodd\n',
    );
    expect(flaggedLines(kernel, bytes).flagged).toEqual([
      `${bytes.indexOf('odd')}:${bytes.indexOf('odd') + 3}`,
    ]);
  });

  it('never traps or loops on arbitrary bytes, and counts every complete line', () => {
    const kernel = kernelFor(table, 'bind-query')!;
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc
        .array(fc.oneof(bindLines, fc.string({ maxLength: 80 })), { maxLength: 20 })
        .map((lines) => new TextEncoder().encode(lines.join('\n'))),
    );
    fc.assert(
      fc.property(bytes, fc.nat(), (raw, cut) => {
        const buffer = Buffer.from(raw);
        const from = buffer.length === 0 ? 0 : cut % buffer.length;
        const lastEnd = buffer.lastIndexOf(10);
        const { lines, consumed } = flaggedLines(kernel, buffer, from);
        let expected = 0;
        for (let i = from; i < buffer.length; i++) if (buffer[i] === 10) expected++;
        expect(lines).toBe(expected);
        expect(consumed).toBe(lastEnd >= from ? lastEnd + 1 - from : 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('Bloom filter: holds every hash it was built from, and few others', () => {
    const hashes = Uint32Array.from({ length: 20_000 }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);
    const { words, blockMask } = bloomBlocks(hashes);
    const holds = (hash: number) => {
      const block = (hash & blockMask) * 16;
      const mixed = Math.imul(hash, 0x9e3779b1) >>> 0;
      return [mixed >>> 23, (mixed >>> 14) & 511, (mixed >>> 5) & 511, hash >>> 23].every(
        (bit) => (words[block + (bit >>> 5)]! & (1 << (bit & 31))) !== 0,
      );
    };
    expect([...hashes].every(holds)).toBe(true);
    let false_ = 0;
    for (let i = 0; i < 100_000; i++) if (holds(Math.imul(i + 7_777_777, 0x85ebca6b) >>> 0)) false_++;
    expect(false_ / 100_000).toBeLessThan(0.006);
  });
});

describe('scan kernel: FortiGate logs', () => {
  it('flags every line the JavaScript fast path would not skip, over chunks of generated lines', () => {
    const kernel = kernelFor(table, 'fortigate')!;
    let checked = 0;
    let extra = 0;
    fc.assert(
      fc.property(fc.array(fortiLines, { minLength: 1, maxLength: 30 }), fc.boolean(), (lines, crlf) => {
        const bytes = Buffer.from(`${lines.join(crlf ? '\r\n' : '\n')}\n`, 'utf8');
        const { flagged, lines: read } = flaggedLines(kernel, bytes);
        expect(read).toBe(lines.length);
        const set = new Set(flagged);
        for (const { start, end } of linesOf(bytes)) {
          checked++;
          const key = `${start}:${end}`;
          if (fortigateVerdict(table, bytes, start, end) !== SKIP) expect(set.has(key)).toBe(true);
          else if (set.has(key)) extra++;
        }
      }),
      { numRuns: 400 },
    );
    expect(extra).toBeLessThan(checked / 100);
  });

  it('skips exactly the lines the JavaScript fast path skips on an ordinary traffic log', () => {
    const kernel = kernelFor(table, 'fortigate')!;
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const dst =
        i % 97 === 0 ? '198.51.100.23' : i % 89 === 0 ? `203.0.113.${i % 250}` : `20.${i % 200}.3.${i % 250}`;
      const port = i % 101 === 0 ? 4444 : 443;
      lines.push(
        `date=2025-11-22 time=10:00:00 devname="FGT-HN-01" logid="0000000013" type="traffic" subtype="forward" srcip=10.0.${i % 250}.1 srcport=${1024 + i} dstip=${dst} dstport=${port} action="accept" service="HTTPS" sentbyte=${i}`,
      );
    }
    lines.push(
      'date=2025-11-22 hostname="www.evil.example" srcip=10.0.0.1 dstip=192.0.2.200',
      'odd line',
      '',
    );
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    const expected = linesOf(bytes)
      .filter(({ start, end }) => fortigateVerdict(table, bytes, start, end) !== SKIP)
      .map(({ start, end }) => `${start}:${end}`);
    expect(expected.length).toBeGreaterThan(40);
    expect(flaggedLines(kernel, bytes).flagged).toEqual(expected);
  });

  it('never traps or loops on arbitrary bytes', () => {
    const kernel = kernelFor(table, 'fortigate')!;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 600 }),
          fc.array(fortiLines, { maxLength: 10 }).map((l) => new TextEncoder().encode(l.join('\n'))),
        ),
        (raw) => {
          const buffer = Buffer.from(raw);
          let expected = 0;
          for (const byte of buffer) if (byte === 10) expected++;
          expect(flaggedLines(kernel, buffer).lines).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
