/**
 * OpenBSD / FreeBSD pf packet-filter logs as `tcpdump -n -e -r /var/log/pflog` prints them (also what
 * `tcpdump -l -e -i pflog0 | logger` sends to syslog):
 * `[time ]rule 3/(match) block in on em0: 192.0.2.1.5555 > 198.51.100.1.80: S 1:1(0) win 512`
 * (IPv6 endpoints as `2001:db8::1.5555`, ICMP without ports, anchors as `rule 1.anchor.2/(match)`), and
 * pfSense-style `filterlog` CSV records, which some pf exporters forward instead.
 *
 * The protocol follows from the payload tcpdump decodes (`icmp:`, `udp`, TCP flags); a decoded DNS
 * question (`12345+ A? www.example.com. (33)`) gives dnsQuestionName. Time: a leading `yyyy-mm-dd
 * hh:mm:ss[.frac]` or `Mon dd hh:mm:ss[.frac]` stamp (tcpdump prints local time: read at
 * `context.utcOffsetMinutes`), else the syslog envelope's.
 */
import type { LogEvent, LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import { unwrapSyslog } from './envelope.js';
import { cleanDomain, cleanIp, mapAction, portAt } from './fields.js';
import { looksLikeFilterlog, parseFilterlogRecord } from './pfsense.js';
import { isoFromDateTime, isoFromMonthName } from './time.js';

const QTYPES = new Set([
  'A',
  'AAAA',
  'MX',
  'TXT',
  'PTR',
  'ANY',
  'CNAME',
  'NS',
  'SOA',
  'SRV',
  'HTTPS',
  'SVCB',
  'NAPTR',
  'CAA',
]);

/** `addr.port` or a bare address (ICMP). */
function endpoint(event: LogEvent, token: string, source: boolean): boolean {
  let ip = cleanIp(token);
  let port: number | undefined;
  if (ip === undefined) {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return false;
    ip = cleanIp(token.slice(0, dot));
    port = portAt(token, dot + 1, token.length);
    if (ip === undefined || port === undefined) return false;
  }
  if (source) {
    event.sourceIp = ip;
    if (port !== undefined) event.sourcePort = port;
  } else {
    event.destinationIp = ip;
    if (port !== undefined) event.destinationPort = port;
  }
  return true;
}

function isTcpFlags(payload: string): boolean {
  if (payload.startsWith('Flags [')) return true;
  const space = payload.indexOf(' ');
  const word = space < 0 ? payload : payload.slice(0, space);
  if (word.length === 0 || word.length > 6) return false;
  for (let i = 0; i < word.length; i++) {
    if ('SFRPUEW.'.indexOf(word.charAt(i)) < 0) return false;
  }
  return true;
}

function readPayload(event: LogEvent, payload: string): void {
  if (payload.startsWith('icmp6') || payload.startsWith('ICMP6')) event.protocol = 'ipv6-icmp';
  else if (payload.startsWith('icmp')) event.protocol = 'icmp';
  else if (payload.startsWith('udp')) event.protocol = 'udp';
  else if (isTcpFlags(payload)) event.protocol = 'tcp';
  const q = payload.indexOf('? ');
  if (q > 0 && q < 40) {
    const typeStart = payload.lastIndexOf(' ', q - 1) + 1;
    if (QTYPES.has(payload.slice(typeStart, q))) {
      let end = payload.indexOf(' ', q + 2);
      if (end < 0) end = payload.length;
      const name = cleanDomain(payload.slice(q + 2, end));
      if (name !== undefined) event.dnsQuestionName = name;
      event.protocol ??= 'udp';
    }
  }
}

function leadingTime(text: string, end: number, context: ParseContext): string | undefined {
  if (end < 8) return undefined;
  const stamp = text.slice(0, end).trim();
  const first = stamp.charCodeAt(0);
  if (first >= 48 && first <= 57) return isoFromDateTime(stamp, context.utcOffsetMinutes);
  return isoFromMonthName(stamp, context.utcOffsetMinutes, context.year);
}

function parseTcpdump(line: string, context: ParseContext): ParseOutcome {
  let text = line;
  const event: LogEvent = { format: 'openbsd-pf' };
  let rule = text.indexOf('rule ');
  if (rule < 0) return null;
  let time = leadingTime(text, rule, context);
  if (time === undefined && rule > 0) {
    const envelope = unwrapSyslog(line, context);
    if (envelope.message !== line) {
      text = envelope.message;
      rule = text.indexOf('rule ');
      if (rule < 0) return null;
      time = leadingTime(text, rule, context) ?? envelope.time;
      if (envelope.host !== undefined) event.device = envelope.host;
    }
  }
  if (time !== undefined) event.time = time;
  // `rule 3/(match) block in on em0: `
  const paren = text.indexOf(') ', rule);
  const on = text.indexOf(' on ', rule);
  if (paren < 0 || on < 0 || on < paren) return null;
  const words = text.slice(paren + 2, on).split(' ');
  const verb = words[0];
  if (verb !== undefined && verb.length > 0) {
    event.rawAction = verb;
    event.action = mapAction(verb);
  }
  const colon = text.indexOf(': ', on);
  if (colon < 0) return null;
  const gt = text.indexOf(' > ', colon);
  if (gt < 0) return null;
  const srcToken = text.slice(colon + 2, gt);
  let dstEnd = text.indexOf(': ', gt + 3);
  if (dstEnd < 0) dstEnd = text.length;
  const dstToken = text.slice(gt + 3, dstEnd);
  const okSrc = endpoint(event, srcToken, true);
  const okDst = endpoint(event, dstToken.endsWith(':') ? dstToken.slice(0, -1) : dstToken, false);
  if (!okSrc && !okDst) return null;
  if (dstEnd < text.length) readPayload(event, text.slice(dstEnd + 2));
  return event;
}

function parsePf(line: string, context: ParseContext): ParseOutcome {
  if (looksLikeFilterlog(line)) return parseFilterlogRecord(line, 'openbsd-pf');
  if (line.includes('rule ')) return parseTcpdump(line, context);
  const envelope = unwrapSyslog(line, context);
  if (!looksLikeFilterlog(envelope.message)) return null;
  const event = parseFilterlogRecord(envelope.message, 'openbsd-pf');
  if (event !== null && envelope.time !== undefined) event.time = envelope.time;
  if (event !== null && envelope.host !== undefined) event.device = envelope.host;
  return event;
}

export const openbsdPfFormat: LogFormatDefinition = {
  id: 'openbsd-pf',
  title: 'OpenBSD/FreeBSD pf log (tcpdump text from pflog, or filterlog CSV)',
  detect(line) {
    const rule = line.indexOf('rule ');
    if (rule >= 0 && line.indexOf('/(', rule) > rule && line.includes(' on ') && line.includes(' > '))
      return 0.9;
    return looksLikeFilterlog(line) ? 0.6 : 0;
  },
  parse(line, context) {
    try {
      return parsePf(line, context);
    } catch {
      return null;
    }
  },
};
