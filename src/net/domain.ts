/**
 * Domain names: normalisation/validation and a "who owns this name" index.
 *
 * Normal form: surrounding ASCII whitespace trimmed, lower-case ASCII, one
 * trailing dot (the DNS root) removed, internationalised names converted to
 * punycode with `node:url`'s `domainToASCII` (UTS #46 mapping, pure).
 *
 * Validation (hostname rules, RFC 1123, with one documented exception):
 * - 1–63 characters per label, at most 253 characters in total;
 * - letters, digits and hyphens; no hyphen at the start or end of a label;
 * - an underscore is accepted only as the FIRST character of a label that is not
 *   the last one, which covers the service/policy labels that appear in real
 *   records (`_dmarc`, `selector._domainkey`, `_acme-challenge`, `_sip._tcp`).
 *   Underscores elsewhere (`my_host.example.vn`) are rejected: they are not valid
 *   host names and are a common sign of a typo or of a spoofing attempt;
 * - the last label must not be all digits, so an IPv4 address is never taken for
 *   a domain (IP addresses are reported as such);
 * - `xn--` labels must be valid punycode; wildcards (`*.example.vn`) are
 *   rejected — register the parent domain instead, it covers its subdomains.
 * Single-label names (`vn`) are accepted so a registry can own a whole TLD.
 */

import { domainToASCII } from 'node:url';
import { isIp, quoteInput } from './ip.js';

export type DomainResult = { ok: true; value: string } | { ok: false; reason: string };

export const MAX_DOMAIN_LENGTH = 253;
export const MAX_LABEL_LENGTH = 63;
/** Inputs longer than this are rejected before any IDN processing. */
const MAX_INPUT_LENGTH = 1024;

function isAsciiWhitespace(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13);
}

/** Validates a lower-case ASCII name without a trailing dot. Returns a reason or null. */
function checkAsciiName(name: string, original: string): string | null {
  const q = quoteInput(original);
  if (name.length === 0) return 'the domain name is empty';
  if (name.length > MAX_DOMAIN_LENGTH) {
    return `${q} is ${name.length} characters long; a domain name may have at most ${MAX_DOMAIN_LENGTH}`;
  }
  let labelStart = 0;
  let allDigits = true;
  let hasPunycode = false;
  for (let i = 0; i <= name.length; i++) {
    const ch = i < name.length ? name.charCodeAt(i) : 46;
    if (ch === 46) {
      const label = name.slice(labelStart, i);
      const last = i === name.length;
      if (label.length === 0) {
        return `${q} has an empty label (two dots in a row, or a leading dot)`;
      }
      if (label.length > MAX_LABEL_LENGTH) {
        return `label ${quoteInput(label)} is ${label.length} characters long; a label may have at most ${MAX_LABEL_LENGTH}`;
      }
      if (label.charCodeAt(0) === 45 || label.charCodeAt(label.length - 1) === 45) {
        return `label ${quoteInput(label)} starts or ends with a hyphen`;
      }
      if (label.charCodeAt(0) === 95 && last) {
        return `the last label ${quoteInput(label)} starts with "_"; an underscore is only allowed at the start of a label that is not the last (as in _dmarc.example.gov.vn)`;
      }
      if (label.startsWith('xn--')) hasPunycode = true;
      if (last && allDigits) {
        return `${q} ends with an all-numeric label, which is not a valid domain name`;
      }
      labelStart = i + 1;
      allDigits = true;
      continue;
    }
    const isDigit = ch >= 48 && ch <= 57;
    if (!isDigit) allDigits = false;
    if (isDigit || (ch >= 97 && ch <= 122) || ch === 45) continue;
    if (ch === 95) {
      if (i === labelStart) continue;
      const labelEnd = name.indexOf('.', i);
      const label = name.slice(labelStart, labelEnd < 0 ? name.length : labelEnd);
      return `label ${quoteInput(label)} contains "_"; an underscore is only allowed at the start of a label (as in _dmarc)`;
    }
    if (ch === 42) {
      return `${q} contains a wildcard "*"; register the parent domain instead, it covers every subdomain`;
    }
    if (isAsciiWhitespace(ch)) return `${q} contains whitespace`;
    return `${q} contains the character ${quoteInput(String.fromCharCode(ch))}, which is not allowed in a domain name`;
  }
  if (hasPunycode && domainToASCII(name) === '') {
    return `${q} contains an "xn--" label that is not valid punycode`;
  }
  return null;
}

