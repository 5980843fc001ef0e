/**
 * `otx`: AlienVault OTX pulses as JSON — an array of pulses (what IntelMQ's collector stores), an
 * API page `{"results":[…]}`, a single pulse, one pulse per line, or a bare list of indicators. OTX
 * times carry no zone and are UTC (`2015-09-02T09:21:53.093`).
 */
import type { FeedItem, FeedSink, IndicatorType } from '../../model.js';
import { excerpt } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions, FeedSample } from '../format.js';
import {
  asArray,
  asText,
  cleanTags,
  isRecord,
  jsonExcerpt,
  sampleName,
  sampleText,
  shortText,
  toIsoUtc,
  withDefaults,
} from './common.js';
import type { JsonOrigin } from './json-input.js';
import { createJsonInput } from './json-input.js';
import { addressType, firstThreatType, hashType, threatTypeFromWord } from './vocabulary.js';

type Pulse = Record<string, unknown>;

/** OTX indicator type → ours; `address` and `uri` need the value to decide. */
const otxTypes: Readonly<Record<string, IndicatorType | 'address' | 'uri'>> = {
  ipv4: 'address',
  ipv6: 'address',
  cidr: 'address',
  domain: 'domain',
  hostname: 'domain',
  url: 'url',
  uri: 'uri',
  'filehash-md5': 'md5',
  'filehash-sha1': 'sha1',
  'filehash-sha256': 'sha256',
};

interface PulseContext {
  family?: string;
  tags?: string[];
  pulseThreat?: ReturnType<typeof threatTypeFromWord>;
  name?: string;
}

function pulseContext(pulse: Pulse | undefined): PulseContext {
  if (pulse === undefined) return {};
  const families = asArray(pulse.malware_families).flatMap((f) => {
    const name = isRecord(f) ? (asText(f.display_name) ?? asText(f.name) ?? asText(f.id)) : asText(f);
    return name === undefined ? [] : [name];
  });
  const rawTags = asArray(pulse.tags).flatMap((t) => (typeof t === 'string' ? [t] : []));
  const tlp = asText(pulse.TLP) ?? asText(pulse.tlp);
  const context: PulseContext = {};
  const tags = cleanTags([...rawTags, tlp === undefined ? undefined : `tlp:${tlp.toLowerCase()}`]);
  if (tags !== undefined) context.tags = tags;
  if (families[0] !== undefined) context.family = families[0];
  const threat = firstThreatType(rawTags);
  if (threat !== undefined) context.pulseThreat = threat;
  const name = shortText(pulse.name, 200);
  if (name !== undefined) context.name = name;
  return context;
}

function indicator(
  record: unknown,
  line: number,
  context: PulseContext,
  sink: FeedSink,
  options: FeedParserOptions,
): void {
  if (!isRecord(record)) {
    sink.reject({ line, reason: 'OTX indicator is not a JSON object', text: jsonExcerpt(record) });
    return;
  }
  const value = asText(record.indicator);
  if (value === undefined) {
    sink.reject({ line, reason: 'OTX indicator has no "indicator" value', text: jsonExcerpt(record) });
    return;
  }
  const otxType = asText(record.type) ?? '';
  const kind = otxTypes[otxType.toLowerCase()];
  if (kind === undefined) {
    sink.reject({
      line,
      reason: `OTX indicator type "${excerpt(otxType, 40)}" is not supported (IPv4, IPv6, CIDR, domain, hostname, URL, URI, FileHash-MD5/SHA1/SHA256)`,
      text: jsonExcerpt(record),
    });
    return;
  }
  if (record.is_active === 0 || record.is_active === false) {
    sink.reject({
      line,
      reason: 'OTX marks this indicator inactive (expired or whitelisted)',
      text: jsonExcerpt(record),
    });
    return;
  }
  let type: IndicatorType | undefined;
  if (kind === 'address') type = addressType(value);
  else if (kind === 'uri') {
    // OTX "URI" is either a full URL or just a path ("/woolen/"), which names no host to match.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      sink.reject({
        line,
        reason: 'OTX URI indicator is a path without a host; it cannot be matched',
        text: jsonExcerpt(record),
      });
      return;
    }
    type = 'url';
  } else if (kind === 'md5' || kind === 'sha1' || kind === 'sha256')
    type = hashType(value) === kind ? kind : undefined;
  else type = kind;
  const item: FeedItem = { line, value };
  if (type !== undefined) item.type = type;
  const threatType = threatTypeFromWord(asText(record.role)) ?? context.pulseThreat;
  if (threatType !== undefined) item.threatType = threatType;
  if (context.family !== undefined) item.family = context.family;
  const firstSeen = toIsoUtc(record.created);
  if (firstSeen !== undefined) item.firstSeen = firstSeen;
  const expiresAt = toIsoUtc(record.expiration);
  if (expiresAt !== undefined) item.expiresAt = expiresAt;
  if (context.tags !== undefined) item.tags = [...context.tags];
  const own = shortText(record.title, 200) ?? shortText(record.description, 300);
  const description = own ?? (context.name === undefined ? undefined : `OTX pulse: ${context.name}`);
  if (description !== undefined) item.description = description;
  sink.item(withDefaults(item, options));
}

function handle(value: unknown, origin: JsonOrigin, sink: FeedSink, options: FeedParserOptions): void {
  const top = isRecord(value) && Array.isArray(value.results) ? value.results : value;
  const entries = Array.isArray(top) ? top : [top];
  // In JSON Lines mode every indicator of a line's pulse carries that line; otherwise indicators are
  // numbered through the document.
  const single = origin.line !== undefined && entries.length === 1;
  let counter = 0;
  for (const entry of entries) {
    if (isRecord(entry) && Array.isArray(entry.indicators)) {
      const context = pulseContext(entry);
      for (const record of entry.indicators)
        indicator(record, single ? origin.line! : ++counter, context, sink, options);
    } else if (isRecord(entry) && 'indicator' in entry) {
      indicator(entry, single ? origin.line! : ++counter, {}, sink, options);
    } else {
      sink.reject({
        line: single ? origin.line! : ++counter,
        reason: 'not an OTX pulse (no "indicators" list) or indicator',
        text: jsonExcerpt(entry),
      });
    }
  }
}

function detect(sample: FeedSample): number {
  const text = sampleText(sample);
  const indicators = /"indicators"\s*:\s*\[/.test(text);
  if (indicators && /"(author_name|pulse_key|adversary|TLP)"\s*:/.test(text)) return 0.95;
  if (/"type"\s*:\s*"(FileHash-(MD5|SHA1|SHA256)|IPv4|hostname)"/.test(text) && /"indicator"\s*:/.test(text))
    return 0.9;
  if (indicators) return 0.5;
  return /otx|alienvault/.test(sampleName(sample)) ? 0.3 : 0;
}

export const otxFormat: FeedFormatDefinition = {
  id: 'otx',
  title: 'AlienVault OTX pulses (JSON)',
  create: (options) =>
    createJsonInput({ jsonLines: true, handle: (v, origin, sink) => handle(v, origin, sink, options) }),
  detect,
};
