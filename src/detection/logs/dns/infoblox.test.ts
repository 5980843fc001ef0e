/** Tests for the Infoblox NIOS DNS/DHCP syslog parser. */
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { infobloxFormat } from './infoblox.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };
const parse = (line: string) => infobloxFormat.parse(line, ctx);

describe('infoblox', () => {
  it('reads the NIOS response log with its answers', () => {
    expect(
      parse(
        '28-Nov-2024 15:26:27.498 client 192.0.2.4#36615: UDP: query: WWW.Example.vn IN A response: NOERROR + www.example.vn. 60 IN CNAME e.example.net.; e.example.net. 17 IN A 203.0.113.5; e.example.net. 17 IN A 203.0.113.6;',
      ),
    ).toEqual({
      format: 'infoblox',
      time: '2024-11-28T08:26:27.498Z',
      sourceIp: '192.0.2.4',
      sourcePort: 36615,
      dnsQuestionName: 'www.example.vn',
      dnsAnswers: ['203.0.113.5', '203.0.113.6'],
      action: 'unknown',
      rawAction: 'query',
      protocol: 'udp',
    });
  });

  it('reads NIOS syslog lines with the category prefix, and IPv6 clients over TCP', () => {
    expect(
      parse(
        '<30>Nov 28 15:26:27 ns1 named[1234]: queries: client @0x7f 192.0.2.70#55575 (docs.example): query: docs.example IN AAAA + (192.0.2.53)',
      ),
    ).toMatchObject({
      device: 'ns1',
      time: '2024-11-28T08:26:27.000Z',
      sourceIp: '192.0.2.70',
      dnsQuestionName: 'docs.example',
    });
    expect(
      parse(
        'client 2001:db8::9#5353: TCP: query: a.vn IN AAAA response: NOERROR +A a.vn. 60 IN AAAA 2001:db8::1;',
      ),
    ).toMatchObject({
      sourceIp: '2001:db8::9',
      sourcePort: 5353,
      protocol: 'tcp',
      dnsAnswers: ['2001:db8::1'],
    });
  });

  it('marks RPZ blocks', () => {
    expect(
      parse(
        'client @0x1 192.0.2.1#4000 (bad.example): rpz QNAME NODATA rewrite bad.example/A/IN via bad.example.rpz',
      ),
    ).toMatchObject({
      action: 'blocked',
      dnsQuestionName: 'bad.example',
    });
  });

  it('puts the upstream of a resolver error in the destination', () => {
    expect(parse("FORMERR resolving 'test.example/AAAA/IN': 192.0.2.136#53")).toMatchObject({
      dnsQuestionName: 'test.example',
      destinationIp: '192.0.2.136',
      destinationPort: 53,
      rawAction: 'FORMERR resolving',
    });
  });

  it('reads the leased address of DHCP lines', () => {
    expect(
      parse('DHCPACK on 10.1.2.3 to 08:71:90:8d:0b:5d (PC1) via eth2 relay 10.1.2.1 lease-duration 172800'),
    ).toEqual({
      format: 'infoblox',
      sourceIp: '10.1.2.3',
      action: 'unknown',
      rawAction: 'DHCPACK',
    });
    expect(
      parse(
        '<30>Nov 28 15:26:27 ib1 dhcpd[99]: DHCPREQUEST for 10.1.2.4 from 00:50:56:ae:17:c6 via eth2 TransID 823c1fa3',
      ),
    ).toMatchObject({
      sourceIp: '10.1.2.4',
      device: 'ib1',
    });
    expect(
      parse(
        'Option 82: received a REQUEST DHCP packet from relay-agent eth2 with a circuit-id of "1a", a remote-id of "0a" for 10.1.2.5 (00:50:56:ae:b3:44) lease time is undefined seconds.',
      ),
    ).toMatchObject({
      sourceIp: '10.1.2.5',
      rawAction: 'REQUEST DHCP',
    });
    expect(parse('r-l-e:10.1.2.6,Fixed,PC2,c4:d0:e3:b4:08:4d,1732119022,1732291822,,$')?.sourceIp).toBe(
      '10.1.2.6',
    );
  });

  it.each([
    'DHCPDISCOVER from 11:22:33:44:55:66 (HOST) via 10.1.2.1 TransID abcd1234',
    'client 192.0.2.1#36615: UDP: query',
    'infoblox: random maintenance message',
    '',
  ])('returns null for %j', (line) => {
    expect(parse(line)).toBeNull();
  });

  it('detects NIOS response lines above plain BIND lines', () => {
    expect(
      infobloxFormat.detect('client 192.0.2.1#1: UDP: query: a.vn IN A response: NOERROR +'),
    ).toBeGreaterThan(0.8);
    expect(
      infobloxFormat.detect('client @0x1 192.0.2.1#5 (a.vn): query: a.vn IN A + (10.0.0.1)'),
    ).toBeLessThan(0.8);
    expect(infobloxFormat.detect('hello')).toBe(0);
  });
});
