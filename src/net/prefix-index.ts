/**
 * Longest-prefix-match index over IPv4 and IPv6 CIDR blocks.
 *
 * {@link PrefixIndex} is a path-compressed binary trie (one per family) stored in
 * one typed array per family, so a lookup walks integers only: no objects
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

import { cidrContainsIp, familyBits, formatCidr, makeCidr, type Cidr } from './cidr.js';
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

/** Bits resolved at once by the jump table. */
const JUMP_BITS = 16;
const JUMP_SIZE = 1 << JUMP_BITS;
/** Tries with fewer nodes than this walk from the root (the table costs 512 KiB). */
const JUMP_THRESHOLD_NODES = 4096;

/**
 * One path-compressed binary trie over `words` 32-bit words per key.
 *
 * Nodes live interleaved in a single Int32Array so that visiting a node touches
 * one cache line: `[key words…, meta, left, right]` (stride 4 for IPv4, 8 for
 * IPv6 with one padding word). `meta` packs the prefix length (low 8 bits) and
 * the match slot + 1 (upper bits; 0 = pure branching node). Nodes are addressed
 * by their offset in the array; offset 0 is the root (prefix length 0), and a
 * child offset of 0 means "no child" since the root is never anyone's child.
 *
 * Once the trie is large, a jump table indexed by the top 16 address bits
 * records, for each value, the deepest node of length ≤ 16 on that path and the
 * best match found so far, so a lookup skips the first levels (each a likely
 * cache miss). It is built on the first lookup past the size threshold and then
 * maintained by {@link insert} and {@link setSlot}, which refresh the entries
 * under any node of length ≤ 16 that they create or give a value. Only the
 * {@link setSlot} refresh is needed for correctness (nodes are never removed, so
 * a recorded start node stays on the path; a stale one is merely shallower); the
 * structural refreshes keep the start nodes as deep as possible.
 */
class CompressedTrie {
  readonly words: 1 | 4;
  readonly maxBits: 32 | 128;
  private readonly stride: 4 | 8;
  private readonly meta: number;
  private readonly leftField: number;
  nodes: Int32Array;
  private used: number;
  /** Jump table: `[start node, best node]` pairs indexed by the top 16 address bits. */
  private jump: Int32Array | null = null;
  /** Node count (in array words) at which the first lookup builds the jump table. */
  private readonly jumpThreshold: number;

  constructor(words: 1 | 4, jumpTable: boolean | undefined, initialNodes = 64) {
    this.words = words;
    this.maxBits = words === 1 ? 32 : 128;
    this.stride = words === 1 ? 4 : 8;
    this.meta = words;
    this.leftField = words + 1;
    this.nodes = new Int32Array(initialNodes * this.stride);
    this.used = this.stride; // the root
    const threshold = jumpTable === undefined ? JUMP_THRESHOLD_NODES : jumpTable ? 0 : Infinity;
    this.jumpThreshold = threshold * this.stride;
  }

  get nodeCount(): number {
    return this.used / this.stride;
  }

  /** Prefix length of the node at `node`. */
  lenOf(node: number): number {
    return this.nodes[node + this.meta]! & 0xff;
  }

  /** Match slot of the node at `node`, or -1 for a pure branching node. */
  slotOf(node: number): number {
    return (this.nodes[node + this.meta]! >>> 8) - 1;
  }

  setSlot(node: number, slot: number): void {
    if (slot >= 0xffffff) throw new RangeError('PrefixIndex holds at most 16 777 215 prefixes per family');
    this.nodes[node + this.meta] = ((slot + 1) << 8) | this.lenOf(node);
    this.refreshJumpUnder(node);
  }

  /** Builds the jump table (once the trie is large enough to benefit). */
  private buildJump(): void {
    this.jump = new Int32Array(2 * JUMP_SIZE);
    this.refreshJump(0, JUMP_SIZE);
  }

  /** Recomputes the jump entries covered by `node` if it is short enough to matter. */
  private refreshJumpUnder(node: number): void {
    const len = this.lenOf(node);
    if (this.jump === null || len > JUMP_BITS) return;
    this.refreshJump(this.nodes[node]! >>> (32 - JUMP_BITS), 1 << (JUMP_BITS - len));
  }

