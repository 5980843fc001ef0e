/** Tests for the BIND 9 query/RPZ/security log parser (inline samples with documentation addresses). */
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { bindQueryFormat } from './bind.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };
const parse = (line: string) => bindQueryFormat.parse(line, ctx);

describe('bind-query', () => {
  it('reads a query line with BIND’s own local timestamp', () => {
    expect(
      parse(
        '01-Jan-2024 10:00:00.250 client @0x7f62b80115d0 192.0.2.1#53000 (Example.COM): query: Example.COM IN A +E(0)K (198.51.100.1)',
      ),
    ).toEqual({
      format: 'bind-query',
      time: '2024-01-01T03:00:00.250Z',
      sourceIp: '192.0.2.1',
      sourcePort: 53000,
      destinationIp: '198.51.100.1',
      dnsQuestionName: 'example.com',
      action: 'unknown',
      rawAction: 'query',
      protocol: 'udp',
    });
  });

  it('reads the old format without @0x…, TCP queries, category/severity and view prefixes', () => {
    expect(
      parse('client 192.0.2.7#41000 (a.example.vn): query: a.example.vn IN AAAA +T (198.51.100.1)'),
    ).toMatchObject({
      sourceIp: '192.0.2.7',
      sourcePort: 41000,
      dnsQuestionName: 'a.example.vn',
      protocol: 'tcp',
    });
    expect(
      parse(
        'queries: info: client @0x1 192.0.2.8#5300 (b.vn): view internal: query: b.vn IN A + (10.0.0.53)',
      ),
    ).toMatchObject({ sourceIp: '192.0.2.8', dnsQuestionName: 'b.vn', destinationIp: '10.0.0.53' });
  });

  it('reads an IPv6 client', () => {
    expect(
      parse(
        'client @0xabc 2001:db8::5#41000 (v6.example.vn): query: v6.example.vn IN AAAA -E(0)D (2001:db8::53)',
      ),
    ).toMatchObject({
      sourceIp: '2001:db8::5',
      sourcePort: 41000,
      destinationIp: '2001:db8::53',
      dnsQuestionName: 'v6.example.vn',
    });
    expect(
      parse(
        "03-Nov-2022 13:34:52.235 security: error: client @0x7fb0 ::1#62449 (example.vn): zone transfer 'example.vn/AXFR/IN' denied",
      ),
    ).toMatchObject({
      sourceIp: '::1',
      sourcePort: 62449,
      dnsQuestionName: 'example.vn',
      action: 'blocked',
      rawAction: 'zone transfer denied',
    });
  });

  it('maps RPZ policies: NXDOMAIN/NODATA/CNAME block, PASSTHRU allows', () => {
    expect(
      parse(
        'client @0x1 192.0.2.1#52998 (bad.example): rpz QNAME NXDOMAIN rewrite bad.example/A/IN via bad.example.rpz.local',
      ),
    ).toMatchObject({
      sourceIp: '192.0.2.1',
      dnsQuestionName: 'bad.example',
      action: 'blocked',
      rawAction: 'rpz QNAME NXDOMAIN',
    });
    expect(
      parse('client 192.0.2.1#5 (x.example): rpz QNAME NXDOMAIN rewrite x.example via x.example.rpz'),
    ).toMatchObject({
      dnsQuestionName: 'x.example',
      action: 'blocked',
    });
    expect(
      parse(
        'client @0x1 192.0.2.1#5 (t.example): rpz QNAME CNAME rewrite t.example/A/IN via t.example.bad (CNAME to: walled.garden)',
      )?.action,
    ).toBe('blocked');
    expect(
      parse(
        'client @0x1 192.0.2.1#5 (ok.example): rpz QNAME PASSTHRU rewrite ok.example/A/IN via ok.example.wl.rpz',
      )?.action,
    ).toBe('allowed');
  });

  it('marks denied queries blocked, including the old form without a name', () => {
    expect(
      parse("client @0x1 192.0.2.1#3076 (example.com): query (cache) 'example.com/ANY/IN' denied"),
    ).toMatchObject({
      dnsQuestionName: 'example.com',
      action: 'blocked',
      rawAction: 'query (cache) denied',
    });
    expect(parse('client 198.51.100.3#1036: query (cache) denied')).toMatchObject({
      sourceIp: '198.51.100.3',
      sourcePort: 1036,
      action: 'blocked',
    });
  });

  it('reads the syslog envelope when BIND logs through syslog', () => {
    expect(
      parse(
        '<30>Jan  5 10:00:00 ns1 named[123]: client @0x1 192.0.2.1#53 (a.vn): query: a.vn IN A + (10.0.0.1)',
      ),
    ).toMatchObject({
      time: '2024-01-05T03:00:00.000Z',
      device: 'ns1',
      sourceIp: '192.0.2.1',
      dnsQuestionName: 'a.vn',
    });
  });

  it('keeps answers of BIND 9.20 response lines', () => {
    expect(
      parse(
        'client @0xfc 192.0.2.22#58925 (w.example.com): answer: w.example.com IN A +EDC (10.0.0.2) -> NOERROR w.example.com. 0 A 203.0.113.1',
      ),
    ).toMatchObject({
      dnsQuestionName: 'w.example.com',
      dnsAnswers: ['203.0.113.1'],
      rawAction: 'answer',
    });
  });

  it('reads resolver and transfer lines: upstream servers are destinations, primaries sources', () => {
    expect(parse('validating api.example.com/A: no valid signature found')).toMatchObject({
      dnsQuestionName: 'api.example.com',
      rawAction: 'validating',
    });
    expect(
      parse("network unreachable resolving '113.0.0.1.in-addr.arpa/PTR/IN': 2001:db8::1#53"),
    ).toMatchObject({
      dnsQuestionName: '113.0.0.1.in-addr.arpa',
      destinationIp: '2001:db8::1',
      destinationPort: 53,
      rawAction: 'network unreachable resolving',
    });
    expect(
      parse("xfer-in: info: transfer of '10.in-addr.arpa/IN' from 10.0.0.1#53: Transfer status: success"),
    ).toMatchObject({
      sourceIp: '10.0.0.1',
      sourcePort: 53,
      rawAction: 'transfer',
    });
  });

  it.each([
    '',
    'zone example.vn/IN: loaded serial 2024010101',
    'rpz: bad.rpz: reload done: success',
    'client @0x1 192.0.2.1#',
    'client @0x1 not-an-ip#53 (a.vn): query: a.vn IN A +',
    '01-Jan-2024 10:00:00.000 client',
    "GET /search?q=resolving 'a.vn/A': 192.0.2.1#53 HTTP/1.1",
  ])('returns null for %j', (line) => {
    expect(parse(line)).toBeNull();
  });

  it('detects query lines and ignores other text', () => {
    expect(
      bindQueryFormat.detect('client @0x1 192.0.2.1#5 (a.vn): query: a.vn IN A + (10.0.0.1)'),
    ).toBeGreaterThan(0.8);
    expect(
      bindQueryFormat.detect(
        '<30>Jan  5 10:00:00 ns1 named[1]: client 192.0.2.1#5 (a.vn): query: a.vn IN A +',
      ),
    ).toBeGreaterThan(0.8);
    expect(bindQueryFormat.detect('GET /index.html HTTP/1.1')).toBe(0);
  });
});
