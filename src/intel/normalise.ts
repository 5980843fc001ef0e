/**
 * Indicator normalisation: turns the raw value a feed states into one canonical
 * text per indicator, so the same address, name or URL written in different
 * ways is stored, de-duplicated and matched once.
 *
 * Rules, in order: surrounding whitespace is trimmed and defanged notation is
 * re-fanged (`hxxp://`, `[.]`, `(.)`, `{.}`, `[dot]`, `[:]`, `[://]`); the type is
 * the caller's hint or is inferred (see {@link inferIndicatorType}); then
 * - addresses and networks are canonical (`formatIp`: IPv6 RFC 5952, lower-case);
 *   an IPv4-mapped IPv6 address or network becomes its IPv4 form, `/32` and
 *   `/128` become single addresses, and host bits set is an error (it usually
 *   hides a typo). The four network hints are one family: the value decides
 *   which of them it is;
 * - domains go through `normaliseDomain` (lower-case, punycode, one trailing dot
 *   removed). A leading `*.` (or `.`) means "and its subdomains", which is how
 *   every domain indicator matches anyway, so it overrides `exactDomain`;
 *   a "domain" that is an IP address becomes an address;
 * - URLs are serialised by the WHATWG URL class (scheme and host lower-case,
 *   punycode host, default port and fragment dropped); `http://` is assumed when
 *   no scheme is given; only http, https and ftp are accepted. The host is
 *   checked more loosely than a domain indicator (an underscore is allowed)
 *   because a URL is matched as text and losing a real indicator costs more;
 * - hashes are lower-case hex typed by length (32/40/64); a hint that disagrees
 *   with the length is an error rather than a silent re-typing;
 * - AS numbers are `AS<n>`, 1..4294967295.
 * Every rejection reason is one English sentence naming the (truncated) value.
 * Nothing here throws, whatever the input.
 */

import { parseCidr } from '../net/cidr.js';
import { normaliseDomain } from '../net/domain.js';
import { formatIp, ipv4FromNumber, isIp, isIPv4Mapped, parseIp, quoteInput } from '../net/ip.js';
import { excerpt, type IndicatorType } from './model.js';

export interface NormalisedIndicator {
  type: IndicatorType;
  value: string;
  /** a domain that matches only itself, not its subdomains; always false for other types */
  exactDomain: boolean;
}

export type NormaliseResult = { ok: true; indicator: NormalisedIndicator } | { ok: false; reason: string };

/** Longest raw value accepted (long URLs exist; megabyte "indicators" are garbage). */
export const MAX_INDICATOR_LENGTH = 8192;

const URL_SCHEMES = new Set(['http', 'https', 'ftp']);
const HASH_LENGTHS = { md5: 32, sha1: 40, sha256: 64 } as const;
const HASH_NAMES = { md5: 'an MD5', sha1: 'a SHA-1', sha256: 'a SHA-256' } as const;
type HashType = keyof typeof HASH_LENGTHS;
const MAX_ASN = 4294967295;

