/**
 * Cisco ASA / PIX / FWSM and Firepower Threat Defense syslog messages (`%ASA-6-302013: …`,
 * `%FTD-1-430003: …`).
 *
 * The message texts are fixed per message id but there are hundreds of them, so addresses are read by
 * role words rather than one template per id: the endpoint after `from`/`src`/`for`/`faddr`/`client`/
 * `flow`/`Local:`/`IP` is the source, the next one after `to`/`dst`/`dest`/`laddr`/`->`/`Remote:`/
 * `server =` the destination, and mapped addresses in parentheses are skipped. Endpoints come as
 * `ifc:addr/port`, `ifc/addr(port)`, `addr/port`, `<addr>`, `addr:port` or a bare address. "Built
 * outbound" connection messages (302013/302015/302017/302020) list the remote side first, so they are
 * swapped to keep source = initiator. FTD connection/file/intrusion events (430001–430005) are
 * `Key: value, Key: value` records read by key (SrcIP, DstIP, SrcPort, DstPort, Protocol,
 * AccessControlRuleAction, URL/URI, DNSQuery).
 *
 * Time: the ASA's own `Mon dd yyyy hh:mm:ss` prefix (no zone: `context.utcOffsetMinutes`), else the
 * syslog envelope's; FTD `FirstPacketSecond` is UTC.
 */
