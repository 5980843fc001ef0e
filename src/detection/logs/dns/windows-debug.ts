/**
 * Windows DNS Server debug log (`dns.log`, "Log packets for debugging"), one packet per line:
 *   DATE TIME [AM|PM] THREAD PACKET [PACKETID] UDP|TCP Snd|Rcv ADDR XID [R] OPCODE [FLAGS CHARS RCODE] QTYPE NAME
 * e.g. `1/2/2024 10:00:00 AM 0D54 PACKET  000000DA5E8D0130 UDP Rcv 192.0.2.1  3b4c   Q [0001   D   NOERROR] A  (7)example(3)com(0)`.
 * Only received standard queries (`Rcv`, no `R`, opcode `Q`) are events: the answer the server
 * sends back repeats them. The name's length-prefixed labels are joined with dots. The log says
 * nothing about policy decisions, so the action is always unknown.
 *
 * The date and time follow the server's regional settings and carry no zone: local time at
 * `context.utcOffsetMinutes`. Supported: `M/d/yyyy h:mm:ss AM|PM` (en-US, 12-hour), `d/M/yyyy
 * H:mm:ss` (24-hour locales), `d/M/yyyy h:mm:ss SA|CH` (Vietnamese), `d.M.yyyy`, `yyyy-M-d` and the
 * Windows 2003 `yyyyMMdd`. A day above 12 settles the order whatever the clock says. The header
 * and the packet-detail lines that follow a packet when "details" is on carry no event. Lines
 * forwarded through syslog (NXLog, Snare) are read inside their envelope.
 */
import type { LogEvent, LogFormatDefinition, ParseContext } from '../../model.js';
import { digitsAt, localToIso } from '../syslog.js';
import { address, detectWithEnvelope, questionName, skipSpaces, tokenEnd, withEnvelope } from './common.js';

const FORMAT = 'windows-dns-debug';

/** Splits `line` into at most `max` whitespace-separated tokens, as [start, end) pairs. */
function tokenise(line: string, max: number): number[] {
  const out: number[] = [];
  let i = skipSpaces(line, 0);
  while (i < line.length && out.length < max * 2) {
    const e = tokenEnd(line, i);
    out.push(i, e);
    i = skipSpaces(line, e);
  }
  return out;
}

function parseWindowsDebug(line: string, context: ParseContext): LogEvent | null {
  const c0 = line.charCodeAt(0);
  if (!(c0 >= 48 && c0 <= 57)) return null;
  const t = tokenise(line, 14);
  const n = t.length / 2;
  const tok = (k: number) => line.slice(t[k * 2], t[k * 2 + 1]);
  if (n < 10) return null;
  let k = 2;
  const marker = tok(2).toUpperCase();
  let clock: 'am' | 'pm' | 'vi-am' | 'vi-pm' | null = null;
  if (marker === 'AM' || marker === 'PM') clock = marker === 'AM' ? 'am' : 'pm';
  else if (marker === 'SA' || marker === 'CH') clock = marker === 'SA' ? 'vi-am' : 'vi-pm';
  if (clock !== null) k++;
  // THREAD PACKET
  k++;
  if (tok(k) !== 'PACKET') return null;
  k++;
  let proto = tok(k);
  if (proto !== 'UDP' && proto !== 'TCP') {
    k++; // internal packet identifier (absent before Windows 2008)
    proto = tok(k);
    if (proto !== 'UDP' && proto !== 'TCP') return null;
  }
  const direction = tok(k + 1);
  if (direction !== 'Rcv' && direction !== 'Snd') return null;
  const ip = address(tok(k + 2));
  if (ip === undefined) return null;
  // XID, then `R` for a response, then the opcode
  let next = k + 4;
  const isResponse = tok(next) === 'R';
  if (isResponse) next++;
  const opcode = tok(next);
  if (direction !== 'Rcv' || isResponse || opcode !== 'Q') return null;
  const flagsStart = t[(next + 1) * 2];
  if (flagsStart === undefined || line.charCodeAt(flagsStart) !== 91 /* [ */) return null;
  const close = line.indexOf(']', flagsStart);
  if (close < 0) return null;
  const typeStart = skipSpaces(line, close + 1);
  const typeEnd = tokenEnd(line, typeStart);
  const nameStart = skipSpaces(line, typeEnd);
  const name = questionName(labelsToName(line, nameStart, tokenEnd(line, nameStart)));
  if (name === undefined) return null;
  const event: LogEvent = {
    format: FORMAT,
    sourceIp: ip,
    dnsQuestionName: name,
    action: 'unknown',
    rawAction: 'query',
    protocol: proto === 'UDP' ? 'udp' : 'tcp',
  };
  const time = readTime(tok(0), tok(1), clock, context.utcOffsetMinutes);
  if (time !== undefined) event.time = time;
  return event;
}

