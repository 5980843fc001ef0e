/**
 * ArcSight Common Event Format: `CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|extension`.
 * Header fields escape `|` and `\` with a backslash; the extension is `key=value` pairs where values
 * may hold spaces, so a value ends only where the next `key=` begins, and a literal `=` is written `\=`.
 * Tolerated variants seen in real feeds: `CEF: 0|`, a line that lost its `CEF:` prefix to a syslog
 * relay (`0|Fortinet|…`), Check Point's extra empty vendor field (`CEF:0||Check Point|…`) and
 * extensions broken over several lines.
 *
 * Generic mapping: src/c6a2, spt, dst/c6a3, dpt, proto, act, request (URL), dhost/requestHost (host),
 * shost, dvchost/dvc (device), rt/start/end (time; epoch milliseconds or `Mon dd yyyy hh:mm:ss`,
 * zone from `dtz` when it is an offset or UTC, otherwise the context's offset).
 */
import type { LogEvent, LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import {
  cleanDomain,
  cleanIp,
  cleanPort,
  cleanProtocol,
  hostOfUrl,
  isAbsoluteUrl,
  mapAction,
} from './fields.js';
import { isoFromEpoch, isoFromMonthName, parseOffset, isoFromDateTime } from './time.js';
import { unwrapSyslog } from './envelope.js';

const MAX_KEY = 64;

function isKeyChar(ch: number): boolean {
  return (
    (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || ch === 95 || ch === 46
  );
}

function isSpace(ch: number): boolean {
  return ch === 32 || ch === 9 || ch === 10 || ch === 13;
}

/** Reads the header of one CEF record, then its extension pair by pair. */
export class CefCursor {
  vendor = '';
  product = '';
  deviceVersion = '';
  signatureId = '';
  name = '';
  severity = '';
  key = '';
  value = '';
  private text = '';
  private end = 0;
  /** start of the next key, -1 when the extension is exhausted */
  private keyStart = -1;
  private eq = -1;

  /**
   * Reads the header of the CEF record in `text` (`CEF:` must be at `start`, or the version digit when
   * the prefix was lost). @returns false when the text is not a CEF record.
   */
  reset(text: string, start = 0): boolean {
    this.text = text;
    this.end = text.length;
    let i = start;
    if (text.startsWith('CEF:', i)) {
      i += 4;
      while (i < text.length && text.charCodeAt(i) === 32) i++;
    }
    const version = text.charCodeAt(i);
    if (version < 48 || version > 57) return false;
    while (i < text.length && text.charCodeAt(i) !== 124) i++;
    if (i >= text.length) return false;
    i++;
    const fields: string[] = [];
    let extStart = -1;
    while (fields.length < 6) {
      const fieldEnd = findPipe(text, i);
      if (fieldEnd < 0) return false;
      fields.push(unescapeHeader(text, i, fieldEnd));
      i = fieldEnd + 1;
      // Check Point writes `CEF:0||Check Point|…`: one empty field too many before the real vendor.
      if (fields.length === 1 && fields[0] === '' && findPipe(text, i) >= 0) {
        const probe = text.slice(i, Math.min(text.length, i + 40));
        if (probe.startsWith('Check Point|')) fields.pop();
      }
    }
    extStart = i;
    this.vendor = fields[0] ?? '';
    this.product = fields[1] ?? '';
    this.deviceVersion = fields[2] ?? '';
    this.signatureId = fields[3] ?? '';
    this.name = fields[4] ?? '';
    this.severity = fields[5] ?? '';
    this.findKey(extStart);
    return true;
  }

  /** Advances to the next extension pair; false when there is none. */
  next(): boolean {
    if (this.keyStart < 0) return false;
    const text = this.text;
    this.key = text.slice(this.keyStart, this.eq);
    const valueStart = this.eq + 1;
    // find the next `key=`: an unescaped `=` preceded by key characters that follow whitespace
    let j = valueStart;
    let nextKey = -1;
    let nextEq = -1;
    while (j < this.end) {
      const eq = text.indexOf('=', j);
      if (eq < 0) break;
      j = eq + 1;
      if (text.charCodeAt(eq - 1) === 92) continue;
      let k = eq;
      while (k > valueStart && eq - k <= MAX_KEY && isKeyChar(text.charCodeAt(k - 1))) k--;
      if (k < eq && k > valueStart && isSpace(text.charCodeAt(k - 1))) {
        nextKey = k;
        nextEq = eq;
        break;
      }
    }
    let valueEnd = nextKey < 0 ? this.end : nextKey;
    while (valueEnd > valueStart && isSpace(text.charCodeAt(valueEnd - 1))) valueEnd--;
    this.value = unescapeValue(text, valueStart, valueEnd);
    this.keyStart = nextKey;
    this.eq = nextEq;
    return true;
  }

  private findKey(from: number): void {
    const text = this.text;
    let i = from;
    while (i < this.end && isSpace(text.charCodeAt(i))) i++;
    const start = i;
    while (i < this.end && isKeyChar(text.charCodeAt(i))) i++;
    if (i > start && i < this.end && text.charCodeAt(i) === 61) {
      this.keyStart = start;
      this.eq = i;
    } else {
      this.keyStart = -1;
      this.eq = -1;
    }
  }
}

function findPipe(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 92) i++;
    else if (ch === 124) return i;
  }
  return -1;
}

/** True when `text[start, end)` holds a backslash (a bounded scan: `indexOf` would run to the line's end). */
function hasBackslash(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 92) return true;
  return false;
}

function unescapeHeader(text: string, start: number, end: number): string {
  if (!hasBackslash(text, start, end)) return text.slice(start, end);
  let out = '';
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 92 && i + 1 < end) i++;
    out += text[i];
  }
  return out;
}

