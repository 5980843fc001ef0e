/**
 * Zeek (Bro) logs in their default tab-separated form. The `#fields` header defines the columns, so a
 * parser that has seen the header is stateful: {@link createZeekTsvParser} returns a definition-like
 * object that remembers `#separator`, `#set_separator`, `#unset_field`, `#empty_field`, `#path` and
 * `#fields` as they pass through `parse` (header lines themselves yield null). One parser instance
 * serves one file; start a new one per file, as a new header may reorder the columns.
 *
 * The stateless `zeek-tsv` definition serves lines seen without their header: it recognises conn, dns,
 * http and ssl records by the standard column orders of Zeek 3–7 (the first six columns are always ts,
 * uid and the connection 4-tuple; dns has trans_id, rtt, query next; http trans_depth, method, host, uri;
 * ssl version, cipher, curve, server_name) and reads only those columns; other records whose second
 * column is a connection uid give their 4-tuple.
 *
 * Values: `-` is unset, `(empty)` an empty set, `\xNN` escapes a byte (the separator among them).
 * Field meanings: see `zeek-fields.ts`.
 */
import type { LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import { zeekEvent } from './zeek-fields.js';

/** Standard column orders for headerless lines. */
const DEFAULT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  conn: ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service'],
  dns: ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'trans_id', 'rtt', 'query'],
  http: [
    'ts',
    'uid',
    'id.orig_h',
    'id.orig_p',
    'id.resp_h',
    'id.resp_p',
    'trans_depth',
    'method',
    'host',
    'uri',
  ],
  ssl: [
    'ts',
    'uid',
    'id.orig_h',
    'id.orig_p',
    'id.resp_h',
    'id.resp_p',
    'version',
    'cipher',
    'curve',
    'server_name',
  ],
};

const CONNECTION_COLUMNS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p'];

function indexOf(columns: readonly string[]): ReadonlyMap<string, number> {
  return new Map(columns.map((field, i) => [field, i]));
}

const DEFAULT_INDEX = new Map(
  Object.entries(DEFAULT_COLUMNS).map(([kind, columns]) => [kind, indexOf(columns)]),
);
const CONNECTION_INDEX = indexOf(CONNECTION_COLUMNS);

/** Zeek connection uids: `C` then base62, 15–21 characters. */
function isUid(text: string | undefined): boolean {
  return text !== undefined && text.length >= 12 && text.length <= 24 && text.charCodeAt(0) === 67;
}

/** `\x09` → tab; other text as is. */
function unescapeZeek(value: string): string {
  if (value.indexOf('\\x') < 0) return value;
  let out = '';
  let from = 0;
  for (let i = value.indexOf('\\x'); i >= 0; i = value.indexOf('\\x', i + 1)) {
    const code = Number.parseInt(value.slice(i + 2, i + 4), 16);
    if (!Number.isInteger(code) || value.length < i + 4) continue;
    out += value.slice(from, i) + String.fromCharCode(code);
    from = i + 4;
    i += 3;
  }
  return out + value.slice(from);
}

function isDigits(text: string | undefined): boolean {
  if (text === undefined || text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 48 || ch > 57) return false;
  }
  return true;
}

/** Which standard log a headerless record is, from the columns after the 4-tuple. */
export function guessZeekPath(cols: readonly string[]): string | undefined {
  const c6 = cols[6];
  const c7 = cols[7];
  if (c6 === undefined) return undefined;
  if (c6 === 'tcp' || c6 === 'udp' || c6 === 'icmp') {
    return isDigits(c7) && cols.length >= 10 ? 'dns' : 'conn';
  }
  if (isDigits(c6) && c7 !== undefined && c7.length > 0 && c7 === c7.toUpperCase()) return 'http';
  if (
    c7 !== undefined &&
    (c7.startsWith('TLS_') || c7.startsWith('SSL_') || c6.includes('TLS') || c6.includes('SSL'))
  )
    return 'ssl';
  return undefined;
}

