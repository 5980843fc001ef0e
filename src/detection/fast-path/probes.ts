/**
 * Probes of the indicator tables on raw bytes, for the per-format fast paths: each asks exactly
 * what the matcher would ask of the value once parsed, without creating a string. Pure.
 */
import { HASH_SEED, hashFinish } from '../compact-tables.js';
import type { IndicatorTable } from '../indicator-table.js';
import { PARSE, SKIP, UNSURE, type Verdict } from './verdict.js';

const DOT = 46;

/**
 * Whether a DNS question name `bytes[start, end)` (as the log writes it: any case, a root dot or
 * not) could hit a domain indicator — the probes of the matcher's `scanDomain` on the name the
 * parser hands it (one trailing dot removed by the parser, one more by the matcher), ignoring
 * validity and exact-domain rules, which only remove hits. {@link UNSURE} when the name holds a
 * space, a tab or a non-ASCII byte (lower-casing may turn a non-ASCII letter into an ASCII one:
 * the Kelvin sign into `k`); the caller has checked what the parser needs of the name's length.
 */
export function nameVerdict(t: IndicatorTable, bytes: Uint8Array, start: number, end: number): Verdict {
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c === 32 || c === 9 || c > 127) return UNSURE;
  }
  return nameMightHit(t, bytes, start, end) ? PARSE : SKIP;
}

/** {@link nameVerdict} for a name already known to be ASCII without spaces. */
export function nameMightHit(t: IndicatorTable, bytes: Uint8Array, start: number, end: number): boolean {
  const domains = t.domainIndex;
  if (domains === null) return false;
  if (end > start && bytes[end - 1] === DOT) end--;
  if (end > start && bytes[end - 1] === DOT) end--;
  if (end <= start || end - start > 253) return false;
  const mask = t.labelMask;
  let hash = HASH_SEED | 0;
  let labels = 0;
  for (let i = end - 1; i >= start - 1; i--) {
    let c = i >= start ? bytes[i]! : DOT;
    if (c !== DOT) {
      if (c >= 65 && c <= 90) c += 32;
      hash = Math.imul(hash ^ c, 0x01000193);
      continue;
    }
    labels++;
    if (
      i + 1 < end &&
      (mask & (1 << (labels < 31 ? labels : 31))) !== 0 &&
      domains.findBytes(bytes, i + 1, end, hashFinish(hash)) >= 0
    )
      return true;
    hash = Math.imul(hash ^ DOT, 0x01000193);
  }
  return false;
}

/**
 * The IPv4 address written in `bytes[start, end)` as an unsigned number, or -1 — the same rules as
 * `parseIpInto` (four decimal octets up to 255, no leading zeros).
 */
export function ipv4At(bytes: Uint8Array, start: number, end: number): number {
  let value = 0;
  let octets = 0;
  let octet = 0;
  let digits = 0;
  let leadingZero = false;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 48 && c <= 57) {
      if (digits === 0) leadingZero = c === 48;
      else if (leadingZero) return -1;
      octet = octet * 10 + (c - 48);
      if (octet > 255) return -1;
      digits++;
    } else if (c === DOT) {
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

/** Whether an IPv4 address (unsigned) is listed or inside a listed network, whatever the port and time. */
export function ipv4MightHit(t: IndicatorTable, key: number): boolean {
  if (!t.maybeListed4(key)) return false;
  const signed = key | 0;
  if (t.v4 !== null && t.v4.find4(signed) >= 0) return true;
  for (const { length, index } of t.network4) {
    if (index.find4(length === 0 ? 0 : signed & (-1 << (32 - length))) >= 0) return true;
  }
  return false;
}
