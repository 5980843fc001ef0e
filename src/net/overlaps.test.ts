import { describe, expect, it } from 'vitest';
import { cidrsOverlap, formatCidr, makeCidr, parseCidr, type Cidr } from './cidr.js';
import { ipv4FromNumber, ipv6FromWords } from './ip.js';
import { findOverlaps, findSiblingOverlaps, type OverlapPair, type OwnedRange } from './overlaps.js';

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

/** Order-independent form of a pair: "i-j" with i < j. */
function key<Id>(pair: OverlapPair<Id>): string {
  const a = pair.outer.index;
  const b = pair.inner.index;
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

function bruteForce<Id>(ranges: OwnedRange<Id>[], siblingsOnly: boolean): string[] {
  const parsed = ranges.map((r) => (typeof r.cidr === 'string' ? cidr(r.cidr) : r.cidr));
  const out: string[] = [];
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const a = ranges[i]!;
      const b = ranges[j]!;
      if (a.ownerId === b.ownerId) continue;
      if (siblingsOnly && a.parentId !== b.parentId) continue;
      if (cidrsOverlap(parsed[i]!, parsed[j]!)) out.push(`${i}-${j}`);
    }
  }
  return out.sort();
}

describe('findOverlaps', () => {
  it('reports nested and identical blocks of different owners', () => {
    const pairs = findOverlaps([
      { cidr: '10.0.0.0/8', ownerId: 'ministry', parentId: null },
      { cidr: '10.1.0.0/16', ownerId: 'dept-a', parentId: 'ministry' },
      { cidr: '10.2.0.0/16', ownerId: 'dept-b', parentId: 'ministry' },
      { cidr: '10.2.0.0/16', ownerId: 'dept-c', parentId: 'ministry' },
      { cidr: '192.0.2.0/24', ownerId: 'other', parentId: null },
    ]);
    expect(
      pairs.map((p) => [p.outer.cidr, p.outer.ownerId, p.inner.cidr, p.inner.ownerId, p.relation]),
    ).toEqual([
      ['10.0.0.0/8', 'ministry', '10.1.0.0/16', 'dept-a', 'contains'],
      ['10.0.0.0/8', 'ministry', '10.2.0.0/16', 'dept-b', 'contains'],
      ['10.0.0.0/8', 'ministry', '10.2.0.0/16', 'dept-c', 'contains'],
      ['10.2.0.0/16', 'dept-b', '10.2.0.0/16', 'dept-c', 'equal'],
    ]);
    expect(pairs[3]).toEqual({
      outer: { cidr: '10.2.0.0/16', ownerId: 'dept-b', parentId: 'ministry', index: 2 },
      inner: { cidr: '10.2.0.0/16', ownerId: 'dept-c', parentId: 'ministry', index: 3 },
      relation: 'equal',
    });
  });

  it('ignores overlaps within one owner and between families', () => {
    expect(
      findOverlaps([
        { cidr: '10.0.0.0/8', ownerId: 1, parentId: null },
        { cidr: '10.0.0.0/8', ownerId: 1, parentId: null },
        { cidr: '10.1.0.0/16', ownerId: 1, parentId: null },
        { cidr: '::/0', ownerId: 2, parentId: null },
        { cidr: '::ffff:10.0.0.0/104', ownerId: 3, parentId: null },
      ]).map((p) => [p.outer.ownerId, p.inner.ownerId]),
    ).toEqual([[2, 3]]);
  });

  it('handles 0.0.0.0/0, ::/0, single addresses and adjacent blocks', () => {
    const pairs = findOverlaps([
      { cidr: '0.0.0.0/0', ownerId: 'a', parentId: null },
      { cidr: '255.255.255.255/32', ownerId: 'b', parentId: null },
      { cidr: '10.0.0.0/9', ownerId: 'c', parentId: null },
      { cidr: '10.128.0.0/9', ownerId: 'd', parentId: null },
      { cidr: '2001:db8::1/128', ownerId: 'e', parentId: null },
      { cidr: '2001:db8::/127', ownerId: 'f', parentId: null },
      { cidr: '2001:db8::2/127', ownerId: 'g', parentId: null },
    ]);
    expect(pairs.map(key).sort()).toEqual(['0-1', '0-2', '0-3', '4-5']);
  });

  it('accepts parsed Cidr values and returns canonical text', () => {
    const pairs = findOverlaps([
      { cidr: cidr('2001:DB8::/32'), ownerId: 'a', parentId: null },
      { cidr: ' 2001:db8:0:0::/48 ', ownerId: 'b', parentId: null },
    ]);
    expect(pairs.map((p) => [p.outer.cidr, p.inner.cidr])).toEqual([['2001:db8::/32', '2001:db8::/48']]);
  });

  it('names the offending range when a CIDR is invalid', () => {
    expect(() =>
      findOverlaps([
        { cidr: '10.0.0.0/8', ownerId: 'a', parentId: null },
        { cidr: '10.0.0.1/8', ownerId: 'b', parentId: null },
      ]),
    ).toThrow('range 1 (owner b): "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?');
  });

  it('handles an empty list', () => {
    expect(findOverlaps([])).toEqual([]);
    expect(findSiblingOverlaps([])).toEqual([]);
  });
});