/** A Zeek TSV reader with its own header state; see the module comment. */
export interface ZeekTsvParser extends LogFormatDefinition {
  /** the `#path` of the header seen, if any */
  readonly path: string | undefined;
  /** the `#fields` column names of the header seen, if any */
  readonly fields: readonly string[] | undefined;
}

export function createZeekTsvParser(): ZeekTsvParser {
  let separator = '\t';
  let setSeparator = ',';
  let unset = '-';
  let empty = '(empty)';
  let path: string | undefined;
  let fields: string[] | undefined;
  let index = new Map<string, number>();

  function header(line: string): void {
    const space = line.indexOf(separator) > 0 ? line.indexOf(separator) : line.indexOf(' ');
    const name = space < 0 ? line.slice(1) : line.slice(1, space);
    const value = space < 0 ? '' : line.slice(space + 1);
    switch (name) {
      case 'separator':
        separator = unescapeZeek(value.trim()) || '\t';
        break;
      case 'set_separator':
        setSeparator = unescapeZeek(value) || ',';
        break;
      case 'unset_field':
        unset = value;
        break;
      case 'empty_field':
        empty = value;
        break;
      case 'path':
        path = value;
        break;
      case 'fields':
        fields = value.split(separator);
        index = new Map(fields.map((field, i) => [field, i]));
        break;
      default:
        break;
    }
  }

  function parseRecord(line: string): ParseOutcome {
    const cols = line.split(separator);
    let columns: ReadonlyMap<string, number> = index;
    let kind = path;
    if (fields === undefined) {
      kind = guessZeekPath(cols);
      // other connection logs (notice, weird, failed TLS handshakes…) still start with ts, uid, 4-tuple
      const standard =
        kind === undefined ? (isUid(cols[1]) ? CONNECTION_INDEX : undefined) : DEFAULT_INDEX.get(kind);
      if (standard === undefined) return null;
      columns = standard;
    }
    const get = (name: string): string | undefined => {
      const at = columns.get(name);
      if (at === undefined) return undefined;
      const raw = cols[at];
      if (raw === undefined || raw === unset || raw === empty || raw.length === 0) return undefined;
      return unescapeZeek(raw);
    };
    let answers: string[] | undefined;
    if (kind === 'dns') {
      const raw = get('answers');
      if (raw !== undefined) answers = raw.split(setSeparator);
    }
    return zeekEvent('zeek-tsv', kind, get, answers);
  }

  return {
    id: 'zeek-tsv',
    title: 'Zeek logs, tab-separated with #fields header (conn, dns, http, ssl…)',
    get path() {
      return path;
    },
    get fields() {
      return fields;
    },
    detect: detectZeekTsv,
    parse(line: string, _context: ParseContext): ParseOutcome {
      try {
        if (line.length === 0) return null;
        if (line.charCodeAt(0) === 35) {
          header(line);
          return null;
        }
        return parseRecord(line.endsWith('\r') ? line.slice(0, -1) : line);
      } catch {
        return null;
      }
    },
  };
}

function detectZeekTsv(line: string): number {
  if (line.startsWith('#separator') || line.startsWith('#fields\t') || line.startsWith('#path\t'))
    return 0.99;
  if (line.charCodeAt(0) === 35) return 0;
  const tab = line.indexOf('\t');
  if (tab < 10) return 0;
  const cols = line.split('\t', 12);
  if (cols.length < 7 || guessZeekPath(cols) === undefined) return 0;
  // ts is epoch seconds with microseconds, uid starts with C
  return cols[1]!.startsWith('C') && cols[0]!.indexOf('.') === 10 ? 0.9 : 0.5;
}

const stateless = createZeekTsvParser();

/** Headerless use: each line is read alone, by the standard column orders. */
export const zeekTsvFormat: LogFormatDefinition = {
  id: 'zeek-tsv',
  title: 'Zeek logs, tab-separated (conn, dns, http, ssl; default column order without a header)',
  detect: detectZeekTsv,
  parse(line, context) {
    // header lines are not remembered here: one shared definition cannot know which file a line is from
    if (line.charCodeAt(0) === 35) return null;
    return stateless.parse(line, context);
  },
};
