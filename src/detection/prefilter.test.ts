import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCidr, makeCidr } from '../net/cidr.js';
import { parseIp } from '../net/ip.js';
import { IndicatorMatcher, type MatcherIndicator } from './matcher.js';
import type { LogEvent } from './model.js';

const bytes = (line: string) => Buffer.from(line, 'utf8');
const might = (m: IndicatorMatcher, line: string) => {
  const b = bytes(line);
  return m.mightMatchBytes(b, 0, b.length);
};

function ind(
  type: MatcherIndicator['type'],
  value: string,
  extra: Partial<MatcherIndicator> = {},
): MatcherIndicator {
  return {
    id: 1,
    type,
    value,
    exactDomain: false,
    validFrom: null,
    validUntil: null,
    threatType: null,
    family: null,
    confidence: 50,
    ...extra,
  };
}

describe('mightMatchBytes', () => {
  const m = new IndicatorMatcher([
    ind('domain', 'evil.example'),
    ind('ipv4', '45.9.148.77'),
    ind('cidr4', '185.100.86.0/23'),
    ind('url', 'http://files.example/x.exe'),
  ]);

  it('passes lines holding a listed name (or a subdomain), address, network member or URL host', () => {
    expect(might(m, '05-Jan-2026 client 10.0.0.1#53 (a.b.EVIL.example.): query: a.b.evil.example IN A')).toBe(
      true,
    );
    expect(might(m, 'srcip=10.0.0.1 dstip=45.9.148.77 dstport=443')).toBe(true);
    expect(might(m, 'srcip=10.0.0.1 dstip=185.100.87.200 dstport=443')).toBe(true);
    expect(might(m, 'GET http://files.example/other.html - HIER_DIRECT')).toBe(true);
    expect(might(m, 'connection from 45.9.148.77.')).toBe(true);
  });

  it('rules out lines with nothing listed, even near misses', () => {
    expect(might(m, '05-Jan-2026 client 10.0.0.1#53 (notevil.example): query: notevil.example IN A')).toBe(
      false,
    );
    expect(might(m, 'srcip=10.0.0.1 dstip=45.9.148.78 dstport=443 time=10:00:00')).toBe(false);
    expect(might(m, 'srcip=10.0.0.1 dstip=185.100.88.1')).toBe(false);
    expect(might(m, 'evil.example.org and example and 45.9.148')).toBe(false);
    expect(might(m, '')).toBe(false);
  });

  it('passes anything it cannot read verbatim: non-ASCII, escapes, percent signs (with URL indicators), sinkholes', () => {
    expect(might(m, 'query: bücher.example')).toBe(true);
    expect(might(m, '{"url":"http:\\/\\/x"}')).toBe(true);
    expect(might(m, 'GET http://a.example/%41')).toBe(true);
    expect(might(new IndicatorMatcher([ind('domain', 'evil.example')]), 'GET http://a.example/%41')).toBe(
      false,
    );
    expect(might(new IndicatorMatcher([], { sinkholes: ['192.0.2.0/24'] }), 'anything')).toBe(true);
  });

  it('parses IPv6 text only when IPv6 indicators exist, and not times', () => {
    const v6 = new IndicatorMatcher([ind('ipv6', '2001:db8::5'), ind('cidr6', '2001:db8:7::/48')]);
    expect(might(v6, 'src=[2001:DB8:0:0::5]:443')).toBe(true);
    expect(might(v6, 'dst=2001:db8:7:1::9 port 80')).toBe(true);
    expect(might(v6, 'dst=2001:db8:8::9 at 10:00:00')).toBe(false);
    expect(might(m, 'dst=2001:db8::5')).toBe(false);
  });

  it('works on a slice of a larger buffer', () => {
    const b = bytes('evil.example\n10.0.0.1 clean.example\n');
    expect(m.mightMatchBytes(b, 13, b.length - 1)).toBe(false);
    expect(m.mightMatchBytes(b, 0, 12)).toBe(true);
  });
});

// Soundness on random lines: whenever a value written in the line would match, the prefilter passes the line.
const labelArb = fc.constantFrom('a', 'evil', 'C2', 'mail', 'x-1', 'cdn');
const domainArb = fc
  .tuple(fc.array(labelArb, { maxLength: 3 }), fc.constantFrom('example', 'test', 'vn', 'com.vn'))
  .map(([ls, t]) => [...ls, t].join('.'));
