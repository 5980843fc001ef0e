/**
 * BIND query-log lines: `bind-query.ts`'s decision on a line's bytes, with the last step asking
 * the domain names' Bloom filter instead of the index (see `kernel.as.ts`).
 */
import {
  at,
  DOMAIN_BLOCKS,
  DOMAIN_FILTER,
  DOT,
  hashFinish,
  ipv4Value,
  isDigit,
  isSpace,
  LABEL_MASK,
  mayHold,
  nextBlank,
  SPACE,
  table,
  TAB,
} from './common.as';

function digits(p: u32, n: u32): bool {
  for (let k: u32 = 0; k < n; k++) if (!isDigit(at(p + k))) return false;
  return true;
}

/** `jan`…`dec` in any case, as three folded bytes. */
function month(p: u32): bool {
  const key = ((at(p) | 0x20) << 16) | ((at(p + 1) | 0x20) << 8) | (at(p + 2) | 0x20);
  switch (key) {
    case 0x6a616e: // jan
    case 0x666562: // feb
    case 0x6d6172: // mar
    case 0x617072: // apr
    case 0x6d6179: // may
    case 0x6a756e: // jun
    case 0x6a756c: // jul
    case 0x617567: // aug
    case 0x736570: // sep
    case 0x6f6374: // oct
    case 0x6e6f76: // nov
    case 0x646563: // dec
      return true;
    default:
      return false;
  }
}

/** `client ` at p. */
function isClient(p: u32): bool {
  // little-endian words: "clie" and "nt " + one byte
  return load<u32>(p) == 0x65696c63 && (load<u32>(p + 4) & 0xffffff) == 0x20746e;
}

/** `query: ` at p. */
function isQuery(p: u32): bool {
  // "quer" and "y: " + one byte
  return load<u32>(p) == 0x72657571 && (load<u32>(p + 4) & 0xffffff) == 0x203a79;
}

/** Where the `dd-Mmm-yyyy hh:mm:ss[.fff]` time at p ends, or 0. */
function timeEnd(p: u32): u32 {
  if (
    !digits(p, 2) ||
    at(p + 2) != 45 ||
    !month(p + 3) ||
    at(p + 6) != 45 ||
    !digits(p + 7, 4) ||
    at(p + 11) != SPACE ||
    !digits(p + 12, 2) ||
    at(p + 14) != 58 ||
    !digits(p + 15, 2) ||
    at(p + 17) != 58 ||
    !digits(p + 18, 2)
  )
    return 0;
  let j = p + 20;
  const c = at(j);
  if (c == 46 || c == 44) {
    let k = j + 1;
    while (isDigit(at(k))) k++;
    if (k > j + 1) j = k;
  }
  return j;
}

/** The JavaScript `nameMightHit`, asking the Bloom filter instead of the index. */
function nameMightHit(filter: u32, blockMask: u32, labelMask: u32, start: u32, end: u32): bool {
  if (blockMask == 0xffffffff) return false; // no domain indicators
  if (end > start && at(end - 1) == DOT) end--;
  if (end > start && at(end - 1) == DOT) end--;
  if (end <= start || end - start > 253) return false;
  // no indicator has more labels than the highest in the mask: the name's further labels are not read
  const most: u32 = (labelMask & 0x80000000) != 0 || labelMask == 0 ? 0xffffffff : 31 - clz(labelMask);
  let hash: u32 = 0x811c9dc5;
  let labels: u32 = 0;
  for (let i = <i32>end - 1; i >= <i32>start - 1; i--) {
    let c = i >= <i32>start ? at(<u32>i) : DOT;
    if (c != DOT) {
      if (c - 65 <= 25) c += 32;
      hash = (hash ^ c) * 0x01000193;
      continue;
    }
    labels++;
    if (
      <u32>(i + 1) < end &&
      (labelMask & (1 << (labels < 31 ? labels : 31))) != 0 &&
      mayHold(filter, blockMask, hashFinish(hash))
    )
      return true;
    if (labels >= most) return false;
    hash = (hash ^ DOT) * 0x01000193;
  }
  return false;
}

/** Whether `[a, a + n)` and `[b, b + n)` hold the same bytes (n ≤ 64). */
function sameBytes(a: u32, b: u32, n: u32): bool {
  let k: u32 = 0;
  for (; k + 16 <= n; k += 16) {
    if (!i8x16.all_true(i8x16.eq(v128.load(a + k), v128.load(b + k)))) return false;
  }
  if (k == n) return true;
  const bits = i8x16.bitmask(i8x16.eq(v128.load(a + k), v128.load(b + k)));
  const lanes = (1 << (n - k)) - 1;
  return (bits & lanes) == lanes;
}

/** Whether `[p, end)` holds a space, a tab or a non-ASCII byte. */
function hasBlankOrHigh(p: u32, end: u32): bool {
  const space = i8x16.splat(<i8>SPACE);
  const tab = i8x16.splat(<i8>TAB);
  const zero = i8x16.splat(0);
  for (; p < end; p += 16) {
    const v = v128.load(p);
    let bits = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, space), i8x16.eq(v, tab)), i8x16.lt_s(v, zero)));
    if (end - p < 16) bits &= (1 << (end - p)) - 1;
    if (bits != 0) return true;
  }
  return false;
}

