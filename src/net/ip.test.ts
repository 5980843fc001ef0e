import { describe, expect, it } from 'vitest';
import {
  compareIp,
  describeIpError,
  formatIp,
  ipv4FromNumber,
  ipv6FromWords,
  isIPv4Mapped,
  isIp,
  mapIPv4,
  parseIp,
  parseIpInto,
  unmapIPv4,
} from './ip.js';

/** Seeded PRNG (mulberry32) so failures are reproducible. */
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

describe('parseIp: IPv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
    ['192.0.2.1', 0xc0000201],
    ['10.0.0.0', 0x0a000000],
    ['1.2.3.4', 0x01020304],
    ['128.0.0.0', 0x80000000],
  ])('%s', (text, value) => {
    expect(parseIp(text)).toEqual({ family: 4, w0: value, w1: 0, w2: 0, w3: 0 });
    expect(formatIp(parseIp(text)!)).toBe(text);
    expect(isIp(text)).toBe(true);
  });

  it.each([
    '',
    '1',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '1.2.3.256',
    '1.2.3.1000',
    '01.2.3.4',
    '1.2.3.04',
    '1.2.3.00',
    '00.0.0.0',
    '1..2.3',
    '1.2.3.',
    '.1.2.3',
    '1.2.3.-4',
    '1.2.3.4a',
    '0x1.2.3.4',
    '1.2.3.4/32',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '1.2.3.4\n',
    '1 .2.3.4',
    '１.2.3.4',
    '+1.2.3.4',
  ])('rejects %j', (text) => {
    expect(parseIp(text)).toBeNull();
    expect(isIp(text)).toBe(false);
  });
});