import type { LogEvent, LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import { setUrl } from './cef.js';
import { unwrapSyslog } from './envelope.js';
import { cleanDomain, cleanIp, cleanPort, cleanProtocol, mapAction, portAt } from './fields.js';
import { isoFromDateTime, isoFromMonthName } from './time.js';

const MARKERS = ['%ASA-', '%FTD-', '%PIX-', '%FWSM-', '%NGIPS-'];

function findMarker(line: string): number {
  const at = line.indexOf('%');
  if (at < 0) return -1;
  for (const marker of MARKERS) {
    const found = line.indexOf(marker, at);
    if (found >= 0 && found < 300) return found;
  }
  return -1;
}

const SOURCE_WORDS = new Set(['from', 'src', 'for', 'faddr', 'client', 'flow', 'ip', 'local-host', 'host']);
const DEST_WORDS = new Set(['to', 'dst', 'dest', '->', 'server']);
const PROTOCOLS = new Set(['tcp', 'udp', 'icmp', 'icmp6', 'ipv6-icmp', 'gre', 'esp', 'ah', 'sctp', 'igmp']);
const VERBS = new Set(['deny', 'denied', 'permitted', 'built', 'teardown', 'dropped', 'discarded', 'drop']);

interface Endpoint {
  /** undefined for a peer named by host name (`Remote:vpn.example.net:500`): only its port is known */
  ip: string | undefined;
  port: number | undefined;
}

/** Strips trailing punctuation that follows an endpoint in running text. */
function trimToken(token: string): string {
  let end = token.length;
  while (end > 0) {
    const ch = token.charCodeAt(end - 1);
    if (ch === 44 || ch === 59 || ch === 46 || ch === 58 || ch === 62 || ch === 41 || ch === 93) end--;
    else break;
  }
  let start = 0;
  while (start < end && (token.charCodeAt(start) === 60 || token.charCodeAt(start) === 91)) start++;
  return start === 0 && end === token.length ? token : token.slice(start, end);
}

/** Reads one endpoint token; null when it holds no address. */
function endpointOf(raw: string): Endpoint | null {
  let token = trimToken(raw);
  if (token.length < 2) return null;
  let port: number | undefined;
  // ifc/addr(port) or addr(user)
  const paren = token.indexOf('(');
  if (paren > 0) {
    const close = token.indexOf(')', paren);
    port = portAt(token, paren + 1, close < 0 ? token.length : close);
    token = token.slice(0, paren);
  }
  const slash = token.lastIndexOf('/');
  if (slash > 0 && port === undefined) {
    const afterSlash = token.slice(slash + 1);
    const asPort = cleanPort(afterSlash);
    if (asPort !== undefined || cleanIp(afterSlash) === undefined) {
      port = asPort;
      token = token.slice(0, slash);
    }
  }
  if (slash > 0) {
    const lastSlash = token.lastIndexOf('/');
    if (lastSlash >= 0) token = token.slice(lastSlash + 1); // ifc/addr
  }
  let ip = cleanIp(token);
  if (ip === undefined) {
    // ifc:addr (the interface name never contains a colon; IPv6 addresses do)
    const colon = token.indexOf(':');
    if (colon > 0) ip = cleanIp(token.slice(colon + 1));
    if (ip === undefined) {
      // addr:port (IPv4)
      const last = token.lastIndexOf(':');
      if (last > 0 && port === undefined) {
        const head = token.slice(colon > 0 && colon < last ? colon + 1 : 0, last);
        const headIp = cleanIp(head);
        if (headIp !== undefined && headIp.indexOf(':') < 0) {
          ip = headIp;
          port = cleanPort(token.slice(last + 1));
        }
      }
    }
  }
  return ip === undefined ? null : { ip, port };
}

const words: string[] = [];

/** Reads addresses, protocol and verb from running ASA message text into `event`. */
function readText(event: LogEvent, text: string): void {
  words.length = 0;
  // ASA messages are short; a hostile line is read no further than its first few hundred words
  for (const word of text.split(' ', 400)) if (word.length > 0) words.push(word);
  let source: Endpoint | null = null;
  let dest: Endpoint | null = null;
  let firstSeen: Endpoint | null = null;
  let role: 'src' | 'dst' | '' = '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    let lower = word.toLowerCase();
    if (event.protocol === undefined && PROTOCOLS.has(lower)) event.protocol = cleanProtocol(lower);
    // verbs sit at the start of the text (`Deny tcp …`, `Inbound TCP connection denied …`); later words
    // such as `drop rate-1 exceeded` describe something else
    if (event.rawAction === undefined && i < 5 && VERBS.has(lower) && words[i + 1] !== 'rate')
      event.rawAction = lower;
    if (lower === '=') continue; // `IP = 192.0.2.1`: keep the role of the word before
    // `Local:192.0.2.1:500`, `Remote:…`, `IP=192.0.2.1,` carry the role word inside the token
    let token = word;
    let named = false;
    const eq = word.indexOf('=');
    if (eq > 0 && eq < word.length - 1) {
      lower = word.slice(0, eq).toLowerCase();
      token = word.slice(eq + 1);
      role = SOURCE_WORDS.has(lower) ? 'src' : DEST_WORDS.has(lower) ? 'dst' : role;
    } else if (lower.startsWith('local:') || lower.startsWith('remote:')) {
      role = lower.startsWith('local:') ? 'src' : 'dst';
      token = word.slice(word.indexOf(':') + 1);
      named = true;
    } else if (lower === 'url' && i + 1 < words.length) {
      readUrl(event, words[i + 1]!);
    } else if (lower === 'laddr') {
      // `faddr … gaddr … laddr …` (302020) vs `from laddr … to …` (313004)
      role = source === null ? 'src' : 'dst';
      continue;
    } else if (SOURCE_WORDS.has(lower)) {
      role = 'src';
      continue;
    } else if (DEST_WORDS.has(lower)) {
      role = 'dst';
      continue;
    }
    const endpoint =
      token.charCodeAt(0) === 40 ? null : (endpointOf(token) ?? (named ? namedEndpoint(token) : null));
    if (endpoint !== null) {
      firstSeen ??= endpoint;
      if (role === 'src' && source === null) source = endpoint;
      else if (role === 'dst' && dest === null) dest = endpoint;
    }
    if (source !== null && dest !== null) break;
    if (word.endsWith('.') && word.length > 1 && endpoint === null) role = '';
    else if (endpoint !== null || !(lower === 'user' || lower === 'ip' || lower === 'address')) role = '';
  }
  if (source === null && firstSeen !== dest) source = firstSeen;
  if (/* "Built outbound …" lists the remote side first */ text.startsWith('Built outbound')) {
    const swap = source;
    source = dest;
    dest = swap;
  }
  if (source !== null) {
    if (source.ip !== undefined) event.sourceIp = source.ip;
    if (source.port !== undefined) event.sourcePort = source.port;
  }
  if (dest !== null) {
    if (dest.ip !== undefined) event.destinationIp = dest.ip;
    if (dest.port !== undefined) event.destinationPort = dest.port;
  }
}

