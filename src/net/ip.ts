/**
 * IPv4 / IPv6 address parsing and formatting.
 *
 * Pure code: no I/O, no regular expressions on the hot path, and the low-level
 * {@link parseIpInto} writes into a caller-owned buffer so lookups can parse
 * without allocating.
 *
 * Representation: every address is four 32-bit words, most significant first.
 * IPv4 uses `w0` only (`w1`–`w3` are always 0); IPv6 uses all four. Keeping one
 * object shape for both families keeps property access monomorphic.
 *
 * Accepted text (strict on purpose; this is security tooling):
 * - IPv4: exactly four dotted decimal octets 0–255. An octet with a leading zero
 *   (`010`) is rejected because some parsers read it as octal.
 * - IPv6: RFC 4291 text form, hex digits in either case, at most one `::`, and an
 *   optional dotted IPv4 tail in the last 32 bits (`::ffff:192.0.2.1`). Zone ids
 *   (`fe80::1%eth0`) and brackets are rejected.
 * - No surrounding whitespace is trimmed; callers that accept user input should
 *   trim first (see `parseCidr`).
 */

export interface ParsedIp {
  readonly family: 4 | 6;
  /** Most significant 32 bits as an unsigned integer (the whole address for IPv4). */
  readonly w0: number;
  readonly w1: number;
  readonly w2: number;
  /** Least significant 32 bits of an IPv6 address (the embedded IPv4 address when IPv4-mapped). */
  readonly w3: number;
}

/** Longest valid text form: `ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255`. */
export const MAX_IP_TEXT_LENGTH = 45;

const CH_0 = 48;
const CH_9 = 57;
const CH_DOT = 46;
const CH_COLON = 58;
const CH_A_UPPER = 65;
const CH_F_UPPER = 70;
const CH_A_LOWER = 97;
const CH_F_LOWER = 102;

/** Scratch space for the 16-bit groups of an IPv6 address; parsing is synchronous so sharing is safe. */
const groups = new Uint16Array(8);
const scratch = new Int32Array(4);

/**
 * Parses dotted-quad IPv4 text in `text[start, end)`.
 * @returns the address as an unsigned 32-bit number, or -1 when invalid.
 */
function parseIPv4Range(text: string, start: number, end: number): number {
  let value = 0;
  let octets = 0;
  let octet = 0;
  let digits = 0;
  let leadingZero = false;
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= CH_0 && ch <= CH_9) {
      if (digits === 0) leadingZero = ch === CH_0;
      else if (leadingZero) return -1;
      octet = octet * 10 + (ch - CH_0);
      if (octet > 255) return -1;
      digits++;
    } else if (ch === CH_DOT) {
      if (digits === 0 || octets === 3) return -1;
      value = value * 256 + octet;
      octets++;
      octet = 0;
      digits = 0;
    } else {
      return -1;
    }
  }
  if (digits === 0 || octets !== 3) return -1;
  return value * 256 + octet;
}

function hexValue(ch: number): number {
  if (ch >= CH_0 && ch <= CH_9) return ch - CH_0;
  if (ch >= CH_A_LOWER && ch <= CH_F_LOWER) return ch - CH_A_LOWER + 10;
  if (ch >= CH_A_UPPER && ch <= CH_F_UPPER) return ch - CH_A_UPPER + 10;
  return -1;
}

