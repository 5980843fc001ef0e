import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseFormat, LineReader } from './format-selector.js';
import { IndicatorMatcher, type Detection, type MatcherIndicator } from './matcher.js';
import { defaultParseContext, type LogEvent, type LogFormatDefinition } from './model.js';
import { instantiateLogFormat, logFormats, prefilterSafe } from './logs/registry.js';
import { fileChunks, newScanCounters, scanChunks, scanLines, SAMPLES_PER_FORMAT } from './scan.js';

/** Test-only formats: `Q|time|client|name` (DNS) and `F|client|server|port` (flows); `#` lines are headers. */
const queryFormat: LogFormatDefinition = {
  id: 'test-query',
  title: 'test DNS query lines',
  detect: (line) => (line.startsWith('Q|') ? 1 : line.startsWith('#Q') ? 0.5 : 0),
  parse(line) {
    if (!line.startsWith('Q|')) return null;
    const [, time, client, name] = line.split('|');
    if (!client || !name) return null;
    const event: LogEvent = { format: 'test-query', sourceIp: client, dnsQuestionName: name };
    if (time) event.time = time;
    return event;
  },
};
const flowFormat: LogFormatDefinition = {
  id: 'test-flow',
  title: 'test flow lines',
  detect: (line) => (line.startsWith('F|') ? 0.9 : 0),
  parse(line) {
    const [tag, client, server, port] = line.split('|');
    if (tag !== 'F' || !client || !server) return null;
    return { format: 'test-flow', sourceIp: client, destinationIp: server, destinationPort: Number(port) };
  },
};
/** A format that throws, to prove one bad parser cannot stop a scan. */
const brokenFormat: LogFormatDefinition = {
  id: 'test-broken',
  title: 'throws',
  detect: (line) => {
    if (line.includes('boom')) throw new Error('detector bug');
    return 0;
  },
  parse: () => {
    throw new Error('parser bug');
  },
};
const formats = [queryFormat, flowFormat, brokenFormat];

const base = {
  exactDomain: false,
  validFrom: null,
  validUntil: null,
  threatType: 'c2' as const,
  family: 'testbot',
  confidence: 90,
};
const indicators: MatcherIndicator[] = [
  { ...base, id: 1, type: 'domain', value: 'evil.example' },
  { ...base, id: 2, type: 'ipv4', value: '198.51.100.23' },
];
const matcher = () => new IndicatorMatcher(indicators, { validity: 'ignore' });

async function collect(source: AsyncIterable<Detection>): Promise<Detection[]> {
  const out: Detection[] = [];
  for await (const d of source) out.push(d);
  return out;
}

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? new TextEncoder().encode(p) : p;
}

describe('chooseFormat', () => {
  it('picks the format most sample lines vote for', () => {
    const choice = chooseFormat(
      ['#Q header', 'Q|t|10.0.0.1|a.example', 'Q|t|10.0.0.1|b.example', '', 'junk'],
      formats,
    );
    expect(choice).toMatchObject({ mixed: false, votes: [{ id: 'test-query', lines: 3 }] });
    expect(choice.format).toBe(queryFormat);
  });

  it('calls a file mixed when no format has 80% of the recognised lines, and gives up on unknown files', () => {
    expect(chooseFormat(['Q|t|1.1.1.1|a', 'F|1|2|3', 'Q|t|1.1.1.1|b', 'F|1|2|3'], formats).mixed).toBe(true);
    expect(chooseFormat(['hello', 'boom'], formats)).toEqual({ format: null, mixed: true, votes: [] });
  });
});

