/**
 * Any CSV report, read through a column mapping: our field → the report's header name (matched
 * without regard to case or surrounding spaces). `ip` and `time` must be mapped. Two mapping keys
 * are settings rather than columns: `timeZone` (`+07:00`: the zone of times written without one;
 * default UTC) and `delimiter` (default: sniffed from the header among `,` `;` tab `|`).
 * `category` may name a column or be one of our categories, used for every row (default
 * `infected`). Lines starting with `#` before the header are skipped.
 */
import {
  observationCategories,
  type ObservationCategory,
  type ObservationParseResult,
} from '../observation-model.js';
import {
  buildRecord,
  normaliseAsn,
  normaliseIp,
  normalisePort,
  normaliseTime,
  parseOffset,
  Problem,
} from './common.js';
import { readCsv, readHeader, rowObject, sniffDelimiter } from './csv.js';
import { ReportFormatError, type Confidence, type ReportFormat, type ReportInput } from './format.js';

const SOURCE = 'generic-csv';

export const mappableFields = [
  'ip',
  'time',
  'port',
  'family',
  'category',
  'asn',
  'hostname',
  'url',
  'protocol',
  'destinationIp',
  'destinationPort',
] as const;
type MappableField = (typeof mappableFields)[number];
export const mappingSettings = ['timeZone', 'delimiter'] as const;

function isCategory(value: string): value is ObservationCategory {
  return (observationCategories as readonly string[]).includes(value);
}

interface Plan {
  columns: Partial<Record<MappableField, number>>;
  fixedCategory: ObservationCategory;
  offset: number;
  delimiter: string;
  header: string[];
  headerIndex: number;
}

function plan(input: ReportInput): Plan {
  const mapping = input.mapping ?? {};
  const allowed = [...mappableFields, ...mappingSettings] as readonly string[];
  const unknown = Object.keys(mapping).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new ReportFormatError(
      `unknown mapping key(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`,
    );
  }
  for (const required of ['ip', 'time'] as const) {
    if (!mapping[required]?.trim())
      throw new ReportFormatError(`the column mapping must name the "${required}" column`);
  }
  const headerIndex = input.lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (headerIndex === -1) throw new ReportFormatError('the file has no header row');
  const headerLine = input.lines[headerIndex]!;
  const delimiterSetting = mapping['delimiter'];
  const delimiter =
    delimiterSetting === undefined || delimiterSetting === ''
      ? sniffDelimiter(headerLine)
      : delimiterSetting === '\\t' || delimiterSetting.toLowerCase() === 'tab'
        ? '\t'
        : delimiterSetting;
  if (delimiter.length !== 1 || delimiter === '"') {
    throw new ReportFormatError(
      `the delimiter ${JSON.stringify(delimiterSetting)} must be one character other than a quote`,
    );
  }
  const zone = mapping['timeZone'];
  const offset = zone === undefined || zone === '' ? 0 : /^(z|utc)$/i.test(zone) ? 0 : parseOffset(zone);
  if (offset === null)
    throw new ReportFormatError(`timeZone ${JSON.stringify(zone)} is not an offset such as +07:00`);
  const header = readHeader(headerLine, delimiter);
  const lower = header.map((h) => h.trim().toLowerCase());
  const columns: Plan['columns'] = {};
  let fixedCategory: ObservationCategory = 'infected';
  const missing: string[] = [];
  for (const field of mappableFields) {
    const name = mapping[field]?.trim();
    if (!name) continue;
    const index = lower.indexOf(name.toLowerCase());
    if (index !== -1) columns[field] = index;
    else if (field === 'category' && isCategory(name)) fixedCategory = name;
    else missing.push(`${field} → "${name}"`);
  }
  if (missing.length > 0) {
    throw new ReportFormatError(
      `the header has no column for ${missing.join(', ')}; its columns are: ${header.join(', ')}`,
    );
  }
  return { columns, fixedCategory, offset, delimiter, header, headerIndex };
}

function parseGeneric(input: ReportInput): ObservationParseResult {
  const p = plan(input);
  const { rows, rejected } = readCsv(input.lines, p.headerIndex + 1, p.delimiter);
  const result: ObservationParseResult = { reportType: SOURCE, records: [], rejected: [...rejected] };
  for (const { line, fields } of rows) {
    const value = (field: MappableField): string | null => {
      const index = p.columns[field];
      return index === undefined ? null : (fields[index] ?? null);
    };
    const named = mappingName(input, 'ip');
    const categoryText = value('category')?.trim().toLowerCase();
    const category: ObservationCategory | Problem =
      categoryText === undefined || categoryText === ''
        ? p.fixedCategory
        : isCategory(categoryText)
          ? categoryText
          : new Problem(
              `category ${JSON.stringify(categoryText)} is not one of ${observationCategories.join(', ')}`,
            );
    if (category instanceof Problem) {
      result.rejected.push({ line, reason: category.reason });
      continue;
    }
    const outcome = buildRecord({
      ip: normaliseIp(value('ip'), named),
      time: normaliseTime(value('time'), mappingName(input, 'time'), p.offset),
      category,
      source: SOURCE,
      raw: rowObject(p.header, fields),
      port: normalisePort(value('port'), mappingName(input, 'port')),
      family: value('family'),
      asn: normaliseAsn(value('asn'), mappingName(input, 'asn')),
      hostname: value('hostname'),
      url: value('url'),
      protocol: value('protocol'),
      destinationIp: normaliseIp(value('destinationIp'), mappingName(input, 'destinationIp')),
      destinationPort: normalisePort(value('destinationPort'), mappingName(input, 'destinationPort')),
    });
    if (outcome instanceof Problem) result.rejected.push({ line, reason: outcome.reason });
    else result.records.push(outcome);
  }
  return result;
}

/** Problems name the report's own column, which is what the person looking at the file sees. */
function mappingName(input: ReportInput, field: MappableField): string {
  return `column "${input.mapping?.[field] ?? field}"`;
}

export const genericCsvFormat: ReportFormat = {
  id: 'generic-csv',
  label: 'CSV with a column mapping',
  detect(): Confidence {
    return 0; // never guessed: without a mapping we cannot know which column is which
  },
  parse: parseGeneric,
};
