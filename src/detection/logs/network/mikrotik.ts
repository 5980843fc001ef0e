/**
 * MikroTik RouterOS firewall log lines (topics `firewall,info`):
 * `[prefix ]chain: in:ether1 out:bridge, connection-state:new src-mac …, proto TCP (SYN),
 * 192.0.2.1:5555->198.51.100.1:80, [NAT (…)->…, ]len 60`, IPv6 endpoints as `[2001:db8::1]:5555`, ICMP
 * without ports (`proto ICMP (type 8, code 0), 192.0.2.1->198.51.100.1`).
 *
 * RouterOS logs no verdict; the rule's log prefix (`drop-in`, `accept-ssh`…) is the only hint: a prefix
 * containing drop/reject/block/deny means blocked, accept/allow/pass allowed. Time and device: the
 * syslog envelope's. Also read: `login failure for user … from <addr> via …` (password guessing
 * against the router itself), as an event with the source address only.
 */
import type { LogEvent, LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import { unwrapSyslog } from './envelope.js';
import { cleanIp, cleanProtocol, mapAction, portAt } from './fields.js';
import { verdictOfPrefix } from './iptables.js';

/** `addr:port`, `[v6]:port` or a bare address in `text[start, end)`. */
function endpoint(event: LogEvent, text: string, start: number, end: number, source: boolean): boolean {
  let ipEnd = end;
  let port: number | undefined;
  if (text.charCodeAt(start) === 91) {
    const close = text.indexOf(']', start);
    if (close < 0 || close >= end) return false;
    ipEnd = close + 1;
    if (text.charCodeAt(close + 1) === 58) port = portAt(text, close + 2, end);
  } else {
    const colon = text.indexOf(':', start);
    if (colon >= 0 && colon < end && text.indexOf(':', colon + 1) < 0) {
      ipEnd = colon;
      port = portAt(text, colon + 1, end);
    } else if (colon >= 0 && colon < end) {
      const last = text.lastIndexOf(':', end - 1);
      // a bare IPv6 address has no port; `addr:port` with IPv4 has exactly one colon (handled above)
      if (cleanIp(text.slice(start, end)) === undefined && last > start) {
        ipEnd = last;
        port = portAt(text, last + 1, end);
      }
    }
  }
  const ip = cleanIp(text.slice(start, ipEnd));
  if (ip === undefined) return false;
  if (source) {
    event.sourceIp = ip;
    if (port !== undefined) event.sourcePort = port;
  } else {
    event.destinationIp = ip;
    if (port !== undefined) event.destinationPort = port;
  }
  return true;
}

/** `login failure for user admin from 192.0.2.1 via winbox` (system,error): password guessing. */
function loginFailure(event: LogEvent, text: string): ParseOutcome {
  const from = text.indexOf(' from ', text.indexOf('login failure for user '));
  if (from < 0) return null;
  let end = text.indexOf(' ', from + 6);
  if (end < 0) end = text.length;
  const ip = cleanIp(text.slice(from + 6, end));
  if (ip === undefined) return null;
  event.sourceIp = ip;
  event.rawAction = 'login failure';
  event.action = 'unknown';
  return event;
}

function parseMikrotik(line: string, context: ParseContext): ParseOutcome {
  const proto = line.indexOf(' proto ');
  const login = proto < 0 ? line.indexOf('login failure for user ') : -1;
  if (proto < 0 && login < 0) return null;
  const event: LogEvent = { format: 'mikrotik' };
  const envelope = unwrapSyslog(line, context);
  const text = envelope.message;
  if (envelope.time !== undefined) event.time = envelope.time;
  if (envelope.host !== undefined) event.device = envelope.host;
  if (login >= 0) return loginFailure(event, text);
  const p = text.indexOf(' proto ');
  if (p < 0) return null;
  const nameStart = p + 7;
  let nameEnd = nameStart;
  while (nameEnd < text.length && text.charCodeAt(nameEnd) !== 32 && text.charCodeAt(nameEnd) !== 44)
    nameEnd++;
  const protocol = cleanProtocol(text.slice(nameStart, nameEnd));
  if (protocol !== undefined) event.protocol = protocol;
  // the first `a->b` after the protocol (NAT rewrites follow it)
  const arrow = text.indexOf('->', nameEnd);
  if (arrow < 0) return null;
  let srcStart = text.lastIndexOf(' ', arrow) + 1;
  let dstEnd = text.indexOf(',', arrow);
  if (dstEnd < 0) dstEnd = text.length;
  const space = text.indexOf(' ', arrow);
  if (space >= 0 && space < dstEnd) dstEnd = space;
  if (srcStart <= nameEnd) srcStart = nameEnd + 1;
  const okSrc = endpoint(event, text, srcStart, arrow, true);
  const okDst = endpoint(event, text, arrow + 2, dstEnd, false);
  if (!okSrc && !okDst) return null;
  // `drop-in input: in:…` — the prefix is what precedes the chain name
  const chain = text.indexOf(': in:');
  if (chain > 0) {
    let start = text.lastIndexOf(' ', chain - 1);
    const topics = text.lastIndexOf('firewall,', chain);
    if (topics >= 0) start = text.indexOf(' ', topics);
    const prefix = start >= 0 ? text.slice(start + 1, chain) : text.slice(0, chain);
    const words = prefix.trim().split(' ');
    if (words.length > 1) {
      const verdict = verdictOfPrefix(words.slice(0, -1).join(' '));
      if (verdict !== undefined) {
        event.rawAction = verdict;
        event.action = mapAction(verdict);
      }
    }
  }
  return event;
}

export const mikrotikFormat: LogFormatDefinition = {
  id: 'mikrotik',
  title: 'MikroTik RouterOS firewall log',
  detect(line) {
    if (line.includes('login failure for user ') && line.includes(' via ')) return 0.6;
    if (!line.includes(' proto ') || !line.includes('->')) return 0;
    return line.includes(': in:') ? 0.95 : 0.4;
  },
  parse(line, context) {
    try {
      return parseMikrotik(line, context);
    } catch {
      return null;
    }
  },
};