const DEFANG = /\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\[:\/\/\]|\[:\]/gi;
const DEFANGED_SCHEME = /^(?:hxxp(s?)|fxp)(?=:)/i;
const SCHEME_WITH_SLASHES = /^[a-z][a-z0-9+.-]*:\/\//i;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** `host:port` with nothing or a path/query/fragment after it (not a scheme). */
const HOST_PORT = /^[^/?#:@]+:\d{1,5}(?:[/?#]|$)/;
const ASN = /^(?:asn?\s?)?(\d{1,20})$/i;
const ASN_PREFIXED = /^asn?\s?\d{1,20}$/i;
const DOTTED_DIGITS = /^[\d.]+$/;
/** Hex digits, colons and dots with at least two colons: meant as IPv6 even when malformed. */
const IPV6_LIKE = /^[0-9a-f.]*:[0-9a-f.]*:[0-9a-f:.]*(?:%[^/]*)?(?:\/\d+)?$/i;

function q(text: string): string {
  return JSON.stringify(excerpt(text, 100));
}

function reject(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

function accept(type: IndicatorType, value: string, exactDomain = false): NormaliseResult {
  return { ok: true, indicator: { type, value, exactDomain } };
}

/** Makes a helper's lower-case fragment a sentence: capital first letter, final full stop. */
function sentence(text: string): string {
  const first = text.charCodeAt(0);
  const body = first >= 97 && first <= 122 ? text[0]!.toUpperCase() + text.slice(1) : text;
  return /[.?!]$/.test(body) ? body : `${body}.`;
}

/** Uses a `src/net` reason as is when it names the value, otherwise prefixes the value. */
function explain(helperReason: string, text: string, what: string): string {
  if (helperReason.includes(quoteInput(text))) return sentence(helperReason);
  return sentence(`${q(text)} is not a valid ${what}: ${helperReason}`);
}

function isHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return text.length > 0;
}

function hashTypeForLength(length: number): HashType | null {
  if (length === 32) return 'md5';
  if (length === 40) return 'sha1';
  if (length === 64) return 'sha256';
  return null;
}

/** Undoes the usual defanging. Repeated until stable so the result never re-fangs further. */
function refang(text: string): string {
  let out = text;
  if (out.includes('[') || out.includes('(') || out.includes('{')) {
    for (;;) {
      const next = out.replace(DEFANG, (m) => (m.includes('/') ? '://' : m.includes(':') ? ':' : '.'));
      if (next === out) break;
      out = next;
    }
  }
  if (out.length > 3 && (out.charCodeAt(0) | 32) !== 104 && (out.charCodeAt(0) | 32) !== 102) return out;
  return out.replace(DEFANGED_SCHEME, (m, s: string | undefined) =>
    m.length === 3 ? 'ftp' : `http${s ?? ''}`,
  );
}

/** `[2001:db8::1]` → `2001:db8::1`, `[2001:db8::]/32` → `2001:db8::/32`; anything else unchanged. */
function stripBrackets(text: string): string {
  if (text.charCodeAt(0) !== 91) return text;
  const close = text.indexOf(']');
  if (close < 0) return text;
  if (close === text.length - 1) return text.slice(1, close);
  if (text.charCodeAt(close + 1) === 47) return text.slice(1, close) + text.slice(close + 1);
  return text;
}

/** The type a trimmed, re-fanged text looks like (validity is checked later). */
function inferType(text: string): IndicatorType | null {
  if (text.length === 0) return null;
  if (SCHEME_WITH_SLASHES.test(text)) return 'url';
  const bare = stripBrackets(text);
  const slash = bare.indexOf('/');
  const ip = parseIp(slash < 0 ? bare : bare.slice(0, slash));
  if (ip !== null) {
    const v4 = ip.family === 4 || isIPv4Mapped(ip);
    if (slash < 0) return v4 ? 'ipv4' : 'ipv6';
    const rest = bare.slice(slash + 1);
    if (!/^\d{1,3}$/.test(rest)) return 'url';
    const length = Number(rest);
    if (ip.family === 4) return length === 32 ? 'ipv4' : 'cidr4';
    if (v4 && length >= 96) return length === 128 ? 'ipv4' : 'cidr4';
    return length === 128 ? 'ipv6' : 'cidr6';
  }
  if (text.charCodeAt(0) === 91 && text.includes(']')) return 'url';
  const hash = hashTypeForLength(text.length);
  if (hash !== null && isHex(text)) return hash;
  if (ASN_PREFIXED.test(text)) return 'asn';
  if (DOTTED_DIGITS.test(text) && text.includes('.')) return 'ipv4';
  if (/^[\d.]+\/\d*$/.test(text)) return 'cidr4';
  if (IPV6_LIKE.test(text)) return text.includes('/') ? 'cidr6' : 'ipv6';
  if (HOST_PORT.test(text) || SCHEME.test(text)) return 'url';
  const end = text.search(/[/?#]/);
  if (end >= 0) return text.slice(0, end).includes('.') ? 'url' : null;
  return text.includes('.') ? 'domain' : null;
}

/**
 * The type `raw` appears to be, or null when it looks like no indicator at all.
 * Bare numbers are not taken for AS numbers (pass the `asn` hint), and a name
 * without a dot is not taken for a domain (pass the `domain` hint).
 */
export function inferIndicatorType(raw: string): IndicatorType | null {
  if (raw.length > MAX_INDICATOR_LENGTH) return null;
  return inferType(refang(raw.trim()));
}

function normaliseNetwork(text: string): NormaliseResult {
  const bare = stripBrackets(text);
  const parsed = parseCidr(bare);
  if (!parsed.ok) return reject(explain(parsed.reason, bare, 'IP address or CIDR block'));
  let { network, prefixLength } = parsed.value;
  if (isIPv4Mapped(network) && prefixLength >= 96) {
    network = ipv4FromNumber(network.w3);
    prefixLength -= 96;
  }
  const address = formatIp(network);
  if (network.family === 4)
    return prefixLength === 32 ? accept('ipv4', address) : accept('cidr4', `${address}/${prefixLength}`);
  return prefixLength === 128 ? accept('ipv6', address) : accept('cidr6', `${address}/${prefixLength}`);
}

function normaliseDomainIndicator(text: string, exactOption: boolean): NormaliseResult {
  if (SCHEME_WITH_SLASHES.test(text)) return reject(`${q(text)} is a URL, not a domain name.`);
  let name = text;
  let wildcard = false;
  if (name.startsWith('*.')) {
    name = name.slice(2);
    wildcard = true;
  } else if (name.length > 1 && name.charCodeAt(0) === 46 && name.charCodeAt(1) !== 46) {
    name = name.slice(1);
    wildcard = true;
  }
  const withoutRoot = name.endsWith('.') ? name.slice(0, -1) : name;
  if (isIp(stripBrackets(withoutRoot))) return normaliseNetwork(withoutRoot);
  const result = normaliseDomain(name);
  if (!result.ok) return reject(explain(result.reason, name, 'domain name'));
  return accept('domain', result.value, wildcard ? false : exactOption);
}

/** Loose host check for URLs: letters, digits, `-` and `_` in non-empty labels. Returns a problem or null. */
function urlHostProblem(host: string): string | null {
  if (host.length > 253)
    return `the host is ${host.length} characters long, more than the 253 a name may have`;
  let labelStart = 0;
  for (let i = 0; i <= host.length; i++) {
    const c = i < host.length ? host.charCodeAt(i) : 46;
    if (c === 46) {
      const length = i - labelStart;
      if (length === 0) return `the host ${quoteInput(host)} has an empty label`;
      if (length > 63) return `the host ${quoteInput(host)} has a label longer than 63 characters`;
      labelStart = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95)) {
      return `the host ${quoteInput(host)} contains ${quoteInput(String.fromCharCode(c))}, which is not allowed in a host name`;
    }
  }
  return null;
}

function normaliseUrl(text: string): NormaliseResult {
  let input = text;
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && !URL_SCHEMES.has(scheme) && !HOST_PORT.test(text)) {
    return reject(
      `${q(text)} uses the ${quoteInput(scheme)} scheme; only http, https and ftp URLs are accepted.`,
    );
  }
  if (scheme === undefined || !URL_SCHEMES.has(scheme))
    input = text.startsWith('//') ? `http:${text}` : `http://${text}`;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return reject(`${q(text)} is not a valid URL.`);
  }
  if (!URL_SCHEMES.has(url.protocol.slice(0, -1))) {
    return reject(
      `${q(text)} uses the ${quoteInput(url.protocol)} scheme; only http, https and ftp URLs are accepted.`,
    );
  }
  const host = url.hostname;
  if (host.length === 0) return reject(`${q(text)} has no host.`);
  url.hash = '';
  if (host.charCodeAt(0) === 91) {
    const ip = parseIp(host.slice(1, -1));
    if (ip !== null && isIPv4Mapped(ip)) url.hostname = formatIp(ipv4FromNumber(ip.w3));
  } else if (!isIp(host)) {
    const name = host.endsWith('.') ? host.slice(0, -1) : host;
    const problem = urlHostProblem(name);
    if (problem !== null) return reject(sentence(`${q(text)} is not a valid URL: ${problem}`));
    if (name !== host) url.hostname = name;
  }
  const value = url.href;
  if (value.length > MAX_INDICATOR_LENGTH) {
    return reject(
      `${q(text)} is ${value.length} characters long as a URL, more than the ${MAX_INDICATOR_LENGTH} allowed.`,
    );
  }
  return accept('url', value);
}

