/**
 * Infoblox NIOS DNS and DHCP lines as NIOS sends them to syslog. NIOS runs BIND, so its query,
 * RPZ and resolver lines follow `bind-core.ts`; NIOS adds a response log
 * (`client ADDR#PORT: UDP: query: NAME IN TYPE response: RCODE FLAGS RECORDS`) whose address
 * records become `dnsAnswers`, and the DHCP server's lease lines, whose leased address becomes the
 * source (`DHCPACK on ADDR to MAC`, `DHCPREQUEST for ADDR from MAC`, `DHCPOFFER on ADDR`,
 * `… REQUEST DHCP packet … for ADDR (MAC)`, lease exports `r-l-e:ADDR,…`). DHCP lines without an
 * address (DHCPDISCOVER) carry no event. Times: BIND's own stamp when present (local time),
 * otherwise the syslog envelope's.
 */
import type { LogEvent, LogFormatDefinition, ParseContext } from '../../model.js';
import { bindMessageScore, parseBindMessage, readBindTime } from './bind-core.js';
import { address, detectWithEnvelope, skipSpaces, tokenEnd, withEnvelope } from './common.js';

const FORMAT = 'infoblox';

function parseInfoblox(message: string, context: ParseContext): LogEvent | null {
  const dhcp = parseDhcp(message, context);
  if (dhcp !== undefined) return dhcp;
  return parseBindMessage(message, context, FORMAT);
}

/** A DHCP line's event, null for a DHCP line without an address, undefined when not DHCP. */
function parseDhcp(m: string, context: ParseContext): LogEvent | null | undefined {
  let i = 0;
  let time: string | undefined;
  const stamp = readBindTime(m, 0, context.utcOffsetMinutes);
  if (stamp !== null) {
    time = stamp.iso;
    i = skipSpaces(m, stamp.end);
  }
  let ip: string | undefined;
  let verb: string;
  if (m.startsWith('DHCP', i)) {
    const verbEnd = tokenEnd(m, i);
    verb = m.slice(i, verbEnd);
    const rest = skipSpaces(m, verbEnd);
    // DHCPACK/DHCPOFFER/DHCPNAK `on ADDR`, DHCPREQUEST/DHCPINFORM `for ADDR`, DHCPRELEASE/DECLINE `of ADDR`
    if (m.startsWith('on ', rest) || m.startsWith('for ', rest) || m.startsWith('of ', rest)) {
      const at = skipSpaces(m, tokenEnd(m, rest));
      ip = address(m.slice(at, tokenEnd(m, at)));
    }
  } else if (m.startsWith('Option 82: received a ', i)) {
    const packet = m.indexOf(' packet ', i);
    verb = packet > 0 ? m.slice(i + 22, packet) : 'Option 82';
    const forAt = m.indexOf(' for ', i);
    if (forAt > 0) {
      const at = forAt + 5;
      ip = address(m.slice(at, tokenEnd(m, at)));
    }
  } else if (m.startsWith('r-l-e:', i)) {
    verb = 'lease';
    const comma = m.indexOf(',', i + 6);
    ip = address(m.slice(i + 6, comma < 0 ? tokenEnd(m, i + 6) : comma));
  } else return undefined;
  if (ip === undefined) return null;
  const event: LogEvent = { format: FORMAT, sourceIp: ip, action: 'unknown', rawAction: verb };
  if (time !== undefined) event.time = time;
  return event;
}

function score(message: string): number {
  if (message.indexOf(': UDP: query: ') > 0 || message.indexOf(': TCP: query: ') > 0) return 0.9;
  if (message.startsWith('r-l-e:') || message.startsWith('Option 82: received a ')) return 0.8;
  if (message.startsWith('DHCP') && (message.indexOf(' via ') > 0 || message.indexOf(' to ') > 0)) return 0.5;
  // plain BIND lines are BIND's before they are NIOS's
  return bindMessageScore(message) * 0.8;
}

export const infobloxFormat: LogFormatDefinition = {
  id: 'infoblox',
  title: 'Infoblox NIOS DNS query/response and DHCP syslog',
  detect: (line) => detectWithEnvelope(line, score),
  parse: (line, context) => withEnvelope(line, context, parseInfoblox),
};
