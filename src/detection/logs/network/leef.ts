/**
 * IBM QRadar Log Event Extended Format: `LEEF:1.0|Vendor|Product|Version|EventID|` then `key=value`
 * attributes separated by a tab; LEEF 2.0 adds a sixth header field naming the separator, written as
 * the character itself (`^`) or in hex (`x09`, `0x5E`); an empty sixth field means tab. Senders that
 * ignore the rule and separate with spaces are read with spaces when the line has no tab.
 *
 * Mapping: src/srcIP, dst/dstIP, srcPort, dstPort, proto, action/act, url, dstHost/hostname (host),
 * identHostName/devName (device), devTime with devTimeFormat (epoch milliseconds by default, else
 * ISO-8601 or `MMM dd yyyy HH:mm:ss`; without a zone in the text: `context.utcOffsetMinutes`).
 */
import type { LogEvent, LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import { setUrl } from './cef.js';
import { unwrapSyslog } from './envelope.js';
import { cleanIp, cleanPort, cleanProtocol, mapAction } from './fields.js';
import { KvCursor } from './kv.js';
import { isoFromDateTime, isoFromEpoch, isoFromMonthName } from './time.js';

/** The separator a LEEF 2.0 header names; -1 when the field is not a separator spec. */
function separatorOf(spec: string): number {
  if (spec.length === 0) return 9;
  if (spec.length === 1) return spec.charCodeAt(0);
  let hex = spec;
  if (hex.startsWith('0x') || hex.startsWith('0X')) hex = hex.slice(2);
  else if (hex.startsWith('x') || hex.startsWith('X')) hex = hex.slice(1);
  else if (spec === '\\t') return 9;
  else return -1;
  const code = Number.parseInt(hex, 16);
  return Number.isInteger(code) && code > 0 && code < 128 ? code : -1;
}

/** Splits `text[start…]` on `sep` into key/value pairs, calling `take` for each. */
function eachPair(
  text: string,
  start: number,
  sep: number,
  take: (key: string, value: string) => void,
): number {
  let pairs = 0;
  let i = start;
  while (i < text.length) {
    let end = i;
    let eq = -1;
    while (end < text.length && text.charCodeAt(end) !== sep) {
      if (eq < 0 && text.charCodeAt(end) === 61) eq = end;
      end++;
    }
    if (eq > i) {
      take(text.slice(i, eq).trim(), text.slice(eq + 1, end));
      pairs++;
    }
    i = end + 1;
  }
  return pairs;
}

interface Collected {
  src?: string;
  dst?: string;
  sport?: string;
  dport?: string;
  proto?: string;
  action?: string;
  url?: string;
  host?: string;
  device?: string;
  devTime?: string;
}

let c: Collected = {};

function take(key: string, value: string): void {
  if (value.length === 0) return;
  switch (key) {
    case 'src':
    case 'srcIP':
      c.src = value;
      break;
    case 'dst':
    case 'dstIP':
      c.dst = value;
      break;
    case 'srcPort':
      c.sport = value;
      break;
    case 'dstPort':
      c.dport = value;
      break;
    case 'proto':
      c.proto = value;
      break;
    case 'action':
    case 'act':
      c.action = value;
      break;
    case 'url':
    case 'URL':
      c.url = value;
      break;
    case 'dstHost':
    case 'hostname':
      c.host = value;
      break;
    case 'identHostName':
    case 'devName':
      c.device = value;
      break;
    case 'devTime':
      c.devTime = value;
      break;
    default:
      break;
  }
}

const kv = new KvCursor();

function leefTime(value: string, context: ParseContext): string | undefined {
  const first = value.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    let digits = true;
    for (let i = 0; i < value.length; i++) {
      const ch = value.charCodeAt(i);
      if (ch < 48 || ch > 57) {
        digits = false;
        break;
      }
    }
    return digits ? isoFromEpoch(value) : isoFromDateTime(value, context.utcOffsetMinutes);
  }
  return isoFromMonthName(value, context.utcOffsetMinutes, context.year);
}

function parseLeef(line: string, context: ParseContext): ParseOutcome {
  let text = line;
  let host: string | undefined;
  let envelopeTime: string | undefined;
  let at = text.indexOf('LEEF:');
  if (at < 0) return null;
  if (at > 0) {
    const envelope = unwrapSyslog(line, context);
    text = envelope.message;
    host = envelope.host;
    envelopeTime = envelope.time;
    at = text.indexOf('LEEF:');
    if (at < 0) return null;
  }
  const version2 = text.startsWith('LEEF:2', at);
  // header: version | vendor | product | version | event id | [separator (2.0)] |
  let pos = at;
  const header: string[] = [];
  const fieldsWanted = version2 ? 6 : 5;
  while (header.length < fieldsWanted) {
    const pipe = text.indexOf('|', pos);
    if (pipe < 0) {
      if (version2 && header.length === 5) {
        header.push('');
        pos = text.length;
        break;
      }
      return null;
    }
    header.push(text.slice(pos, pipe));
    pos = pipe + 1;
  }
  let sep = 9;
  if (version2) {
    const spec = separatorOf(header[5]!);
    if (spec < 0)
      pos = pos - header[5]!.length - 1; // no separator field after all: it was the extension
    else sep = spec;
  }
  c = {};
  if (sep === 9 && text.indexOf('\t', pos) < 0) {
    kv.reset(text, 32, pos);
    while (kv.next()) take(kv.key, kv.value);
  } else {
    eachPair(text, pos, sep, take);
  }
  const event: LogEvent = { format: 'leef' };
  const src = cleanIp(c.src);
  if (src !== undefined) event.sourceIp = src;
  const dst = cleanIp(c.dst);
  if (dst !== undefined) event.destinationIp = dst;
  const sport = cleanPort(c.sport);
  if (sport !== undefined) event.sourcePort = sport;
  const dport = cleanPort(c.dport);
  if (dport !== undefined) event.destinationPort = dport;
  const protocol = cleanProtocol(c.proto);
  if (protocol !== undefined) event.protocol = protocol;
  if (c.action !== undefined) {
    event.rawAction = c.action;
    event.action = mapAction(c.action);
  }
  setUrl(event, c.url, c.host);
  const time = (c.devTime !== undefined ? leefTime(c.devTime, context) : undefined) ?? envelopeTime;
  if (time !== undefined) event.time = time;
  const device = c.device ?? host;
  if (device !== undefined) event.device = device;
  return event;
}

export const leefFormat: LogFormatDefinition = {
  id: 'leef',
  title: 'IBM QRadar Log Event Extended Format (LEEF 1.0 / 2.0), any vendor',
  detect(line) {
    const at = line.indexOf('LEEF:');
    return at >= 0 && at < 200 && line.indexOf('|', at) > at ? 0.85 : 0;
  },
  parse(line, context) {
    try {
      return parseLeef(line, context);
    } catch {
      return null;
    }
  },
};
