/**
 * Spamhaus "Don't Route Or Peer" lists. The text editions (DROP, EDROP, DROPv6 and the older
 * ASN-DROP text) are `network ; SBLnnnn` or `ASnnn ; CC | AS name` lines under `;` header
 * comments whose `Last-Modified` / `Expires` (HTTP dates, GMT) become `lastSeen` / `expiresAt`.
 * The JSON-lines editions (`drop_v4.json`, `drop_v6.json`, `asndrop.json`) hold one record per
 * line and a closing `{"type":"metadata","timestamp":…}` line; since that time stamp comes last,
 * records are held back (at most {@link MAX_HELD} of them) and emitted once it is known.
 *
 * Both ids accept both editions, so a mislabelled source still imports; they differ only in how
 * they are detected and described. Every entry gets threat type `blocklist`.
 */
import type { FeedItem, FeedSink } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions, FeedSample } from '../format.js';
import {
  anyLine,
  baseName,
  cleanLine,
  isoFromEpoch,
  isoFromHuman,
  lineParser,
  reject,
  rejectIfTooLong,
  withOptional,
} from './common.js';

const MAX_HELD = 200_000;
const sblPattern = /\bSBL\d+\b/i;

interface DropRecord {
  asn?: unknown;
  cidr?: unknown;
  sblid?: unknown;
  rir?: unknown;
  domain?: unknown;
  cc?: unknown;
  asname?: unknown;
  type?: unknown;
  timestamp?: unknown;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function createSpamhausParser(options: FeedParserOptions) {
  let lastSeen: string | undefined;
  let expiresAt: string | undefined;
  let held: FeedItem[] = [];
  const family = options.defaultFamily;

  function emit(sink: FeedSink, item: FeedItem): void {
    sink.item(withOptional(item, { threatType: 'blocklist', family, lastSeen, expiresAt }));
  }

  function jsonLine(line: string, lineNumber: number, sink: FeedSink): void {
    let record: DropRecord;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      record = parsed;
    } catch {
      reject(sink, lineNumber, 'the line starts with "{" but is not a JSON object', line);
      return;
    }
    if (record.type === 'metadata') {
      if (typeof record.timestamp === 'number') lastSeen = isoFromEpoch(record.timestamp) ?? lastSeen;
      for (const item of held) emit(sink, item);
      held = [];
      return;
    }
    let item: FeedItem;
    if (typeof record.asn === 'number' || (typeof record.asn === 'string' && /^\d+$/.test(record.asn))) {
      item = { line: lineNumber, value: `AS${String(record.asn)}`, type: 'asn' };
      const where = [text(record.domain), text(record.cc), text(record.rir)].filter(Boolean).join(', ');
      const name = text(record.asname);
      withOptional(item, { description: name ? (where ? `${name} (${where})` : name) : where });
    } else if (typeof record.cidr === 'string' && record.cidr.trim() !== '') {
      item = { line: lineNumber, value: record.cidr.trim() };
      const sbl = text(record.sblid);
      withOptional(item, {
        tags: sbl ? [sbl] : undefined,
        description: text(record.rir) ? `RIR ${text(record.rir)!}` : undefined,
      });
    } else {
      reject(sink, lineNumber, 'the JSON record has neither "asn" nor "cidr"', line);
      return;
    }
    if (held.length < MAX_HELD) held.push(item);
    else emit(sink, item);
  }

  function header(comment: string): void {
    const m = /^(last-modified|expires)\s*:\s*(.+)$/i.exec(comment);
    if (!m) return;
    const when = isoFromHuman(m[2]!);
    if (m[1]!.toLowerCase() === 'expires') expiresAt = when ?? expiresAt;
    else lastSeen = when ?? lastSeen;
  }

