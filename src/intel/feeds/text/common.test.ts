import { describe, expect, it } from 'vitest';
import {
  baseName,
  classifyToken,
  cleanLine,
  headerReader,
  isDomainLike,
  isoFromEpoch,
  isoFromHuman,
  isoFromYmd,
  threatTypeFromText,
  unpadIPv4,
} from './common.js';

describe('cleanLine', () => {
  it('drops a BOM, a CR and surrounding blanks', () => {
    expect(cleanLine('\uFEFF 192.0.2.1 \r')).toBe('192.0.2.1');
    expect(cleanLine('\t\r')).toBe('');
  });
});

describe('classifyToken', () => {
  it('recognises addresses, networks, URLs, hashes and domains', () => {
    expect(classifyToken('192.0.2.1')).toEqual({ kind: 'ip', value: '192.0.2.1' });
    expect(classifyToken('2001:db8::1')).toEqual({ kind: 'ip', value: '2001:db8::1' });
    expect(classifyToken('198.51.100.0/24')).toEqual({ kind: 'cidr', value: '198.51.100.0/24' });
    expect(classifyToken('https://evil.example/x?y#z')).toEqual({
      kind: 'url',
      value: 'https://evil.example/x?y#z',
    });
    expect(classifyToken('d41d8cd98f00b204e9800998ecf8427e')?.kind).toBe('hash');
    expect(classifyToken('evil.example')).toEqual({ kind: 'domain', value: 'evil.example' });
  });

  it('splits a port off addresses and names', () => {
    expect(classifyToken('192.0.2.1:8443')).toEqual({ kind: 'ip', value: '192.0.2.1', port: 8443 });
    expect(classifyToken('[2001:db8::1]:443')).toEqual({ kind: 'ip', value: '2001:db8::1', port: 443 });
    expect(classifyToken('c2.evil.example:4444')).toEqual({
      kind: 'domain',
      value: 'c2.evil.example',
      port: 4444,
    });
  });

  it('reads `*.example` as the domain with subdomains and `host/path` as an http URL', () => {
    expect(classifyToken('*.evil.example')).toEqual({
      kind: 'domain',
      value: 'evil.example',
      wildcard: true,
    });
    expect(classifyToken('evil.example/drop/x.exe')).toEqual({
      kind: 'url',
      value: 'http://evil.example/drop/x.exe',
    });
  });

  it('refuses words and mistyped addresses, and keeps a mistyped network a network', () => {
    expect(classifyToken('localhost')).toBeNull();
    expect(classifyToken('<pre>')).toBeNull();
    expect(classifyToken('1.2.3.999')).toBeNull();
    expect(classifyToken('192.0.2.0/33')).toEqual({ kind: 'cidr', value: '192.0.2.0/33' });
    expect(classifyToken('-/x')).toBeNull();
    expect(classifyToken('192.0.2.1:99999')).toBeNull();
    expect(isDomainLike('a..b')).toBe(false);
  });
});

describe('time stamps', () => {
  it('converts the shapes feeds print to ISO-8601 UTC', () => {
    expect(isoFromYmd('2016-11-12 15:02')).toBe('2016-11-12T15:02:00.000Z');
    expect(isoFromYmd('2021_05_12')).toBe('2021-05-12T00:00:00.000Z');
    expect(isoFromYmd('2024-01-01 10:00:00 +07:00')).toBe('2024-01-01T03:00:00.000Z');
    expect(isoFromHuman('Mon, 14 Sep 2015 04:39:22 GMT')).toBe('2015-09-14T04:39:22.000Z');
    expect(isoFromHuman('Tue Dec 15 15:33:38 2015 UTC')).toBe('2015-12-15T15:33:38.000Z');
    expect(isoFromHuman('Sat Nov 12 00:15:01 UTC 2016')).toBe('2016-11-12T00:15:01.000Z');
    expect(isoFromHuman('05 March 2025')).toBe('2025-03-05T00:00:00.000Z');
    expect(isoFromEpoch(1450193702)).toBe('2015-12-15T15:35:02.000Z');
  });

  it('refuses impossible dates instead of rolling them over', () => {
    expect(isoFromYmd('2023-02-30')).toBeUndefined();
    expect(isoFromYmd('2023-13-01')).toBeUndefined();
    expect(isoFromHuman('yesterday')).toBeUndefined();
    expect(isoFromEpoch(-1)).toBeUndefined();
  });
});

describe('threatTypeFromText', () => {
  it('maps feed words onto the vocabulary, specific words first', () => {
    expect(threatTypeFromText('Ransomware Block List')).toBe('ransomware');
    expect(threatTypeFromText('Botnet C&C servers')).toBe('c2');
    expect(threatTypeFromText('SSH brute force')).toBe('brute-force');
    expect(threatTypeFromText('Phishing malware sites')).toBe('phishing');
    expect(threatTypeFromText('Blocking Web Browser Bitcoin Mining')).toBe('cryptomining');
    expect(threatTypeFromText('Malware distribution URLs')).toBe('malware-distribution');
    expect(threatTypeFromText('Generic list')).toBeUndefined();
  });
});

describe('headerReader', () => {
  it('takes the update time and a guessed threat type, and yields to a configured one', () => {
    const header = headerReader({});
    header.read('Title: Phishing Block List');
    header.read('Last modified: 2026-07-06 00:40:31 UTC');
    expect(header.threatType()).toBe('phishing');
    expect(header.lastSeen).toBe('2026-07-06T00:40:31.000Z');
    const configured = headerReader({ defaultThreatType: 'spam' });
    configured.read('Title: Phishing Block List');
    expect(configured.threatType()).toBe('spam');
  });
});

describe('small helpers', () => {
  it('unpads DShield addresses and finds base names', () => {
    expect(unpadIPv4('109.230.155.061')).toBe('109.230.155.61');
    expect(unpadIPv4('not.an.ip')).toBe('not.an.ip');
    expect(baseName('https://x.example/lists/imap.txt?key=1')).toBe('imap.txt');
    expect(baseName('C:\\feeds\\Drop.TXT')).toBe('drop.txt');
  });
});
