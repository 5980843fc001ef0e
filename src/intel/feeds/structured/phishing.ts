/**
 * Phishing URL feeds published as JSON and CSV: PhishTank's database dumps (`online-valid.json` /
 * `.csv`, times ISO-8601 with `+00:00`) and OpenPhish's commercial feed (JSON Lines or CSV, `isotime`
 * in UTC with `Z`, `discover_time` as `DD-MM-YYYY HH:MM:SS UTC`). Only the phishing URL is imported:
 * the hosting IP address they add is usually a shared web host.
 */
import type { FeedItem, FeedSink } from '../../model.js';
import { excerpt } from '../../model.js';
import type { FeedFormatDefinition, FeedParserOptions, FeedSample } from '../format.js';
import {
  asPresent,
  asText,
  cleanTags,
  isRecord,
  jsonExcerpt,
  sampleName,
  sampleText,
  toIsoUtc,
  withDefaults,
} from './common.js';
import type { CsvRow } from './header-csv.js';
import { createHeaderCsv } from './header-csv.js';
import type { JsonOrigin } from './json-input.js';
import { createJsonInput, createJsonOrCsv, recordLine } from './json-input.js';

type Lookup = (field: string) => unknown;

function fromRecord(record: Record<string, unknown>): Lookup {
  return (field) => record[field];
}

function fromRow(row: CsvRow): Lookup {
  return (field) => row.get(field);
}

function eachObject(
  value: unknown,
  origin: JsonOrigin,
  sink: FeedSink,
  use: (get: Lookup, line: number, text: string) => void,
): void {
  const list = Array.isArray(value) ? value : [value];
  list.forEach((record, i) => {
    const line = recordLine(origin, i, list.length);
    if (isRecord(record)) use(fromRecord(record), line, jsonExcerpt(record));
    else sink.reject({ line, reason: 'record is not a JSON object', text: jsonExcerpt(record) });
  });
}

// --- PhishTank -----------------------------------------------------------------------------------

const phishtankColumns = {
  phish_id: ['phish_id'],
  url: ['url'],
  phish_detail_url: ['phish_detail_url'],
  submission_time: ['submission_time'],
  verified: ['verified'],
  verification_time: ['verification_time'],
  online: ['online'],
  target: ['target'],
};

function phishtankItem(
  get: Lookup,
  line: number,
  text: string,
  sink: FeedSink,
  options: FeedParserOptions,
): void {
  const value = asText(get('url'));
  if (value === undefined) {
    sink.reject({ line, reason: 'PhishTank record has no url', text });
    return;
  }
  const item: FeedItem = { line, value, type: 'url', threatType: 'phishing' };
  const firstSeen = toIsoUtc(get('submission_time'));
  if (firstSeen !== undefined) item.firstSeen = firstSeen;
  const target = asPresent(get('target'));
  const tags = cleanTags([
    target === 'Other' ? undefined : target,
    asText(get('verified')) === 'no' ? 'unverified' : undefined,
  ]);
  if (tags !== undefined) item.tags = tags;
  const id = asText(get('phish_id'));
  const parts = [
    id === undefined ? undefined : `PhishTank #${id}`,
    target === undefined ? undefined : `target: ${target}`,
  ];
  const description = parts.filter((p) => p !== undefined).join(', ');
  if (description !== '') item.description = description;
  sink.item(withDefaults(item, options));
}

export const phishtankFormat: FeedFormatDefinition = {
  id: 'phishtank',
  title: 'PhishTank verified phishing URLs (JSON or CSV)',
  create: (options) =>
    createJsonOrCsv(
      () =>
        createJsonInput({
          jsonLines: true,
          handle: (v, origin, sink) =>
            eachObject(v, origin, sink, (get, line, text) => phishtankItem(get, line, text, sink, options)),
        }),
      () =>
        createHeaderCsv({
          columns: phishtankColumns,
          header: { key: 'phish_id' },
          defaultOrder: Object.keys(phishtankColumns),
          row: (row, line, sink, text) => phishtankItem(fromRow(row), line, excerpt(text), sink, options),
        }),
    ),
  detect(sample: FeedSample) {
    const text = sampleText(sample);
    if (/"phish_id"\s*:/.test(text) || /^phish_id,url,phish_detail_url/m.test(text)) return 0.95;
    return /^(online-valid|verified_online)\.(json|csv)/.test(sampleName(sample)) ? 0.6 : 0;
  },
};

// --- OpenPhish commercial ------------------------------------------------------------------------

const openphishColumns = {
  url: ['url'],
  brand: ['brand'],
  sector: ['sector'],
  isotime: ['isotime'],
  discover_time: ['discover_time', 'time'],
  host: ['host'],
  ip: ['ip'],
  family_id: ['family_id'],
};

/** `22-03-2022 05:06:25 UTC` → ISO; OpenPhish writes the day first. */
function openphishTime(value: unknown): string | undefined {
  const text = asText(value);
  if (text === undefined) return undefined;
  const m = /^(\d{2})-(\d{2})-(\d{4})(.*)$/.exec(text);
  return toIsoUtc(m === null ? text : `${m[3]}-${m[2]}-${m[1]}${m[4]}`);
}

function openphishItem(
  get: Lookup,
  line: number,
  text: string,
  sink: FeedSink,
  options: FeedParserOptions,
): void {
  const value = asText(get('url'));
  if (value === undefined) {
    sink.reject({ line, reason: 'OpenPhish record has no url', text });
    return;
  }
  const item: FeedItem = { line, value, type: 'url', threatType: 'phishing' };
  const firstSeen = toIsoUtc(get('isotime')) ?? openphishTime(get('discover_time'));
  if (firstSeen !== undefined) item.firstSeen = firstSeen;
  const brand = asPresent(get('brand'));
  const sector = asPresent(get('sector'));
  const tags = cleanTags([brand, sector]);
  if (tags !== undefined) item.tags = tags;
  if (brand !== undefined) item.description = `phishing for ${brand}`;
  sink.item(withDefaults(item, options));
}

export const openphishCommercialFormat: FeedFormatDefinition = {
  id: 'openphish-commercial',
  title: 'OpenPhish commercial phishing feed (JSON Lines or CSV)',
  create: (options) =>
    createJsonOrCsv(
      () =>
        createJsonInput({
          jsonLines: true,
          handle: (v, origin, sink) =>
            eachObject(v, origin, sink, (get, line, text) => openphishItem(get, line, text, sink, options)),
        }),
      () =>
        createHeaderCsv({
          columns: openphishColumns,
          header: { key: 'url' },
          row: (row, line, sink, text) => openphishItem(fromRow(row), line, excerpt(text), sink, options),
        }),
    ),
  detect(sample: FeedSample) {
    const text = sampleText(sample);
    if (/"brand"\s*:/.test(text) && /"(isotime|discover_time)"\s*:/.test(text)) return 0.95;
    const header = text.split('\n', 1)[0]?.toLowerCase() ?? '';
    if (/\burl\b/.test(header) && /\bbrand\b/.test(header) && /\b(isotime|discover_time)\b/.test(header))
      return 0.9;
    return /openphish/.test(sampleName(sample)) ? 0.3 : 0;
  },
};
