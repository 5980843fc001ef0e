import { describe, expect, it } from 'vitest';
import { bambenekFormat, familyFromDescription } from './bambenek.js';
import { corpusLines, crlf, run } from './test-support/run.js';

const c2 = `#############################################################
## Master Feed of known, active and non-sinkholed C&Cs IP
## All times are in UTC
#############################################################

192.0.2.1,IP used by shiotob/urlzone/bebloh C&C,2016-11-12 18:02,http://osint.example/manual/bebloh.txt
c2.example,Domain used by Some Bot, with a comma,2016-11-13 01:00,http://osint.example/manual/somebot.txt
just-a-value
`;

describe('bambenek', () => {
  it('reads value, family from the description, time and manual page', () => {
    const { items, rejections } = run(bambenekFormat, crlf(c2));
    expect(items).toEqual([
      {
        line: 6,
        value: '192.0.2.1',
        threatType: 'c2',
        family: 'bebloh',
        lastSeen: '2016-11-12T18:02:00.000Z',
        description: 'IP used by shiotob/urlzone/bebloh C&C (http://osint.example/manual/bebloh.txt)',
        tags: ['shiotob', 'urlzone'],
      },
      {
        line: 7,
        value: 'c2.example',
        threatType: 'c2',
        family: 'Some Bot, with a comma',
        lastSeen: '2016-11-13T01:00:00.000Z',
        description: 'Domain used by Some Bot, with a comma (http://osint.example/manual/somebot.txt)',
      },
    ]);
    expect(rejections).toEqual([
      { line: 8, reason: 'expected "value,description,date,manual page"', text: 'just-a-value' },
    ]);
  });

  it('maps the DGA feed to dga', () => {
    const dga =
      '## Domain feed of known DGA domains from -2 to +3 days\nabc.example,Domain used by Cryptolocker - Flashback DGA for 10 Nov 2016,2016-11-10,http://x/cl.txt\n';
    expect(run(bambenekFormat, dga).items[0]).toMatchObject({
      threatType: 'dga',
      family: 'Cryptolocker',
      lastSeen: '2016-11-10T00:00:00.000Z',
    });
    expect(familyFromDescription('Domain used by matsnu', 'http://x/matsnu.txt')).toEqual({
      family: 'matsnu',
      aliases: [],
    });
  });

  const corpus = corpusLines('feeds/bambenek/intelmq/dga-feed.txt');
  it.skipIf(corpus === null)('reads the IntelMQ DGA feed sample', () => {
    const { items, rejections } = run(bambenekFormat, corpus!, { name: 'dga-feed.txt' });
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      value: 'xqmclnusaswvof.com',
      threatType: 'dga',
      family: 'Cryptolocker',
      lastSeen: '2016-11-10T00:00:00.000Z',
    });
    expect(bambenekFormat.detect({ lines: corpus! })).toBe(1);
  });
});
