/**
 * The mapping from Zeek log fields to a LogEvent, shared by the TSV and JSON readers so both flavours
 * of the same log give the same event. Fields are fetched through a getter, so each reader keeps its
 * own storage (column array or parsed JSON) and nothing is copied.
 *
 * Every log: `id.orig_h`/`id.orig_p` (source), `id.resp_h`/`id.resp_p` (destination), `proto`.
 * dns.log: `query` (dnsQuestionName), address `answers` (dnsAnswers), `rcode_name` (rawAction).
 * http.log: `host` (urlDomain) and `uri` (urlOriginal, as logged: a path for direct requests, a full
 * URL for proxied ones — like the other sensors, the URL is not rebuilt). ssl.log: `server_name` (SNI, as urlDomain). Zeek watches traffic, it does not
 * filter it: action stays unknown. `ts` is epoch seconds or ISO-8601, both UTC.
 */
import type { LogEvent } from '../../model.js';
import {
  cleanDomain,
  cleanIp,
  cleanPort,
  cleanProtocol,
  hostOfUrl,
  isAbsoluteUrl,
} from '../network/fields.js';
import { isoFromDateTime, isoFromEpoch } from '../network/time.js';

/** Returns the text of a field, undefined when unset (`-`), empty or absent. */
export type ZeekGetter = (name: string) => string | undefined;

/** Zeek `ts`: `1521911720.615923` or `2018-03-24T17:15:20.615923Z`. */
export function zeekTime(ts: string | undefined): string | undefined {
  if (ts === undefined) return undefined;
  return ts.charCodeAt(4) === 45 ? isoFromDateTime(ts, 0) : isoFromEpoch(ts);
}

/**
 * Builds the event of one Zeek record; `path` is the log name (`dns`, `http`…) when known, else it is
 * inferred from the fields. Null when the record names no address, query, host or SNI.
 */
export function zeekEvent(
  format: string,
  path: string | undefined,
  get: ZeekGetter,
  answers?: string[],
): LogEvent | null {
  const event: LogEvent = { format };
  const time = zeekTime(get('ts'));
  if (time !== undefined) event.time = time;
  const src = cleanIp(get('id.orig_h'));
  if (src !== undefined) event.sourceIp = src;
  const sport = cleanPort(get('id.orig_p'));
  if (sport !== undefined) event.sourcePort = sport;
  const dst = cleanIp(get('id.resp_h'));
  if (dst !== undefined) event.destinationIp = dst;
  const dport = cleanPort(get('id.resp_p'));
  if (dport !== undefined) event.destinationPort = dport;
  const protocol = cleanProtocol(get('proto'));
  if (protocol !== undefined) event.protocol = protocol;
  const kind = path ?? inferPath(get);
  if (kind === 'dns') {
    const query = cleanDomain(get('query'));
    if (query !== undefined) event.dnsQuestionName = query;
    if (answers !== undefined && answers.length > 0) {
      const ips: string[] = [];
      for (const answer of answers) {
        const ip = cleanIp(answer);
        if (ip !== undefined) ips.push(ip);
      }
      if (ips.length > 0) event.dnsAnswers = ips;
    }
    const rcode = get('rcode_name');
    if (rcode !== undefined) event.rawAction = rcode;
  } else if (kind === 'http') {
    const host = get('host');
    const uri = get('uri');
    const domain = cleanDomain(host === undefined ? undefined : stripPort(host));
    if (domain !== undefined) event.urlDomain = domain;
    if (uri !== undefined) event.urlOriginal = uri;
    if (domain === undefined && uri !== undefined && isAbsoluteUrl(uri)) {
      const fromUri = hostOfUrl(uri);
      if (fromUri !== undefined) event.urlDomain = fromUri;
    }
  } else if (kind === 'ssl') {
    const sni = cleanDomain(get('server_name'));
    if (sni !== undefined) event.urlDomain = sni;
  }
  const useful =
    event.sourceIp !== undefined ||
    event.destinationIp !== undefined ||
    event.dnsQuestionName !== undefined ||
    event.urlDomain !== undefined;
  return useful ? event : null;
}

function stripPort(host: string): string {
  if (host.charCodeAt(0) === 91) return host; // [v6]:port: cleanDomain leaves it, hostOf… not needed
  const colon = host.indexOf(':');
  return colon > 0 && host.indexOf(':', colon + 1) < 0 ? host.slice(0, colon) : host;
}

function inferPath(get: ZeekGetter): string | undefined {
  if (get('query') !== undefined || get('trans_id') !== undefined) return 'dns';
  if (get('uri') !== undefined || get('method') !== undefined) return 'http';
  if (get('server_name') !== undefined || get('cipher') !== undefined) return 'ssl';
  return undefined;
}