/** `(7)example(3)com(0)` → `example.com`; text without length prefixes is returned as is. */
function labelsToName(line: string, start: number, end: number): string {
  if (line.charCodeAt(start) !== 40 /* ( */) return line.slice(start, end);
  let out = '';
  let i = start;
  while (i < end && line.charCodeAt(i) === 40) {
    const close = line.indexOf(')', i + 1);
    if (close < 0 || close > end || close - i > 4) return '';
    let len = 0;
    for (let j = i + 1; j < close; j++) {
      const c = line.charCodeAt(j);
      if (c < 48 || c > 57) return '';
      len = len * 10 + (c - 48);
    }
    if (len === 0) break;
    const labelEnd = close + 1 + len;
    if (labelEnd > end) return '';
    out += out.length === 0 ? line.slice(close + 1, labelEnd) : `.${line.slice(close + 1, labelEnd)}`;
    i = labelEnd;
  }
  return out;
}

/** Reads up to three numbers separated by `/`, `.` or `-`; null when the shape is wrong. */
function dateParts(text: string): [number, number, number] | null {
  if (text.length === 8 && digitsAt(text, 0, 8) >= 0) {
    const v = digitsAt(text, 0, 8);
    return [Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100];
  }
  const parts: number[] = [];
  let v = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 47;
    if (c >= 48 && c <= 57) v = (v < 0 ? 0 : v) * 10 + (c - 48);
    else if (c === 47 || c === 46 || c === 45) {
      if (v < 0 || parts.length === 3) return null;
      parts.push(v);
      v = -1;
    } else return null;
  }
  return parts.length === 3 ? [parts[0]!, parts[1]!, parts[2]!] : null;
}

function readTime(
  dateText: string,
  timeText: string,
  clock: 'am' | 'pm' | 'vi-am' | 'vi-pm' | null,
  offsetMinutes: number,
): string | undefined {
  const d = dateParts(dateText);
  if (d === null) return undefined;
  let year: number;
  let month: number;
  let day: number;
  if (d[0] > 31)
    [year, month, day] = d; // yyyy-M-d, yyyyMMdd
  else {
    year = d[2];
    const monthFirst = d[0] > 12 ? false : d[1] > 12 ? true : clock === 'am' || clock === 'pm';
    month = monthFirst ? d[0] : d[1];
    day = monthFirst ? d[1] : d[0];
  }
  const hms = timeText.split(':');
  if (hms.length !== 3) return undefined;
  let h = Number(hms[0]);
  const mi = Number(hms[1]);
  const s = Number(hms[2]);
  if (!Number.isInteger(h) || !Number.isInteger(mi) || !Number.isInteger(s)) return undefined;
  if (clock !== null) {
    if (h < 1 || h > 12) return undefined;
    const pm = clock === 'pm' || clock === 'vi-pm';
    h = (h % 12) + (pm ? 12 : 0);
  }
  return localToIso(offsetMinutes, year, month, day, h, mi, s);
}

function score(line: string): number {
  const c0 = line.charCodeAt(0);
  if (!(c0 >= 48 && c0 <= 57)) return 0;
  const p = line.indexOf(' PACKET ');
  if (p < 0 || p > 48) return 0;
  return line.indexOf(' UDP ', p) > 0 || line.indexOf(' TCP ', p) > 0 ? 0.95 : 0.5;
}

export const windowsDnsDebugFormat: LogFormatDefinition = {
  id: 'windows-dns-debug',
  title: 'Windows DNS Server debug log (dns.log, text)',
  detect: (line) => detectWithEnvelope(line, score),
  parse: (line, context) => withEnvelope(line, context, parseWindowsDebug),
};