function unescapeValue(text: string, start: number, end: number): string {
  if (!hasBackslash(text, start, end)) return text.slice(start, end);
  let out = '';
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 92 && i + 1 < end) {
      const next = text.charCodeAt(++i);
      out += next === 110 ? '\n' : next === 114 ? '\r' : text[i];
    } else {
      out += text[i];
    }
  }
  return out;
}

/** Where a CEF record starts in `line` (after any prefix such as a syslog header), or -1. */
export function findCef(line: string): number {
  const at = line.indexOf('CEF:');
  if (at >= 0) return at;
  const first = line.charCodeAt(0);
  if (first >= 48 && first <= 57 && line.charCodeAt(1) === 124) return 0;
  return -1;
}

/**
 * Time of a CEF `rt`/`start`/`end` value: epoch milliseconds (or seconds), `Mon dd yyyy hh:mm:ss`, or
 * ISO text; `zone` is the record's `dtz` when it has one.
 */
export function cefTime(value: string, zone: string | undefined, context: ParseContext): string | undefined {
  if (value.length === 0) return undefined;
  const first = value.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    if (value.length >= 10 && value.charCodeAt(4) !== 45 && value.charCodeAt(4) !== 47)
      return isoFromEpoch(value);
    return isoFromDateTime(value, zoneOffset(zone, context));
  }
  return isoFromMonthName(value, zoneOffset(zone, context), context.year);
}

function zoneOffset(zone: string | undefined, context: ParseContext): number {
  if (zone === undefined) return context.utcOffsetMinutes;
  return parseOffset(zone) ?? context.utcOffsetMinutes;
}

const cursor = new CefCursor();

/** Reads one generic CEF record into an event of format `format`. */
export function parseCefRecord(
  line: string,
  context: ParseContext,
  format: string,
  device?: string,
): ParseOutcome {
  const at = findCef(line);
  if (at < 0 || !cursor.reset(line, at)) return null;
  const event: LogEvent = { format };
  if (device !== undefined) event.device = device;
  let when: string | undefined;
  let dtz: string | undefined;
  let request: string | undefined;
  let host: string | undefined;
  let src6: string | undefined;
  let dst6: string | undefined;
  while (cursor.next()) {
    const value = cursor.value;
    if (value.length === 0) continue;
    switch (cursor.key) {
      case 'src': {
        const ip = cleanIp(value);
        if (ip !== undefined) event.sourceIp = ip;
        break;
      }
      case 'dst': {
        const ip = cleanIp(value);
        if (ip !== undefined) event.destinationIp = ip;
        break;
      }
      case 'c6a2':
        src6 = value;
        break;
      case 'c6a3':
        dst6 = value;
        break;
      case 'spt': {
        const port = cleanPort(value);
        if (port !== undefined) event.sourcePort = port;
        break;
      }
      case 'dpt': {
        const port = cleanPort(value);
        if (port !== undefined) event.destinationPort = port;
        break;
      }
      case 'proto': {
        const protocol = cleanProtocol(value);
        if (protocol !== undefined) event.protocol = protocol;
        break;
      }
      case 'act':
        event.rawAction = value;
        break;
      case 'request':
        request = value;
        break;
      case 'dhost':
      case 'requestHost':
        host = value;
        break;
      case 'dvchost':
        event.device = value;
        break;
      case 'dvc':
        if (event.device === undefined) event.device = value;
        break;
      case 'rt':
        when = value;
        break;
      case 'start':
        if (when === undefined) when = value;
        break;
      case 'dtz':
        dtz = value;
        break;
      default:
        break;
    }
  }
  if (event.sourceIp === undefined && src6 !== undefined) {
    const ip = cleanIp(src6);
    if (ip !== undefined && ip !== '::ffff:0.0.0.0') event.sourceIp = ip;
  }
  if (event.destinationIp === undefined && dst6 !== undefined) {
    const ip = cleanIp(dst6);
    if (ip !== undefined && ip !== '::ffff:0.0.0.0') event.destinationIp = ip;
  }
  setUrl(event, request, host);
  if (when !== undefined) {
    const time = cefTime(when, dtz, context);
    if (time !== undefined) event.time = time;
  }
  if (event.rawAction !== undefined) event.action = mapAction(event.rawAction);
  return event;
}

/**
 * Sets urlOriginal/urlDomain from a logged request (absolute URL or path) and a host name. A bare host
 * that is an address is not a domain, unless it comes with a request path (then it is the Host header).
 */
export function setUrl(event: LogEvent, request: string | undefined, host: string | undefined): void {
  if (request !== undefined && request.length > 0) {
    event.urlOriginal = request;
    if (isAbsoluteUrl(request)) {
      const domain = hostOfUrl(request);
      if (domain !== undefined) event.urlDomain = domain;
    }
  }
  if (event.urlDomain === undefined && host !== undefined) {
    const domain = cleanDomain(host);
    if (domain !== undefined && (request !== undefined || cleanIp(domain) === undefined))
      event.urlDomain = domain;
  }
}

export const cefFormat: LogFormatDefinition = {
  id: 'cef',
  title: 'ArcSight Common Event Format (CEF), any vendor',
  detect(line) {
    const at = line.indexOf('CEF:');
    if (at < 0 || at > 200) return 0;
    return /* a syslog-wrapped or bare CEF record; vendor parsers score higher for their own */ 0.8;
  },
  parse(line, context) {
    const envelope = unwrapSyslog(line, context);
    const event = parseCefRecord(envelope.message, context, 'cef', envelope.host);
    if (event !== null && event.time === undefined && envelope.time !== undefined) event.time = envelope.time;
    return event;
  },
};
