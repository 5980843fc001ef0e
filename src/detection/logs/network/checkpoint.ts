/**
 * Check Point gateway logs (Log Exporter / OPSEC LEA) in the three shapes seen in the wild:
 * - CEF (`CEF:0|Check Point|VPN-1 & FireWall-1|…`), read with the generic CEF mapping plus `origin`
 *   (the gateway) as device;
 * - the "syslog" export, `[action:"Drop"; src:"192.0.2.1"; dst:"…"; s_port:"…"; service:"443"; …]`,
 *   where `service` is the destination port and `resource` the URL;
 * - the older quoted positional export, `"num" "20Dec2019" "12:04:05" "eth1" "origin" "Log" "Drop"
 *   "service" "s_port" "src" "dst" "proto" …`.
 *
 * Time: epoch `time` (UTC) / CEF `rt` (epoch ms); the positional date and time are the gateway's local
 * time, read at `context.utcOffsetMinutes`.
 */
import type { LogEvent, LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import { findCef, parseCefRecord, setUrl } from './cef.js';
import { unwrapSyslog } from './envelope.js';
import { cleanIp, cleanPort, cleanProtocol, mapAction } from './fields.js';
import { isoFromEpoch, isoFromParts, monthFromName, readDigits } from './time.js';

function setAction(event: LogEvent, raw: string | undefined): void {
  if (raw === undefined || raw.length === 0) return;
  event.rawAction = raw;
  event.action = mapAction(raw);
}

/** `[key:"value"; key:"value"; ]` */
function parseBracketed(text: string, open: number, host: string | undefined): ParseOutcome {
  const event: LogEvent = { format: 'checkpoint' };
  let i = open + 1;
  let origin: string | undefined;
  let resource: string | undefined;
  let pairs = 0;
  while (i < text.length) {
    while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 59)) i++;
    const sep = text.indexOf(':"', i);
    if (sep < 0) break;
    const key = text.slice(i, sep);
    const valueStart = sep + 2;
    let close = text.indexOf('";', valueStart);
    if (close < 0) close = text.indexOf('"]', valueStart);
    if (close < 0) close = text.length;
    const value = text.slice(valueStart, close);
    i = close + 2;
    pairs++;
    if (value.length === 0) continue;
    switch (key) {
      case 'src': {
        const ip = cleanIp(value);
        if (ip !== undefined) event.sourceIp = ip;
        break;
      }
      case 'dst': {
        const ip = cleanIp(value);
        if (ip !== undefined) event.destinationIp = ip;
        break;
      }
      case 's_port': {
        const port = cleanPort(value);
        if (port !== undefined) event.sourcePort = port;
        break;
      }
      case 'service': {
        const port = cleanPort(value);
        if (port !== undefined) event.destinationPort = port;
        break;
      }
      case 'proto': {
        const protocol = cleanProtocol(value);
        if (protocol !== undefined) event.protocol = protocol;
        break;
      }
      case 'action':
        setAction(event, value);
        break;
      case 'origin':
        origin = value;
        break;
      case 'resource':
        resource = value;
        break;
      case 'time': {
        const time = isoFromEpoch(value);
        if (time !== undefined) event.time = time;
        break;
      }
      default:
        break;
    }
  }
  if (pairs === 0) return null;
  if (resource !== undefined) setUrl(event, resource, undefined);
  const device = origin ?? host;
  if (device !== undefined) event.device = device;
  return event;
}

const cols: string[] = [];

/** `"a" "b" "" "c"`: double-quoted columns separated by single spaces. */
function splitQuoted(text: string): number {
  cols.length = 0;
  let i = 0;
  while (i < text.length && cols.length < 64) {
    while (i < text.length && text.charCodeAt(i) === 32) i++;
    if (text.charCodeAt(i) !== 34) break;
    const close = text.indexOf('"', i + 1);
    if (close < 0) break;
    cols.push(text.slice(i + 1, close));
    i = close + 1;
  }
  return cols.length;
}

