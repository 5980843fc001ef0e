import { describe, expect, it } from 'vitest';
import { parseObservationReport } from './index.js';
import { parseUpdatedLine } from './ponmocup.js';

describe('Dyn ponmocup list', () => {
  it('reads rows with an address at the list time, and rejects rows without one', () => {
    const text = [
      '# ponmocup malware redirection domains (written for this test)',
      '# last updated: Wed Jan 10 05:06:07 PST 2024',
      '198.51.100.90 redir.example.net http://redir.example.net/p site.example.org',
      '/ redir2.example.net http://redir2.example.net/p site2.example.org',
      'too few fields',
    ].join('\n');
    const result = parseObservationReport({ fileName: 'list.txt', text });
    expect(result.reportType).toBe('dyn-ponmocup');
    expect(result.records).toEqual([
      expect.objectContaining({
        ip: '198.51.100.90',
        time: '2024-01-10T13:06:07.000Z',
        hostname: 'redir.example.net',
        url: 'http://redir.example.net/p',
        family: 'ponmocup',
        category: 'blocklisted',
      }),
    ]);
    expect(result.rejected).toEqual([
      { line: 4, reason: 'the row names no IP address ("/")' },
      { line: 5, reason: 'expected 4 space-separated fields, found 3' },
    ]);
  });

  it('converts the list time zone', () => {
    expect(parseUpdatedLine('# last updated: Tue Mar 15 00:47:49 PDT 2016')).toBe('2016-03-15T07:47:49.000Z');
    expect(parseUpdatedLine('# last updated: sometime')).toBeNull();
  });
});
