/**
 * AdGuard Home: the query log file (`data/querylog.json`, one JSON object per line) and the
 * service's text log.
 *
 * Query log entries: `{"T":"2024-01-02T10:00:00.123+07:00","QH":"example.com","QT":"A","QC":"IN",
 * "CP":"","IP":"192.0.2.1","Result":{"IsFiltered":true,"Reason":3,…},…}`. `T` carries its zone.
 * Filtering reasons 3 (block list), 4 (safe browsing), 5 (parental), 6 (invalid) and 8 (blocked
 * service) are blocked; every other entry was answered (not filtered, allow-listed, rewritten,
 * safe search) and is allowed. `CP` is the client protocol (`doh`, `dot`, `doq`, empty for plain DNS).
 *
 * Text log: failed web console sign-ins, `2024/01/02 10:00:00.123456 [error] POST ADDR /control/login:
 * [from ip ADDR: ]invalid username or password` (the `from ip` address, when present, is the
 * client behind a proxy), become events with rawAction `auth-failure`. Go writes the server's local
 * time without a zone: read at `context.utcOffsetMinutes`.
 */
import type { LogEvent, LogFormatDefinition, ParseContext } from '../../model.js';
import { digitsAt, fractionAt, localToIso, readIsoTimestamp } from '../syslog.js';
import { address, detectWithEnvelope, questionName, tokenEnd, transport, withEnvelope } from './common.js';

const FORMAT = 'adguardhome';

const reasonNames = [
  'NotFilteredNotFound',
  'NotFilteredAllowList',
  'NotFilteredError',
  'FilteredBlockList',
  'FilteredSafeBrowsing',
  'FilteredParental',
  'FilteredInvalid',
  'FilteredSafeSearch',
  'FilteredBlockedService',
  'Rewritten',
  'RewrittenAutoHosts',
  'RewrittenRule',
];
const blockingReasons = new Set([3, 4, 5, 6, 8]);

function parseAdguard(m: string, context: ParseContext): LogEvent | null {
  if (m.charCodeAt(0) === 123) return parseQueryLog(m, context);
  return parseTextLog(m, context);
}

function parseQueryLog(m: string, context: ParseContext): LogEvent | null {
  let doc: unknown;
  try {
    doc = JSON.parse(m);
  } catch {
    return null;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return null;
  const entry = doc as Record<string, unknown>;
  if (typeof entry.QH !== 'string') return null;
  const name = questionName(entry.QH);
  if (name === undefined) return null;
  const event: LogEvent = { format: FORMAT, dnsQuestionName: name, action: 'allowed' };
  if (typeof entry.IP === 'string') {
    const ip = address(entry.IP);
    if (ip !== undefined) event.sourceIp = ip;
  }
  const result =
    typeof entry.Result === 'object' && entry.Result !== null
      ? (entry.Result as Record<string, unknown>)
      : {};
  const reason = typeof result.Reason === 'number' ? result.Reason : 0;
  event.rawAction = reasonNames[reason] ?? `Reason${reason}`;
  if (blockingReasons.has(reason)) event.action = 'blocked';
  if (typeof entry.CP === 'string' && entry.CP !== '') {
    const proto = transport(entry.CP);
    if (proto !== undefined) event.protocol = proto;
  }
  if (typeof entry.T === 'string') {
    const ts = readIsoTimestamp(entry.T, 0, context.utcOffsetMinutes);
    if (ts?.iso !== undefined) event.time = ts.iso;
  }
  return event;
}

/** `yyyy/MM/dd HH:mm:ss[.ffffff] ` — Go's log package stamp. */
function readGoStamp(m: string, offsetMinutes: number): { iso: string | undefined; end: number } | null {
  const y = digitsAt(m, 0, 4);
  const mo = digitsAt(m, 5, 2);
  const d = digitsAt(m, 8, 2);
  const h = digitsAt(m, 11, 2);
  const mi = digitsAt(m, 14, 2);
  const s = digitsAt(m, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return null;
  if (m.charCodeAt(4) !== 47 || m.charCodeAt(7) !== 47 || m.charCodeAt(13) !== 58) return null;
  const frac = fractionAt(m, 19);
  return { iso: localToIso(offsetMinutes, y, mo, d, h, mi, s, frac.ms), end: frac.end };
}

function parseTextLog(m: string, context: ParseContext): LogEvent | null {
  const stamp = readGoStamp(m, context.utcOffsetMinutes);
  if (stamp === null) return null;
  const path = m.indexOf(' /control/login: ', stamp.end);
  if (path < 0 || m.indexOf('invalid username or password', path) < 0) return null;
  // the address the console saw (`POST ADDR /control/login`), unless a proxy says `from ip ADDR`
  let ip: string | undefined;
  const from = m.indexOf('from ip ', path);
  if (from >= 0) {
    let end = tokenEnd(m, from + 8);
    if (m.charCodeAt(end - 1) === 58) end--;
    ip = address(m.slice(from + 8, end));
  }
  if (ip === undefined) {
    const before = m.lastIndexOf(' ', path - 1);
    ip = address(m.slice(before + 1, path));
  }
  if (ip === undefined) return null;
  const event: LogEvent = { format: FORMAT, sourceIp: ip, action: 'unknown', rawAction: 'auth-failure' };
  if (stamp.iso !== undefined) event.time = stamp.iso;
  return event;
}

function score(m: string): number {
  if (m.charCodeAt(0) === 123) {
    return m.indexOf('"QH":') > 0 && m.indexOf('"T":') > 0 ? 0.95 : 0;
  }
  if (readGoStamp(m, 0) === null) return 0;
  return m.indexOf('/control/') > 0 ? 0.8 : 0.2;
}

export const adguardHomeFormat: LogFormatDefinition = {
  id: 'adguardhome',
  title: 'AdGuard Home query log (querylog.json) and console sign-in failures',
  detect: (line) => detectWithEnvelope(line, score),
  parse: (line, context) => withEnvelope(line, context, parseAdguard),
};
