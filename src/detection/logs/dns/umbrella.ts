/**
 * Cisco Umbrella DNS logs (the CSV Umbrella exports to S3, `dnslogs/…csv.gz`), one quoted record per
 * line:
 *   "Timestamp","Most Granular Identity","Identities","Internal Ip","External Ip","Action",
 *   "QueryType","ResponseCode","Domain","Categories"[,"Most Granular Identity Type",
 *   "Identity Types","Blocked Categories","Rule ID","Destination Countries","Organization ID"]
 * The internal address is the client (source); `Action` is `Allowed` or `Blocked`. Timestamps are
 * UTC. A quoted field may hold a line break (an identity name), so a record can reach the parser
 * whole or, from a naive line splitter, in pieces: pieces carry no event.
 */
import type { LogEvent, LogFormatDefinition, ParseContext } from '../../model.js';
import { readIsoTimestamp } from '../syslog.js';
import { address, detectWithEnvelope, questionName, withEnvelope } from './common.js';

const FORMAT = 'cisco-umbrella';
const MAX_FIELDS = 20;

/** Splits one CSV record (RFC 4180 quoting, spaces around fields ignored); null when malformed. */
function csvFields(line: string): string[] | null {
  const out: string[] = [];
  const len = line.length;
  let i = 0;
  while (out.length < MAX_FIELDS) {
    while (i < len && line.charCodeAt(i) === 32) i++;
    if (i < len && line.charCodeAt(i) === 34) {
      let value = '';
      let start = i + 1;
      let j = start;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return null; // unbalanced quote
        if (line.charCodeAt(q + 1) === 34) {
          value += line.slice(start, q + 1);
          j = q + 2;
          start = j;
          continue;
        }
        value += line.slice(start, q);
        i = q + 1;
        break;
      }
      out.push(value);
      while (i < len && line.charCodeAt(i) === 32) i++;
    } else {
      let comma = line.indexOf(',', i);
      if (comma < 0) comma = len;
      out.push(line.slice(i, comma).trim());
      i = comma;
    }
    if (i >= len) return out;
    if (line.charCodeAt(i) !== 44) return null;
    i++;
  }
  return out;
}

function parseUmbrella(line: string, _context: ParseContext): LogEvent | null {
  const first = line.indexOf('"');
  if (first < 0 || first > 4) return null;
  const f = csvFields(line);
  if (f === null || f.length < 10) return null;
  const ts = readIsoTimestamp(f[0]!, 0, 0); // Umbrella writes UTC
  if (ts === null) return null;
  const name = questionName(f[8]!);
  if (name === undefined) return null;
  const verb = f[5]!;
  const lower = verb.toLowerCase();
  const event: LogEvent = {
    format: FORMAT,
    dnsQuestionName: name,
    action: lower === 'blocked' ? 'blocked' : lower === 'allowed' ? 'allowed' : 'unknown',
    rawAction: verb,
  };
  if (ts.iso !== undefined) event.time = ts.iso;
  const ip = address(f[3]!);
  if (ip !== undefined) event.sourceIp = ip;
  return event;
}

function score(line: string): number {
  const first = line.indexOf('"');
  if (first < 0 || first > 4) return 0;
  const f = csvFields(line);
  if (f === null || f.length < 10 || readIsoTimestamp(f[0]!, 0, 0) === null) return 0;
  const action = f[5]!.toLowerCase();
  return action === 'allowed' || action === 'blocked' ? 0.95 : 0.4;
}

export const umbrellaFormat: LogFormatDefinition = {
  id: 'cisco-umbrella',
  title: 'Cisco Umbrella DNS log (CSV export)',
  detect: (line) => detectWithEnvelope(line, score),
  parse: (line, context) => withEnvelope(line, context, parseUmbrella),
};
