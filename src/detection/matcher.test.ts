import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseIndicator } from '../intel/normalise.js';
import { formatCidr, makeCidr, parseCidr } from '../net/cidr.js';
import { parseIp, type ParsedIp } from '../net/ip.js';
import { IndicatorMatcher, type Detection, type MatcherIndicator, type MatcherOptions } from './matcher.js';
import type { LogEvent } from './model.js';

let nextId = 1;
function ind(
  type: MatcherIndicator['type'],
  value: string,
  extra: Partial<MatcherIndicator> = {},
): MatcherIndicator {
  return {
    id: nextId++,
    type,
    value,
    exactDomain: false,
    validFrom: null,
    validUntil: null,
    threatType: 'c2',
    family: 'testbot',
    confidence: 80,
    ...extra,
  };
}

const summary = (ds: readonly Detection[]) =>
  ds.map((d) => `${d.field} ${d.how} ${d.matched} ${d.direction} ${d.internalHost ?? '-'}`);

describe('IndicatorMatcher: domains', () => {
  const matcher = new IndicatorMatcher([
    ind('domain', 'evil.example', { id: 1 }),
    ind('domain', 'b.evil.example', { id: 2, family: 'deeper' }),
    ind('domain', 'only.example', { id: 3, exactDomain: true }),
  ]);

  it('reports the name itself as exact and a listed parent as parent-domain', () => {
    expect(
      summary(matcher.match({ format: 't', dnsQuestionName: 'evil.example', sourceIp: '10.1.1.1' })),
    ).toEqual(['dns.question.name exact evil.example outbound 10.1.1.1']);
    const hits = matcher.match({ format: 't', dnsQuestionName: 'x.a.evil.example', sourceIp: '10.1.1.2' });
    expect(summary(hits)).toEqual(['dns.question.name parent-domain evil.example outbound 10.1.1.2']);
    expect(hits[0]!.observed).toBe('x.a.evil.example');
    expect(hits[0]!.indicator).toMatchObject({
      id: 1,
      type: 'domain',
      value: 'evil.example',
      family: 'testbot',
      threatType: 'c2',
      confidence: 80,
    });
  });

  it('prefers the most specific listed domain', () => {
    const hits = matcher.match({ format: 't', dnsQuestionName: 'a.b.evil.example' });
    expect(hits.map((d) => [d.matched, d.how, d.indicator.family])).toEqual([
      ['b.evil.example', 'parent-domain', 'deeper'],
    ]);
  });

  it('matches whole labels only, folds case and ignores a trailing dot', () => {
    expect(matcher.match({ format: 't', dnsQuestionName: 'notevil.example' })).toHaveLength(0);
    expect(matcher.match({ format: 't', dnsQuestionName: 'evil.example.org' })).toHaveLength(0);
    expect(summary(matcher.match({ format: 't', dnsQuestionName: 'WWW.Evil.Example.' }))).toEqual([
      'dns.question.name parent-domain evil.example outbound -',
    ]);
  });

  it('matches an exact-domain indicator on the name itself only', () => {
    expect(summary(matcher.match({ format: 't', dnsQuestionName: 'only.example' }))).toEqual([
      'dns.question.name exact only.example outbound -',
    ]);
    expect(matcher.match({ format: 't', dnsQuestionName: 'sub.only.example' })).toHaveLength(0);
  });

  it('returns the same empty result for misses', () => {
    const a = matcher.match({ format: 't', dnsQuestionName: 'clean.example' });
    expect(a).toHaveLength(0);
    expect(a).toBe(matcher.match({ format: 't', destinationIp: '192.0.2.1' }));
  });
});

describe('IndicatorMatcher: indicator ids', () => {
  it('hands back every id as given, small or not (held in 4 bytes while they fit)', () => {
    for (const ids of [
      [1, 2, 0xffffffff],
      [1, 2 ** 40, 3],
      [7, -5, 9],
    ]) {
      const matcher = new IndicatorMatcher(ids.map((id, k) => ind('domain', `d${k}.example`, { id })));
      const found = ids.map((_, k) => matcher.match({ format: 't', dnsQuestionName: `d${k}.example` })[0]!);
      expect(found.map((d) => d.indicator.id)).toEqual(ids);
      const shared = IndicatorMatcher.fromSnapshot(matcher.share());
      expect(shared.match({ format: 't', dnsQuestionName: 'd1.example' })[0]!.indicator.id).toBe(ids[1]);
    }
  });
});

