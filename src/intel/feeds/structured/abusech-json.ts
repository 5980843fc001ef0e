/**
 * abuse.ch JSON exports: Feodo Tracker's `ipblocklist.json` and ThreatFox (API `get_iocs` answers,
 * the `export/json` dumps keyed by IOC id, and NDJSON lines of API records). Both write UTC times,
 * Feodo without a zone, ThreatFox with a literal ` UTC` suffix.
 */
import type { FeedItem, FeedSink, IndicatorType } from '../../model.js';
import { excerpt } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions, FeedSample } from '../format.js';
import {
  asPresent,
  asText,
  isRecord,
  jsonExcerpt,
  parseConfidence,
  parsePort,
  sampleName,
  sampleText,
  splitHostPort,
  splitTags,
  toIsoUtc,
  withDefaults,
} from './common.js';
import type { JsonOrigin } from './json-input.js';
import { createJsonInput, recordLine } from './json-input.js';
import { addressType, hashType, threatTypeFromWord } from './vocabulary.js';

// --- Feodo Tracker JSON --------------------------------------------------------------------------

function feodoRecord(record: unknown, line: number, sink: FeedSink, options: FeedParserOptions): void {
  if (!isRecord(record)) {
    sink.reject({ line, reason: 'record is not a JSON object', text: jsonExcerpt(record) });
    return;
  }
  const value = asText(record.ip_address);
  if (value === undefined) {
    sink.reject({ line, reason: 'record has no ip_address', text: jsonExcerpt(record) });
    return;
  }
  const item: FeedItem = { line, value, threatType: 'c2' };
  const type = addressType(value);
  if (type !== undefined) item.type = type;
  const family = asPresent(record.malware);
  if (family !== undefined) item.family = family;
  const port = parsePort(record.port);
  if (port !== undefined) item.port = port;
  const firstSeen = toIsoUtc(record.first_seen);
  if (firstSeen !== undefined) item.firstSeen = firstSeen;
  const lastSeen = toIsoUtc(record.last_online);
  if (lastSeen !== undefined) item.lastSeen = lastSeen;
  const hostname = asPresent(record.hostname);
  const as = asPresent(record.as_name);
  const parts = [hostname, as === undefined ? undefined : `AS${asText(record.as_number) ?? '?'} ${as}`];
  const description = parts.filter((p) => p !== undefined).join(', ');
  if (description !== '') item.description = description;
  sink.item(withDefaults(item, options));
}

function handleFeodo(value: unknown, origin: JsonOrigin, sink: FeedSink, options: FeedParserOptions): void {
  const records = Array.isArray(value) ? value : [value];
  records.forEach((r, i) => feodoRecord(r, recordLine(origin, i, records.length), sink, options));
}

function detectFeodoJson(sample: FeedSample): number {
  const text = sampleText(sample);
  if (/"ip_address"\s*:/.test(text) && /"last_online"\s*:/.test(text) && /"malware"\s*:/.test(text))
    return 0.95;
  return sampleName(sample) === 'ipblocklist.json' ? 0.5 : 0;
}

export const feodoJsonFormat: FeedFormatDefinition = {
  id: 'feodo-json',
  title: 'abuse.ch Feodo Tracker botnet C2 IP blocklist (JSON)',
  create: (options) =>
    createJsonInput({ jsonLines: true, handle: (v, origin, sink) => handleFeodo(v, origin, sink, options) }),
  detect: detectFeodoJson,
};

// --- ThreatFox -----------------------------------------------------------------------------------

const threatfoxTypes: Readonly<Record<string, IndicatorType | 'ip:port' | undefined>> = {
  'ip:port': 'ip:port',
  domain: 'domain',
  url: 'url',
  md5_hash: 'md5',
  sha1_hash: 'sha1',
  sha256_hash: 'sha256',
};