/** Validates and normalises a domain name (see the module comment for the rules). */
export function normaliseDomain(input: string): DomainResult {
  if (input.length > MAX_INPUT_LENGTH) {
    return {
      ok: false,
      reason: `the text is ${input.length} characters long; a domain name may have at most ${MAX_DOMAIN_LENGTH}`,
    };
  }
  let start = 0;
  let end = input.length;
  while (start < end && isAsciiWhitespace(input.charCodeAt(start))) start++;
  while (end > start && isAsciiWhitespace(input.charCodeAt(end - 1))) end--;
  let text = start === 0 && end === input.length ? input : input.slice(start, end);
  if (text.length === 0) return { ok: false, reason: 'the domain name is empty' };
  if (isIp(text) || (text.startsWith('[') && text.endsWith(']'))) {
    return { ok: false, reason: `${quoteInput(text)} is an IP address, not a domain name` };
  }
  const display = text;
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (text.length === 0) return { ok: false, reason: 'the domain name is empty (only the root ".")' };

  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  let name: string;
  if (ascii) {
    name = text.toLowerCase();
  } else {
    name = domainToASCII(text);
    if (name === '') {
      return { ok: false, reason: `${quoteInput(text)} is not a valid internationalised domain name` };
    }
    // UTS #46 maps e.g. full-width digits and dots; re-check what came out.
    if (isIp(name)) return { ok: false, reason: `${quoteInput(text)} is an IP address, not a domain name` };
    if (name.endsWith('.')) name = name.slice(0, -1);
  }
  const problem = checkAsciiName(name, display);
  return problem === null ? { ok: true, value: name } : { ok: false, reason: problem };
}

export interface DomainMatch<T> {
  /** The registered domain that matched (equal to, or a parent of, the name looked up). */
  readonly domain: string;
  /** First value inserted for that domain. */
  readonly value: T;
  /** Every value inserted for that domain, in insertion order. */
  readonly values: readonly T[];
}

interface MutableDomainMatch<T> {
  readonly domain: string;
  readonly value: T;
  readonly values: T[];
}

/**
 * Maps registered domains to values and answers "which registered domain covers
 * this name?" — the name itself or its closest registered parent, matching whole
 * labels only (`badexample.gov.vn` is not under `example.gov.vn`).
 *
 * Like `PrefixIndex`, several values may be inserted for the same domain; all
 * are kept in insertion order (`value` is the first, `values` all of them).
 */
export class DomainIndex<T> {
  private readonly byName = new Map<string, MutableDomainMatch<T>>();
  private values = 0;

  /** Number of distinct registered domains. */
  get size(): number {
    return this.byName.size;
  }

  get valueCount(): number {
    return this.values;
  }

  /**
   * Registers `value` for `domain` (normalised first).
   * @throws Error with the normalisation reason when the domain is invalid.
   */
  insert(domain: string, value: T): void {
    const normal = normaliseDomain(domain);
    if (!normal.ok) throw new Error(`cannot index domain: ${normal.reason}`);
    const existing = this.byName.get(normal.value);
    if (existing) {
      existing.values.push(value);
    } else {
      this.byName.set(normal.value, Object.freeze({ domain: normal.value, value, values: [value] }));
    }
    this.values++;
  }

  /** Most specific registered domain covering `name`, or null (also when `name` is invalid). */
  lookup(name: string): DomainMatch<T> | null {
    const normal = normaliseDomain(name);
    return normal.ok ? this.lookupNormalised(normal.value) : null;
  }

  /** As {@link lookup} for a name already in normal form (skips validation). */
  lookupNormalised(name: string): DomainMatch<T> | null {
    let from = 0;
    for (;;) {
      const hit = this.byName.get(from === 0 ? name : name.slice(from));
      if (hit) return hit;
      const dot = name.indexOf('.', from);
      if (dot < 0) return null;
      from = dot + 1;
    }
  }

  /** Every registered domain covering `name`, most specific first. */
  lookupAll(name: string): DomainMatch<T>[] {
    const normal = normaliseDomain(name);
    if (!normal.ok) return [];
    const found: DomainMatch<T>[] = [];
    let from = 0;
    for (;;) {
      const hit = this.byName.get(normal.value.slice(from));
      if (hit) found.push(hit);
      const dot = normal.value.indexOf('.', from);
      if (dot < 0) return found;
      from = dot + 1;
    }
  }

  has(domain: string): boolean {
    const normal = normaliseDomain(domain);
    return normal.ok && this.byName.has(normal.value);
  }
}