/**
 * `HOST:PORT` after `Local:`/`Remote:` (IKEv2 messages 750001–750015 name a peer by host name when its
 * identity is one): the port is the peer's even though its address is not in the message.
 */
function namedEndpoint(token: string): Endpoint | null {
  const colon = token.lastIndexOf(':');
  if (colon < 1) return null;
  const port = cleanPort(trimToken(token.slice(colon + 1)));
  return port === undefined || !isHostName(token, colon) ? null : { ip: undefined, port };
}

/** `token[0, end)` is a host name: letters, digits, `-`, `_` and `.`. */
function isHostName(token: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const ch = token.charCodeAt(i);
    if (!(isLetter(ch) || (ch >= 48 && ch <= 57) || ch === 45 || ch === 46 || ch === 95)) return false;
  }
  return end > 0;
}

/** `URL http://…` (304002) or `URL 192.0.2.1:http://…` (304001: server address, then the URL). */
function readUrl(event: LogEvent, token: string): void {
  const sep = token.indexOf('://');
  let start = sep;
  while (start > 0 && isLetter(token.charCodeAt(start - 1))) start--;
  if (sep < 0 || start === sep) return;
  if (start > 1 && token.charCodeAt(start - 1) === 58) {
    const ip = cleanIp(token.slice(0, start - 1));
    if (ip !== undefined && event.destinationIp === undefined) event.destinationIp = ip;
  }
  setUrl(event, token.slice(start), undefined);
}

function isLetter(ch: number): boolean {
  return (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90);
}

/** FTD `Key: value, Key: value` records; values may contain `, ` (user agents), keys never `: `. */
function readKeyValues(event: LogEvent, text: string): void {
  let url: string | undefined;
  let host: string | undefined;
  let pos = 0;
  let colon = text.indexOf(': ', pos);
  while (colon > 0) {
    const key = text.slice(pos, colon).trim();
    const valueStart = colon + 2;
    // the value ends at the next `, Key: ` whose key is a short run of word characters
    let next = text.indexOf(': ', valueStart);
    let valueEnd = text.length;
    let nextKeyStart = -1;
    while (next > 0) {
      const comma = commaBefore(text, next, valueStart);
      if (comma >= 0 && isKeyText(text, comma + 2, next)) {
        valueEnd = comma;
        nextKeyStart = comma + 2;
        break;
      }
      next = text.indexOf(': ', next + 2);
    }
    const value = text.slice(valueStart, valueEnd);
    switch (key) {
      case 'SrcIP': {
        const ip = cleanIp(value);
        if (ip !== undefined) event.sourceIp = ip;
        break;
      }
      case 'DstIP': {
        const ip = cleanIp(value);
        if (ip !== undefined) event.destinationIp = ip;
        break;
      }
      case 'SrcPort': {
        const port = cleanPort(value);
        if (port !== undefined) event.sourcePort = port;
        break;
      }
      case 'DstPort': {
        const port = cleanPort(value);
        if (port !== undefined) event.destinationPort = port;
        break;
      }
      case 'Protocol': {
        const protocol = cleanProtocol(value);
        if (protocol !== undefined) event.protocol = protocol;
        break;
      }
      case 'AccessControlRuleAction':
        event.rawAction = value.startsWith('<br/>') ? value.slice(5) : value;
        break;
      case 'URL':
      case 'URI':
        url = value;
        break;
      case 'ReferencedHost':
      case 'SSLServerName':
        host ??= value;
        break;
      case 'DNSQuery': {
        const name = cleanDomain(value);
        if (name !== undefined) event.dnsQuestionName = name;
        break;
      }
      case 'FirstPacketSecond': {
        const time = isoFromDateTime(value, 0);
        if (time !== undefined) event.time = time;
        break;
      }
      default:
        break;
    }
    if (nextKeyStart < 0) break;
    pos = nextKeyStart;
    colon = text.indexOf(': ', pos);
  }
  if (url !== undefined && url.length > 0) setUrl(event, url, host);
}

