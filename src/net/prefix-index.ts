/**
 * Longest-prefix-match index over IPv4 and IPv6 CIDR blocks.
 *
 * {@link PrefixIndex} is a path-compressed binary trie (one per family) stored as
 * struct-of-arrays in typed arrays, so a lookup walks integers only: no objects
 * are created per lookup (the returned match object is created once per prefix,
 * at insert time, and shared). {@link LinearPrefixIndex} is a deliberately naive
 * reference implementation (linear scan over BigInt values) used to cross-check
 * the trie in tests and as a benchmark baseline.
 *
 * Semantics shared by both implementations:
 * - Several values may be inserted for the same exact prefix. They are all kept,
 *   in insertion order: a match exposes `value` (the first one inserted) and
 *   `values` (all of them). Callers that want "last wins" or a merge can read
 *   `values` and decide; callers that see `values.length > 1` have found two
 *   owners claiming the same block.
 * - `size` counts distinct prefixes, `valueCount` counts inserted values.
 * - An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, as reported by dual-stack
 *   sockets) is looked up both as IPv6 and as the IPv4 address `a.b.c.d`; an IPv4
 *   prefix of length n counts as an IPv6 prefix of length 96 + n, and the longer
 *   one wins (the IPv4 entry on a tie). Plain IPv4 lookups never consult IPv6
 *   prefixes.
 * - A match's `values` array is live: later inserts of the same prefix append to
 *   it. Treat it as read-only.
 */

import { cidrContainsIp, familyBits, formatCidr, type Cidr } from './cidr.js';
import { isIPv4Mapped, parseIp, parseIpInto, type ParsedIp } from './ip.js';

export interface PrefixMatch<T> {
  /** Canonical text of the matched prefix, e.g. `192.0.2.0/24`. */
  readonly cidr: string;
  readonly prefix: Cidr;
  /** First value inserted for this prefix. */
  readonly value: T;
  /** Every value inserted for this prefix, in insertion order. */
  readonly values: readonly T[];
}

interface MutableMatch<T> {
  readonly cidr: string;
  readonly prefix: Cidr;
  readonly value: T;
  readonly values: T[];
}

/** MASK[n] keeps the top n bits of an int32 word (MASK[0] = 0). */
const MASK = new Int32Array(33);
for (let n = 1; n <= 32; n++) MASK[n] = -1 << (32 - n);

/**
 * One path-compressed binary trie over `words` 32-bit words per key. Node 0 is
 * the root (prefix length 0); child index 0 means "no child" since the root is
 * never anyone's child.
 */
class CompressedTrie {
  readonly words: 1 | 4;
  readonly maxBits: 32 | 128;
  nodeCount = 1;
  keys: Int32Array;
  lens: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Index into the owner's match table, or -1 for a pure branching node. */
  slots: Int32Array;

  constructor(words: 1 | 4, initialCapacity = 64) {
    this.words = words;
    this.maxBits = words === 1 ? 32 : 128;
    this.keys = new Int32Array(initialCapacity * words);
    this.lens = new Uint8Array(initialCapacity);
    this.left = new Int32Array(initialCapacity);
    this.right = new Int32Array(initialCapacity);
    this.slots = new Int32Array(initialCapacity).fill(-1);
  }

  private grow(): void {
    const capacity = this.lens.length * 2;
    const keys = new Int32Array(capacity * this.words);
    keys.set(this.keys);
    this.keys = keys;
    const lens = new Uint8Array(capacity);
    lens.set(this.lens);
    this.lens = lens;
    const left = new Int32Array(capacity);
    left.set(this.left);
    this.left = left;
    const right = new Int32Array(capacity);
    right.set(this.right);
    this.right = right;
    const slots = new Int32Array(capacity).fill(-1);
    slots.set(this.slots);
    this.slots = slots;
  }

  /** Bit `bit` (0 = most significant) of the key stored at `node`. */
  private nodeBit(node: number, bit: number): number {
    return (this.keys[node * this.words + (bit >>> 5)]! >>> (31 - (bit & 31))) & 1;
  }

  private newNode(key: Int32Array, len: number): number {
    if (this.nodeCount === this.lens.length) this.grow();
    const node = this.nodeCount++;
    const base = node * this.words;
    for (let i = 0; i < this.words; i++) {
      const remaining = len - i * 32;
      const mask = remaining >= 32 ? -1 : remaining <= 0 ? 0 : MASK[remaining]!;
      this.keys[base + i] = key[i]! & mask;
    }
    this.lens[node] = len;
    return node;
  }

