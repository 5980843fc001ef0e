import { describe, expect, it } from 'vitest';
import { makeCidr, parseCidr, type Cidr } from './cidr.js';
import { formatIp, ipv4FromNumber, ipv6FromWords, mapIPv4, parseIp, type ParsedIp } from './ip.js';
import { LinearPrefixIndex, PrefixIndex, type PrefixMatch } from './prefix-index.js';

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

function cidr(text: string): Cidr {
  const result = parseCidr(text);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

function build<T>(entries: [string, T][]): PrefixIndex<T> {
  const index = new PrefixIndex<T>();
  for (const [text, value] of entries) index.insert(cidr(text), value);
  return index;
}

function summary<T>(match: PrefixMatch<T> | null): { cidr: string; values: readonly T[] } | null {
  return match === null ? null : { cidr: match.cidr, values: match.values };
}

describe('PrefixIndex', () => {
  const index = build<string>([
    ['10.0.0.0/8', 'ministry'],
    ['10.1.0.0/16', 'department'],
    ['10.1.2.0/24', 'office'],
    ['10.1.2.3/32', 'host'],
    ['192.0.2.0/24', 'other'],
    ['2001:db8::/32', 'v6-ministry'],
    ['2001:db8:1::/48', 'v6-department'],
    ['2001:db8:1::1/128', 'v6-host'],
  ]);

  it.each([
    ['10.1.2.3', '10.1.2.3/32', 'host'],
    ['10.1.2.4', '10.1.2.0/24', 'office'],
    ['10.1.3.4', '10.1.0.0/16', 'department'],
    ['10.200.0.1', '10.0.0.0/8', 'ministry'],
    ['10.255.255.255', '10.0.0.0/8', 'ministry'],
    ['192.0.2.255', '192.0.2.0/24', 'other'],
    ['2001:db8:1::1', '2001:db8:1::1/128', 'v6-host'],
    ['2001:db8:1::2', '2001:db8:1::/48', 'v6-department'],
    ['2001:DB8:0001:0000::2', '2001:db8:1::/48', 'v6-department'],
    ['2001:db8:2::1', '2001:db8::/32', 'v6-ministry'],
  ])('%s → %s', (address, expectedCidr, value) => {
    const match = index.lookup(address);
    expect(match?.cidr).toBe(expectedCidr);
    expect(match?.value).toBe(value);
    expect(index.lookupParsed(parseIp(address)!)).toBe(match);
  });

  it.each(['11.0.0.0', '9.255.255.255', '192.0.3.0', '2001:db9::', '::', '2001:db7:ffff::'])(
    '%s has no owner',
    (address) => {
      expect(index.lookup(address)).toBeNull();
    },
  );

  it('returns null for invalid or hostile text', () => {
    for (const text of [
      '',
      'abc',
      '10.1.2.3/32',
      ' 10.1.2.3',
      '010.1.2.3',
      'fe80::1%eth0',
      '1'.repeat(100_000),
    ]) {
      expect(index.lookup(text)).toBeNull();
    }
  });

  it('counts prefixes and nodes', () => {
    expect(index.size).toBe(8);
    expect(index.valueCount).toBe(8);
    expect(index.nodeCount).toBeLessThanOrEqual(2 * index.size + 2);
    expect([...index.entries()].map((e) => e.cidr)).toEqual([
      '10.0.0.0/8',
      '10.1.0.0/16',
      '10.1.2.0/24',
      '10.1.2.3/32',
      '192.0.2.0/24',
      '2001:db8::/32',
      '2001:db8:1::/48',
      '2001:db8:1::1/128',
    ]);
  });

  it('lookupAll walks the hierarchy, most specific first', () => {
    expect(index.lookupAll('10.1.2.3').map((m) => m.value)).toEqual([
      'host',
      'office',
      'department',
      'ministry',
    ]);
    expect(index.lookupAll('2001:db8:1::5').map((m) => m.value)).toEqual(['v6-department', 'v6-ministry']);
    expect(index.lookupAll('11.0.0.0')).toEqual([]);
    expect(index.lookupAll('junk')).toEqual([]);
  });

  it('handles the default routes and single addresses', () => {
    const idx = build<string>([
      ['0.0.0.0/0', 'any4'],
      ['::/0', 'any6'],
      ['255.255.255.255/32', 'broadcast'],
      ['0.0.0.0/32', 'zero'],
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128', 'last6'],
      ['::/128', 'zero6'],
    ]);
    expect(idx.lookup('1.2.3.4')?.value).toBe('any4');
    expect(idx.lookup('255.255.255.255')?.value).toBe('broadcast');
    expect(idx.lookup('255.255.255.254')?.value).toBe('any4');
    expect(idx.lookup('0.0.0.0')?.value).toBe('zero');
    expect(idx.lookup('0.0.0.1')?.value).toBe('any4');
    expect(idx.lookup('2001:db8::1')?.value).toBe('any6');
    expect(idx.lookup('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')?.value).toBe('last6');
    expect(idx.lookup('ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe')?.value).toBe('any6');
    expect(idx.lookup('::')?.value).toBe('zero6');
    expect(idx.lookup('::1')?.value).toBe('any6');
  });

  it('keeps every value inserted for the same prefix, in order', () => {
    const idx = new PrefixIndex<number>();
    idx.insert(cidr('10.0.0.0/8'), 1);
    idx.insert(cidr('10.0.0.0/8'), 2);
    idx.insert(cidr('10.0.0.0/8'), 3);
    const match = idx.lookup('10.9.9.9');
    expect(match?.value).toBe(1);
    expect(match?.values).toEqual([1, 2, 3]);
    expect(idx.size).toBe(1);
    expect(idx.valueCount).toBe(3);
  });

  it('masks hand-built blocks and rejects impossible prefix lengths', () => {
    const idx = new PrefixIndex<string>();
    idx.insert({ network: parseIp('10.1.2.3')!, prefixLength: 8 }, 'masked');
    expect(idx.lookup('10.200.0.1')?.cidr).toBe('10.0.0.0/8');
    expect(() => idx.insert({ network: parseIp('10.0.0.0')!, prefixLength: 33 }, 'bad')).toThrow(RangeError);
    expect(() => idx.insert({ network: parseIp('::')!, prefixLength: 129 }, 'bad')).toThrow(RangeError);
    expect(idx.size).toBe(1);
  });

  it('inserting in any order gives the same answers (splits and branch nodes)', () => {
    const texts = [
      '10.0.0.0/8',
      '10.128.0.0/9',
      '10.0.0.0/9',
      '10.64.0.0/10',
      '10.64.0.0/11',
      '10.96.0.0/11',
    ];
    const forward = build(texts.map((t) => [t, t] as [string, string]));
    const backward = build([...texts].reverse().map((t) => [t, t] as [string, string]));
    for (const address of ['10.0.0.1', '10.64.0.1', '10.96.0.1', '10.127.0.1', '10.128.0.1', '10.255.0.1']) {
      expect(forward.lookup(address)?.cidr).toBe(backward.lookup(address)?.cidr);
    }
    expect(forward.lookup('10.100.0.0')?.cidr).toBe('10.96.0.0/11');
  });

  describe('IPv4-mapped IPv6 addresses', () => {
    it('find the owner of the IPv4 address', () => {
      expect(index.lookup('::ffff:10.1.2.4')?.value).toBe('office');
      expect(index.lookup('::FFFF:0a01:0204')?.value).toBe('office');
      expect(index.lookupParsed(mapIPv4(parseIp('10.1.2.3')!))?.value).toBe('host');
      expect(index.lookup('::ffff:11.0.0.0')).toBeNull();
    });

    it('compare lengths with IPv6 prefixes as 96 + n; IPv4 wins a tie', () => {
      const idx = build<string>([
        ['::/0', 'any6'],
        ['10.0.0.0/8', 'v4-8'],
        ['::ffff:10.0.0.0/104', 'v6-104'],
        ['::ffff:10.1.0.0/112', 'v6-112'],
        ['10.1.2.0/24', 'v4-24'],
      ]);
      expect(idx.lookup('::ffff:10.9.0.0')?.value).toBe('v4-8');
      expect(idx.lookup('::ffff:10.1.9.0')?.value).toBe('v6-112');
      expect(idx.lookup('::ffff:10.1.2.3')?.value).toBe('v4-24');
      expect(idx.lookup('::ffff:11.0.0.0')?.value).toBe('any6');
      // Plain IPv4 lookups never consult IPv6 prefixes.
      expect(idx.lookup('10.1.9.0')?.value).toBe('v4-8');
      expect(idx.lookupAll('::ffff:10.1.2.3').map((m) => m.value)).toEqual([
        'v4-24',
        'v6-112',
        'v4-8',
        'v6-104',
        'any6',
      ]);
    });
  });
});

/** Random prefix generator producing nesting, siblings, shared exact prefixes and mapped blocks. */
function randomWorkload(seed: number, prefixCount: number, addressCount: number) {
  const rnd = prng(seed);
  const word = () => Math.floor(rnd() * 0x100000000);
  // Restrict the top bits sometimes so prefixes cluster and nest.
  const clustered = (w: number) => (rnd() < 0.5 ? (w & 0x00ffffff) | 0x0a000000 : w);
  const prefixes: Cidr[] = [];
  const randomIp = (): ParsedIp => {
    const r = rnd();
    if (r < 0.45) return ipv4FromNumber(clustered(word()));
    if (r < 0.55) return mapIPv4(ipv4FromNumber(clustered(word())));
    return ipv6FromWords(rnd() < 0.5 ? 0x20010db8 : word(), word(), word(), word());
  };
  /** An address inside `c` with random host bits. */
  const inside = (c: Cidr): ParsedIp => {
    const n = c.network;
    const host = n.family === 4 ? ipv4FromNumber(word()) : ipv6FromWords(word(), word(), word(), word());
    const bits = c.prefixLength;
    const mix = (net: number, h: number, index: number) => {
      const keep = Math.max(0, Math.min(32, bits - index * 32));
      const mask = keep === 0 ? 0 : keep === 32 ? 0xffffffff : (0xffffffff << (32 - keep)) >>> 0;
      return ((net & mask) | (h & ~mask)) >>> 0;
    };
    return n.family === 4
      ? ipv4FromNumber(mix(n.w0, host.w0, 0))
      : ipv6FromWords(
          mix(n.w0, host.w0, 0),
          mix(n.w1, host.w1, 1),
          mix(n.w2, host.w2, 2),
          mix(n.w3, host.w3, 3),
        );
  };
  for (let i = 0; i < prefixCount; i++) {
    const r = rnd();
    if (prefixes.length > 0 && r < 0.3) {
      // Child of an existing prefix (longer), or the same prefix again.
      const parent = prefixes[Math.floor(rnd() * prefixes.length)]!;
      const max = parent.network.family === 4 ? 32 : 128;
      const extra = rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * Math.min(16, max - parent.prefixLength + 1));
      prefixes.push(makeCidr(inside(parent), Math.min(max, parent.prefixLength + extra)));
    } else {
      const ip = randomIp();
      const max = ip.family === 4 ? 32 : 128;
      // Mostly /8 or longer so that some lookups miss; a few very short IPv6 prefixes, and the
      // mapped range ::ffff:0:0/96 and its sub-blocks, also occur.
      const min = ip.family === 4 ? 8 : rnd() < 0.2 ? 96 : rnd() < 0.02 ? 1 : 8;
      const len = min + Math.floor(rnd() * (max - min + 1));
      prefixes.push(makeCidr(ip, len));
    }
  }
  const addresses: string[] = [];
  for (let i = 0; i < addressCount; i++) {
    let ip = rnd() < 0.7 ? inside(prefixes[Math.floor(rnd() * prefixes.length)]!) : randomIp();
    if (ip.family === 4 && rnd() < 0.15) ip = mapIPv4(ip);
    addresses.push(formatIp(ip));
  }
  return { prefixes, addresses };
}