describe('parseIp: IPv6', () => {
  it.each([
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:DB8::ABCD', '2001:db8::abcd'],
    ['2001:Db8:0:0:0:0:0:aBcD', '2001:db8::abcd'],
    // RFC 5952 4.2.2: a single zero group is not compressed.
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    // RFC 5952 4.2.3: the longest run is compressed; on a tie, the first one.
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:0:1:0:0:0', '2001:db8:0:0:1::'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::1:2:3:4:5:6:7', '0:1:2:3:4:5:6:7'],
    ['fe80::', 'fe80::'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['0001:0002::', '1:2::'],
    // Embedded IPv4.
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['::FFFF:c000:0201', '::ffff:192.0.2.1'],
    ['0:0:0:0:0:ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['::ffff:0.0.0.0', '::ffff:0.0.0.0'],
    ['::192.0.2.1', '::c000:201'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ])('%s → %s', (text, canonical) => {
    const ip = parseIp(text);
    expect(ip?.family).toBe(6);
    expect(formatIp(ip!)).toBe(canonical);
    // Canonical text is a fixed point.
    expect(formatIp(parseIp(canonical)!)).toBe(canonical);
  });

  it('stores four unsigned big-endian words', () => {
    expect(parseIp('2001:db8:1:2:3:4:ffff:fffe')).toEqual({
      family: 6,
      w0: 0x20010db8,
      w1: 0x00010002,
      w2: 0x00030004,
      w3: 0xfffffffe,
    });
    expect(parseIp('::ffff:1.2.3.4')).toEqual({ family: 6, w0: 0, w1: 0, w2: 0xffff, w3: 0x01020304 });
  });

  it.each([
    ':',
    ':::',
    '::::',
    '1:::2',
    '1::2::3',
    ':1::',
    ':1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8:',
    '1::2:',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    '::1:2:3:4:5:6:7:8',
    '12345::',
    '1:2:3:4:5:6:7:00000',
    'g::',
    '::g',
    'fe80::1%eth0',
    'fe80::1%1',
    '[::1]',
    '::ffff:1.2.3',
    '::ffff:01.2.3.4',
    '::ffff:1.2.3.256',
    '::1.2.3.4:5',
    '1.2.3.4::',
    '1:2:3:4:5:6:7:1.2.3.4',
    '::1:2:3:4:5:6:1.2.3.4',
    ':: 1',
    ' ::1',
    '::1 ',
    '-::1',
  ])('rejects %j', (text) => {
    expect(parseIp(text)).toBeNull();
  });

  it('agrees with the WHATWG URL serialiser on random addresses and text forms', () => {
    const rnd = prng(0x1a2b);
    for (let n = 0; n < 3000; n++) {
      // Zero-heavy groups so that "::" compression is exercised.
      const groups = Array.from({ length: 8 }, () => (rnd() < 0.45 ? 0 : Math.floor(rnd() * 0x10000)));
      let text = groups
        .map((g) => {
          let h = g.toString(16);
          if (rnd() < 0.3) h = h.padStart(4, '0');
          return rnd() < 0.3 ? h.toUpperCase() : h;
        })
        .join(':');
      const ip = parseIp(text);
      expect(ip, text).not.toBeNull();
      if (isIPv4Mapped(ip!)) continue; // WHATWG does not use the mixed form
      const expected = new URL(`http://[${text}]/`).hostname.slice(1, -1);
      expect(formatIp(ip!), text).toBe(expected);
      // And our own canonical text parses back to the same address.
      text = formatIp(ip!);
      expect(parseIp(text)).toEqual(ip);
    }
  });
});

describe('hostile input', () => {
  it('rejects very long strings', () => {
    for (const text of ['1'.repeat(100_000), ':'.repeat(100_000), '1.'.repeat(50_000), 'a:'.repeat(50_000)]) {
      expect(parseIp(text)).toBeNull();
      expect(describeIpError(text)).toMatch(/too long|not an IPv4/);
    }
  });

  it('rejects control characters and non-ASCII digits', () => {
    for (const text of ['1.2.3.4\0', '\u00a01.2.3.4', '١.٢.٣.٤', '::1\u200b'])
      expect(parseIp(text)).toBeNull();
  });
});

describe('parseIpInto', () => {
  it('writes signed words into the buffer and returns the family', () => {
    const out = new Int32Array(4);
    expect(parseIpInto('255.255.255.255', out)).toBe(4);
    expect(out[0]! >>> 0).toBe(0xffffffff);
    expect(parseIpInto('ffff::1', out)).toBe(6);
    expect([...out].map((w) => w >>> 0)).toEqual([0xffff0000, 0, 0, 1]);
    expect(parseIpInto('nope', out)).toBe(0);
  });
});

describe('helpers', () => {
  it('maps and unmaps IPv4', () => {
    const v4 = parseIp('192.0.2.1')!;
    const mapped = mapIPv4(v4);
    expect(formatIp(mapped)).toBe('::ffff:192.0.2.1');
    expect(isIPv4Mapped(mapped)).toBe(true);
    expect(isIPv4Mapped(v4)).toBe(false);
    expect(unmapIPv4(mapped)).toEqual(v4);
    expect(unmapIPv4(parseIp('::1')!)).toEqual(parseIp('::1'));
    expect(mapIPv4(parseIp('::1')!)).toEqual(parseIp('::1'));
  });

  it('orders addresses: IPv4 before IPv6, then numerically (unsigned)', () => {
    const texts = ['::1', '255.255.255.255', '0.0.0.0', '128.0.0.1', '8000::', '::', '7fff::', '1.2.3.4'];
    const sorted = texts
      .map((t) => parseIp(t)!)
      .sort(compareIp)
      .map(formatIp);
    expect(sorted).toEqual([
      '0.0.0.0',
      '1.2.3.4',
      '128.0.0.1',
      '255.255.255.255',
      '::',
      '::1',
      '7fff::',
      '8000::',
    ]);
  });

  it('builds addresses from numbers', () => {
    expect(formatIp(ipv4FromNumber(-1))).toBe('255.255.255.255');
    expect(formatIp(ipv6FromWords(0x20010db8, 0, 0, 1))).toBe('2001:db8::1');
  });
});

describe('describeIpError', () => {
  it.each([
    ['1.2.3.4', null],
    ['', 'the address is empty'],
    ['abc', '"abc" is not an IPv4 or IPv6 address'],
    [
      '010.0.0.1',
      '"010.0.0.1" has an octet with a leading zero ("010"), which is ambiguous (octal or decimal?)',
    ],
    ['1.2.3.300', '"1.2.3.300" has an octet greater than 255 ("300")'],
    ['1.2.3', '"1.2.3" does not have exactly four dot-separated octets'],
    ['1..2.3', '"1..2.3" has an empty octet'],
    ['fe80::1%eth0', '"fe80::1%eth0" has a zone id ("%eth0"); zone ids are not accepted'],
    ['[::1]', '"[::1]" is wrapped in brackets; write the address without them'],
    [' 1.2.3.4', '" 1.2.3.4" contains whitespace or control characters'],
  ])('%j', (text, reason) => {
    expect(describeIpError(text)).toBe(reason);
  });
});
