/**
 * Indicators and generated log lines shared by the fast-path tests: mostly the shapes the fast
 * paths read, sometimes odd ones, so both their own reading and their fallbacks are exercised.
 */
import fc from 'fast-check';
import type { MatcherIndicator } from '../../matcher.js';

const base = {
  exactDomain: false,
  validFrom: null,
  validUntil: null,
  threatType: 'c2' as const,
  family: null,
  confidence: 80,
};
export const indicators: MatcherIndicator[] = [
  { ...base, id: 1, type: 'domain', value: 'evil.example' },
  { ...base, id: 2, type: 'domain', value: 'bad.test.vn' },
  { ...base, id: 3, type: 'domain', value: 'exact.example', exactDomain: true },
  { ...base, id: 4, type: 'domain', value: 'k.example' },
  { ...base, id: 5, type: 'ipv4', value: '198.51.100.23' },
  { ...base, id: 6, type: 'cidr4', value: '203.0.113.0/24' },
  { ...base, id: 7, type: 'ipv4', value: '192.0.2.1', port: 4444 },
];

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

export const bindLines = fc
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
export const fortiLines = fc
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
