/**
 * Unbound query, reply, local-zone and RPZ log lines.
 *
 * Shapes: Unbound's own log file `[EPOCH] unbound[PID:TID] LEVEL: MSG` (EPOCH is seconds since
 * 1970, UTC), the same through syslog (`… unbound[PID]: [PID:TID] LEVEL: MSG`, time from the
 * envelope), with `log-time-ascii` (`Mmm dd hh:mm:ss unbound[PID:TID] LEVEL: MSG`, local time) or
 * bare (`[PID:TID] LEVEL: MSG`). Messages read (LEVEL `info`, `query` or `reply`):
 * - `ADDR NAME. TYPE CLASS` (log-queries);
 * - `ADDR NAME. TYPE CLASS RCODE SECONDS CACHED SIZE` (log-replies; the rcode is the raw action);
 * - `LOCALZONE ADDR@PORT NAME. TYPE CLASS` (log-local-actions): blocking zone types (deny, refuse,
 *   static, redirect, always_nxdomain/refuse/null, inform_deny…) → blocked, transparent ones →
 *   allowed;
 * - `rpz: applied [ZONE] TRIGGER ACTION ADDR@PORT NAME. TYPE CLASS`: passthru → allowed,
 *   tcp-only → unknown, every other RPZ action → blocked.
 * Anything else (statistics, key tags, errors) carries no event.
 */
import type { LogAction, LogEvent, LogFormatDefinition, ParseContext } from '../../model.js';
import { isoFromMs, monthAt, readBsdTimestamp } from '../syslog.js';
import { detectWithEnvelope, endpoint, questionName, skipSpaces, tokenEnd, withEnvelope } from './common.js';

const FORMAT = 'unbound';

const blockingZones = new Set([
  'deny',
  'refuse',
  'static',
  'redirect',
  'always_refuse',
  'always_nxdomain',
  'always_nodata',
  'always_deny',
  'always_null',
  'inform_deny',
  'inform_redirect',
]);
const allowingZones = new Set([
  'transparent',
  'typetransparent',
  'always_transparent',
  'inform',
  'nodefault',
]);

interface Header {
  time?: string;
  /** start of the level word */
  level: number;
}

/** `[EPOCH] ` or `Mmm dd hh:mm:ss `, `unbound[…] `, `[PID:TID] ` in that order, each optional. */
function readHeader(m: string, context: ParseContext): Header | null {
  let i = 0;
  const header: Header = { level: 0 };
  if (monthAt(m, 0) > 0) {
    // log-time-ascii: local time, no year
    const stamp = readBsdTimestamp(m, 0, context);
    if (stamp === null || !m.startsWith(' unbound', stamp.end)) return null;
    if (stamp.iso !== undefined) header.time = stamp.iso;
    i = stamp.end + 1;
  } else if (m.charCodeAt(0) === 91 /* [ */) {
    const close = m.indexOf(']', 1);
    if (close < 0 || close > 24) return null;
    if (m.indexOf(':', 1) < 0 || m.indexOf(':', 1) > close) {
      // `[1700000000]` (or with a fraction) — Unbound's epoch stamp, UTC
      const seconds = Number(m.slice(1, close));
      if (!Number.isFinite(seconds)) return null;
      const iso = isoFromMs(Math.round(seconds * 1000));
      if (iso !== undefined) header.time = iso;
      i = skipSpaces(m, close + 1);
    }
  }
  if (m.startsWith('unbound', i)) i = skipSpaces(m, tokenEnd(m, i));
  if (m.charCodeAt(i) === 91) {
    const close = m.indexOf('] ', i);
    if (close < 0 || close - i > 32) return null;
    i = skipSpaces(m, close + 2);
  }
  header.level = i;
  return header;
}

function parseUnbound(m: string, context: ParseContext): LogEvent | null {
  const header = readHeader(m, context);
  if (header === null) return null;
  let i = header.level;
  let level: string;
  if (m.startsWith('info: ', i)) level = 'info';
  else if (m.startsWith('query: ', i)) level = 'query';
  else if (m.startsWith('reply: ', i)) level = 'reply';
  else return null;
  i = skipSpaces(m, i + level.length + 2);
  const event = m.startsWith('rpz: applied ', i) ? readRpz(m, i + 13) : readQueryOrReply(m, i);
  if (event !== null && header.time !== undefined) event.time = header.time;
  return event;
}

