/**
 * A small, forgiving CSV reader for reports: records keep the line number they start on, a quoted
 * field may span lines, a byte-order mark is dropped, and the delimiter can be sniffed from the
 * header. Only an unterminated quote is an error; it rejects that record alone and reading resumes
 * on the next line, so one broken row never swallows the rest of a report.
 */
import { MAX_ROWS } from './common.js';

export interface CsvRow {
  /** 1-based line the record starts on */
  line: number;
  fields: string[];
}

export interface CsvRejection {
  line: number;
  reason: string;
}

/** A quoted field may run over at most this many lines before it counts as unterminated. */
const MAX_CONTINUATION_LINES = 200;

/** Splits report text into lines (`\n`, `\r\n` or `\r`), without the byte-order mark. */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const delimiters = [',', ';', '\t', '|'] as const;

/** The candidate delimiter that occurs most often outside quotes in the header (comma on a tie). */
export function sniffDelimiter(header: string): string {
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of delimiters) {
    let count = 0;
    let quoted = false;
    for (const ch of header) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === delimiter) count++;
    }
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

interface Parsed {
  fields: string[];
  /** index of the last line consumed */
  end: number;
}

/** Parses the record starting at `lines[start]`, or null when a quote is never closed. */
function parseRecord(lines: readonly string[], start: number, delimiter: string): Parsed | null {
  const fields: string[] = [];
  let index = start;
  let line = lines[index]!;
  let pos = 0;
  for (;;) {
    // one field; `a, "b"` pads after the delimiter and the quote still marks where the value is
    let start = pos;
    while (line[start] === ' ' && delimiter !== ' ') start++;
    if (line[start] === '"') {
      pos = start;
      let value = '';
      pos++;
      for (;;) {
        const close = line.indexOf('"', pos);
        if (close === -1) {
          value += line.slice(pos);
          if (index + 1 >= lines.length || index - start >= MAX_CONTINUATION_LINES) return null;
          value += '\n';
          index++;
          line = lines[index]!;
          pos = 0;
          continue;
        }
        value += line.slice(pos, close);
        if (line[close + 1] === '"') {
          value += '"';
          pos = close + 2;
          continue;
        }
        pos = close + 1;
        break;
      }
      // Text between the closing quote and the delimiter is kept rather than refused.
      const next = line.indexOf(delimiter, pos);
      const tail = next === -1 ? line.slice(pos) : line.slice(pos, next);
      fields.push(value + tail.trim());
      if (next === -1) return { fields, end: index };
      pos = next + delimiter.length;
    } else {
      const next = line.indexOf(delimiter, pos);
      if (next === -1) {
        fields.push(line.slice(pos).trim());
        return { fields, end: index };
      }
      fields.push(line.slice(pos, next).trim());
      pos = next + delimiter.length;
    }
  }
}

/**
 * Reads records from `lines[from]` on. Blank lines and lines for which `skip` answers true are
 * passed over.
 */
export function readCsv(
  lines: readonly string[],
  from: number,
  delimiter: string,
  skip: (line: string) => boolean = () => false,
): { rows: CsvRow[]; rejected: CsvRejection[] } {
  const rows: CsvRow[] = [];
  const rejected: CsvRejection[] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || skip(line)) continue;
    if (rows.length + rejected.length >= MAX_ROWS) {
      rejected.push({
        line: i + 1,
        reason: `the report has more than ${MAX_ROWS} rows; the rest was not read`,
      });
      break;
    }
    const parsed = parseRecord(lines, i, delimiter);
    if (!parsed) {
      rejected.push({ line: i + 1, reason: 'a quoted field is never closed (missing ")' });
      continue;
    }
    rows.push({ line: i + 1, fields: parsed.fields });
    i = parsed.end;
  }
  return { rows, rejected };
}

/** Splits one line (the header) into trimmed field names. */
export function readHeader(line: string, delimiter: string): string[] {
  return parseRecord([line], 0, delimiter)?.fields ?? line.split(delimiter).map((f) => f.trim());
}

/**
 * Pairs a row's values with the header's names (extra values are kept as `column_<n>`). Empty values
 * are left out: wide reports are mostly empty columns, and `raw` is kept for every record.
 */
export function rowObject(header: readonly string[], fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  fields.forEach((value, i) => {
    if (value !== '') out[header[i] || `column_${i + 1}`] = value;
  });
  return out;
}