describe('LineReader', () => {
  it('reads with the file format, falls back per line, and classifies what nobody reads', () => {
    const reader = new LineReader(formats, defaultParseContext(), {
      choice: chooseFormat(['Q|t|10.0.0.1|a.example'], formats),
    });
    expect(reader.read('Q||10.0.0.1|a.example')).toMatchObject({
      format: 'test-query',
      dnsQuestionName: 'a.example',
    });
    expect(reader.read('F|10.0.0.1|192.0.2.1|443')).toMatchObject({
      format: 'test-flow',
      destinationPort: 443,
    });
    expect(reader.lastFormat).toBe(flowFormat);
    expect(reader.read('#Q stats line')).toBeNull();
    expect(reader.lastOutcome).toBe('no-event');
    expect(reader.read('boom and garbage')).toBeNull();
    expect(reader.lastOutcome).toBe('not-understood');
    expect(reader.read('   ')).toBeNull();
    expect(reader.lastOutcome).toBe('blank');
  });

  it('with a forced format, reads only with it', () => {
    const reader = new LineReader(formats, defaultParseContext(), { forced: queryFormat });
    expect(reader.read('F|10.0.0.1|192.0.2.1|443')).toBeNull();
    expect(reader.lastOutcome).toBe('not-understood');
  });

  it('survives a parser that throws', () => {
    const reader = new LineReader(formats, defaultParseContext(), { forced: brokenFormat });
    expect(reader.read('anything')).toBeNull();
  });
});

describe('scanLines', () => {
  it('detects per file, counts lines, events and not-understood lines, and records origins', async () => {
    const counters = newScanCounters();
    const lines = [
      'Q|2025-01-01T00:00:00Z|10.0.0.1|clean.example',
      'Q|2025-01-01T00:00:01Z|10.0.0.2|x.evil.example',
      'garbage',
      '',
      'F|10.0.0.3|198.51.100.23|443',
    ];
    const found = await collect(scanLines(lines, { matcher: matcher(), formats, counters, file: 'dns.log' }));
    expect(found.map((d) => [d.internalHost, d.matched, d.how, d.origin?.line, d.origin?.file])).toEqual([
      ['10.0.0.2', 'evil.example', 'parent-domain', 2, 'dns.log'],
      ['10.0.0.3', '198.51.100.23', 'exact', 5, 'dns.log'],
    ]);
    expect(found[0]!.origin!.raw).toBe(lines[1]);
    expect(counters).toMatchObject({
      files: 1,
      lines: 5,
      parsed: 3,
      withoutEvent: 1,
      notUnderstood: 1,
      detections: 2,
    });
    expect(counters.samples).toEqual({ 'test-query': [{ file: 'dns.log', line: 3, text: 'garbage' }] });
    // Two query lines and one flow line: no format has 80%, so each line is read by whoever claims it.
    expect(counters.formats).toEqual([{ file: 'dns.log', format: 'test-query', mixed: true }]);
  });

  it('keeps at most 20 samples per format and never stops on bad lines', async () => {
    const counters = newScanCounters();
    const lines = [...Array.from({ length: 100 }, (_, i) => `junk ${i} boom`), 'Q||10.0.0.9|evil.example'];
    const found = await collect(scanLines(lines, { matcher: matcher(), formats, counters }));
    expect(found).toHaveLength(1);
    expect(counters.notUnderstood).toBe(100);
    expect(counters.samples.unknown).toHaveLength(SAMPLES_PER_FORMAT);
    expect(counters.formats[0]).toEqual({ file: '-', format: null, mixed: true });
  });

  it('uses one counters object across files', async () => {
    const counters = newScanCounters();
    await collect(
      scanLines(['Q||10.0.0.1|evil.example'], { matcher: matcher(), formats, counters, file: 'a' }),
    );
    await collect(
      scanLines(['F|10.0.0.1|198.51.100.23|80'], { matcher: matcher(), formats, counters, file: 'b' }),
    );
    expect(counters).toMatchObject({ files: 2, lines: 2, detections: 2 });
    expect(counters.formats.map((f) => f.format)).toEqual(['test-query', 'test-flow']);
  });
});

