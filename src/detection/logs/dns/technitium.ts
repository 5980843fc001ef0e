/**
 * Technitium DNS Server log file (`logs/yyyy-MM-dd.log`), with "Log all queries" on:
 *   [2024-01-02 10:00:00 UTC] [192.0.2.1:53000] [UDP] QNAME: example.com; QTYPE: A; QCLASS: IN; RCODE: NoError; ANSWER: [93.184.216.34]
 * IPv6 clients are written `[[2001:db8::1]:53000]`. The stamp says `UTC` or `Local` (the server's
 * local time, read at `context.utcOffsetMinutes`). A query answered only with the unspecified
 * address (0.0.0.0 / ::, Technitium's "Any Address" blocking) is blocked; other answers, NXDOMAIN
 * included, cannot be told from ordinary ones and are unknown.
 * The web console's failed sign-ins (`[…] [ADDR:PORT] DnsServerCore.DnsWebServiceException:
 * Invalid username or password for user: NAME`) are events too (rawAction `auth-failure`), so a
 * source that tries passwords is seen. Other lines carry no event.
 */
import type { LogEvent, LogFormatDefinition, ParseContext } from '../../model.js';
import { digitsAt, localToIso } from '../syslog.js';
import {
  address,
  detectWithEnvelope,
  endpoint,
  isUnspecifiedAddress,
  questionName,
  transport,
  withEnvelope,
} from './common.js';

const FORMAT = 'technitium';

/** `[yyyy-MM-dd HH:mm:ss UTC|Local] ` at the start; the time and where the rest begins. */
function readStamp(m: string, context: ParseContext): { iso: string | undefined; end: number } | null {
  if (m.charCodeAt(0) !== 91) return null;
  const y = digitsAt(m, 1, 4);
  const mo = digitsAt(m, 6, 2);
  const d = digitsAt(m, 9, 2);
  const h = digitsAt(m, 12, 2);
  const mi = digitsAt(m, 15, 2);
  const s = digitsAt(m, 18, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return null;
  if (m.charCodeAt(5) !== 45 || m.charCodeAt(8) !== 45 || m.charCodeAt(11) !== 32) return null;
  let offset: number;
  let end: number;
  if (m.startsWith(' UTC] ', 20)) {
    offset = 0;
    end = 26;
  } else if (m.startsWith(' Local] ', 20)) {
    offset = context.utcOffsetMinutes;
    end = 28;
  } else return null;
  return { iso: localToIso(offset, y, mo, d, h, mi, s), end };
}

function parseTechnitium(m: string, context: ParseContext): LogEvent | null {
  const stamp = readStamp(m, context);
  if (stamp === null || m.charCodeAt(stamp.end) !== 91) return null;
  // `[ADDR:PORT] ` or `[[V6]:PORT] `
  const epStart = stamp.end + 1;
  const close = m.indexOf('] ', m.charCodeAt(epStart) === 91 ? m.indexOf(']', epStart) + 1 : epStart);
  if (close < 0) return null;
  const ep = endpoint(m, epStart, close, ':');
  if (ep === undefined) return null;
  let i = close + 2;
  const event: LogEvent = { format: FORMAT, sourceIp: ep.ip, action: 'unknown' };
  if (ep.port !== undefined) event.sourcePort = ep.port;
  if (stamp.iso !== undefined) event.time = stamp.iso;
  if (m.charCodeAt(i) === 91) {
    const pclose = m.indexOf('] ', i);
    if (pclose < 0) return null;
    const proto = transport(m.slice(i + 1, pclose));
    if (proto !== undefined) event.protocol = proto;
    i = pclose + 2;
  }
  if (m.startsWith('QNAME: ', i)) {
    const semi = m.indexOf(';', i + 7);
    const name = questionName(m.slice(i + 7, semi < 0 ? m.length : semi));
    if (name === undefined) return null;
    event.dnsQuestionName = name;
    event.rawAction = 'query';
    const rcode = m.indexOf('; RCODE: ', i);
    if (rcode >= 0) {
      const rEnd = m.indexOf(';', rcode + 9);
      event.rawAction = m.slice(rcode + 9, rEnd < 0 ? m.length : rEnd);
    }
    const answer = m.indexOf('; ANSWER: [', i);
    if (answer >= 0) {
      const aStart = answer + 11;
      const aEnd = m.indexOf(']', aStart);
      const answers = listedAddresses(m, aStart, aEnd < 0 ? m.length : aEnd);
      if (answers !== undefined) {
        event.dnsAnswers = answers;
        if (answers.every(isUnspecifiedAddress)) event.action = 'blocked';
      }
    }
    return event;
  }
  if (m.indexOf('Invalid username or password', i) >= 0) {
    event.rawAction = 'auth-failure';
    return event;
  }
  return null;
}

/** Addresses in a Technitium `ANSWER: [a, b, …]` list (other record data is skipped). */
function listedAddresses(m: string, start: number, end: number): string[] | undefined {
  let out: string[] | undefined;
  let i = start;
  while (i < end) {
    let e = m.indexOf(', ', i);
    if (e < 0 || e > end) e = end;
    const ip = address(m.slice(i, e).trim());
    if (ip !== undefined) (out ??= []).push(ip);
    i = e + 2;
  }
  return out;
}

function score(m: string): number {
  if (readStamp(m, { utcOffsetMinutes: 0, year: 2000 }) === null) return 0;
  if (m.indexOf('] QNAME: ') > 0) return 0.95;
  return m.indexOf('DnsServerCore') > 0 || m.indexOf('Technitium') > 0 ? 0.8 : 0.3;
}

export const technitiumFormat: LogFormatDefinition = {
  id: 'technitium',
  title: 'Technitium DNS Server log file (queries, web console sign-ins)',
  detect: (line) => detectWithEnvelope(line, score),
  parse: (line, context) => withEnvelope(line, context, parseTechnitium),
};
