import { describe, expect, it } from 'vitest';
import { genericCsvFormat } from './generic-csv.js';
import { run, sample } from './test-support/run.js';

describe('csv (generic)', () => {
  it('maps columns by the configured header names, with quoted commas, unicode and CRLF', () => {
    const text = [
      '# exported by a ministry SOC',
      'Seen,Address,Kind,What,Family,Score,Labels,Note,Port\r',
      '2024-05-01 10:00:00,203.0.113.7,ip,botnet_cc,Emotet,85,"epoch4, spam",C2 của nhóm,8080\r',
      '2024-05-02T00:00:00Z,"bad.example.vn",domain,phishing,,,,"giả mạo ""ngân hàng""",\r',
    ].join('\n');
    const { items, rejections } = run(genericCsvFormat, text, {
      csv: {
        value: 'Address',
        type: 'Kind',
        threatType: 'What',
        family: 'Family',
        confidence: 'Score',
        firstSeen: 'Seen',
        tags: 'Labels',
        description: 'Note',
        port: 'Port',
      },
    });
    expect(rejections).toEqual([]);
    expect(items).toEqual([
      {
        line: 3,
        value: '203.0.113.7',
        type: 'ipv4',
        threatType: 'c2',
        family: 'Emotet',
        confidence: 85,
        firstSeen: '2024-05-01T10:00:00Z',
        tags: ['epoch4', 'spam'],
        description: 'C2 của nhóm',
        port: 8080,
      },
      {
        line: 4,
        value: 'bad.example.vn',
        type: 'domain',
        threatType: 'phishing',
        firstSeen: '2024-05-02T00:00:00Z',
        description: 'giả mạo "ngân hàng"',
      },
    ]);
  });

  it('uses the configured delimiter and default threat type', () => {
    const { items } = run(genericCsvFormat, 'ioc;note\n198.51.100.0/24;"a;b"', {
      csv: { value: 'ioc', description: 'note', delimiter: ';' },
      defaultThreatType: 'blocklist',
    });
    expect(items).toEqual([
      { line: 2, value: '198.51.100.0/24', description: 'a;b', threatType: 'blocklist' },
    ]);
  });

  it('guesses the value column and the optional ones without a mapping', () => {
    const { items } = run(genericCsvFormat, 'id,dst_ip,malware,first_seen\n1,192.0.2.1,QakBot,2024-01-02');
    expect(items).toEqual([
      { line: 2, value: '192.0.2.1', family: 'QakBot', firstSeen: '2024-01-02T00:00:00Z' },
    ]);
  });

  it('prefers indicator over url over ip when several value headers exist', () => {
    const { items } = run(genericCsvFormat, 'ip,url\n192.0.2.1,http://x.example/a');
    expect(items.map((i) => i.value)).toEqual(['http://x.example/a']);
  });

  it('rejects every row, naming the headers found, when no value column can be guessed', () => {
    const { items, rejections } = run(genericCsvFormat, 'when,who\n2024-01-01,alice\n2024-01-02,bob');
    expect(items).toEqual([]);
    expect(rejections.map((r) => r.line)).toEqual([2, 3]);
    expect(rejections[0]!.reason).toBe(
      'no indicator column recognised in the header (found: when, who); configure a CSV mapping naming the value column',
    );
  });

  it('rejects rows when a mapped column is missing from the header', () => {
    const { rejections } = run(genericCsvFormat, 'a,b\n1,2', { csv: { value: 'address' } });
    expect(rejections[0]!.reason).toBe('mapped column(s) not in the header: value → "address" (found: a, b)');
  });

  it('rejects a malformed row, an empty value and an unknown type, and keeps going', () => {
    const text = 'value,type\n"unterminated,ip\n,domain\nfoo@example.com,email\n192.0.2.9,ip';
    const { items, rejections } = run(genericCsvFormat, text, { csv: { value: 'value', type: 'type' } });
    expect(items).toEqual([{ line: 5, value: '192.0.2.9', type: 'ipv4' }]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [
        2,
        'malformed CSV row: unterminated quoted field starting at column 1 (quoted cells spanning several lines are not supported)',
      ],
      [3, 'the indicator column is empty'],
      [4, 'indicator type "email" is not one we use (ip, cidr, domain, url, md5, sha1, sha256, asn)'],
    ]);
  });

  it('rejects every row for an invalid delimiter', () => {
    const { rejections } = run(genericCsvFormat, 'a\nb', { csv: { value: 'a', delimiter: '::' } });
    expect(rejections).toHaveLength(2);
    expect(rejections[0]!.reason).toMatch(/must be a single character/);
  });

  it('detects at most 0.3', () => {
    expect(genericCsvFormat.detect(sample('indicator,comment\n1.2.3.4,x'))).toBe(0.3);
    expect(genericCsvFormat.detect(sample('a,b\n1,2', 'export.csv'))).toBe(0.2);
    expect(genericCsvFormat.detect(sample('1.2.3.4\n5.6.7.8', 'list.txt'))).toBe(0);
  });
});
