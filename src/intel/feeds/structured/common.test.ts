import { describe, expect, it } from 'vitest';
import { cleanLine, epochToIso, parsePort, splitHostPort, splitTags, toIsoUtc } from './common.js';

describe('toIsoUtc', () => {
  it.each([
    ['2024-04-04 07:03:03', '2024-04-04T07:03:03Z'],
    ['2022-08-05 11:40:15 UTC', '2022-08-05T11:40:15Z'],
    ['2015-10-20T06:14:00+0000', '2015-10-20T06:14:00Z'],
    ['2022-11-16T14:08:44+07:00', '2022-11-16T07:08:44Z'],
    ['2015-09-02T09:21:53.093000', '2015-09-02T09:21:53.093Z'],
    ['2015-05-15T09:12:16.432678Z', '2015-05-15T09:12:16.432Z'],
    ['2024-03-11', '2024-03-11T00:00:00Z'],
  ])('%s → %s', (input, expected) => {
    expect(toIsoUtc(input)).toBe(expected);
  });

  it.each(['None', '', '2024-02-30 00:00:00', '2024-13-01', '11/03/2024', '2024-01-01T25:00:00'])(
    'rejects %j',
    (input) => {
      expect(toIsoUtc(input)).toBeUndefined();
    },
  );
});

describe('epochToIso', () => {
  it('reads seconds as numbers or digit strings, and milliseconds', () => {
    expect(epochToIso('1465681304')).toBe('2016-06-11T21:41:44Z');
    expect(epochToIso(1465681304)).toBe('2016-06-11T21:41:44Z');
    expect(epochToIso(1465681304123)).toBe('2016-06-11T21:41:44.123Z');
    expect(epochToIso('abc')).toBeUndefined();
    expect(epochToIso(0)).toBeUndefined();
  });
});

describe('splitHostPort', () => {
  it('splits IPv4, host names and bracketed IPv6', () => {
    expect(splitHostPort('81.2.69.142:8808')).toEqual({ host: '81.2.69.142', port: 8808 });
    expect(splitHostPort('c2.example:443')).toEqual({ host: 'c2.example', port: 443 });
    expect(splitHostPort('[2001:db8::1]:443')).toEqual({ host: '2001:db8::1', port: 443 });
  });

  it('splits an unbracketed IPv6 address only when a port is expected', () => {
    expect(splitHostPort('2a02:cf40:1::5:40669', true)).toEqual({ host: '2a02:cf40:1::5', port: 40669 });
    expect(splitHostPort('2001:db8::5:443')).toEqual({ host: '2001:db8::5:443' });
  });

  it('leaves values without a valid port alone', () => {
    expect(splitHostPort('81.2.69.142:99999')).toEqual({ host: '81.2.69.142:99999' });
    expect(splitHostPort('example.com')).toEqual({ host: 'example.com' });
  });
});

describe('small readers', () => {
  it('cleanLine strips CR and BOM', () => {
    expect(cleanLine('\uFEFFa,b\r')).toBe('a,b');
  });

  it('parsePort keeps 1–65535 integers only', () => {
    expect(parsePort('443')).toBe(443);
    expect(parsePort(0)).toBeUndefined();
    expect(parsePort('8.5')).toBeUndefined();
  });

  it('splitTags drops placeholders and duplicates', () => {
    expect(splitTags('elf,None, Mozi;elf')).toEqual(['elf', 'Mozi']);
    expect(splitTags(['a', 1, null, 'a'])).toEqual(['a', '1']);
  });
});