function normaliseHash(text: string, type: HashType): NormaliseResult {
  const expected = HASH_LENGTHS[type];
  if (!isHex(text)) {
    return reject(`${q(text)} is not ${HASH_NAMES[type]} hash: it must be ${expected} hexadecimal digits.`);
  }
  if (text.length !== expected) {
    const actual = hashTypeForLength(text.length);
    if (actual !== null) {
      return reject(
        `${q(text)} has ${text.length} hexadecimal digits, which makes it ${HASH_NAMES[actual]} hash, not ${HASH_NAMES[type]} hash.`,
      );
    }
    return reject(
      `${q(text)} has ${text.length} hexadecimal digits, but ${HASH_NAMES[type]} hash has exactly ${expected}.`,
    );
  }
  return accept(type, text.toLowerCase());
}

function normaliseAsn(text: string): NormaliseResult {
  const digits = ASN.exec(text)?.[1];
  if (digits === undefined) return reject(`${q(text)} is not an AS number; write it as AS13335 or 13335.`);
  const number = Number(digits);
  if (number < 1 || number > MAX_ASN) {
    return reject(`${q(text)} is out of range: AS numbers run from 1 to ${MAX_ASN}.`);
  }
  return accept('asn', `AS${number}`);
}

/**
 * Validates and canonicalises one indicator (see the module comment for the rules).
 * `hint` is the type the feed states; `options.exactDomain` marks a domain that
 * matches only itself (a hosts-file entry, for example).
 */
export function normaliseIndicator(
  raw: string,
  hint?: IndicatorType,
  options?: { exactDomain?: boolean },
): NormaliseResult {
  if (typeof raw !== 'string') return reject('The indicator is not text.');
  if (raw.length > MAX_INDICATOR_LENGTH) {
    return reject(
      `${q(raw)} is ${raw.length} characters long, more than the ${MAX_INDICATOR_LENGTH} an indicator may have.`,
    );
  }
  const text = refang(raw.trim());
  if (text.length === 0) return reject('The indicator is empty.');
  const type = hint ?? inferType(text);
  switch (type) {
    case null:
      return reject(`${q(text)} is not an IP address, CIDR block, domain name, URL, file hash or AS number.`);
    case 'ipv4':
    case 'ipv6':
    case 'cidr4':
    case 'cidr6':
      return normaliseNetwork(text);
    case 'domain':
      return normaliseDomainIndicator(text, options?.exactDomain === true);
    case 'url':
      return normaliseUrl(text);
    case 'md5':
    case 'sha1':
    case 'sha256':
      return normaliseHash(text, type);
    case 'asn':
      return normaliseAsn(text);
    default:
      return reject(`${q(text)} has the unknown indicator type ${quoteInput(String(type))}.`);
  }
}
