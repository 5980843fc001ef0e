import { describe, expect, it } from 'vitest';
import { spamhausAsnDropFormat, spamhausDropFormat } from './spamhaus.js';
import { corpusLines, crlf, run } from './test-support/run.js';

const drop = `; Spamhaus DROP List 2024/02/27 - (c) 2024 The Spamhaus Project SLU
; https://www.spamhaus.org/drop/drop.txt
; Last-Modified: Tue, 27 Feb 2024 03:55:05 GMT
; Expires: Tue, 27 Feb 2024 11:15:00 GMT

192.0.2.0/24 ; SBL123456
2001:db8::/32 ; SBL654321
198.51.100.0/22
not a network ; SBL1
`;

describe('spamhaus-drop', () => {
  it('reads networks with their SBL id, list time and expiry', () => {
    const { items, rejections } = run(spamhausDropFormat, crlf(drop));
    expect(items).toEqual([
      {
        line: 6,
        value: '192.0.2.0/24',
        tags: ['SBL123456'],
        threatType: 'blocklist',
        lastSeen: '2024-02-27T03:55:05.000Z',
        expiresAt: '2024-02-27T11:15:00.000Z',
      },
      {
        line: 7,
        value: '2001:db8::/32',
        tags: ['SBL654321'],
        threatType: 'blocklist',
        lastSeen: '2024-02-27T03:55:05.000Z',
        expiresAt: '2024-02-27T11:15:00.000Z',
      },
      {
        line: 8,
        value: '198.51.100.0/22',
        threatType: 'blocklist',
        lastSeen: '2024-02-27T03:55:05.000Z',
        expiresAt: '2024-02-27T11:15:00.000Z',
      },
    ]);
    expect(rejections).toEqual([
      {
        line: 9,
        reason: 'expected "network ; SBL id" or "ASn ; country | name"',
        text: 'not a network ; SBL1',
      },
    ]);
  });

  it('reads the old ASN-DROP text lines', () => {
    const { items } = run(spamhausDropFormat, 'AS64500 ; VN | EXAMPLE-AS - Example Net\nAS64501 ; | Other\n');
    expect(items).toEqual([
      {
        line: 1,
        value: 'AS64500',
        type: 'asn',
        description: 'EXAMPLE-AS - Example Net (VN)',
        threatType: 'blocklist',
      },
      { line: 2, value: 'AS64501', type: 'asn', description: 'Other', threatType: 'blocklist' },
    ]);
  });

  it('is certain with the Spamhaus header', () => {
    expect(spamhausDropFormat.detect({ lines: drop.split('\n') })).toBe(1);
    expect(spamhausAsnDropFormat.detect({ lines: drop.split('\n') })).toBe(0);
  });

  const corpus = corpusLines('feeds/spamhaus_drop/intelmq/drop.txt');
  it.skipIf(corpus === null)('reads the IntelMQ DROP sample as IntelMQ does', () => {
    const { items, rejections } = run(spamhausDropFormat, corpus!);
    expect(rejections).toEqual([]);
    expect(items.map((i) => [i.value, i.tags, i.lastSeen])).toEqual([
      ['1.4.0.0/17', ['SBL256893'], '2015-09-14T04:39:22.000Z'],
      ['2a06:e480::/29', ['SBL301771'], '2015-09-14T04:39:22.000Z'],
    ]);
  });
});

describe('spamhaus-asn-drop', () => {
  const jsonl = `{"asn":64500,"rir":"apnic","domain":"example.vn","cc":"VN","asname":"EXAMPLE-AS"}
{"asn":64501,"rir":"arin","domain":"","cc":"US","asname":"OTHER"}
{"asn":
{"rir":"ripencc"}
{"type":"metadata","timestamp":1709006105,"size":100,"records":2}
`;

  it('emits AS numbers stamped with the closing metadata time', () => {
    const { items, rejections } = run(spamhausAsnDropFormat, crlf(jsonl));
    expect(items).toEqual([
      {
        line: 1,
        value: 'AS64500',
        type: 'asn',
        description: 'EXAMPLE-AS (example.vn, VN, apnic)',
        threatType: 'blocklist',
        lastSeen: '2024-02-27T03:55:05.000Z',
      },
      {
        line: 2,
        value: 'AS64501',
        type: 'asn',
        description: 'OTHER (US, arin)',
        threatType: 'blocklist',
        lastSeen: '2024-02-27T03:55:05.000Z',
      },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [3, 'the line starts with "{" but is not a JSON object'],
      [4, 'the JSON record has neither "asn" nor "cidr"'],
    ]);
  });

  it('still emits records when the metadata line is missing', () => {
    const { items } = run(spamhausAsnDropFormat, '{"asn":64500,"asname":"X"}\n');
    expect(items).toEqual([
      { line: 1, value: 'AS64500', type: 'asn', description: 'X', threatType: 'blocklist' },
    ]);
  });

  it('reads the JSON DROP edition too', () => {
    const { items } = run(
      spamhausDropFormat,
      '{"cidr":"192.0.2.0/24","sblid":"SBL1","rir":"apnic"}\n{"type":"metadata","timestamp":1709006105}\n',
    );
    expect(items).toEqual([
      {
        line: 1,
        value: '192.0.2.0/24',
        tags: ['SBL1'],
        description: 'RIR apnic',
        threatType: 'blocklist',
        lastSeen: '2024-02-27T03:55:05.000Z',
      },
    ]);
  });

  const corpus = corpusLines('feeds/spamhaus_drop/asn_drop.json');
  it.skipIf(corpus === null)('reads the ASN-DROP JSON-lines mirror', () => {
    const { items, rejections } = run(spamhausAsnDropFormat, corpus!);
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(201);
    expect(items[0]).toMatchObject({
      value: 'AS932',
      description: 'XNNET (xn.net, US, arin)',
      lastSeen: '2024-02-27T03:55:05.000Z',
    });
    expect(spamhausAsnDropFormat.detect({ name: 'asn_drop.json', lines: corpus!.slice(0, 200) })).toBe(1);
  });
});
