/**
 * The message grammar of ISC BIND 9 (`named`), shared by the BIND and Infoblox NIOS parsers (NIOS
 * runs BIND and logs the same lines, plus its own response format).
 *
 * A message may open with BIND's own time (`01-Jan-2024 10:00:00.000`, local time at
 * `context.utcOffsetMinutes` — named writes the server's local time and no zone), then category and
 * severity prefixes (`queries: info: `) and a view (`view internal: `). Lines read:
 * - `client [@0x…] ADDR#PORT [(NAME)]: [view V: ]…` with, after the colon:
 *   `query: NAME CLASS TYPE FLAGS (SERVER)` (query log; `T` in FLAGS = TCP),
 *   `[UDP|TCP: ]query: NAME CLASS TYPE response: RCODE FLAGS RECORDS` (NIOS response log),
 *   `answer: NAME CLASS TYPE FLAGS (SERVER) -> RCODE RECORDS` (BIND 9.20 responses),
 *   `rpz TYPE POLICY rewrite NAME[/TYPE/CLASS] via TRIGGER` (NXDOMAIN, NODATA, DROP, Local-Data and
 *   CNAME policies block; PASSTHRU and DISABLED allow),
 *   `query [(cache)] 'NAME/TYPE/CLASS' denied`, `zone transfer '…' denied`, `update '…' denied`
 *   (blocked), anything else (the client and the name in parentheses, action unknown);
 * - `validating NAME/TYPE: …`, `… resolving 'NAME/TYPE/CLASS'[: ADDR#PORT]` (the address is the
 *   upstream server, so the destination), `transfer of 'ZONE/CLASS' from ADDR#PORT: …` (the
 *   primary server is the source). Other lines (zone maintenance, statistics) carry no event.
 */
import type { LogAction, LogEvent, ParseContext } from '../../model.js';
import { digitsAt, fractionAt, localToIso, monthAt } from '../syslog.js';
import { addressAnswers, endpoint, questionName, skipSpaces, tokenEnd } from './common.js';

/** Parses one BIND message; `format` names the event. Null when the line carries no event. */
export function parseBindMessage(message: string, context: ParseContext, format: string): LogEvent | null {
  let i = 0;
  let time: string | undefined;
  const stamp = readBindTime(message, 0, context.utcOffsetMinutes);
  if (stamp !== null) {
    time = stamp.iso;
    i = skipSpaces(message, stamp.end);
  }
  i = skipPrefixes(message, i);
  const event = parseBody(message, i, format);
  if (event !== null && time !== undefined) event.time = time;
  return event;
}

/** Is this a BIND message we read (cheap check for `detect`)? 0.9 for queries, 0.6 for the rest. */
export function bindMessageScore(message: string): number {
  let i = 0;
  const stamp = readBindTime(message, 0, 0);
  if (stamp !== null) i = skipSpaces(message, stamp.end);
  i = skipPrefixes(message, i);
  if (message.startsWith('client ', i)) {
    const q = message.indexOf(': query: ', i);
    if (q > 0) return message.indexOf(' response: ', q) > 0 ? 0.7 : 0.9;
    if (message.indexOf('): rpz ', i) > 0) return 0.9;
    return message.indexOf('#', i) > 0 ? 0.6 : 0;
  }
  if (stamp !== null) return 0.5;
  // resolver and transfer lines: BIND's, but too plain to claim a file on their own
  if (message.startsWith('validating ', i) || message.startsWith("transfer of '", i)) return 0.3;
  const resolving = message.indexOf("resolving '", i);
  return resolving >= 0 && isVerbPhrase(message, i, resolving) ? 0.3 : 0;
}

