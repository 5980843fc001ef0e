/**
 * Palo Alto Networks PAN-OS logs in the three shapes they are forwarded in:
 * - syslog CSV (`1,2024/01/12 11:21:15,<serial>,TRAFFIC,end,…`): the common prefix of TRAFFIC, THREAT
 *   and DECRYPTION logs is stable across PAN-OS releases (addresses at 7–8, ports at 24–25, protocol 29,
 *   action 30, THREAT `misc` = URL at 31), later columns move between versions, so only the prefix is read
 *   by position and the device name by the layout of the detected log type. USERID, GLOBALPROTECT,
 *   HIPMATCH, AUTH and CONFIG logs give the client address at their own positions. SYSTEM logs have
 *   no address columns: the peers named in their description (column 14) are read by phrase
 *   (`paloalto-system.ts`), so an authentication attempt from a listed address is seen.
 * - Cortex Data Lake / Strata JSON (`{"LogType":"TRAFFIC","SourceAddress":…}`; SYSTEM records by
 *   their `EventDescription`).
 * - CEF from the Logging Service (`CEF:0|Palo Alto Networks|LF|2.0|TRAFFIC|end|…`; SYSTEM records by
 *   their `msg`, CONFIG records by the administrator's `src`).
 *
 * URL filtering logs carry the URL without a scheme (`www.example.com:443/path`); urlOriginal gets
 * `https://` when the URL or the destination port is 443 and `http://` otherwise, so it is a URL.
 * Time: the high-resolution timestamp with zone (PAN-OS 10+, `2024-01-12T11:21:15.190+01:00`) when the
 * record has one, else the generated time, which is the firewall's local time: read at
 * `context.utcOffsetMinutes`. JSON times are UTC (`Z`); CEF `rt` uses its `dtz`.
 */