describe('IndicatorMatcher: addresses', () => {
  const matcher = new IndicatorMatcher([
    ind('ipv4', '198.51.100.7', { id: 10 }),
    ind('cidr4', '198.51.100.0/24', { id: 11 }),
    ind('cidr4', '198.51.0.0/16', { id: 12 }),
    ind('ipv6', '2001:db8::66', { id: 13 }),
    ind('cidr6', '2001:db8:abcd::/48', { id: 14 }),
    ind('ipv4', '203.0.113.9', { id: 15, port: 4444 }),
  ]);

  it('matches exact addresses before networks, and the longest prefix among networks', () => {
    expect(
      summary(matcher.match({ format: 't', sourceIp: '10.0.0.5', destinationIp: '198.51.100.7' })),
    ).toEqual(['destination.ip exact 198.51.100.7 outbound 10.0.0.5']);
    expect(
      summary(matcher.match({ format: 't', sourceIp: '10.0.0.5', destinationIp: '198.51.100.8' })),
    ).toEqual(['destination.ip inside-cidr 198.51.100.0/24 outbound 10.0.0.5']);
    expect(
      summary(matcher.match({ format: 't', sourceIp: '10.0.0.5', destinationIp: '198.51.7.1' })),
    ).toEqual(['destination.ip inside-cidr 198.51.0.0/16 outbound 10.0.0.5']);
  });

  it('reports a listed source address as inbound, with the destination as the internal host', () => {
    expect(
      summary(
        matcher.match({
          format: 't',
          sourceIp: '198.51.100.7',
          destinationIp: '10.0.0.9',
          destinationPort: 22,
        }),
      ),
    ).toEqual(['source.ip exact 198.51.100.7 inbound 10.0.0.9']);
  });

  it('matches IPv6 exactly and inside networks, and IPv4-mapped addresses as IPv4', () => {
    expect(summary(matcher.match({ format: 't', destinationIp: '2001:DB8::66' }))).toEqual([
      'destination.ip exact 2001:db8::66 outbound -',
    ]);
    expect(summary(matcher.match({ format: 't', destinationIp: '2001:db8:abcd:1::1' }))).toEqual([
      'destination.ip inside-cidr 2001:db8:abcd::/48 outbound -',
    ]);
    expect(summary(matcher.match({ format: 't', destinationIp: '::ffff:198.51.100.7' }))).toEqual([
      'destination.ip exact 198.51.100.7 outbound -',
    ]);
    expect(matcher.match({ format: 't', destinationIp: '2001:db8:abce::1' })).toHaveLength(0);
  });

  it('matches an indicator with a port on that destination port only (or when the port is unknown)', () => {
    expect(
      summary(matcher.match({ format: 't', destinationIp: '203.0.113.9', destinationPort: 4444 })),
    ).toEqual(['destination.ip exact 203.0.113.9 outbound -']);
    expect(matcher.match({ format: 't', destinationIp: '203.0.113.9', destinationPort: 443 })).toHaveLength(
      0,
    );
    expect(matcher.match({ format: 't', destinationIp: '203.0.113.9' })).toHaveLength(1);
    // Inbound, the indicator's port is the connection's source port.
    expect(
      matcher.match({
        format: 't',
        sourceIp: '203.0.113.9',
        sourcePort: 4444,
        destinationIp: '10.0.0.1',
        destinationPort: 80,
      }),
    ).toHaveLength(1);
    expect(
      matcher.match({
        format: 't',
        sourceIp: '203.0.113.9',
        sourcePort: 50000,
        destinationIp: '10.0.0.1',
        destinationPort: 4444,
      }),
    ).toHaveLength(0);
  });

  it('ignores text that is not an address', () => {
    expect(
      matcher.match({ format: 't', destinationIp: '198.51.100.700', sourceIp: 'localhost' }),
    ).toHaveLength(0);
  });
});