/** `dd-Mmm-yyyy hh:mm:ss[.mmm]` at `i`. */
export function readBindTime(
  line: string,
  i: number,
  offsetMinutes: number,
): { iso: string | undefined; end: number } | null {
  const d = digitsAt(line, i, 2);
  if (d < 0 || line.charCodeAt(i + 2) !== 45) return null;
  const mo = monthAt(line, i + 3);
  if (mo === 0 || line.charCodeAt(i + 6) !== 45) return null;
  const y = digitsAt(line, i + 7, 4);
  if (y < 0 || line.charCodeAt(i + 11) !== 32) return null;
  const h = digitsAt(line, i + 12, 2);
  const mi = digitsAt(line, i + 15, 2);
  const s = digitsAt(line, i + 18, 2);
  if (h < 0 || mi < 0 || s < 0 || line.charCodeAt(i + 14) !== 58 || line.charCodeAt(i + 17) !== 58)
    return null;
  const frac = fractionAt(line, i + 20);
  return { iso: localToIso(offsetMinutes, y, mo, d, h, mi, s, frac.ms), end: frac.end };
}

/** Skips `category: `, `severity: ` (up to three) and `view NAME: ` prefixes. */
function skipPrefixes(message: string, start: number): number {
  let i = start;
  for (let n = 0; n < 4; n++) {
    if (message.startsWith('view ', i)) {
      const colon = message.indexOf(': ', i + 5);
      const space = message.indexOf(' ', i + 5);
      if (colon > 0 && colon === space - 1) {
        i = skipSpaces(message, colon + 2);
        continue;
      }
      return i;
    }
    let j = i;
    while (j < message.length && j - i < 24) {
      const c = message.charCodeAt(j);
      if ((c >= 97 && c <= 122) || c === 45 || c === 95 || (c >= 48 && c <= 57)) j++;
      else break;
    }
    if (j === i || message.charCodeAt(j) !== 58 || message.charCodeAt(j + 1) !== 32) return i;
    i = skipSpaces(message, j + 2);
  }
  return i;
}

function parseBody(m: string, i: number, format: string): LogEvent | null {
  if (m.startsWith('client ', i)) return parseClient(m, i + 7, format);
  if (m.startsWith('validating ', i)) {
    const start = i + 11;
    const colon = m.indexOf(': ', start);
    const nameEnd = colon < 0 ? tokenEnd(m, start) : colon;
    const name = questionName(stripTypeClass(m.slice(start, nameEnd)));
    return name === undefined
      ? null
      : { format, dnsQuestionName: name, action: 'unknown', rawAction: 'validating' };
  }
  const resolving = m.indexOf("resolving '", i);
  if (resolving >= 0 && isVerbPhrase(m, i, resolving)) {
    const start = resolving + 11;
    const close = m.indexOf("'", start);
    if (close < 0) return null;
    const name = questionName(stripTypeClass(m.slice(start, close)));
    if (name === undefined) return null;
    const event: LogEvent = {
      format,
      dnsQuestionName: name,
      action: 'unknown',
      rawAction: resolvingVerb(m, i, resolving),
    };
    if (m.startsWith("': ", close)) {
      const epStart = close + 3;
      const ep = endpoint(m, epStart, tokenEnd(m, epStart), '#');
      if (ep !== undefined) {
        event.destinationIp = ep.ip;
        if (ep.port !== undefined) event.destinationPort = ep.port;
      }
    }
    return event;
  }
  if (m.startsWith("transfer of '", i)) {
    const from = m.indexOf(' from ', i + 13);
    if (from < 0) return null;
    const epStart = from + 6;
    let epEnd = tokenEnd(m, epStart);
    if (m.charCodeAt(epEnd - 1) === 58) epEnd--;
    const ep = endpoint(m, epStart, epEnd, '#');
    if (ep === undefined) return null;
    const event: LogEvent = { format, sourceIp: ep.ip, action: 'unknown', rawAction: 'transfer' };
    if (ep.port !== undefined) event.sourcePort = ep.port;
    return event;
  }
  return null;
}

