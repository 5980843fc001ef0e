/**
 * Sophos firewall logs, both families:
 * - Sophos Firewall (XG / SFOS) `key=value` lines: `log_type="Firewall" … src_ip=… dst_ip=… src_port=
 *   dst_port= protocol="TCP" status="Deny"`, web filtering adding `url=` and `domain=`, SSL inspection
 *   adding `sni=`. Action: `status`, else `log_subtype` (`Allowed`, `Denied`, `Dropped`…).
 * - Sophos UTM (ASG) `id="2001" … sys="SecureNet" sub="packetfilter" … action="drop" srcip= dstip=
 *   srcport= dstport= proto="6"`, the web proxy (`url=`, `action="pass"`) and the WAF (`server=`,
 *   `port=`, `url=` path).
 *
 * Time: SFOS 19+ `timestamp="2025-03-12T11:03:06-0400"`; older `date` + `time` at `timezone` (an offset
 * such as `+11` or a common abbreviation: CET, ICT…) and at `context.utcOffsetMinutes` otherwise. UTM
 * records carry no time of their own: the UTM's log-file prefix `yyyy:mm:dd-hh:mm:ss host process[pid]:`
 * (local time, `context.utcOffsetMinutes`) or the syslog envelope's is used.
 */
import type { LogEvent, LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import { setUrl } from './cef.js';
import { unwrapSyslog } from './envelope.js';
import { cleanDomain, cleanIp, cleanPort, cleanProtocol, mapAction } from './fields.js';
import { KvCursor } from './kv.js';
import { isoFromDateTime, isoFromParts, parseOffset, readDigits } from './time.js';

/** Zone abbreviations Sophos writes in `timezone=`; ambiguous ones (CST, IST) are left out on purpose. */
const ZONES: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  WET: 0,
  WEST: 60,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  ICT: 420,
  WIB: 420,
  SGT: 480,
  HKT: 480,
  AWST: 480,
  JST: 540,
  KST: 540,
  AEST: 600,
  AEDT: 660,
  EST: -300,
  EDT: -240,
  PST: -480,
  PDT: -420,
};

function zoneOffset(zone: string | undefined, context: ParseContext): number {
  if (zone === undefined) return context.utcOffsetMinutes;
  return ZONES[zone.toUpperCase()] ?? parseOffset(zone) ?? context.utcOffsetMinutes;
}

const kv = new KvCursor();

/** The UTM log-file prefix `2024:05:16-09:12:40 host process[pid]: ` at the start of `line`, or null. */
function utmPrefix(
  line: string,
  context: ParseContext,
): { time: string | undefined; host: string | undefined; end: number } | null {
  const year = readDigits(line, 0, 4);
  if (year < 0 || line.charCodeAt(4) !== 58 || line.charCodeAt(7) !== 58 || line.charCodeAt(10) !== 45)
    return null;
  if (line.charCodeAt(13) !== 58 || line.charCodeAt(16) !== 58 || line.charCodeAt(19) !== 32) return null;
  const time = isoFromParts(
    year,
    readDigits(line, 5, 2),
    readDigits(line, 8, 2),
    readDigits(line, 11, 2),
    readDigits(line, 14, 2),
    readDigits(line, 17, 2),
    0,
    context.utcOffsetMinutes,
  );
  const hostEnd = line.indexOf(' ', 20);
  const host = hostEnd > 20 ? line.slice(20, hostEnd) : undefined;
  // the message follows the process tag (`httpd[2134]: `); without one, it follows the host
  const tag = hostEnd < 0 ? -1 : line.indexOf(': ', hostEnd);
  const eq = line.indexOf('=', 20);
  const end = tag >= 0 && (eq < 0 || tag < eq) ? tag + 2 : hostEnd < 0 ? line.length : hostEnd + 1;
  return { time, host, end };
}