describe('IndicatorMatcher: URLs and web events', () => {
  const matcher = new IndicatorMatcher([
    ind('url', 'http://bad.example/payload.exe', { id: 20 }),
    ind('url', 'https://shop.example/login.php?id=1', { id: 21 }),
    ind('domain', 'c2.example', { id: 22 }),
    ind('ipv4', '192.0.2.44', { id: 23 }),
  ]);

  it('matches the canonical URL exactly, whatever its spelling in the log', () => {
    const hits = matcher.match({
      format: 't',
      urlOriginal: 'HTTP://BAD.example:80/payload.exe#x',
      sourceIp: '10.2.0.1',
      destinationIp: '203.0.113.200',
    });
    expect(summary(hits)).toEqual(['url.original exact http://bad.example/payload.exe outbound 10.2.0.1']);
    expect(matcher.match({ format: 't', urlOriginal: 'http://bad.example/other.exe' })).toHaveLength(0);
    expect(matcher.match({ format: 't', urlOriginal: 'https://shop.example/login.php?id=1' })).toHaveLength(
      1,
    );
  });

  it("checks the URL's host as a domain (url-host) or its parent, and as an address", () => {
    expect(
      summary(
        matcher.match({ format: 't', urlOriginal: 'http://c2.example/gate.php', sourceIp: '10.2.0.2' }),
      ),
    ).toEqual(['url.original url-host c2.example outbound 10.2.0.2']);
    expect(summary(matcher.match({ format: 't', urlOriginal: 'http://x.c2.example:8080/gate.php' }))).toEqual(
      ['url.original parent-domain c2.example outbound -'],
    );
    expect(summary(matcher.match({ format: 't', urlOriginal: 'http://192.0.2.44/a' }))).toEqual([
      'url.original url-host 192.0.2.44 outbound -',
    ]);
    expect(
      summary(
        matcher.match({
          format: 't',
          urlOriginal: 'c2.example:443',
          urlDomain: 'c2.example',
          rawAction: 'CONNECT',
        }),
      ),
    ).toEqual(['url.domain url-host c2.example outbound -']);
  });

  it('checks the destination address of a proxied request, reporting each indicator once', () => {
    const hits = matcher.match({
      format: 't',
      urlOriginal: 'http://192.0.2.44/a',
      destinationIp: '192.0.2.44',
    });
    expect(hits).toHaveLength(1);
    expect(
      summary(
        matcher.match({ format: 't', urlOriginal: 'http://clean.example/', destinationIp: '192.0.2.44' }),
      ),
    ).toEqual(['destination.ip exact 192.0.2.44 outbound -']);
  });

  it('treats a path-only URL as a web server log: URL on its host, and the client as inbound', () => {
    const server = new IndicatorMatcher([
      ind('url', 'http://www.agency.example/wp-content/x.php', { id: 30 }),
      ind('ipv4', '192.0.2.99', { id: 31 }),
    ]);
    const hits = server.match({
      format: 't',
      urlOriginal: '/wp-content/x.php',
      urlDomain: 'www.agency.example',
      sourceIp: '192.0.2.99',
      destinationIp: '10.9.9.9',
    });
    expect(summary(hits)).toEqual([
      'url.original exact http://www.agency.example/wp-content/x.php inbound 10.9.9.9',
      'source.ip exact 192.0.2.99 inbound 10.9.9.9',
    ]);
  });
});