  private setChild(parent: number, bit: number, child: number): void {
    if (bit === 0) this.left[parent] = child;
    else this.right[parent] = child;
  }

  /** Number of leading bits (capped at `limit`) on which `key` agrees with `node`'s key. */
  private commonPrefix(key: Int32Array, node: number, limit: number): number {
    const base = node * this.words;
    for (let i = 0; i < this.words && i * 32 < limit; i++) {
      const diff = key[i]! ^ this.keys[base + i]!;
      if (diff !== 0) return Math.min(limit, i * 32 + Math.clz32(diff));
    }
    return limit;
  }

  /**
   * Finds or creates the node for (`key`, `len`). `key` must already be masked
   * to `len` bits.
   */
  insert(key: Int32Array, len: number): number {
    let node = 0;
    for (;;) {
      const nodeLen = this.lens[node]!;
      if (nodeLen === len) return node;
      const bit = (key[nodeLen >>> 5]! >>> (31 - (nodeLen & 31))) & 1;
      const child = bit === 0 ? this.left[node]! : this.right[node]!;
      if (child === 0) {
        const leaf = this.newNode(key, len);
        this.setChild(node, bit, leaf);
        return leaf;
      }
      const childLen = this.lens[child]!;
      const common = this.commonPrefix(key, child, Math.min(len, childLen));
      if (common === childLen) {
        node = child;
        continue;
      }
      // The new prefix diverges from `child` (or ends) before `child`'s length: split.
      if (common === len) {
        const mid = this.newNode(key, len);
        this.setChild(mid, this.nodeBit(child, len), child);
        this.setChild(node, bit, mid);
        return mid;
      }
      const branch = this.newNode(key, common);
      this.setChild(branch, this.nodeBit(child, common), child);
      const leaf = this.newNode(key, len);
      this.setChild(branch, (key[common >>> 5]! >>> (31 - (common & 31))) & 1, leaf);
      this.setChild(node, bit, branch);
      return leaf;
    }
  }

  /** Deepest node holding a value whose prefix contains the IPv4 address `a`; -1 if none. */
  lookup4(a: number): number {
    const lens = this.lens;
    const keys = this.keys;
    const left = this.left;
    const right = this.right;
    const slots = this.slots;
    let best = slots[0]! >= 0 ? 0 : -1;
    let node = 0;
    let len = 0;
    while (len < 32) {
      const child = ((a >>> (31 - len)) & 1) === 0 ? left[node]! : right[node]!;
      if (child === 0) break;
      const childLen = lens[child]!;
      if (((a ^ keys[child]!) & MASK[childLen]!) !== 0) break;
      if (slots[child]! >= 0) best = child;
      node = child;
      len = childLen;
    }
    return best;
  }

  /** As {@link lookup4} for an IPv6 address given as four words in `a`. */
  lookup6(a: Int32Array): number {
    const lens = this.lens;
    const keys = this.keys;
    const left = this.left;
    const right = this.right;
    const slots = this.slots;
    let best = slots[0]! >= 0 ? 0 : -1;
    let node = 0;
    let len = 0;
    while (len < 128) {
      const child = ((a[len >>> 5]! >>> (31 - (len & 31))) & 1) === 0 ? left[node]! : right[node]!;
      if (child === 0) break;
      const childLen = lens[child]!;
      // Bits before `len` already matched on the way down; compare from that word on.
      const base = child << 2;
      const fullWords = childLen >>> 5;
      let i = len >>> 5;
      for (; i < fullWords; i++) {
        if (a[i] !== keys[base + i]) return best;
      }
      const rest = childLen & 31;
      if (rest !== 0 && ((a[i]! ^ keys[base + i]!) & MASK[rest]!) !== 0) break;
      if (slots[child]! >= 0) best = child;
      node = child;
      len = childLen;
    }
    return best;
  }

  /** Every value-holding node on the path to the address, shallowest first. */
  collect(a: Int32Array, into: number[]): void {
    if (this.slots[0]! >= 0) into.push(0);
    let node = 0;
    let len = 0;
    while (len < this.maxBits) {
      const child = ((a[len >>> 5]! >>> (31 - (len & 31))) & 1) === 0 ? this.left[node]! : this.right[node]!;
      if (child === 0) return;
      const childLen = this.lens[child]!;
      if (this.commonPrefix(a, child, childLen) !== childLen) return;
      if (this.slots[child]! >= 0) into.push(child);
      node = child;
      len = childLen;
    }
  }
}