function parseSophos(line: string, context: ParseContext): ParseOutcome {
  let text = line;
  let host: string | undefined;
  let envelopeTime: string | undefined;
  const eq = line.indexOf('=');
  const space = line.indexOf(' ');
  const utm = utmPrefix(line, context);
  if (utm !== null) {
    text = line.slice(utm.end);
    host = utm.host;
    envelopeTime = utm.time;
  } else if (eq < 0 || (space >= 0 && space < eq)) {
    const envelope = unwrapSyslog(line, context);
    text = envelope.message;
    host = envelope.host;
    envelopeTime = envelope.time;
  }
  const event: LogEvent = { format: 'sophos' };
  let src: string | undefined;
  let dst: string | undefined;
  let sport: string | undefined;
  let dport: string | undefined;
  let status: string | undefined;
  let subtype: string | undefined;
  let url: string | undefined;
  let domain: string | undefined;
  let date: string | undefined;
  let time: string | undefined;
  let zone: string | undefined;
  let timestamp: string | undefined;
  let device: string | undefined;
  let pairs = 0;
  kv.reset(text);
  while (kv.next()) {
    pairs++;
    const value = kv.value;
    if (value.length === 0) continue;
    switch (kv.key) {
      case 'src_ip':
      case 'srcip':
        src = value;
        break;
      case 'dst_ip':
      case 'dstip':
        dst = value;
        break;
      case 'src_port':
      case 'srcport':
        sport = value;
        break;
      case 'dst_port':
      case 'dstport':
        dport = value;
        break;
      case 'port':
        dport ??= value;
        break;
      case 'protocol':
      case 'proto': {
        const protocol = cleanProtocol(value);
        if (protocol !== undefined) event.protocol = protocol;
        break;
      }
      case 'status':
      case 'action':
        status = value;
        break;
      case 'log_subtype':
        subtype = value;
        break;
      case 'url':
        url = value;
        break;
      case 'domain':
      case 'server':
      case 'sni':
        domain ??= value;
        break;
      case 'date':
        date = value;
        break;
      case 'time':
        time = value;
        break;
      case 'timezone':
        zone = value;
        break;
      case 'timestamp':
        timestamp = value;
        break;
      case 'device_name':
        device = value;
        break;
      default:
        break;
    }
  }
  if (pairs < 3) return null;
  const source = cleanIp(src);
  if (source !== undefined) event.sourceIp = source;
  const destination = cleanIp(dst);
  if (destination !== undefined) event.destinationIp = destination;
  const sp = cleanPort(sport);
  if (sp !== undefined) event.sourcePort = sp;
  const dp = cleanPort(dport);
  if (dp !== undefined) event.destinationPort = dp;
  setUrl(event, url, undefined);
  if (event.urlDomain === undefined && domain !== undefined) {
    const name = cleanDomain(domain);
    if (name !== undefined && cleanIp(name) === undefined) event.urlDomain = name;
  }
  const raw = status ?? subtype;
  if (raw !== undefined) {
    event.rawAction = raw;
    event.action = mapAction(raw);
  }
  const when =
    (timestamp !== undefined ? isoFromDateTime(timestamp, context.utcOffsetMinutes) : undefined) ??
    (date !== undefined && time !== undefined
      ? isoFromDateTime(`${date} ${time}`, zoneOffset(zone, context))
      : undefined) ??
    envelopeTime;
  if (when !== undefined) event.time = when;
  const name = device ?? host;
  if (name !== undefined) event.device = name;
  return event;
}

export const sophosFormat: LogFormatDefinition = {
  id: 'sophos',
  title: 'Sophos Firewall (XG/SFOS) and Sophos UTM log (key=value, UTM web application firewall included)',
  detect(line) {
    if (
      line.includes('log_type="') &&
      (line.includes('log_component=') || line.includes('device_serial_id='))
    )
      return 0.95;
    if (line.includes('device="SFW"')) return 0.95;
    if (line.includes('sys="SecureNet"') || line.includes('sys="SecureWeb"')) return 0.95;
    if (line.includes(' id="') && line.includes('severity="') && line.includes('sub="')) return 0.7;
    // the UTM web application firewall's access lines (`httpd: id="0299" srcip=… localip=… statuscode=…`)
    if (line.includes(' id="') && line.includes(' srcip="') && line.includes(' localip="')) return 0.7;
    return 0;
  },
  parse(line, context) {
    try {
      return parseSophos(line, context);
    } catch {
      return null;
    }
  },
};
