import { describe, expect, it } from 'vitest';
import { dataplaneFormat } from './dataplane.js';
import { corpusLines, crlf, run } from './test-support/run.js';

const report = `# DataPlane.org - for operators, by operators
# sshpwauth
#
64500        |  EXAMPLE-AS                      |   192.0.2.1       |  2024-04-02 12:00:00  |  sshpwauth
NA           |  NA                              |  198.51.100.2     |  2024-04-01 01:02:03  |  sshclient
64501        |  PIPE | IN | NAME                |  203.0.113.3      |  2024-04-03 04:05:06  |  2024-04-04 07:08:09  |  proto41

64502        |  BROKEN                          |  203.0.113.4      |  yesterday            |  sshpwauth
too | few
`;

describe('dataplane', () => {
  it('reads fields from both ends so AS names may contain "|"', () => {
    const { items } = run(dataplaneFormat, crlf(report));
    expect(items).toEqual([
      {
        line: 4,
        value: '192.0.2.1',
        threatType: 'brute-force',
        lastSeen: '2024-04-02T12:00:00.000Z',
        tags: ['sshpwauth'],
        description: 'AS64500 EXAMPLE-AS',
      },
      {
        line: 5,
        value: '198.51.100.2',
        threatType: 'scanner',
        lastSeen: '2024-04-01T01:02:03.000Z',
        tags: ['sshclient'],
      },
      {
        line: 6,
        value: '203.0.113.3',
        threatType: 'proxy',
        firstSeen: '2024-04-03T04:05:06.000Z',
        lastSeen: '2024-04-04T07:08:09.000Z',
        tags: ['proto41'],
        description: 'AS64501 PIPE | IN | NAME',
      },
    ]);
  });

  it('rejects malformed rows with their line', () => {
    const { rejections } = run(dataplaneFormat, report);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [8, 'expected "ASN | ASname | ipaddr | lastseen | category" with a YYYY-mm-dd HH:MM:SS time'],
      [9, 'expected 5 or 6 "|"-separated fields, found 2'],
    ]);
  });

  it('is certain with the DataPlane banner', () => {
    expect(dataplaneFormat.detect({ lines: report.split('\n') })).toBe(1);
    expect(dataplaneFormat.detect({ lines: ['192.0.2.1'] })).toBe(0);
  });

  const corpus = corpusLines('feeds/dataplane/intelmq/sshpwauth.txt');
  it.skipIf(corpus === null)('reads the IntelMQ sshpwauth sample', () => {
    const { items, rejections } = run(dataplaneFormat, corpus!);
    expect(rejections).toEqual([]);
    expect(items.map((i) => [i.value, i.lastSeen, i.threatType])).toEqual([
      ['170.239.104.183', '2016-12-01T04:26:48.000Z', 'brute-force'],
      ['117.21.224.121', '2016-12-06T02:35:38.000Z', 'brute-force'],
      ['1.2.3.4', '2024-04-02T12:00:00.000Z', 'brute-force'],
    ]);
  });
});
