import { describe, expect, it } from 'vitest';
import { parseObservationReport } from './index.js';

const report = [
  '; ip, asn, country, lastseen, botname, domain, remote_ip, remote_port, local_port, protocol',
  '198.51.100.50,AS64504,VN,1700000000,Emotet,c2.example.org,192.0.2.60,8080,49152,tcp',
  '198.51.100.51,AS64504,VN,1700000001,sshauth,,192.0.2.61,22,,tcp',
  '198.51.100.52,AS64504,VN,1700000002,qbot,-,?,?,?,?',
  '198.51.100.53,AS64504,VN,1700000003,l_spamlink,http://spam.example/,http://spam.example/,,198.51.100.53:7:spammer9,tcp',
  '198.51.100.54,AS64504,VN,yesterday,qbot,,,,,tcp',
  '; EOF',
].join('\n');

describe('Spamhaus CERT', () => {
  const result = parseObservationReport({ fileName: 'cert.txt', text: report });

  it('reads bots with epoch times, AS prefixes and their sinkhole', () => {
    expect(result.reportType).toBe('spamhaus-cert');
    expect(result.records[0]).toMatchObject({
      ip: '198.51.100.50',
      asn: 64504,
      time: '2023-11-14T22:13:20.000Z',
      family: 'emotet',
      category: 'infected',
      destinationIp: '192.0.2.60',
      destinationPort: 8080,
      port: 49152,
      protocol: 'tcp',
    });
  });

  it('files honeypot observations without a family and treats - and ? as unknown', () => {
    expect(result.records[1]).toMatchObject({ category: 'honeypot', family: null, destinationPort: 22 });
    expect(result.records[2]).toMatchObject({
      family: 'qbot',
      destinationIp: null,
      port: null,
      protocol: null,
    });
  });

  it('reads the spam-link layout', () => {
    expect(result.records[3]).toMatchObject({
      category: 'other',
      url: 'http://spam.example/',
      family: 'spammer9',
      port: null,
    });
  });

  it('rejects a row with a bad time by line number', () => {
    expect(result.rejected).toEqual([{ line: 6, reason: 'lastseen "yesterday" is not a date and time' }]);
  });
});
