import { describe, expect, it } from 'vitest';
import {
  addressType,
  firstThreatType,
  hashType,
  indicatorTypeFromWord,
  threatTypeFromWord,
} from './vocabulary.js';

describe('threatTypeFromWord', () => {
  it.each([
    ['botnet_cc', 'c2'],
    ['Command and Control', 'c2'],
    ['c2server', 'c2'],
    ['payload_delivery', 'malware-distribution'],
    ['malware_download', 'malware-distribution'],
    ['malicious-activity', 'malware'],
    ['anonymization', 'proxy'],
    ['TOR_IP', 'tor'],
    ['Ransomware', 'ransomware'],
  ])('%s → %s', (word, type) => {
    expect(threatTypeFromWord(word)).toBe(type);
  });

  it('does not guess from loose words', () => {
    expect(threatTypeFromWord('bot')).toBeUndefined();
    expect(threatTypeFromWord('spearphishing')).toBeUndefined();
    expect(firstThreatType(['apt', 'tlp:white', 'phishing', 'c2'])).toBe('phishing');
  });
});

describe('indicator types', () => {
  it('decides address types from the value', () => {
    expect(indicatorTypeFromWord('ip-dst', '192.0.2.1')).toBe('ipv4');
    expect(indicatorTypeFromWord('IP', '2001:db8::/32')).toBe('cidr6');
    expect(indicatorTypeFromWord('host', '192.0.2.1')).toBe('ipv4');
    expect(indicatorTypeFromWord('hostname', 'a.example')).toBe('domain');
    expect(indicatorTypeFromWord('FileHash-SHA256', 'x')).toBe('sha256');
    expect(indicatorTypeFromWord('hash', 'd41d8cd98f00b204e9800998ecf8427e')).toBe('md5');
    expect(indicatorTypeFromWord('email', 'a@b.c')).toBeNull();
  });

  it('does not take URLs or names for addresses', () => {
    expect(addressType('http://192.0.2.1/')).toBeUndefined();
    expect(addressType('example.com')).toBeUndefined();
    expect(hashType('xyz')).toBeUndefined();
  });
});
