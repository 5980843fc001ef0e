/**
 * Small scanning helpers shared by the DNS log parsers: the syslog-or-bare wrapper, names,
 * `address#port` endpoints, tokens and address answers. Pure, no regular expressions.
 */
import type { LogEvent, ParseContext } from '../../model.js';
import { isIp } from '../../../net/ip.js';
import { stripSyslog } from '../syslog.js';

/** Reads a device message that carries no syslog envelope (or whose envelope was removed). */
export type BareParser = (message: string, context: ParseContext) => LogEvent | null;

/**
 * Parses `line` as the bare format, else as a syslog line whose message is that format. The
 * envelope supplies the time and device when the message itself has none.
 */
export function withEnvelope(line: string, context: ParseContext, bare: BareParser): LogEvent | null {
  try {
    const direct = bare(line, context);
    if (direct !== null) return direct;
    const env = stripSyslog(line, context);
    if (env === null || env.message.length === 0) return null;
    const event = bare(env.message, context);
    if (event === null) return null;
    if (event.time === undefined && env.time !== undefined) event.time = env.time;
    if (event.device === undefined && env.host !== undefined) event.device = env.host;
    return event;
  } catch {
    // a parser bug must never stop a run over millions of lines
    return null;
  }
}

/** `detect` for a format whose messages `looks` recognises, with or without an envelope. */
export function detectWithEnvelope(line: string, looks: (message: string) => number): number {
  try {
    const direct = looks(line);
    if (direct > 0) return direct;
    const env = stripSyslog(line, { utcOffsetMinutes: 0, year: 2000 });
    return env === null ? 0 : looks(env.message);
  } catch {
    return 0;
  }
}

/** The question name as events carry it: lower-case, without the root dot; undefined when empty. */
export function questionName(raw: string): string | undefined {
  let name = raw;
  if (name.length > 0 && name.charCodeAt(name.length - 1) === 46) name = name.slice(0, -1);
  if (name.length === 0 || name.length > 1024) return undefined;
  return name.toLowerCase();
}

/** An address text when it is one (brackets around IPv6 removed), else undefined. */
export function address(raw: string): string | undefined {
  let text = raw;
  if (text.length > 2 && text.charCodeAt(0) === 91 && text.charCodeAt(text.length - 1) === 93)
    text = text.slice(1, -1);
  return isIp(text) ? text : undefined;
}

/** A decimal port 0–65535 in `text[start, end)`, or undefined. */
export function portAt(text: string, start: number, end: number): number | undefined {
  if (end <= start || end - start > 5) return undefined;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
  }
  return v <= 65535 ? v : undefined;
}

/** End of the run of non-space characters starting at `start`. */
export function tokenEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) break;
    i++;
  }
  return i;
}

/** First non-space index at or after `start`. */
export function skipSpaces(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
}

/**
 * `address<sep>port` in `text[start, end)`, split at the LAST separator so IPv6 addresses keep
 * their colons; `[v6]:port` is accepted too.
 */
export function endpoint(
  text: string,
  start: number,
  end: number,
  sep: string,
): { ip: string; port: number | undefined } | undefined {
  const at = text.lastIndexOf(sep, end - 1);
  if (at < start) {
    const ip = address(text.slice(start, end));
    return ip === undefined ? undefined : { ip, port: undefined };
  }
  const ip = address(text.slice(start, at));
  if (ip === undefined) return undefined;
  return { ip, port: portAt(text, at + 1, end) };
}

/**
 * Addresses that follow an `A` or `AAAA` token in `text[start, end)` — the data of address
 * records in the answer sections BIND, Infoblox and others print. Undefined when there are none.
 */
export function addressAnswers(text: string, start: number, end = text.length): string[] | undefined {
  let out: string[] | undefined;
  let prevWasAddressType = false;
  let i = skipSpaces(text, start);
  let guard = 0;
  while (i < end && guard++ < 4096) {
    let e = tokenEnd(text, i);
    if (e > end) e = end;
    let tokEnd = e;
    const last = text.charCodeAt(tokEnd - 1);
    if (last === 59 || last === 44 || last === 93) tokEnd--; // `;` `,` `]` after a value
    if (prevWasAddressType && tokEnd > i) {
      const ip = address(text.slice(i, tokEnd));
      if (ip !== undefined) (out ??= []).push(ip);
    }
    const len = tokEnd - i;
    prevWasAddressType =
      (len === 1 && text.charCodeAt(i) === 65) || (len === 4 && text.startsWith('AAAA', i));
    i = skipSpaces(text, e);
  }
  return out;
}

/** Address answers that mean "blocked" on DNS filters (0.0.0.0, ::). */
export function isUnspecifiedAddress(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::' || ip === '0:0:0:0:0:0:0:0';
}

/** `udp` or `tcp` for a transport or DNS protocol name (DoT/DoH run over TCP, DoQ over UDP). */
export function transport(raw: string): string | undefined {
  const t = raw.toLowerCase();
  if (t === 'udp' || t === 'tcp') return t;
  if (t === 'tls' || t === 'https' || t === 'dot' || t === 'doh') return 'tcp';
  if (t === 'quic' || t === 'doq') return 'udp';
  return undefined;
}