const v4Arb = fc
  .tuple(
    fc.constantFrom(10, 45, 185, 203),
    fc.constantFrom(9, 100),
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 9 }),
  )
  .map((p) => p.join('.'));
const v6Arb = fc
  .tuple(
    fc.constantFrom('2001:db8', '2001:db8:1', 'fd00'),
    fc.integer({ min: 0, max: 2 }),
    fc.integer({ min: 0, max: 4 }),
  )
  .map(([p, a, b]) => `${p}:${a}::${b}`);
type Token = { kind: 'domain' | 'ip' | 'url' | 'noise'; text: string; value: string };
const tokenArb: fc.Arbitrary<Token> = fc.oneof(
  fc.tuple(domainArb, fc.boolean(), fc.boolean()).map(([d, upper, dot]) => ({
    kind: 'domain' as const,
    text: `${upper ? d.toUpperCase() : d}${dot ? '.' : ''}`,
    value: `${d}${dot ? '.' : ''}`,
  })),
  v4Arb.map((v) => ({ kind: 'ip' as const, text: v, value: v })),
  v6Arb.map((v) => ({ kind: 'ip' as const, text: v.toUpperCase(), value: v })),
  v6Arb.map((v) => ({ kind: 'ip' as const, text: `[${v}]:443`, value: v })),
  v4Arb.map((v) => ({ kind: 'ip' as const, text: `::ffff:${v}`, value: `::ffff:${v}` })),
  fc
    .tuple(fc.oneof(domainArb, v4Arb), fc.constantFrom('', ':8080'), fc.constantFrom('/', '/x.exe', '/a?b=1'))
    .map(([h, port, p]) => ({
      kind: 'url' as const,
      text: `http://${h}${port}${p}`,
      value: `http://${h}${port}${p}`,
    })),
  fc
    .constantFrom('query:', 'IN', 'A', '10:00:00', '0x7f00aa', '2026-01-05', 'deny', '443', '1.2.3')
    .map((t) => ({ kind: 'noise' as const, text: t, value: t })),
);
const separatorArb = fc.constantFrom(' ', '  ', '"', '=', '(', ')', '#', ',', '\t', '|', ';', '<', '>');
const indicatorArb: fc.Arbitrary<MatcherIndicator> = fc.oneof(
  fc
    .tuple(domainArb, fc.boolean())
    .map(([d, exact]) => ind('domain', d.toLowerCase(), { exactDomain: exact })),
  v4Arb.map((v) => ind('ipv4', v)),
  v6Arb.map((v) => ind('ipv6', v)),
  fc
    .tuple(v4Arb, fc.integer({ min: 8, max: 31 }))
    .map(([v, n]) => ind('cidr4', formatCidr(makeCidr(parseIp(v)!, n)))),
  fc
    .tuple(v6Arb, fc.integer({ min: 16, max: 127 }))
    .map(([v, n]) => ind('cidr6', formatCidr(makeCidr(parseIp(v)!, n)))),
  fc
    .tuple(domainArb, fc.constantFrom('/', '/x.exe'))
    .map(([d, p]) => ind('url', `http://${d.toLowerCase()}${p}`)),
);

function eventOf(token: Token): LogEvent | null {
  switch (token.kind) {
    case 'domain':
      return { format: 't', dnsQuestionName: token.value.toLowerCase().replace(/\.$/, '') };
    case 'ip':
      return { format: 't', destinationIp: token.value };
    case 'url':
      return { format: 't', urlOriginal: token.value };
    case 'noise':
      return null;
  }
}

describe('mightMatchBytes is sound', () => {
  it('never rules out a line holding a value that matches', () => {
    fc.assert(
      fc.property(
        fc.array(indicatorArb, { maxLength: 12 }),
        fc.array(fc.tuple(tokenArb, separatorArb), { minLength: 1, maxLength: 8 }),
        (indicators, parts) => {
          const matcher = new IndicatorMatcher(
            indicators.map((i, k) => ({ ...i, id: k + 1 })),
            { validity: 'ignore' },
          );
          const line = parts.map(([t, sep]) => `${t.text}${sep}`).join('');
          const hit = parts.some(([t]) => {
            const event = eventOf(t);
            return event !== null && matcher.match(event).length > 0;
          });
          if (hit) expect(might(matcher, line)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
