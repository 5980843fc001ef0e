/** Tests for the syslog envelope reader and the shared time helpers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilToMs, localToIso, readIsoTimestamp, stripSyslog, type SyslogContext } from './syslog.js';

const vn: SyslogContext = { utcOffsetMinutes: 420, year: 2024 };
const utc: SyslogContext = { utcOffsetMinutes: 0, year: 2024 };

describe('stripSyslog — RFC 3164', () => {
  it('reads PRI, space-padded day, host and tag with pid', () => {
    const line = '<30>Jan  5 10:00:00 ns1 named[123]: client 192.0.2.1#53000 (a.vn): query: a.vn IN A +';
    const env = stripSyslog(line, vn);
    expect(env).toEqual({
      message: 'client 192.0.2.1#53000 (a.vn): query: a.vn IN A +',
      time: '2024-01-05T03:00:00.000Z',
      host: 'ns1',
      program: 'named',
      offset: 36,
    });
    expect(line.slice(env!.offset)).toBe(env!.message);
  });

  it('reads lines rsyslog wrote to a file (no PRI), two-digit days and zero-padded days', () => {
    expect(stripSyslog('Dec 24 23:59:59 gw dnsmasq[9]: query[A] x.vn from 10.0.0.2', utc)).toMatchObject({
      time: '2024-12-24T23:59:59.000Z',
      host: 'gw',
      program: 'dnsmasq',
      message: 'query[A] x.vn from 10.0.0.2',
    });
    expect(stripSyslog('Mar 05 08:00:00 gw app: hi', utc)?.time).toBe('2024-03-05T08:00:00.000Z');
  });

  it('accepts a missing host (pfSense writes none) and tags with pid:tid or a slash', () => {
    expect(
      stripSyslog('<30>Aug 15 16:19:02 unbound[26931]: [26931:0] info: 192.0.2.1 a.vn. A IN', utc),
    ).toMatchObject({
      program: 'unbound',
      message: '[26931:0] info: 192.0.2.1 a.vn. A IN',
    });
    expect(stripSyslog('<30>Aug 15 16:19:02 unbound[26931]: x', utc)?.host).toBeUndefined();
    expect(stripSyslog('Aug 15 16:19:02 mail postfix/smtpd[7]: connect', utc)).toMatchObject({
      host: 'mail',
      program: 'postfix/smtpd',
      message: 'connect',
    });
  });

  it('keeps a tag-less message after the host', () => {
    expect(stripSyslog('Aug 15 16:19:02 10.0.0.1 some free text', utc)).toMatchObject({
      host: '10.0.0.1',
      message: 'some free text',
    });
    expect(stripSyslog('Aug 15 16:19:02 10.0.0.1 some free text', utc)?.program).toBeUndefined();
  });

  it('reads an optional year after the day and fractional seconds', () => {
    expect(stripSyslog('Jun  1 2023 01:02:03.456 fw app: x', utc)?.time).toBe('2023-06-01T01:02:03.456Z');
  });

  it('puts a December line read in January in the previous year only when it would be > 1 day ahead', () => {
    const january: SyslogContext = { utcOffsetMinutes: 420, year: 2025, now: Date.UTC(2025, 0, 2, 12) };
    expect(stripSyslog('Dec 31 23:00:00 h p: x', january)?.time).toBe('2024-12-31T16:00:00.000Z');
    // less than a day ahead (clock skew between hosts): stays in the current year
    expect(stripSyslog('Jan  3 10:00:00 h p: x', january)?.time).toBe('2025-01-03T03:00:00.000Z');
    // without a reading time the context year is taken as is
    expect(stripSyslog('Dec 31 23:00:00 h p: x', { utcOffsetMinutes: 420, year: 2025 })?.time).toBe(
      '2025-12-31T16:00:00.000Z',
    );
  });
});

describe('stripSyslog — RFC 3339 timestamps (rsyslog RFC3339 templates)', () => {
  it('reads the zone of the timestamp, not the context', () => {
    expect(stripSyslog('2024-05-01T10:00:00+07:00 host prog: msg', utc)).toEqual({
      message: 'msg',
      time: '2024-05-01T03:00:00.000Z',
      host: 'host',
      program: 'prog',
      offset: 37,
    });
    expect(stripSyslog('<13>2019-10-08T11:29:05.123456Z hostfoo unbound[1]: m', vn)?.time).toBe(
      '2019-10-08T11:29:05.123Z',
    );
    expect(stripSyslog('2024-05-01T10:00:00-0330 h p: m', vn)?.time).toBe('2024-05-01T13:30:00.000Z');
  });

  it('reads a zoneless timestamp in the context zone', () => {
    expect(stripSyslog('2024-05-01T10:00:00 h p: m', vn)?.time).toBe('2024-05-01T03:00:00.000Z');
  });
});

describe('stripSyslog — RFC 5424', () => {
  it('skips structured data and the BOM before MSG', () => {
    const line =
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] \uFEFFAn application event';
    expect(stripSyslog(line, vn)).toEqual({
      message: 'An application event',
      time: '2003-10-11T22:14:15.003Z',
      host: 'mymachine.example.com',
      program: 'evntslog',
      offset: line.length - 'An application event'.length,
    });
  });

  it('does not end a structured-data element at an escaped bracket or quote', () => {
    const line =
      '<14>1 2024-01-01T00:00:00+07:00 fw app 12 - [a@1 x="v\\]w" y="q\\"]r"][b@2 z="1"] the message';
    const env = stripSyslog(line, utc);
    expect(env?.message).toBe('the message');
    expect(env?.time).toBe('2023-12-31T17:00:00.000Z');
  });

  it('accepts nil fields and a missing MSG', () => {
    expect(stripSyslog('<14>1 - - - - - -', utc)).toEqual({ message: '', offset: 17 });
    expect(stripSyslog('<14>1 2024-01-01T00:00:00Z - named 1 - - query', utc)).toMatchObject({
      program: 'named',
      message: 'query',
    });
    expect(stripSyslog('<14>1 2024-01-01T00:00:00Z - named 1 - - query', utc)?.host).toBeUndefined();
  });

  it('refuses unterminated structured data', () => {
    expect(stripSyslog('<14>1 2024-01-01T00:00:00Z h a p m [x@1 a="b', utc)).toBeNull();
  });
});

describe('stripSyslog — lines without an envelope', () => {
  it.each([
    '',
    'client @0x1 192.0.2.1#53 (a.vn): query: a.vn IN A +',
    '01-Jan-2024 10:00:00.000 client 192.0.2.1#5 (a): query: a IN A +',
    '<abc>Jan  5 10:00:00 h p: m',
    '<30>',
    '<30>garbage',
    'Jan 99 10:00:00 h p: m',
    'Jan  5 25:00:00 h p: m',
    '2024-13-01T00:00:00Z h p: m',
    'Jan  5 10:00:00',
  ])('%j → null', (line) => {
    expect(stripSyslog(line, vn)).toBeNull();
  });

  it('never throws on random or mutated input', () => {
    const seeds = [
      '<30>Jan  5 10:00:00 ns1 named[123]: client x',
      '<165>1 2003-10-11T22:14:15.003Z m e - I [a@1 b="c\\]"] m',
      '2024-05-01T10:00:00+07:00 host prog: msg',
    ];
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.nat(2), fc.nat(120), (junk, k, cut) => {
        stripSyslog(junk, vn);
        const seed = seeds[k]!;
        stripSyslog(seed.slice(0, cut) + junk + seed.slice(cut), vn);
        stripSyslog(seed.slice(0, cut), vn);
      }),
    );
  });
});

describe('time helpers', () => {
  it('converts civil time, including leap days, and refuses impossible dates', () => {
    expect(civilToMs(2024, 2, 29, 12, 0, 0)).toBe(Date.UTC(2024, 1, 29, 12));
    expect(civilToMs(2023, 2, 29, 12, 0, 0)).toBeNaN();
    expect(civilToMs(2000, 12, 31, 23, 59, 59, 999)).toBe(Date.UTC(2000, 11, 31, 23, 59, 59, 999));
    expect(localToIso(420, 2024, 1, 1, 0, 0, 0)).toBe('2023-12-31T17:00:00.000Z');
  });

  it('agrees with Date.UTC on random civil times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2200 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (y, mo, d, h, mi) => civilToMs(y, mo, d, h, mi, 7) === Date.UTC(y, mo - 1, d, h, mi, 7),
      ),
    );
  });

  it('reads RFC 3339 with a space separator', () => {
    expect(readIsoTimestamp('2020-06-12 14:29:47', 0, 0)).toEqual({
      iso: '2020-06-12T14:29:47.000Z',
      end: 19,
    });
  });
});
