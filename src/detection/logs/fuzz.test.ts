/**
 * Robustness of every format in the registry, new ones included without listing them: random text,
 * random JSON, key=value and CSV records built from the words the parsers look for, syslog-wrapped
 * variants and megabyte lines never make `detect` or `parse` throw or hang, and whatever `parse`
 * returns is null or an event of that format whose addresses, ports and action are well formed.
 * (The per-format tests also mutate valid lines of their own format.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../net/ip.js';
import type { LogEvent, LogFormatDefinition, ParseContext } from '../model.js';
import { instantiateLogFormat, logFormats } from './registry.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };

/** Words the parsers key on, so random records reach their deeper branches. */
const words = [
  'TRAFFIC',
  'THREAT',
  'SYSTEM',
  'CONFIG',
  'GLOBALPROTECT',
  'url',
  'auth',
  'From:',
  'from',
  'server address',
  'initiated by:',
  'IP:',
  '%ASA-6-302013:',
  '%FTD-1-430003:',
  'Group <a>',
  'User <b>',
  'IP <10.0.0.1>',
  'Local:10.0.0.1:500',
  'Remote:peer.example:500',
  'Built outbound',
  'query:',
  'client',
  '#53',
  'resolving',
  'CEF:0|V|P|1|',
  'LEEF:2.0|V|P|1|',
  'srcip',
  'dstip',
  'src',
  'dst',
  'SRC=',
  'DST=',
  'id.orig_h',
  'uid',
  'event_type',
  'flow_id',
  'src_ip',
  'dest_ip',
  'rrname',
  'id="0299"',
  'localip',
  'log_type',
  'devname',
  '10.0.0.1',
  '2001:db8::1',
  '203.0.113.5:443',
  '[2001:db8::2]:53',
  'a.example',
  'http://a.example/x',
  '-',
  '',
  '"',
  "'",
  ',',
  ';',
  '=',
  ':',
  '|',
  '\\',
  '{',
  '}',
  '[',
  ']',
  '<',
  '>',
  ' ',
  '\t',
];

const word = fc.constantFrom(...words);
const text = fc.oneof(word, fc.string({ maxLength: 12 }));

const kvLine = fc
  .array(fc.tuple(text, text, fc.boolean()), { maxLength: 30 })
  .map((pairs) => pairs.map(([k, v, q]) => (q ? `${k}="${v}"` : `${k}=${v}`)).join(' '));
const csvLine = fc
  .array(fc.oneof(text, fc.constant('1'), fc.constant('2024/01/02 03:04:05')), { maxLength: 80 })
  .map((cols) => cols.join(','));
const phraseLine = fc.array(text, { maxLength: 40 }).map((parts) => parts.join(' '));
const jsonLine = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .dictionary(word, fc.oneof(text, fc.integer(), fc.jsonValue({ maxDepth: 2 })), { maxKeys: 12 })
    .map((o) => JSON.stringify(o)),
);
const anyLine = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.fullUnicodeString({ maxLength: 150 }),
  kvLine,
  csvLine,
  phraseLine,
  jsonLine,
);
const wrapped = fc
  .tuple(
    fc.constantFrom('<134>Jan  2 03:04:05 host app[1]: ', '<14>1 2024-01-02T03:04:05Z h a - - - ', ''),
    anyLine,
  )
  .map(([head, line]) => head + line);

function wellFormed(format: LogFormatDefinition, event: LogEvent | null): void {
  if (event === null) return;
  expect(event.format).toBe(format.id);
  for (const ip of [event.sourceIp, event.destinationIp]) {
    if (ip !== undefined) expect(parseIp(ip), ip).not.toBeNull();
  }
  for (const port of [event.sourcePort, event.destinationPort]) {
    if (port !== undefined)
      expect(Number.isInteger(port) && port >= 0 && port <= 65535, String(port)).toBe(true);
  }
  if (event.action !== undefined) expect(['allowed', 'blocked', 'unknown']).toContain(event.action);
}

function check(format: LogFormatDefinition, line: string): void {
  const score = format.detect(line);
  expect(score >= 0 && score <= 1, `detect gave ${score}`).toBe(true);
  wellFormed(format, format.parse(line, ctx));
}

/** Megabyte lines of the tokens parsers scan for: each parser must read them in linear time. */
const hugeSeeds = [
  'a=b ',
  '"x,',
  '{"a":',
  '[',
  'From: 1.2.3.4 ',
  'Group <a> User <b> IP <',
  '1,2,SYSTEM,',
  'client 10.0.0.1#53 ',
  '\\"',
  '%ASA-',
];

describe.each(logFormats.map((f) => [f.id, f] as const))('%s: hostile input', (_id, shared) => {
  it('never throws on random records and keeps its events well formed', () => {
    const format = instantiateLogFormat(shared);
    fc.assert(
      fc.property(fc.oneof(anyLine, wrapped), (line) => check(format, line)),
      { numRuns: 400 },
    );
  });

  it('never throws on megabyte lines', () => {
    const format = instantiateLogFormat(shared);
    for (const seed of hugeSeeds) {
      const line = seed.repeat(Math.ceil((1024 * 1024) / seed.length));
      expect(() => check(format, line), seed).not.toThrow();
    }
  });
});