/** Parses IPv6 text into `out` (four words). Returns false when invalid. */
function parseIPv6(text: string, out: Int32Array): boolean {
  const len = text.length;
  let count = 0; // groups parsed so far
  let gap = -1; // group index where "::" sits, or -1
  let i = 0;
  if (len < 2) return false;
  if (text.charCodeAt(0) === CH_COLON) {
    if (text.charCodeAt(1) !== CH_COLON) return false;
    gap = 0;
    i = 2;
    if (i === len) {
      out[0] = 0;
      out[1] = 0;
      out[2] = 0;
      out[3] = 0;
      return true;
    }
  }
  for (;;) {
    // One group: 1–4 hex digits, or a dotted IPv4 tail.
    const groupStart = i;
    let value = 0;
    let digits = 0;
    while (i < len) {
      const h = hexValue(text.charCodeAt(i));
      if (h < 0) break;
      value = value * 16 + h;
      digits++;
      i++;
      if (digits > 4) return false;
    }
    if (i < len && text.charCodeAt(i) === CH_DOT) {
      // Embedded IPv4: must be the final 32 bits.
      if (count > 6) return false;
      const v4 = parseIPv4Range(text, groupStart, len);
      if (v4 < 0) return false;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      i = len;
      break;
    }
    if (digits === 0 || count === 8) return false;
    groups[count++] = value;
    if (i === len) break;
    if (text.charCodeAt(i) !== CH_COLON) return false;
    i++;
    if (i < len && text.charCodeAt(i) === CH_COLON) {
      if (gap >= 0) return false;
      gap = count;
      i++;
      if (i === len) break;
    } else if (i === len) {
      return false; // trailing single colon
    }
  }
  if (gap < 0) {
    if (count !== 8) return false;
  } else if (count > 7) {
    return false;
  }
  // Expand into eight groups, then pack into words.
  const missing = 8 - count;
  let w = 0;
  let word = 0;
  for (let g = 0; g < 8; g++) {
    let v: number;
    if (gap < 0 || g < gap) v = groups[g]!;
    else if (g < gap + missing) v = 0;
    else v = groups[g - missing]!;
    if ((g & 1) === 0) {
      word = v;
    } else {
      out[w++] = word * 65536 + v;
    }
  }
  return true;
}

/**
 * Low-level, allocation-free parser. Writes four 32-bit words into `out[0..3]`
 * (stored as signed int32 by the typed array; use `>>> 0` for unsigned values).
 * @returns 4 or 6 for a valid address of that family, 0 when the text is invalid
 *   (in which case the contents of `out` are unspecified).
 */
export function parseIpInto(text: string, out: Int32Array): 0 | 4 | 6 {
  const len = text.length;
  if (len === 0 || len > MAX_IP_TEXT_LENGTH) return 0;
  if (text.indexOf(':') < 0) {
    const v4 = parseIPv4Range(text, 0, len);
    if (v4 < 0) return 0;
    out[0] = v4;
    out[1] = 0;
    out[2] = 0;
    out[3] = 0;
    return 4;
  }
  return parseIPv6(text, out) ? 6 : 0;
}

/** Parses an IPv4 or IPv6 address. Returns null for anything invalid. */
export function parseIp(text: string): ParsedIp | null {
  const family = parseIpInto(text, scratch);
  if (family === 0) return null;
  return {
    family,
    w0: scratch[0]! >>> 0,
    w1: scratch[1]! >>> 0,
    w2: scratch[2]! >>> 0,
    w3: scratch[3]! >>> 0,
  };
}

export function isIp(text: string): boolean {
  return parseIpInto(text, scratch) !== 0;
}

/** Builds an IPv4 address from an unsigned 32-bit integer. */
export function ipv4FromNumber(value: number): ParsedIp {
  return { family: 4, w0: value >>> 0, w1: 0, w2: 0, w3: 0 };
}

/** Builds an IPv6 address from four unsigned 32-bit words (most significant first). */
export function ipv6FromWords(w0: number, w1: number, w2: number, w3: number): ParsedIp {
  return { family: 6, w0: w0 >>> 0, w1: w1 >>> 0, w2: w2 >>> 0, w3: w3 >>> 0 };
}

/** True for an IPv4-mapped IPv6 address (`::ffff:0:0/96`). */
export function isIPv4Mapped(ip: ParsedIp): boolean {
  return ip.family === 6 && ip.w0 === 0 && ip.w1 === 0 && ip.w2 === 0xffff;
}

/** `::ffff:a.b.c.d` → `a.b.c.d`; any other address is returned unchanged. */
export function unmapIPv4(ip: ParsedIp): ParsedIp {
  return isIPv4Mapped(ip) ? ipv4FromNumber(ip.w3) : ip;
}

/** `a.b.c.d` → `::ffff:a.b.c.d`; IPv6 addresses are returned unchanged. */
export function mapIPv4(ip: ParsedIp): ParsedIp {
  return ip.family === 4 ? ipv6FromWords(0, 0, 0xffff, ip.w0) : ip;
}

