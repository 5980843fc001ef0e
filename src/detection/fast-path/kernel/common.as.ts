/**
 * What the scan kernel's line readers share (see `kernel.as.ts`): byte tests, the hash finish and
 * the Bloom filter probe the JavaScript side builds filters for (`kernel.ts`), line and blank search.
 */

export const NL: u32 = 10;
export const SPACE: u32 = 32;
export const TAB: u32 = 9;
export const DOT: u32 = 46;

/**
 * The tables the caller lays out for one call, as u32 words at `tables`: the domain names' Bloom
 * filter and its block mask, the label-count mask, the IPv4 Bloom filter and its block mask, the
 * /16 bitmap, and the network lengths (pointer and count).
 */
export const DOMAIN_FILTER: u32 = 0;
export const DOMAIN_BLOCKS: u32 = 4;
export const LABEL_MASK: u32 = 8;
export const V4_FILTER: u32 = 12;
export const V4_BLOCKS: u32 = 16;
export const PREFIX16: u32 = 20;
export const LENGTHS: u32 = 24;
export const LENGTH_COUNT: u32 = 28;

export function table(tables: u32, field: u32): u32 {
  return load<u32>(tables + field);
}

export function at(p: u32): u32 {
  return <u32>load<u8>(p);
}

export function isDigit(c: u32): bool {
  return c - 48 <= 9;
}

export function isSpace(c: u32): bool {
  return c == SPACE || c == TAB;
}

/** The IPv4 address written exactly in `[p, end)` (four decimal octets up to 255, no leading zeros), or -1. */
export function ipv4Value(p: u32, end: u32): i64 {
  let value: u32 = 0;
  let octets: u32 = 0;
  let octet: u32 = 0;
  let count: u32 = 0;
  let leadingZero = false;
  for (let i = p; i < end; i++) {
    const c = at(i);
    if (isDigit(c)) {
      if (count == 0) leadingZero = c == 48;
      else if (leadingZero) return -1;
      octet = octet * 10 + (c - 48);
      if (octet > 255) return -1;
      count++;
    } else if (c == DOT) {
      if (count == 0 || octets == 3) return -1;
      value = (value << 8) | octet;
      octets++;
      octet = 0;
      count = 0;
    } else {
      return -1;
    }
  }
  if (count == 0 || octets != 3) return -1;
  return <i64>((value << 8) | octet);
}

export function hashFinish(hash: u32): u32 {
  let h = hash ^ (hash >>> 16);
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  h *= 0xc2b2ae35;
  return h ^ (h >>> 16);
}

/** The Bloom filter's answer for a finished hash: 64-byte blocks, four bits per hash. */
export function mayHold(filter: u32, blockMask: u32, hash: u32): bool {
  const block = filter + ((hash & blockMask) << 6);
  const mixed = hash * 0x9e3779b1;
  const a = mixed >>> 23;
  const b = (mixed >>> 14) & 511;
  const c = (mixed >>> 5) & 511;
  const d = hash >>> 23;
  return (
    ((load<u32>(block + ((a >>> 5) << 2)) >>> (a & 31)) &
      (load<u32>(block + ((b >>> 5) << 2)) >>> (b & 31)) &
      (load<u32>(block + ((c >>> 5) << 2)) >>> (c & 31)) &
      (load<u32>(block + ((d >>> 5) << 2)) >>> (d & 31)) &
      1) !=
    0
  );
}

/** Where the next `\n` at or after p lies (the caller's padding guarantees one past the data). */
export function nextLineEnd(p: u32): u32 {
  const newline = i8x16.splat(<i8>NL);
  let bits = i8x16.bitmask(i8x16.eq(v128.load(p), newline));
  while (bits == 0) {
    p += 16;
    bits = i8x16.bitmask(i8x16.eq(v128.load(p), newline));
  }
  return p + ctz(bits);
}

/** The first space, tab or line end at or after p (the data's padding guarantees one). */
export function nextBlank(p: u32): u32 {
  const space = i8x16.splat(<i8>SPACE);
  const tab = i8x16.splat(<i8>TAB);
  const newline = i8x16.splat(<i8>NL);
  let v = v128.load(p);
  let bits = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, space), i8x16.eq(v, tab)), i8x16.eq(v, newline)));
  while (bits == 0) {
    p += 16;
    v = v128.load(p);
    bits = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, space), i8x16.eq(v, tab)), i8x16.eq(v, newline)));
  }
  return p + ctz(bits);
}
