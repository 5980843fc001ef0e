/**
 * The syslog envelope around a device's own message, and the small time helpers every log parser
 * needs. Pure, allocation-light scanning (no regular expressions).
 *
 * Envelopes recognised (the PRI `<n>` is optional except for RFC 5424):
 * - RFC 3164 / BSD, as sent on the wire and as rsyslog writes files:
 *   `<PRI>Mmm dd hh:mm:ss[.frac] [host] tag[pid]: msg` — the day may be space-padded (`Jan  5`),
 *   the host may be missing (pfSense, some appliances), a year may follow the day (`Mmm dd yyyy`).
 * - The same with an RFC 3339 timestamp (rsyslog's RFC3339 templates, ForwardFormat):
 *   `[<PRI>]2024-05-01T10:00:00.123+07:00 host tag: msg`.
 * - RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD [BOM]MSG`, nil fields `-`, structured
 *   data skipped with its escapes (`\]`, `\"`, `\\`), the UTF-8 BOM before MSG dropped.
 *
 * Time zones: RFC 3339 / 5424 timestamps carry their own offset (none → context offset). BSD
 * timestamps have neither year nor zone: they are read as local time at `context.utcOffsetMinutes`
 * in `context.year`, except that a line which would then lie more than one day after
 * `context.now` (when the caller knows the reading time) is put in the previous year — a December
 * line read in January.
 */
import type { ParseContext } from '../model.js';

/** ParseContext plus, optionally, when the log is being read (ms since the epoch). */
export type SyslogContext = ParseContext & { now?: number };

export interface SyslogEnvelope {
  /** the device's message, BOM removed */
  message: string;
  /** ISO-8601 UTC */
  time?: string;
  host?: string;
  program?: string;
  /** where `message` starts in the line */
  offset: number;
}

const DAY_MS = 86_400_000;

/** Reads the envelope of a syslog line; null when the line has none. Never throws. */
export function stripSyslog(line: string, context: SyslogContext): SyslogEnvelope | null {
  const len = line.length;
  let i = 0;
  let hasPri = false;
  if (len > 2 && line.charCodeAt(0) === 60 /* < */) {
    let j = 1;
    while (j < len && j < 5 && isDigit(line.charCodeAt(j))) j++;
    if (j === 1 || j >= len || line.charCodeAt(j) !== 62 /* > */) return null;
    i = j + 1;
    hasPri = true;
  }
  if (hasPri && i + 2 < len && isDigit(line.charCodeAt(i))) {
    // `<PRI>1 ` is RFC 5424; `<PRI>2024-…` is an RFC 3339 timestamp.
    let j = i;
    while (j < len && j - i < 3 && isDigit(line.charCodeAt(j))) j++;
    if (j < len && line.charCodeAt(j) === 32) return rfc5424(line, j + 1, context);
  }
  if (i < len && isDigit(line.charCodeAt(i))) {
    const ts = readIsoTimestamp(line, i, context.utcOffsetMinutes);
    if (ts === null) return null;
    return afterTimestamp(line, ts.end, ts.iso);
  }
  const bsd = readBsdTimestamp(line, i, context);
  if (bsd === null) return null;
  return afterTimestamp(line, bsd.end, bsd.iso);
}

/** Host and tag after the timestamp (RFC 3164 and the RFC 3339 variant). */
function afterTimestamp(line: string, start: number, time: string | undefined): SyslogEnvelope | null {
  const len = line.length;
  let i = start;
  if (i >= len) return null;
  if (line.charCodeAt(i) !== 32) return null;
  while (i < len && line.charCodeAt(i) === 32) i++;
  const env: SyslogEnvelope = { message: '', offset: i };
  if (time !== undefined) env.time = time;
  // A tag right after the timestamp means the host was left out.
  let tag = readTag(line, i);
  if (tag === null) {
    const hostEnd = indexOfSpace(line, i);
    if (hostEnd < 0) return null;
    env.host = line.slice(i, hostEnd);
    i = hostEnd;
    while (i < len && line.charCodeAt(i) === 32) i++;
    tag = readTag(line, i);
  }
  if (tag !== null) {
    env.program = line.slice(i, tag.nameEnd);
    i = tag.end;
    while (i < len && line.charCodeAt(i) === 32) i++;
  }
  return finish(line, i, env);
}

function finish(line: string, i: number, env: SyslogEnvelope): SyslogEnvelope {
  if (i < line.length && line.charCodeAt(i) === 0xfeff) i++;
  env.offset = i;
  env.message = line.slice(i);
  return env;
}

/**
 * `name[pid]:` or `name:` (name: letters, digits, `-_./@`), followed by a space or the end.
 * Returns where the name ends and where the tag ends (after the colon).
 */
