import { describe, expect, it } from 'vitest';
import {
  cidrContains,
  cidrContainsIp,
  cidrEquals,
  cidrRange,
  cidrsOverlap,
  formatCidr,
  makeCidr,
  normaliseCidr,
  parseCidr,
  type Cidr,
} from './cidr.js';
import { formatIp, parseIp } from './ip.js';

function cidr(text: string): Cidr {
  const result = parseCidr(text);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

function reason(text: string): string {
  const result = parseCidr(text);
  if (result.ok) throw new Error(`expected ${text} to be rejected`);
  return result.reason;
}

describe('parseCidr / normaliseCidr: accepted', () => {
  it.each([
    ['192.0.2.0/24', '192.0.2.0/24'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['::/0', '::/0'],
    ['10.0.0.1/32', '10.0.0.1/32'],
    ['10.0.0.1', '10.0.0.1/32'],
    ['2001:db8::1', '2001:db8::1/128'],
    ['2001:db8::1/128', '2001:db8::1/128'],
    ['2001:DB8:0:0::/32', '2001:db8::/32'],
    ['2001:0db8:0000::/48', '2001:db8::/48'],
    ['::ffff:10.0.0.0/104', '::ffff:10.0.0.0/104'],
    ['::FFFF:0A00:0000/104', '::ffff:10.0.0.0/104'],
    ['128.0.0.0/1', '128.0.0.0/1'],
    ['8000::/1', '8000::/1'],
    ['  192.0.2.0/24\n', '192.0.2.0/24'],
    ['\t2001:db8::/32 ', '2001:db8::/32'],
  ])('%j → %s', (text, canonical) => {
    expect(normaliseCidr(text)).toEqual({ ok: true, value: canonical });
  });

  it('bare addresses are single-address blocks', () => {
    expect(cidr('10.0.0.1').prefixLength).toBe(32);
    expect(cidr('::1').prefixLength).toBe(128);
  });

  it('returns the network and prefix length', () => {
    const value = cidr('192.0.2.0/24');
    expect(value.prefixLength).toBe(24);
    expect(value.network).toEqual(parseIp('192.0.2.0'));
  });
});

describe('parseCidr: rejected, with a sentence naming the problem', () => {
  it.each([
    ['10.0.0.1/24', '"10.0.0.1/24" has host bits set; did you mean 10.0.0.0/24?'],
    ['1.2.3.4/24', '"1.2.3.4/24" has host bits set; did you mean 1.2.3.0/24?'],
    ['2001:db8::1/32', '"2001:db8::1/32" has host bits set; did you mean 2001:db8::/32?'],
    ['1.0.0.0/0', '"1.0.0.0/0" has host bits set; did you mean 0.0.0.0/0?'],
    ['::1/0', '"::1/0" has host bits set; did you mean ::/0?'],
    ['1.2.3.0/33', 'prefix length 33 is out of range for IPv4'],
    ['::/129', 'prefix length 129 is out of range for IPv6'],
    ['abc', '"abc" is not an IPv4 or IPv6 address'],
    ['abc/24', '"abc" is not an IPv4 or IPv6 address'],
    ['', 'the CIDR is empty'],
    ['   ', 'the CIDR is empty'],
    ['/24', '"/24" has no address before "/"'],
    ['1.2.3.0/', '"1.2.3.0/" is missing the prefix length after "/"'],
    ['1.2.3.0/24/8', '"1.2.3.0/24/8" contains more than one "/"'],
    ['1.2.3.0/-1', 'prefix length "-1" is not a whole number'],
    ['1.2.3.0/ 24', 'prefix length " 24" is not a whole number'],
    ['1.2.3.0/2.5', 'prefix length "2.5" is not a whole number'],
    ['1.2.3.0/1e1', 'prefix length "1e1" is not a whole number'],
    ['1.2.3.0/024', 'prefix length "024" has a leading zero; write 24'],
    [
      '010.0.0.0/8',
      '"010.0.0.0" has an octet with a leading zero ("010"), which is ambiguous (octal or decimal?)',
    ],
    ['1.2.3/24', '"1.2.3" does not have exactly four dot-separated octets'],
    ['fe80::1%eth0/64', '"fe80::1%eth0" has a zone id ("%eth0"); zone ids are not accepted'],
    ['1.2.3.0 /24', '"1.2.3.0 " contains whitespace or control characters'],
  ])('%j', (text, expected) => {
    expect(reason(text)).toBe(expected);
    expect(normaliseCidr(text)).toEqual({ ok: false, reason: expected });
  });

  it('handles hostile lengths without echoing them in full', () => {
    const huge = `${'1'.repeat(100_000)}/24`;
    expect(reason(huge)).toBe('the text is 100003 characters long, which is too long to be a CIDR');
    const long = `1.2.3.4/${'9'.repeat(60)}`;
    const message = reason(long);
    expect(message).toMatch(/too long to be a CIDR$/);
    expect(message.length).toBeLessThan(150);
    expect(reason('1.2.3.4/99999999999999999999')).toBe(
      'prefix length 99999999999999999999 is out of range for IPv4',
    );
  });

  it('escapes control characters in messages', () => {
    expect(reason('1.2.3.4\u0000/8')).toBe('"1.2.3.4\\u0000" contains whitespace or control characters');
  });
});

describe('makeCidr', () => {
  it('masks host bits', () => {
    expect(formatCidr(makeCidr(parseIp('10.1.2.3')!, 8))).toBe('10.0.0.0/8');
    expect(formatCidr(makeCidr(parseIp('2001:db8:ffff::1')!, 36))).toBe('2001:db8:f000::/36');
    expect(formatCidr(makeCidr(parseIp('255.255.255.255')!, 0))).toBe('0.0.0.0/0');
  });

  it('rejects bad prefix lengths', () => {
    expect(() => makeCidr(parseIp('10.0.0.0')!, 33)).toThrow('prefix length 33 is out of range for IPv4');
    expect(() => makeCidr(parseIp('::')!, -1)).toThrow(RangeError);
    expect(() => makeCidr(parseIp('::')!, 1.5)).toThrow(RangeError);
  });
});

describe('set relations', () => {
  it.each([
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.0.0.0/8', '10.0.0.0/8', true],
    ['10.1.0.0/16', '10.0.0.0/8', false],
    ['10.0.0.0/8', '11.0.0.0/8', false],
    ['0.0.0.0/0', '255.255.255.255/32', true],
    ['::/0', '0.0.0.0/0', false],
    ['0.0.0.0/0', '::/0', false],
    ['::/0', 'ffff::1/128', true],
    ['2001:db8::/32', '2001:db8:1::/48', true],
    ['2001:db8::/32', '2001:db9::/48', false],
    ['2001:db8::/127', '2001:db8::1/128', true],
    ['2001:db8::/128', '2001:db8::1/128', false],
    ['::ffff:0:0/96', '10.0.0.0/8', false],
    ['128.0.0.0/1', '127.255.255.255/32', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(cidrContains(cidr(outer), cidr(inner))).toBe(expected);
  });

  it.each([
    ['10.0.0.0/8', '10.1.0.0/16', true],
    ['10.1.0.0/16', '10.0.0.0/8', true],
    ['10.0.0.0/9', '10.128.0.0/9', false],
    ['::/0', '::1/128', true],
    ['::/0', '0.0.0.0/0', false],
    ['2001:db8::/33', '2001:db8:8000::/33', false],
    ['1.2.3.4/32', '1.2.3.4/32', true],
  ])('%s overlaps %s: %s', (a, b, expected) => {
    expect(cidrsOverlap(cidr(a), cidr(b))).toBe(expected);
  });

  it('equality, containment of addresses and ranges', () => {
    expect(cidrEquals(cidr('2001:DB8::/32'), cidr('2001:db8::/32'))).toBe(true);
    expect(cidrEquals(cidr('2001:db8::/32'), cidr('2001:db8::/33'))).toBe(false);
    expect(cidrContainsIp(cidr('192.0.2.0/24'), parseIp('192.0.2.255')!)).toBe(true);
    expect(cidrContainsIp(cidr('192.0.2.0/24'), parseIp('192.0.3.0')!)).toBe(false);
    expect(cidrContainsIp(cidr('192.0.2.0/24'), parseIp('::ffff:192.0.2.1')!)).toBe(false);
    const r4 = cidrRange(cidr('192.0.2.0/23'));
    expect([formatIp(r4.first), formatIp(r4.last)]).toEqual(['192.0.2.0', '192.0.3.255']);
    const r6 = cidrRange(cidr('2001:db8::/35'));
    expect([formatIp(r6.first), formatIp(r6.last)]).toEqual([
      '2001:db8::',
      '2001:db8:1fff:ffff:ffff:ffff:ffff:ffff',
    ]);
    const all = cidrRange(cidr('::/0'));
    expect(formatIp(all.last)).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(formatIp(cidrRange(cidr('0.0.0.0/0')).last)).toBe('255.255.255.255');
    expect(formatIp(cidrRange(cidr('1.2.3.4/32')).last)).toBe('1.2.3.4');
  });
});