describe('PrefixIndex agrees with the linear reference on random data', () => {
  for (const seed of [1, 2, 3, 42, 20240601]) {
    it(`seed ${seed}`, () => {
      const { prefixes, addresses } = randomWorkload(seed, 3000, 4000);
      // Every jump-table mode, with inserts interleaved with lookups so the table is
      // built early and then maintained incrementally.
      const variants = [
        new PrefixIndex<number>(),
        new PrefixIndex<number>({ jumpTable: true }),
        new PrefixIndex<number>({ jumpTable: false }),
      ];
      const slow = new LinearPrefixIndex<number>();
      const batches = [50, 400, 1500, prefixes.length];
      let inserted = 0;
      let hits = 0;
      for (const end of batches) {
        for (; inserted < end; inserted++) {
          for (const fast of variants) fast.insert(prefixes[inserted]!, inserted);
          slow.insert(prefixes[inserted]!, inserted);
        }
        const sample = end === prefixes.length ? addresses : addresses.slice(0, 300);
        for (const address of sample) {
          const expected = summary(slow.lookup(address));
          if (end === prefixes.length && expected !== null) hits++;
          for (const fast of variants) expect(summary(fast.lookup(address)), address).toEqual(expected);
        }
      }
      for (const fast of variants) {
        expect(fast.size).toBe(slow.size);
        expect(fast.nodeCount).toBeLessThanOrEqual(2 * fast.size + 2);
      }
      // The workload must actually exercise matches and misses.
      expect(hits).toBeGreaterThan(addresses.length / 2);
      expect(hits).toBeLessThan(addresses.length);
      for (const address of addresses.slice(0, 300)) {
        expect(
          variants[1]!.lookupAll(address).map((m) => m.cidr),
          address,
        ).toEqual(slow.lookupAll(address).map((m) => m.cidr));
      }
    });
  }

  it('keeps the jump table exact when short prefixes arrive after it was built', () => {
    const fast = new PrefixIndex<string>({ jumpTable: true });
    const slow = new LinearPrefixIndex<string>();
    const add = (text: string) => {
      fast.insert(cidr(text), text);
      slow.insert(cidr(text), text);
    };
    const probes = [
      '10.1.2.3',
      '10.200.0.1',
      '11.0.0.1',
      '0.0.0.1',
      '255.0.0.1',
      '2001:db8::1',
      '::1',
      'ffff::1',
    ];
    const check = () => {
      for (const p of probes) expect(fast.lookup(p)?.cidr, p).toBe(slow.lookup(p)?.cidr);
    };
    add('10.1.2.0/24');
    add('2001:db8:1::/48');
    check();
    for (const text of [
      '10.0.0.0/8',
      '10.1.0.0/16',
      '0.0.0.0/1',
      '0.0.0.0/0',
      '2001:db8::/32',
      '::/0',
      '8000::/1',
    ]) {
      add(text);
      check();
    }
    // Duplicate values on an existing short prefix.
    add('10.0.0.0/8');
    check();
    expect(fast.lookup('10.9.9.9')?.values).toEqual(['10.0.0.0/8', '10.0.0.0/8']);
  });

  it('reference itself matches a hand-checked case', () => {
    const slow = new LinearPrefixIndex<string>();
    slow.insert(cidr('10.0.0.0/8'), 'a');
    slow.insert(cidr('10.1.0.0/16'), 'b');
    slow.insert(cidr('10.1.0.0/16'), 'c');
    expect(slow.size).toBe(2);
    expect(summary(slow.lookup('10.1.2.3'))).toEqual({ cidr: '10.1.0.0/16', values: ['b', 'c'] });
    expect(slow.lookup('::ffff:10.2.0.0')?.cidr).toBe('10.0.0.0/8');
    expect(slow.lookup('11.0.0.0')).toBeNull();
    expect(slow.lookup('bad')).toBeNull();
  });
});

