/**
 * The raw-byte prefilter: whether a log line could hold a value that hits an indicator, decided on
 * its bytes before the line is decoded or parsed. See {@link mightMatchBytes}. Pure and
 * allocation-free except for IPv6-looking text, which is parsed when IPv6 indicators exist.
 */
import { parseIpInto } from '../net/ip.js';
import { HASH_SEED, hashFinish } from './compact-tables.js';
import type { IndicatorTable } from './indicator-table.js';

const DOT = 46;
const scratch = new Int32Array(4);

/**
 * What each byte of a raw line is to the prefilter: names and addresses are runs of digits, dots
 * and other name bytes (`A–Z a–z - _`); a byte above 127 or a backslash (an escape) is a suspect,
 * which makes the whole line pass; `%` is one only when URL indicators exist.
 */
const SEPARATOR = 0;
const DIGIT_BYTE = 1;
const DOT_BYTE = 2;
const NAME_BYTE = 3;
const SUSPECT = 4;
const PERCENT = 5;
const BYTE_CLASS = new Uint8Array(256);
/** Bytes of IPv6 text: hex digits, `:` and `.`. */
const HEX6_BYTE = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  BYTE_CLASS[c] =
    c >= 48 && c <= 57
      ? DIGIT_BYTE
      : c === 46
        ? DOT_BYTE
        : letter || c === 45 || c === 95
          ? NAME_BYTE
          : c >= 128 || c === 92
            ? SUSPECT
            : c === 37
              ? PERCENT
              : SEPARATOR;
  HEX6_BYTE[c] = (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46 ? 1 : 0;
}

/**
 * Whether a raw log line could hold a value that hits an indicator — a superset test on bytes,
 * run before parsing so that lines which cannot match are never parsed. Sound for formats that
 * write names and addresses verbatim (the scan pipeline keeps a list): every run of
 * `[A-Za-z0-9._-]` is checked as a domain (each parent too), a URL host and a dotted IPv4
 * address (exact, or inside a listed network of any listed length); IPv6-looking text is parsed
 * when IPv6 indicators exist. Validity, ports and sides are ignored (the full match decides), and
 * anything unusual — a byte above 127, a backslash (escapes), `%` when URL indicators exist, or
 * configured sinkholes — answers true.
 */
export function mightMatchBytes(t: IndicatorTable, bytes: Uint8Array, start: number, end: number): boolean {
  if (t.sinkholeList.length > 0) return true;
  const percentMatters = t.urlIndex !== null;
  const names = t.domainIndex !== null || t.urlHostIndex !== null;
  const addresses = t.v4 !== null || t.network4.length > 0;
  const minLabels = t.minLabels;
  let lastRun = 0;
  let lastEnd = 0;
  let i = start;
  while (i < end) {
    let k = BYTE_CLASS[bytes[i]!]!;
    if (k === SEPARATOR) {
      i++;
      continue;
    }
    if (k === SUSPECT || (k === PERCENT && percentMatters)) return true;
    if (k === PERCENT) {
      i++;
      continue;
    }
    // A run of name bytes: count its dots, see whether it is all digits and dots (an IPv4
    // candidate) and whether its last label is all digits (then it is no name).
    const run = i;
    let dots = 0;
    let numeric = true;
    let digitLabel = true;
    do {
      if (k === DOT_BYTE) {
        dots++;
        digitLabel = true;
      } else if (k === NAME_BYTE) {
        numeric = false;
        digitLabel = false;
      }
      k = ++i < end ? BYTE_CLASS[bytes[i]!]! : SEPARATOR;
    } while (k === DIGIT_BYTE || k === DOT_BYTE || k === NAME_BYTE);
    if (bytes[i - 1] === DOT) digitLabel = false; // `name.`: the empty last label proves nothing
    if (numeric) {
      if (addresses && dots >= 3 && ipv4MightMatch(t, bytes, run, i)) return true;
      if (t.urlHostIndex !== null && runMightMatch(t, bytes, run, i)) return true;
    } else if (names && !digitLabel && dots + 1 >= minLabels) {
      // Logs often repeat a name on one line (BIND: `(name): query: name`): check it once.
      if (!(i - run === lastEnd - lastRun && sameBytes(bytes, run, lastRun, i - run))) {
        if (runMightMatch(t, bytes, run, i)) return true;
        lastRun = run;
        lastEnd = i;
      }
    }
  }
  return t.hasV6 && v6LineMightMatch(t, bytes, start, end);
}