/** Total order: all IPv4 addresses sort before all IPv6 addresses, then numerically. */
export function compareIp(a: ParsedIp, b: ParsedIp): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.w0 !== b.w0) return a.w0 < b.w0 ? -1 : 1;
  if (a.w1 !== b.w1) return a.w1 < b.w1 ? -1 : 1;
  if (a.w2 !== b.w2) return a.w2 < b.w2 ? -1 : 1;
  if (a.w3 !== b.w3) return a.w3 < b.w3 ? -1 : 1;
  return 0;
}

export function ipEquals(a: ParsedIp, b: ParsedIp): boolean {
  return compareIp(a, b) === 0;
}

function formatIPv4Number(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

/**
 * Canonical text: dotted quad for IPv4; RFC 5952 for IPv6 (lower-case hex, no
 * leading zeros, the longest run of two or more zero groups — the first one on a
 * tie — compressed to `::`). IPv4-mapped addresses use the mixed form
 * `::ffff:192.0.2.1` recommended by RFC 5952 §5.
 */
export function formatIp(ip: ParsedIp): string {
  if (ip.family === 4) return formatIPv4Number(ip.w0);
  if (isIPv4Mapped(ip)) return `::ffff:${formatIPv4Number(ip.w3)}`;
  const g = groups; // scratch: formatting is synchronous
  g[0] = ip.w0 >>> 16;
  g[1] = ip.w0 & 0xffff;
  g[2] = ip.w1 >>> 16;
  g[3] = ip.w1 & 0xffff;
  g[4] = ip.w2 >>> 16;
  g[5] = ip.w2 & 0xffff;
  g[6] = ip.w3 >>> 16;
  g[7] = ip.w3 & 0xffff;
  let bestStart = -1;
  let bestLen = 1; // runs of length 1 are never compressed
  let runStart = -1;
  for (let i = 0; i <= 8; i++) {
    if (i < 8 && g[i] === 0) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      const runLen = i - runStart;
      if (runLen > bestLen) {
        bestStart = runStart;
        bestLen = runLen;
      }
      runStart = -1;
    }
  }
  let out = '';
  let needColon = false;
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      needColon = false;
      i += bestLen - 1;
      continue;
    }
    if (needColon) out += ':';
    out += g[i]!.toString(16);
    needColon = true;
  }
  return out;
}

/** Quotes user-supplied text for an error message, truncating hostile lengths. */
export function quoteInput(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

function hasWhitespace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch <= 32 || ch === 0x85 || ch === 0xa0 || ch === 0x2028 || ch === 0x2029 || ch === 0xfeff) {
      return true;
    }
  }
  return false;
}

/**
 * Explains why `text` is not an acceptable IP address, as an English sentence,
 * or returns null when it parses. Not on any hot path.
 */
export function describeIpError(text: string): string | null {
  if (isIp(text)) return null;
  const q = quoteInput(text);
  if (text.length === 0) return 'the address is empty';
  if (text.length > 200)
    return `the address is ${text.length} characters long, which is too long to be an IP address`;
  if (hasWhitespace(text)) return `${q} contains whitespace or control characters`;
  const zone = text.indexOf('%');
  if (zone >= 0 && text.indexOf(':') >= 0) {
    return `${q} has a zone id (${quoteInput(text.slice(zone))}); zone ids are not accepted`;
  }
  if (text.startsWith('[') && text.endsWith(']')) {
    return `${q} is wrapped in brackets; write the address without them`;
  }
  let dottedDecimal = text.length > 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (!(ch === CH_DOT || (ch >= CH_0 && ch <= CH_9))) dottedDecimal = false;
  }
  if (dottedDecimal) {
    const parts = text.split('.');
    if (parts.length !== 4) return `${q} does not have exactly four dot-separated octets`;
    for (const part of parts) {
      if (part.length === 0) return `${q} has an empty octet`;
      if (part.length > 1 && part.startsWith('0')) {
        return `${q} has an octet with a leading zero (${quoteInput(part)}), which is ambiguous (octal or decimal?)`;
      }
      if (Number(part) > 255) return `${q} has an octet greater than 255 (${quoteInput(part)})`;
    }
  }
  return `${q} is not an IPv4 or IPv6 address`;
}
