/**
 * Helpers shared by the line-oriented feed parsers: line cleaning, recognising what a token is,
 * mapping a feed's own words onto the ThreatType vocabulary, and turning the time stamps feeds
 * print into ISO-8601. Pure; nothing here allocates more than the values it returns.
 */
import { parseIp } from '../../../net/ip.js';
import type { FeedItem, FeedParser, FeedSink, ThreatType } from '../../model.js';
import { excerpt } from '../../model.js';
import type { FeedParserOptions, FeedSample } from '../format.js';

/** Longer lines are rejected unread: no list entry is this long, and regexes stay cheap. */
export const MAX_LINE_LENGTH = 16_384;

/** Strips a byte-order mark, a carriage return left by CRLF files, and surrounding whitespace. */
export function cleanLine(text: string): string {
  let start = 0;
  let end = text.length;
  if (end > 0 && text.charCodeAt(0) === 0xfeff) start = 1;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

export function isSpace(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13);
}

/** Rejects an over-long line; returns true when the caller must stop looking at it. */
export function rejectIfTooLong(
  text: string,
  lineNumber: number,
  sink: FeedSink,
  max = MAX_LINE_LENGTH,
): boolean {
  if (text.length <= max) return false;
  sink.reject({
    line: lineNumber,
    reason: `the line is ${text.length} characters long; lines longer than ${max} characters are not read`,
    text: excerpt(text),
  });
  return true;
}

export function reject(sink: FeedSink, lineNumber: number, reason: string, text: string): void {
  sink.reject({ line: lineNumber, reason, text: excerpt(text) });
}

/** A parser built from a per-line function and an optional end hook. */
export function lineParser(
  onLine: (text: string, lineNumber: number, sink: FeedSink) => void,
  onEnd?: (sink: FeedSink) => void,
): FeedParser {
  return {
    line(text, lineNumber, sink) {
      onLine(text, lineNumber, sink);
    },
    end(sink) {
      onEnd?.(sink);
    },
  };
}

/** Copies the optional fields that are set, so items never carry `undefined` keys. */
export function withOptional(item: FeedItem, extra: Partial<FeedItem>): FeedItem {
  for (const key of Object.keys(extra) as (keyof FeedItem)[]) {
    const value = extra[key];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0) && value !== '') {
      (item as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return item;
}

// ---------------------------------------------------------------------------------------------
// What a token is

export type TokenKind = 'ip' | 'cidr' | 'url' | 'hash' | 'domain';

export interface Indicator {
  kind: TokenKind;
  value: string;
  port?: number;
  /** a `*.example` wildcard was written: the domain with its subdomains */
  wildcard?: boolean;
}

const schemePattern = /^[a-z][a-z0-9+.-]{0,15}:\/\//i;
const hexPattern = /^[0-9a-f]+$/i;
/** Host-name characters, plus non-ASCII for internationalised names the importer converts. */
const hostPattern = /^[a-z0-9_\-.\u0080-\uffff]+$/i;

export function isUrl(token: string): boolean {
  return schemePattern.test(token);
}

export function isHash(token: string): boolean {
  const n = token.length;
  return (n === 32 || n === 40 || n === 64) && hexPattern.test(token);
}

/** Loose shape check; the importer does the strict validation and explains its refusals. */
export function isDomainLike(token: string): boolean {
  const core = token.endsWith('.') ? token.slice(0, -1) : token;
  if (core.length < 3 || core.length > 253 || !hostPattern.test(core)) return false;
  if (core.startsWith('.') || core.endsWith('.') || !core.includes('.') || core.includes('..')) return false;
  // "1.2.3.999" is a mistyped address, not a name
  return !/^[0-9.]+$/.test(core);
}

export function parsePort(text: string): number | undefined {
  if (text.length === 0 || text.length > 5) return undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 48 || ch > 57) return undefined;
  }
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** Recognises an address, a network (`a/len`), a URL, a hash or a domain, with `:port` split off. */
export function classifyToken(token: string): Indicator | null {
  if (token.length === 0 || token.length > 8192) return null;
  if (isUrl(token)) return { kind: 'url', value: token };
  if (parseIp(token)) return { kind: 'ip', value: token };
  const slash = token.indexOf('/');
  if (slash > 0) {
    const host = token.slice(0, slash);
    // `192.0.2.0/33` is a mistyped network, left for the importer to explain, not a URL
    if (/^\d+$/.test(token.slice(slash + 1)) && parseIp(host)) return { kind: 'cidr', value: token };
    // a URL written without its scheme (`example.com/path`, DansGuardian style)
    const bare = host.includes(':') && !host.startsWith('[') ? host.slice(0, host.lastIndexOf(':')) : host;
    if (isDomainLike(bare) || parseIp(bare)) return { kind: 'url', value: `http://${token}` };
    return null;
  }
  if (token.charCodeAt(0) === 91 /* [ */) {
    const close = token.indexOf(']');
    const port = token.charCodeAt(close + 1) === 58 ? parsePort(token.slice(close + 2)) : undefined;
    const host = token.slice(1, close);
    if (close > 1 && port !== undefined && parseIp(host)) return { kind: 'ip', value: host, port };
    return null;
  }
  const colon = token.lastIndexOf(':');
  if (colon > 0 && token.indexOf(':') === colon) {
    const port = parsePort(token.slice(colon + 1));
    const host = token.slice(0, colon);
    if (port === undefined) return null;
    if (parseIp(host)) return { kind: 'ip', value: host, port };
    if (isDomainLike(host)) return { kind: 'domain', value: host, port };
    return null;
  }
  if (isHash(token)) return { kind: 'hash', value: token };
  if (token.startsWith('*.')) {
    const rest = token.slice(2);
    return isDomainLike(rest) ? { kind: 'domain', value: rest, wildcard: true } : null;
  }
  if (isDomainLike(token)) return { kind: 'domain', value: token };
  return null;
}

