/**
 * Value normalisation shared by the report parsers: addresses, ports, AS numbers and times. Every
 * function answers null (absent) or a `Problem` (present but wrong) so a parser can turn a bad value
 * into a rejection that names the field, and never throws on input.
 */
import { formatIp, parseIp, quoteInput, unmapIPv4 } from '../../net/ip.js';
import type { ObservationCategory, ObservationRecord } from '../observation-model.js';

export class Problem {
  constructor(readonly reason: string) {}
}

export type RowOutcome = ObservationRecord | Problem;

/** Upper bound on the rows one report may produce, so a hostile file cannot exhaust memory. */
export const MAX_ROWS = 1_000_000;

function blank(value: string | null | undefined): value is null | undefined | '' {
  return value === null || value === undefined || value.trim() === '';
}

/** `2001:DB8:0::1` → `2001:db8::1`, `::ffff:192.0.2.1` → `192.0.2.1`; brackets are tolerated. */
export function normaliseIp(value: string | null | undefined, field: string): string | null | Problem {
  if (blank(value)) return null;
  let text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const ip = parseIp(text);
  if (!ip) {
    const network = text.includes('/') && parseIp(text.slice(0, text.indexOf('/')));
    return new Problem(
      network
        ? `${field} ${quoteInput(value)} is a network, not a single address`
        : `${field} ${quoteInput(value)} is not an IP address`,
    );
  }
  return formatIp(unmapIPv4(ip));
}

export function normalisePort(
  value: string | number | null | undefined,
  field: string,
): number | null | Problem {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (text === '') return null;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    return new Problem(`${field} ${quoteInput(text)} is not a port number (0–65535)`);
  }
  return Number(text);
}

/** `AS64500`, `64500` → 64500; 0 means "unknown" in every report we read. */
export function normaliseAsn(
  value: string | number | null | undefined,
  field: string,
): number | null | Problem {
  if (value === null || value === undefined) return null;
  const text = String(value).trim().replace(/^as/i, '');
  if (text === '') return null;
  if (!/^\d{1,10}$/.test(text) || Number(text) > 4294967295) {
    return new Problem(`${field} ${quoteInput(String(value))} is not an AS number`);
  }
  const asn = Number(text);
  return asn === 0 ? null : asn;
}

export function textOrNull(value: string | null | undefined): string | null {
  return blank(value) ? null : value.trim();
}

export function lowerOrNull(value: string | null | undefined): string | null {
  return blank(value) ? null : value.trim().toLowerCase();
}

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Minutes east of UTC for `+07:00`, `-0500`, `+07`; null when not an offset. */
export function parseOffset(text: string): number | null {
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text.trim());
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** Milliseconds → ISO 8601 UTC, or null outside the years 1970–9999. */
export function isoFromMillis(ms: number): string | null {
  if (!Number.isFinite(ms) || ms < 0 || ms > 253402300799999) return null;
  return new Date(Math.round(ms)).toISOString();
}

/**
 * Reads a report time as ISO 8601 UTC (millisecond precision, rounded). Accepts ISO-like text with
 * `T` or a space, an optional fraction and an optional zone (`Z`, `UTC`, `+07:00`), and Unix epoch
 * seconds (10 digits, optional fraction) or milliseconds (13 digits). Text without a zone is taken
 * at `defaultOffsetMinutes` east of UTC — 0 for every report format we know, which all write UTC.
 */
export function normaliseTime(
  value: string | number | null | undefined,
  field: string,
  defaultOffsetMinutes = 0,
): string | null | Problem {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (text === '') return null;
  const bad = new Problem(`${field} ${quoteInput(text)} is not a date and time`);
  if (/^\d{9,10}(\.\d{1,9})?$/.test(text)) return isoFromMillis(Number(text) * 1000) ?? bad;
  if (/^\d{12,13}$/.test(text)) return isoFromMillis(Number(text)) ?? bad;
  const m = isoPattern.exec(text);
  if (!m) return bad;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) =>
    Number(v ?? '0'),
  ) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return bad;
  const zone = m[8]?.toUpperCase();
  const offset =
    zone === undefined ? defaultOffsetMinutes : /^(Z|UTC|GMT)$/.test(zone) ? 0 : parseOffset(zone);
  if (offset === null) return bad;
  const base = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  if (new Date(base).getUTCDate() !== day) return bad; // 31 February and friends
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  return isoFromMillis(base + fraction - offset * 60_000) ?? bad;
}

/** Fields a parser states for one row; everything not stated is null. */
export interface RecordFields {
  ip: string | null | Problem;
  time: string | null | Problem;
  category: ObservationCategory;
  source: string;
  raw: Record<string, string>;
  port?: number | null | Problem;
  family?: string | null;
  asn?: number | null | Problem;
  hostname?: string | null;
  url?: string | null;
  protocol?: string | null;
  destinationIp?: string | null | Problem;
  destinationPort?: number | null | Problem;
}

/**
 * Assembles a record, or the first problem among its values. A row must name the observed address
 * and when it was seen; its other values about that address (port, AS) are optional, but a present,
 * unreadable one rejects the row rather than silently dropping what the report said. The destination
 * is context (the sinkhole or honeypot that saw the address): an unreadable one is left out and the
 * observation kept — losing an infected host over a garbled sinkhole address would be worse — and
 * the row's `raw` still shows what was written.
 */
