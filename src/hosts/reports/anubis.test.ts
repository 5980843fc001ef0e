import { describe, expect, it } from 'vitest';
import { parseObservationReport } from './index.js';

describe('AnubisNetworks sinkhole', () => {
  it('reads both event shapes from JSON Lines and skips the provider test event', () => {
    const text = [
      JSON.stringify({
        _ts: 1700000000,
        trojanfamily: 'Ramnit',
        env: {
          remote_addr: '198.51.100.80',
          remote_port: '40000',
          server_addr: '192.0.2.80',
          server_port: '80',
        },
        _geo_env_remote_addr: { asn: 64506 },
      }),
      JSON.stringify({
        _ts: 1700000001,
        src: { ip: '198.51.100.81', port: 40001 },
        dst: { ip: '192.0.2.81', port: 443 },
        malw: { family: 'Necurs' },
        comm: { http: { host: 'c2.example.org', path: '/x' } },
        _geo_src_ip: { asn: 64507 },
      }),
      JSON.stringify({
        _ts: 1700000002,
        src: { ip: '198.51.100.82' },
        malw: { family: 'TestSinkholingLoss' },
      }),
      JSON.stringify({ _ts: 'later', src: { ip: '198.51.100.83' } }),
    ].join('\n');
    const result = parseObservationReport({ fileName: 'stream.json', text });
    expect(result.reportType).toBe('anubisnetworks');
    expect(result.records).toEqual([
      expect.objectContaining({
        ip: '198.51.100.80',
        port: 40000,
        family: 'ramnit',
        asn: 64506,
        destinationIp: '192.0.2.80',
        destinationPort: 80,
        time: '2023-11-14T22:13:20.000Z',
      }),
      expect.objectContaining({
        ip: '198.51.100.81',
        family: 'necurs',
        asn: 64507,
        url: 'http://c2.example.org/x',
      }),
    ]);
    expect(result.rejected).toEqual([
      { line: 3, reason: 'a test event of the provider (TestSinkholingLoss), not an infection' },
      { line: 4, reason: '_ts "later" is not a date and time' },
    ]);
  });
});
