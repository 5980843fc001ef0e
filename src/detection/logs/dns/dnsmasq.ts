/**
 * dnsmasq query log (`log-queries`, also Pi-hole's FTL which writes the same lines), through
 * syslog or its own `log-facility` file (`Mmm dd hh:mm:ss dnsmasq[PID]: …`, local time, no year —
 * the envelope rules of `syslog.ts` apply). With `log-queries=extra` each message opens with
 * `SERIAL ADDR/PORT `, which gives the client's port and ties the follow-up lines to the client.
 *
 * Events: `query[TYPE] NAME from ADDR` is THE event of a lookup (action unknown: whether it is then
 * answered is said by later lines). A blocking answer is a second event with action blocked:
 * `config NAME is 0.0.0.0|::|NXDOMAIN|NODATA…` (an `address=/…/` rule), a hosts file giving the
 * unspecified address (`/etc/hosts.block NAME is 0.0.0.0`), and Pi-hole's `gravity blocked`,
 * `regex blacklisted`, `exactly denied`… lines. `forwarded`, `reply`, `cached` and other answers
 * repeat the query and carry no event of their own.
 */
import type { LogEvent, LogFormatDefinition, ParseContext } from '../../model.js';
import {
  address,
  detectWithEnvelope,
  endpoint,
  isUnspecifiedAddress,
  questionName,
  skipSpaces,
  tokenEnd,
  withEnvelope,
} from './common.js';

const FORMAT = 'dnsmasq';

/** Pi-hole FTL verbs that always mean the query was blocked. */
const piholeBlocked = new Set([
  'gravity blocked',
  'regex blacklisted',
  'exactly blacklisted',
  'regex denied',
  'exactly denied',
  'special domain',
  'blacklisted',
  'denied',
]);

function parseDnsmasq(m: string, _context: ParseContext): LogEvent | null {
  let i = 0;
  let clientIp: string | undefined;
  let clientPort: number | undefined;
  // log-queries=extra: `SERIAL ADDR/PORT `
  const c0 = m.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    const serialEnd = tokenEnd(m, 0);
    const epStart = skipSpaces(m, serialEnd);
    const epEnd = tokenEnd(m, epStart);
    const ep = endpoint(m, epStart, epEnd, '/');
    if (ep === undefined || ep.port === undefined) return null;
    clientIp = ep.ip;
    clientPort = ep.port;
    i = skipSpaces(m, epEnd);
  }
  if (m.startsWith('query[', i)) {
    const close = m.indexOf('] ', i + 6);
    if (close < 0 || close - i > 24) return null;
    const nameStart = close + 2;
    const nameEnd = tokenEnd(m, nameStart);
    const name = questionName(m.slice(nameStart, nameEnd));
    if (name === undefined || !m.startsWith(' from ', nameEnd)) return null;
    const fromStart = nameEnd + 6;
    const ip = address(m.slice(fromStart, tokenEnd(m, fromStart))) ?? clientIp;
    if (ip === undefined) return null;
    const event: LogEvent = { format: FORMAT, sourceIp: ip, dnsQuestionName: name, action: 'unknown' };
    if (clientPort !== undefined && ip === clientIp) event.sourcePort = clientPort;
    event.rawAction = m.slice(i, close + 1);
    return event;
  }
  // `VERB… NAME is ANSWER`
  const is = m.indexOf(' is ', i);
  if (is < 0) return null;
  const nameStart = m.lastIndexOf(' ', is - 1) + 1;
  if (nameStart <= i) return null;
  const verb = m.slice(i, nameStart - 1);
  const answerStart = is + 4;
  const answer = m.slice(answerStart, tokenEnd(m, answerStart));
  if (!isBlockingAnswer(verb, answer)) return null;
  const name = questionName(m.slice(nameStart, is));
  if (name === undefined) return null;
  const event: LogEvent = {
    format: FORMAT,
    dnsQuestionName: name,
    action: 'blocked',
    rawAction: `${verb} ${answer}`,
  };
  if (clientIp !== undefined) {
    event.sourceIp = clientIp;
    if (clientPort !== undefined) event.sourcePort = clientPort;
  }
  return event;
}

function isBlockingAnswer(verb: string, answer: string): boolean {
  if (piholeBlocked.has(verb)) return true;
  // `config` (address=/…/) and hosts files (`/etc/…`): only a null answer is a block
  if (verb === 'config' || verb.charCodeAt(0) === 47 /* / */) {
    return isUnspecifiedAddress(answer) || answer === 'NXDOMAIN' || answer.startsWith('NODATA');
  }
  return false;
}

function score(m: string): number {
  let i = 0;
  const c0 = m.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) i = skipSpaces(m, tokenEnd(m, skipSpaces(m, tokenEnd(m, 0))));
  if (m.startsWith('query[', i) && m.indexOf(' from ', i) > 0) return 0.9;
  for (const verb of ['forwarded ', 'reply ', 'cached ', 'config ']) {
    if (m.startsWith(verb, i) && (m.indexOf(' is ', i) > 0 || m.indexOf(' to ', i) > 0)) return 0.7;
  }
  return 0;
}

export const dnsmasqFormat: LogFormatDefinition = {
  id: 'dnsmasq',
  title: 'dnsmasq / Pi-hole query log (log-queries)',
  detect: (line) => detectWithEnvelope(line, score),
  parse: (line, context) => withEnvelope(line, context, parseDnsmasq),
};
