/**
 * Compact hash tables for the matcher: millions of indicator values held as bytes in one buffer
 * and found through open-addressing tables of 32-bit slots, instead of a `Map` of V8 strings
 * (a string costs a 16–24-byte header and a map entry another 30–50 bytes).
 *
 * Strings are hashed from their LAST character to their first. Walking a domain name backwards
 * therefore yields the hash of every parent (`com`, `evil.com`, `b.evil.com`…) in one pass, and a
 * lookup compares characters in place: no substring is created for a miss. Each slot packs the
 * entry number with a few bits of the hash (a tag), so a miss almost never reads the entry itself.
 * Pure; no I/O.
 */

export const HASH_SEED = 0x811c9dc5;

/** One FNV-1a step. */
export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

/** Final avalanche (murmur3 fmix32) so the low bits used as a slot index are well mixed. */
export function hashFinish(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** ASCII upper-case letters folded to lower case (indicator domains are stored lower-case). */
export function foldCase(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function capacityFor(count: number, maxLoad: number): number {
  let capacity = 16;
  while (capacity * maxLoad < count) capacity *= 2;
  return capacity;
}

function grownU8(array: Uint8Array, need: number): Uint8Array {
  if (need <= array.length) return array;
  let size = array.length * 2;
  while (size < need) size *= 2;
  const grown = new Uint8Array(size);
  grown.set(array);
  return grown;
}

/** A typed array's contents in a new SharedArrayBuffer. */
export function shared<T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(array: T): T {
  const Type = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Type(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}

export interface StoreSnapshot {
  bytes: Uint8Array;
  ends: Uint32Array;
}

export interface StringIndexSnapshot {
  slots: Uint32Array;
  filter: Uint32Array;
  indexBits: number;
  size: number;
  fold: boolean;
}

export interface AddressIndexSnapshot {
  words: 1 | 4;
  slots: Int32Array;
  size: number;
}

/**
 * Append-only byte store of ASCII strings, addressed by entry number. Entries are the matcher's
 * indicator numbers, so the store doubles as "the value of indicator n".
 */
export class ByteStore {
  private bytes: Uint8Array;
  private ends: Uint32Array;
  private used = 0;
  count = 0;

  /** Sizes are hints: a store grows as needed, but each regrowth copies. */
  constructor(expectedEntries = 1024, expectedBytes = expectedEntries * 24) {
    this.bytes = new Uint8Array(Math.max(1024, expectedBytes));
    this.ends = new Uint32Array(Math.max(64, expectedEntries));
  }

  /** Appends `text`; returns its entry number, or -1 when it holds a non-ASCII character. */
  add(text: string): number {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return -1;
    this.bytes = grownU8(this.bytes, this.used + text.length);
    for (let i = 0; i < text.length; i++) this.bytes[this.used + i] = text.charCodeAt(i);
    this.used += text.length;
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.count] = this.used;
    return this.count++;
  }

  /** Drops the spare capacity once loading is over. */
  trim(): void {
    this.bytes = this.bytes.slice(0, this.used);
    this.ends = this.ends.slice(0, this.count);
  }

  /** The store's arrays, copied into shared memory (other threads read them in place). */
  share(): StoreSnapshot {
    return {
      bytes: shared(this.bytes.subarray(0, this.used)),
      ends: shared(this.ends.subarray(0, this.count)),
    };
  }

  /** A store reading a snapshot's arrays (no copy); it must not be added to. */
  static restore(snapshot: StoreSnapshot): ByteStore {
    const store = new ByteStore(0, 0);
    store.bytes = snapshot.bytes;
    store.ends = snapshot.ends;
    store.used = snapshot.bytes.length;
    store.count = snapshot.ends.length;
    return store;
  }

  start(entry: number): number {
    return entry === 0 ? 0 : this.ends[entry - 1]!;
  }

  end(entry: number): number {
    return this.ends[entry]!;
  }

  text(entry: number): string {
    const start = this.start(entry);
    const end = this.end(entry);
    let out = '';
    for (let i = start; i < end; i += 4096) {
      out += String.fromCharCode(...this.bytes.subarray(i, Math.min(end, i + 4096)));
    }
    return out;
  }

  /** Hash of an entry, computed as {@link StringIndex.find} computes it for text. */
  hash(entry: number): number {
    const bytes = this.bytes;
    const start = this.start(entry);
    let h = HASH_SEED;
    for (let i = this.end(entry) - 1; i >= start; i--) h = hashStep(h, bytes[i]!);
    return hashFinish(h);
  }

  /** Whether entry equals `text[start, end)`, folding the text's case when `fold` is set. */
  equals(entry: number, text: string, start: number, end: number, fold: boolean): boolean {
    const from = this.start(entry);
    if (this.end(entry) - from !== end - start) return false;
    const bytes = this.bytes;
    for (let i = 0; i < end - start; i++) {
      const c = text.charCodeAt(start + i);
      if (bytes[from + i] !== (fold ? foldCase(c) : c)) return false;
    }
    return true;
  }

  /** As {@link equals} for bytes of a raw log line (ASCII; case folded when `fold` is set). */
  equalsBytes(entry: number, input: Uint8Array, start: number, end: number, fold: boolean): boolean {
    const from = this.start(entry);
    if (this.end(entry) - from !== end - start) return false;
    const bytes = this.bytes;
    for (let i = 0; i < end - start; i++) {
      const c = input[start + i]!;
      if (bytes[from + i] !== (fold && c >= 65 && c <= 90 ? c + 32 : c)) return false;
    }
    return true;
  }

  /** Whether two entries hold the same text. */
  sameText(a: number, b: number): boolean {
    const startA = this.start(a);
    const startB = this.start(b);
    const length = this.end(a) - startA;
    if (this.end(b) - startB !== length) return false;
    for (let i = 0; i < length; i++) if (this.bytes[startA + i] !== this.bytes[startB + i]) return false;
    return true;
  }

  get byteLength(): number {
    return this.bytes.byteLength + this.ends.byteLength;
  }
}

/**
 * A set of store entries found by their text. Built once from a list of entries (duplicates are
 * dropped, the first one kept). Slot = `(tag << indexBits) | (entry + 1)`, 0 = empty.
 */
export class StringIndex {
  private readonly slots: Uint32Array;
  /**
   * Two bits per entry (a Bloom filter with k = 2 over four bits per entry, about 15% false
   * positives), both in one 64-byte block so a probe reads one cache line: small enough to stay in
   * cache, so most misses never touch the large slot table.
   */
  private readonly filter: Uint32Array;
  private readonly filterMask: number;
  private readonly mask: number;
  private readonly indexBits: number;
  private readonly indexMask: number;
  readonly size: number;
  readonly duplicates: number[] = [];

  constructor(
    private readonly store: ByteStore,
    entries: ArrayLike<number> | StringIndexSnapshot,
    private readonly fold: boolean,
    maxLoad = 0.7,
  ) {
    if ('slots' in entries) {
      // a snapshot of an index built elsewhere: read its arrays in place
      this.slots = entries.slots;
      this.mask = entries.slots.length - 1;
      this.filter = entries.filter;
      this.filterMask = entries.filter.length * 32 - 1;
      this.indexBits = entries.indexBits;
      this.indexMask = entries.indexBits >= 32 ? 0xffffffff : 2 ** entries.indexBits - 1;
      this.size = entries.size;
      return;
    }
    const capacity = capacityFor(entries.length, maxLoad);
    this.slots = new Uint32Array(capacity);
    this.mask = capacity - 1;
    let filterBits = 1024;
    while (filterBits < entries.length * 4) filterBits *= 2;
    this.filter = new Uint32Array(filterBits >>> 5);
    this.filterMask = filterBits - 1;
    let bits = 1;
    while (2 ** bits <= store.count + 1) bits++;
    this.indexBits = bits;
    this.indexMask = bits >= 32 ? 0xffffffff : 2 ** bits - 1;
    let size = 0;
    for (let k = 0; k < entries.length; k++) {
      const entry = entries[k]!;
      const hash = store.hash(entry);
      const tag = this.tagOf(hash);
      let slot = hash & this.mask;
      let duplicate = false;
      for (let value = this.slots[slot]!; value !== 0; value = this.slots[slot]!) {
        if ((value & ~this.indexMask) >>> 0 === tag && store.sameText(entry, (value & this.indexMask) - 1)) {
          duplicate = true;
          break;
        }
        slot = (slot + 1) & this.mask;
      }
      if (duplicate) {
        this.duplicates.push(entry);
        continue;
      }
      this.slots[slot] = (tag | (entry + 1)) >>> 0;
      const a = hash & this.filterMask;
      const b = (a & ~511) | (Math.imul(hash, 0x9e3779b1) >>> 23);
      this.filter[a >>> 5]! |= 1 << (a & 31);
      this.filter[b >>> 5]! |= 1 << (b & 31);
      size++;
    }
    this.size = size;
  }

  private tagOf(hash: number): number {
    if (this.indexBits >= 32) return 0;
    return ((hash >>> this.indexBits) << this.indexBits) >>> 0;
  }

  /**
   * The entry whose text equals `text[start, end)` (with `hash` as computed by walking that
   * range backwards with {@link hashStep} from {@link HASH_SEED}, then {@link hashFinish}), or -1.
   */
  find(text: string, start: number, end: number, hash: number): number {
    if (!this.mayHold(hash)) return -1;
    const slots = this.slots;
    const tag = this.tagOf(hash);
    const indexMask = this.indexMask;
    let slot = hash & this.mask;
    for (;;) {
      const value = slots[slot]!;
      if (value === 0) return -1;
      if ((value & ~indexMask) >>> 0 === tag) {
        const entry = (value & indexMask) - 1;
        if (this.store.equals(entry, text, start, end, this.fold)) return entry;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** As {@link find} for bytes of a raw log line (the hash computed over the bytes likewise). */
  findBytes(input: Uint8Array, start: number, end: number, hash: number): number {
    if (!this.mayHold(hash)) return -1;
    const slots = this.slots;
    const tag = this.tagOf(hash);
    const indexMask = this.indexMask;
    let slot = hash & this.mask;
    for (;;) {
      const value = slots[slot]!;
      if (value === 0) return -1;
      if ((value & ~indexMask) >>> 0 === tag) {
        const entry = (value & indexMask) - 1;
        if (this.store.equalsBytes(entry, input, start, end, this.fold)) return entry;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** The index's arrays, copied into shared memory (see {@link ByteStore.share}). */
  share(): StringIndexSnapshot {
    return {
      slots: shared(this.slots),
      filter: shared(this.filter),
      indexBits: this.indexBits,
      size: this.size,
      fold: this.fold,
    };
  }

  private mayHold(hash: number): boolean {
    const a = hash & this.filterMask;
    if ((this.filter[a >>> 5]! & (1 << (a & 31))) === 0) return false;
    const b = (a & ~511) | (Math.imul(hash, 0x9e3779b1) >>> 23);
    return (this.filter[b >>> 5]! & (1 << (b & 31))) !== 0;
  }

  /** Hashes `text[start, end)` as {@link find} expects (folding case if this index does). */
  hashOf(text: string, start: number, end: number): number {
    let h = HASH_SEED;
    for (let i = end - 1; i >= start; i--) {
      const c = text.charCodeAt(i);
      h = hashStep(h, this.fold ? foldCase(c) : c);
    }
    return hashFinish(h);
  }

  get byteLength(): number {
    return this.slots.byteLength + this.filter.byteLength;
  }
}

/**
 * Exact IP addresses → entry. IPv4 keys are one word, IPv6 keys four; each slot holds the key
 * words followed by entry + 1 (0 = empty), interleaved so a probe reads one cache line.
 */
export class AddressIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly stride: number;
  readonly size: number;
  readonly duplicates: number[] = [];

  /** `keys` holds `words` words per entry, in the order of `entries`; or a snapshot's arrays. */
  constructor(
    readonly words: 1 | 4,
    keys: Int32Array | AddressIndexSnapshot,
    entries: ArrayLike<number> = [],
    maxLoad = 0.7,
  ) {
    this.stride = words + 1;
    if (!(keys instanceof Int32Array)) {
      this.slots = keys.slots;
      this.mask = keys.slots.length / this.stride - 1;
      this.size = keys.size;
      return;
    }
    const capacity = capacityFor(entries.length, maxLoad);
    this.slots = new Int32Array(capacity * this.stride);
    this.mask = capacity - 1;
    let size = 0;
    for (let k = 0; k < entries.length; k++) {
      const o = k * words;
      const hash =
        words === 1 ? hashFinish(keys[o]!) : this.hash4(keys[o]!, keys[o + 1]!, keys[o + 2]!, keys[o + 3]!);
      let slot = hash & this.mask;
      let duplicate = false;
      for (;;) {
        const base = slot * this.stride;
        if (this.slots[base + words] === 0) break;
        let same = true;
        for (let w = 0; w < words; w++) if (this.slots[base + w] !== keys[o + w]) same = false;
        if (same) {
          duplicate = true;
          break;
        }
        slot = (slot + 1) & this.mask;
      }
      if (duplicate) {
        this.duplicates.push(entries[k]!);
        continue;
      }
      const base = slot * this.stride;
      for (let w = 0; w < words; w++) this.slots[base + w] = keys[o + w]!;
      this.slots[base + words] = entries[k]! + 1;
      size++;
    }
    this.size = size;
  }

  /** Every key held (single-word keys: IPv4), in slot order. */
  keys(): Int32Array {
    if (this.words !== 1) throw new Error('keys() reads single-word (IPv4) keys only');
    const out = new Int32Array(this.size);
    let n = 0;
    const slots = this.slots;
    for (let base = 0; base < slots.length && n < out.length; base += 2)
      if (slots[base + 1] !== 0) out[n++] = slots[base]!;
    return out;
  }

  /** The index's arrays, copied into shared memory (see {@link ByteStore.share}). */
  share(): AddressIndexSnapshot {
    return { words: this.words, slots: shared(this.slots), size: this.size };
  }

  private hash4(a: number, b: number, c: number, d: number): number {
    return hashFinish(Math.imul(hashFinish(a) ^ b, 0x9e3779b1) ^ Math.imul(hashFinish(c) ^ d, 0x85ebca77));
  }

  find4(key: number): number {
    const slots = this.slots;
    let slot = hashFinish(key) & this.mask;
    for (;;) {
      const base = slot << 1;
      const value = slots[base + 1]!;
      if (value === 0) return -1;
      if (slots[base] === key) return value - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  find6(a: number, b: number, c: number, d: number): number {
    const slots = this.slots;
    let slot = this.hash4(a, b, c, d) & this.mask;
    for (;;) {
      const base = slot * 5;
      const value = slots[base + 4]!;
      if (value === 0) return -1;
      if (slots[base] === a && slots[base + 1] === b && slots[base + 2] === c && slots[base + 3] === d)
        return value - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  get byteLength(): number {
    return this.slots.byteLength;
  }
}
