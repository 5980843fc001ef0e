import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineReader } from '../format-selector.js';
import { IndicatorTable } from '../indicator-table.js';
import { bindQueryFormat } from '../logs/dns/bind.js';
import { fortigateFormat } from '../logs/network/fortigate.js';
import { logFormats } from '../logs/registry.js';
import { IndicatorMatcher, type MatcherIndicator } from '../matcher.js';
import { defaultParseContext, type LogFormatDefinition } from '../model.js';
import { bindQueryVerdict } from './bind-query.js';
import { fortigateVerdict } from './fortigate.js';
import { SKIP, UNSURE, type Verdict } from './verdict.js';

const base = {
  exactDomain: false,
  validFrom: null,
  validUntil: null,
  threatType: 'c2' as const,
  family: null,
  confidence: 80,
};
const indicators: MatcherIndicator[] = [
  { ...base, id: 1, type: 'domain', value: 'evil.example' },
  { ...base, id: 2, type: 'domain', value: 'bad.test.vn' },
  { ...base, id: 3, type: 'domain', value: 'exact.example', exactDomain: true },
  { ...base, id: 4, type: 'domain', value: 'k.example' },
  { ...base, id: 5, type: 'ipv4', value: '198.51.100.23' },
  { ...base, id: 6, type: 'cidr4', value: '203.0.113.0/24' },
  { ...base, id: 7, type: 'ipv4', value: '192.0.2.1', port: 4444 },
];
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

const names = fc.oneof(
  fc.constantFrom(
    'evil.example',
    'www.EVIL.example.',
    'evil.example..',
    'a.b.bad.test.vn',
    'test.vn',
    'exact.example',
    'sub.exact.example',
    'example',
    'notevil.example',
    'evil.example.org',
    '.',
    '',
    'evil\\.example',
    'a\\032b.evil.example',
    'www.\u212a.example', // Kelvin sign: lower-cases to `k`
    'xn--mnchen-3ya.example',
    'évil.example',
    'evil.example)',
  ),
  fc
    .array(fc.constantFrom('a', 'evil', 'example', 'bad', 'test', 'vn', 'K', '-', '1', ''), {
      minLength: 1,
      maxLength: 5,
    })
    .map((labels) => labels.join('.')),
);

/** Mostly the usual shape, sometimes an odd one, so that both paths are exercised. */
const pick = (usual: string[], odd: string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...usual) },
    { weight: 1, arbitrary: fc.constantFrom(...odd) },
  );

const bindLines = fc
  .record({
    time: pick(
      ['22-Nov-2025 00:00:00.000', '22-nov-2025 23:59:59', '22-Nov-2025 00:00:00,5'],
      ['22-Nov-2025 00:00:00.', '22-Xyz-2025 00:00:00.000', '2-Nov-2025 00:00:00.000', ''],
    ),
    gap: pick([' ', '  ', '\t'], ['']),
    prefixes: pick(['queries: info: ', '', 'info: '], ['queries: info: extra: more: ', 'view x: ', 'Q: ']),
    pointer: pick(['@0x7f62b80115d0 ', '', '@0x1  '], ['@0x']),
    client: pick(['10.0.0.1', '198.51.100.23'], ['10.0.0.01', '256.1.1.1', '2001:db8::1', '10.0.0']),
    port: pick(['#53', '#1024'], ['#123456', '#', '']),
    clientName: fc.option(names, { nil: undefined, freq: 8 }),
    view: pick([''], ['view internal: ', 'UDP: ']),
    verb: pick(['query: '], ['query:', 'answer: ', 'rpz QNAME NXDOMAIN rewrite ']),
    name: names,
    rest: pick(
      [' IN A +E(0)K (10.0.0.53)', '\tIN A', ''],
      [' IN A + (10.0.0.53) -> NOERROR A 198.51.100.23'],
    ),
  })
  .map(
    (p) =>
      `${p.time}${p.time === '' ? '' : p.gap}${p.prefixes}client ${p.pointer}${p.client}${p.port}${p.clientName === undefined ? '' : ` (${p.clientName})`}: ${p.view}${p.verb}${p.name}${p.rest}`,
  );

const ipValues = fc.constantFrom(
  '198.51.100.23',
  '203.0.113.77',
  '192.0.2.1',
  '10.0.0.1',
  '198.51.100.023',
  '[198.51.100.23]',
  '198.51.100.23%eth0',
  '::ffff:198.51.100.23',
  '2001:db8::1',
  '"198.51.100.23"',
  '"198.51.100.\\23"',
  '',
  'none',
);
const fortiPair = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('srcip', 'dstip', 'src', 'dst', 'remip', 'userip', 'ip', 'locip', 'xdstip', 'DSTIP'),
      ipValues,
    )
    .map(([k, v]) => `${k}=${v}`),
  fc.constantFrom(
    'devname="FGT-HN-01"',
    'logid="0000000013"',
    'type="traffic"',
    'dstport=4444',
    'dstport=443',
    'msg="dstip=198.51.100.23 blocked"',
    'msg="a \\" dstip=198.51.100.23"',
    'hostname="www.evil.example"',
    'url="/x"',
    'qname="evil.example"',
    'ipaddr="198.51.100.23"',
    'ui="GUI(198.51.100.23)"',
    'bareword',
    '=novalue',
    'action="deny"',
    'unterminated="abc',
  ),
);
const fortiLines = fc
  .record({
    head: fc.constantFrom(
      'date=2025-11-22 time=10:00:00',
      'date=2025-11-22,time=10:00:00',
      'logver=700 ',
      'Nov 22 10:00:00 fw ',
      'CEF:0|Fortinet|Fortigate|7.0|13|traffic|3|',
      'a=CEF:0|Fortinet|x',
      'date="2025 11 22",srcip=198.51.100.23',
      '',
    ),
    pairs: fc.array(fortiPair, { maxLength: 8 }),
    sep: fc.constantFrom(' ', '  ', '\t', ','),
  })
  .map((p) => [p.head, ...p.pairs].join(p.sep).replace(/^ +/, ''));

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
