import { describe, expect, it } from 'vitest';
import { abusechTextFormat } from './abusech.js';
import { corpusLines, crlf, run } from './test-support/run.js';

const feodo = `################################################################
# abuse.ch Feodo Tracker Botnet C2 IP Blocklist                #
# Last updated: 2024-02-27 09:07:28 UTC                        #
################################################################
#
# DstIP
192.0.2.1
198.51.100.2:447
hello there
#
# END 2 entries
`;

describe('abusech-txt', () => {
  it('reads the Feodo Tracker list with its update time', () => {
    const { items, rejections } = run(abusechTextFormat, crlf(feodo));
    expect(items).toEqual([
      { line: 7, value: '192.0.2.1', threatType: 'c2', lastSeen: '2024-02-27T09:07:28.000Z' },
      { line: 8, value: '198.51.100.2', port: 447, threatType: 'c2', lastSeen: '2024-02-27T09:07:28.000Z' },
    ]);
    expect(rejections).toEqual([
      { line: 9, reason: 'expected an address, address:port or URL', text: 'hello there' },
    ]);
    expect(abusechTextFormat.detect({ lines: feodo.split('\n') })).toBe(1);
  });

  it('reads families from the section titles of the old SSLBL report', () => {
    const report =
      'abuse.ch SSL IP Blacklist Report\n(2 IPs found at 2015-10-15 14:45:01 (UTC))\n\n=== Dridex C&C ===\n192.0.2.1:443\n\n=== Gootkit C&C ===\n192.0.2.2:80\n';
    const { items } = run(abusechTextFormat, report);
    expect(items).toEqual([
      {
        line: 5,
        value: '192.0.2.1',
        port: 443,
        threatType: 'c2',
        family: 'Dridex',
        lastSeen: '2015-10-15T14:45:01.000Z',
      },
      {
        line: 8,
        value: '192.0.2.2',
        port: 80,
        threatType: 'c2',
        family: 'Gootkit',
        lastSeen: '2015-10-15T14:45:01.000Z',
      },
    ]);
  });

  it('maps URLhaus lists to malware-distribution', () => {
    const { items } = run(abusechTextFormat, '# abuse.ch URLhaus Database Dump\nhttp://evil.example/a.exe\n');
    expect(items[0]).toEqual({
      line: 2,
      value: 'http://evil.example/a.exe',
      threatType: 'malware-distribution',
    });
  });

  const corpus = corpusLines('feeds/abusech_sslbl/sslipblacklist.txt');
  it.skipIf(corpus === null)('reads the 2015 SSLBL report', () => {
    const { items, rejections } = run(abusechTextFormat, corpus!, { name: 'sslipblacklist.txt' });
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(83);
    expect(items[0]).toEqual({
      line: 5,
      value: '31.131.251.33',
      port: 743,
      threatType: 'c2',
      family: 'Dridex',
      lastSeen: '2015-10-15T14:45:01.000Z',
    });
    expect(items.filter((i) => i.family === 'Gootkit')).toHaveLength(16);
  });
});
