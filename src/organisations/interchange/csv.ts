/**
 * The CSV interchange format: one row per organisation, UTF-8 (BOM optional), comma-separated,
 * RFC 4180 quoting, LF, CRLF or CR line ends (mixed is fine).
 *
 * Header (row 1), matched case-insensitively and in any order:
 * `code,name,kind,parent_code,valid_from,valid_to,predecessor_codes,ip_ranges,asns,domains,websites,contacts`.
 * `code`, `name` and `kind` are required; the other columns may be left out. Unknown or repeated
 * columns are errors. An unnamed column is ignored when every cell under it is empty (spreadsheet
 * programs sometimes add one).
 *
 * Cells:
 * - empty = null (or an empty list);
 * - `predecessor_codes`, `ip_ranges`, `asns`, `domains`, `websites`: values separated by `;`
 *   and/or whitespace, e.g. `192.0.2.0/26; 2001:db8::/48`, `AS64500;64501`;
 * - `contacts`: contacts separated by `;`, each `Name|Role|email|phone` (trailing parts may be
 *   left out: `Nguyễn Văn An|Giám đốc`). Contact fields cannot contain `|` or `;`.
 *
 * Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is
 * row 2, blank rows count (and are skipped), a quoted cell spanning several lines is one row.
 *
 * CSV injection: a cell that a spreadsheet would run as a formula (first character `=`, `+`,
 * `-`, `@`, tab or carriage return) is data like any other — e.g. the name `=cmd|' /C calc'!A0`
 * is accepted and stored as is. When WRITING, such a cell (and one that already starts with
 * apostrophes followed by such a character) gets one extra leading `'`, which spreadsheets
 * treat as "text, do not evaluate". When READING, one leading `'` is removed from a cell that
 * consists of apostrophes followed by such a character. So serialise → parse is exact, and a
 * file written here is safe to open in Excel or LibreOffice.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  compareOrganisationRecords,
  CSV_COLUMN_OF_KEY,
  csvFieldName,
  MAX_REPORTED_ERRORS,
  ORGANISATION_RECORD_KEYS,
  parseOrganisationRecord,
  quoteValue,
  type OrganisationContact,
  type OrganisationRecord,
  type OrganisationRecordKey,
  type ParseError,
} from './record.js';
import { finishParse, type ParseOptions, type ParseResult } from './validate.js';

/** Longest cell accepted; longer ones are reported without being looked at further. */
export const MAX_CSV_CELL_LENGTH = 100_000;

/** Columns in the order the serialiser writes them. */
export const CSV_COLUMNS: readonly string[] = ORGANISATION_RECORD_KEYS.map((key) => CSV_COLUMN_OF_KEY[key]);
const REQUIRED_KEYS: readonly OrganisationRecordKey[] = ['code', 'name', 'kind'];
const KEY_OF_COLUMN = new Map<string, OrganisationRecordKey>(
  ORGANISATION_RECORD_KEYS.map((key) => [CSV_COLUMN_OF_KEY[key], key]),
);
const LIST_KEYS = new Set<OrganisationRecordKey>([
  'predecessorCodes',
  'ipRanges',
  'asns',
  'domains',
  'websites',
]);

const FORMULA_START = /^'*[=+\-@\t\r]/;
const ESCAPED_FORMULA = /^'+[=+\-@\t\r]/;

/** Adds the `'` guard to a cell a spreadsheet would evaluate (see the module comment). */
export function escapeCsvFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** Reverses {@link escapeCsvFormula}. */
export function unescapeCsvFormula(cell: string): string {
  return ESCAPED_FORMULA.test(cell) ? cell.slice(1) : cell;
}

function splitList(cell: string): string[] {
  return cell.split(/[;\s]+/u).filter((part) => part !== '');
}

function splitContacts(cell: string): unknown[] {
  return cell
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry): unknown => {
      const parts = entry.split('|');
      if (parts.length > 4) return { tooManyParts: parts.length, text: entry };
      const [name, role, email, phone] = parts;
      return { name: name ?? '', role: role ?? '', email: email ?? null, phone: phone ?? null };
    });
}

function isTooManyParts(value: unknown): value is { tooManyParts: number; text: string } {
  return typeof value === 'object' && value !== null && 'tooManyParts' in value;
}

