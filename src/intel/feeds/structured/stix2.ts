/**
 * `stix2`: STIX 2.x JSON — a bundle, a TAXII envelope (`{"objects":[…]}`), an array of objects or a
 * single indicator. Every `indicator` with a STIX pattern yields one item per matchable value; the
 * family comes from `malware` objects the indicator `indicates`. STIX timestamps are RFC 3339 UTC.
 */
import type { FeedItem, FeedSink, ThreatType } from '../../model.js';
import { excerpt } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions, FeedSample } from '../format.js';
import {
  asArray,
  asText,
  cleanTags,
  isRecord,
  jsonExcerpt,
  parseConfidence,
  sampleName,
  sampleText,
  shortText,
  toIsoUtc,
  withDefaults,
} from './common.js';
import { createJsonInput } from './json-input.js';
import { parseStixPattern } from './stix2-pattern.js';
import { firstThreatType } from './vocabulary.js';

/** The objects of any accepted shape, flattening bundles nested in arrays. */
function stixObjects(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) {
      if (isRecord(v) && Array.isArray(v.objects)) for (const o of v.objects) out.push(o);
      else out.push(v);
    }
    return out;
  }
  if (isRecord(value)) return Array.isArray(value.objects) ? value.objects : [value];
  return [];
}

interface Context {
  /** malware names by indicator id, from `indicates` relationships */
  families: Map<string, string[]>;
}

function buildContext(objects: readonly unknown[]): Context {
  const malware = new Map<string, string>();
  for (const o of objects) {
    if (!isRecord(o) || o.type !== 'malware') continue;
    const id = asText(o.id);
    const name = asText(o.name) ?? asText(asArray(o.aliases)[0]);
    if (id !== undefined && name !== undefined) malware.set(id, name);
  }
  const families = new Map<string, string[]>();
  for (const o of objects) {
    if (!isRecord(o) || o.type !== 'relationship' || o.relationship_type !== 'indicates') continue;
    const source = asText(o.source_ref);
    const name = malware.get(asText(o.target_ref) ?? '');
    if (source === undefined || name === undefined) continue;
    const list = families.get(source) ?? [];
    if (!list.includes(name)) list.push(name);
    families.set(source, list);
  }
  return { families };
}