function readTag(line: string, start: number): { nameEnd: number; end: number } | null {
  const len = line.length;
  let i = start;
  while (i < len && i - start < 64) {
    const c = line.charCodeAt(i);
    if (isAlnum(c) || c === 45 || c === 95 || c === 46 || c === 47 || c === 64) i++;
    else break;
  }
  if (i === start || i >= len) return null;
  const nameEnd = i;
  if (line.charCodeAt(i) === 91 /* [ */) {
    const close = line.indexOf(']', i + 1);
    if (close < 0 || close - i > 32) return null;
    i = close + 1;
  }
  if (i >= len || line.charCodeAt(i) !== 58 /* : */) return null;
  i++;
  if (i < len && line.charCodeAt(i) !== 32) return null;
  return { nameEnd, end: i };
}

function rfc5424(line: string, start: number, context: SyslogContext): SyslogEnvelope | null {
  const len = line.length;
  let i = start;
  // TIMESTAMP
  let time: string | undefined;
  if (line.charCodeAt(i) === 45 /* - */) i++;
  else {
    const ts = readIsoTimestamp(line, i, context.utcOffsetMinutes);
    if (ts === null) return null;
    time = ts.iso;
    i = ts.end;
  }
  const fields: string[] = [];
  for (let f = 0; f < 4; f++) {
    if (i >= len || line.charCodeAt(i) !== 32) return null;
    i++;
    const end = indexOfSpace(line, i);
    const stop = end < 0 ? len : end;
    if (stop === i) return null;
    fields.push(line.slice(i, stop));
    i = stop;
  }
  if (i >= len || line.charCodeAt(i) !== 32) return null;
  i++;
  // STRUCTURED-DATA: `-` or one or more `[…]` elements.
  if (i < len && line.charCodeAt(i) === 45) i++;
  else {
    if (i >= len || line.charCodeAt(i) !== 91) return null;
    while (i < len && line.charCodeAt(i) === 91) {
      const end = skipSdElement(line, i);
      if (end < 0) return null;
      i = end;
    }
  }
  if (i < len) {
    if (line.charCodeAt(i) !== 32) return null;
    i++;
  }
  const env: SyslogEnvelope = { message: '', offset: i };
  if (time !== undefined) env.time = time;
  const host = fields[0];
  const app = fields[1];
  if (host !== undefined && host !== '-') env.host = host;
  if (app !== undefined && app !== '-') env.program = app;
  return finish(line, i, env);
}