  private refreshJump(first: number, count: number): void {
    const jump = this.jump!;
    const nodes = this.nodes;
    const left = this.leftField;
    const rootBest = this.slotOf(0) >= 0 ? 0 : -1;
    for (let v = first; v < first + count; v++) {
      const top = v << (32 - JUMP_BITS);
      let node = 0;
      let best = rootBest;
      let len = 0;
      while (len < JUMP_BITS) {
        const child = nodes[node + left + ((top >>> (31 - len)) & 1)]!;
        if (child === 0) break;
        const childLen = this.lenOf(child);
        if (childLen > JUMP_BITS || ((top ^ nodes[child]!) & MASK[childLen]!) !== 0) break;
        if (this.slotOf(child) >= 0) best = child;
        node = child;
        len = childLen;
      }
      jump[2 * v] = node;
      jump[2 * v + 1] = best;
    }
  }

  /** Bit `bit` (0 = most significant) of the key stored at `node`. */
  private nodeBit(node: number, bit: number): number {
    return (this.nodes[node + (bit >>> 5)]! >>> (31 - (bit & 31))) & 1;
  }

  private newNode(key: Int32Array, len: number): number {
    if (this.used === this.nodes.length) {
      const grown = new Int32Array(this.nodes.length * 2);
      grown.set(this.nodes);
      this.nodes = grown;
    }
    const node = this.used;
    this.used += this.stride;
    for (let i = 0; i < this.words; i++) {
      const remaining = len - i * 32;
      const mask = remaining >= 32 ? -1 : remaining <= 0 ? 0 : MASK[remaining]!;
      this.nodes[node + i] = key[i]! & mask;
    }
    this.nodes[node + this.meta] = len; // slot + 1 = 0: no value yet
    return node;
  }

  private setChild(parent: number, bit: number, child: number): void {
    this.nodes[parent + this.leftField + bit] = child;
  }