/** IPv6-looking text (three colons, or two with `::`; a time such as 10:00:00 is neither). */
function v6LineMightMatch(t: IndicatorTable, bytes: Uint8Array, start: number, end: number): boolean {
  let hexRun = -1;
  let colons = 0;
  let double = false;
  for (let i = start; i <= end; i++) {
    const c = i < end ? bytes[i]! : 32;
    if (HEX6_BYTE[c] === 1) {
      if (hexRun < 0) {
        hexRun = i;
        colons = 0;
        double = false;
      }
      if (c === 58) {
        colons++;
        if (i > hexRun && bytes[i - 1] === 58) double = true;
      }
    } else if (hexRun >= 0) {
      if ((colons >= 3 || (double && colons >= 2)) && v6MightMatch(t, bytes, hexRun, i)) return true;
      hexRun = -1;
    }
  }
  return false;
}

/** A run of name bytes as a domain (each parent too) and as a URL host. */
function runMightMatch(t: IndicatorTable, bytes: Uint8Array, start: number, end: number): boolean {
  while (end > start && bytes[end - 1] === DOT) end--;
  if (end <= start) return false;
  const domains = t.domainIndex;
  const mask = t.labelMask;
  let hash = HASH_SEED | 0;
  let whole = 0;
  let labels = 0;
  for (let i = end - 1; i >= start - 1; i--) {
    let c = i >= start ? bytes[i]! : DOT;
    if (c !== DOT) {
      if (c >= 65 && c <= 90) c += 32;
      hash = Math.imul(hash ^ c, 0x01000193);
      continue;
    }
    labels++;
    if (i < start) whole = hashFinish(hash);
    if (
      domains !== null &&
      i + 1 < end &&
      (mask & (1 << (labels < 31 ? labels : 31))) !== 0 &&
      domains.findBytes(bytes, i + 1, end, hashFinish(hash)) >= 0
    )
      return true;
    hash = Math.imul(hash ^ DOT, 0x01000193);
  }
  return t.urlHostIndex !== null && t.urlHostIndex.findBytes(bytes, start, end, whole) >= 0;
}

/** A dotted quad (digits and three dots) against addresses and networks. */
function ipv4MightMatch(t: IndicatorTable, bytes: Uint8Array, start: number, end: number): boolean {
  while (end > start && bytes[end - 1] === DOT) end--;
  let key = 0;
  let count = 0;
  let octet = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? bytes[i]! : DOT;
    if (c === DOT) {
      if (digits === 0 || octet > 255 || ++count > 4) return false;
      key = key * 256 + octet;
      octet = 0;
      digits = 0;
    } else {
      octet = octet * 10 + (c - 48);
      digits++;
    }
  }
  if (count !== 4 || !t.maybeListed4(key)) return false;
  key |= 0;
  if (t.v4 !== null && t.v4.find4(key) >= 0) return true;
  for (const { length, index } of t.network4) {
    if (index.find4(length === 0 ? 0 : key & (-1 << (32 - length))) >= 0) return true;
  }
  return false;
}

function v6MightMatch(t: IndicatorTable, bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start > 45) return false;
  const text = String.fromCharCode(...bytes.subarray(start, end));
  const s = scratch;
  if (parseIpInto(text, s) !== 6) return false;
  if (t.v6 !== null && t.v6.find6(s[0]!, s[1]!, s[2]!, s[3]!) >= 0) return true;
  return t.networks6.lookup(text) !== null;
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}
