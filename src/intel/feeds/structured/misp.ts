/**
 * `misp-event`: MISP event JSON — `{"Event":{…}}`, a bare event, a list, a `{"response":…}` search
 * answer or a single attribute (the feed manifest is in `misp-manifest.ts`). MISP timestamps are Unix epoch seconds (UTC); `first_seen`/`last_seen`
 * are ISO-8601 with an offset in current MISP and epoch seconds in some older exports.
 */
import type { FeedItem, FeedSink, IndicatorType, ThreatType } from '../../model.js';
import { excerpt } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions, FeedSample } from '../format.js';
import {
  asArray,
  asText,
  cleanTags,
  epochToIso,
  isRecord,
  jsonExcerpt,
  parsePort,
  sampleText,
  shortText,
  toIsoUtc,
  withDefaults,
} from './common.js';
import { createJsonInput } from './json-input.js';
import { addressType, foldWord, hashType, threatTypeFromWord } from './vocabulary.js';

type Record_ = Record<string, unknown>;

/** Galaxy clusters whose values name malware families. */
const familyGalaxies = new Set([
  'malpedia',
  'mitre-malware',
  'mitre-enterprise-attack-malware',
  'malware',
  'ransomware',
  'botnet',
  'rat',
  'stealer',
  'banker',
  'android',
  'backdoor',
  'exploit-kit',
]);

const galaxyTag = /^misp-galaxy:([a-z0-9-]+)="(.+)"$/i;
const machineTag = /^([^:]+):([^=]+?)(?:="(.*)")?$/;

/** `Emotet - S0367` (MITRE software id suffix) → `Emotet`. */
function familyFromGalaxy(value: string): string {
  return value.replace(/\s+-\s+S\d{4}$/, '').trim();
}

function tagNames(holder: Record_): string[] {
  const names: string[] = [];
  for (const tag of asArray(holder.Tag)) {
    const name = isRecord(tag) ? asText(tag.name) : asText(tag);
    if (name !== undefined) names.push(name);
  }
  return names;
}

/** Family named by galaxy tags or by embedded `Galaxy` clusters. */
function familyOf(holder: Record_, tags: readonly string[]): string | undefined {
  for (const tag of tags) {
    const m = galaxyTag.exec(tag);
    if (m !== null && familyGalaxies.has(m[1]!.toLowerCase())) return familyFromGalaxy(m[2]!);
  }
  for (const galaxy of asArray(holder.Galaxy)) {
    if (!isRecord(galaxy) || !familyGalaxies.has(asText(galaxy.type)?.toLowerCase() ?? '')) continue;
    for (const cluster of asArray(galaxy.GalaxyCluster)) {
      const value = isRecord(cluster) ? asText(cluster.value) : undefined;
      if (value !== undefined) return familyFromGalaxy(value);
    }
  }
  return undefined;
}

/**
 * ThreatType from machine tags (`ecsirt:malicious-code="ransomware"`, `kill-chain:Command and
 * Control`). The generic `malware` loses to anything more specific a later tag says.
 */
function threatTypeOfTags(tags: readonly string[]): ThreatType | undefined {
  let generic: ThreatType | undefined;
  for (const tag of tags) {
    if (galaxyTag.test(tag) || /^tlp:/i.test(tag)) continue;
    const m = machineTag.exec(tag);
    const words = m === null ? [tag] : [m[3] ?? m[2]!, m[2]!];
    for (const word of words) {
      const type = threatTypeFromWord(word) ?? (foldWord(word) === 'ransom' ? 'ransomware' : undefined);
      if (type === undefined) continue;
      if (type !== 'malware' && type !== 'blocklist') return type;
      generic ??= type;
    }
  }
  return generic;
}

interface Candidate {
  value: string;
  type?: IndicatorType;
  port?: number;
}

