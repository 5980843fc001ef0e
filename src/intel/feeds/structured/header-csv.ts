/**
 * A line-fed CSV reader that maps columns by header name, shared by the CSV formats. Feeds move and
 * add columns over time, so cells are looked up by name (with aliases), never by position, unless the
 * file has no header at all and the format knows its historical column order.
 */
import type { FeedParser, FeedSink } from '../../model.js';
import { excerpt } from '../../model.js';
import { cleanLine } from './common.js';
import { splitCsvLine } from './csv-line.js';

export interface CsvRow {
  /** the trimmed cell of a canonical column, undefined when the column is absent or the cell empty */
  get(column: string): string | undefined;
  readonly fields: readonly string[];
}

export interface HeaderCsvSpec {
  delimiter?: string;
  /** canonical column name → header spellings that mean it, preferred first (compared lower-case) */
  columns: Readonly<Record<string, readonly string[]>>;
  /**
   * How the header row is recognised: `first` = the first non-comment line is the header (generic
   * CSV); otherwise the name of a canonical column whose presence marks a line as the header.
   */
  header: 'first' | { key: string };
  /** the header may be written as a `#` comment line (`# id,dateadded,url,…` in URLhaus) */
  commentHeader?: boolean;
  /** canonical column order assumed when data arrives before any header row */
  defaultOrder?: readonly string[];
  /** a reason every row is rejected for, decided once the header is known (e.g. no value column) */
  checkHeader?(present: ReadonlySet<string>, headerNames: readonly string[]): string | undefined;
  row(row: CsvRow, line: number, sink: FeedSink, text: string): void;
}

export function createHeaderCsv(spec: HeaderCsvSpec): FeedParser {
  const delimiter = spec.delimiter ?? ',';
  const keyNames =
    spec.header === 'first'
      ? undefined
      : new Set((spec.columns[spec.header.key] ?? []).map((n) => n.toLowerCase()));
  let index: Map<string, number> | undefined;
  let headerProblem: string | undefined;
  let fields: readonly string[] = [];
  const row: CsvRow = {
    get(column) {
      const at = index?.get(column);
      if (at === undefined) return undefined;
      const cell = fields[at]?.trim();
      return cell === undefined || cell === '' ? undefined : cell;
    },
    get fields() {
      return fields;
    },
  };

  const adoptHeader = (raw: readonly string[]): void => {
    const names = raw.map((n) => n.trim().toLowerCase());
    const found = new Map<string, number>();
    // Aliases are listed by preference, so `indicator` beats `ip` when a file has both.
    for (const [canonical, aliases] of Object.entries(spec.columns)) {
      for (const alias of aliases) {
        const at = names.indexOf(alias.toLowerCase());
        if (at >= 0) {
          found.set(canonical, at);
          break;
        }
      }
    }
    index = found;
    headerProblem = spec.checkHeader?.(
      new Set(found.keys()),
      raw.map((n) => n.trim()),
    );
  };

  const isHeader = (names: readonly string[]): boolean =>
    keyNames === undefined || names.some((n) => keyNames.has(n.trim().toLowerCase()));

  return {
    line(raw, lineNumber, sink) {
      const text = cleanLine(raw);
      const trimmed = text.trim();
      if (trimmed === '') return;
      if (trimmed.startsWith('#')) {
        if (spec.commentHeader === true && index === undefined && keyNames !== undefined) {
          const split = splitCsvLine(trimmed.replace(/^#+\s*/, ''), delimiter);
          if (split.ok && isHeader(split.fields)) adoptHeader(split.fields);
        }
        return;
      }
      const split = splitCsvLine(text, delimiter);
      // Only rows before the first header or data row can be the header: scanning every row for
      // header names would cost an allocation per row and misread values that equal a column name.
      if (index === undefined && split.ok && isHeader(split.fields)) {
        adoptHeader(split.fields);
        return;
      }
      if (index === undefined) {
        if (spec.defaultOrder === undefined) {
          sink.reject({
            line: lineNumber,
            reason: 'data row before the CSV header row',
            text: excerpt(text),
          });
          return;
        }
        index = new Map(spec.defaultOrder.map((name, i) => [name, i]));
      }
      if (headerProblem !== undefined) {
        sink.reject({ line: lineNumber, reason: headerProblem, text: excerpt(text) });
        return;
      }
      if (!split.ok) {
        sink.reject({ line: lineNumber, reason: `malformed CSV row: ${split.reason}`, text: excerpt(text) });
        return;
      }
      fields = split.fields;
      spec.row(row, lineNumber, sink, text);
    },
    end() {},
  };
}