/** Only words (letters, spaces) before `resolving`, so a line is never read from its middle. */
function isVerbPhrase(m: string, start: number, end: number): boolean {
  if (end - start > 40) return false;
  for (let k = start; k < end; k++) {
    const c = m.charCodeAt(k);
    if (!(c === 32 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/** The words before `resolving` (`success`, `FORMERR`, `network unreachable`), as the verb. */
function resolvingVerb(m: string, start: number, at: number): string {
  const before = m.slice(start, at).trim();
  return before.length > 0 && before.length < 40 ? `${before} resolving` : 'resolving';
}

/** `name/TYPE/CLASS` or `name/CLASS` → `name` (names may themselves contain `/`). */
function stripTypeClass(text: string): string {
  let end = text.lastIndexOf('/');
  if (end < 0) return text;
  const prev = text.lastIndexOf('/', end - 1);
  if (prev >= 0 && isUpperToken(text, prev + 1, end)) end = prev;
  return text.slice(0, end);
}

function isUpperToken(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  return true;
}

function parseClient(m: string, start: number, format: string): LogEvent | null {
  let i = start;
  if (m.startsWith('@0x', i)) i = skipSpaces(m, tokenEnd(m, i));
  // ADDR#PORT, possibly followed by `/key NAME`, then ` (NAME)` or `:`
  let epEnd = i;
  while (epEnd < m.length) {
    const c = m.charCodeAt(epEnd);
    if (c === 32 || c === 47) break; // space or `/key`
    if (c === 58 && m.charCodeAt(epEnd + 1) === 32) break; // `: ` after the port
    epEnd++;
  }
  const ep = endpoint(m, i, epEnd, '#');
  if (ep === undefined) return null;
  const event: LogEvent = { format, sourceIp: ep.ip, action: 'unknown' };
  if (ep.port !== undefined) event.sourcePort = ep.port;
  let clientName: string | undefined;
  const open = m.indexOf(' (', epEnd - 1);
  const colon = m.indexOf(': ', epEnd);
  if (colon < 0) return null;
  if (open >= 0 && open < colon) {
    const close = m.indexOf('):', open + 2);
    if (close > 0) clientName = m.slice(open + 2, close);
  }
  let rest = clientName !== undefined ? m.indexOf('): ', epEnd) + 3 : colon + 2;
  if (rest < 3) return null;
  if (m.startsWith('view ', rest)) {
    const c = m.indexOf(': ', rest + 5);
    if (c > 0) rest = c + 2;
  }
  // NIOS: `UDP: query:` / `TCP: query:`
  if ((m.startsWith('UDP: ', rest) || m.startsWith('TCP: ', rest)) && m.startsWith('query: ', rest + 5)) {
    event.protocol = m.charCodeAt(rest) === 85 ? 'udp' : 'tcp';
    rest += 5;
  }
  let recognised: boolean;
  if (m.startsWith('query: ', rest)) recognised = readQuery(m, rest + 7, event, 'query');
  else if (m.startsWith('answer: ', rest)) recognised = readQuery(m, rest + 8, event, 'answer');
  else if (m.startsWith('rpz ', rest)) recognised = readRpz(m, rest + 4, event);
  else recognised = readOther(m, rest, event);
  if (event.dnsQuestionName === undefined && clientName !== undefined) {
    const name = questionName(clientName);
    if (name !== undefined) event.dnsQuestionName = name;
  }
  // a client line we cannot read still says who asked for what, when it names the question
  return recognised || event.dnsQuestionName !== undefined ? event : null;
}

/** `NAME CLASS TYPE FLAGS (SERVER)…` after `query: ` / `answer: `. */
function readQuery(m: string, start: number, event: LogEvent, verb: string): boolean {
  event.rawAction = verb;
  const nameEnd = tokenEnd(m, start);
  const name = questionName(m.slice(start, nameEnd));
  if (name === undefined) return false;
  event.dnsQuestionName = name;
  // skip CLASS and TYPE
  let i = skipSpaces(m, nameEnd);
  i = skipSpaces(m, tokenEnd(m, i));
  i = skipSpaces(m, tokenEnd(m, i));
  if (m.startsWith('response: ', i)) {
    // NIOS: `response: RCODE FLAGS RECORDS`
    const rcodeStart = i + 10;
    const rcodeEnd = tokenEnd(m, rcodeStart);
    const answers = addressAnswers(m, rcodeEnd);
    if (answers !== undefined) event.dnsAnswers = answers;
    return true;
  }
  const flagsEnd = tokenEnd(m, i);
  if (event.protocol === undefined && flagsEnd > i && (m.charCodeAt(i) === 43 || m.charCodeAt(i) === 45)) {
    event.protocol = m.indexOf('T', i) >= 0 && m.indexOf('T', i) < flagsEnd ? 'tcp' : 'udp';
  }
  i = skipSpaces(m, flagsEnd);
  if (m.charCodeAt(i) === 40 /* ( */) {
    const close = m.indexOf(')', i + 1);
    if (close > 0) {
      const server = endpoint(m, i + 1, close, '#');
      if (server !== undefined) event.destinationIp = server.ip;
      i = close + 1;
    }
  }
  const arrow = m.indexOf(' -> ', i);
  if (arrow >= 0) {
    const rcodeStart = arrow + 4;
    const answers = addressAnswers(m, tokenEnd(m, rcodeStart));
    if (answers !== undefined) event.dnsAnswers = answers;
  }
  return true;
}

const rpzBlocking = new Set(['NXDOMAIN', 'NODATA', 'DROP', 'LOCAL-DATA', 'CNAME']);
const rpzAllowing = new Set(['PASSTHRU', 'DISABLED']);

/** `TYPE POLICY rewrite NAME[/TYPE/CLASS] via TRIGGER` after `rpz `. */
function readRpz(m: string, start: number, event: LogEvent): boolean {
  const typeEnd = tokenEnd(m, start);
  let i = skipSpaces(m, typeEnd);
  let policy = '';
  if (!m.startsWith('rewrite ', i)) {
    const policyEnd = tokenEnd(m, i);
    policy = m.slice(i, policyEnd);
    i = skipSpaces(m, policyEnd);
  }
  const upper = policy.toUpperCase();
  let action: LogAction = 'unknown';
  if (rpzBlocking.has(upper)) action = 'blocked';
  else if (rpzAllowing.has(upper)) action = 'allowed';
  event.action = action;
  event.rawAction =
    policy.length > 0 ? `rpz ${m.slice(start, typeEnd)} ${policy}` : `rpz ${m.slice(start, typeEnd)}`;
  if (m.startsWith('rewrite ', i)) {
    const nameStart = i + 8;
    const end = tokenEnd(m, nameStart);
    const name = questionName(stripTypeClass(m.slice(nameStart, end)));
    if (name !== undefined) event.dnsQuestionName = name;
  }
  return typeEnd > start;
}

/** `query (cache) 'NAME/TYPE/CLASS' denied`, `zone transfer '…' denied`, other quoted-name lines. */
function readOther(m: string, start: number, event: LogEvent): boolean {
  const quote = m.indexOf("'", start);
  const close = quote >= 0 ? m.indexOf("'", quote + 1) : -1;
  if (quote >= 0 && close > quote) {
    const name = questionName(stripTypeClass(m.slice(quote + 1, close)));
    if (name !== undefined) event.dnsQuestionName = name;
    const verb = m.slice(start, quote).trim();
    if (m.startsWith(' denied', close + 1)) {
      event.action = 'blocked';
      event.rawAction = `${verb} denied`;
      return true;
    }
    event.rawAction = verb.endsWith(':') ? verb.slice(0, -1) : verb;
    return name !== undefined;
  }
  const colon = m.indexOf(':', start);
  const end = colon > start && colon - start < 40 ? colon : Math.min(m.length, start + 40);
  event.rawAction = m.slice(start, end).trim();
  // BIND 9.2–9.4 left the name out: `client ADDR#PORT: query (cache) denied`
  if (event.rawAction.endsWith(' denied')) {
    event.action = 'blocked';
    return true;
  }
  return false;
}
