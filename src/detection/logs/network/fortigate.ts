/**
 * FortiGate (FortiOS) logs: traffic, UTM (web filter, DNS filter, IPS, app control, antivirus) and event
 * logs, in the three shapes FortiOS can send: space-separated `key=value` (the default), comma-separated
 * `key=value` ("CSV" mode) and CEF (`CEF:0|Fortinet|Fortigate|…` with `FTNTFGT`-prefixed extension keys).
 * All three go through the same key handler, so a field means the same whatever the shape.
 *
 * Time: `eventtime` (epoch in s, µs or ns depending on the firmware) is absolute and preferred; otherwise
 * `date` + `time` are the device's local time, at the log's own `tz` (`+0700`, `UTC+2`) when present and
 * at `context.utcOffsetMinutes` when not; then `timestamp`/`itime` (epoch seconds).
 * Addresses: srcip/dstip and ports; VPN and admin event logs carry the peer in `remip`/`locip`, `userip`
 * or `ui="GUI(192.0.2.1)"`, used when the log has no srcip. Domains: `qname` (DNS filter, sometimes in
 * brackets), `hostname` with `url` (web filter, IPS, app control). Action: `action`.
 */
import type { LogEvent, LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import { CefCursor, findCef, setUrl } from './cef.js';
import { unwrapSyslog } from './envelope.js';
import { cleanDomain, cleanIp, cleanPort, cleanProtocol, mapAction } from './fields.js';
import { KvCursor } from './kv.js';
import { isoFromDateTime, isoFromEpoch, isoFromMonthName, parseOffset } from './time.js';

/** What the key handler collects from one line before the event is built. */
interface Fields {
  srcip?: string;
  dstip?: string;
  srcport?: string;
  dstport?: string;
  fallbackSrc?: string;
  fallbackDst?: string;
  fallbackSrcPort?: string;
  fallbackDstPort?: string;
  proto?: string;
  action?: string;
  hostname?: string;
  url?: string;
  qname?: string;
  answers?: string;
  devname?: string;
  date?: string;
  time?: string;
  tz?: string;
  eventtime?: string;
  epoch?: string;
  start?: string;
  keys: number;
}

let fields: Fields = { keys: 0 };

/** Text between parentheses that is an address: `GUI(192.0.2.1)`, `ssh(192.0.2.1)`, or a bare address. */
function addressIn(value: string): string | undefined {
  const open = value.indexOf('(');
  if (open < 0) return cleanIp(value);
  const close = value.indexOf(')', open);
  return close < 0 ? undefined : cleanIp(value.slice(open + 1, close));
}

/**
 * CEF records are read first-value-wins: a relay that glued a second log onto a CEF line (seen in real
 * exports) must not overwrite the first record's fields. Native key=value logs have no duplicates.
 */
let firstWins = false;

type Slot = Exclude<keyof Fields, 'keys'>;

function put(slot: Slot, value: string | undefined): void {
  if (value === undefined || (firstWins && fields[slot] !== undefined)) return;
  fields[slot] = value;
}

function take(key: string, value: string): void {
  fields.keys++;
  switch (key) {
    case 'srcip':
    case 'src':
      put('srcip', value);
      break;
    case 'dstip':
    case 'dst':
      put('dstip', value);
      break;
    case 'srcport':
    case 'spt':
      put('srcport', value);
      break;
    case 'dstport':
    case 'dpt':
      put('dstport', value);
      break;
    case 'remip':
    case 'userip':
    case 'ip':
      if (fields.fallbackSrc === undefined) put('fallbackSrc', value);
      break;
    case 'ui':
    case 'sproc':
      if (fields.fallbackSrc === undefined) put('fallbackSrc', addressIn(value));
      break;
    case 'locip':
      if (fields.fallbackDst === undefined) put('fallbackDst', value);
      break;
    case 'remport':
      put('fallbackSrcPort', value);
      break;
    case 'locport':
      put('fallbackDstPort', value);
      break;
    case 'proto':
      put('proto', value);
      break;
    case 'action':
    case 'act':
      if (value.length > 0) put('action', value);
      break;
    case 'hostname':
    case 'dhost':
      put('hostname', value);
      break;
    case 'url':
    case 'request':
      put('url', value);
      break;
    case 'qname':
      put('qname', value);
      break;
    case 'ipaddr':
      put('answers', value);
      break;
    case 'devname':
    case 'dvchost':
      put('devname', value);
      break;
    case 'date':
      put('date', value);
      break;
    case 'time':
      put('time', value);
      break;
    case 'tz':
      put('tz', value);
      break;
    case 'eventtime':
      put('eventtime', value);
      break;
    case 'timestamp':
    case 'itime':
      if (fields.epoch === undefined) put('epoch', value);
      break;
    case 'start':
      put('start', value);
      break;
    default:
      break;
  }
}

/** `FTNTFGTsrcip`, `FortinetFortiGatesrcip`, `ad.srcip` → `srcip`. */
function unprefixed(key: string): string {
  if (key.startsWith('FTNTFGT')) return key.slice(7);
  if (key.startsWith('FortinetFortiGate')) return key.slice(17);
  const dot = key.indexOf('.');
  return dot >= 0 ? key.slice(dot + 1) : key;
}

function resolveTime(context: ParseContext): string | undefined {
  const f = fields;
  if (f.eventtime !== undefined) {
    const t = isoFromEpoch(f.eventtime);
    if (t !== undefined) return t;
  }
  const offset = (f.tz !== undefined ? parseOffset(f.tz) : undefined) ?? context.utcOffsetMinutes;
  if (f.date !== undefined && f.time !== undefined) {
    const t = isoFromDateTime(`${f.date} ${f.time}`, offset);
    if (t !== undefined) return t;
  }
  if (f.epoch !== undefined) {
    const t = isoFromEpoch(f.epoch);
    if (t !== undefined) return t;
  }
  if (f.start !== undefined) return isoFromMonthName(f.start, offset, context.year);
  return undefined;
}

function build(
  context: ParseContext,
  envelopeHost: string | undefined,
  envelopeTime: string | undefined,
): LogEvent {
  const f = fields;
  const event: LogEvent = { format: 'fortigate' };
  const time = resolveTime(context) ?? envelopeTime;
  if (time !== undefined) event.time = time;
  const src = cleanIp(f.srcip) ?? cleanIp(f.fallbackSrc);
  if (src !== undefined) event.sourceIp = src;
  const dst = cleanIp(f.dstip) ?? cleanIp(f.fallbackDst);
  if (dst !== undefined) event.destinationIp = dst;
  const sport = cleanPort(f.srcport) ?? cleanPort(f.fallbackSrcPort);
  if (sport !== undefined) event.sourcePort = sport;
  const dport = cleanPort(f.dstport) ?? cleanPort(f.fallbackDstPort);
  if (dport !== undefined) event.destinationPort = dport;
  const qname = cleanDomain(f.qname);
  if (qname !== undefined) event.dnsQuestionName = qname;
  if (f.answers !== undefined) {
    const answers: string[] = [];
    for (const part of f.answers.split(',')) {
      const ip = cleanIp(part.trim());
      if (ip !== undefined) answers.push(ip);
    }
    if (answers.length > 0) event.dnsAnswers = answers;
  }
  setUrl(event, f.url, f.hostname);
  if (f.action !== undefined) {
    event.rawAction = f.action;
    event.action = mapAction(f.action);
  }
  const device = f.devname ?? envelopeHost;
  if (device !== undefined && device.length > 0) event.device = device;
  const protocol = cleanProtocol(f.proto);
  if (protocol !== undefined) event.protocol = protocol;
  return event;
}

const kv = new KvCursor();
const cef = new CefCursor();

/** Space or comma: FortiOS "CSV" mode separates pairs with commas and no spaces. */
function separatorOf(text: string): number {
  const eq = text.indexOf('=');
  if (eq < 0) return 32;
  for (let i = eq + 1; i < text.length && i < eq + 200; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) {
      const close = text.indexOf('"', i + 1);
      if (close < 0) return 32;
      i = close;
      continue;
    }
    if (ch === 32) return 32;
    if (ch === 44) return 44;
  }
  return 32;
}

