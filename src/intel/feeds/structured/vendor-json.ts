/**
 * Smaller vendor JSON feeds collected by IntelMQ deployments: Blueliv Crimeserver, ESET Threat
 * Intelligence (ETI) JSON feeds and the StrangerealIntel DailyIOC lists published on GitHub.
 */
import type { FeedItem, FeedSink, IndicatorType, ThreatType } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions, FeedSample } from '../format.js';
import {
  asPresent,
  asText,
  containsAny,
  isRecord,
  jsonExcerpt,
  sampleName,
  sampleText,
  shortText,
  toIsoUtc,
  withDefaults,
} from './common.js';
import type { JsonOrigin } from './json-input.js';
import { createJsonInput, recordLine } from './json-input.js';
import { addressType, hashType } from './vocabulary.js';

type RecordHandler = (record: Record<string, unknown>, line: number, sink: FeedSink) => void;

/** Runs `handler` on each object of an array (or under one of `keys`), rejecting non-objects. */
function eachRecord(
  value: unknown,
  origin: JsonOrigin,
  sink: FeedSink,
  keys: readonly string[],
  handler: RecordHandler,
): void {
  let records: unknown = value;
  if (isRecord(value)) {
    const key = keys.find((k) => Array.isArray(value[k]));
    records = key === undefined ? [value] : value[key];
  }
  const list = Array.isArray(records) ? records : [records];
  list.forEach((record, i) => {
    const line = recordLine(origin, i, list.length);
    if (isRecord(record)) handler(record, line, sink);
    else sink.reject({ line, reason: 'record is not a JSON object', text: jsonExcerpt(record) });
  });
}

/** Type of a value whose feed does not say: hash by length, address by shape, URL by scheme. */
function shapeType(value: string): IndicatorType | undefined {
  return (
    hashType(value) ?? addressType(value) ?? (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? 'url' : undefined)
  );
}

// --- Blueliv Crimeserver -------------------------------------------------------------------------

const bluelivTypes: Readonly<Record<string, ThreatType>> = {
  MALWARE: 'malware-distribution',
  C_AND_C: 'c2',
  BACKDOOR: 'c2',
  EXPLOIT_KIT: 'exploit',
  PHISHING: 'phishing',
  TOR_IP: 'tor',
};

/**
 * Blueliv times carry `+0000`. The record's `ip` is where the URL was hosted when seen (often a
 * shared web host), so only the URL is imported; a bare address in `url` (Tor nodes) is used as is.
 * Blueliv's `confidence` has no published scale, so it is not mapped to our 0–100.
 */
function blueliv(options: FeedParserOptions): RecordHandler {
  return (record, line, sink) => {
    const value = asText(record.url) ?? asText(record.ip);
    if (value === undefined) {
      sink.reject({ line, reason: 'Blueliv record has no url or ip', text: jsonExcerpt(record) });
      return;
    }
    const item: FeedItem = { line, value };
    const type = shapeType(value);
    if (type !== undefined) item.type = type;
    const kind = asText(record.type)?.toUpperCase();
    const threatType = kind === undefined ? undefined : bluelivTypes[kind];
    if (threatType !== undefined) item.threatType = threatType;
    const firstSeen = toIsoUtc(record.firstSeenAt);
    if (firstSeen !== undefined) item.firstSeen = firstSeen;
    const lastSeen = toIsoUtc(record.lastSeenAt) ?? toIsoUtc(record.updatedAt);
    if (lastSeen !== undefined) item.lastSeen = lastSeen;
    if (kind !== undefined) item.tags = [kind.toLowerCase()];
    sink.item(withDefaults(item, options));
  };
}

export const bluelivFormat: FeedFormatDefinition = {
  id: 'blueliv',
  title: 'Blueliv Crimeserver (JSON)',
  create: (options) =>
    createJsonInput({
      jsonLines: true,
      handle: (v, origin, sink) =>
        eachRecord(v, origin, sink, ['crimeServers', 'crimeservers', 'data'], blueliv(options)),
    }),
  detect(sample: FeedSample) {
    const text = sampleText(sample);
    if (
      /"(firstSeenAt|lastSeenAt|updatedAt)"\s*:/.test(text) &&
      /"type"\s*:\s*"(MALWARE|C_AND_C|BACKDOOR|EXPLOIT_KIT|PHISHING|TOR_IP)"/.test(text)
    ) {
      return 0.95;
    }
    if (/"crimeServers"\s*:/.test(text)) return 0.9;
    return /blueliv|crimeserver/.test(sampleName(sample)) ? 0.3 : 0;
  },
};

// --- ESET ETI ------------------------------------------------------------------------------------

/** ESET states confidence in three words; these are our placements of them on 0–100. */
const esetConfidence: Readonly<Record<string, number>> = { low: 30, medium: 60, high: 90 };

