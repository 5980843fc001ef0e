/**
 * Splits one CSV line into fields (RFC 4180 quoting: `"a, b"`, `"say ""hi"""`). Feed parsers are fed
 * one line at a time, so a quoted cell that spans lines cannot be joined here; it is reported as an
 * unterminated quote and the caller rejects the row. Pure, no regular expressions, one pass.
 */

export type CsvLineResult = { ok: true; fields: string[] } | { ok: false; reason: string };

const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

/**
 * `delimiter` must be one character other than a double quote. Unquoted fields are returned as
 * written (callers trim them); whitespace around a quoted field is dropped because exporters such as
 * `a, "b"` pad after the delimiter and the quotes mark where the value really is.
 */
export function splitCsvLine(line: string, delimiter = ','): CsvLineResult {
  const delim = delimiter.charCodeAt(0);
  const fields: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    // Skip padding to see whether the field is quoted; unquoted fields keep their padding.
    let j = i;
    while (j < n && isBlank(line.charCodeAt(j)) && line.charCodeAt(j) !== delim) j++;
    if (j < n && line.charCodeAt(j) === QUOTE) {
      let value = '';
      let k = j + 1;
      for (;;) {
        const close = line.indexOf('"', k);
        if (close < 0) {
          return {
            ok: false,
            reason: `unterminated quoted field starting at column ${j + 1} (quoted cells spanning several lines are not supported)`,
          };
        }
        value += line.slice(k, close);
        if (line.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          k = close + 2;
          continue;
        }
        k = close + 1;
        break;
      }
      while (k < n && isBlank(line.charCodeAt(k)) && line.charCodeAt(k) !== delim) k++;
      fields.push(value);
      if (k >= n) return { ok: true, fields };
      if (line.charCodeAt(k) !== delim) {
        return { ok: false, reason: `unexpected text after the closing quote at column ${k + 1}` };
      }
      i = k + 1;
      continue;
    }
    const next = line.indexOf(delimiter, i);
    if (next < 0) {
      fields.push(line.slice(i));
      return { ok: true, fields };
    }
    fields.push(line.slice(i, next));
    i = next + 1;
  }
}

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}

/** Accepts `,` `;` `|` or a tab (also spelled `tab` or `\t`); anything else is a configuration error. */
export function resolveDelimiter(
  option: string | undefined,
): { ok: true; value: string } | { ok: false; reason: string } {
  if (option === undefined || option === '') return { ok: true, value: ',' };
  if (option === 'tab' || option === '\\t') return { ok: true, value: '\t' };
  if (option.length !== 1 || option === '"' || option === '\r' || option === '\n') {
    return {
      ok: false,
      reason: `CSV delimiter ${JSON.stringify(option)} must be a single character other than a quote`,
    };
  }
  return { ok: true, value: option };
}
