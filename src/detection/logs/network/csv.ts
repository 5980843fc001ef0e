/**
 * Comma-separated fields as firewalls write them (PAN-OS syslog, pfSense/OPNsense filterlog): a field
 * that starts with `"` runs to the closing quote (`""` is a literal quote), any other quote is literal
 * text (PAN-OS sometimes writes `\"` mid-field). Fields go into a caller-owned array that is reused from
 * line to line, so splitting allocates only the field strings.
 */

/**
 * Splits `text[start…]` into `out` (cleared first), stopping after `max` fields.
 * @returns the number of fields read.
 */
export function splitCsv(text: string, out: string[], start = 0, max = 256): number {
  out.length = 0;
  const end = text.length;
  let i = start;
  while (out.length < max) {
    if (i < end && text.charCodeAt(i) === 34) {
      let value = '';
      let from = i + 1;
      let j = from;
      for (;;) {
        const close = text.indexOf('"', j);
        if (close < 0) {
          value += text.slice(from, end);
          j = end;
          break;
        }
        if (text.charCodeAt(close + 1) === 34) {
          value += text.slice(from, close + 1);
          from = close + 2;
          j = from;
          continue;
        }
        value += text.slice(from, close);
        j = close + 1;
        break;
      }
      out.push(value);
      // anything between the closing quote and the next comma is kept out: it is not part of the value
      const comma = text.indexOf(',', j);
      if (comma < 0) break;
      i = comma + 1;
      continue;
    }
    const comma = text.indexOf(',', i);
    if (comma < 0) {
      out.push(text.slice(i, end));
      break;
    }
    out.push(text.slice(i, comma));
    i = comma + 1;
  }
  return out.length;
}
