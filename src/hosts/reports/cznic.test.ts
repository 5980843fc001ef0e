import { describe, expect, it } from 'vitest';
import { parseObservationReport } from './index.js';

describe('CZ.NIC HaaS and PROKI', () => {
  it('reads HaaS sessions as honeypot observations on SSH', () => {
    const text = JSON.stringify([
      {
        time: '2024-05-06T07:08:09.123456+02:00',
        ip: '198.51.100.70',
        login_successful: true,
        commands: ['id'],
      },
      { time: '2024-05-06T07:08:10+00:00', ip: 'bogus', login_successful: false, commands: [] },
    ]);
    const result = parseObservationReport({ fileName: 'haas.json', text });
    expect(result.reportType).toBe('cznic-haas');
    expect(result.records).toEqual([
      expect.objectContaining({
        ip: '198.51.100.70',
        time: '2024-05-06T05:08:09.123Z',
        category: 'honeypot',
        destinationPort: 22,
        protocol: 'tcp',
      }),
    ]);
    expect(result.records[0]!.raw['commands']).toBe('["id"]');
    expect(result.rejected).toEqual([{ line: 2, reason: 'ip "bogus" is not an IP address' }]);
  });

  it('reads PROKI events written in IntelMQ field names', () => {
    const text = JSON.stringify({
      status: 'OK',
      data: [
        {
          'source.ip': '198.51.100.71',
          'time.source': '2024-05-06T07:00:00+00:00',
          'malware.name': 'Mirai',
          'classification.type': 'infected-system',
          'source.asn': 64505,
          'destination.ip': '192.0.2.71',
          'destination.port': 23,
          'protocol.transport': 'tcp',
        },
        { 'source.ip': '198.51.100.72', 'classification.type': 'vulnerable-system' },
      ],
    });
    const result = parseObservationReport({ fileName: 'proki.json', text });
    expect(result.reportType).toBe('cznic-proki');
    expect(result.records[0]).toMatchObject({
      ip: '198.51.100.71',
      family: 'mirai',
      category: 'infected',
      asn: 64505,
      destinationIp: '192.0.2.71',
      destinationPort: 23,
    });
    expect(result.rejected).toEqual([{ line: 2, reason: 'the row has no time' }]);
  });
});
