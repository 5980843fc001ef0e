import { describe, expect, it } from 'vitest';
import {
  blocklistDeFormat,
  ciArmyFormat,
  etCompromisedFormat,
  openphishFormat,
  vxvaultFormat,
} from './named-lists.js';
import { plainFormat } from './plain.js';
import { corpusLines, crlf, run } from './test-support/run.js';

const ips = '# comment\n192.0.2.1\n\n198.51.100.2\nnot_an_ip!\n';

describe('blocklist-de', () => {
  it('takes the threat type from the service list name', () => {
    const ssh = run(blocklistDeFormat, crlf(ips), { name: 'https://lists.blocklist.de/lists/ssh.txt' });
    expect(ssh.items).toEqual([
      { line: 2, value: '192.0.2.1', threatType: 'brute-force', tags: ['ssh'] },
      { line: 4, value: '198.51.100.2', threatType: 'brute-force', tags: ['ssh'] },
    ]);
    expect(ssh.rejections.map((r) => [r.line, r.reason])).toEqual([
      [5, '"not_an_ip!" is not an IP address, network, domain, URL or hash'],
    ]);
    expect(run(blocklistDeFormat, ips, { name: 'mail.txt' }).items[0]!.threatType).toBe('spam');
    expect(run(blocklistDeFormat, ips, { name: 'bots.txt' }).items[0]!.threatType).toBe('botnet-infected');
  });

  it('is detected by its URL and beats plain', () => {
    const sample = { name: 'https://lists.blocklist.de/lists/imap.txt', lines: ['192.0.2.1', '192.0.2.2'] };
    expect(blocklistDeFormat.detect(sample)).toBe(0.75);
    expect(plainFormat.detect(sample)).toBe(0.3);
    expect(blocklistDeFormat.detect({ name: 'imap.txt', lines: sample.lines })).toBe(0);
  });

  const corpus = corpusLines('feeds/blocklist_de/intelmq/imap.txt');
  it.skipIf(corpus === null)('reads the IntelMQ imap.txt sample', () => {
    const { items, rejections } = run(blocklistDeFormat, corpus!, { name: 'imap.txt' });
    expect(rejections).toEqual([]);
    expect(items.map((i) => i.value)).toEqual([
      '192.0.2.4',
      '192.0.2.45',
      '198.51.100.34',
      '198.51.100.80',
      '203.0.113.34',
      '203.0.113.254',
    ]);
    expect(items[0]!.threatType).toBe('brute-force');
  });
});

describe('ci-army, et-compromised, openphish', () => {
  it('give their lists a fixed threat type', () => {
    expect(run(ciArmyFormat, ips).items[0]!.threatType).toBe('blocklist');
    expect(run(etCompromisedFormat, ips).items[0]!.threatType).toBe('compromised');
    expect(run(openphishFormat, 'https://login.evil.example/x\n').items[0]).toEqual({
      line: 1,
      value: 'https://login.evil.example/x',
      threatType: 'phishing',
    });
    expect(ciArmyFormat.detect({ name: 'ci-badguys.txt', lines: ['192.0.2.1'] })).toBe(0.75);
  });

  const compromised = corpusLines('feeds/emergingthreats_compromised/compromised-ips.txt');
  it.skipIf(compromised === null)('reads the ET compromised-ips sample', () => {
    const { items, rejections } = run(etCompromisedFormat, compromised!);
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(539);
    expect(items[0]).toEqual({ line: 1, value: '101.100.216.61', threatType: 'compromised' });
  });

  const phish = corpusLines('feeds/openphish/intelmq/feed.txt');
  it.skipIf(phish === null)('reads the IntelMQ OpenPhish sample', () => {
    const { items } = run(openphishFormat, phish!);
    expect(items.map((i) => i.value)).toEqual([
      'http://www..example.com/phishing',
      'http://www..example.invalid/phishing',
    ]);
  });
});

describe('vxvault', () => {
  it('skips the page prose and keeps the URLs', () => {
    const page =
      '<pre>\nVX Vault last 100 Links\nMon, 17 Aug 2015 14:36:19 +0000\n\nhttp://evil.example/bad/program.exe\n</pre>\n';
    const { items, rejections } = run(vxvaultFormat, crlf(page));
    expect(items).toEqual([
      { line: 5, value: 'http://evil.example/bad/program.exe', threatType: 'malware-distribution' },
    ]);
    expect(rejections).toEqual([]);
    expect(vxvaultFormat.detect({ lines: page.split('\n') })).toBe(0.95);
  });
});
