import { describe, expect, it } from 'vitest';
import { classifyLookup, parseAsn } from './inputs.js';

describe('parseAsn', () => {
  it('accepts plain and AS-prefixed numbers', () => {
    expect(parseAsn('131375')).toBe(131375);
    expect(parseAsn(' AS 7552 ')).toBe(7552);
    expect(parseAsn('as4294967295')).toBe(4294967295);
  });
  it('rejects the rest', () => {
    expect(parseAsn('')).toBeNull();
    expect(parseAsn('4294967296')).toBeNull();
    expect(parseAsn('12a')).toBeNull();
    expect(parseAsn('-1')).toBeNull();
  });
});

describe('classifyLookup', () => {
  it('tells IP addresses from domains', () => {
    expect(classifyLookup(' 203.0.113.7 ')).toEqual({ ip: '203.0.113.7' });
    expect(classifyLookup('2001:db8::1')).toEqual({ ip: '2001:db8::1' });
    expect(classifyLookup('[2001:db8::1]')).toEqual({ ip: '2001:db8::1' });
    expect(classifyLookup('Mail.Example.gov.vn.')).toEqual({ domain: 'mail.example.gov.vn' });
    expect(classifyLookup('')).toBeNull();
  });
  it('takes the host name out of a pasted URL', () => {
    expect(classifyLookup('https://portal.example.gov.vn/path?q=1')).toEqual({
      domain: 'portal.example.gov.vn',
    });
    expect(classifyLookup('http://198.51.100.2:8080/')).toEqual({ ip: '198.51.100.2' });
  });
});
