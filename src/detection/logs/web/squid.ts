/**
 * Squid proxy access logs in the two shapes Squid writes:
 * - native `squid` logformat: `time elapsed client code/status bytes method URL user hierarchy/peer
 *   type [extra…]`, e.g. `1700000000.123 45 192.0.2.1 TCP_MISS/200 1234 GET http://example.com/ -
 *   HIER_DIRECT/198.51.100.1 text/html`; fields are separated by runs of spaces.
 * - `common` (CLF) logformat: `client ident user [10/Oct/2000:13:55:36 -0700] "GET URL HTTP/1.1" 200
 *   1234 TCP_MISS:HIER_DIRECT`.
 *
 * CONNECT requests carry `host:port` instead of a URL: urlDomain and destinationPort are set and
 * urlOriginal is not. The upstream address in `HIER_…/address` field is the destination. Action: a result code
 * containing `_DENIED` (`TCP_DENIED`, `TCP_DENIED_REPLY`) (or a CLF status 403/407 with no result code) is blocked, any other result code
 * allowed. Time: native timestamps are epoch seconds (UTC); CLF times carry their zone; a CLF time
 * without a zone (`[05/02/2025 11:30:29]`, month first, seen in some exports) is read at
 * `context.utcOffsetMinutes`.
 */
import type { LogEvent, LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import { unwrapSyslog } from '../network/envelope.js';
import { cleanIp, cleanPort, hostOfUrl, isAbsoluteUrl, mapAction } from '../network/fields.js';
import { isoFromEpoch, isoFromParts, monthFromName, parseOffset, readDigits } from '../network/time.js';

const fields: string[] = [];

function splitSpaces(text: string, max: number): number {
  fields.length = 0;
  let i = 0;
  while (i < text.length && fields.length < max) {
    while (i < text.length && text.charCodeAt(i) === 32) i++;
    if (i >= text.length) break;
    let end = text.indexOf(' ', i);
    if (end < 0) end = text.length;
    fields.push(text.slice(i, end));
    i = end;
  }
  return fields.length;
}

/** Request target into URL fields: absolute URL, `host:port` (CONNECT) or a path. */
function setTarget(event: LogEvent, method: string, target: string): void {
  if (target.length === 0 || target === '-') return;
  if (isAbsoluteUrl(target)) {
    const host = hostOfUrl(target);
    if (host !== undefined) event.urlDomain = host;
    if (method === 'CONNECT') {
      const port = portOfAuthority(target.slice(target.indexOf('://') + 3));
      if (port !== undefined) event.destinationPort = port;
    } else {
      event.urlOriginal = target;
    }
    return;
  }
  if (method === 'CONNECT') {
    const port = portOfAuthority(target);
    if (port !== undefined) event.destinationPort = port;
    const host = hostOfUrl(target);
    if (host !== undefined) {
      if (cleanIp(host) !== undefined) event.destinationIp = host;
      else event.urlDomain = host;
    }
  }
}

function portOfAuthority(authority: string): number | undefined {
  const slash = authority.indexOf('/');
  const hostPort = slash < 0 ? authority : authority.slice(0, slash);
  const colon = hostPort.lastIndexOf(':');
  if (colon < 0 || hostPort.indexOf(']', colon) >= 0) return undefined;
  return cleanPort(hostPort.slice(colon + 1));
}

function setResult(event: LogEvent, code: string): void {
  // `TCP_DENIED/403` or `TCP_MISS:HIER_DIRECT`
  let end = code.indexOf('/');
  if (end < 0) end = code.indexOf(':');
  const result = end < 0 ? code : code.slice(0, end);
  if (result.length === 0 || result === '-') return;
  event.rawAction = result;
  if (result.includes('_DENIED')) event.action = 'blocked';
  else if (result.startsWith('TCP_') || result.startsWith('UDP_')) event.action = 'allowed';
  else event.action = mapAction(result);
}

function parseNative(text: string): ParseOutcome {
  if (splitSpaces(text, 12) < 7) return null;
  const client = cleanIp(fields[2]);
  if (client === undefined) return null;
  const time = isoFromEpoch(fields[0]!);
  if (time === undefined) return null;
  const event: LogEvent = { format: 'squid', time, sourceIp: client, protocol: 'tcp' };
  setResult(event, fields[3]!);
  setTarget(event, fields[5]!, fields[6]!);
  const hierarchy = fields[8];
  if (hierarchy !== undefined) {
    const slash = hierarchy.indexOf('/');
    const peer = slash >= 0 ? cleanIp(hierarchy.slice(slash + 1)) : undefined;
    if (peer !== undefined) event.destinationIp = peer;
  }
  return event;
}

/** `10/Oct/2000:13:55:36 -0700` or `05/02/2025 11:30:29` (month first, no zone). */
function clfTime(text: string, context: ParseContext): string | undefined {
  const day = readDigits(text, 0, 2);
  if (day < 0 || text.charCodeAt(2) !== 47) return undefined;
  const named = monthFromName(text, 3);
  if (named > 0) {
    const year = readDigits(text, 7, 4);
    const hour = readDigits(text, 12, 2);
    const minute = readDigits(text, 15, 2);
    const second = readDigits(text, 18, 2);
    if (year < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
    const offset = text.length > 21 ? parseOffset(text, 21) : undefined;
    return isoFromParts(year, named, day, hour, minute, second, 0, offset ?? context.utcOffsetMinutes);
  }
  const month = day;
  const dayOfMonth = readDigits(text, 3, 2);
  const year = readDigits(text, 6, 4);
  const hour = readDigits(text, 11, 2);
  const minute = readDigits(text, 14, 2);
  const second = readDigits(text, 17, 2);
  if (dayOfMonth < 0 || year < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  return isoFromParts(year, month, dayOfMonth, hour, minute, second, 0, context.utcOffsetMinutes);
}

function parseCommon(text: string, context: ParseContext): ParseOutcome {
  const space = text.indexOf(' ');
  const client = cleanIp(space < 0 ? text : text.slice(0, space));
  const open = text.indexOf(' [');
  const close = text.indexOf('] "', open);
  if (client === undefined || open < 0 || close < 0) return null;
  const event: LogEvent = { format: 'squid', sourceIp: client, protocol: 'tcp' };
  const time = clfTime(text.slice(open + 2, close), context);
  if (time !== undefined) event.time = time;
  const requestEnd = text.indexOf('"', close + 3);
  if (requestEnd < 0) return null;
  const request = text.slice(close + 3, requestEnd).split(' ', 3);
  setTarget(event, request[0] ?? '', request[1] ?? '');
  // ` 200 1234 TCP_MISS:HIER_DIRECT`
  const after = text
    .slice(requestEnd + 1, requestEnd + 400)
    .trim()
    .split(' ', 4);
  const status = after[0];
  const code = after[2];
  if (code !== undefined && code.includes(':') && code.includes('_')) setResult(event, code);
  else if (status === '403' || status === '407') {
    event.rawAction = status;
    event.action = 'blocked';
  }
  return event;
}

function isNativeStart(text: string): boolean {
  const dot = text.indexOf('.');
  const space = text.indexOf(' ');
  return dot >= 9 && dot <= 11 && space > dot && readDigits(text, 0, dot) >= 0;
}

function parseSquid(line: string, context: ParseContext): ParseOutcome {
  let text = line.trim();
  let device: string | undefined;
  const first = text.charCodeAt(0);
  if (!(first >= 48 && first <= 57) && !text.includes(':')) return null;
  if (!isNativeStart(text) && !(text.includes(' [') && text.includes('] "'))) {
    const envelope = unwrapSyslog(text, context);
    text = envelope.message.trim();
    device = envelope.host;
  }
  const event = isNativeStart(text) ? parseNative(text) : parseCommon(text, context);
  if (event !== null && device !== undefined) event.device = device;
  return event;
}

export const squidFormat: LogFormatDefinition = {
  id: 'squid',
  title: 'Squid proxy access.log (native or common log format)',
  detect(line) {
    const text = line.trimStart();
    if (isNativeStart(text)) {
      return text.includes('HIER_') || text.includes('TCP_') || text.includes('NONE') ? 0.95 : 0.5;
    }
    if (text.includes('] "') && (text.includes(' TCP_') || text.includes(':HIER_'))) return 0.9;
    if (text.includes('] "CONNECT ') || text.includes('] "GET http')) return 0.6;
    return 0;
  },
  parse(line, context) {
    try {
      return parseSquid(line, context);
    } catch {
      return null;
    }
  },
};