function isFortinetCef(text: string, at: number): boolean {
  return text.startsWith('Fortinet|', text.indexOf('|', at) + 1);
}

function parseFortigate(line: string, context: ParseContext): ParseOutcome {
  let text = line;
  let host: string | undefined;
  let envelopeTime: string | undefined;
  if (!looksBare(line)) {
    const envelope = unwrapSyslog(line, context);
    text = envelope.message;
    host = envelope.host;
    envelopeTime = envelope.time;
  }
  fields = { keys: 0 };
  const cefAt = findCef(text);
  if (cefAt >= 0 && cefAt < 4 && isFortinetCef(text, cefAt)) {
    if (!cef.reset(text, cefAt)) return null;
    firstWins = true;
    while (cef.next()) take(unprefixed(cef.key), cef.value);
  } else {
    firstWins = false;
    kv.reset(text, separatorOf(text));
    while (kv.next()) take(kv.key, kv.value);
  }
  if (fields.keys < 3) return null;
  return build(context, host, envelopeTime);
}

/** The line starts with a FortiOS field (or CEF record) rather than a syslog header. */
function looksBare(line: string): boolean {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  const eq = line.indexOf('=', i);
  const space = line.indexOf(' ', i);
  if (eq > i && (space < 0 || eq < space)) return true;
  return line.startsWith('CEF:', i) || (line.charCodeAt(i) === 48 && line.charCodeAt(i + 1) === 124);
}

const SIGNATURE_KEYS = ['logid=', 'devid=', 'eventtime=', 'subtype=', 'vd=', 'devname=', 'logdesc='];

export const fortigateFormat: LogFormatDefinition = {
  id: 'fortigate',
  title: 'FortiGate traffic/UTM/event log (key=value, CSV or CEF)',
  detect(line) {
    const cefAt = findCef(line);
    if (cefAt >= 0 && cefAt < 300) return isFortinetCef(line, cefAt) ? 0.95 : 0;
    let hits = 0;
    for (const key of SIGNATURE_KEYS) if (line.includes(key)) hits++;
    return hits >= 3 ? 0.95 : hits === 2 ? 0.7 : 0;
  },
  parse(line, context) {
    try {
      return parseFortigate(line, context);
    } catch {
      return null;
    }
  },
};
