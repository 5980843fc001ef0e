import { describe, expect, it } from 'vitest';
import { cymruBogonsFormat, dangerRulezFormat, malwarePatrolFormat, turrisFormat } from './provider-lists.js';
import { corpusLines, crlf, run } from './test-support/run.js';

describe('danger-rulez', () => {
  const list =
    '# IP\t\t\t# Last Reported\t\t\tCount\tID\n192.0.2.48\t\t# 2016-11-10 09:11:03\t\t56\t1101973\n\nnot-an-ip\t\t# 2016-11-10 09:11:03\n';

  it('reads address, last report time and count', () => {
    const { items, rejections } = run(dangerRulezFormat, crlf(list));
    expect(items).toEqual([
      {
        line: 2,
        value: '192.0.2.48',
        threatType: 'brute-force',
        lastSeen: '2016-11-10T09:11:03.000Z',
        description: 'reported 56 times',
        tags: ['ssh'],
      },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [4, 'expected "address  # last reported  count  id"'],
    ]);
    expect(dangerRulezFormat.detect({ lines: list.split('\n') })).toBe(1);
  });

  const raw = corpusLines('feeds/danger_rulez/intelmq/test_parser.RAW.txt');
  it.skipIf(raw === null)('reads the IntelMQ sample (stored base64)', () => {
    const decoded = Buffer.from(raw!.join(''), 'base64').toString('utf8');
    const { items, rejections } = run(dangerRulezFormat, decoded);
    expect(rejections).toEqual([]);
    expect(items.map((i) => [i.value, i.lastSeen])).toEqual([
      ['203.0.113.48', '2016-11-10T09:11:03.000Z'],
      ['198.18.0.89', '2016-11-05T07:01:15.000Z'],
    ]);
  });
});

describe('turris', () => {
  const csv =
    '# For the terms of use see https://view.sentinel.turris.cz/greylist-data/LICENSE.txt\nAddress,Tags\n192.0.2.1,http\n192.0.2.2,"ftp,telnet"\n192.0.2.3,port_scan\n192.0.2.4,"unclosed\nnope,http\n';

  it('reads addresses with their service tags', () => {
    const { items, rejections } = run(turrisFormat, crlf(csv));
    expect(items).toEqual([
      { line: 3, value: '192.0.2.1', threatType: 'brute-force', tags: ['http'] },
      { line: 4, value: '192.0.2.2', threatType: 'brute-force', tags: ['ftp', 'telnet'] },
      { line: 5, value: '192.0.2.3', threatType: 'scanner', tags: ['port_scan'] },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [6, 'the CSV line has an unclosed quote'],
      [7, '"nope" is not an IP address'],
    ]);
  });

  const corpus = corpusLines('feeds/turris/intelmq/test_parser.INPUT.csv');
  it.skipIf(corpus === null)('reads the IntelMQ greylist sample', () => {
    const { items, rejections } = run(turrisFormat, corpus!);
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(6);
    expect(items[4]).toEqual({
      line: 7,
      value: '152.32.236.101',
      threatType: 'brute-force',
      tags: ['ftp', 'http', 'port_scan', 'smtp', 'telnet'],
    });
  });
});

describe('cymru-bogons', () => {
  const v4 = '# last updated 1450193702 (Tue Dec 15 15:35:02 2015 GMT)\n0.0.0.0/8\n192.0.2.0/24\n\nbogus\n';

  it('reads networks dated by the header', () => {
    const { items, rejections } = run(cymruBogonsFormat, crlf(v4));
    expect(items).toEqual([
      { line: 2, value: '0.0.0.0/8', threatType: 'bogon', lastSeen: '2015-12-15T15:35:02.000Z' },
      { line: 3, value: '192.0.2.0/24', threatType: 'bogon', lastSeen: '2015-12-15T15:35:02.000Z' },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [5, 'expected one network (address/prefix) per line'],
    ]);
    expect(cymruBogonsFormat.detect({ lines: v4.split('\n') })).toBe(0.95);
  });

  const expected = corpusLines('feeds/cymru_full_bogons/intelmq/test_full_bogons.expected.json');
  it.skipIf(expected === null)('reproduces the IntelMQ fullbogons expectation', () => {
    const variables = (
      JSON.parse(expected!.join('\n')) as {
        variables: Record<string, { raw__decoded?: string; 'source.network'?: string }>;
      }
    ).variables;
    const event = variables.V6EVEN!;
    const { items } = run(cymruBogonsFormat, event.raw__decoded!);
    expect(items).toEqual([
      { line: 2, value: event['source.network'], threatType: 'bogon', lastSeen: '2020-03-25T12:50:01.000Z' },
    ]);
  });
});

describe('malwarepatrol', () => {
  const list =
    '#\n#\tList for DansGuardian\n#\tGenerated at: 20170226235356 UTC\n#\n\nevil.example/malware/\nwww.evil.example/\n192.0.2.5/x.exe\nnot a url\n';

  it('reads host/path entries, a bare host as that exact domain', () => {
    const { items, rejections } = run(malwarePatrolFormat, crlf(list));
    expect(items).toEqual([
      {
        line: 6,
        value: 'http://evil.example/malware/',
        threatType: 'malware-distribution',
        lastSeen: '2017-02-26T23:53:56.000Z',
      },
      {
        line: 7,
        value: 'www.evil.example',
        type: 'domain',
        exactDomain: true,
        threatType: 'malware-distribution',
        lastSeen: '2017-02-26T23:53:56.000Z',
      },
      {
        line: 8,
        value: 'http://192.0.2.5/x.exe',
        threatType: 'malware-distribution',
        lastSeen: '2017-02-26T23:53:56.000Z',
      },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [9, 'expected "host/path" (a URL without its scheme)'],
    ]);
  });

  const corpus = corpusLines('feeds/malwarepatrol/intelmq/getfile');
  it.skipIf(corpus === null)('reads the IntelMQ DansGuardian sample', () => {
    const { items, rejections } = run(malwarePatrolFormat, corpus!);
    expect(rejections).toEqual([]);
    expect(items.map((i) => i.value)).toEqual(['http://example.com/malwarehere/', 'www.example.net']);
    expect(malwarePatrolFormat.detect({ lines: corpus! })).toBe(1);
  });
});
