/** Tests for the AdGuard Home query log and text log parser. */
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { adguardHomeFormat } from './adguardhome.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };
const parse = (line: string) => adguardHomeFormat.parse(line, ctx);

const entry = (extra: Record<string, unknown>) =>
  JSON.stringify({
    T: '2024-01-02T10:00:00.123456789+07:00',
    QH: 'Ads.Example',
    QT: 'A',
    QC: 'IN',
    CP: '',
    IP: '192.0.2.1',
    Elapsed: 1234,
    ...extra,
  });

describe('adguardhome', () => {
  it('reads an unfiltered query log entry as allowed', () => {
    expect(parse(entry({ Result: {} }))).toEqual({
      format: 'adguardhome',
      time: '2024-01-02T03:00:00.123Z',
      sourceIp: '192.0.2.1',
      dnsQuestionName: 'ads.example',
      action: 'allowed',
      rawAction: 'NotFilteredNotFound',
    });
  });

  it('marks block-list, safe-browsing and blocked-service entries blocked, rewrites allowed', () => {
    expect(
      parse(
        entry({
          Result: { IsFiltered: true, Reason: 3, Rules: [{ Text: '||ads.example^', FilterListID: 1 }] },
        }),
      ),
    ).toMatchObject({
      action: 'blocked',
      rawAction: 'FilteredBlockList',
    });
    expect(parse(entry({ Result: { IsFiltered: true, Reason: 4 } }))?.action).toBe('blocked');
    expect(parse(entry({ Result: { IsFiltered: true, Reason: 8 } }))?.action).toBe('blocked');
    expect(parse(entry({ Result: { Reason: 11 } }))).toMatchObject({
      action: 'allowed',
      rawAction: 'RewrittenRule',
    });
  });

  it('reads IPv6 clients and the client protocol', () => {
    expect(parse(entry({ IP: '2001:db8::3', CP: 'doh' }))).toMatchObject({
      sourceIp: '2001:db8::3',
      protocol: 'tcp',
    });
  });

  it('reports failed console sign-ins, preferring the proxied client address', () => {
    expect(
      parse('2023/02/21 08:05:56.233208 [error] POST 192.0.2.2 /control/login: invalid username or password'),
    ).toEqual({
      format: 'adguardhome',
      time: '2023-02-21T01:05:56.233Z',
      sourceIp: '192.0.2.2',
      action: 'unknown',
      rawAction: 'auth-failure',
    });
    expect(
      parse(
        '2024/01/26 06:43:57.223387 [error] POST 192.0.2.1 /control/login: from ip 192.0.2.3: invalid username or password',
      )?.sourceIp,
    ).toBe('192.0.2.3');
    expect(
      parse(
        '2024/09/12 09:15:43.126560 [error] POST dns.example /control/login: from ip 192.0.2.9: invalid username or password',
      )?.sourceIp,
    ).toBe('192.0.2.9');
  });

  it.each([
    '2023/02/21 08:06:24.400712 [info] auth: user "realuser" successfully logged in from ip 192.0.2.2',
    '2023/02/21 08:06:24.400712 [error] POST dns.example /control/login: invalid username or password',
    '{"T":"2024-01-02T10:00:00Z","QT":"A"}',
    '{"T":"2024-01-02T10:00:00Z","QH":',
    '',
  ])('returns null for %j', (line) => {
    expect(parse(line)).toBeNull();
  });

  it('detects query log entries', () => {
    expect(adguardHomeFormat.detect(entry({}))).toBeGreaterThan(0.9);
    expect(adguardHomeFormat.detect('{"QNAME":"x"}')).toBe(0);
  });
});
