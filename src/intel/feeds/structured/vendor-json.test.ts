import { describe, expect, it } from 'vitest';
import { run, sample } from './test-support/run.js';
import { bluelivFormat, esetFormat, githubIocFormat } from './vendor-json.js';

describe('blueliv', () => {
  const doc = JSON.stringify({
    crimeServers: [
      {
        url: 'http://dl.example/x.exe',
        ip: '192.0.2.1',
        type: 'MALWARE',
        firstSeenAt: '2025-01-01T01:00:00+0000',
        lastSeenAt: '2025-01-02T01:00:00+0000',
        confidence: 4,
      },
      { url: 'c2.example', type: 'C_AND_C', updatedAt: '2025-01-03T00:00:00+0000' },
      { url: '192.0.2.9', type: 'TOR_IP' },
      { type: 'PHISHING' },
    ],
  });

  it('imports the URL (not the hosting IP) and maps the type', () => {
    const { items, rejections } = run(bluelivFormat, doc);
    expect(items).toEqual([
      {
        line: 1,
        value: 'http://dl.example/x.exe',
        type: 'url',
        threatType: 'malware-distribution',
        firstSeen: '2025-01-01T01:00:00Z',
        lastSeen: '2025-01-02T01:00:00Z',
        tags: ['malware'],
      },
      { line: 2, value: 'c2.example', threatType: 'c2', lastSeen: '2025-01-03T00:00:00Z', tags: ['c_and_c'] },
      { line: 3, value: '192.0.2.9', type: 'ipv4', threatType: 'tor', tags: ['tor_ip'] },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([[4, 'Blueliv record has no url or ip']]);
  });

  it('detects crimeserver records', () => {
    expect(bluelivFormat.detect(sample(doc))).toBe(0.95);
  });
});

describe('eset', () => {
  const records = [
    {
      domain: 'bad.example',
      ip: '@ipv4_NXDOMAIN',
      reason: 'Host actively distributes high-severity threat',
      confidence: 'High',
      first_seen: '2025-01-01 00:00:00 UTC',
      last_seen: '2025-01-05 00:00:00 UTC',
      valid_to: '2025-02-01 00:00:00 UTC',
      state: 'BlockedObject',
    },
    {
      url: 'http://c2.example/gate',
      reason: 'Botnet C&C server',
      confidence: 'Low',
      state: 'BlockedObject',
      valid_to: null,
    },
    { ip: '198.51.100.3', reason: 'Phishing page', state: 'BlockedObject', valid_to: null },
    { ip: '@ipv4_NXDOMAIN', reason: 'nothing else', state: 'BlockedObject', valid_to: null },
  ];

  it('prefers url, then domain, then address; maps reason and confidence words', () => {
    const { items, rejections } = run(esetFormat, JSON.stringify(records));
    expect(items).toEqual([
      {
        line: 1,
        value: 'bad.example',
        type: 'domain',
        threatType: 'malware-distribution',
        confidence: 90,
        firstSeen: '2025-01-01T00:00:00Z',
        lastSeen: '2025-01-05T00:00:00Z',
        expiresAt: '2025-02-01T00:00:00Z',
        description: 'Host actively distributes high-severity threat',
      },
      {
        line: 2,
        value: 'http://c2.example/gate',
        type: 'url',
        threatType: 'c2',
        confidence: 30,
        description: 'Botnet C&C server',
      },
      { line: 3, value: '198.51.100.3', type: 'ipv4', threatType: 'phishing', description: 'Phishing page' },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [4, 'ESET record has no url, domain, IP address or file hash'],
    ]);
  });

  it('detects ETI records', () => {
    expect(esetFormat.detect(sample(JSON.stringify(records)))).toBe(0.95);
  });
});

describe('github-ioc', () => {
  it('infers the type from the value and marks C2 notes', () => {
    const doc = JSON.stringify([
      { Indicator: 'https://203.0.113.2/x.docm', Description: 'URL' },
      { Indicator: '203.0.113.3', Description: 'IP C2' },
      { Indicator: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', Description: '' },
      { Description: 'orphan' },
    ]);
    const { items, rejections } = run(githubIocFormat, doc);
    expect(items).toEqual([
      {
        line: 1,
        value: 'https://203.0.113.2/x.docm',
        type: 'url',
        threatType: 'malware',
        description: 'URL',
      },
      { line: 2, value: '203.0.113.3', type: 'ipv4', threatType: 'c2', description: 'IP C2' },
      { line: 3, value: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', type: 'sha1', threatType: 'malware' },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([[4, 'record has no "Indicator" value']]);
    expect(githubIocFormat.detect(sample(doc))).toBe(0.8);
  });
});