function cidrKey(cidr: Cidr, out: Int32Array): void {
  const n = cidr.network;
  out[0] = n.w0;
  out[1] = n.w1;
  out[2] = n.w2;
  out[3] = n.w3;
}

export class PrefixIndex<T> {
  private readonly v4 = new CompressedTrie(1);
  private readonly v6 = new CompressedTrie(4);
  private readonly matches4: MutableMatch<T>[] = [];
  private readonly matches6: MutableMatch<T>[] = [];
  private readonly scratch = new Int32Array(4);
  private values = 0;

  /** Number of distinct prefixes. */
  get size(): number {
    return this.matches4.length + this.matches6.length;
  }

  /** Number of values inserted (≥ `size` when prefixes are shared). */
  get valueCount(): number {
    return this.values;
  }

  /** Adds `value` for `cidr`, after any values already stored for the same prefix. */
  insert(cidr: Cidr, value: T): void {
    const family = cidr.network.family;
    const trie = family === 4 ? this.v4 : this.v6;
    const matches = family === 4 ? this.matches4 : this.matches6;
    cidrKey(cidr, this.scratch);
    const node = trie.insert(this.scratch, cidr.prefixLength);
    const slot = trie.slots[node]!;
    if (slot >= 0) {
      matches[slot]!.values.push(value);
    } else {
      trie.slots[node] = matches.length;
      matches.push(Object.freeze({ cidr: formatCidr(cidr), prefix: cidr, value, values: [value] }));
    }
    this.values++;
  }

  /** Most specific prefix containing the address, or null (also for invalid text). */
  lookup(ipText: string): PrefixMatch<T> | null {
    const family = parseIpInto(ipText, this.scratch);
    if (family === 0) return null;
    return this.lookupScratch(family);
  }

  /** As {@link lookup} for an already parsed address (no parsing, no allocation). */
  lookupParsed(ip: ParsedIp): PrefixMatch<T> | null {
    const s = this.scratch;
    s[0] = ip.w0;
    s[1] = ip.w1;
    s[2] = ip.w2;
    s[3] = ip.w3;
    return this.lookupScratch(ip.family);
  }

  private lookupScratch(family: 4 | 6): PrefixMatch<T> | null {
    const s = this.scratch;
    if (family === 4) {
      const node = this.v4.lookup4(s[0]!);
      return node < 0 ? null : this.matches4[this.v4.slots[node]!]!;
    }
    const node6 = this.v6.lookup6(s);
    if (s[0] === 0 && s[1] === 0 && s[2] === 0xffff) {
      const node4 = this.v4.lookup4(s[3]!);
      if (node4 >= 0 && (node6 < 0 || 96 + this.v4.lens[node4]! >= this.v6.lens[node6]!)) {
        return this.matches4[this.v4.slots[node4]!]!;
      }
    }
    return node6 < 0 ? null : this.matches6[this.v6.slots[node6]!]!;
  }

  /**
   * Every prefix containing the address, most specific first (useful to walk an
   * ownership hierarchy). Allocates; not the fast path.
   */
  lookupAll(ip: string | ParsedIp): PrefixMatch<T>[] {
    const parsed = typeof ip === 'string' ? parseIp(ip) : ip;
    if (parsed === null) return [];
    const words = Int32Array.of(parsed.w0, parsed.w1, parsed.w2, parsed.w3);
    const found: { len: number; match: PrefixMatch<T>; v4: boolean }[] = [];
    const nodes: number[] = [];
    if (parsed.family === 4 || isIPv4Mapped(parsed)) {
      const v4words = parsed.family === 4 ? words : Int32Array.of(parsed.w3, 0, 0, 0);
      this.v4.collect(v4words, nodes);
      const offset = parsed.family === 4 ? 0 : 96;
      for (const n of nodes) {
        found.push({ len: offset + this.v4.lens[n]!, match: this.matches4[this.v4.slots[n]!]!, v4: true });
      }
    }
    if (parsed.family === 6) {
      nodes.length = 0;
      this.v6.collect(words, nodes);
      for (const n of nodes) {
        found.push({ len: this.v6.lens[n]!, match: this.matches6[this.v6.slots[n]!]!, v4: false });
      }
    }
    found.sort((x, y) => y.len - x.len || Number(y.v4) - Number(x.v4));
    return found.map((f) => f.match);
  }

