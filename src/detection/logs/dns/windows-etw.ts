/**
 * Windows DNS Server analytical events (ETW provider Microsoft-Windows-DNSServer, IDs 256–280:
 * QUERY_RECEIVED, RESPONSE_SUCCESS, RECURSE_QUERY_OUT…), in the three shapes collectors write:
 * - Elastic Agent / Winlogbeat JSON: `winlog.event_data.{QNAME,Source,Destination,Port,TCP…}` with
 *   the ID in `event.code` or `winlog.event_id`;
 * - flat JSON (NXLog and the like): the same fields at the top level with `EventID`;
 * - the event's message text: `QUERY_RECEIVED: TCP=0; InterfaceIP=…; Source=…; QNAME=…; …`
 *   (plain or inside a syslog envelope).
 * Addresses follow the event's own fields, as Elastic maps them: `Source` (+ `Port`) is the source
 * (the client of QUERY_RECEIVED, the upstream of RECURSE_RESPONSE_IN), `Destination` (+ `Port`) the
 * destination (the client a RESPONSE_* goes to, the upstream of RECURSE_QUERY_OUT). A
 * RESPONSE_FAILURE or IGNORED_QUERY caused by a query-resolution policy (a `PolicyName`, or a
 * policy `Reason`) is blocked; everything else is unknown.
 * Time: `@timestamp`/`TimeCreated` carry their zone (UTC when `Z`); a zoneless `EventTime` is local
 * time at `context.utcOffsetMinutes`.
 */
import type { LogEvent, LogFormatDefinition, ParseContext } from '../../model.js';
import { readIsoTimestamp } from '../syslog.js';
import { address, detectWithEnvelope, portAt, questionName, withEnvelope } from './common.js';

const FORMAT = 'windows-dns-etw';

const eventNames = [
  'QUERY_RECEIVED',
  'RESPONSE_SUCCESS',
  'RESPONSE_FAILURE',
  'IGNORED_QUERY',
  'RECURSE_QUERY_OUT',
  'RECURSE_RESPONSE_IN',
  'RECURSE_QUERY_TIMEOUT',
  'DYN_UPDATE_RECV',
  'DYN_UPDATE_RESPONSE',
  'IXFR_REQ_OUT',
  'IXFR_REQ_RECV',
  'IXFR_RESP_OUT',
  'IXFR_RESP_RECV',
  'AXFR_REQ_OUT',
  'AXFR_REQ_RECV',
  'AXFR_RESP_OUT',
  'AXFR_RESP_RECV',
  'XFR_NOTIFY_RECV',
  'XFR_NOTIFY_OUT',
  'XFR_NOTIFY_ACK_IN',
  'XFR_NOTIFY_ACK_OUT',
  'DYN_UPDATE_FORWARD',
  'DYN_UPDATE_RESPONSE_IN',
  'INTERNAL_LOOKUP_CNAME',
  'INTERNAL_LOOKUP_ADDITIONAL',
];
const FIRST_ID = 256;

type Fields = Record<string, unknown>;

function obj(v: unknown): Fields | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Fields) : undefined;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function parseEtw(line: string, context: ParseContext): LogEvent | null {
  const c0 = line.charCodeAt(0);
  if (c0 === 123 /* { */) return parseJson(line, context);
  return parseMessageText(line);
}

