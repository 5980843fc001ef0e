import { describe, expect, it } from 'vitest';
import { indicatorsFromFiles, IndicatorFileError } from './indicator-loader.js';
import { IndicatorMatcher } from './matcher.js';

async function* lines(text: string): AsyncGenerator<string> {
  yield* text.split('\n');
}

describe('indicatorsFromFiles', () => {
  it('detects the feed format, normalises values, applies the shipped allowlists and numbers the indicators', async () => {
    const { indicators, reports } = await indicatorsFromFiles([
      {
        name: 'mine.txt',
        lines: lines(
          '# my list\nEvil.Example.\nhxxp://bad[.]example/x.exe\n45.9.148.0/24\n8.8.8.8\n198.51.100.7\ngoogle.com\nnot a value\n',
        ),
      },
    ]);
    expect(indicators.map((i) => [i.id, i.type, i.value, i.sources, i.validFrom])).toEqual([
      [1, 'domain', 'evil.example', ['mine.txt'], null],
      [2, 'url', 'http://bad.example/x.exe', ['mine.txt'], null],
      [3, 'cidr4', '45.9.148.0/24', ['mine.txt'], null],
    ]);
    // 8.8.8.8 (a public resolver), 198.51.100.7 (documentation range) and google.com are allowlisted.
    expect(reports).toEqual([
      {
        name: 'mine.txt',
        format: 'plain',
        lines: 9,
        indicators: 3,
        allowlisted: 3,
        rejected: 1,
        rejections: [expect.objectContaining({ line: 8 })],
      },
    ]);
  });

  it('keeps what a structured feed states: family, threat type, port, first seen', async () => {
    const csv = [
      '# Feodo-style blocklist',
      '"first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware"',
      '"2025-01-02 03:04:05","185.100.87.9","4443","online","2025-02-01","QakBot"',
    ].join('\n');
    const { indicators } = await indicatorsFromFiles([
      { name: 'ipblocklist.csv', lines: lines(csv), format: 'feodo-csv' },
    ]);
    expect(indicators).toEqual([
      expect.objectContaining({
        type: 'ipv4',
        value: '185.100.87.9',
        family: 'qakbot',
        threatType: 'c2',
        port: 4443,
        validFrom: '2025-01-02T03:04:05.000Z',
      }),
    ]);
    const matcher = new IndicatorMatcher(indicators, { now: Date.parse('2025-03-01T00:00:00Z') });
    expect(matcher.match({ format: 't', destinationIp: '185.100.87.9', destinationPort: 4443 })).toHaveLength(
      1,
    );
    expect(matcher.match({ format: 't', destinationIp: '185.100.87.9', destinationPort: 443 })).toHaveLength(
      0,
    );
  });

  it('explains a file it cannot read', async () => {
    await expect(
      indicatorsFromFiles([{ name: 'x.bin', lines: lines('\u0001\u0002\u0003') }]),
    ).rejects.toThrow(IndicatorFileError);
    await expect(
      indicatorsFromFiles([{ name: 'x.txt', lines: lines('a.example'), format: 'no-such-format' }]),
    ).rejects.toThrow(/unknown feed format "no-such-format"/);
  });
});