describe('IndicatorMatcher: validity, loading, sinkholes', () => {
  const window = { validFrom: '2025-01-01T00:00:00Z', validUntil: '2025-02-01T00:00:00Z' };

  it('matches only events inside the validity window in strict mode, and counts the rest', () => {
    const matcher = new IndicatorMatcher([ind('domain', 'timed.example', window)], {
      now: Date.parse('2025-06-01T00:00:00Z'),
    });
    expect(
      matcher.match({ format: 't', dnsQuestionName: 'timed.example', time: '2025-01-15T10:00:00.000Z' }),
    ).toHaveLength(1);
    expect(
      matcher.match({ format: 't', dnsQuestionName: 'timed.example', time: '2024-12-31T23:59:59.000Z' }),
    ).toHaveLength(0);
    expect(
      matcher.match({ format: 't', dnsQuestionName: 'timed.example', time: '2025-02-01T00:00:00.000Z' }),
    ).toHaveLength(0);
    expect(
      matcher.match({ format: 't', dnsQuestionName: 'timed.example', time: '2025-01-31T23:00:00+07:00' }),
    ).toHaveLength(1);
    // No time: the event is taken at "now", after the window.
    expect(matcher.match({ format: 't', dnsQuestionName: 'timed.example' })).toHaveLength(0);
    expect(matcher.outsideValidity).toBe(3);
  });

  it('ignores validity when asked', () => {
    const matcher = new IndicatorMatcher([ind('domain', 'timed.example', window)], { validity: 'ignore' });
    expect(
      matcher.match({ format: 't', dnsQuestionName: 'timed.example', time: '2020-01-01T00:00:00Z' }),
    ).toHaveLength(1);
  });

  it('falls back to a shorter applicable parent or network when the closest one is out of its window', () => {
    const matcher = new IndicatorMatcher(
      [
        ind('domain', 'evil.example', { id: 40 }),
        ind('domain', 'sub.evil.example', { id: 41, ...window }),
        ind('cidr4', '198.51.0.0/16', { id: 42 }),
        ind('cidr4', '198.51.100.0/24', { id: 43, ...window }),
      ],
      { now: Date.parse('2025-06-01T00:00:00Z') },
    );
    expect(
      matcher.match({ format: 't', dnsQuestionName: 'a.sub.evil.example' }).map((d) => d.indicator.id),
    ).toEqual([40]);
    expect(matcher.match({ format: 't', destinationIp: '198.51.100.1' }).map((d) => d.indicator.id)).toEqual([
      42,
    ]);
    expect(
      matcher
        .match({ format: 't', destinationIp: '198.51.100.1', time: '2025-01-02T00:00:00Z' })
        .map((d) => d.indicator.id),
    ).toEqual([43]);
  });

  it('never loads allowlisted indicators, skips hashes and AS numbers, and keeps the first of duplicates', () => {
    const matcher = new IndicatorMatcher([
      ind('domain', 'allowed.example', { allowlisted: true }),
      ind('md5', 'd41d8cd98f00b204e9800998ecf8427e'),
      ind('asn', 'AS64500'),
      ind('domain', 'dup.example', { id: 50 }),
      ind('domain', 'dup.example', { id: 51 }),
      ind('ipv4', 'not an address'),
    ]);
    expect(matcher.stats).toMatchObject({
      loaded: 1,
      domains: 2,
      allowlisted: 1,
      unsupported: 2,
      duplicates: 1,
      invalid: 1,
    });
    expect(matcher.match({ format: 't', dnsQuestionName: 'allowed.example' })).toHaveLength(0);
    expect(matcher.match({ format: 't', dnsQuestionName: 'dup.example' }).map((d) => d.indicator.id)).toEqual(
      [50],
    );
  });

  it('reports a DNS answer inside a sinkhole network as a hit on the queried name', () => {
    const matcher = new IndicatorMatcher([], {
      sinkholes: ['192.0.2.0/24', { cidr: '2001:db8:5::/64', name: 'test-sinkhole' }],
    });
    const hits = matcher.match({
      format: 't',
      dnsQuestionName: 'sinkholed.example',
      dnsAnswers: ['203.0.113.1', '192.0.2.55'],
      sourceIp: '10.3.3.3',
    });
    expect(summary(hits)).toEqual(['dns.question.name sinkhole 192.0.2.0/24 outbound 10.3.3.3']);
    expect(hits[0]!.indicator).toMatchObject({ id: null, value: '192.0.2.0/24', sources: ['sinkhole'] });
    expect(
      matcher.match({ format: 't', dnsQuestionName: 'x.example', dnsAnswers: ['2001:db8:5::1'] })[0]!
        .indicator.sources,
    ).toEqual(['test-sinkhole']);
    expect(
      matcher.match({ format: 't', dnsQuestionName: 'x.example', dnsAnswers: ['198.51.100.1'] }),
    ).toHaveLength(0);
    expect(() => new IndicatorMatcher([], { sinkholes: ['192.0.2.0/33'] })).toThrow(RangeError);
  });

  it('builds from asynchronous batches the same as from an array', async () => {
    const list = [ind('domain', 'a.example', { id: 60 }), ind('ipv4', '192.0.2.1', { id: 61 })];
    const matcher = await IndicatorMatcher.fromBatches(
      (async function* () {
        yield list.slice(0, 1);
        yield list.slice(1);
      })(),
    );
    expect(matcher.stats.loaded).toBe(2);
    expect(matcher.match({ format: 't', destinationIp: '192.0.2.1' }).map((d) => d.indicator.id)).toEqual([
      61,
    ]);
  });

  it('keeps indicator facts compactly and returns them intact', () => {
    const matcher = new IndicatorMatcher([
      ind('ipv4', '192.0.2.8', {
        id: 4_000_000_123,
        threatType: null,
        family: null,
        confidence: 0,
        sources: ['feed-a', 'feed-b'],
        port: 65535,
        validFrom: '2024-03-04T05:06:07Z',
        validUntil: null,
      }),
    ]);
    expect(matcher.match({ format: 't', destinationIp: '192.0.2.8' })[0]!.indicator).toEqual({
      id: 4_000_000_123,
      type: 'ipv4',
      value: '192.0.2.8',
      exactDomain: false,
      threatType: null,
      family: null,
      confidence: 0,
      sources: ['feed-a', 'feed-b'],
      port: 65535,
      validFrom: '2024-03-04T05:06:07.000Z',
      validUntil: null,
    });
  });
});

