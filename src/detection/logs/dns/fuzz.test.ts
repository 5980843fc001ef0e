/**
 * Robustness of every DNS format: random text, mutated valid lines, huge and deeply nested input
 * never make `detect` or `parse` throw, and whatever `parse` returns is null or one of its events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogFormatDefinition, ParseContext } from '../../model.js';
import { dnsLogFormats } from './index.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };

/** One valid line per format, mutated by the properties below. */
const seeds: Record<string, string[]> = {
  'bind-query': [
    '01-Jan-2024 10:00:00.000 client @0x7f 192.0.2.1#53000 (a.example): query: a.example IN A +E(0)K (198.51.100.1)',
    '<30>Jan  5 10:00:00 ns1 named[1]: client @0x1 192.0.2.1#5 (b.example): rpz QNAME NXDOMAIN rewrite b.example/A/IN via b.example.rpz',
  ],
  infoblox: [
    'client 192.0.2.4#36615: UDP: query: w.example IN A response: NOERROR + w.example. 17 IN A 203.0.113.5;',
    'DHCPACK on 10.1.2.3 to 08:71:90:8d:0b:5d (PC1) via eth2',
  ],
  unbound: [
    '[1700000000] unbound[123:0] info: 192.0.2.1 a.example. A IN',
    '[1:0] info: rpz: applied [z] b.example. rpz-nxdomain 192.0.2.1@53 b.example. A IN',
  ],
  dnsmasq: ['Jan  2 10:00:00 dnsmasq[1]: 57 192.0.2.10/52000 query[A] a.example from 192.0.2.10'],
  'windows-dns-debug': [
    '1/2/2024 10:00:00 PM 0D54 PACKET  000000DA5E8D0130 UDP Rcv 192.0.2.1 3b4c   Q [0001   D   NOERROR] A (7)example(3)com(0)',
  ],
  'windows-dns-etw': [
    '{"@timestamp":"2024-04-22T09:31:13.894Z","winlog":{"event_data":{"Source":"192.0.2.1","Port":"5","QNAME":"a.example."}},"event":{"code":"256"}}',
    'QUERY_RECEIVED: TCP=0; Source=192.0.2.5; QNAME=c.example.; Port=50000',
  ],
  technitium: [
    '[2024-01-02 10:00:00 UTC] [192.0.2.1:53000] [UDP] QNAME: a.example; QTYPE: A; QCLASS: IN; RCODE: NoError; ANSWER: [0.0.0.0]',
  ],
  adguardhome: [
    '{"T":"2024-01-02T10:00:00+07:00","QH":"a.example","QT":"A","IP":"192.0.2.1","Result":{"IsFiltered":true,"Reason":3}}',
    '2023/02/21 08:05:56.233208 [error] POST 192.0.2.2 /control/login: invalid username or password',
  ],
  'cisco-umbrella': [
    '"2024-03-12 09:09:48","PC","PC,A","10.1.1.7","203.0.113.9","Blocked","1 (A)","NOERROR","x.example.","Malware","AD","AD",""',
  ],
};

function safe(format: LogFormatDefinition, line: string): void {
  const score = format.detect(line);
  expect(score >= 0 && score <= 1).toBe(true);
  const event = format.parse(line, ctx);
  if (event !== null) expect(event.format).toBe(format.id);
}

describe.each(dnsLogFormats.map((f) => [f.id, f] as const))('%s never throws', (id, format) => {
  it('has seeds that parse', () => {
    const lines = seeds[id] ?? [];
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(format.parse(line, ctx), line).not.toBeNull();
  });

  it('on random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (line) => safe(format, line)),
      { numRuns: 300 },
    );
  });

  it('on mutated valid lines (insertions, truncations, replaced characters)', () => {
    const lines = seeds[id] ?? [];
    fc.assert(
      fc.property(
        fc.nat(lines.length - 1),
        fc.nat(400),
        fc.nat(400),
        fc.string({ maxLength: 20 }),
        fc.constantFrom('', ' ', '#', ':', '[', ']', '"', '(', ')', '@', '/', '{', '}', ',', ';', '.'),
        (k, a, b, junk, ch) => {
          const line = lines[k]!;
          safe(format, line.slice(0, a));
          safe(format, line.slice(0, a) + junk + line.slice(a));
          safe(format, line.slice(0, a) + ch + line.slice(a + 1));
          safe(format, line.slice(0, Math.min(a, b)) + line.slice(Math.max(a, b)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on a 4 MB line and deeply nested JSON', () => {
    const seed = seeds[id]?.[0] ?? '';
    safe(format, seed + 'x'.repeat(4_000_000));
    safe(format, seed.slice(0, 40) + ' A 1.2.3.4;'.repeat(200_000));
    safe(format, '['.repeat(100_000) + ']'.repeat(100_000));
    safe(format, '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000));
    safe(format, '\u0000\uFFFF\uD800'.repeat(1000));
  });
});
