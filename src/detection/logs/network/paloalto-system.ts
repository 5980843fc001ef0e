/**
 * The peers named in a PAN-OS SYSTEM log's description. SYSTEM logs have no address columns, but the
 * events that involve another machine write it in fixed phrases of their templates:
 * - the client that caused the event (source): `From: ADDR.` (auth, GlobalProtect `Login from: ADDR`),
 *   `user NAME from ADDR` / `logged in via Web from ADDR`, `initiated by[:] ADDR`, and the tunnel address
 *   GlobalProtect gave a client (`Private IP: ADDR`), which later traffic logs show as the source;
 * - the server the firewall talked to (destination): `server address ADDR` (authentication server
 *   profile), `connected to server ADDR:PORT` (LDAP), `connect to address: ADDR port: PORT`,
 *   `IP: ADDR was elected` (URL cloud), `dhcp server: ADDR`;
 * - the firewall's own address after a DHCP renewal (`interface eth0, ip ADDR`, source).
 * Addresses may be quoted (`'192.0.2.1'`) and followed by punctuation; host names in those places are
 * not addresses and are skipped, as are phrases whose value is not an address (`from IP <…>`).
 */
import type { LogEvent } from '../../model.js';
import { cleanIp, cleanPort } from './fields.js';

type Role = 'source' | 'destination';

/** Phrase (lower case, ending where the address starts) → the role of the address after it. */
const PHRASES: readonly (readonly [string, Role])[] = [
  ['from: ', 'source'],
  ['initiated by: ', 'source'],
  ['initiated by ', 'source'],
  ['from ', 'source'],
  ['private ip: ', 'source'],
  ['interface ', 'source'], // `interface eth0, ip ADDR`: the phrase is completed below
  ['server address ', 'destination'],
  ['connected to server ', 'destination'],
  ['connect to address: ', 'destination'],
  ['ip: ', 'destination'],
  ['dhcp server: ', 'destination'],
];

/** Descriptions are a sentence or two; a hostile one is read no further than this. */
const MAX_DESCRIPTION = 2048;

interface Found {
  ip: string;
  port: number | undefined;
}

/** The address (and `:port`, or a following ` port: N`) that starts at `at` in `text`, if any. */
function addressAt(text: string, at: number): Found | undefined {
  let start = at;
  if (text.charCodeAt(start) === 39 || text.charCodeAt(start) === 34) start++; // ' or "
  let end = start;
  while (end < text.length) {
    const ch = text.charCodeAt(end);
    if (ch === 32 || ch === 44 || ch === 39 || ch === 34 || ch === 41 || ch === 59) break;
    end++;
  }
  while (end > start && text.charCodeAt(end - 1) === 46) end--; // sentence-ending dot
  const token = text.slice(start, end);
  const whole = cleanIp(token);
  if (whole !== undefined) {
    const port = /^ port: (\d{1,5})/.exec(text.slice(end, end + 13));
    return { ip: whole, port: port?.[1] !== undefined ? cleanPort(port[1]) : undefined };
  }
  // IPv4 `ADDR:PORT` (IPv6 would be bracketed, which cleanIp strips only without a port)
  const colon = token.lastIndexOf(':');
  if (colon > 0 && token.indexOf(':') === colon) {
    const ip = cleanIp(token.slice(0, colon));
    const port = cleanPort(token.slice(colon + 1));
    if (ip !== undefined && port !== undefined) return { ip, port };
  }
  return undefined;
}

/** Where the address of `phrase` found at `at` starts, or -1 when the phrase does not fit there. */
function valueStart(lower: string, phrase: string, at: number): number {
  const after = at + phrase.length;
  if (at > 0 && isWordChar(lower.charCodeAt(at - 1))) return -1; // `XFrom: `, `vip: `
  if (phrase === 'ip: ' && lower.startsWith('private ', at - 8)) return -1; // a client's, not a server's
  if (phrase !== 'interface ') return after;
  // `interface eth0, ip ADDR`
  const comma = lower.indexOf(', ip ', after);
  return comma > after && comma - after <= 32 && lower.indexOf(' ', after) > comma ? comma + 5 : -1;
}

function isWordChar(ch: number): boolean {
  return (ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 57) || ch === 95;
}

/** Sets source/destination address and port on `event` from a SYSTEM log description. */
export function readSystemDescription(event: LogEvent, description: string | undefined): void {
  if (description === undefined || description.length === 0) return;
  const text = description.length > MAX_DESCRIPTION ? description.slice(0, MAX_DESCRIPTION) : description;
  const lower = text.toLowerCase();
  const found: Partial<Record<Role, Found>> = {};
  for (const [phrase, role] of PHRASES) {
    if (found[role] !== undefined) continue;
    for (let at = lower.indexOf(phrase); at >= 0; at = lower.indexOf(phrase, at + 1)) {
      const start = valueStart(lower, phrase, at);
      const address = start < 0 ? undefined : addressAt(text, start);
      if (address !== undefined) {
        found[role] = address;
        break;
      }
    }
  }
  const source = found.source;
  const destination = found.destination;
  if (source !== undefined) {
    event.sourceIp = source.ip;
    if (source.port !== undefined) event.sourcePort = source.port;
  }
  if (destination !== undefined) {
    event.destinationIp = destination.ip;
    if (destination.port !== undefined) event.destinationPort = destination.port;
  }
}