// ---- Cross-check against a naive reference implementation on random data. ----

function toBig(ip: ParsedIp): bigint {
  if (ip.family === 4) return BigInt(ip.w0);
  return (BigInt(ip.w0) << 96n) | (BigInt(ip.w1) << 64n) | (BigInt(ip.w2) << 32n) | BigInt(ip.w3);
}

function unmapped(text: string): ParsedIp | null {
  const ip = parseIp(text);
  if (ip !== null && ip.family === 6 && ip.w0 === 0 && ip.w1 === 0 && ip.w2 === 0xffff)
    return { family: 4, w0: ip.w3, w1: 0, w2: 0, w3: 0 };
  return ip;
}

/** What the matcher should report, computed the slow and obvious way. */
function reference(
  all: MatcherIndicator[],
  event: LogEvent,
  options: { strict: boolean; now: number },
): string[] {
  const seen = new Set<string>();
  const indicators = all.filter((i) => {
    const key = `${i.type === 'ipv4' || i.type === 'ipv6' ? 'ip' : i.type} ${i.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const time =
    event.time !== undefined ? Math.floor(Date.parse(event.time) / 1000) : Math.floor(options.now / 1000);
  const applicable = (i: MatcherIndicator, port: number | undefined) => {
    if (port !== undefined && i.port && i.port !== port) return false;
    if (!options.strict) return true;
    const from = i.validFrom === null ? 0 : Math.floor(Date.parse(i.validFrom) / 1000);
    const until = i.validUntil === null ? Infinity : Math.floor(Date.parse(i.validUntil) / 1000);
    return time >= from && time < until;
  };
  const out: string[] = [];
  const used = new Set<number>();
  const add = (i: MatcherIndicator, field: string, how: string, matched: string, direction: string) => {
    if (used.has(i.id)) return;
    used.add(i.id);
    out.push(`${field} ${how} ${matched} ${direction} ${i.id}`);
  };
  const domain = (name: string, field: string, exactHow: string) => {
    const n = name.toLowerCase().replace(/\.$/, '');
    let best: MatcherIndicator | null = null;
    for (const i of indicators) {
      if (i.type !== 'domain') continue;
      const hit = n === i.value || (!i.exactDomain && n.endsWith(`.${i.value}`));
      if (hit && applicable(i, undefined) && (best === null || i.value.length > best.value.length)) best = i;
    }
    if (best) add(best, field, best.value === n ? exactHow : 'parent-domain', best.value, 'outbound');
  };
  const address = (
    text: string,
    port: number | undefined,
    field: string,
    exactHow: string,
    direction: string,
  ) => {
    const ip = unmapped(text);
    if (ip === null) return;
    const exact = indicators.find(
      (i) =>
        (i.type === 'ipv4' || i.type === 'ipv6') &&
        applicable(i, port) &&
        toBig(unmapped(i.value)!) === toBig(ip) &&
        unmapped(i.value)!.family === ip.family,
    );
    if (exact) return add(exact, field, exactHow, exact.value, direction);
    let best: MatcherIndicator | null = null;
    let bestLength = -1;
    for (const i of indicators) {
      if (i.type !== 'cidr4' && i.type !== 'cidr6') continue;
      const c = parseCidr(i.value);
      if (!c.ok || c.value.network.family !== ip.family || !applicable(i, port)) continue;
      const bits = ip.family === 4 ? 32 : 128;
      const shift = BigInt(bits - c.value.prefixLength);
      if (toBig(c.value.network) >> shift === toBig(ip) >> shift && c.value.prefixLength > bestLength) {
        best = i;
        bestLength = c.value.prefixLength;
      }
    }
    if (best) add(best, field, 'inside-cidr', best.value, direction);
  };
  if (event.urlOriginal !== undefined || event.urlDomain !== undefined) {
    const url = event.urlOriginal;
    if (url !== undefined) {
      const canonical = normaliseIndicator(url, 'url');
      if (canonical.ok) {
        const hit = indicators.find(
          (i) =>
            i.type === 'url' && i.value === canonical.indicator.value && applicable(i, event.destinationPort),
        );
        if (hit) add(hit, 'url.original', 'exact', hit.value, 'outbound');
      }
    }
    const host = event.urlDomain ?? new URL(url!).hostname.replace(/^\[|\]$/g, '');
    const field = event.urlDomain !== undefined ? 'url.domain' : 'url.original';
    if (parseIp(host)) address(host, event.destinationPort, field, 'url-host', 'outbound');
    else domain(host, field, 'url-host');
    if (event.destinationIp !== undefined)
      address(event.destinationIp, event.destinationPort, 'destination.ip', 'exact', 'outbound');
  } else if (event.dnsQuestionName !== undefined) {
    domain(event.dnsQuestionName, 'dns.question.name', 'exact');
  } else {
    if (event.destinationIp !== undefined)
      address(event.destinationIp, event.destinationPort, 'destination.ip', 'exact', 'outbound');
    if (event.sourceIp !== undefined)
      address(event.sourceIp, event.sourcePort, 'source.ip', 'exact', 'inbound');
  }
  return out.sort();
}

const label = fc.constantFrom('a', 'b', 'evil', 'c2', 'x-y', 'mail');
const tld = fc.constantFrom('example', 'test', 'vn');
const domainArb = fc
  .tuple(fc.array(label, { minLength: 0, maxLength: 3 }), tld)
  .map(([ls, t]) => [...ls, t].join('.'));
const v4Arb = fc
  .tuple(
    fc.constantFrom(192, 198, 203),
    fc.constantFrom(0, 51),
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 7 }),
  )
  .map((p) => p.join('.'));
const v6Arb = fc
  .tuple(
    fc.constantFrom('2001:db8', '2001:db8:1'),
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 5 }),
  )
  .map(([p, a, b]) => `${p}:${a}::${b}`);
const timeArb = fc.option(
  fc.constantFrom(
    '2024-12-31T12:00:00Z',
    '2025-01-15T00:00:00Z',
    '2025-03-01T00:00:00Z',
    '2025-06-01T00:00:00Z',
  ),
  { nil: null },
);
const portArb = fc.option(fc.constantFrom(80, 443, 4444), { nil: undefined });
const networkArb = (ipArb: fc.Arbitrary<string>, min: number, max: number) =>
  fc.tuple(ipArb, fc.integer({ min, max })).map(([ip, n]) => {
    const cidr = makeCidr(parseIp(ip)!, n);
    const normal = normaliseIndicator(formatCidr(cidr));
    return normal.ok ? normal.indicator : { type: 'ipv4' as const, value: ip };
  });
const indicatorArb: fc.Arbitrary<MatcherIndicator> = fc
  .tuple(
    fc.oneof(
      domainArb.map((value) => ({ type: 'domain' as const, value })),
      v4Arb.map((value) => ({ type: 'ipv4' as const, value })),
      // Indicators reach the matcher normalised (as the database holds them): `a:b:0::c` → `a:b::c`.
      v6Arb.map((value) => {
        const normal = normaliseIndicator(value);
        return normal.ok ? normal.indicator : { type: 'ipv6' as const, value };
      }),
      networkArb(v4Arb, 8, 30),
      networkArb(v6Arb, 32, 120),
      fc
        .tuple(domainArb, fc.constantFrom('/', '/a.exe', '/p?q=1'))
        .map(([d, p]) => ({ type: 'url' as const, value: `http://${d}${p}` })),
    ),
    fc.boolean(),
    timeArb,
    timeArb,
    portArb,
  )
  .map(([{ type, value }, exact, from, until, port]) => {
    const i: MatcherIndicator = {
      id: 0,
      type,
      value,
      exactDomain: type === 'domain' && exact,
      validFrom: from,
      validUntil: until,
      threatType: null,
      family: null,
      confidence: 50,
    };
    if (port !== undefined) i.port = port;
    return i;
  });
const eventArb: fc.Arbitrary<LogEvent> = fc
  .oneof(
    fc.record(
      {
        format: fc.constant('t'),
        dnsQuestionName: fc.tuple(fc.constantFrom('', 'www.', 'A.'), domainArb).map(([p, d]) => p + d),
        sourceIp: v4Arb,
      },
      { requiredKeys: ['format', 'dnsQuestionName'] },
    ),
    fc.record(
      {
        format: fc.constant('t'),
        sourceIp: fc.oneof(v4Arb, v6Arb),
        destinationIp: fc.oneof(
          v4Arb,
          v6Arb,
          v4Arb.map((v) => `::ffff:${v}`),
        ),
        sourcePort: portArb,
        destinationPort: portArb,
      },
      { requiredKeys: ['format'] },
    ),
    fc.record(
      {
        format: fc.constant('t'),
        urlOriginal: fc
          .tuple(
            fc.constantFrom('http://', 'HTTP://'),
            fc.oneof(domainArb, v4Arb),
            fc.constantFrom('/', '/a.exe', '/p?q=1', ':80/a.exe'),
          )
          .map((p) => p.join('')),
        destinationIp: v4Arb,
        destinationPort: portArb,
      },
      { requiredKeys: ['format', 'urlOriginal'] },
    ),
  )
  .chain((e) => timeArb.map((t) => (t === null ? e : { ...e, time: t })));

describe('IndicatorMatcher agrees with a naive reference', () => {
  it('on random indicators and events (both validity modes)', () => {
    fc.assert(
      fc.property(
        fc.array(indicatorArb, { maxLength: 40 }),
        fc.array(eventArb, { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (raw, events, strict) => {
          const indicators = raw.map((i, k) => ({ ...i, id: k + 1 }));
          const now = Date.parse('2025-02-15T00:00:00Z');
          const options: MatcherOptions = { validity: strict ? 'strict' : 'ignore', now };
          const matcher = new IndicatorMatcher(indicators, options);
          for (const event of events) {
            const got = matcher
              .match(event)
              .map((d) => `${d.field} ${d.how} ${d.matched} ${d.direction} ${d.indicator.id}`)
              .sort();
            expect(got).toEqual(reference(indicators, event, { strict, now }));
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
