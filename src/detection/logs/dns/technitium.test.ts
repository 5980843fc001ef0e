/** Tests for the Technitium DNS Server log parser. */
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { technitiumFormat } from './technitium.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };
const parse = (line: string) => technitiumFormat.parse(line, ctx);

describe('technitium', () => {
  it('reads a query line with its answers (UTC stamp)', () => {
    expect(
      parse(
        '[2024-01-02 10:00:00 UTC] [192.0.2.1:53000] [UDP] QNAME: Example.com; QTYPE: A; QCLASS: IN; RCODE: NoError; ANSWER: [203.0.113.7, 203.0.113.8]',
      ),
    ).toEqual({
      format: 'technitium',
      time: '2024-01-02T10:00:00.000Z',
      sourceIp: '192.0.2.1',
      sourcePort: 53000,
      dnsQuestionName: 'example.com',
      dnsAnswers: ['203.0.113.7', '203.0.113.8'],
      action: 'unknown',
      rawAction: 'NoError',
      protocol: 'udp',
    });
  });

  it('reads local stamps, IPv6 clients and DNS-over-HTTPS', () => {
    expect(
      parse(
        '[2024-01-02 17:00:00 Local] [[2001:db8::4]:41000] [HTTPS] QNAME: a.example; QTYPE: AAAA; QCLASS: IN; RCODE: NoError; ANSWER: []',
      ),
    ).toMatchObject({
      time: '2024-01-02T10:00:00.000Z',
      sourceIp: '2001:db8::4',
      sourcePort: 41000,
      protocol: 'tcp',
    });
  });

  it('marks "Any Address" blocking answers blocked', () => {
    expect(
      parse(
        '[2024-01-02 10:00:00 UTC] [192.0.2.1:5] [UDP] QNAME: ads.example; QTYPE: A; QCLASS: IN; RCODE: NoError; ANSWER: [0.0.0.0]',
      )?.action,
    ).toBe('blocked');
    expect(
      parse(
        '[2024-01-02 10:00:00 UTC] [192.0.2.1:5] [UDP] QNAME: ads.example; QTYPE: AAAA; QCLASS: IN; RCODE: NoError; ANSWER: [::]',
      )?.action,
    ).toBe('blocked');
  });

  it('reports failed console sign-ins with their source', () => {
    expect(
      parse(
        '[2025-07-28 05:34:01 UTC] [192.0.2.44:50051] DnsServerCore.DnsWebServiceException: Invalid username or password for user: admin',
      ),
    ).toEqual({
      format: 'technitium',
      time: '2025-07-28T05:34:01.000Z',
      sourceIp: '192.0.2.44',
      sourcePort: 50051,
      action: 'unknown',
      rawAction: 'auth-failure',
    });
  });

  it.each([
    '[2024-01-02 10:00:00 UTC] Logging started.',
    '[2024-01-02 10:00:00 UTC] [192.0.2.1:53000] [UDP] QNAME: ',
    '[2024-01-02 10:00:00 UTC] [192.0.2.1:5] System.Net.Sockets.SocketException: timed out',
    '[2024-01-02 10:00',
    '',
  ])('returns null for %j', (line) => {
    expect(parse(line)).toBeNull();
  });

  it('detects query lines', () => {
    expect(
      technitiumFormat.detect(
        '[2024-01-02 10:00:00 UTC] [192.0.2.1:5] [UDP] QNAME: a.example; QTYPE: A; QCLASS: IN; RCODE: NoError; ANSWER: []',
      ),
    ).toBeGreaterThan(0.9);
    expect(technitiumFormat.detect('[2024-01-02] hello')).toBe(0);
  });
});
