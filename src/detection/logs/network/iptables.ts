/**
 * Linux netfilter LOG target lines (iptables, ip6tables, nftables `log`, firewalld, UFW, UniFi,
 * OpenWrt): `[prefix] IN=eth0 OUT= MAC=… SRC=… DST=… LEN=… PROTO=TCP SPT=… DPT=…`, usually inside a
 * kernel syslog line (`kernel: [12345.678] …`).
 *
 * The kernel does not log a verdict: the administrator's `--log-prefix` is the only hint. A prefix word
 * DROP/REJECT/BLOCK/DENY (any case, also inside `[UFW BLOCK]` or `INPUT-DROP`) means blocked, ACCEPT/
 * ALLOW/PASS allowed; UniFi's `[WAN_LOCAL-D-2147483647]` rule tags carry D(rop)/R(eject)/A(ccept).
 * Time: the syslog envelope's (RFC 3164 local time at `context.utcOffsetMinutes`).
 */
import type { LogEvent, LogFormatDefinition, ParseContext, ParseOutcome } from '../../model.js';
import { unwrapSyslog } from './envelope.js';
import { cleanIp, cleanPort, cleanProtocol, mapAction } from './fields.js';

/** Index of the `IN=` field: at the start or after a non-letter (not `PHYSIN=`). */
function findIn(text: string): number {
  let from = 0;
  for (;;) {
    const at = text.indexOf('IN=', from);
    if (at < 0) return -1;
    const before = at === 0 ? 32 : text.charCodeAt(at - 1);
    if (!((before >= 65 && before <= 90) || (before >= 97 && before <= 122))) return at;
    from = at + 3;
  }
}

const BLOCK_WORDS = ['DROP', 'REJECT', 'BLOCK', 'DENY', 'DENIED'];
const ALLOW_WORDS = ['ACCEPT', 'ALLOW', 'PASS'];

/** The verdict word in a log prefix, lower-cased as rawAction, or undefined. */
export function verdictOfPrefix(prefix: string): string | undefined {
  if (prefix.length === 0) return undefined;
  // UniFi rule tags first (`[WAN_LOCAL-D-2147483647]`): the DESCR text after them is a rule name
  const open = prefix.indexOf('[');
  const close = prefix.indexOf(']', open);
  if (open >= 0 && close > open) {
    const tag = prefix.slice(open + 1, close);
    const last = tag.lastIndexOf('-');
    const letter = last > 1 && tag.charCodeAt(last - 2) === 45 ? tag.charAt(last - 1) : '';
    if (letter === 'D') return 'drop';
    if (letter === 'R') return 'reject';
    if (letter === 'A') return 'accept';
  }
  const upper = prefix.toUpperCase();
  for (const word of BLOCK_WORDS) if (upper.includes(word)) return word.toLowerCase();
  for (const word of ALLOW_WORDS) if (upper.includes(word)) return word.toLowerCase();
  return undefined;
}

/** Reads the netfilter fields of `text` from `start` (the `IN=` field) into `event`. */
function readFields(event: LogEvent, text: string, start: number): boolean {
  let src: string | undefined;
  let dst: string | undefined;
  let i = start;
  const end = text.length;
  while (i < end) {
    while (i < end && text.charCodeAt(i) === 32) i++;
    let wordEnd = i;
    let eq = -1;
    while (wordEnd < end && text.charCodeAt(wordEnd) !== 32) {
      if (eq < 0 && text.charCodeAt(wordEnd) === 61) eq = wordEnd;
      wordEnd++;
    }
    if (eq < 0) {
      i = wordEnd;
      continue;
    }
    const key = text.slice(i, eq);
    const value = text.slice(eq + 1, wordEnd);
    i = wordEnd;
    switch (key) {
      case 'SRC':
        src = value;
        break;
      case 'DST':
        dst = value;
        break;
      case 'SPT': {
        const port = cleanPort(value);
        if (port !== undefined) event.sourcePort = port;
        break;
      }
      case 'DPT': {
        const port = cleanPort(value);
        if (port !== undefined) event.destinationPort = port;
        break;
      }
      case 'PROTO': {
        const protocol = cleanProtocol(value);
        if (protocol !== undefined) event.protocol = protocol;
        break;
      }
      default:
        break;
    }
  }
  const source = cleanIp(src);
  if (source !== undefined) event.sourceIp = source;
  const destination = cleanIp(dst);
  if (destination !== undefined) event.destinationIp = destination;
  return source !== undefined || destination !== undefined;
}

function parseIptables(line: string, context: ParseContext): ParseOutcome {
  let text = line;
  let at = findIn(text);
  if (at < 0) return null;
  const event: LogEvent = { format: 'iptables' };
  const envelope = unwrapSyslog(line, context);
  if (envelope.message !== line) {
    text = envelope.message;
    at = findIn(text);
    if (at < 0) return null;
    if (envelope.time !== undefined) event.time = envelope.time;
    if (envelope.host !== undefined) event.device = envelope.host;
  }
  if (!readFields(event, text, at)) return null;
  // the log prefix, minus the kernel's `[uptime]` stamp
  let prefixStart = 0;
  if (text.charCodeAt(0) === 91) {
    const close = text.indexOf(']');
    if (close > 0 && close < at && isUptime(text, 1, close)) prefixStart = close + 1;
  }
  const verdict = verdictOfPrefix(text.slice(prefixStart, at));
  if (verdict !== undefined) {
    event.rawAction = verdict;
    event.action = mapAction(verdict);
  }
  return event;
}

function isUptime(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (!((ch >= 48 && ch <= 57) || ch === 46 || ch === 32)) return false;
  }
  return true;
}

export const iptablesFormat: LogFormatDefinition = {
  id: 'iptables',
  title: 'Linux netfilter LOG lines (iptables, ip6tables, nftables, UFW, firewalld)',
  detect(line) {
    const at = findIn(line);
    if (at < 0) return 0;
    return line.includes(' SRC=', at) && line.includes(' DST=', at) ? 0.95 : 0.3;
  },
  parse(line, context) {
    try {
      return parseIptables(line, context);
    } catch {
      return null;
    }
  },
};
