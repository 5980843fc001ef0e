import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitCsv } from './csv.js';
import { cleanDomain, cleanIp, cleanPort, cleanProtocol, hostOfUrl, mapAction } from './fields.js';
import { KvCursor } from './kv.js';
import { isoFromDateTime, isoFromEpoch, isoFromMonthName, isoFromParts, parseOffset } from './time.js';

describe('time helpers', () => {
  it('reads epoch numbers in seconds, milliseconds, microseconds and nanoseconds', () => {
    expect(isoFromEpoch('1700000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(isoFromEpoch('1700000000.5')).toBe('2023-11-14T22:13:20.500Z');
    expect(isoFromEpoch('1700000000123')).toBe('2023-11-14T22:13:20.123Z');
    expect(isoFromEpoch('1700000000123456')).toBe('2023-11-14T22:13:20.123Z');
    expect(isoFromEpoch('1700000000123456789')).toBe('2023-11-14T22:13:20.123Z');
    expect(isoFromEpoch('17x')).toBeUndefined();
    expect(isoFromEpoch('')).toBeUndefined();
  });

  it('reads offsets in the spellings devices use', () => {
    expect(parseOffset('+0700')).toBe(420);
    expect(parseOffset('+07:00')).toBe(420);
    expect(parseOffset('-03')).toBe(-180);
    expect(parseOffset('UTC+2')).toBe(120);
    expect(parseOffset('GMT-03:30')).toBe(-210);
    expect(parseOffset('Z')).toBe(0);
    expect(parseOffset('CET')).toBeUndefined();
    expect(parseOffset('+25')).toBeUndefined();
  });

  it('reads date-times with and without a zone', () => {
    expect(isoFromDateTime('2024-01-07T19:54:41.712927+0000', 420)).toBe('2024-01-07T19:54:41.712Z');
    expect(isoFromDateTime('2024/01/07 19:54:41', 420)).toBe('2024-01-07T12:54:41.000Z');
    expect(isoFromDateTime('2024-01-07 19:54:41 +07:00', 0)).toBe('2024-01-07T12:54:41.000Z');
    expect(isoFromDateTime('2024-02-31 00:00:00', 0)).toBeUndefined();
    expect(isoFromDateTime('2024-01-07X', 0)).toBeUndefined();
  });

  it('reads month-name times with or without a year', () => {
    expect(isoFromMonthName('Mar 01 2021 20:48:21', 0, 2024)).toBe('2021-03-01T20:48:21.000Z');
    expect(isoFromMonthName('Jan  5 10:00:00', 420, 2024)).toBe('2024-01-05T03:00:00.000Z');
    expect(isoFromMonthName('Foo 01 2021 20:48:21', 0, 2024)).toBeUndefined();
    expect(isoFromParts(2024, 13, 1, 0, 0, 0, 0, 0)).toBeUndefined();
  });
});

describe('field helpers', () => {
  it('canonicalises addresses and rejects everything else', () => {
    expect(cleanIp('192.0.2.1')).toBe('192.0.2.1');
    expect(cleanIp('2001:0DB8:0000::0001')).toBe('2001:db8::1');
    expect(cleanIp('[2001:db8::1]')).toBe('2001:db8::1');
    expect(cleanIp('fe80::1%eth0')).toBe('fe80::1');
    expect(cleanIp('example.com')).toBeUndefined();
    expect(cleanIp('010.0.0.1')).toBeUndefined();
    expect(cleanIp(undefined)).toBeUndefined();
  });

  it('reads ports, protocols and domains', () => {
    expect(cleanPort('443')).toBe(443);
    expect(cleanPort('65536')).toBeUndefined();
    expect(cleanPort('-1')).toBeUndefined();
    expect(cleanProtocol('6')).toBe('tcp');
    expect(cleanProtocol('IPv6-ICMP')).toBe('ipv6-icmp');
    expect(cleanProtocol('ICMP6')).toBe('ipv6-icmp');
    expect(cleanDomain(' [Example.COM.] ')).toBe('example.com');
    expect(cleanDomain('N/A')).toBeUndefined();
    expect(hostOfUrl('https://user@Sub.Example.org:8443/path?q=1')).toBe('sub.example.org');
    expect(hostOfUrl('http://[2001:db8::1]:80/')).toBe('2001:db8::1');
    expect(hostOfUrl('example.net/path')).toBe('example.net');
  });

  it('maps verbs to allowed/blocked/unknown', () => {
    expect(mapAction('ACCEPT')).toBe('allowed');
    expect(mapAction('passthrough')).toBe('allowed');
    expect(mapAction('reset-both')).toBe('blocked');
    expect(mapAction('Packet dropped')).toBe('blocked');
    expect(mapAction('alert')).toBe('unknown');
    expect(mapAction(undefined)).toBe('unknown');
  });
});

describe('KvCursor', () => {
  const pairs = (text: string, separator = 32) => {
    const kv = new KvCursor().reset(text, separator);
    const out: [string, string][] = [];
    while (kv.next()) out.push([kv.key, kv.value]);
    return out;
  };

  it('reads quoted values with escapes and skips bare words', () => {
    expect(pairs('a=1 b="two words" c="say \\"hi\\"" bare d= e=5')).toEqual([
      ['a', '1'],
      ['b', 'two words'],
      ['c', 'say "hi"'],
      ['d', ''],
      ['e', '5'],
    ]);
  });

  it('reads comma-separated pairs, unterminated quotes to the end', () => {
    expect(pairs('a=1,b="x, y",c=3', 44)).toEqual([
      ['a', '1'],
      ['b', 'x, y'],
      ['c', '3'],
    ]);
    expect(pairs('a="open')).toEqual([['a', 'open']]);
  });

  it('always terminates and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(pairs(text).length).toBeLessThanOrEqual(text.length);
      }),
    );
  });
});

describe('splitCsv', () => {
  it('keeps quoted commas, doubled quotes and mid-field quotes', () => {
    const out: string[] = [];
    expect(splitCsv('a,"b,c","d""e",f\\"g,,h', out)).toBe(6);
    expect(out).toEqual(['a', 'b,c', 'd"e', 'f\\"g', '', 'h']);
  });

  it('stops at the field limit', () => {
    const out: string[] = [];
    expect(splitCsv('1,2,3,4', out, 0, 2)).toBe(2);
  });
});