/** Up to `max` space-separated tokens from `start`, as [start, end) pairs. */
function tokens(m: string, start: number, max: number): number[] {
  const out: number[] = [];
  let i = skipSpaces(m, start);
  while (i < m.length && out.length < max * 2) {
    const e = tokenEnd(m, i);
    out.push(i, e);
    i = skipSpaces(m, e);
  }
  return out;
}

function readQueryOrReply(m: string, start: number): LogEvent | null {
  const t = tokens(m, start, 9);
  const count = t.length / 2;
  if (count < 4) return null;
  const tok = (k: number) => m.slice(t[k * 2], t[k * 2 + 1]);
  const first = tok(0);
  // local-zone action: `static ADDR@PORT NAME TYPE CLASS`
  const at = m.indexOf('@', t[2]);
  if (count >= 5 && at >= t[2]! && at < t[3]!) {
    const zone = first.toLowerCase();
    const ep = endpoint(m, t[2]!, t[3]!, '@');
    if (ep === undefined) return null;
    const name = questionName(tok(2));
    if (name === undefined || !isClass(tok(4))) return null;
    let action: LogAction = 'unknown';
    if (blockingZones.has(zone)) action = 'blocked';
    else if (allowingZones.has(zone)) action = 'allowed';
    const event: LogEvent = {
      format: FORMAT,
      sourceIp: ep.ip,
      dnsQuestionName: name,
      action,
      rawAction: zone,
    };
    if (ep.port !== undefined) event.sourcePort = ep.port;
    return event;
  }
  const ep = endpoint(m, t[0]!, t[1]!, '@');
  if (ep === undefined) return null;
  const name = questionName(tok(1));
  if (name === undefined || !isClass(tok(3))) return null;
  const event: LogEvent = { format: FORMAT, sourceIp: ep.ip, dnsQuestionName: name, action: 'unknown' };
  if (ep.port !== undefined) event.sourcePort = ep.port;
  event.rawAction = count >= 5 ? tok(4) : 'query';
  return event;
}

/** `[ZONE] TRIGGER ACTION ADDR@PORT NAME TYPE CLASS` after `rpz: applied `. */
function readRpz(m: string, start: number): LogEvent | null {
  const t = tokens(m, start, 9);
  const count = t.length / 2;
  for (let k = 1; k < count; k++) {
    const s = t[k * 2]!;
    const e = t[k * 2 + 1]!;
    const at = m.lastIndexOf('@', e - 1);
    if (at < s) continue;
    const ep = endpoint(m, s, e, '@');
    if (ep === undefined) continue;
    const raw = m.slice(t[(k - 1) * 2], t[(k - 1) * 2 + 1]).toLowerCase();
    const verb = raw.startsWith('rpz-') ? raw.slice(4) : raw;
    const action: LogAction = verb === 'passthru' ? 'allowed' : verb === 'tcp-only' ? 'unknown' : 'blocked';
    const event: LogEvent = { format: FORMAT, sourceIp: ep.ip, action, rawAction: `rpz ${verb}` };
    if (ep.port !== undefined) event.sourcePort = ep.port;
    if (k + 1 < count) {
      const name = questionName(m.slice(t[(k + 1) * 2], t[(k + 1) * 2 + 1]));
      if (name !== undefined) event.dnsQuestionName = name;
    }
    return event;
  }
  return null;
}

/** DNS classes as Unbound prints them (`IN`, `CH`, `HS`, `ANY`, `CLASS<n>`). */
function isClass(token: string): boolean {
  return token === 'IN' || token === 'CH' || token === 'HS' || token === 'ANY' || token.startsWith('CLASS');
}

const detectContext: ParseContext = { utcOffsetMinutes: 0, year: 2000 };

function score(m: string): number {
  const header = readHeader(m, detectContext);
  if (header === null) return 0;
  const i = header.level;
  if (!(m.startsWith('info: ', i) || m.startsWith('query: ', i) || m.startsWith('reply: ', i))) return 0;
  if (i === 0) return 0; // a bare `info: …` could be anything
  return parseUnbound(m, detectContext) !== null ? 0.9 : 0.5;
}

export const unboundFormat: LogFormatDefinition = {
  id: 'unbound',
  title: 'Unbound query / reply / local-zone / RPZ log',
  detect: (line) => detectWithEnvelope(line, score),
  parse: (line, context) => withEnvelope(line, context, parseUnbound),
};
