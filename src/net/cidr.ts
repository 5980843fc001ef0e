/**
 * CIDR blocks: parsing with explanatory errors, canonical formatting and set
 * relations.
 *
 * A {@link Cidr} always has its host bits cleared (`parseCidr` rejects text with
 * host bits set instead of silently masking, because a typo such as
 * `10.0.0.1/24` in an ownership register usually means the author meant
 * something else). Use {@link makeCidr} to mask deliberately.
 *
 * Families are compared literally: an IPv4 block never contains, or overlaps, an
 * IPv6 block — not even its IPv4-mapped image `::ffff:0:0/96`. (Only
 * `PrefixIndex` lookups treat a mapped address as IPv4; see there.)
 */

import { describeIpError, formatIp, parseIp, quoteInput, type ParsedIp } from './ip.js';

export interface Cidr {
  /** Network address, host bits always zero. */
  readonly network: ParsedIp;
  /** 0–32 for IPv4, 0–128 for IPv6. */
  readonly prefixLength: number;
}

export type CidrResult = { ok: true; value: Cidr } | { ok: false; reason: string };
export type CidrTextResult = { ok: true; value: string } | { ok: false; reason: string };

/** Longest acceptable input after trimming: a full IPv6 address plus `/128`. */
const MAX_CIDR_TEXT_LENGTH = 49;

export function familyBits(family: 4 | 6): 32 | 128 {
  return family === 4 ? 32 : 128;
}

/** Mask keeping the top `bits` (0–32) bits of a word, as an unsigned number. */
function wordMask(bits: number): number {
  if (bits <= 0) return 0;
  if (bits >= 32) return 0xffffffff;
  return (0xffffffff << (32 - bits)) >>> 0;
}

/** Mask for word `index` (0–3) of a prefix of length `prefixLength`. */
function maskForWord(prefixLength: number, index: number): number {
  return wordMask(prefixLength - index * 32);
}

/** Clears every bit after the first `prefixLength` bits. */
export function maskIp(ip: ParsedIp, prefixLength: number): ParsedIp {
  if (ip.family === 4) {
    return { family: 4, w0: (ip.w0 & wordMask(prefixLength)) >>> 0, w1: 0, w2: 0, w3: 0 };
  }
  return {
    family: 6,
    w0: (ip.w0 & maskForWord(prefixLength, 0)) >>> 0,
    w1: (ip.w1 & maskForWord(prefixLength, 1)) >>> 0,
    w2: (ip.w2 & maskForWord(prefixLength, 2)) >>> 0,
    w3: (ip.w3 & maskForWord(prefixLength, 3)) >>> 0,
  };
}

/** Sets every bit after the first `prefixLength` bits (the last address of the block). */
function fillHostBits(ip: ParsedIp, prefixLength: number): ParsedIp {
  if (ip.family === 4) {
    return { family: 4, w0: (ip.w0 | ~wordMask(prefixLength)) >>> 0, w1: 0, w2: 0, w3: 0 };
  }
  return {
    family: 6,
    w0: (ip.w0 | ~maskForWord(prefixLength, 0)) >>> 0,
    w1: (ip.w1 | ~maskForWord(prefixLength, 1)) >>> 0,
    w2: (ip.w2 | ~maskForWord(prefixLength, 2)) >>> 0,
    w3: (ip.w3 | ~maskForWord(prefixLength, 3)) >>> 0,
  };
}

/** True when `a` and `b` agree on their first `bits` bits (same family assumed). */
function samePrefix(a: ParsedIp, b: ParsedIp, bits: number): boolean {
  if (((a.w0 ^ b.w0) & maskForWord(bits, 0)) !== 0) return false;
  if (bits <= 32) return true;
  return (
    ((a.w1 ^ b.w1) & maskForWord(bits, 1)) === 0 &&
    ((a.w2 ^ b.w2) & maskForWord(bits, 2)) === 0 &&
    ((a.w3 ^ b.w3) & maskForWord(bits, 3)) === 0
  );
}

/**
 * Builds a CIDR from any address in it, masking the host bits.
 * @throws RangeError when `prefixLength` is not an integer in range for the family.
 */
export function makeCidr(ip: ParsedIp, prefixLength: number): Cidr {
  const max = familyBits(ip.family);
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > max) {
    throw new RangeError(`prefix length ${prefixLength} is out of range for IPv${ip.family}`);
  }
  return { network: maskIp(ip, prefixLength), prefixLength };
}