/** IPv4 written with zero-padded octets (`010.001.002.003`), as DShield prints them. */
export function unpadIPv4(text: string): string {
  const parts = text.split('.');
  if (parts.length !== 4) return text;
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (part.length === 0 || part.length > 3 || !/^\d+$/.test(part)) return text;
    parts[i] = String(Number(part));
  }
  return parts.join('.');
}

// ---------------------------------------------------------------------------------------------
// Threat words

/**
 * Ordered: the first rule that matches wins, so specific words ("ransomware", "phishing") beat
 * general ones ("malware"). Matches whole words in lower-cased text.
 */
const threatRules: [RegExp, ThreatType][] = [
  [/ransom/, 'ransomware'],
  [/phish/, 'phishing'],
  [/\b(c2|c&c|cnc|c2c|command[ -]and[ -]control|botnet[ -]?controller)s?\b/, 'c2'],
  [/\bdga\b/, 'dga'],
  [/crypto[ _-]?min|coin[ _-]?min|\bminers?\b|\bmining\b|cryptojack|\bnocoin\b/, 'cryptomining'],
  [/\btor\b|\bonion\b|exit[ _-]?nodes?/, 'tor'],
  [/brute[ _-]?force|bruteforce|password[ _-]?auth|\blogins?\b|sshpwauth/, 'brute-force'],
  [/\bscan(ner|ners|ning)?\b|mass[ _-]scanner/, 'scanner'],
  [/\bspam/, 'spam'],
  [/\bproxy|\bproxies\b/, 'proxy'],
  [/\bddos\b|\bamplif/, 'ddos'],
  [/\bexploit/, 'exploit'],
  [/\bbogons?\b|fullbogons/, 'bogon'],
  [/\bcompromised\b/, 'compromised'],
  [
    /malware[ _-]?(distribution|download|delivery|hosting)|payload[ _-]?delivery|\bdropper/,
    'malware-distribution',
  ],
  [/\b(bots|botnet|infected)\b/, 'botnet-infected'],
  [/malware|trojan|\brat\b|stealer|backdoor|virus|\bworm\b/, 'malware'],
];

/** Maps a feed's own words ("Botnet C&C", "SSH brute force", "Ransomware list") to a threat type. */
export function threatTypeFromText(text: string): ThreatType | undefined {
  const lower = text.toLowerCase();
  for (const [pattern, threat] of threatRules) if (pattern.test(lower)) return threat;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Time stamps

function iso(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  offsetMinutes = 0,
): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return undefined;
  if (year < 1970 || year > 9999) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  // Date.UTC rolls 31 April over to 1 May; such a date is a typo, not a time
  if (new Date(local).getUTCDate() !== day) return undefined;
  return new Date(local - offsetMinutes * 60_000).toISOString();
}

