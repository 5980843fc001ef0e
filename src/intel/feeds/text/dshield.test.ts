import { describe, expect, it } from 'vitest';
import { dshieldAsnFormat, dshieldBlockFormat } from './dshield.js';
import { corpusLines, crlf, run } from './test-support/run.js';

const block = [
  '#',
  '#   DShield.org Recommended Block List',
  '#    updated: Tue Dec 15 15:33:38 2015 UTC',
  '',
  'Start\tEnd\tNetblock\tAttacks\tName\tCountry\temail',
  '192.0.2.0\t192.0.2.255\t24\t788\tExample Net\tVN\tabuse@example.vn',
  '198.51.100.0\t198.51.100.255\t24\t585\t\t\t',
  '203.0.113.0 203.0.113.255 24',
  '# END',
].join('\n');

describe('dshield-block', () => {
  it('reads start/prefix networks with attack counts and the list time', () => {
    const { items, rejections } = run(dshieldBlockFormat, crlf(block));
    expect(items).toEqual([
      {
        line: 6,
        value: '192.0.2.0/24',
        threatType: 'scanner',
        lastSeen: '2015-12-15T15:33:38.000Z',
        description: 'Example Net, VN; 788 targets scanned',
      },
      {
        line: 7,
        value: '198.51.100.0/24',
        threatType: 'scanner',
        lastSeen: '2015-12-15T15:33:38.000Z',
        description: '585 targets scanned',
      },
    ]);
    expect(rejections).toEqual([
      {
        line: 8,
        reason: 'expected tab-separated "start, end, prefix length, attacks, name, country, e-mail"',
        text: '203.0.113.0 203.0.113.255 24',
      },
    ]);
  });

  it('is certain with the DShield banner', () => {
    expect(dshieldBlockFormat.detect({ lines: block.split('\n') })).toBe(1);
    expect(dshieldBlockFormat.detect({ lines: ['192.0.2.1'] })).toBe(0);
  });

  const corpus = corpusLines('feeds/dshield/intelmq/block.txt');
  it.skipIf(corpus === null)('reads the IntelMQ block.txt sample', () => {
    const { items, rejections } = run(dshieldBlockFormat, corpus!);
    expect(rejections).toEqual([]);
    expect(items.map((i) => [i.value, i.lastSeen])).toEqual([
      ['43.229.53.0/24', '2015-12-15T15:33:38.000Z'],
      ['194.63.140.0/24', '2015-12-15T15:33:38.000Z'],
    ]);
  });
});

const asDetails = [
  '<!-- wrapper -->',
  '# asdetailsascii.html',
  '# source IP <tab> Reports <tab> Targets <tab> First Seen <tab> Last Seen <tab> Updated <CR>',
  '192.000.002.010\t85\t56\t2015-12-01\t2015-12-22\t2015-12-22 11:09:07',
  '198.051.100.061\t1\t1\t\t2015-12-10\t',
  '1.2.3\t1\t1',
  '',
].join('\n');

describe('dshield-asn', () => {
  it('reads zero-padded addresses with their dates', () => {
    const { items, rejections } = run(dshieldAsnFormat, crlf(asDetails), {
      name: 'asdetailsascii.html?as=64500',
    });
    expect(items).toEqual([
      {
        line: 4,
        value: '192.0.2.10',
        type: 'ipv4',
        threatType: 'scanner',
        firstSeen: '2015-12-01T00:00:00.000Z',
        lastSeen: '2015-12-22T11:09:07.000Z',
        description: '85 reports, 56 targets',
        tags: ['AS64500'],
      },
      {
        line: 5,
        value: '198.51.100.61',
        type: 'ipv4',
        threatType: 'scanner',
        lastSeen: '2015-12-10T00:00:00.000Z',
        description: '1 reports, 1 targets',
        tags: ['AS64500'],
      },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [6, 'expected tab-separated "address, reports, targets, first seen, last seen, updated"'],
    ]);
  });

  const corpus = corpusLines('feeds/dshield/intelmq/asdetailsascii.html');
  it.skipIf(corpus === null)('reads the IntelMQ asdetailsascii.html sample (a list of addresses)', () => {
    const { items, rejections } = run(dshieldAsnFormat, corpus!, { name: 'asdetailsascii.html?as=1' });
    expect(rejections).toEqual([]);
    expect(items.map((i) => [i.value, i.lastSeen])).toEqual([
      ['109.230.148.140', '2015-12-22T11:09:07.000Z'],
      ['109.230.155.61', '2015-12-14T12:40:59.000Z'],
    ]);
    expect(dshieldAsnFormat.detect({ lines: corpus! })).toBe(1);
  });
});