function indicator(
  object: Record<string, unknown>,
  line: number,
  sink: FeedSink,
  context: Context,
  options: FeedParserOptions,
): void {
  const text = jsonExcerpt(object);
  if (object.revoked === true) {
    sink.reject({ line, reason: 'indicator is revoked', text });
    return;
  }
  const patternType = asText(object.pattern_type)?.toLowerCase();
  if (patternType !== undefined && patternType !== 'stix') {
    sink.reject({
      line,
      reason: `pattern_type "${excerpt(patternType, 40)}" is not supported (only stix patterns)`,
      text,
    });
    return;
  }
  const pattern = asText(object.pattern);
  if (pattern === undefined) {
    sink.reject({ line, reason: 'indicator has no pattern', text });
    return;
  }
  const words = [...asArray(object.indicator_types), ...asArray(object.labels)].flatMap((w) =>
    typeof w === 'string' ? [w] : [],
  );
  if (words.some((w) => w.toLowerCase() === 'benign')) {
    sink.reject({ line, reason: 'indicator is labelled benign; it is not a threat to import', text });
    return;
  }
  const parsed = parseStixPattern(pattern);
  if (parsed.error !== undefined) {
    sink.reject({ line, reason: `pattern could not be parsed: ${parsed.error}`, text: excerpt(pattern) });
    return;
  }
  if (parsed.values.length === 0) {
    const found = parsed.unsupported.length > 0 ? parsed.unsupported.join(', ') : 'no comparisons';
    sink.reject({
      line,
      reason: `pattern has no address, domain, URL or file-hash comparison we can match (found: ${excerpt(found, 200)})`,
      text: excerpt(pattern),
    });
    return;
  }
  if (parsed.unsupported.length > 0) {
    sink.reject({
      line,
      reason: `ignored unsupported comparison(s) ${excerpt(parsed.unsupported.join(', '), 200)}; the pattern's other values were imported`,
      text: excerpt(pattern),
    });
  }
  const id = asText(object.id) ?? '';
  const families = context.families.get(id) ?? [];
  const specific = firstThreatType(words.filter((w) => w.toLowerCase() !== 'malicious-activity'));
  const threatType: ThreatType | undefined =
    specific ??
    (families.length > 0 || words.some((w) => w.toLowerCase() === 'malicious-activity')
      ? 'malware'
      : undefined);
  const tags = cleanTags([...words, ...families.slice(1)]);
  const firstSeen = toIsoUtc(object.valid_from);
  const expiresAt = toIsoUtc(object.valid_until);
  const confidence = parseConfidence(object.confidence);
  const name = shortText(object.name, 200);
  const about = shortText(object.description, 400);
  const notes = [[name, about].filter((s) => s !== undefined).join(': ')];
  if (parsed.conjunction && parsed.values.length > 1) {
    const all = parsed.values.map((v) => v.value).join(', ');
    notes.push(`STIX pattern requires all of: ${excerpt(all, 300)}; each value is listed on its own`);
  }
  // Matching a value alone is broader than the pattern when it also tested something we cannot.
  if (parsed.unsupported.length > 0)
    notes.push(`pattern also tests ${excerpt(parsed.unsupported.join(', '), 200)}, not matched here`);
  const description = notes.filter((n) => n !== '').join(' — ');
  for (const v of parsed.values) {
    const item: FeedItem = { line, value: v.value };
    if (v.type !== undefined) item.type = v.type;
    if (threatType !== undefined) item.threatType = threatType;
    if (families[0] !== undefined) item.family = families[0];
    if (confidence !== undefined) item.confidence = confidence;
    if (firstSeen !== undefined) item.firstSeen = firstSeen;
    if (expiresAt !== undefined) item.expiresAt = expiresAt;
    if (tags !== undefined) item.tags = [...tags];
    if (description !== '') item.description = description;
    sink.item(withDefaults(item, options));
  }
}

function handle(value: unknown, sink: FeedSink, options: FeedParserOptions): void {
  const objects = stixObjects(value);
  const context = buildContext(objects);
  let indicators = 0;
  const types = new Set<string>();
  objects.forEach((object, i) => {
    if (!isRecord(object)) {
      sink.reject({ line: i + 1, reason: 'STIX object is not a JSON object', text: jsonExcerpt(object) });
      return;
    }
    const type = asText(object.type) ?? '(no type)';
    types.add(type);
    if (type !== 'indicator') return;
    indicators++;
    indicator(object, i + 1, sink, context, options);
  });
  if (indicators === 0) {
    const found = types.size > 0 ? [...types].join(', ') : 'no STIX objects';
    sink.reject({
      line: 1,
      reason: `no STIX indicator objects in the document (found: ${excerpt(found, 200)}); only indicators are imported`,
      text: jsonExcerpt(value),
    });
  }
}

function detect(sample: FeedSample): number {
  const text = sampleText(sample);
  if (/"type"\s*:\s*"bundle"/.test(text)) return 1;
  if (/"type"\s*:\s*"indicator"/.test(text) && /"pattern"\s*:/.test(text)) return 0.95;
  if (/"spec_version"\s*:\s*"2\.[01]"/.test(text)) return 0.8;
  return /stix/.test(sampleName(sample)) ? 0.3 : 0;
}

export const stix2Format: FeedFormatDefinition = {
  id: 'stix2',
  title: 'STIX 2.1 / 2.0 JSON (bundle, TAXII envelope or indicators)',
  create: (options) =>
    createJsonInput({ jsonLines: false, handle: (v, _origin, sink) => handle(v, sink, options) }),
  detect,
};
