import { describe, expect, it } from 'vitest';
import { decodeRpzAddress, rpzFormat } from './rpz.js';
import { corpusLines, crlf, run } from './test-support/run.js';

const zone = `; policy zone for tests
$TTL 300
@ IN SOA localhost. hostmaster.rpz.example. (
        2024010101 ; serial
        3600 600 86400 60 )
    IN NS ns1
ns1 IN A 192.0.2.53

evil.example          CNAME .
*.evil.example        CNAME .
walled.example        A 192.0.2.80
                      AAAA 2001:db8::80
drop.example 60 IN    CNAME rpz-drop.
32.1.2.0.192.rpz-ip   CNAME .
24.0.100.51.198.rpz-ip CNAME *.
48.zz.1.db8.2001.rpz-ip CNAME .
128.1.zz.rpz-ip       CNAME .
32.53.2.0.192.rpz-nsip CNAME .
ns.bad-host.example.rpz-nsdname CNAME .
*.bad-host.example.rpz-nsdname CNAME .
32.10.0.0.10.rpz-client-ip CNAME .
allowed.example       CNAME rpz-passthru.
33.1.2.0.192.rpz-ip   CNAME .
weird.rpz-foo         CNAME .
$INCLUDE other.zone
nexttype
`;

describe('rpz', () => {
  it('turns triggers into indicators and skips the zone apex and glue', () => {
    const { items } = run(rpzFormat, crlf(zone));
    expect(items.map((i) => [i.line, i.value, i.type, i.exactDomain ?? false])).toEqual([
      [9, 'evil.example', 'domain', true],
      [10, 'evil.example', 'domain', false],
      [11, 'walled.example', 'domain', true],
      [13, 'drop.example', 'domain', true],
      [14, '192.0.2.1', 'ipv4', false],
      [15, '198.51.100.0/24', 'cidr4', false],
      [16, '2001:db8:1::/48', 'cidr6', false],
      [17, '::1', 'ipv6', false],
      [18, '192.0.2.53', 'ipv4', false],
      [19, 'ns.bad-host.example', 'domain', true],
      [20, 'bad-host.example', 'domain', false],
    ]);
    expect(items[0]!.tags).toEqual(['rpz-nxdomain']);
    expect(items[2]!.tags).toEqual(['rpz-local-data']);
    expect(items[3]!.tags).toEqual(['rpz-drop']);
    expect(items[5]!.tags).toEqual(['rpz-nodata']);
    expect(items[8]).toMatchObject({
      tags: ['rpz-nxdomain', 'rpz-nsip'],
      description: 'address of a name server serving malicious zones',
    });
  });

  it('rejects client-ip, passthru and malformed triggers with their line and reason', () => {
    const { rejections } = run(rpzFormat, zone);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [21, 'an rpz-client-ip trigger selects clients of the resolver, not a threat'],
      [22, 'an rpz-passthru rule exempts the name from the policy; it is not an indicator'],
      [23, 'bad rpz-ip trigger: prefix length 33 is out of range for IPv4'],
      [24, '"rpz-foo" is not an RPZ trigger this importer knows'],
      [25, '$INCLUDE is not followed: import the included zone file on its own'],
      [26, 'the record has no type (expected e.g. "CNAME .")'],
    ]);
  });

  it('resolves names against $ORIGIN and strips the zone name from absolute names', () => {
    const text = `$ORIGIN rpz.example.
@ SOA ns.rpz.example. h.rpz.example. 1 2 3 4 5
  NS ns.rpz.example.
ns A 192.0.2.1
bad.example.rpz.example. CNAME .
$ORIGIN sub.rpz.example.
x CNAME .
other.example. CNAME .
`;
    const { items, rejections } = run(rpzFormat, text);
    expect(items.map((i) => i.value)).toEqual(['bad.example', 'x.sub']);
    expect(rejections).toEqual([
      {
        line: 8,
        reason: '"other.example." is outside the zone rpz.example.',
        text: 'other.example. CNAME .',
      },
    ]);
  });

  it('reports an unclosed parenthesis at the end of the file', () => {
    const { items, rejections } = run(rpzFormat, '@ SOA a. b. ( 1 2\nevil.example CNAME .\n');
    expect(items).toEqual([]);
    expect(rejections).toEqual([
      { line: 1, reason: 'the file ends inside a record: a "(" is never closed', text: '@ SOA a. b. ( 1 2' },
    ]);
  });

  it('decodes reverse-encoded addresses', () => {
    expect(decodeRpzAddress(['32', '4', '3', '2', '1'])).toEqual({ value: '1.2.3.4', type: 'ipv4' });
    expect(decodeRpzAddress(['64', 'zz', '2001'])).toEqual({ value: '2001::/64', type: 'cidr6' });
    expect(decodeRpzAddress(['24', '1', '2', '3'])).toEqual({
      error: 'the address has 3 labels; IPv4 needs 4, IPv6 needs 8 or a "zz"',
    });
    expect(decodeRpzAddress(['x', '1', '2', '3', '4'])).toEqual({
      error: 'the prefix length "x" is not a number',
    });
  });

  it('detects zone files', () => {
    expect(rpzFormat.detect({ lines: ['$TTL 300', '@ SOA a. b. 1 2 3 4 5', 'x.example CNAME .'] })).toBe(
      0.95,
    );
    expect(rpzFormat.detect({ lines: ['32.1.2.0.192.rpz-ip CNAME .'] })).toBe(1);
    expect(rpzFormat.detect({ lines: ['192.0.2.1'] })).toBe(0);
  });

  const first = corpusLines('feeds/rpz/bind9-tests/rpzextra__ns3__first-rpz.local.db');
  it.skipIf(first === null)('reads the BIND first-rpz.local test zone', () => {
    const { items, rejections } = run(rpzFormat, first!);
    expect(items.map((i) => [i.value, i.exactDomain ?? false])).toEqual([
      ['baddomain', true],
      ['baddomain', false],
    ]);
    expect(rejections.map((r) => r.line)).toEqual([14, 15]);
  });

  const policy = corpusLines('feeds/rpz/bind9-tests/rpzrecurse__ns3__policy.db');
  it.skipIf(policy === null)('reads the BIND nsip/nsdname policy zone', () => {
    const { items, rejections } = run(rpzFormat, policy!);
    expect(rejections).toEqual([]);
    expect(items.map((i) => i.value)).toEqual(['10.53.0.100', 'ns6.foo']);
  });

  const v6 = corpusLines('feeds/rpz/bind9-tests/checkzone__zones__good-rpz-prefix.db');
  it.skipIf(v6 === null)('reads the BIND IPv6 rpz-ip zone', () => {
    expect(run(rpzFormat, v6!).items.map((i) => i.value)).toEqual(['2001:2:3::2']);
  });
});