describe('PrefixIndex at scale', () => {
  it('builds 100 000 prefixes and finds each network', () => {
    const rnd = prng(7);
    const word = () => Math.floor(rnd() * 0x100000000);
    const prefixes: Cidr[] = [];
    for (let i = 0; i < 100_000; i++) {
      prefixes.push(
        i % 2 === 0
          ? makeCidr(ipv4FromNumber(word()), 16 + Math.floor(rnd() * 15))
          : makeCidr(ipv6FromWords(word(), word(), 0, 0), 32 + Math.floor(rnd() * 33)),
      );
    }
    // Timing lives in bench/owner-lookup.ts; this checks correctness at full scale.
    const index = new PrefixIndex<number>();
    prefixes.forEach((p, i) => index.insert(p, i));

    const addresses = prefixes.slice(0, 20_000).map((p) => formatIp(p.network));
    let found = 0;
    for (let round = 0; round < 5; round++) {
      for (const a of addresses) if (index.lookup(a) !== null) found++;
    }
    expect(found).toBe(addresses.length * 5);
    // Spot-check against the network address's own prefix (or a more specific one).
    for (let i = 0; i < 1000; i++) {
      const match = index.lookup(addresses[i]!)!;
      expect(match.prefix.prefixLength).toBeGreaterThanOrEqual(prefixes[i]!.prefixLength);
    }
  });
});
