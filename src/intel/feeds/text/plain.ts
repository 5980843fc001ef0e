/**
 * Plain lists: one address, network, domain, URL or hash per line, as published by blocklist.de,
 * CI Army, Emerging Threats, OpenPhish, VXVault, abuse.ch mirrors and many more. Comments start
 * with `#`, `;`, `//` or `!`, a value may carry a trailing comment (`1.2.3.4 # seen …`,
 * `1.2.3.0/24 ; SBL123`), and a `value,rest…` line (Bambenek style) yields its first field.
 *
 * Header comments are read for two things only: the list's update time (used as `lastSeen`, in
 * the zone the header states, UTC when it states none) and, when the source has no configured
 * threat type, a title such as "Ransomware Block List" to guess one from.
 */
import type { FeedItem, FeedSink, ThreatType } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions, FeedSample } from '../format.js';
import {
  classifyToken,
  cleanLine,
  headerReader,
  lineParser,
  reject,
  rejectIfTooLong,
  shareOfDataLines,
  withOptional,
} from './common.js';

export interface PlainConfig {
  /** the feed's own threat type; wins over the source's default */
  threatType?: ThreatType;
  family?: string;
  tags?: string[];
  /** skip lines that are not indicators without reporting them (feeds that wrap lists in prose) */
  skipProse?: boolean;
}

export function isPlainComment(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 35 /* # */ || c === 59 /* ; */ || c === 33 /* ! */ || (c === 47 && line.charCodeAt(1) === 47);
}

/** Text of a comment line without its marker(s). */
export function commentText(line: string): string {
  let i = 0;
  while (i < line.length && (line[i] === '#' || line[i] === ';' || line[i] === '!' || line[i] === '/')) i++;
  return line.slice(i).trim();
}

/** Splits `value # comment` / `value ; comment` / `value<TAB>column…`; null when the rest is prose. */
function splitValue(line: string): { token: string; note: string } | null {
  const comma = line.indexOf(',');
  let ws = -1;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (ch === 32 || ch === 9) {
      ws = i;
      break;
    }
  }
  if (comma > 0 && (ws < 0 || comma < ws) && !line.slice(0, comma).includes('://')) {
    const first = line.slice(0, comma).trim();
    if (classifyToken(first)) {
      const rest = line.slice(comma + 1);
      const next = rest.indexOf(',');
      return { token: first, note: (next < 0 ? rest : rest.slice(0, next)).trim() };
    }
  }
  if (ws < 0) return cutInlineComment(line);
  const token = line.slice(0, ws);
  const rest = line.slice(ws).trim();
  if (rest.length === 0) return { token, note: '' };
  if (isPlainComment(rest)) return { token, note: commentText(rest) };
  if (line.charCodeAt(ws) === 9) return { token, note: rest.replace(/\t+/g, ' ') };
  return null;
}

/** `1.2.3.4#note` written without a space; URLs keep their `#fragment`. */
function cutInlineComment(token: string): { token: string; note: string } {
  if (token.includes('://')) return { token, note: '' };
  const cut = token.search(/[#;]/);
  return cut > 0 ? { token: token.slice(0, cut), note: token.slice(cut + 1).trim() } : { token, note: '' };
}

/** Builds a plain-list parser; feed-specific formats reuse it with a fixed threat type. */
export function createPlainParser(options: FeedParserOptions, config: PlainConfig = {}) {
  const header = headerReader(options);
  let seenItem = false;
  const threatType = config.threatType;
  const family = config.family ?? options.defaultFamily;

  return lineParser((raw: string, lineNumber: number, sink: FeedSink) => {
    if (rejectIfTooLong(raw, lineNumber, sink)) return;
    const line = cleanLine(raw);
    if (line.length === 0) return;
    if (isPlainComment(line)) {
      if (!seenItem) header.read(commentText(line));
      return;
    }
    const split = splitValue(line);
    const found = split ? classifyToken(split.token) : null;
    if (!split || !found) {
      if (config.skipProse) return;
      const reason = split
        ? `"${split.token.slice(0, 60)}" is not an IP address, network, domain, URL or hash`
        : 'the line has text after the value that is not a comment (start comments with # or ;)';
      reject(sink, lineNumber, reason, line);
      return;
    }
    seenItem = true;
    const item: FeedItem = { line: lineNumber, value: found.value };
    sink.item(
      withOptional(item, {
        port: found.port,
        threatType: threatType ?? header.threatType(),
        family,
        tags: config.tags,
        description: split.note,
        lastSeen: header.lastSeen,
      }),
    );
  });
}

/** Share of data lines that are one indicator, optionally with a comment. */
export function plainShare(sample: FeedSample): number {
  return shareOfDataLines(sample, isPlainComment, (line) => {
    const split = splitValue(line);
    return split !== null && classifyToken(split.token) !== null;
  });
}

export const plainFormat: FeedFormatDefinition = {
  id: 'plain',
  title: 'Plain list: one IP, network, domain, URL or hash per line',
  create: (options) => createPlainParser(options),
  detect(sample) {
    const share = plainShare(sample);
    return share >= 0.9 ? 0.3 : share >= 0.5 ? 0.2 : share > 0 ? 0.1 : 0;
  },
};
