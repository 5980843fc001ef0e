/**
 * Small helpers shared by the structured (CSV/JSON) feed formats: reading loosely typed JSON
 * values, timestamps to ISO-8601 UTC, ports, tags, and applying the configured defaults. Pure.
 */
import type { FeedItem } from '../../model.js';
import { excerpt } from '../../model.js';
import type { FeedParserOptions, FeedSample } from '../format.js';
import { isIp } from '../../../net/ip.js';

/** Drops the carriage return of CRLF files and a byte-order mark, which readers may leave in place. */
export function cleanLine(text: string): string {
  let s = text;
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  if (s.charCodeAt(s.length - 1) === 13) s = s.slice(0, -1);
  return s;
}

/** The sample's first lines joined, capped so detection stays cheap on a minified one-line document. */
export function sampleText(sample: FeedSample, max = 65_536): string {
  let out = '';
  for (const line of sample.lines) {
    if (out.length >= max) break;
    out += line.length > max ? line.slice(0, max) : line;
    out += '\n';
  }
  return out;
}

/** Lower-case base name of the sample's file name or URL path ('' when unknown). */
export function sampleName(sample: FeedSample): string {
  const name = sample.name ?? '';
  const path = name.split(/[?#]/, 1)[0] ?? '';
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(slash + 1).toLowerCase();
}

/** First non-blank, non-`#` line of a sample, cleaned. */
export function firstDataLine(sample: FeedSample): string | undefined {
  for (const raw of sample.lines) {
    const line = cleanLine(raw).trim();
    if (line !== '' && !line.startsWith('#')) return line;
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A trimmed non-empty string from a string or finite number; anything else is undefined. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const t = value.trim();
    return t === '' ? undefined : t;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Like {@link asText} but also treats the placeholders exporters write for "no value" as absent. */
export function asPresent(value: unknown): string | undefined {
  const t = asText(value);
  if (t === undefined) return undefined;
  const lower = t.toLowerCase();
  return lower === 'none' || lower === 'null' || lower === 'n/a' || lower === '-' ? undefined : t;
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A TCP/UDP port 1–65535, or undefined. */
export function parsePort(value: unknown): number | undefined {
  const n = asNumber(value);
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= 65_535 ? n : undefined;
}

/** 0–100, or undefined when the value is missing or out of range. */
export function parseConfidence(value: unknown): number | undefined {
  const n = asNumber(value);
  return n !== undefined && n >= 0 && n <= 100 ? n : undefined;
}

/**
 * Splits `1.2.3.4:80`, `host.example:8080`, `[2001:db8::1]:443` and ThreatFox's unbracketed
 * `2001:db8::5:40669`. An unbracketed IPv6 address is ambiguous (`2001:db8::5:443` is itself a valid
 * address), so a trailing number is only split off it when the caller knows a port follows.
 */
export function splitHostPort(text: string, portExpected = false): { host: string; port?: number } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close > 0) {
      const host = text.slice(1, close);
      const port = text.charCodeAt(close + 1) === 58 ? parsePort(text.slice(close + 2)) : undefined;
      return port === undefined ? { host } : { host, port };
    }
  }
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return { host: text };
  const tail = text.slice(colon + 1);
  const port = /^\d{1,5}$/.test(tail) ? parsePort(tail) : undefined;
  if (port === undefined) return { host: text };
  const host = text.slice(0, colon);
  if (host.includes(':') && (!portExpected || !isIp(host))) return { host: text };
  return { host, port };
}

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * ISO-8601 UTC (`2024-04-04T07:03:03Z`) from the date/time spellings feeds use: `2024-04-04 07:03:03`,
 * `… UTC`, `…+0000`, `…T…Z`, a bare date (midnight). A timestamp without a zone is taken as UTC —
 * every feed handled here documents UTC; callers say so for their feed. Unparseable → undefined.
 */
export function toIsoUtc(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = isoPattern.exec(value.trim());
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Math.min(Number(m[6]), 59);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  let time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  const zone = m[8];
  if (zone !== undefined && /^[+-]/.test(zone)) {
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    if (offset > 18 * 60) return undefined;
    time -= (zone.startsWith('-') ? -offset : offset) * 60_000;
  }
  return formatIso(time);
}

/** ISO-8601 UTC from Unix epoch seconds (number or digit string, as MISP writes them). */
export function epochToIso(value: unknown): string | undefined {
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return undefined;
  // Values this large are milliseconds; seconds would put them after the year 5000.
  const time = n >= 1e11 ? n : n * 1000;
  return time > 253_402_300_799_000 ? undefined : formatIso(Math.round(time));
}

function formatIso(time: number): string | undefined {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** Trimmed, de-duplicated, non-empty tags; undefined when there are none. */
export function cleanTags(values: Iterable<unknown>): string[] | undefined {
  const out: string[] = [];
  for (const v of values) {
    const t = asPresent(v);
    if (t !== undefined && !out.includes(t)) out.push(t);
  }
  return out.length === 0 ? undefined : out;
}

/** Tags from a delimited cell (`a,b;c`) or a JSON array. */
export function splitTags(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return cleanTags(value);
  const text = asText(value);
  return text === undefined ? undefined : cleanTags(text.split(/[,;|]/));
}

/** Caps free text copied from a feed (descriptions can be whole reports). */
export function shortText(value: unknown, max = 500): string | undefined {
  const t = asText(value);
  if (t === undefined) return undefined;
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** A JSON record for a rejection, truncated; never throws on cyclic or huge values. */
export function jsonExcerpt(value: unknown): string {
  try {
    return excerpt(JSON.stringify(value) ?? String(value));
  } catch {
    return '[record could not be serialised]';
  }
}

/** Applies the configured defaults to an item whose record said nothing about them. */
export function withDefaults(item: FeedItem, options: FeedParserOptions): FeedItem {
  if (item.threatType === undefined && options.defaultThreatType !== undefined) {
    item.threatType = options.defaultThreatType;
  }
  if (item.family === undefined && options.defaultFamily !== undefined) item.family = options.defaultFamily;
  return item;
}

/** True when a text contains any of the needles (case-insensitive). */
export function containsAny(text: string, needles: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return needles.some((n) => lower.includes(n));
}