function isAsciiWhitespace(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13);
}

function trimAscii(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isAsciiWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isAsciiWhitespace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Parses `address/prefix` or a bare address (meaning /32 or /128). Surrounding
 * ASCII whitespace is ignored; anything else unexpected is an error with a
 * sentence explaining it.
 */
export function parseCidr(input: string): CidrResult {
  if (input.length > 1000) {
    return {
      ok: false,
      reason: `the text is ${input.length} characters long, which is too long to be a CIDR`,
    };
  }
  const text = trimAscii(input);
  if (text.length === 0) return { ok: false, reason: 'the CIDR is empty' };
  if (text.length > MAX_CIDR_TEXT_LENGTH) {
    return {
      ok: false,
      reason: `${quoteInput(text)} is ${text.length} characters long, which is too long to be a CIDR`,
    };
  }
  const slash = text.indexOf('/');
  if (slash >= 0 && text.indexOf('/', slash + 1) >= 0) {
    return { ok: false, reason: `${quoteInput(text)} contains more than one "/"` };
  }
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const ip = parseIp(addressText);
  if (ip === null) {
    const why =
      addressText.length === 0
        ? `${quoteInput(text)} has no address before "/"`
        : describeIpError(addressText);
    return { ok: false, reason: why ?? `${quoteInput(text)} is not an IPv4 or IPv6 address` };
  }
  const max = familyBits(ip.family);
  let prefixLength: number = max;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (prefixText.length === 0) {
      return { ok: false, reason: `${quoteInput(text)} is missing the prefix length after "/"` };
    }
    let value = 0;
    for (let i = 0; i < prefixText.length; i++) {
      const ch = prefixText.charCodeAt(i);
      if (ch < 48 || ch > 57) {
        return {
          ok: false,
          reason: `prefix length ${quoteInput(prefixText)} is not a whole number`,
        };
      }
      value = value * 10 + (ch - 48);
    }
    if (prefixText.length > 1 && prefixText.charCodeAt(0) === 48) {
      return {
        ok: false,
        reason: `prefix length ${quoteInput(prefixText)} has a leading zero; write ${value}`,
      };
    }
    if (value > max) {
      return { ok: false, reason: `prefix length ${prefixText} is out of range for IPv${ip.family}` };
    }
    prefixLength = value;
  }
  const network = maskIp(ip, prefixLength);
  if (!samePrefix(network, ip, max)) {
    const suggestion = `${formatIp(network)}/${prefixLength}`;
    return {
      ok: false,
      reason: `${quoteInput(text)} has host bits set; did you mean ${suggestion}?`,
    };
  }
  return { ok: true, value: { network, prefixLength } };
}

/** Canonical text: `192.0.2.0/24`, `2001:db8::/32` (always with the prefix length). */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.network)}/${cidr.prefixLength}`;
}

/** Validates and returns the canonical text of a CIDR (see {@link parseCidr}). */
export function normaliseCidr(text: string): CidrTextResult {
  const parsed = parseCidr(text);
  if (!parsed.ok) return parsed;
  return { ok: true, value: formatCidr(parsed.value) };
}

/** True when every address of `inner` is in `outer` (a block contains itself). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.network.family === inner.network.family &&
    outer.prefixLength <= inner.prefixLength &&
    samePrefix(outer.network, inner.network, outer.prefixLength)
  );
}

/** True when the blocks share at least one address. CIDR blocks overlap only by nesting. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return (
    a.network.family === b.network.family &&
    samePrefix(a.network, b.network, Math.min(a.prefixLength, b.prefixLength))
  );
}

export function cidrEquals(a: Cidr, b: Cidr): boolean {
  return (
    a.network.family === b.network.family &&
    a.prefixLength === b.prefixLength &&
    samePrefix(a.network, b.network, familyBits(a.network.family))
  );
}

/** True when `ip` (same family, no IPv4-mapped translation) lies in `cidr`. */
export function cidrContainsIp(cidr: Cidr, ip: ParsedIp): boolean {
  return cidr.network.family === ip.family && samePrefix(cidr.network, ip, cidr.prefixLength);
}

/** First and last address of the block. */
export function cidrRange(cidr: Cidr): { first: ParsedIp; last: ParsedIp } {
  return { first: cidr.network, last: fillHostBits(cidr.network, cidr.prefixLength) };
}
