/**
 * A reusable cursor over `key=value` text as FortiGate, Sophos, Zscaler NSS and LEEF senders write it:
 * pairs separated by spaces (or by commas in FortiGate's CSV mode), values optionally in double quotes
 * with backslash escapes. Words without `=` (Sophos `ether_type=IPv4 (0x0800)` leaves `(0x0800)`) are
 * skipped. One module-level cursor per parser is enough because parsing is synchronous; it allocates
 * only the key and value strings it hands out.
 */

export class KvCursor {
  key = '';
  value = '';
  /** true when the value was written in double quotes */
  quoted = false;
  private text = '';
  private pos = 0;
  private end = 0;
  private separator = 32;

  /** Starts reading `text[start, end)`; `separator` is 32 (space) or 44 (comma). */
  reset(text: string, separator = 32, start = 0, end = text.length): this {
    this.text = text;
    this.pos = start;
    this.end = end;
    this.separator = separator;
    return this;
  }

  /** Where the next pair would start (for callers that hand the rest of the line to another reader). */
  get position(): number {
    return this.pos;
  }

  /** Advances to the next pair; false at the end of the text. */
  next(): boolean {
    const text = this.text;
    const end = this.end;
    const sep = this.separator;
    let i = this.pos;
    for (;;) {
      while (i < end && isGap(text.charCodeAt(i), sep)) i++;
      if (i >= end) {
        this.pos = end;
        return false;
      }
      const keyStart = i;
      while (i < end) {
        const ch = text.charCodeAt(i);
        if (ch === 61 || isGap(ch, sep)) break;
        i++;
      }
      if (i >= end || text.charCodeAt(i) !== 61 || i === keyStart) {
        // a bare word: not a pair, skip it
        while (i < end && !isGap(text.charCodeAt(i), sep)) i++;
        continue;
      }
      this.key = text.slice(keyStart, i);
      i++;
      if (i < end && text.charCodeAt(i) === 34) {
        i++;
        const valueStart = i;
        let escaped = false;
        while (i < end) {
          const ch = text.charCodeAt(i);
          if (ch === 92 && i + 1 < end) {
            escaped = true;
            i += 2;
            continue;
          }
          if (ch === 34) break;
          i++;
        }
        const valueEnd = Math.min(i, end);
        this.value = escaped ? unescape(text, valueStart, valueEnd) : text.slice(valueStart, valueEnd);
        this.quoted = true;
        this.pos = i < end ? i + 1 : end;
        return true;
      }
      const valueStart = i;
      while (i < end && !isGap(text.charCodeAt(i), sep)) i++;
      this.value = text.slice(valueStart, i);
      this.quoted = false;
      this.pos = i;
      return true;
    }
  }
}

function isGap(ch: number, sep: number): boolean {
  return ch === sep || ch === 32 || ch === 9 || ch === 10 || ch === 13;
}

function unescape(text: string, start: number, end: number): string {
  let out = '';
  let from = start;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) === 92 && i + 1 < end) {
      out += text.slice(from, i);
      from = i + 1;
      i++;
    }
  }
  return out + text.slice(from, end);
}
