/**
 * FortiGate `key=value` lines: `fortigate.ts`'s decision on a line's bytes, with the address probe
 * asking the /16 bitmap and the IPv4 Bloom filter (addresses, and networks per prefix length)
 * instead of the indexes (see `kernel.as.ts`). Once an address may hit, the line is flagged at once:
 * whatever follows, the JavaScript side reads it.
 */
import {
  at,
  hashFinish,
  ipv4Value,
  LENGTH_COUNT,
  LENGTHS,
  mayHold,
  PREFIX16,
  SPACE,
  table,
  V4_BLOCKS,
  V4_FILTER,
} from './common.as';

const EQUALS: u32 = 61;
const QUOTE: u32 = 34;
const BACKSLASH: u32 = 92;

const OTHER: u32 = 0;
const ADDRESS: u32 = 1;
const REFUSE: u32 = 2;

/** `KvCursor`'s gaps between pairs: space, tab, CR, LF. */
function isGap(c: u32): bool {
  return c == 32 || c == 9 || c == 10 || c == 13;
}

/**
 * What the key `[p, p + length)` means: the keys the parser takes an address from, those whose
 * values the fast path leaves to the parser, or any other. Compared as little-endian words.
 */
function keyKind(p: u32, length: u32): u32 {
  if (length < 2 || length > 8) return OTHER;
  const word = load<u64>(p) & ((<u64>0xffffffffffffffff) >> (<u64>(8 - length) * 8));
  switch (length) {
    case 2:
      if (word == 0x7069) return ADDRESS; // ip
      if (word == 0x6975) return REFUSE; // ui
      return OTHER;
    case 3:
      if (word == 0x637273 || word == 0x747364) return ADDRESS; // src, dst
      if (word == 0x6c7275) return REFUSE; // url
      return OTHER;
    case 5:
      // srcip, dstip, remip, locip
      if (word == 0x7069637273 || word == 0x7069747364 || word == 0x70696d6572 || word == 0x7069636f6c)
        return ADDRESS;
      // sproc, dhost, qname
      if (word == 0x636f727073 || word == 0x74736f6864 || word == 0x656d616e71) return REFUSE;
      return OTHER;
    case 6:
      if (word == 0x706972657375) return ADDRESS; // userip
      if (word == 0x726464617069) return REFUSE; // ipaddr
      return OTHER;
    case 7:
      return word == 0x74736575716572 ? REFUSE : OTHER; // request
    case 8:
      return word == 0x656d616e74736f68 ? REFUSE : OTHER; // hostname
    default:
      return OTHER;
  }
}

/** The first gap at or after p, or `end` (16 bytes at a time; the data's padding is readable). */
function gapFrom(p: u32, end: u32): u32 {
  for (; p < end; p += 16) {
    const v = v128.load(p);
    const bits = i8x16.bitmask(
      v128.or(
        v128.or(i8x16.eq(v, i8x16.splat(32)), i8x16.eq(v, i8x16.splat(9))),
        v128.or(i8x16.eq(v, i8x16.splat(10)), i8x16.eq(v, i8x16.splat(13))),
      ),
    );
    if (bits != 0) return min(p + ctz(bits), end);
  }
  return end;
}

/** The first `=` or gap at or after p, or `end`. */
function keyEnd(p: u32, end: u32): u32 {
  for (; p < end; p += 16) {
    const v = v128.load(p);
    const bits = i8x16.bitmask(
      v128.or(
        v128.or(i8x16.eq(v, i8x16.splat(<i8>EQUALS)), i8x16.eq(v, i8x16.splat(32))),
        v128.or(
          v128.or(i8x16.eq(v, i8x16.splat(9)), i8x16.eq(v, i8x16.splat(10))),
          i8x16.eq(v, i8x16.splat(13)),
        ),
      ),
    );
    if (bits != 0) return min(p + ctz(bits), end);
  }
  return end;
}