/** What an attribute contributes: values, `skip` for context we do not import, or a rejection reason. */
function attributeValues(type: string, value: string): Candidate[] | { skip: true } | { reason: string } {
  const [left = '', right = ''] = value.split('|', 2);
  switch (type) {
    case 'ip-dst':
    case 'ip-src':
      return [withType(value, addressType(value))];
    case 'ip-dst|port':
    case 'ip-src|port':
    case 'hostname|port': {
      const port = parsePort(right);
      const host =
        type === 'hostname|port'
          ? withType(left, addressType(left) ?? 'domain')
          : withType(left, addressType(left));
      return [port === undefined ? host : { ...host, port }];
    }
    case 'domain':
    case 'hostname':
      return [withType(value, 'domain')];
    case 'domain|ip':
      return [withType(left, 'domain'), withType(right, addressType(right))].filter((c) => c.value !== '');
    case 'url':
      return [withType(value, 'url')];
    case 'md5':
    case 'sha1':
    case 'sha256':
      return [withType(value, hashType(value) === type ? type : undefined)];
    case 'filename|md5':
    case 'filename|sha1':
    case 'filename|sha256':
    case 'malware-sample': {
      const algorithm = type === 'malware-sample' ? 'md5' : type.slice('filename|'.length);
      if (right === '') return { reason: `"${type}" attribute has no hash after "|"` };
      return [withType(right, hashType(right) === algorithm ? hashType(right) : undefined)];
    }
    case 'as':
      return [withType(value, 'asn')];
    default:
      return { skip: true };
  }
}

function withType(value: string, type: IndicatorType | undefined): Candidate {
  const v = value.trim();
  return type === undefined ? { value: v } : { value: v, type };
}

interface Pending {
  item: FeedItem;
  toIds: boolean;
}

/** Emits one event's indicators; `next` numbers attributes across the whole document. */
function handleEvent(event: Record_, next: () => number, sink: FeedSink, options: FeedParserOptions): void {
  const eventTags = tagNames(event);
  const eventFamily = familyOf(event, eventTags);
  const eventThreat = threatTypeOfTags(eventTags);
  const info = shortText(event.info, 300);
  const eventTime = epochToIso(event.timestamp);
  const pending: Pending[] = [];
  const skippedTypes = new Set<string>();
  let payloadFamily: string | undefined;
  let firstLine: number | undefined;

  const visit = (attribute: unknown): void => {
    const line = next();
    firstLine ??= line;
    if (!isRecord(attribute)) {
      sink.reject({ line, reason: 'MISP attribute is not a JSON object', text: jsonExcerpt(attribute) });
      return;
    }
    if (attribute.deleted === true || attribute.deleted === '1') return;
    const type = asText(attribute.type)?.toLowerCase() ?? '';
    const raw = asText(attribute.value);
    if (raw === undefined) {
      sink.reject({
        line,
        reason: `MISP attribute of type "${excerpt(type, 40)}" has no value`,
        text: jsonExcerpt(attribute),
      });
      return;
    }
    if ((type === 'text' || type === 'malware-type') && asText(attribute.category) === 'Payload type') {
      payloadFamily ??= raw;
    }
    const values = attributeValues(type, raw);
    if ('skip' in values) {
      skippedTypes.add(type);
      return;
    }
    if ('reason' in values) {
      sink.reject({ line, reason: values.reason, text: jsonExcerpt(attribute) });
      return;
    }
    const attrTags = tagNames(attribute);
    const tags = cleanTags([...eventTags, ...attrTags]);
    const family = familyOf(attribute, attrTags);
    const category = asText(attribute.category) ?? '';
    const threatType = threatTypeOfTags(attrTags) ?? eventThreat ?? categoryThreat(category, values[0]?.type);
    const firstSeen =
      toIsoUtc(attribute.first_seen) ??
      epochToIso(attribute.first_seen) ??
      epochToIso(attribute.timestamp) ??
      eventTime;
    const lastSeen = toIsoUtc(attribute.last_seen) ?? epochToIso(attribute.last_seen);
    const comment = shortText(attribute.comment, 200);
    const description = [info, comment].filter((s) => s !== undefined).join(' — ');
    const toIds = attribute.to_ids === true || attribute.to_ids === '1' || attribute.to_ids === 1;
    for (const c of values) {
      const item: FeedItem = { line, value: c.value };
      if (c.type !== undefined) item.type = c.type;
      if (c.port !== undefined) item.port = c.port;
      if (threatType !== undefined) item.threatType = threatType;
      if (family !== undefined) item.family = family;
      if (firstSeen !== undefined) item.firstSeen = firstSeen;
      if (lastSeen !== undefined) item.lastSeen = lastSeen;
      if (tags !== undefined) item.tags = [...tags];
      if (description !== '') item.description = description;
      pending.push({ item, toIds });
    }
  };

  for (const attribute of asArray(event.Attribute)) visit(attribute);
  for (const object of asArray(event.Object)) {
    if (isRecord(object)) for (const attribute of asArray(object.Attribute)) visit(attribute);
  }

  // to_ids=false marks context (a resolved IP, a filename) the author did not want blocked; it is
  // used only when the event offers nothing flagged for detection.
  const flagged = pending.some((p) => p.toIds);
  const family = eventFamily ?? payloadFamily;
  let emitted = 0;
  for (const p of pending) {
    if (flagged && !p.toIds) continue;
    if (p.item.family === undefined && family !== undefined) p.item.family = family;
    sink.item(withDefaults(p.item, options));
    emitted++;
  }
  if (emitted === 0) {
    const found = skippedTypes.size > 0 ? [...skippedTypes].join(', ') : 'none';
    sink.reject({
      line: firstLine ?? next(),
      reason: `MISP event "${excerpt(info ?? asText(event.uuid) ?? '?', 80)}" has no network or file-hash attribute to import (attribute types: ${excerpt(found, 120)})`,
      text: jsonExcerpt({ uuid: event.uuid, info: event.info }),
    });
  }
}