/** The first `): ` at or after p that ends before `end` (its `)`), or 0. */
function closeOfClient(p: u32, end: u32): u32 {
  const paren = i8x16.splat(41);
  for (; p + 2 < end; p += 16) {
    let bits = i8x16.bitmask(i8x16.eq(v128.load(p), paren));
    while (bits != 0) {
      const c = p + ctz(bits);
      if (c + 2 >= end) return 0;
      if (at(c + 1) == 58 && at(c + 2) == SPACE) return c;
      bits &= bits - 1;
    }
  }
  return 0;
}

/** 0: the question cannot hit; 1: it may; 2: the parser would not take it as is (unsure). */
function questionVerdict(filter: u32, blockMask: u32, labelMask: u32, name: u32, end: u32): u32 {
  const length = end - name;
  if (length == 0 || (length == 1 && at(name) == DOT) || length > 1024) return 2;
  if (hasBlankOrHigh(name, end)) return 2;
  return nameMightHit(filter, blockMask, labelMask, name, end) ? 1 : 0;
}

/**
 * Where the prefixes after the time end (through `client `), or 0: `category: ` and `severity: `
 * words, as `skipPrefixes` takes them. Every byte that decides it lies before the returned end.
 */
function headEnd(i: u32, end: u32): u32 {
  while (i < end && isSpace(at(i))) i++;
  for (let n = 0; n < 3 && !isClient(i); n++) {
    let j = i;
    while (j < end && j - i < 24) {
      const c = at(j);
      if (c - 97 <= 25 || c == 45 || c == 95 || isDigit(c)) j++;
      else break;
    }
    if (j == i || at(j) != 58 || at(j + 1) != SPACE) return 0;
    i = j + 2;
    while (i < end && isSpace(at(i))) i++;
  }
  return isClient(i) ? i + 7 : 0;
}

/**
 * The last line whose time and prefixes were read, within this call: a log repeats both (the
 * second, `queries: info: client `), so a line whose bytes there are the same needs no new reading.
 */
let lastStart: u32 = 0;
let lastHead: u32 = 0;
let lastHeadLength: u32 = 0;

/** Where the time at `start` ends (see {@link timeEnd}), reusing the last line's reading. */
function timeEndCached(start: u32): u32 {
  if (lastStart == 0 || !sameBytes(start, lastStart, 20)) return timeEnd(start);
  let j = start + 20;
  const c = at(j);
  if (c == 46 || c == 44) {
    let k = j + 1;
    while (isDigit(at(k))) k++;
    if (k > j + 1) j = k;
  }
  return j;
}

/** Where the IPv4 address at p ends (the `#` before the port), or 0. */
function addressEnd(p: u32, end: u32): u32 {
  let i = p;
  while (i < end && (isDigit(at(i)) || at(i) == DOT)) i++;
  if (at(i) != 35 || i - p < 7 || ipv4Value(p, i) < 0) return 0;
  return i;
}

/** Whether the line `[start, end)` must go to JavaScript (anything but a sure "cannot hit"). */
export function bindFlagged(tables: u32, start: u32, end: u32): bool {
  const filter = table(tables, DOMAIN_FILTER);
  const blockMask = table(tables, DOMAIN_BLOCKS);
  const labelMask = table(tables, LABEL_MASK);
  if (end - start < 48) return true;
  const time = timeEndCached(start);
  if (time == 0 || !isSpace(at(time))) return true;
  let i: u32;
  if (lastStart != 0 && time + lastHeadLength < end && sameBytes(time, lastHead, lastHeadLength)) {
    i = time + lastHeadLength;
  } else {
    i = headEnd(time, end);
    if (i == 0) return true;
    lastHead = time;
    lastHeadLength = i - time;
  }
  lastStart = start;
  if (at(i) == 64 && at(i + 1) == 48 && at(i + 2) == 120) {
    i = min(nextBlank(i), end);
    while (i < end && isSpace(at(i))) i++;
  }
  i = addressEnd(i, end);
  if (i == 0) return true;
  i++;
  const port = i;
  while (i < end && isDigit(at(i))) i++;
  if (i == port || i - port > 5 || at(i) != SPACE || at(i + 1) != 40) return true;
  const client = i + 2;
  const close = closeOfClient(client, end);
  if (close == 0 || !isQuery(close + 3)) return true;
  const name = close + 10;
  const guess = name + (close - client);
  if (guess <= end && (guess == end || isSpace(at(guess)))) {
    const verdict = questionVerdict(filter, blockMask, labelMask, name, guess);
    if (verdict != 2) return verdict != 0;
  }
  const nameEnd = min(nextBlank(name), end);
  return questionVerdict(filter, blockMask, labelMask, name, nameEnd) != 0;
}

/** Forgets the last line read (a new chunk is not in memory after the old one). */
export function bindReset(): void {
  lastStart = 0;
}