/** `20Dec2019` + `12:04:05` at the context offset. */
function positionalTime(date: string, time: string, context: ParseContext): string | undefined {
  const dayDigits = date.length === 9 ? 2 : 1;
  const day = readDigits(date, 0, dayDigits);
  const month = monthFromName(date, dayDigits);
  const year = readDigits(date, dayDigits + 3, 4);
  const hour = readDigits(time, 0, 2);
  const minute = readDigits(time, 3, 2);
  const second = readDigits(time, 6, 2);
  if (day < 0 || month === 0 || year < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  return isoFromParts(year, month, day, hour, minute, second, 0, context.utcOffsetMinutes);
}

function parsePositional(text: string, context: ParseContext): ParseOutcome {
  if (splitQuoted(text) < 12) return null;
  const event: LogEvent = { format: 'checkpoint' };
  const time = positionalTime(cols[1]!, cols[2]!, context);
  if (time !== undefined) event.time = time;
  if (cols[4]!.length > 0) event.device = cols[4]!;
  setAction(event, cols[6]);
  const dport = cleanPort(cols[7]);
  if (dport !== undefined) event.destinationPort = dport;
  const sport = cleanPort(cols[8]);
  if (sport !== undefined) event.sourcePort = sport;
  const src = cleanIp(cols[9]);
  if (src !== undefined) event.sourceIp = src;
  const dst = cleanIp(cols[10]);
  if (dst !== undefined) event.destinationIp = dst;
  const protocol = cleanProtocol(cols[11]);
  if (protocol !== undefined) event.protocol = protocol;
  return event;
}

/** Check Point CEF: the generic reading, plus `origin` (the gateway that logged) as device. */
function parseCheckpointCef(text: string, context: ParseContext, host: string | undefined): ParseOutcome {
  const event = parseCefRecord(text, context, 'checkpoint', host);
  if (event === null) return null;
  const origin = text.indexOf(' origin=');
  if (origin >= 0) {
    let end = origin + 8;
    while (end < text.length && text.charCodeAt(end) > 32) end++;
    const value = text.slice(origin + 8, end);
    if (value.length > 0) event.device = value;
  }
  return event;
}

function parseCheckpoint(line: string, context: ParseContext): ParseOutcome {
  const trimmed = line.trimStart();
  const first = trimmed.charCodeAt(0);
  if (first === 34) return parsePositional(trimmed, context);
  const cefAt = findCef(trimmed);
  if (cefAt >= 0 && cefAt < 200) {
    const envelope = cefAt > 0 ? unwrapSyslog(trimmed, context) : undefined;
    const event = parseCheckpointCef(trimmed.slice(cefAt), context, envelope?.host);
    if (event !== null && event.time === undefined && envelope?.time !== undefined)
      event.time = envelope.time;
    return event;
  }
  const open = trimmed.indexOf('[');
  if (open >= 0 && trimmed.indexOf(':"', open) > open) {
    const envelope = open > 0 && !trimmed.startsWith('syslog[') ? unwrapSyslog(trimmed, context) : undefined;
    const event = parseBracketed(trimmed, open, envelope?.host);
    if (event !== null && event.time === undefined && envelope?.time !== undefined)
      event.time = envelope.time;
    return event;
  }
  const envelope = unwrapSyslog(trimmed, context);
  if (envelope.message !== trimmed && envelope.message.charCodeAt(0) === 34) {
    return parsePositional(envelope.message, context);
  }
  return null;
}

export const checkpointFormat: LogFormatDefinition = {
  id: 'checkpoint',
  title: 'Check Point gateway log (Log Exporter CEF, syslog [key:"value"] or LEA positional)',
  detect(line) {
    if (line.includes('|Check Point|')) return 0.95;
    if (line.includes('[action:"') || (line.includes('origin:"') && line.includes('loguid:"'))) return 0.9;
    if (line.charCodeAt(0) === 34 && line.includes('" "Log" "')) return 0.8;
    return 0;
  },
  parse(line, context) {
    try {
      return parseCheckpoint(line, context);
    } catch {
      return null;
    }
  },
};
