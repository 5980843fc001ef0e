/**
 * Syslog over a byte stream (TCP, TLS), RFC 6587: each frame is either octet-counted
 * (`LEN SP MSG`, RFC 5425/6587 §3.4.1) or ends with a newline (§3.4.2, also NUL). The choice is
 * made per frame — a message itself starts with `<`, never with a digit — so senders that mix the
 * two still work. Pure; no I/O.
 */
const MAX_FRAME = 1 << 20;

export class SyslogFramer {
  private pending: Buffer = Buffer.alloc(0);

  /** Takes the next bytes of the stream; returns the messages completed by them. */
  push(chunk: Buffer): string[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: string[] = [];
    let at = 0;
    const buf = this.pending;
    while (at < buf.length) {
      const first = buf[at]!;
      if (first >= 0x30 && first <= 0x39) {
        const space = buf.indexOf(0x20, at);
        if (space < 0) {
          if (buf.length - at > 10) at = this.newlineFrame(buf, at, out) ?? buf.length;
          break;
        }
        const digits = buf.toString('latin1', at, space);
        const length = /^\d{1,8}$/.test(digits) ? Number(digits) : Number.NaN;
        if (!Number.isFinite(length) || length > MAX_FRAME) {
          // Not a length after all: read it as a newline-framed message.
          const next = this.newlineFrame(buf, at, out);
          if (next === null) break;
          at = next;
          continue;
        }
        if (buf.length < space + 1 + length) break;
        out.push(trimEnd(buf.toString('utf8', space + 1, space + 1 + length)));
        at = space + 1 + length;
      } else if (first === 0x0a || first === 0x0d || first === 0x00) {
        at++;
      } else {
        const next = this.newlineFrame(buf, at, out);
        if (next === null) break;
        at = next;
      }
    }
    this.pending = buf.subarray(at);
    if (this.pending.length > MAX_FRAME) {
      out.push(trimEnd(this.pending.toString('utf8')));
      this.pending = Buffer.alloc(0);
    }
    return out;
  }

  /** The connection closed: whatever is left is the last message. */
  end(): string[] {
    const rest = trimEnd(this.pending.toString('utf8'));
    this.pending = Buffer.alloc(0);
    return rest === '' ? [] : [rest];
  }

  private newlineFrame(buf: Buffer, at: number, out: string[]): number | null {
    let stop = -1;
    for (let i = at; i < buf.length; i++) {
      const b = buf[i];
      if (b === 0x0a || b === 0x00) {
        stop = i;
        break;
      }
    }
    if (stop < 0) return null;
    out.push(trimEnd(buf.toString('utf8', at, stop)));
    return stop + 1;
  }
}

function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return end === text.length ? text : text.slice(0, end);
}