function parseJson(line: string, context: ParseContext): LogEvent | null {
  let doc: Fields | undefined;
  try {
    doc = obj(JSON.parse(line));
  } catch {
    return null;
  }
  if (doc === undefined) return null;
  const winlog = obj(doc.winlog);
  const data = obj(winlog?.event_data) ?? obj(doc.event_data) ?? obj(doc.EventData) ?? doc;
  const idText =
    text(obj(doc.event)?.code) ?? text(winlog?.event_id) ?? text(doc.EventID) ?? text(doc.event_id);
  const id = idText === undefined ? NaN : Number(idText);
  const name = eventNames[id - FIRST_ID];
  const provider =
    text(obj(doc.event)?.provider) ??
    text(winlog?.provider_name) ??
    text(doc.ProviderName) ??
    text(doc.SourceName);
  // without an ID in range, insist on the DNS provider so other Windows events are not read
  if (
    name === undefined &&
    !(provider !== undefined && provider.indexOf('DNS') >= 0 && data.QNAME !== undefined)
  ) {
    return null;
  }
  const event = eventFrom((key) => text(data[key]), name ?? 'DNS_EVENT');
  if (event === null) return null;
  const time =
    text(doc['@timestamp']) ??
    text(doc.TimeCreated) ??
    text(obj(doc.TimeCreated)?.SystemTime) ??
    text(doc.EventTime);
  if (time !== undefined) {
    const ts = readIsoTimestamp(time, 0, context.utcOffsetMinutes);
    if (ts?.iso !== undefined) event.time = ts.iso;
  }
  const device =
    text(obj(doc.host)?.name) ?? text(winlog?.computer_name) ?? text(doc.Hostname) ?? text(doc.Computer);
  if (device !== undefined) event.device = device;
  return event;
}

/** `NAME: Key=value; Key=value; …` — the rendered message of an analytical event. */
function parseMessageText(line: string): LogEvent | null {
  const colon = line.indexOf(': ');
  if (colon < 8 || colon > 32) return null;
  const name = line.slice(0, colon);
  if (eventNames.indexOf(name) < 0) return null;
  const fields = new Map<string, string>();
  let i = colon + 2;
  while (i < line.length && fields.size < 32) {
    const eq = line.indexOf('=', i);
    if (eq < 0) break;
    let end = line.indexOf('; ', eq + 1);
    if (end < 0) end = line.length;
    fields.set(line.slice(i, eq).trim(), line.slice(eq + 1, end).trim());
    i = end + 2;
  }
  return eventFrom((key) => fields.get(key), name);
}

function eventFrom(get: (key: string) => string | undefined, name: string): LogEvent | null {
  const qname = get('QNAME');
  const question = qname === undefined ? undefined : questionName(qname);
  const source = address(get('Source') ?? '');
  const destination = address(get('Destination') ?? '');
  if (question === undefined && source === undefined && destination === undefined) return null;
  const event: LogEvent = { format: FORMAT, action: 'unknown', rawAction: name };
  if (question !== undefined) event.dnsQuestionName = question;
  const portText = get('Port');
  const port = portText === undefined ? undefined : portAt(portText, 0, portText.length);
  if (source !== undefined) {
    event.sourceIp = source;
    if (port !== undefined) event.sourcePort = port;
  }
  if (destination !== undefined) {
    event.destinationIp = destination;
    if (port !== undefined && source === undefined) event.destinationPort = port;
  }
  const tcp = get('TCP');
  if (tcp === '1' || tcp === '0') event.protocol = tcp === '1' ? 'tcp' : 'udp';
  if (name === 'RESPONSE_FAILURE' || name === 'IGNORED_QUERY') {
    const policy = get('PolicyName');
    const reason = get('Reason') ?? '';
    if (
      (policy !== undefined && policy !== '' && policy !== 'NULL') ||
      reason.toLowerCase().indexOf('policy') >= 0
    ) {
      event.action = 'blocked';
    }
  }
  return event;
}

function score(line: string): number {
  if (line.charCodeAt(0) === 123) {
    if (line.indexOf('"QNAME"') < 0) return 0;
    return line.indexOf('DNSServer') >= 0 || line.indexOf('DNS-Server') >= 0 || line.indexOf('"EventID"') >= 0
      ? 0.95
      : 0.6;
  }
  const colon = line.indexOf(': ');
  if (colon < 8 || colon > 32) return 0;
  return eventNames.indexOf(line.slice(0, colon)) >= 0 && line.indexOf('QNAME=') > 0 ? 0.95 : 0;
}

export const windowsDnsEtwFormat: LogFormatDefinition = {
  id: 'windows-dns-etw',
  title: 'Windows DNS Server analytical events (ETW; Elastic/Winlogbeat or flat JSON, or message text)',
  detect: (line) => detectWithEnvelope(line, score),
  parse: (line, context) => withEnvelope(line, context, parseEtw),
};