  /** All stored prefixes: IPv4 then IPv6, each in insertion order. */
  *entries(): IterableIterator<PrefixMatch<T>> {
    yield* this.matches4;
    yield* this.matches6;
  }

  /** Trie nodes in use (diagnostics; at most 2 × prefixes + 2). */
  get nodeCount(): number {
    return this.v4.nodeCount + this.v6.nodeCount;
  }
}

interface LinearEntry<T> {
  readonly family: 4 | 6;
  readonly prefixLength: number;
  readonly shift: bigint;
  readonly networkHigh: bigint;
  readonly match: MutableMatch<T>;
}

function ipToBigInt(ip: ParsedIp): bigint {
  if (ip.family === 4) return BigInt(ip.w0);
  return (BigInt(ip.w0) << 96n) | (BigInt(ip.w1) << 64n) | (BigInt(ip.w2) << 32n) | BigInt(ip.w3);
}

/**
 * Reference implementation of {@link PrefixIndex}: a list scanned in full on
 * every lookup, comparing BigInt values. O(n) per lookup; for tests and
 * benchmarks only. Same semantics, including IPv4-mapped handling.
 */
export class LinearPrefixIndex<T> {
  private readonly entries: LinearEntry<T>[] = [];
  private readonly byText = new Map<string, LinearEntry<T>>();

  get size(): number {
    return this.entries.length;
  }

  insert(cidr: Cidr, value: T): void {
    const text = formatCidr(cidr);
    const existing = this.byText.get(text);
    if (existing) {
      existing.match.values.push(value);
      return;
    }
    const family = cidr.network.family;
    const shift = BigInt(familyBits(family) - cidr.prefixLength);
    const entry: LinearEntry<T> = {
      family,
      prefixLength: cidr.prefixLength,
      shift,
      networkHigh: ipToBigInt(cidr.network) >> shift,
      match: { cidr: text, prefix: cidr, value, values: [value] },
    };
    this.entries.push(entry);
    this.byText.set(text, entry);
  }

  lookup(ipText: string): PrefixMatch<T> | null {
    const ip = parseIp(ipText);
    return ip === null ? null : this.lookupParsed(ip);
  }

  lookupParsed(ip: ParsedIp): PrefixMatch<T> | null {
    const value = ipToBigInt(ip);
    const mapped = isIPv4Mapped(ip);
    const asV4 = mapped ? BigInt(ip.w3) : -1n;
    let best: LinearEntry<T> | null = null;
    let bestLen = -1;
    for (const e of this.entries) {
      let effectiveLen: number;
      if (e.family === ip.family) {
        if (value >> e.shift !== e.networkHigh) continue;
        effectiveLen = e.prefixLength;
      } else if (mapped && e.family === 4) {
        if (asV4 >> e.shift !== e.networkHigh) continue;
        effectiveLen = 96 + e.prefixLength;
      } else {
        continue;
      }
      if (effectiveLen > bestLen || (effectiveLen === bestLen && e.family === 4)) {
        best = e;
        bestLen = effectiveLen;
      }
    }
    return best === null ? null : best.match;
  }

  /** Every matching prefix, most specific first (for cross-checking `lookupAll`). */
  lookupAll(ipText: string): PrefixMatch<T>[] {
    const ip = parseIp(ipText);
    if (ip === null) return [];
    const mapped = isIPv4Mapped(ip);
    const v4 = mapped ? { family: 4 as const, w0: ip.w3, w1: 0, w2: 0, w3: 0 } : null;
    const hits: { len: number; v4: boolean; match: PrefixMatch<T> }[] = [];
    for (const e of this.entries) {
      if (cidrContainsIp(e.match.prefix, ip)) {
        hits.push({ len: e.prefixLength, v4: e.family === 4, match: e.match });
      } else if (v4 !== null && cidrContainsIp(e.match.prefix, v4)) {
        hits.push({ len: 96 + e.prefixLength, v4: true, match: e.match });
      }
    }
    hits.sort((x, y) => y.len - x.len || Number(y.v4) - Number(x.v4));
    return hits.map((h) => h.match);
  }
}