function esetThreat(reason: string | undefined): ThreatType {
  if (reason === undefined) return 'malware';
  if (containsAny(reason, ['c&c', 'command and control', 'botnet'])) return 'c2';
  if (containsAny(reason, ['phishing'])) return 'phishing';
  if (containsAny(reason, ['distribut', 'download', 'hosts malware', 'serves']))
    return 'malware-distribution';
  if (containsAny(reason, ['scam', 'fraud'])) return 'other';
  return 'malware';
}

/**
 * ETI domain, URL, IP and file feeds (`ei.domains v2 (json)` …). Times are written `… UTC`. The
 * `ip` of a domain record is its resolution (or a placeholder such as `@ipv4_NXDOMAIN`), so it is
 * only imported when the record names nothing else.
 */
function eset(options: FeedParserOptions): RecordHandler {
  return (record, line, sink) => {
    const ip = asPresent(record.ip);
    const candidates: { value: string; type?: IndicatorType }[] = [];
    const url = asPresent(record.url);
    const domain = asPresent(record.domain);
    if (url !== undefined) candidates.push({ value: url, type: 'url' });
    else if (domain !== undefined) candidates.push({ value: domain, type: 'domain' });
    else if (ip !== undefined && !ip.startsWith('@')) {
      const type = addressType(ip);
      candidates.push(type === undefined ? { value: ip } : { value: ip, type });
    } else {
      for (const algorithm of ['sha256', 'sha1', 'md5'] as const) {
        const hash = asPresent(record[algorithm]);
        if (hash !== undefined) candidates.push({ value: hash, type: algorithm });
      }
    }
    if (candidates.length === 0) {
      sink.reject({
        line,
        reason: 'ESET record has no url, domain, IP address or file hash',
        text: jsonExcerpt(record),
      });
      return;
    }
    const reason = shortText(record.reason, 300);
    const confidence = esetConfidence[asText(record.confidence)?.toLowerCase() ?? ''];
    const firstSeen = toIsoUtc(record.first_seen);
    const lastSeen = toIsoUtc(record.last_seen);
    const expiresAt = toIsoUtc(record.valid_to);
    for (const c of candidates) {
      const item: FeedItem = { line, value: c.value, threatType: esetThreat(reason) };
      if (c.type !== undefined) item.type = c.type;
      if (confidence !== undefined) item.confidence = confidence;
      if (firstSeen !== undefined) item.firstSeen = firstSeen;
      if (lastSeen !== undefined) item.lastSeen = lastSeen;
      if (expiresAt !== undefined) item.expiresAt = expiresAt;
      if (reason !== undefined) item.description = reason;
      sink.item(withDefaults(item, options));
    }
  };
}

export const esetFormat: FeedFormatDefinition = {
  id: 'eset',
  title: 'ESET Threat Intelligence feeds (JSON)',
  create: (options) =>
    createJsonInput({
      jsonLines: true,
      handle: (v, origin, sink) => eachRecord(v, origin, sink, ['data'], eset(options)),
    }),
  detect(sample: FeedSample) {
    const text = sampleText(sample);
    if (/"valid_to"\s*:/.test(text) && /"reason"\s*:/.test(text) && /"state"\s*:/.test(text)) return 0.95;
    return /eset/.test(sampleName(sample)) ? 0.3 : 0;
  },
};

// --- StrangerealIntel DailyIOC -------------------------------------------------------------------

/** `[{"Indicator": "…", "Description": "…"}]`: type is inferred from the value; a "C2" note marks C2. */
function githubIoc(options: FeedParserOptions): RecordHandler {
  return (record, line, sink) => {
    const value = asText(record.Indicator) ?? asText(record.indicator);
    if (value === undefined) {
      sink.reject({ line, reason: 'record has no "Indicator" value', text: jsonExcerpt(record) });
      return;
    }
    const note = shortText(record.Description ?? record.description, 300);
    const item: FeedItem = { line, value };
    const type = shapeType(value);
    if (type !== undefined) item.type = type;
    item.threatType = note !== undefined && /\b(c2|c&c|cnc)\b/i.test(note) ? 'c2' : 'malware';
    if (note !== undefined) item.description = note;
    sink.item(withDefaults(item, options));
  };
}

export const githubIocFormat: FeedFormatDefinition = {
  id: 'github-ioc',
  title: 'StrangerealIntel DailyIOC JSON (GitHub)',
  create: (options) =>
    createJsonInput({
      jsonLines: false,
      handle: (v, origin, sink) => eachRecord(v, origin, sink, [], githubIoc(options)),
    }),
  detect(sample: FeedSample) {
    const text = sampleText(sample);
    const shaped = /"Indicator"\s*:/.test(text) && /"Description"\s*:/.test(text);
    if (shaped) return 0.8;
    return /^ioc_.*\.json$/.test(sampleName(sample)) ? 0.3 : 0;
  },
};
