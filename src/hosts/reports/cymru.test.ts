import { describe, expect, it } from 'vitest';
import { readCymruInformation } from './cymru.js';
import { parseObservationReport } from './index.js';

const report = [
  '# Written for this test in the CAP layout',
  '#category|address|asn|timestamp|optional_information|asninfo',
  '',
  'bot|198.51.100.20|64500|2024-03-01 10:00:00|family: Qakbot;dest_addr: 192.0.2.44; dest_port: 443;port: 51000;protocol: 6;|Example Net, VN',
  'bots|198.51.100.21|64500|2024-03-01 10:00:01|srcport 4242 mwtype Emotet Epoch 5 destaddr 192.0.2.45 Extra words|Example Net',
  'phishing|198.51.100.22|64500|2024-03-01 10:00:02|https://login.example.test/;|Example Net',
  'bruteforce|198.51.100.23|0|2024-03-01 10:00:03|ssh|Example Net',
  'openresolvers|198.51.100.24|64500|2024-03-01 10:00:04||Example Net',
  'controller|198.51.100.26|64500|2024-03-01 10:00:06|family: Stealrat;hostname: c2.example.orgport: 80;|Example Net',
  'bot|not-an-ip|64500|2024-03-01 10:00:05|family: x;|Example Net',
  'bot|198.51.100.25|64500',
].join('\n');

describe('Team Cymru CAP', () => {
  const result = parseObservationReport({ fileName: 'cap.txt', text: report });

  it('is detected from its header comment', () => {
    expect(result.reportType).toBe('team-cymru-cap');
  });

  it('reads both dialects of the information column', () => {
    expect(result.records[0]).toMatchObject({
      ip: '198.51.100.20',
      family: 'qakbot',
      category: 'infected',
      destinationIp: '192.0.2.44',
      destinationPort: 443,
      port: 51000,
      protocol: 'tcp',
      time: '2024-03-01T10:00:00.000Z',
      asn: 64500,
    });
    expect(result.records[1]).toMatchObject({
      family: 'emotet epoch 5',
      port: 4242,
      destinationIp: '192.0.2.45',
    });
  });

  it('files non-bot categories by what they are and keeps a phishing URL', () => {
    expect(result.records[2]).toMatchObject({
      category: 'blocklisted',
      family: null,
      url: 'https://login.example.test/',
    });
    expect(result.records[3]).toMatchObject({ category: 'honeypot', asn: null });
    expect(result.records[4]).toMatchObject({ category: 'vulnerable' });
    // a C&C server keeps its family; a garbled host name is left out (the raw row keeps it)
    expect(result.records[5]).toMatchObject({ category: 'blocklisted', family: 'stealrat', hostname: null });
  });

  it('rejects broken rows with their line numbers', () => {
    expect(result.rejected).toEqual([
      { line: 10, reason: 'ip "not-an-ip" is not an IP address' },
      { line: 11, reason: 'expected at least 5 "|"-separated fields, found 3' },
    ]);
  });

  it('leaves bare information alone', () => {
    expect(readCymruInformation('ssh').size).toBe(0);
    expect(readCymruInformation('http://x.example/').size).toBe(0);
  });
});
