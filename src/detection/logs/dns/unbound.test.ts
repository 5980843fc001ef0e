/** Tests for the Unbound query/reply/local-zone/RPZ log parser. */
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { unboundFormat } from './unbound.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };
const parse = (line: string) => unboundFormat.parse(line, ctx);

describe('unbound', () => {
  it('reads a log-queries line of Unbound’s own log file (epoch = UTC)', () => {
    expect(parse('[1700000000] unbound[123:0] info: 192.0.2.1 Example.COM. A IN')).toEqual({
      format: 'unbound',
      time: '2023-11-14T22:13:20.000Z',
      sourceIp: '192.0.2.1',
      dnsQuestionName: 'example.com',
      action: 'unknown',
      rawAction: 'query',
    });
  });

  it('reads the reply log with its rcode, and the query: level of newer versions', () => {
    expect(
      parse('[1700000000] unbound[123:0] reply: 192.0.2.1 example.com. A IN NXDOMAIN 0.000123 0 45'),
    ).toMatchObject({
      dnsQuestionName: 'example.com',
      rawAction: 'NXDOMAIN',
    });
    expect(parse('[1113:1] query: 192.0.2.9 a.example. PTR IN')).toMatchObject({
      sourceIp: '192.0.2.9',
      dnsQuestionName: 'a.example',
    });
  });

  it('reads lines inside a syslog envelope, with and without a host', () => {
    expect(
      parse(
        '2019-10-08T11:29:05+02:00 hostfoo unbound[17265]: [17265:13] info: 127.0.0.1 reach.example. A IN',
      ),
    ).toMatchObject({
      time: '2019-10-08T09:29:05.000Z',
      device: 'hostfoo',
      sourceIp: '127.0.0.1',
    });
    expect(
      parse('<30>Aug 15 16:19:02 unbound[26931]: [26931:0] info: 192.168.1.1 api.example.org. A IN'),
    ).toMatchObject({
      time: '2024-08-15T09:19:02.000Z',
      dnsQuestionName: 'api.example.org',
    });
    expect(parse('Jan 01 10:00:00 unbound[123:0] info: 192.0.2.1 a.example. A IN')?.time).toBe(
      '2024-01-01T03:00:00.000Z',
    );
  });

  it('reads IPv6 clients', () => {
    expect(parse('[1700000000] unbound[1:0] info: 2001:db8::7 v6.example. AAAA IN')?.sourceIp).toBe(
      '2001:db8::7',
    );
    expect(parse('[1:0] info: always_nxdomain 2001:db8::7@5353 bad.example. A IN')).toMatchObject({
      sourceIp: '2001:db8::7',
      sourcePort: 5353,
    });
  });

  it('maps local-zone actions and RPZ actions', () => {
    expect(parse('[1:0] info: always_nxdomain 192.0.2.1@53000 bad.example. A IN')).toMatchObject({
      sourceIp: '192.0.2.1',
      sourcePort: 53000,
      dnsQuestionName: 'bad.example',
      action: 'blocked',
      rawAction: 'always_nxdomain',
    });
    expect(parse('[1:0] info: transparent 192.0.2.1@53433 ok.example. A IN')?.action).toBe('allowed');
    expect(
      parse(
        '[1700000000] unbound[1:0] info: rpz: applied [threat-rpz] *.ads.example. rpz-nxdomain 192.0.2.112@5353 tracker.ads.example. A IN',
      ),
    ).toMatchObject({
      sourceIp: '192.0.2.112',
      sourcePort: 5353,
      dnsQuestionName: 'tracker.ads.example',
      action: 'blocked',
      rawAction: 'rpz nxdomain',
    });
    expect(
      parse('[1:0] info: rpz: applied [wl] ok.example. rpz-passthru 192.0.2.1@1 ok.example. A IN')?.action,
    ).toBe('allowed');
  });

  it.each([
    '[3483:15] error: internal error: looping module stopped',
    '[27060:0] info: average recursion processing time 0.007562 sec',
    '[265456:0] info: generate keytag query _ta-4f66. NULL IN',
    '[1:0] info: server stats for thread 0: 3 queries, 2 answers from cache, 1 recursions, 0 prefetch',
    '[1700000000] unbound[123:0] info: 192.0.2.1',
    '[17000',
    '',
  ])('returns null for %j', (line) => {
    expect(parse(line)).toBeNull();
  });

  it('detects Unbound lines only', () => {
    expect(
      unboundFormat.detect('[1700000000] unbound[123:0] info: 192.0.2.1 a.example. A IN'),
    ).toBeGreaterThan(0.8);
    expect(unboundFormat.detect('info: 192.0.2.1 a.example. A IN')).toBe(0);
    expect(unboundFormat.detect('plain text')).toBe(0);
  });
});