  /** Number of leading bits (capped at `limit`) on which `key` agrees with `node`'s key. */
  private commonPrefix(key: Int32Array, node: number, limit: number): number {
    for (let i = 0; i < this.words && i * 32 < limit; i++) {
      const diff = key[i]! ^ this.nodes[node + i]!;
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
      const nodeLen = this.lenOf(node);
      if (nodeLen === len) return node;
      const bit = (key[nodeLen >>> 5]! >>> (31 - (nodeLen & 31))) & 1;
      const child = this.nodes[node + this.leftField + bit]!;
      if (child === 0) {
        const leaf = this.newNode(key, len);
        this.setChild(node, bit, leaf);
        this.refreshJumpUnder(leaf);
        return leaf;
      }
      const childLen = this.lenOf(child);
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
        this.refreshJumpUnder(mid);
        return mid;
      }
      const branch = this.newNode(key, common);
      this.setChild(branch, this.nodeBit(child, common), child);
      const leaf = this.newNode(key, len);
      this.setChild(branch, (key[common >>> 5]! >>> (31 - (common & 31))) & 1, leaf);
      this.setChild(node, bit, branch);
      this.refreshJumpUnder(branch); // covers `leaf` too
      return leaf;
    }
  }

  /** Deepest node holding a value whose prefix contains the IPv4 address `a`; -1 if none. */
  lookup4(a: number): number {
    // Layout (stride 4): [key, meta, left, right].
    const nodes = this.nodes;
    const jump = this.jump;
    let node = 0;
    let best: number;
    if (jump !== null) {
      const v = (a >>> (32 - JUMP_BITS)) << 1;
      node = jump[v]!;
      best = jump[v + 1]!;
    } else if (this.used >= this.jumpThreshold) {
      this.buildJump();
      return this.lookup4(a);
    } else {
      best = nodes[1]! >>> 8 !== 0 ? 0 : -1;
    }
    let len = nodes[node + 1]! & 0xff;
    while (len < 32) {
      const child = nodes[node + 2 + ((a >>> (31 - len)) & 1)]!;
      if (child === 0) break;
      const meta = nodes[child + 1]!;
      const childLen = meta & 0xff;
      if (((a ^ nodes[child]!) & MASK[childLen]!) !== 0) break;
      if (meta >>> 8 !== 0) best = child;
      node = child;
      len = childLen;
    }
    return best;
  }

  /** As {@link lookup4} for an IPv6 address given as four words in `a`. */
  lookup6(a: Int32Array): number {
    // Layout (stride 8): [k0, k1, k2, k3, meta, left, right, -].
    const nodes = this.nodes;
    const jump = this.jump;
    let node = 0;
    let best: number;
    if (jump !== null) {
      const v = (a[0]! >>> (32 - JUMP_BITS)) << 1;
      node = jump[v]!;
      best = jump[v + 1]!;
    } else if (this.used >= this.jumpThreshold) {
      this.buildJump();
      return this.lookup6(a);
    } else {
      best = nodes[4]! >>> 8 !== 0 ? 0 : -1;
    }
    let len = nodes[node + 4]! & 0xff;
    while (len < 128) {
      const child = nodes[node + 5 + ((a[len >>> 5]! >>> (31 - (len & 31))) & 1)]!;
      if (child === 0) break;
      const meta = nodes[child + 4]!;
      const childLen = meta & 0xff;
      // Bits before `len` already matched on the way down; compare from that word on.
      const fullWords = childLen >>> 5;
      let i = len >>> 5;
      for (; i < fullWords; i++) {
        if (a[i] !== nodes[child + i]) return best;
      }
      const rest = childLen & 31;
      if (rest !== 0 && ((a[i]! ^ nodes[child + i]!) & MASK[rest]!) !== 0) break;
      if (meta >>> 8 !== 0) best = child;
      node = child;
      len = childLen;
    }
    return best;
  }

  /** Every value-holding node on the path to the address, shallowest first. */
  collect(a: Int32Array, into: number[]): void {
    if (this.slotOf(0) >= 0) into.push(0);
    let node = 0;
    let len = 0;
    while (len < this.maxBits) {
      const bit = (a[len >>> 5]! >>> (31 - (len & 31))) & 1;
      const child = this.nodes[node + this.leftField + bit]!;
      if (child === 0) return;
      const childLen = this.lenOf(child);
      if (this.commonPrefix(a, child, childLen) !== childLen) return;
      if (this.slotOf(child) >= 0) into.push(child);
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

export interface PrefixIndexOptions {
  /**
   * The 16-bit jump table (512 KiB per family) that speeds up lookups in large
   * indexes. Default: built automatically once a family's trie has 4096 nodes.
   * `true` builds it on the first lookup whatever the size; `false` never does.
   */
  jumpTable?: boolean;
}

export class PrefixIndex<T> {
  private readonly v4: CompressedTrie;
  private readonly v6: CompressedTrie;
  private readonly matches4: MutableMatch<T>[] = [];
  private readonly matches6: MutableMatch<T>[] = [];
  private readonly scratch = new Int32Array(4);
  private values = 0;

  constructor(options: PrefixIndexOptions = {}) {
    this.v4 = new CompressedTrie(1, options.jumpTable);
    this.v6 = new CompressedTrie(4, options.jumpTable);
  }

  /** Number of distinct prefixes. */
  get size(): number {
    return this.matches4.length + this.matches6.length;
  }

  /** Number of values inserted (≥ `size` when prefixes are shared). */
  get valueCount(): number {
    return this.values;
  }

  /**
   * Adds `value` for `cidr`, after any values already stored for the same prefix.
   * A hand-built `cidr` with host bits set is masked.
   * @throws RangeError when the prefix length is out of range for the family.
   */
  insert(block: Cidr, value: T): void {
    const cidr = makeCidr(block.network, block.prefixLength);
    const family = cidr.network.family;
    const trie = family === 4 ? this.v4 : this.v6;
    const matches = family === 4 ? this.matches4 : this.matches6;
    cidrKey(cidr, this.scratch);
    const node = trie.insert(this.scratch, cidr.prefixLength);
    const slot = trie.slotOf(node);
    if (slot >= 0) {
      matches[slot]!.values.push(value);
    } else {
      trie.setSlot(node, matches.length);
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
      return node < 0 ? null : this.matches4[this.v4.slotOf(node)]!;
    }
    const node6 = this.v6.lookup6(s);
    if (s[0] === 0 && s[1] === 0 && s[2] === 0xffff) {
      const node4 = this.v4.lookup4(s[3]!);
      if (node4 >= 0 && (node6 < 0 || 96 + this.v4.lenOf(node4) >= this.v6.lenOf(node6))) {
        return this.matches4[this.v4.slotOf(node4)]!;
      }
    }
    return node6 < 0 ? null : this.matches6[this.v6.slotOf(node6)]!;
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
        found.push({ len: offset + this.v4.lenOf(n), match: this.matches4[this.v4.slotOf(n)]!, v4: true });
      }
    }
    if (parsed.family === 6) {
      nodes.length = 0;
      this.v6.collect(words, nodes);
      for (const n of nodes) {
        found.push({ len: this.v6.lenOf(n), match: this.matches6[this.v6.slotOf(n)]!, v4: false });
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

  insert(block: Cidr, value: T): void {
    const cidr = makeCidr(block.network, block.prefixLength);
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