/** The first `"` or backslash at or after p, or `end`. */
function quoteOrEscape(p: u32, end: u32): u32 {
  for (; p < end; p += 16) {
    const v = v128.load(p);
    const bits = i8x16.bitmask(
      v128.or(i8x16.eq(v, i8x16.splat(<i8>QUOTE)), i8x16.eq(v, i8x16.splat(<i8>BACKSLASH))),
    );
    if (bits != 0) return min(p + ctz(bits), end);
  }
  return end;
}

/** The separator `separatorOf` chooses (space or comma), reading after the first `=` at `eq`. */
function separatorAfter(eq: u32, end: u32): u32 {
  for (let i = eq + 1; i < end && i < eq + 200; i++) {
    const c = at(i);
    if (c == QUOTE) {
      let close = i + 1;
      while (close < end && at(close) != QUOTE) close++;
      if (close >= end) return SPACE;
      i = close;
      continue;
    }
    if (c == SPACE) return SPACE;
    if (c == 44) return 44;
  }
  return SPACE;
}

/** The hash an IPv4 key (an address, or a network's first address) is filed under with its prefix length. */
function addressHash(key: u32, length: u32): u32 {
  return hashFinish(key ^ (length * 0x9e3779b1));
}

/** The JavaScript `ipv4MightHit`, asking the /16 bitmap and the Bloom filter instead of the indexes. */
function addressMightHit(tables: u32, key: u32): bool {
  if (((load<u32>(table(tables, PREFIX16) + ((key >>> 21) << 2)) >>> ((key >>> 16) & 31)) & 1) == 0)
    return false;
  const filter = table(tables, V4_FILTER);
  const blockMask = table(tables, V4_BLOCKS);
  if (mayHold(filter, blockMask, addressHash(key, 32))) return true;
  const lengths = table(tables, LENGTHS);
  const count = table(tables, LENGTH_COUNT);
  for (let k: u32 = 0; k < count; k++) {
    const length = load<u32>(lengths + (k << 2));
    const network = length == 0 ? 0 : key & (0xffffffff << (32 - length));
    if (mayHold(filter, blockMask, addressHash(network, length))) return true;
  }
  return false;
}

/** Whether the line `[start, end)` must go to JavaScript (anything but a sure "cannot hit"). */
export function fortigateFlagged(tables: u32, start: u32, end: u32): bool {
  // bare FortiOS text: a lower-case key of four letters or more first, space-separated pairs
  let i = start;
  for (; i < end; i++) {
    const c = at(i);
    if (!(c - 97 <= 25 || c == 95)) break;
  }
  if (i - start < 4 || at(i) != EQUALS || separatorAfter(i, end) != SPACE) return true;
  i = start;
  let pairs: u32 = 0;
  for (;;) {
    while (i < end && isGap(at(i))) i++;
    if (i >= end) break;
    const keyStart = i;
    i = keyEnd(i, end);
    if (i >= end || at(i) != EQUALS || i == keyStart) {
      i = gapFrom(i, end);
      continue;
    }
    const kind = keyKind(keyStart, i - keyStart);
    pairs++;
    i++;
    let valueStart = i;
    let valueEnd: u32;
    if (i < end && at(i) == QUOTE) {
      valueStart = ++i;
      for (i = quoteOrEscape(i, end); i < end; i = quoteOrEscape(i, end)) {
        if (at(i) == QUOTE) break;
        if (i + 1 >= end) {
          i = end; // a backslash last is a plain byte, and the value runs to the end
          break;
        }
        if (kind != OTHER) return true; // an escaped value: the parser unescapes it
        i += 2;
      }
      valueEnd = i < end ? i : end;
      i = i < end ? i + 1 : end;
    } else {
      i = gapFrom(i, end);
      valueEnd = i;
    }
    if (kind == OTHER) continue;
    if (kind == REFUSE) return true;
    const key = ipv4Value(valueStart, valueEnd);
    if (key >= 0) {
      if (addressMightHit(tables, <u32>key)) return true;
      continue;
    }
    // `cleanIp` also reads `[…]`, `…%zone` and IPv6: the parser's to judge
    for (let k = valueStart; k < valueEnd; k++) {
      const v = at(k);
      if (v == 58 || v == 91 || v == 37) return true;
    }
  }
  return pairs < 3;
}
