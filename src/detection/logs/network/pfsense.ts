/**
 * pfSense / OPNsense `filterlog` lines: the pf packet filter's verdicts as comma-separated fields.
 * Common prefix: rule, sub-rule, anchor, tracker, interface, reason, action (`pass`/`block`/`reject`),
 * direction, IP version. IPv4 continues with tos, ecn, ttl, id, offset, flags, protocol id, protocol
 * name, length, source, destination; IPv6 with class, flow label, hop limit, protocol name, protocol
 * id, length, source, destination. TCP and UDP then give source and destination ports.
 *
 * The lines carry no time: the syslog envelope's time and host are used (pfSense writes RFC 3164
 * without a zone, read at `context.utcOffsetMinutes`; OPNsense RFC 5424 with one).
 */
import type { LogEvent, LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import { splitCsv } from './csv.js';
import { unwrapSyslog } from './envelope.js';
import { cleanIp, cleanPort, cleanProtocol, mapAction } from './fields.js';

const cols: string[] = [];

/** Reads one filterlog CSV record (no envelope) into an event of format `format`. */
export function parseFilterlogRecord(text: string, format: string): ParseOutcome {
  if (splitCsv(text, cols, 0, 40) < 12) return null;
  const action = cols[6]!;
  const version = cols[8];
  let proto: string | undefined;
  let at: number;
  if (version === '4') {
    proto = cols[16] ?? cols[15];
    at = 18;
  } else if (version === '6') {
    proto = cols[12] ?? cols[13];
    at = 15;
  } else {
    return null;
  }
  const src = cleanIp(cols[at]);
  const dst = cleanIp(cols[at + 1]);
  if (src === undefined && dst === undefined) return null;
  const event: LogEvent = { format };
  if (src !== undefined) event.sourceIp = src;
  if (dst !== undefined) event.destinationIp = dst;
  const protocol = cleanProtocol(proto);
  if (protocol !== undefined) event.protocol = protocol;
  if (protocol === 'tcp' || protocol === 'udp' || protocol === 'sctp') {
    const sport = cleanPort(cols[at + 2]);
    if (sport !== undefined) event.sourcePort = sport;
    const dport = cleanPort(cols[at + 3]);
    if (dport !== undefined) event.destinationPort = dport;
  }
  if (action.length > 0) {
    event.rawAction = action;
    event.action = mapAction(action);
  }
  return event;
}

/** True when `text` starts like a filterlog record: `rule,sub,anchor,tracker,ifc,reason,action,dir,4|6,`. */
export function looksLikeFilterlog(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first < 48 || first > 57) return false;
  let commas = 0;
  let pos = 0;
  for (let i = 0; i < text.length && i < 200; i++) {
    if (text.charCodeAt(i) === 44) {
      commas++;
      if (commas === 8) {
        pos = i;
        break;
      }
    }
  }
  if (commas < 8) return false;
  const version = text.charCodeAt(pos + 1);
  return (version === 52 || version === 54) && text.charCodeAt(pos + 2) === 44;
}

function parsePfsense(line: string, context: ParseContext): ParseOutcome {
  if (looksLikeFilterlog(line)) return parseFilterlogRecord(line, 'pfsense');
  const envelope = unwrapSyslog(line, context);
  let text = envelope.message;
  // RFC 3164 relays sometimes leave the tag in: `filterlog[123]: 5,,,…`
  const tag = text.startsWith('filterlog') ? text.indexOf(': ') : -1;
  if (tag > 0) text = text.slice(tag + 2);
  if (!looksLikeFilterlog(text)) return null;
  const event = parseFilterlogRecord(text, 'pfsense');
  if (event === null) return null;
  if (envelope.time !== undefined) event.time = envelope.time;
  if (envelope.host !== undefined) event.device = envelope.host;
  return event;
}

export const pfsenseFormat: LogFormatDefinition = {
  id: 'pfsense',
  title: 'pfSense / OPNsense filterlog (pf verdicts, CSV)',
  detect(line) {
    if (line.includes('filterlog')) return 0.95;
    return looksLikeFilterlog(line) ? 0.8 : 0;
  },
  parse(line, context) {
    try {
      return parsePfsense(line, context);
    } catch {
      return null;
    }
  },
};