function threatfoxRecord(record: unknown, line: number, sink: FeedSink, options: FeedParserOptions): void {
  if (!isRecord(record)) {
    sink.reject({ line, reason: 'record is not a JSON object', text: jsonExcerpt(record) });
    return;
  }
  const ioc = asText(record.ioc) ?? asText(record.ioc_value);
  if (ioc === undefined) {
    sink.reject({ line, reason: 'record has no ioc / ioc_value', text: jsonExcerpt(record) });
    return;
  }
  const iocType = asText(record.ioc_type)?.toLowerCase();
  const known = iocType === undefined ? undefined : threatfoxTypes[iocType];
  if (iocType !== undefined && known === undefined) {
    sink.reject({
      line,
      reason: `ThreatFox ioc_type "${excerpt(iocType, 40)}" is not supported (ip:port, domain, url, md5_hash, sha1_hash, sha256_hash)`,
      text: jsonExcerpt(record),
    });
    return;
  }
  let value = ioc;
  let port: number | undefined;
  let type: IndicatorType | undefined;
  if (known === 'ip:port') {
    const split = splitHostPort(ioc, true);
    value = split.host;
    port = split.port;
    type = addressType(value);
  } else if (known === 'md5' || known === 'sha1' || known === 'sha256') {
    type = hashType(ioc) === known ? known : undefined;
  } else {
    type = known;
  }
  const item: FeedItem = { line, value };
  if (type !== undefined) item.type = type;
  if (port !== undefined) item.port = port;
  const threat = asText(record.threat_type);
  // `payload` marks a hash of the malware itself rather than a host delivering it.
  const threatType = threat?.toLowerCase() === 'payload' ? 'malware' : threatTypeFromWord(threat);
  if (threatType !== undefined) item.threatType = threatType;
  const family = asPresent(record.malware_printable);
  if (family !== undefined && family.toLowerCase() !== 'unknown malware') item.family = family;
  const confidence = parseConfidence(record.confidence_level);
  if (confidence !== undefined) item.confidence = confidence;
  const firstSeen = toIsoUtc(record.first_seen) ?? toIsoUtc(record.first_seen_utc);
  if (firstSeen !== undefined) item.firstSeen = firstSeen;
  const lastSeen = toIsoUtc(record.last_seen) ?? toIsoUtc(record.last_seen_utc);
  if (lastSeen !== undefined) item.lastSeen = lastSeen;
  const tags = splitTags(record.tags);
  if (tags !== undefined) item.tags = tags;
  const reference = asPresent(record.reference);
  if (reference !== undefined) item.description = `reference: ${excerpt(reference, 300)}`;
  sink.item(withDefaults(item, options));
}

/** The records of any ThreatFox shape: one record, an array, `{"data":[…]}` or `{"<id>":[…]}`. */
function threatfoxRecords(value: unknown): unknown[] | string {
  if (Array.isArray(value)) return value as unknown[];
  if (!isRecord(value)) return [value];
  if ('ioc' in value || 'ioc_value' in value) return [value];
  if ('data' in value) {
    if (Array.isArray(value.data)) return value.data as unknown[];
    const status = asText(value.query_status) ?? 'unknown';
    return `ThreatFox answer has no data array (query_status: ${excerpt(status, 60)}; data: ${jsonExcerpt(value.data)})`;
  }
  // The export maps each IOC id to an array of records; anything else is one (broken) record.
  const groups = Object.values(value);
  if (groups.length === 0 || !groups.every((g) => Array.isArray(g))) return [value];
  const out: unknown[] = [];
  for (const entries of groups as unknown[][]) for (const e of entries) out.push(e);
  return out;
}

function handleThreatfox(
  value: unknown,
  origin: JsonOrigin,
  sink: FeedSink,
  options: FeedParserOptions,
): void {
  const records = threatfoxRecords(value);
  if (typeof records === 'string') {
    sink.reject({ line: origin.line ?? 1, reason: records, text: jsonExcerpt(value) });
    return;
  }
  records.forEach((r, i) => threatfoxRecord(r, recordLine(origin, i, records.length), sink, options));
}

function detectThreatfox(sample: FeedSample): number {
  const text = sampleText(sample);
  const iocType = /"ioc_type"\s*:/.test(text);
  if (iocType && /"threat_type"\s*:/.test(text) && /"(ioc|ioc_value)"\s*:/.test(text)) return 0.95;
  if (iocType && /"malware_printable"\s*:/.test(text)) return 0.9;
  return /threatfox/.test(sampleName(sample)) && sampleName(sample).endsWith('json') ? 0.5 : 0;
}

export const threatfoxJsonFormat: FeedFormatDefinition = {
  id: 'threatfox-json',
  title: 'abuse.ch ThreatFox IOCs (API JSON, JSON export or NDJSON)',
  create: (options) =>
    createJsonInput({
      jsonLines: true,
      handle: (v, origin, sink) => handleThreatfox(v, origin, sink, options),
    }),
  detect: detectThreatfox,
};