/** Index after the `]` closing the element opened at `start`, or -1. */
function skipSdElement(line: string, start: number): number {
  const len = line.length;
  let inQuotes = false;
  for (let i = start + 1; i < len; i++) {
    const c = line.charCodeAt(i);
    if (inQuotes) {
      if (c === 92 /* \ */) i++;
      else if (c === 34) inQuotes = false;
    } else if (c === 34) inQuotes = true;
    else if (c === 93 /* ] */) return i + 1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Time helpers shared by the log parsers

const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec';

/** 1–12 for the English month abbreviation at `line[i, i+3)` (any case), 0 otherwise. */
export function monthAt(line: string, i: number): number {
  if (i + 3 > line.length) return 0;
  const a = line.charCodeAt(i) | 0x20;
  const b = line.charCodeAt(i + 1) | 0x20;
  const c = line.charCodeAt(i + 2) | 0x20;
  for (let m = 0; m < 12; m++) {
    const k = m * 3;
    if (MONTHS.charCodeAt(k) === a && MONTHS.charCodeAt(k + 1) === b && MONTHS.charCodeAt(k + 2) === c)
      return m + 1;
  }
  return 0;
}

/** Milliseconds since the epoch of a civil UTC time, or NaN when a field is out of range. */
export function civilToMs(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms = 0,
): number {
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60 || ms > 999)
    return NaN;
  if (d > daysInMonth(y, mo)) return NaN;
  // days from civil (proleptic Gregorian), after H. Hinnant's public-domain algorithm
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (mo + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return days * DAY_MS + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** `YYYY-MM-DDTHH:MM:SS.sssZ` for a time in ms since the epoch (undefined when not finite). */
export function isoFromMs(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < 0 || ms > 253402300799999) return undefined;
  return new Date(ms).toISOString();
}

/** ISO UTC text of a local civil time at `offsetMinutes` east of UTC. */
export function localToIso(
  offsetMinutes: number,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms = 0,
): string | undefined {
  return isoFromMs(civilToMs(y, mo, d, h, mi, s, ms) - offsetMinutes * 60_000);
}

/** Reads `n` decimal digits at `i`; -1 when any is not a digit. */
export function digitsAt(line: string, i: number, n: number): number {
  if (i + n > line.length) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = line.charCodeAt(i + k);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** Reads `.fff…` at `i` as milliseconds; returns the value and where the digits end. */
export function fractionAt(line: string, i: number): { ms: number; end: number } {
  if (i >= line.length || (line.charCodeAt(i) !== 46 && line.charCodeAt(i) !== 44)) return { ms: 0, end: i };
  let j = i + 1;
  let ms = 0;
  let n = 0;
  while (j < line.length && isDigit(line.charCodeAt(j))) {
    if (n < 3) ms = ms * 10 + (line.charCodeAt(j) - 48);
    n++;
    j++;
  }
  if (n === 0) return { ms: 0, end: i };
  while (n < 3) {
    ms *= 10;
    n++;
  }
  return { ms, end: j };
}

/**
 * RFC 3339 timestamp at `i` (`T` or a space between date and time, optional fraction, `Z` or
 * `±hh:mm` / `±hhmm`; without a zone the time is local at `offsetMinutes`).
 */
export function readIsoTimestamp(
  line: string,
  i: number,
  offsetMinutes: number,
): { iso: string | undefined; end: number } | null {
  const y = digitsAt(line, i, 4);
  if (y < 0 || line.charCodeAt(i + 4) !== 45) return null;
  const mo = digitsAt(line, i + 5, 2);
  if (mo < 0 || line.charCodeAt(i + 7) !== 45) return null;
  const d = digitsAt(line, i + 8, 2);
  const sep = line.charCodeAt(i + 10);
  if (d < 0 || (sep !== 84 && sep !== 116 && sep !== 32)) return null;
  const h = digitsAt(line, i + 11, 2);
  const mi = digitsAt(line, i + 14, 2);
  const s = digitsAt(line, i + 17, 2);
  if (h < 0 || mi < 0 || s < 0 || line.charCodeAt(i + 13) !== 58 || line.charCodeAt(i + 16) !== 58)
    return null;
  if (Number.isNaN(civilToMs(y, mo, d, h, mi, s))) return null;
  const frac = fractionAt(line, i + 19);
  let j = frac.end;
  let offset = offsetMinutes;
  const z = line.charCodeAt(j);
  if (z === 90 || z === 122) {
    offset = 0;
    j++;
  } else if (z === 43 || z === 45) {
    const oh = digitsAt(line, j + 1, 2);
    if (oh < 0) return null;
    let om: number;
    if (line.charCodeAt(j + 3) === 58) {
      om = digitsAt(line, j + 4, 2);
      if (om < 0) return null;
      j += 6;
    } else {
      om = digitsAt(line, j + 3, 2);
      if (om < 0) return null;
      j += 5;
    }
    offset = (z === 45 ? -1 : 1) * (oh * 60 + om);
  }
  return { iso: localToIso(offset, y, mo, d, h, mi, s, frac.ms), end: j };
}

/** `Mmm dd[ yyyy] hh:mm:ss[.frac]` at `i`, local time with the year rule described above. */
export function readBsdTimestamp(
  line: string,
  i: number,
  context: SyslogContext,
): { iso: string | undefined; end: number } | null {
  const mo = monthAt(line, i);
  if (mo === 0 || line.charCodeAt(i + 3) !== 32) return null;
  let j = i + 4;
  if (line.charCodeAt(j) === 32) j++; // `Jan  5`
  let d = digitsAt(line, j, 2);
  if (d >= 0) j += 2;
  else {
    d = digitsAt(line, j, 1);
    if (d < 0) return null;
    j += 1;
  }
  if (line.charCodeAt(j) !== 32) return null;
  j++;
  let year = -1;
  const maybeYear = digitsAt(line, j, 4);
  if (maybeYear >= 0 && line.charCodeAt(j + 4) === 32) {
    year = maybeYear;
    j += 5;
  }
  const h = digitsAt(line, j, 2);
  const mi = digitsAt(line, j + 3, 2);
  const s = digitsAt(line, j + 6, 2);
  if (h < 0 || mi < 0 || s < 0 || line.charCodeAt(j + 2) !== 58 || line.charCodeAt(j + 5) !== 58) return null;
  if (d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const frac = fractionAt(line, j + 8);
  const offsetMs = context.utcOffsetMinutes * 60_000;
  let ms = civilToMs(year >= 0 ? year : context.year, mo, d, h, mi, s, frac.ms) - offsetMs;
  if (year < 0 && context.now !== undefined && ms - context.now > DAY_MS) {
    ms = civilToMs(context.year - 1, mo, d, h, mi, s, frac.ms) - offsetMs;
  }
  return { iso: isoFromMs(ms), end: frac.end };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function indexOfSpace(line: string, from: number): number {
  return line.indexOf(' ', from);
}