import type { LogEvent, LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import { CefCursor, cefTime, findCef, setUrl } from './cef.js';
import { splitCsv } from './csv.js';
import { readSystemDescription } from './paloalto-system.js';
import { unwrapSyslog } from './envelope.js';
import {
  cleanDomain,
  cleanIp,
  cleanPort,
  cleanProtocol,
  hostOfUrl,
  isAbsoluteUrl,
  mapAction,
} from './fields.js';
import { isoFromDateTime, isoFromParts, readDigits } from './time.js';

const cols: string[] = [];

/** `9/16/19 10:00[:ss]` (older PAN-OS and some exports) at `offset`. */
function shortDate(text: string, offset: number): string | undefined {
  const slash1 = text.indexOf('/');
  const slash2 = text.indexOf('/', slash1 + 1);
  const space = text.indexOf(' ', slash2 + 1);
  if (slash1 < 1 || slash2 < 0 || space < 0) return undefined;
  const month = Number(text.slice(0, slash1));
  const day = Number(text.slice(slash1 + 1, slash2));
  let year = Number(text.slice(slash2 + 1, space));
  if (!Number.isInteger(month) || !Number.isInteger(day) || !Number.isInteger(year)) return undefined;
  if (year < 100) year += 2000;
  const colon = text.indexOf(':', space);
  if (colon < 0) return undefined;
  const hour = Number(text.slice(space + 1, colon));
  const minute = readDigits(text, colon + 1, 2);
  const second = text.charCodeAt(colon + 3) === 58 ? readDigits(text, colon + 4, 2) : 0;
  if (!Number.isInteger(hour) || minute < 0 || second < 0) return undefined;
  return isoFromParts(year, month, day, hour, minute, second, 0, offset);
}

function localTime(text: string | undefined, context: ParseContext): string | undefined {
  if (text === undefined || text.length < 8) return undefined;
  return readDigits(text, 0, 4) >= 0
    ? isoFromDateTime(text, context.utcOffsetMinutes)
    : shortDate(text, context.utcOffsetMinutes);
}

/** The PAN-OS 10+ high-resolution timestamp (`yyyy-mm-ddThh:mm:ss.mmm±hh:mm`) among `cols[from…]`. */
function highResolutionTime(from: number): string | undefined {
  for (let i = cols.length - 1; i >= from; i--) {
    const value = cols[i]!;
    if (
      value.length >= 25 &&
      value.length <= 32 &&
      value.charCodeAt(10) === 84 &&
      value.charCodeAt(4) === 45
    ) {
      const time = isoFromDateTime(value, 0);
      if (time !== undefined) return time;
    }
  }
  return undefined;
}

/**
 * A URL-filtering `misc` value as a URL: the scheme PAN-OS leaves out is put back, `http://` for port
 * 80/8080 (written in the URL or, failing that, the destination port) and `https://` otherwise, since
 * URL filtering today mostly sees TLS (SNI) traffic.
 */
export function urlFromMisc(misc: string, port: number | undefined): string {
  if (isAbsoluteUrl(misc)) return misc;
  const slash = misc.indexOf('/');
  const hostPart = slash < 0 ? misc : misc.slice(0, slash);
  const colon = hostPart.lastIndexOf(':');
  const explicit =
    colon >= 0 && !hostPart.includes(']', colon) ? cleanPort(hostPart.slice(colon + 1)) : undefined;
  const effective = explicit ?? port;
  const http = effective === 80 || effective === 8080;
  return (http ? 'http://' : 'https://') + misc;
}

function setAddresses(event: LogEvent, src: string | undefined, dst: string | undefined): void {
  const s = cleanIp(src);
  if (s !== undefined) event.sourceIp = s;
  const d = cleanIp(dst);
  if (d !== undefined) event.destinationIp = d;
}

function setPorts(event: LogEvent, sport: string | undefined, dport: string | undefined): void {
  const s = cleanPort(sport);
  if (s !== undefined) event.sourcePort = s;
  const d = cleanPort(dport);
  if (d !== undefined) event.destinationPort = d;
}

function setAction(event: LogEvent, raw: string | undefined): void {
  if (raw === undefined || raw.length === 0) return;
  event.rawAction = raw;
  event.action = mapAction(raw);
}

/** Device name column per log type (PAN-OS 8.1+ layouts); -1 when the type has none we trust. */
const DEVICE_COLUMN: Readonly<Record<string, number>> = {
  TRAFFIC: 52,
  THREAT: 59,
  USERID: 25,
  GLOBALPROTECT: -1,
  HIPMATCH: 24,
  AUTH: 29,
  CONFIG: 22,
  SYSTEM: 22,
  DECRYPTION: -1,
};

function parseCsv(
  text: string,
  context: ParseContext,
  host: string | undefined,
  envelopeTime: string | undefined,
): ParseOutcome {
  if (splitCsv(text, cols) < 8) return null;
  const type = cols[3]!;
  const event: LogEvent = { format: 'paloalto' };
  switch (type) {
    case 'TRAFFIC':
    case 'THREAT':
    case 'DECRYPTION': {
      if (cols.length < 31) return null;
      setAddresses(event, cols[7], cols[8]);
      setPorts(event, cols[24], cols[25]);
      const protocol = cleanProtocol(cols[29]);
      if (protocol !== undefined) event.protocol = protocol;
      setAction(event, cols[30]);
      if (type === 'THREAT' && cols[4] === 'url' && cols[31] !== undefined && cols[31].length > 0) {
        const url = urlFromMisc(cols[31], event.destinationPort);
        event.urlOriginal = url;
        const domain = hostOfUrl(url);
        if (domain !== undefined) event.urlDomain = domain;
      }
      break;
    }
    case 'USERID':
      setAddresses(event, cols[8], undefined);
      setPorts(event, cols[14], cols[15]);
      break;
    case 'GLOBALPROTECT':
      setAddresses(event, cols[15], undefined);
      setAction(event, cols[8]);
      break;
    case 'HIPMATCH':
      setAddresses(event, cols[11], undefined);
      break;
    case 'AUTH':
      setAddresses(event, cols[8], undefined);
      break;
    case 'CONFIG':
      setAddresses(event, cols[7], undefined);
      setAction(event, cols[9]);
      break;
    case 'SYSTEM':
      // receive time, serial, type, subtype, -, generated time, vsys, event id, object, -, -, module,
      // severity, description
      if (cols.length < 15) return null;
      readSystemDescription(event, cols[14]);
      if (event.sourceIp === undefined && event.destinationIp === undefined) return null;
      if (cols[8] !== undefined && cols[8].length > 0) event.rawAction = cols[8];
      break;
    default:
      return null; // unknown types: nothing known to read
  }
  const time =
    highResolutionTime(type === 'TRAFFIC' || type === 'THREAT' ? 31 : 8) ??
    localTime(cols[6], context) ??
    envelopeTime;
  if (time !== undefined) event.time = time;
  const column = DEVICE_COLUMN[type] ?? -1;
  const named = column >= 0 ? cols[column] : undefined;
  const device = named !== undefined && named.length > 0 ? named : host;
  if (device !== undefined) event.device = device;
  return event;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function parseJson(text: string): ParseOutcome {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return null;
  const r = record as Record<string, unknown>;
  const type = str(r.LogType);
  if (type === undefined || type === 'CONFIG') return null;
  const event: LogEvent = { format: 'paloalto' };
  if (type === 'SYSTEM') {
    readSystemDescription(event, str(r.EventDescription));
    if (event.sourceIp === undefined && event.destinationIp === undefined) return null;
    const name = str(r.EventName);
    if (name !== undefined && name.length > 0) event.rawAction = name;
  }
  setAddresses(
    event,
    str(r.SourceAddress) ?? str(r.SourceIP) ?? str(r.PublicIPv4),
    str(r.DestinationAddress) ?? str(r.DNSResolverIP),
  );
  setPorts(event, str(r.SourcePort), str(r.DestinationPort));
  setAction(event, str(r.Action));
  const protocol = cleanProtocol(str(r.Protocol));
  if (protocol !== undefined) event.protocol = protocol;
  const url = str(r.URL);
  if (type === 'THREAT' && str(r.Subtype) === 'url' && url !== undefined && url.length > 0) {
    const full = urlFromMisc(url, event.destinationPort);
    event.urlOriginal = full;
    const domain = hostOfUrl(full);
    if (domain !== undefined) event.urlDomain = domain;
  }
  const query = cleanDomain(str(r.DNSQuery) ?? str(r.QueryName));
  if (query !== undefined) event.dnsQuestionName = query;
  const generated = str(r.TimeGenerated) ?? str(r.EventTime);
  if (generated !== undefined) {
    const time = isoFromDateTime(generated, 0);
    if (time !== undefined) event.time = time;
  }
  const device = str(r.DeviceName) ?? str(r.LogSourceName);
  if (device !== undefined && device.length > 0) event.device = device;
  return event;
}

const cef = new CefCursor();

function parseCef(text: string, at: number, context: ParseContext, host: string | undefined): ParseOutcome {
  if (!cef.reset(text, at)) return null;
  const type = cef.signatureId;
  const isUrl = type === 'THREAT' && cef.name === 'url';
  const event: LogEvent = { format: 'paloalto' };
  let src: string | undefined;
  let dst: string | undefined;
  let request: string | undefined;
  let when: string | undefined;
  let dtz: string | undefined;
  let device = host;
  while (cef.next()) {
    const value = cef.value;
    if (value.length === 0) continue;
    switch (cef.key) {
      case 'src':
        src = value;
        break;
      case 'dst':
        dst = value;
        break;
      case 'spt':
        setPorts(event, value, undefined);
        break;
      case 'dpt':
        setPorts(event, undefined, value);
        break;
      case 'proto': {
        const protocol = cleanProtocol(value);
        if (protocol !== undefined) event.protocol = protocol;
        break;
      }
      case 'act':
        // a CONFIG record's act is the command (`commit-all`), not a verdict
        if (type === 'CONFIG') event.rawAction = value;
        else setAction(event, value);
        break;
      case 'msg':
        if (type === 'SYSTEM') readSystemDescription(event, value);
        break;
      case 'request':
        request = value;
        break;
      case 'rt':
        when = value;
        break;
      case 'dtz':
        dtz = value;
        break;
      case 'dvchost':
        device = value;
        break;
      default:
        break;
    }
  }
  setAddresses(event, src, dst);
  if (type === 'SYSTEM' && event.sourceIp === undefined && event.destinationIp === undefined) return null;
  if (isUrl && request !== undefined && request.includes('.')) {
    setUrl(event, urlFromMisc(request, event.destinationPort), undefined);
  }
  if (when !== undefined) {
    const time = cefTime(when, dtz, context);
    if (time !== undefined) event.time = time;
  }
  if (device !== undefined) event.device = device;
  return event;
}

function parsePaloAlto(line: string, context: ParseContext): ParseOutcome {
  let text = line;
  let host: string | undefined;
  let envelopeTime: string | undefined;
  let first = text.charCodeAt(0);
  if (first === 32) {
    text = text.trim();
    first = text.charCodeAt(0);
  }
  if (first === 123) return parseJson(text);
  if (!(first >= 48 && first <= 57 && text.charCodeAt(1) === 44) && !text.startsWith('CEF:')) {
    const envelope = unwrapSyslog(line, context);
    text = envelope.message;
    host = envelope.host;
    envelopeTime = envelope.time;
  }
  const cefAt = findCef(text);
  if (cefAt >= 0 && cefAt < 4) return parseCef(text, cefAt, context, host);
  return parseCsv(text, context, host, envelopeTime);
}

const LOG_TYPES = [
  ',TRAFFIC,',
  ',THREAT,',
  ',DECRYPTION,',
  ',USERID,',
  ',GLOBALPROTECT,',
  ',HIPMATCH,',
  ',AUTH,',
  ',SYSTEM,',
  ',CONFIG,',
];

export const paloaltoFormat: LogFormatDefinition = {
  id: 'paloalto',
  title: 'Palo Alto Networks PAN-OS traffic/threat log (syslog CSV, CDL JSON or CEF)',
  detect(line) {
    if (line.includes('CEF:0|Palo Alto Networks|')) return 0.95;
    if (line.includes('"LogType"') && (line.includes('"DeviceSN"') || line.includes('"LogSourceID"')))
      return 0.9;
    const head = line.length > 400 ? line.slice(0, 400) : line;
    for (const type of LOG_TYPES) {
      const at = head.indexOf(type);
      // `1,<receive time>,<serial>,TYPE,`: the type is the fourth column
      if (at > 0 && head.lastIndexOf('1,', at) >= 0 && head.includes(',vsys')) return 0.9;
      if (at > 0) return 0.6;
    }
    return 0;
  },
  parse(line, context) {
    try {
      return parsePaloAlto(line, context);
    } catch {
      return null;
    }
  },
};
