/**
 * `csv`: any CSV with a header row. Columns come from the configured {@link CsvMapping}; without one
 * the value column (and the optional ones) are guessed from common header names. Timestamps without
 * a zone are read as UTC, the convention of every feed we know that omits it.
 */
import type { FeedItem, FeedParser } from '../../model.js';
import { excerpt } from '../../model.js';
import type { CsvMapping, FeedFormatDefinition, FeedParserOptions, FeedSample } from '../format.js';
import {
  asPresent,
  cleanLine,
  parseConfidence,
  parsePort,
  sampleName,
  shortText,
  splitTags,
  toIsoUtc,
  withDefaults,
} from './common.js';
import { resolveDelimiter, splitCsvLine } from './csv-line.js';
import { createHeaderCsv } from './header-csv.js';
import { indicatorTypeFromWord, threatTypeFromWord } from './vocabulary.js';

type Field = Exclude<keyof CsvMapping, 'delimiter'>;

/** Header names tried, in order of preference, when no mapping is configured. */
export const guessedColumns: Readonly<Record<Field, readonly string[]>> = {
  value: [
    'indicator',
    'ioc',
    'ioc_value',
    'observable',
    'value',
    'url',
    'domain',
    'fqdn',
    'hostname',
    'ip',
    'ip_address',
    'ipaddress',
    'dst_ip',
    'dstip',
    'src_ip',
    'source_ip',
    'address',
    'cidr',
    'network',
    'sha256',
    'sha1',
    'md5',
    'hash',
  ],
  type: ['type', 'ioc_type', 'indicator_type'],
  threatType: ['threat_type', 'threat', 'category', 'classification'],
  family: ['malware', 'family', 'malware_family', 'malware_name'],
  confidence: ['confidence', 'confidence_level', 'score'],
  firstSeen: ['first_seen', 'firstseen', 'first_seen_utc', 'dateadded', 'date_added', 'created', 'date'],
  lastSeen: ['last_seen', 'lastseen', 'last_seen_utc', 'last_online', 'updated'],
  tags: ['tags', 'tag', 'labels'],
  description: ['description', 'comment', 'comments', 'notes'],
  port: ['port', 'dst_port', 'dstport', 'destination_port'],
};

const fields: readonly Field[] = [
  'value',
  'type',
  'threatType',
  'family',
  'confidence',
  'firstSeen',
  'lastSeen',
  'tags',
  'description',
  'port',
];

function create(options: FeedParserOptions): FeedParser {
  const mapping = options.csv;
  const delimiter = resolveDelimiter(mapping?.delimiter);
  if (!delimiter.ok) {
    const reason = delimiter.reason;
    return {
      line(raw, lineNumber, sink) {
        const text = cleanLine(raw);
        if (text.trim() !== '') sink.reject({ line: lineNumber, reason, text: excerpt(text) });
      },
      end() {},
    };
  }
  const columns: Partial<Record<Field, readonly string[]>> = {};
  for (const field of fields) {
    const header = mapping?.[field];
    if (mapping === undefined) columns[field] = guessedColumns[field];
    else if (header !== undefined && header.trim() !== '') columns[field] = [header.trim()];
  }
  return createHeaderCsv({
    delimiter: delimiter.value,
    columns,
    header: 'first',
    checkHeader(present, names) {
      const found = names.filter((n) => n !== '').join(', ') || '(none)';
      if (mapping === undefined && !present.has('value')) {
        return `no indicator column recognised in the header (found: ${found}); configure a CSV mapping naming the value column`;
      }
      const missing =
        mapping === undefined ? [] : fields.filter((f) => columns[f] !== undefined && !present.has(f));
      if (missing.length > 0) {
        const list = missing.map((f) => `${f} → "${mapping?.[f] ?? ''}"`).join(', ');
        return `mapped column(s) not in the header: ${list} (found: ${found})`;
      }
      return undefined;
    },
    row(row, line, sink, text) {
      const value = row.get('value');
      if (value === undefined) {
        sink.reject({ line, reason: 'the indicator column is empty', text: excerpt(text) });
        return;
      }
      const item: FeedItem = { line, value };
      const typeWord = row.get('type');
      if (typeWord !== undefined) {
        const type = indicatorTypeFromWord(typeWord, value);
        if (type === null) {
          sink.reject({
            line,
            reason: `indicator type "${excerpt(typeWord, 40)}" is not one we use (ip, cidr, domain, url, md5, sha1, sha256, asn)`,
            text: excerpt(text),
          });
          return;
        }
        if (type !== undefined) item.type = type;
      }
      const threat = row.get('threatType');
      const tags = splitTags(row.get('tags')) ?? [];
      if (threat !== undefined) {
        const mapped = threatTypeFromWord(threat);
        if (mapped !== undefined) item.threatType = mapped;
        else if (!tags.includes(threat)) tags.push(threat);
      }
      if (tags.length > 0) item.tags = tags;
      const family = asPresent(row.get('family'));
      if (family !== undefined) item.family = family;
      const confidence = parseConfidence(row.get('confidence'));
      if (confidence !== undefined) item.confidence = confidence;
      const firstSeen = toIsoUtc(row.get('firstSeen'));
      if (firstSeen !== undefined) item.firstSeen = firstSeen;
      const lastSeen = toIsoUtc(row.get('lastSeen'));
      if (lastSeen !== undefined) item.lastSeen = lastSeen;
      const description = shortText(row.get('description'));
      if (description !== undefined) item.description = description;
      const port = parsePort(row.get('port'));
      if (port !== undefined) item.port = port;
      sink.item(withDefaults(item, options));
    },
  });
}

const valueHeaders = new Set(guessedColumns.value);

/** Generic, so at most 0.3: a header row naming a known indicator column, or a `.csv` name. */
function detect(sample: FeedSample): number {
  let header: string | undefined;
  for (const raw of sample.lines) {
    const line = cleanLine(raw).trim();
    if (line !== '' && !line.startsWith('#')) {
      header = line;
      break;
    }
  }
  const isCsvName = /\.(csv|tsv)$/.test(sampleName(sample));
  if (header === undefined) return 0;
  for (const delimiter of [',', ';', '\t', '|']) {
    if (!header.includes(delimiter)) continue;
    const split = splitCsvLine(header, delimiter);
    if (split.ok && split.fields.some((f) => valueHeaders.has(f.trim().toLowerCase()))) return 0.3;
  }
  return isCsvName ? 0.2 : 0;
}

export const genericCsvFormat: FeedFormatDefinition = {
  id: 'csv',
  title: 'Generic CSV with a header row (columns mapped by name)',
  create,
  detect,
};