  return lineParser(
    (raw, lineNumber, sink) => {
      if (rejectIfTooLong(raw, lineNumber, sink)) return;
      const line = cleanLine(raw);
      if (line.length === 0) return;
      if (line.startsWith(';') || line.startsWith('#')) {
        header(line.slice(1).trim());
        return;
      }
      if (line.startsWith('{')) {
        jsonLine(line, lineNumber, sink);
        return;
      }
      const semi = line.indexOf(';');
      const value = (semi < 0 ? line : line.slice(0, semi)).trim();
      const note = semi < 0 ? '' : line.slice(semi + 1).trim();
      if (value === '' || /\s/.test(value)) {
        reject(sink, lineNumber, 'expected "network ; SBL id" or "ASn ; country | name"', line);
        return;
      }
      const asn = /^AS(\d{1,10})$/i.exec(value);
      if (asn) {
        // "AS260 ; AE | XCONNECT24 - Xconnect24 Inc., US"
        const bar = note.indexOf('|');
        const cc = (bar < 0 ? '' : note.slice(0, bar)).trim();
        const name = (bar < 0 ? note : note.slice(bar + 1)).trim();
        const item: FeedItem = { line: lineNumber, value: `AS${asn[1]!}`, type: 'asn' };
        emit(sink, withOptional(item, { description: cc && name ? `${name} (${cc})` : name || cc }));
        return;
      }
      if (!value.includes('/') && !/^[0-9a-f:.]+$/i.test(value)) {
        reject(sink, lineNumber, `"${value.slice(0, 60)}" is neither a network nor an AS number`, line);
        return;
      }
      const sbl = sblPattern.exec(note)?.[0]?.toUpperCase();
      const item: FeedItem = { line: lineNumber, value };
      emit(sink, withOptional(item, { tags: sbl ? [sbl] : undefined, description: sbl ? undefined : note }));
    },
    (sink) => {
      // a JSON file cut short before its metadata line: keep what was read
      for (const item of held) emit(sink, item);
      held = [];
    },
  );
}

function hasSpamhausHeader(sample: FeedSample): boolean {
  return (
    anyLine(sample, /^\s*;\s*Spamhaus\s+(E?DROP|DROPv6|ASN-?DROP)/i, 10) ||
    anyLine(sample, /spamhaus\.org\/drop\//i, 10)
  );
}

export const spamhausDropFormat: FeedFormatDefinition = {
  id: 'spamhaus-drop',
  title: 'Spamhaus DROP / EDROP / DROPv6 (network ; SBL id)',
  create: createSpamhausParser,
  detect(sample) {
    const name = baseName(sample.name);
    if (hasSpamhausHeader(sample) && !/asn/.test(name))
      return anyLine(sample, /^\s*AS\d+\s*;/i, 20) ? 0.9 : 1;
    if (anyLine(sample, /^\s*\{.*"sblid"\s*:/, 5)) return 0.95;
    if (/^(e?drop(v6|_v[46]|_ipv6)?)\.(txt|json)$/.test(name)) return 0.7;
    return anyLine(sample, /^\s*[0-9a-f:.]+\/\d+\s*;\s*SBL\d+/i, 20) ? 0.8 : 0;
  },
};

export const spamhausAsnDropFormat: FeedFormatDefinition = {
  id: 'spamhaus-asn-drop',
  title: 'Spamhaus ASN-DROP (JSON lines, or the older "ASn ; CC | name" text)',
  create: createSpamhausParser,
  detect(sample) {
    if (anyLine(sample, /^\s*\{.*"asn"\s*:\s*"?\d+.*"asname"\s*:/, 5)) return 1;
    if (
      anyLine(sample, /^\s*AS\d+\s*;/i, 20) &&
      (hasSpamhausHeader(sample) || anyLine(sample, /^\s*AS\d+\s*;\s*[A-Z]{0,2}\s*\|/, 20))
    )
      return 0.95;
    return /asn-?_?drop\.(json|txt)$/.test(baseName(sample.name)) ? 0.7 : 0;
  },
};