/** Parses and validates a CSV file (see the module comment for the format). */
export function parseOrganisationsCsv(text: string, options: ParseOptions = {}): ParseResult {
  let rows: string[][];
  try {
    rows = parse(text, {
      bom: true,
      relax_column_count: true,
      // A quote inside an unquoted cell (Bệnh viện "ABC") is data, as spreadsheets treat it.
      relax_quotes: true,
      skip_empty_lines: false,
      // Accept LF, CRLF and CR, even mixed in one file (hand-edited files often are).
      record_delimiter: ['\r\n', '\n', '\r'],
    });
  } catch (error) {
    const records =
      typeof (error as { records?: unknown }).records === 'number'
        ? (error as { records: number }).records
        : 0;
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [
        {
          row: records + 1,
          message: `the CSV cannot be read: ${detail.length > 300 ? `${detail.slice(0, 300)}…` : detail}`,
        },
      ],
      truncated: false,
    };
  }

  const isBlankRow = (row: readonly string[]) => row.every((cell) => cell.trim() === '');
  const header = rows[0];
  if (header === undefined || isBlankRow(header)) {
    return {
      ok: false,
      errors: [{ row: 1, message: `the first row must be the header: ${CSV_COLUMNS.join(',')}` }],
      truncated: false,
    };
  }

  // Header.
  const headerErrors: string[] = [];
  const columnKeys: (OrganisationRecordKey | null)[] = [];
  const unknown: string[] = [];
  const seen = new Set<OrganisationRecordKey>();
  const unnamed: number[] = [];
  header.forEach((cell, index) => {
    const label = cell.trim().toLowerCase();
    if (label === '') {
      unnamed.push(index);
      columnKeys.push(null);
      return;
    }
    const key = KEY_OF_COLUMN.get(label);
    if (key === undefined) {
      unknown.push(cell.trim());
      columnKeys.push(null);
    } else if (seen.has(key)) {
      headerErrors.push(`column ${quoteValue(label)} appears more than once`);
      columnKeys.push(null);
    } else {
      seen.add(key);
      columnKeys.push(key);
    }
  });
  if (unknown.length > 0) {
    headerErrors.push(
      `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => quoteValue(c)).join(', ')}; ` +
        `the columns are ${CSV_COLUMNS.join(', ')}`,
    );
  }
  const missing = REQUIRED_KEYS.filter((key) => !seen.has(key)).map((key) => CSV_COLUMN_OF_KEY[key]);
  if (missing.length > 0) {
    headerErrors.push(
      `missing required column${missing.length > 1 ? 's' : ''} ${missing.map((c) => quoteValue(c)).join(', ')}`,
    );
  }
  if (headerErrors.length > 0) {
    return { ok: false, errors: headerErrors.map((message) => ({ row: 1, message })), truncated: false };
  }

  // Data rows.
  const parsed: { row: number; record: OrganisationRecord }[] = [];
  const errors: ParseError[] = [];
  let truncated = false;
  for (let index = 1; index < rows.length; index++) {
    if (errors.length >= MAX_REPORTED_ERRORS) {
      truncated = true;
      break;
    }
    const cells = rows[index] ?? [];
    const row = index + 1;
    if (isBlankRow(cells)) continue;
    const rowErrors: ParseError[] = [];
    const extraFilled = cells.slice(header.length).some((cell) => cell.trim() !== '');
    if (cells.length < header.length || extraFilled) {
      rowErrors.push({
        row,
        message: `the row has ${cells.length} cells but the header has ${header.length} columns`,
      });
      errors.push(...rowErrors);
      continue;
    }
    for (const column of unnamed) {
      if ((cells[column] ?? '').trim() !== '') {
        rowErrors.push({
          row,
          field: `column ${column + 1}`,
          message: `the cell ${quoteValue(cells[column] ?? '')} is in a column without a header name`,
        });
      }
    }

    const input: Record<string, unknown> = {};
    columnKeys.forEach((key, column) => {
      if (key === null) return;
      const raw = cells[column] ?? '';
      if (raw.length > MAX_CSV_CELL_LENGTH) {
        rowErrors.push({
          row,
          field: CSV_COLUMN_OF_KEY[key],
          message: `the cell is ${raw.length} characters long; at most ${MAX_CSV_CELL_LENGTH} are allowed`,
        });
        return;
      }
      const cell = unescapeCsvFormula(raw);
      if (key === 'contacts') {
        const contacts = splitContacts(cell);
        contacts.forEach((contact, i) => {
          if (isTooManyParts(contact)) {
            rowErrors.push({
              row,
              field: CSV_COLUMN_OF_KEY[key],
              message: `contact ${i + 1} ${quoteValue(contact.text)} has ${contact.tooManyParts} parts separated by "|"; write Name|Role|email|phone`,
            });
          }
        });
        input[key] = contacts;
      } else if (LIST_KEYS.has(key)) {
        input[key] = splitList(cell);
      } else {
        input[key] = cell;
      }
    });
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const result = parseOrganisationRecord(input, csvFieldName);
    if (result.ok) {
      parsed.push({ row, record: result.record });
    } else {
      for (const issue of result.issues) {
        errors.push(
          issue.key === null
            ? { row, message: issue.message }
            : { row, field: CSV_COLUMN_OF_KEY[issue.key], message: issue.message },
        );
      }
    }
  }
  return finishParse(parsed, errors, truncated, csvFieldName, options);
}

export interface SerialiseCsvOptions {
  /** start with a UTF-8 byte order mark so Excel reads Vietnamese text correctly (default true) */
  bom?: boolean;
}

function contactCell(contacts: readonly OrganisationContact[]): string {
  return contacts.map((c) => [c.name, c.role, c.email ?? '', c.phone ?? ''].join('|')).join(';');
}

/**
 * CSV with every column, CRLF line ends, records in the stable order of the JSON serialiser,
 * formula-looking cells guarded with `'` (see the module comment).
 */
export function serialiseOrganisationsCsv(
  records: readonly OrganisationRecord[],
  options: SerialiseCsvOptions = {},
): string {
  const body = [...records]
    .sort(compareOrganisationRecords)
    .map((r) =>
      [
        r.code,
        r.name,
        r.kind,
        r.parentCode ?? '',
        r.validFrom ?? '',
        r.validTo ?? '',
        r.predecessorCodes.join(';'),
        r.ipRanges.join(';'),
        r.asns.map(String).join(';'),
        r.domains.join(';'),
        r.websites.join(';'),
        contactCell(r.contacts),
      ].map(escapeCsvFormula),
    );
  return stringify([[...CSV_COLUMNS], ...body], {
    bom: options.bom ?? true,
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    eof: true,
  });
}
