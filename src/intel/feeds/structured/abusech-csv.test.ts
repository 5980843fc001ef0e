import { describe, expect, it } from 'vitest';
import { feodoCsvFormat, sslblCsvFormat, urlhausCsvFormat, urlhausFamily } from './abusech-csv.js';
import { run, sample } from './test-support/run.js';

const feodo = [
  '#####################################',
  '# abuse.ch Feodo Tracker Botnet C2 IP Blocklist (CSV) #',
  '# Last updated: 2025-01-02 03:04:05 UTC #',
  '#',
  '"first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware"\r',
  '"2024-12-01 08:00:00","192.0.2.10","443","online","2025-01-01","QakBot"\r',
  '"2024-12-02 09:30:00","192.0.2.11","bad-port","offline","None","Emotet"\r',
  '"2024-12-03 10:00:00","192.0.2.12","447","online\r',
  '# END 3 entries',
].join('\n');

describe('feodo-csv', () => {
  it('reads rows by header name, marks them c2 with the family and times in UTC', () => {
    const { items, rejections } = run(feodoCsvFormat, feodo);
    expect(items).toEqual([
      {
        line: 6,
        value: '192.0.2.10',
        type: 'ipv4',
        threatType: 'c2',
        family: 'QakBot',
        port: 443,
        firstSeen: '2024-12-01T08:00:00Z',
        lastSeen: '2025-01-01T00:00:00Z',
      },
      {
        line: 7,
        value: '192.0.2.11',
        type: 'ipv4',
        threatType: 'c2',
        family: 'Emotet',
        firstSeen: '2024-12-02T09:30:00Z',
      },
    ]);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.line).toBe(8);
    expect(rejections[0]!.reason).toMatch(/^malformed CSV row: unterminated quoted field/);
  });

  it('falls back to the historical column order without a header', () => {
    const { items } = run(feodoCsvFormat, '2019-05-01 10:00:00,198.51.100.1,8080,online,2019-06-01,Dridex');
    expect(items[0]).toMatchObject({ value: '198.51.100.1', port: 8080, family: 'Dridex' });
  });

  it('detects the banner, the header row and the file name', () => {
    expect(feodoCsvFormat.detect(sample(feodo))).toBe(1);
    expect(feodoCsvFormat.detect(sample('"first_seen_utc","dst_ip","dst_port"'))).toBe(0.9);
    expect(
      feodoCsvFormat.detect(sample('1.2.3.4', 'https://feodotracker.abuse.ch/downloads/ipblocklist.csv')),
    ).toBe(0.5);
    // The plain-text Feodo list has the banner but no CSV.
    expect(
      feodoCsvFormat.detect(sample('# abuse.ch Feodo Tracker Botnet C2 IP Blocklist #\n192.0.2.1')),
    ).toBe(0);
  });
});

const urlhaus = [
  '################################################################',
  '# abuse.ch URLhaus Database Dump (CSV - recent URLs only)      #',
  '#',
  '# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter',
  '"901","2025-02-01 12:00:00","http://203.0.113.5:4455/i","online","None","malware_download","32-bit,elf,mips,Mozi","https://urlhaus.abuse.ch/url/901/","tester"',
  '"902","2025-02-01 12:05:00","https://ví-dụ.example/tải.exe","offline","2025-02-02 00:00:00","malware_download","None","https://urlhaus.abuse.ch/url/902/","tester"',
  '"903","2025-02-01 12:06:00","","online","None","malware_download","None","https://urlhaus.abuse.ch/url/903/","tester"',
].join('\n');

describe('urlhaus-csv', () => {
  it('reads the commented header, maps malware_download and takes tags (and a lone family tag)', () => {
    const { items, rejections } = run(urlhausCsvFormat, urlhaus);
    expect(items).toEqual([
      {
        line: 5,
        value: 'http://203.0.113.5:4455/i',
        type: 'url',
        threatType: 'malware-distribution',
        tags: ['32-bit', 'elf', 'mips', 'Mozi'],
        family: 'Mozi',
        firstSeen: '2025-02-01T12:00:00Z',
        description: 'URLhaus https://urlhaus.abuse.ch/url/901/',
      },
      {
        line: 6,
        value: 'https://ví-dụ.example/tải.exe',
        type: 'url',
        threatType: 'malware-distribution',
        firstSeen: '2025-02-01T12:05:00Z',
        lastSeen: '2025-02-02T00:00:00Z',
        description: 'URLhaus https://urlhaus.abuse.ch/url/902/',
      },
    ]);
    expect(rejections).toEqual([expect.objectContaining({ line: 7, reason: 'no URL in the url column' })]);
  });

  it('only names a family when exactly one non-platform tag is left', () => {
    expect(urlhausFamily(['dll', 'RecordBreaker'])).toBe('RecordBreaker');
    expect(urlhausFamily(['exe', 'AgentTesla', 'RemcosRAT'])).toBeUndefined();
    expect(urlhausFamily(['elf', '32-bit'])).toBeUndefined();
  });

  it('detects the banner and header', () => {
    expect(urlhausCsvFormat.detect(sample(urlhaus))).toBe(1);
    expect(urlhausCsvFormat.detect(sample('# abuse.ch URLhaus text\nhttp://x.example/'))).toBe(0);
  });
});

describe('sslbl-csv', () => {
  it('reads current Firstseen,DstIP,DstPort rows and the older DstIP,DstPort,reason rows', () => {
    const text = [
      '# abuse.ch SSLBL Botnet C2 IP Blacklist (CSV)',
      '# Firstseen,DstIP,DstPort',
      '2025-01-05 06:07:08,198.51.100.20,443\r',
      '198.51.100.21,4443,Gozi C&C',
      '2025-01-05 06:07:08,,443',
    ].join('\n');
    const { items, rejections } = run(sslblCsvFormat, text);
    expect(items).toEqual([
      {
        line: 3,
        value: '198.51.100.20',
        type: 'ipv4',
        threatType: 'c2',
        port: 443,
        firstSeen: '2025-01-05T06:07:08Z',
      },
      {
        line: 4,
        value: '198.51.100.21',
        type: 'ipv4',
        threatType: 'c2',
        port: 4443,
        family: 'Gozi',
        tags: ['Gozi C&C'],
      },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [5, 'expected Firstseen,DstIP,DstPort but the row has no IP address'],
    ]);
  });

  it('detects the banner with the column comment', () => {
    expect(sslblCsvFormat.detect(sample('# abuse.ch SSL IPBL\n# DstIP,DstPort\n1.2.3.4,443,x'))).toBe(1);
    expect(sslblCsvFormat.detect(sample('1.2.3.4'))).toBe(0);
  });
});
