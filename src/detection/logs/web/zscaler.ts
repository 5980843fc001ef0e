/**
 * Zscaler Internet Access NSS feeds (web, firewall, DNS, tunnel, audit, CASB). NSS output is a
 * template chosen per feed; the shapes read here are the JSON templates Zscaler documents for SIEMs —
 * `{"sourcetype":"zscalernss-web","event":{…}}` or the bare event object, one per line (pretty-printed
 * records are accepted too) — and `key=value` templates using the same field names.
 *
 * Fields by feed: web `ClientIP`/`cip`, `serverip`/`sip`, `url` (logged without a scheme, kept as
 * logged), `hostname`, `action`; firewall `csip`/`csport` (client) and `sdip`/`sdport` (server, else
 * the client-side destination `cdip`/`cdport`); DNS `clt_sip`, `srv_dip`, `srv_dport`, `dns_req`,
 * `reqaction`/`resaction`; tunnel `sourceip`, `destinationip`, `sourceport`; audit `clientip`; CASB
 * `fullurl`. Time: `datetime`/`time` as `2023-08-28 15:43:14` or `Mon Aug 28 08:04:30 2023`, the feed's
 * configured zone being unknown to the parser: read at `context.utcOffsetMinutes`; epoch `epochtime` is
 * UTC.
 */
import type { LogEvent, LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import { unwrapSyslog } from '../network/envelope.js';
import {
  cleanDomain,
  cleanIp,
  cleanPort,
  cleanProtocol,
  hostOfUrl,
  isAbsoluteUrl,
  mapAction,
} from '../network/fields.js';
import { KvCursor } from '../network/kv.js';
import { isoFromDateTime, isoFromEpoch, isoFromMonthName } from '../network/time.js';

type Fields = Record<string, string>;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** First present, non-placeholder value among `keys`. */
function pick(f: Fields, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = f[key];
    if (value !== undefined && value !== '' && value !== 'None' && value !== 'NA' && value !== 'N/A')
      return value;
  }
  return undefined;
}

/** `Mon Aug 28 08:04:30 2023` (weekday first, year last). */
function ctimeToIso(value: string, context: ParseContext): string | undefined {
  if (value.length < 24 || value.charCodeAt(3) !== 32) return undefined;
  const year = value.slice(-4);
  return isoFromMonthName(
    `${value.slice(4, 10)} ${year} ${value.slice(11, 19)}`,
    context.utcOffsetMinutes,
    context.year,
  );
}

function eventFrom(f: Fields, context: ParseContext): ParseOutcome {
  const event: LogEvent = { format: 'zscaler' };
  const src = cleanIp(pick(f, 'ClientIP', 'cip', 'csip', 'clt_sip', 'sourceip', 'clientip', 'src'));
  if (src !== undefined) event.sourceIp = src;
  const dst = cleanIp(pick(f, 'serverip', 'sip', 'sdip', 'cdip', 'srv_dip', 'destinationip', 'dst'));
  if (dst !== undefined) event.destinationIp = dst;
  const sport = cleanPort(pick(f, 'csport', 'sourceport', 'clt_sport', 'srcport'));
  if (sport !== undefined) event.sourcePort = sport;
  const dport = cleanPort(pick(f, 'sdport', 'cdport', 'srv_dport', 'destinationport', 'dstport'));
  if (dport !== undefined) event.destinationPort = dport;
  const query = cleanDomain(pick(f, 'dns_req'));
  if (query !== undefined) event.dnsQuestionName = query;
  const url = pick(f, 'url', 'fullurl', 'eurl');
  if (url !== undefined) {
    event.urlOriginal = url;
    const host = isAbsoluteUrl(url) ? hostOfUrl(url) : hostOfUrl(`http://${url}`);
    if (host !== undefined) event.urlDomain = host;
  }
  const hostname = cleanDomain(pick(f, 'hostname', 'ehost'));
  if (hostname !== undefined && cleanIp(hostname) === undefined) event.urlDomain = hostname;
  const action = pick(f, 'action', 'reqaction', 'resaction');
  if (action !== undefined) {
    event.rawAction = action;
    event.action = mapAction(action);
  }
  const protocol = cleanProtocol(pick(f, 'proto', 'ipproto'));
  if (protocol !== undefined) event.protocol = protocol;
  const epoch = pick(f, 'epochtime');
  const when = epoch !== undefined ? isoFromEpoch(epoch) : pick(f, 'datetime', 'time');
  if (when !== undefined) {
    const time =
      epoch !== undefined
        ? when
        : (isoFromDateTime(when, context.utcOffsetMinutes) ?? ctimeToIso(when, context));
    if (time !== undefined) event.time = time;
  }
  const device = pick(f, 'devicehostname');
  if (device !== undefined && device.trim().length > 0) event.device = device;
  const anything =
    event.sourceIp !== undefined ||
    event.destinationIp !== undefined ||
    event.urlOriginal !== undefined ||
    event.dnsQuestionName !== undefined;
  return anything ? event : null;
}

function fromJson(body: string, context: ParseContext): ParseOutcome {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  let record = parsed as Record<string, unknown>;
  const inner = record.event;
  if (typeof inner === 'object' && inner !== null && !Array.isArray(inner))
    record = inner as Record<string, unknown>;
  const f = Object.create(null) as Fields;
  for (const key of Object.keys(record)) {
    const value = text(record[key]);
    if (value !== undefined) f[key] = value;
  }
  return eventFrom(f, context);
}

const kv = new KvCursor();

function fromKeyValues(body: string, context: ParseContext): ParseOutcome {
  const f = Object.create(null) as Fields;
  let pairs = 0;
  kv.reset(body, body.includes('\t') ? 9 : 32);
  while (kv.next()) {
    f[kv.key] = kv.value;
    pairs++;
  }
  return pairs >= 3 ? eventFrom(f, context) : null;
}

function parseZscaler(line: string, context: ParseContext): ParseOutcome {
  const trimmed = line.trim();
  if (trimmed.charCodeAt(0) === 123) return fromJson(trimmed, context);
  const envelope = unwrapSyslog(trimmed, context);
  const body = envelope.message.trim();
  const event = body.charCodeAt(0) === 123 ? fromJson(body, context) : fromKeyValues(body, context);
  if (event !== null) {
    if (event.time === undefined && envelope.time !== undefined) event.time = envelope.time;
    if (event.device === undefined && envelope.host !== undefined) event.device = envelope.host;
  }
  return event;
}

export const zscalerFormat: LogFormatDefinition = {
  id: 'zscaler',
  title: 'Zscaler Internet Access NSS feed (web, firewall, DNS; JSON or key=value)',
  detect(line) {
    if (line.includes('"zscalernss-')) return 0.95;
    if (line.includes('"ClientIP"') && line.includes('"urlcategory"')) return 0.9;
    if (line.includes('"clt_sip"') || (line.includes('"csip"') && line.includes('"sdip"'))) return 0.9;
    if (line.includes('urlcategory=') && line.includes('action=')) return 0.7;
    return 0;
  },
  parse(line, context) {
    try {
      return parseZscaler(line, context);
    } catch {
      return null;
    }
  },
};
