/**
 * Field helpers shared by the firewall, proxy and sensor parsers: canonical IP text, port numbers,
 * protocol names, domains and URLs, and the mapping of each device's verb to allowed/blocked.
 * Pure, allocation-light, never throws.
 */
import type { LogAction } from '../../model.js';
import { formatIp, parseIp, parseIpInto } from '../../../net/ip.js';

const scratch = new Int32Array(4);

/**
 * Canonical text of an address, or undefined when `text` is not one. Accepts the decorations devices
 * put around addresses: `[v6]`, a `%zone` suffix. IPv4 text that is already canonical is returned as
 * is, so the common case allocates nothing.
 */
export function cleanIp(text: string | undefined): string | undefined {
  if (text === undefined || text.length === 0) return undefined;
  let value = text;
  if (value.charCodeAt(0) === 91 && value.charCodeAt(value.length - 1) === 93) value = value.slice(1, -1);
  const zone = value.indexOf('%');
  if (zone > 0) value = value.slice(0, zone);
  const family = parseIpInto(value, scratch);
  if (family === 0) return undefined;
  if (family === 4) return value;
  const parsed = parseIp(value);
  return parsed === null ? undefined : formatIp(parsed);
}

/** A port 0–65535 written in decimal digits only, or undefined. */
export function cleanPort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const len = text.length;
  if (len === 0 || len > 5) return undefined;
  let value = 0;
  for (let i = 0; i < len; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 48 || ch > 57) return undefined;
    value = value * 10 + (ch - 48);
  }
  return value <= 65535 ? value : undefined;
}

/** Reads a port from `text[start, end)` without slicing; undefined when it is not one. */
export function portAt(text: string, start: number, end: number): number | undefined {
  if (end <= start || end - start > 5) return undefined;
  let value = 0;
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 48 || ch > 57) return undefined;
    value = value * 10 + (ch - 48);
  }
  return value <= 65535 ? value : undefined;
}

const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = {
  '1': 'icmp',
  '2': 'igmp',
  '6': 'tcp',
  '17': 'udp',
  '41': 'ipv6',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'ipv6-icmp',
  '89': 'ospf',
  '112': 'vrrp',
  '132': 'sctp',
};

/** `6`/`TCP`/`tcp` → `tcp`; IANA numbers for the common protocols, other names lower-cased. */
export function cleanProtocol(text: string | undefined): string | undefined {
  if (text === undefined || text.length === 0 || text.length > 20) return undefined;
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) return PROTOCOL_NUMBERS[text];
  const lower = text.toLowerCase();
  if (lower === 'icmpv6' || lower === 'icmp6') return 'ipv6-icmp';
  return lower;
}

/**
 * A host name as logged, lower-cased, without a trailing dot or surrounding brackets (FortiGate writes
 * `qname="[example.com]"` in some releases); undefined for empty and placeholder values.
 */
export function cleanDomain(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  if (end - start >= 2 && text.charCodeAt(start) === 91 && text.charCodeAt(end - 1) === 93) {
    start++;
    end--;
  }
  if (end > start && text.charCodeAt(end - 1) === 46) end--;
  if (end === start) return undefined;
  const value = start === 0 && end === text.length ? text : text.slice(start, end);
  if (value === '-' || value === 'N/A' || value === 'n/a' || value === 'None' || value === 'NA')
    return undefined;
  return value.toLowerCase();
}

/** The host of an absolute URL (`scheme://[user@]host[:port]/…`) or of `host[:port]/path`. */
export function hostOfUrl(url: string): string | undefined {
  let start = url.indexOf('://');
  start = start < 0 ? 0 : start + 3;
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const ch = url.charCodeAt(i);
    if (ch === 47 || ch === 63 || ch === 35) {
      end = i;
      break;
    }
  }
  const at = url.lastIndexOf('@', end - 1);
  if (at >= start) start = at + 1;
  if (url.charCodeAt(start) === 91) {
    const close = url.indexOf(']', start);
    if (close < 0 || close > end) return undefined;
    return cleanIp(url.slice(start, close + 1));
  }
  const colon = url.indexOf(':', start);
  if (colon >= 0 && colon < end) end = colon;
  if (end <= start) return undefined;
  return cleanDomain(url.slice(start, end));
}

/** True when `text` starts with `http://`, `https://`, `ftp://`… (an absolute URL). */
export function isAbsoluteUrl(text: string): boolean {
  const sep = text.indexOf('://');
  if (sep <= 0 || sep > 10) return false;
  for (let i = 0; i < sep; i++) {
    const ch = text.charCodeAt(i) | 32;
    if (ch < 97 || ch > 122) return false;
  }
  return true;
}

const ALLOWED = new Set([
  'accept',
  'accepted',
  'allow',
  'allowed',
  'pass',
  'passthrough',
  'permit',
  'permitted',
  'est-allowed',
  'built',
  'teardown',
  'close',
  'timeout',
  'ip-conn',
  'client-rst',
  'server-rst',
]);

const BLOCKED = new Set([
  'deny',
  'denied',
  'block',
  'blocked',
  'drop',
  'dropped',
  'reject',
  'rejected',
  'reset',
  'reset-both',
  'reset-client',
  'reset-server',
  'drop-all',
  'drop-all-packets',
  'drop-icmp',
  'block-url',
  'block-continue',
  'block-override',
  'sinkhole',
  'discard',
  'discarded',
  'prevent',
  'prevented',
  'quarantine',
  'clear_session',
  'packet dropped',
]);

/**
 * Maps a device's verb to allowed/blocked/unknown. Connection-tracking verbs (`close`, `timeout`,
 * `teardown`, FortiGate `client-rst`) mean the firewall let the session through; IPS verbs such as
 * `alert`/`detected` say nothing about the packet's fate and stay unknown.
 */
export function mapAction(raw: string | undefined): LogAction {
  if (raw === undefined || raw.length === 0 || raw.length > 40) return 'unknown';
  const lower = raw.toLowerCase();
  if (ALLOWED.has(lower)) return 'allowed';
  if (BLOCKED.has(lower)) return 'blocked';
  return 'unknown';
}