/** The `, ` that would precede a key ending at `end` (keys are at most 40 characters), or -1. */
function commaBefore(text: string, end: number, floor: number): number {
  for (let i = end - 2; i >= floor && i >= end - 43; i--) {
    if (text.charCodeAt(i) === 44 && text.charCodeAt(i + 1) === 32) return i;
  }
  return -1;
}

function isKeyText(text: string, start: number, end: number): boolean {
  if (end <= start || end - start > 40) return false;
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    const word = (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 57) || ch === 95;
    if (!word && ch !== 32) return false;
  }
  return true;
}

function parseAsa(line: string, context: ParseContext): ParseOutcome {
  const marker = findMarker(line);
  const event: LogEvent = { format: 'cisco-asa' };
  let body: string;
  if (marker >= 0) {
    // `%ASA-6-302013:` then the message
    const dash = line.indexOf('-', line.indexOf('-', marker) + 1);
    let i = dash + 1;
    while (i < line.length && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
    if (dash < 0 || i === dash + 1) return null;
    if (line.charCodeAt(i) === 58) i++;
    body = line.slice(i).trim();
    readPrefix(event, line, marker, context);
  } else {
    // a relay that dropped the `%ASA-n-id:` tag (seen with AnyConnect messages): read the text as is
    body = unwrapSyslog(line, context).message.trim();
  }
  if (body.startsWith('EventPriority: ') || body.startsWith('SrcIP: ') || body.includes(', SrcIP: ')) {
    readKeyValues(event, body);
  } else {
    readText(event, body);
  }
  if (marker < 0 && event.sourceIp === undefined && event.destinationIp === undefined) return null;
  if (event.rawAction !== undefined) event.action = mapAction(event.rawAction);
  return event;
}

/** Time and device from what precedes the `%ASA-` tag: a syslog header, the ASA's own timestamp. */
function readPrefix(event: LogEvent, line: string, marker: number, context: ParseContext): void {
  if (marker === 0) return;
  let start = 0;
  if (line.charCodeAt(0) === 60) {
    const close = line.indexOf('>');
    if (close > 0 && close < 6) start = close + 1;
  }
  const own = isoFromMonthName(line, context.utcOffsetMinutes, context.year, start, start + 20);
  if (own !== undefined) {
    event.time = own;
    // `Jun 07 2025 17:31:57 asa-01 : %ASA-…` names the device between the time and the tag
    const after = trimColons(line.slice(start + 20, marker));
    if (after.length > 0 && after.indexOf(' ') < 0) event.device = after;
    return;
  }
  const envelope = unwrapSyslog(line.slice(0, marker), context);
  if (envelope.time !== undefined) event.time = envelope.time;
  if (envelope.host !== undefined) event.device = envelope.host;
}

/** `: asa-01 : ` → `asa-01` */
function trimColons(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === 58 || text.charCodeAt(start) === 32)) start++;
  while (end > start && (text.charCodeAt(end - 1) === 58 || text.charCodeAt(end - 1) === 32)) end--;
  return text.slice(start, end);
}

/**
 * The session messages of AAA, WebVPN and AnyConnect (113039, 716xxx, 722xxx…) open with
 * `Group <g> User <u> IP <addr>` or `TunnelGroup <t> GroupPolicy <g> User <u> IP <addr>`, a prefix no other
 * product writes: relays that drop the `%ASA-n-id:` tag still leave a recognisable line.
 */
const SESSION_PREFIX =
  /(?:^|[\s:])(?:Tunnel)?Group <[^<>]*>(?: GroupPolicy <[^<>]*>)? User <[^<>]*> IP <[^<>]+>/;

export const ciscoAsaFormat: LogFormatDefinition = {
  id: 'cisco-asa',
  title: 'Cisco ASA / PIX / Firepower Threat Defense syslog (%ASA-, %FTD-)',
  detect(line) {
    if (findMarker(line) >= 0) return 0.95;
    return SESSION_PREFIX.test(line.length > 400 ? line.slice(0, 400) : line) ? 0.7 : 0;
  },
  parse(line, context) {
    try {
      return parseAsa(line, context);
    } catch {
      return null;
    }
  },
};
