/**
 * Suricata EVE JSON (`eve.json`), one event per line: `{"timestamp":"2024-01-07T19:54:41.712927+0000",
 * "event_type":"alert","src_ip":…,"src_port":…,"dest_ip":…,"dest_port":…,"proto":"TCP",…}`, bare or in
 * a syslog envelope (`suricata[123]: {…}`).
 *
 * Per event type: dns `dns.rrname` (EVE v1/v2) or `dns.queries[].rrname` (v3, Suricata 8) as the
 * question, A/AAAA answers from `dns.answers[].rdata` or `dns.grouped`; http `http.hostname`
 * (urlDomain) and `http.url` (urlOriginal, as logged: usually a path); tls `tls.sni` (urlDomain); alert
 * `alert.action` (`allowed`/`blocked`, IPS mode); `drop` events are blocked. Flow, fileinfo, anomaly,
 * ssh, smb… give their 5-tuple; stats and other records without addresses yield null. The address
 * order is Suricata's (for DNS answers the server is the source). Time: `timestamp`, which carries its
 * zone.
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
import { isoFromDateTime } from '../network/time.js';

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function readDns(event: LogEvent, dns: Json): void {
  let name = str(dns.rrname);
  const queries = dns.queries;
  if (name === undefined && Array.isArray(queries)) name = str(obj(queries[0])?.rrname);
  const question = cleanDomain(name);
  if (question !== undefined) event.dnsQuestionName = question;
  const ips: string[] = [];
  const answers = dns.answers;
  if (Array.isArray(answers)) {
    for (const answer of answers) {
      const a = obj(answer);
      if (a === undefined || (a.rrtype !== 'A' && a.rrtype !== 'AAAA')) continue;
      const ip = cleanIp(str(a.rdata));
      if (ip !== undefined) ips.push(ip);
    }
  }
  const grouped = obj(dns.grouped);
  if (grouped !== undefined) {
    for (const type of ['A', 'AAAA']) {
      const list = grouped[type];
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        const ip = cleanIp(str(item));
        if (ip !== undefined) ips.push(ip);
      }
    }
  }
  if (ips.length > 0) event.dnsAnswers = ips;
  const rcode = str(dns.rcode);
  if (rcode !== undefined) event.rawAction = rcode;
}

function readHttp(event: LogEvent, http: Json): void {
  const host = cleanDomain(str(http.hostname));
  const url = str(http.url);
  if (url !== undefined) event.urlOriginal = url;
  if (host !== undefined) event.urlDomain = host;
  else if (url !== undefined && isAbsoluteUrl(url)) {
    const fromUrl = hostOfUrl(url);
    if (fromUrl !== undefined) event.urlDomain = fromUrl;
  }
}

function parseRecord(record: Json, context: ParseContext): ParseOutcome {
  const event: LogEvent = { format: 'suricata-eve' };
  const src = cleanIp(str(record.src_ip));
  if (src !== undefined) event.sourceIp = src;
  const sport = cleanPort(str(record.src_port));
  if (sport !== undefined) event.sourcePort = sport;
  const dst = cleanIp(str(record.dest_ip));
  if (dst !== undefined) event.destinationIp = dst;
  const dport = cleanPort(str(record.dest_port));
  if (dport !== undefined) event.destinationPort = dport;
  const protocol = cleanProtocol(str(record.proto));
  if (protocol !== undefined) event.protocol = protocol;
  const dns = obj(record.dns);
  if (dns !== undefined) readDns(event, dns);
  const http = obj(record.http);
  if (http !== undefined) readHttp(event, http);
  const tls = obj(record.tls);
  const sni = tls === undefined ? undefined : cleanDomain(str(tls.sni));
  if (sni !== undefined && event.urlDomain === undefined) event.urlDomain = sni;
  const type = str(record.event_type);
  const alert = obj(record.alert);
  if (type === 'drop') {
    event.rawAction = 'drop';
    event.action = 'blocked';
  } else if (alert !== undefined) {
    const action = str(alert.action);
    if (action !== undefined) {
      event.rawAction = action;
      event.action = mapAction(action);
    }
  }
  const timestamp = str(record.timestamp) ?? str(record['@timestamp']);
  if (timestamp !== undefined) {
    const time = isoFromDateTime(timestamp, context.utcOffsetMinutes);
    if (time !== undefined) event.time = time;
  }
  const host = str(record.host);
  if (host !== undefined && typeof record.host === 'string') event.device = host;
  const useful =
    event.sourceIp !== undefined ||
    event.destinationIp !== undefined ||
    event.dnsQuestionName !== undefined ||
    event.urlDomain !== undefined;
  return useful ? event : null;
}

function parseEve(line: string, context: ParseContext): ParseOutcome {
  let text = line.trim();
  if (text.charCodeAt(0) !== 123) {
    text = unwrapSyslog(text, context).message.trim();
    if (text.charCodeAt(0) !== 123) return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const record = obj(parsed);
  return record === undefined ? null : parseRecord(record, context);
}

export const suricataEveFormat: LogFormatDefinition = {
  id: 'suricata-eve',
  title: 'Suricata EVE JSON (alert, drop, dns, http, tls, flow…)',
  detect(line) {
    if (!line.includes('{')) return 0;
    if (line.includes('"event_type"') && (line.includes('"src_ip"') || line.includes('"flow_id"')))
      return 0.95;
    if (line.includes('"event_type"') && line.includes('"timestamp"')) return 0.6;
    // shippers that move event_type elsewhere still leave Suricata's flow_id beside the 5-tuple
    if (line.includes('"flow_id"') && line.includes('"src_ip"') && line.includes('"dest_ip"')) return 0.85;
    return 0;
  },
  parse(line, context) {
    try {
      return parseEve(line, context);
    } catch {
      return null;
    }
  },
};