describe('findSiblingOverlaps', () => {
  const ranges: OwnedRange[] = [
    { cidr: '10.0.0.0/8', ownerId: 'ministry', parentId: null },
    { cidr: '10.1.0.0/16', ownerId: 'dept-a', parentId: 'ministry' },
    { cidr: '10.1.128.0/17', ownerId: 'dept-b', parentId: 'ministry' },
    { cidr: '10.2.0.0/16', ownerId: 'dept-b', parentId: 'ministry' },
    { cidr: '10.1.128.0/24', ownerId: 'office', parentId: 'dept-b' },
    { cidr: '10.0.0.0/16', ownerId: 'province', parentId: null },
    { cidr: '2001:db8::/32', ownerId: 'dept-a', parentId: 'ministry' },
    { cidr: '2001:db8::/32', ownerId: 'dept-c', parentId: 'ministry' },
  ];

  it('reports only different owners with the same parent', () => {
    const pairs = findSiblingOverlaps(ranges);
    expect(
      pairs.map((p) => [p.outer.ownerId, p.outer.cidr, p.inner.ownerId, p.inner.cidr, p.relation]),
    ).toEqual([
      // Top-level organisations (parent null) are siblings of one another.
      ['ministry', '10.0.0.0/8', 'province', '10.0.0.0/16', 'contains'],
      ['dept-a', '10.1.0.0/16', 'dept-b', '10.1.128.0/17', 'contains'],
      ['dept-a', '2001:db8::/32', 'dept-c', '2001:db8::/32', 'equal'],
    ]);
  });

  it('is a subset of findOverlaps', () => {
    const all = new Set(findOverlaps(ranges).map(key));
    for (const pair of findSiblingOverlaps(ranges)) expect(all.has(key(pair))).toBe(true);
  });
});

/** Random ranges with heavy nesting, duplicates and a small owner/parent population. */
function randomRanges(seed: number, count: number): OwnedRange<number>[] {
  const rnd = prng(seed);
  const word = () => Math.floor(rnd() * 0x100000000);
  const blocks: Cidr[] = [];
  const ranges: OwnedRange<number>[] = [];
  for (let i = 0; i < count; i++) {
    let block: Cidr;
    if (blocks.length > 0 && rnd() < 0.5) {
      const parent = blocks[Math.floor(rnd() * blocks.length)]!;
      const max = parent.network.family === 4 ? 32 : 128;
      const extra = Math.floor(rnd() * 6);
      const len = Math.min(max, parent.prefixLength + extra);
      const n = parent.network;
      block =
        n.family === 4
          ? makeCidr(ipv4FromNumber((n.w0 | (word() >>> parent.prefixLength)) >>> 0), len)
          : makeCidr(ipv6FromWords(n.w0, n.w1 | word(), n.w2 | word(), n.w3 | word()), Math.max(len, 64));
    } else if (rnd() < 0.6) {
      block = makeCidr(
        ipv4FromNumber((0x0a000000 | (word() & 0x00ffffff)) >>> 0),
        8 + Math.floor(rnd() * 25),
      );
    } else {
      block = makeCidr(ipv6FromWords(0x20010db8, word() & 0xff, word(), word()), 32 + Math.floor(rnd() * 97));
    }
    blocks.push(block);
    const ownerId = Math.floor(rnd() * 12);
    ranges.push({
      cidr: rnd() < 0.5 ? formatCidr(block) : block,
      ownerId,
      parentId: ownerId % 3 === 0 ? null : ownerId % 3,
    });
  }
  return ranges;
}

describe('agrees with an O(n²) brute force on random data', () => {
  for (const seed of [1, 7, 99, 2024]) {
    it(`seed ${seed}`, () => {
      const ranges = randomRanges(seed, 600);
      const all = findOverlaps(ranges);
      const keys = all.map(key).sort();
      expect(keys).toEqual(bruteForce(ranges, false));
      expect(new Set(keys).size).toBe(keys.length); // no pair reported twice
      expect(keys.length).toBeGreaterThan(50);
      expect(findSiblingOverlaps(ranges).map(key).sort()).toEqual(bruteForce(ranges, true));
      for (const pair of all) {
        expect(pair.outer.ownerId).not.toBe(pair.inner.ownerId);
        const outer = cidr(pair.outer.cidr);
        const inner = cidr(pair.inner.cidr);
        expect(outer.prefixLength).toBeLessThanOrEqual(inner.prefixLength);
        expect(pair.relation).toBe(outer.prefixLength === inner.prefixLength ? 'equal' : 'contains');
      }
    });
  }
});

describe('scales as O(n log n)', () => {
  it('handles 100 000 disjoint ranges', () => {
    const ranges: OwnedRange<number>[] = [];
    for (let i = 0; i < 100_000; i++) {
      // Disjoint /24s in reverse order plus one /8 owner per 256 blocks.
      ranges.push({
        cidr: makeCidr(ipv4FromNumber((0x0a000000 + (100_000 - i) * 256) >>> 0), 24),
        ownerId: i,
        parentId: 0,
      });
    }
    ranges.push({ cidr: '0.0.0.0/0', ownerId: -1, parentId: 0 });
    const pairs = findSiblingOverlaps(ranges);
    expect(pairs).toHaveLength(100_000);
  });
});
