/** Tests for the Windows DNS Server analytical (ETW) event parser. */
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { windowsDnsEtwFormat } from './windows-etw.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };
const parse = (line: string) => windowsDnsEtwFormat.parse(line, ctx);

const elastic = (code: number, data: Record<string, string>) =>
  JSON.stringify({
    '@timestamp': '2024-04-22T09:31:13.894Z',
    winlog: { task: '1', event_data: data, computer_name: 'dns1.example.vn' },
    event: { code: String(code), provider: 'Microsoft-Windows-DNSServer' },
  });

describe('windows-dns-etw', () => {
  it('reads QUERY_RECEIVED from Elastic/Winlogbeat JSON', () => {
    expect(
      parse(elastic(256, { TCP: '0', Source: '192.0.2.1', Port: '59559', QNAME: 'Example.ES.', QTYPE: '1' })),
    ).toEqual({
      format: 'windows-dns-etw',
      time: '2024-04-22T09:31:13.894Z',
      sourceIp: '192.0.2.1',
      sourcePort: 59559,
      dnsQuestionName: 'example.es',
      action: 'unknown',
      rawAction: 'QUERY_RECEIVED',
      protocol: 'udp',
      device: 'dns1.example.vn',
    });
  });

  it('puts the client of a response in the destination, as the event names it', () => {
    expect(
      parse(
        elastic(257, {
          TCP: '1',
          Destination: '2001:db8::7',
          Port: '5353',
          QNAME: 'a.example.',
          RCODE: '0',
          PolicyName: 'NULL',
        }),
      ),
    ).toMatchObject({
      destinationIp: '2001:db8::7',
      destinationPort: 5353,
      protocol: 'tcp',
      action: 'unknown',
    });
  });

  it('marks policy-driven failures and ignored queries blocked', () => {
    expect(
      parse(
        elastic(258, {
          Destination: '192.0.2.1',
          Port: '1',
          QNAME: 'bad.example.',
          RCODE: '5',
          PolicyName: 'BlockMalware',
        }),
      )?.action,
    ).toBe('blocked');
    expect(
      parse(
        elastic(259, { Source: '192.0.2.1', QNAME: 'bad.example.', Reason: 'Policy', PolicyName: 'NULL' }),
      )?.action,
    ).toBe('blocked');
    expect(
      parse(elastic(259, { Source: '192.0.2.1', QNAME: 'x.example.', Reason: 'System', PolicyName: 'NULL' }))
        ?.action,
    ).toBe('unknown');
  });

  it('reads flat JSON (NXLog) with a zoneless local EventTime', () => {
    expect(
      parse(
        JSON.stringify({
          EventID: 256,
          EventTime: '2024-04-22 16:31:13',
          Hostname: 'dns2',
          Source: '192.0.2.4',
          Port: '1000',
          QNAME: 'b.example.',
        }),
      ),
    ).toMatchObject({
      time: '2024-04-22T09:31:13.000Z',
      device: 'dns2',
      sourceIp: '192.0.2.4',
      sourcePort: 1000,
      dnsQuestionName: 'b.example',
    });
  });

  it('reads the rendered event text, plain or in syslog', () => {
    const text =
      'QUERY_RECEIVED: TCP=0; InterfaceIP=10.0.0.53; Source=192.0.2.5; RD=1; QNAME=c.example.; QTYPE=1; XID=6; Port=50000; Flags=256; ServerScope=Default; CacheScope=Default';
    expect(parse(text)).toMatchObject({
      sourceIp: '192.0.2.5',
      sourcePort: 50000,
      dnsQuestionName: 'c.example',
      protocol: 'udp',
    });
    expect(parse(`<14>Apr 22 16:31:13 dns1 Microsoft-Windows-DNSServer: ${text}`)).toMatchObject({
      device: 'dns1',
      time: '2024-04-22T09:31:13.000Z',
    });
  });

  it.each([
    '{"EventID": 4624, "TargetUserName": "bob"}',
    '{"event": {"code": "256"}, "winlog": {"event_data": {"QTYPE": "1"}}}',
    '{"truncated": ',
    '[1,2,3]',
    'RESPONSE_SUCCESS: nothing useful',
    '',
  ])('returns null for %j', (line) => {
    expect(parse(line)).toBeNull();
  });

  it('detects analytical events', () => {
    expect(windowsDnsEtwFormat.detect(elastic(256, { Source: '192.0.2.1', QNAME: 'a.' }))).toBeGreaterThan(
      0.9,
    );
    expect(windowsDnsEtwFormat.detect('{"message": "hello"}')).toBe(0);
  });
});