const ymdPattern =
  /^(\d{4})[-/_](\d{1,2})[-/_](\d{1,2})(?:[ T_](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

/** `2016-11-12 15:02[:07]`, `2016-11-10`, `2021_05_12`, with an optional zone; no zone = UTC. */
export function isoFromYmd(text: string): string | undefined {
  const m = ymdPattern.exec(text.trim());
  if (!m) return undefined;
  return iso(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    offsetOf(m[7]),
  );
}

function offsetOf(zone: string | undefined): number {
  if (!zone || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthIndex(name: string): number {
  return months.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

const rfcPattern =
  /^(?:[a-z]{3},?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|UTC|GMT|[+-]\d{4})?$/i;
const ctimePattern =
  /^(?:[a-z]{3}\s+)?([a-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(?:(UTC|GMT|Z)\s+)?(\d{4})(?:\s+(UTC|GMT))?$/i;

/**
 * Mail/HTTP dates (`Mon, 14 Sep 2015 04:39:22 GMT`, `Mon, 17 Aug 2015 14:36:19 +0000`) and
 * ctime (`Tue Dec 15 15:33:38 2015 UTC`, `Sat Nov 12 00:15:01 UTC 2016`). No zone = UTC.
 */
export function isoFromHuman(text: string): string | undefined {
  const t = text.trim();
  let m = rfcPattern.exec(t);
  if (m) {
    const month = monthIndex(m[2]!);
    return month === 0
      ? undefined
      : iso(
          Number(m[3]),
          month,
          Number(m[1]),
          Number(m[4] ?? 0),
          Number(m[5] ?? 0),
          Number(m[6] ?? 0),
          offsetOf(m[7]),
        );
  }
  m = ctimePattern.exec(t);
  if (m) {
    const month = monthIndex(m[1]!);
    return month === 0
      ? undefined
      : iso(Number(m[7]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  }
  return isoFromYmd(t);
}

/** Unix time in seconds. */
export function isoFromEpoch(seconds: number): string | undefined {
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 253_402_300_799) return undefined;
  return new Date(Math.round(seconds * 1000)).toISOString();
}

// ---------------------------------------------------------------------------------------------
// List headers

const updatedHeader =
  /^(?:last[ -]?(?:modified|updated|update)|updated|generated(?: at| on)?|date)\s*:?\s*(.+)$/i;
const titleHeader = /^(?:title|description|name)\s*:\s*(.+)$/i;

/**
 * Reads the comment header of a generic list (text without the comment marker): the update time
 * (`Last modified: …`, in the zone it states, UTC when none) and a threat type guessed from a
 * `Title:`/`Description:` line or the first few header lines ("Ransomware Block List",
 * "Blocking Web Browser Bitcoin Mining"). The guess is used only when the source configures no
 * threat type, since a configured one is a person's decision and the guess is not.
 */
export function headerReader(options: FeedParserOptions) {
  let lastSeen: string | undefined;
  let guessed: ThreatType | undefined;
  let lines = 0;
  return {
    read(text: string): void {
      // headers are short; a long comment is prose, not worth a regular expression
      if (text.length === 0 || text.length > 512) return;
      lines++;
      const updated = updatedHeader.exec(text);
      if (updated) {
        lastSeen = isoFromHuman(updated[1]!.replace(/\s*\([^()]*\)$/, '')) ?? lastSeen;
        return;
      }
      const title = titleHeader.exec(text);
      if (title) guessed = guessed ?? threatTypeFromText(title[1]!);
      else if (lines <= 3 && !/copyright|licen[cs]e|\(c\)/i.test(text))
        guessed = guessed ?? threatTypeFromText(text);
    },
    get lastSeen(): string | undefined {
      return lastSeen;
    },
    threatType(): ThreatType | undefined {
      return options.defaultThreatType ?? guessed;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Detection helpers

/** The last path segment of a file name or URL, lower-cased, without query or fragment. */
export function baseName(name: string | undefined): string {
  if (!name) return '';
  let text = name;
  const cut = text.search(/[?#]/);
  if (cut >= 0) text = text.slice(0, cut);
  const slash = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\'));
  return text.slice(slash + 1).toLowerCase();
}

/** Non-blank sample lines, cleaned, at most `limit` of them. */
export function sampleLines(sample: FeedSample, limit = 200): string[] {
  const out: string[] = [];
  for (const raw of sample.lines) {
    if (out.length >= limit) break;
    if (raw.length > MAX_LINE_LENGTH) continue;
    const line = cleanLine(raw);
    if (line.length > 0) out.push(line);
  }
  return out;
}

/**
 * True when any of the first `limit` sample lines matches. Over-long lines are skipped so a
 * hostile sample cannot make a detector's regular expression crawl.
 */
export function anyLine(sample: FeedSample, pattern: RegExp, limit = 60, maxLength = 4096): boolean {
  let seen = 0;
  for (const raw of sample.lines) {
    if (seen++ >= limit) break;
    if (raw.length <= maxLength && pattern.test(raw)) return true;
  }
  return false;
}

/** Share of the non-comment lines for which `test` holds (0 when there are none). */
export function shareOfDataLines(
  sample: FeedSample,
  isComment: (line: string) => boolean,
  test: (line: string) => boolean,
): number {
  let data = 0;
  let hits = 0;
  for (const line of sampleLines(sample)) {
    if (isComment(line)) continue;
    data++;
    if (test(line)) hits++;
  }
  return data === 0 ? 0 : hits / data;
}