export function buildRecord(fields: RecordFields): RowOutcome {
  const values = [fields.ip, fields.time, fields.port, fields.asn];
  for (const value of values) if (value instanceof Problem) return value;
  if (fields.ip === null) return new Problem('the row names no IP address');
  if (fields.time === null) return new Problem('the row has no time');
  const take = <T>(v: T | Problem | undefined): T | null =>
    v === undefined || v instanceof Problem ? null : v;
  return {
    ip: fields.ip as string,
    port: take(fields.port),
    time: fields.time as string,
    family: lowerOrNull(fields.family),
    category: fields.category,
    source: fields.source,
    asn: take(fields.asn),
    hostname: lowerOrNull(fields.hostname),
    url: textOrNull(fields.url),
    protocol: lowerOrNull(fields.protocol),
    destinationIp: take(fields.destinationIp),
    destinationPort: take(fields.destinationPort),
    raw: fields.raw,
  };
}

/** A JSON value as report text (objects and arrays as JSON), for `raw`. */
export function rawText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return '(nested too deeply to keep)'; // a hostile document must not abort the import
  }
}

/** Below this depth nested members are kept as JSON text, so hostile nesting cannot exhaust the stack. */
const MAX_FLATTEN_DEPTH = 8;

/** Flattens a JSON object into `a.b.c` → text, for a record's `raw`. */
export function flattenRaw(
  value: unknown,
  prefix = '',
  out: Record<string, string> = {},
  depth = 0,
): Record<string, string> {
  if (isObject(value) && depth < MAX_FLATTEN_DEPTH) {
    for (const [key, inner] of Object.entries(value)) {
      flattenRaw(inner, prefix ? `${prefix}.${key}` : key, out, depth + 1);
    }
  } else if (prefix) {
    out[prefix] = rawText(value);
  }
  return out;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a nested member (`get(o, 'src', 'ip')`) as text or number, else undefined. */
export function member(value: unknown, ...path: string[]): string | number | undefined {
  let current: unknown = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return typeof current === 'string' || typeof current === 'number' ? current : undefined;
}

export function memberText(value: unknown, ...path: string[]): string | null {
  const found = member(value, ...path);
  return found === undefined ? null : String(found);
}

/** Our category for an IntelMQ-style classification type (PROKI states them; Shadowserver's schema too). */
export function categoryFromClassification(classification: string | null | undefined): ObservationCategory {
  switch (classification ?? '') {
    case 'infected-system':
    case 'system-compromise':
      return 'infected';
    case 'vulnerable-system':
    case 'weak-crypto':
    case 'potentially-unwanted-accessible':
      return 'vulnerable';
    case 'blocklist':
    case 'blacklist':
    case 'malware-distribution':
    case 'phishing':
      return 'blocklisted';
    case 'compromised-website':
      return 'compromised-website';
    case 'brute-force':
    case 'scanner':
    case 'ddos':
      return 'honeypot';
    default:
      return 'other';
  }
}

export interface JsonItem {
  /** 1-based line (JSON Lines) or record number (one JSON document) */
  line: number;
  value: unknown;
}

/**
 * The records of a JSON report: one document (an array of records, or a single record), or else
 * JSON Lines, where a line that does not parse is a rejection and the others still count.
 */
export function readJsonRecords(
  lines: readonly string[],
  text: string,
  unwrap: (doc: unknown) => unknown[] | null = (doc) => (Array.isArray(doc) ? (doc as unknown[]) : [doc]),
): { items: JsonItem[]; rejected: { line: number; reason: string }[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    const doc: unknown = JSON.parse(body);
    const records = unwrap(doc);
    if (records)
      return { items: records.slice(0, MAX_ROWS).map((value, i) => ({ line: i + 1, value })), rejected: [] };
  } catch {
    // not one document: read it as JSON Lines below
  }
  const items: JsonItem[] = [];
  const rejected: { line: number; reason: string }[] = [];
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || items.length + rejected.length >= MAX_ROWS) return;
    try {
      items.push({ line: i + 1, value: JSON.parse(trimmed) as unknown });
    } catch {
      rejected.push({ line: i + 1, reason: `not valid JSON: ${quoteInput(trimmed)}` });
    }
  });
  return { items, rejected };
}

const firstRecordCache = new WeakMap<readonly string[], { value: unknown }>();

/**
 * The first JSON record of a report, for detection (null when the start is not JSON). Several
 * formats ask about the same input, so the answer is remembered per input (keyed by its lines).
 */
export function firstJsonRecord(lines: readonly string[], text: string): unknown {
  const cached = firstRecordCache.get(lines);
  if (cached) return cached.value;
  const value = readFirstJsonRecord(lines, text);
  firstRecordCache.set(lines, { value });
  return value;
}

function readFirstJsonRecord(lines: readonly string[], text: string): unknown {
  const start = text.trimStart()[0];
  if (start !== '[' && start !== '{') return null;
  try {
    const doc: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    if (Array.isArray(doc)) return (doc as unknown[])[0] ?? null;
    return doc;
  } catch {
    const first = lines.find((l) => l.trim() !== '');
    try {
      return first ? (JSON.parse(first) as unknown) : null;
    } catch {
      return null;
    }
  }
}