/** Hosts in "Payload delivery" serve malware; hashes there are the malware itself. */
function categoryThreat(category: string, type: IndicatorType | undefined): ThreatType | undefined {
  if (category !== 'Payload delivery' && category !== 'Payload installation') return undefined;
  return type === 'md5' || type === 'sha1' || type === 'sha256' ? 'malware' : 'malware-distribution';
}

/** Events in any accepted shape; a lone attribute or attribute list becomes an event of its own. */
function eventsOf(value: unknown): Record_[] | string {
  const unwrap = (v: unknown): Record_[] => {
    if (Array.isArray(v)) return v.flatMap(unwrap);
    if (!isRecord(v)) return [];
    if (isRecord(v.Event)) return [v.Event];
    if ('response' in v) return unwrap(v.response);
    if (Array.isArray(v.Attribute) || Array.isArray(v.Object)) return [v];
    if ('type' in v && 'value' in v) return [{ Attribute: [v] }];
    return [];
  };
  const events = unwrap(value);
  return events.length > 0
    ? events
    : 'no MISP event or attribute found (expected {"Event":{…}}, a list of events or {"response":…})';
}

function handle(value: unknown, sink: FeedSink, options: FeedParserOptions): void {
  const events = eventsOf(value);
  if (typeof events === 'string') {
    sink.reject({ line: 1, reason: events, text: jsonExcerpt(value) });
    return;
  }
  let counter = 0;
  const next = (): number => ++counter;
  for (const event of events) handleEvent(event, next, sink, options);
}

function detectEvent(sample: FeedSample): number {
  const text = sampleText(sample);
  if (/"Event"\s*:\s*\{/.test(text)) return 0.95;
  if (/"response"\s*:/.test(text) && /"Attribute"\s*:/.test(text)) return 0.9;
  if (/"Attribute"\s*:\s*\[/.test(text) && /"to_ids"\s*:/.test(text)) return 0.85;
  if (/"to_ids"\s*:/.test(text) && /"category"\s*:/.test(text) && /"value"\s*:/.test(text)) return 0.7;
  return 0;
}

export const mispEventFormat: FeedFormatDefinition = {
  id: 'misp-event',
  title: 'MISP event JSON (event, event list, search response or attributes)',
  create: (options) =>
    createJsonInput({ jsonLines: false, handle: (v, _origin, sink) => handle(v, sink, options) }),
  detect: detectEvent,
};