describe('scanChunks', () => {
  const text = 'Q||10.0.0.1|evil.example\r\nQ||10.0.0.2|clean.example\nQ||10.0.0.3|a.evil.example';

  it('splits lines across chunk boundaries (CRLF too, last line without newline)', async () => {
    const counters = newScanCounters();
    const found = await collect(
      scanChunks(chunks(text.slice(0, 7), text.slice(7, 30), text.slice(30)), {
        matcher: matcher(),
        formats,
        counters,
      }),
    );
    expect(found.map((d) => d.internalHost)).toEqual(['10.0.0.1', '10.0.0.3']);
    expect(counters.lines).toBe(3);
    expect(counters.bytes).toBe(text.length);
  });

  it('reads gzip input', async () => {
    const zipped = gzipSync(Buffer.from(text));
    const counters = newScanCounters();
    const found = await collect(
      scanChunks(chunks(zipped.subarray(0, 10), zipped.subarray(10)), {
        matcher: matcher(),
        formats,
        counters,
      }),
    );
    expect(found).toHaveLength(2);
    expect(counters.bytes).toBe(zipped.length);
  });

  it('handles multi-byte UTF-8 split between chunks and an empty input', async () => {
    const bytes = new TextEncoder().encode('Q||10.0.0.1|evil.example\nQ||10.0.0.1|bücher.example\n');
    const split = bytes.indexOf(0xc3) + 1;
    const counters = newScanCounters();
    await collect(
      scanChunks(chunks(bytes.subarray(0, split), bytes.subarray(split)), {
        matcher: matcher(),
        formats,
        counters,
      }),
    );
    expect(counters.parsed).toBe(2);
    expect(await collect(scanChunks(chunks(), { matcher: matcher(), formats }))).toEqual([]);
  });
});

describe('scanChunks on a BIND query log (the WebAssembly kernel reads it)', () => {
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    const name = i % 37 === 0 ? `c${i}.EVIL.example` : `host${i}.example.org`;
    lines.push(
      `22-Nov-2025 10:00:${String(i % 60).padStart(2, '0')}.${i} queries: info: client @0x7f${i} 10.0.0.${(i % 250) + 1}#${1024 + i} (${name}): query: ${name} IN A +E(0)K (10.0.0.53)`,
    );
    if (i % 101 === 0) lines.push('a line no parser reads', '');
  }
  const bytes = Buffer.from(`\ufeff${lines.join('\n').replace(/\n(?=22-Nov-2025 10:00:1)/g, '\r\n')}`);

  /** `bytes` cut at `cuts`, every piece handed over in the same buffer (as `fileChunks` does). */
  async function* reused(cuts: number[]): AsyncGenerator<Uint8Array> {
    const buf = Buffer.alloc(bytes.length);
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      if (cut <= from) continue;
      const piece = buf.subarray(0, cut - from);
      buf.fill(0x2a); // what was handed over before must not be read again
      bytes.copy(piece, 0, from, cut);
      from = cut;
      yield piece;
    }
  }

  async function scan(source: AsyncIterable<Uint8Array>, fast = true, prefilter = true) {
    const counters = newScanCounters();
    const found = await collect(
      scanChunks(source, {
        matcher: matcher(),
        formats: logFormats,
        counters,
        instantiate: instantiateLogFormat,
        fastPath: fast,
        ...(prefilter ? { prefilter: prefilterSafe } : {}),
      }),
    );
    const { lines: read, parsed, skipped, notUnderstood, withoutEvent } = counters;
    return {
      detections: found.map((d) => `${d.origin?.line}:${d.indicator.id}:${d.origin?.raw}`),
      counts: { read, parsed, skipped, notUnderstood, withoutEvent },
    };
  }

  it('finds what parsing every line finds, and counts the same whatever the chunks', async () => {
    const whole = await scan(reused([]));
    const parsedAll = await scan(reused([]), false, false);
    expect(whole.detections).toHaveLength(11);
    expect(whole.detections).toEqual(parsedAll.detections);
    expect(whole.counts.read).toBe(parsedAll.counts.read);
    expect(whole.counts.skipped).toBeGreaterThan(330);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }),
        async (cuts) => {
          const split = await scan(reused([...new Set(cuts)].sort((a, b) => a - b)));
          expect(split).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads a file, or a byte range of it, through one reused buffer', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lamsach-scan-'));
    try {
      const file = path.join(dir, 'query.log');
      writeFileSync(file, bytes);
      const parts: Buffer[] = [];
      for await (const chunk of fileChunks(file, null, 1000)) parts.push(Buffer.from(chunk));
      expect(Buffer.concat(parts).equals(bytes)).toBe(true);
      expect(parts[0]!.length).toBe(1000);
      const ranged: Buffer[] = [];
      for await (const chunk of fileChunks(file, { start: 10, end: 2500 }, 1000))
        ranged.push(Buffer.from(chunk));
      expect(Buffer.concat(ranged).equals(bytes.subarray(10, 2500))).toBe(true);
      expect(await scan(fileChunks(file, null, 777))).toEqual(await scan(reused([])));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
