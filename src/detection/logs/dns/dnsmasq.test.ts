/** Tests for the dnsmasq / Pi-hole query log parser. */
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { dnsmasqFormat } from './dnsmasq.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };
const parse = (line: string) => dnsmasqFormat.parse(line, ctx);

describe('dnsmasq', () => {
  it('makes the query line the event, with the envelope’s local time', () => {
    expect(parse('Jan  2 10:00:00 dnsmasq[812]: query[A] Example.com from 192.0.2.1')).toEqual({
      format: 'dnsmasq',
      time: '2024-01-02T03:00:00.000Z',
      sourceIp: '192.0.2.1',
      dnsQuestionName: 'example.com',
      action: 'unknown',
      rawAction: 'query[A]',
    });
    expect(
      parse('<30>Jan  2 10:00:00 gw dnsmasq[812]: query[AAAA] a.example from 2001:db8::2'),
    ).toMatchObject({
      device: 'gw',
      sourceIp: '2001:db8::2',
    });
    expect(parse('query[A] bare.example from 192.0.2.3')?.dnsQuestionName).toBe('bare.example');
  });

  it('reads the client port of log-queries=extra', () => {
    expect(
      parse('Jan  2 10:00:00 dnsmasq[812]: 57 192.0.2.10/52000 query[A] a.example from 192.0.2.10'),
    ).toMatchObject({
      sourceIp: '192.0.2.10',
      sourcePort: 52000,
    });
  });

  it('turns sinkhole answers into blocked events, not ordinary answers', () => {
    expect(parse('Jan  2 10:00:00 dnsmasq[812]: config bad.example is 0.0.0.0')).toMatchObject({
      dnsQuestionName: 'bad.example',
      action: 'blocked',
      rawAction: 'config 0.0.0.0',
    });
    expect(
      parse('Jan  2 10:00:00 dnsmasq[812]: 57 192.0.2.10/52000 config bad.example is NXDOMAIN'),
    ).toMatchObject({
      sourceIp: '192.0.2.10',
      sourcePort: 52000,
      action: 'blocked',
    });
    expect(parse('Jan  2 10:00:00 dnsmasq[812]: /etc/hosts.block ads.example is ::')?.action).toBe('blocked');
    expect(parse('Jan  2 10:00:00 pihole-FTL[1]: gravity blocked tracker.example is 0.0.0.0')?.action).toBe(
      'blocked',
    );
    expect(parse('Jan  2 10:00:00 dnsmasq[812]: config intranet.example is 10.0.0.5')).toBeNull();
    expect(parse('Jan  2 10:00:00 dnsmasq[812]: reply a.example is 203.0.113.7')).toBeNull();
    expect(parse('Jan  2 10:00:00 dnsmasq[812]: forwarded a.example to 198.51.100.53')).toBeNull();
  });

  it.each([
    'Jan  2 10:00:00 dnsmasq[812]: query[A] a.example from',
    'Jan  2 10:00:00 dnsmasq[812]: query[A] a.example from not-an-ip',
    'Jan  2 10:00:00 dnsmasq[812]: started, version 2.89 cachesize 150',
    'Jan  2 10:00:00 dnsmasq[812]: query[A',
    '',
  ])('returns null for %j', (line) => {
    expect(parse(line)).toBeNull();
  });

  it('detects query lines', () => {
    expect(
      dnsmasqFormat.detect('Jan  2 10:00:00 dnsmasq[812]: query[A] a.example from 192.0.2.1'),
    ).toBeGreaterThan(0.8);
    expect(dnsmasqFormat.detect('Jan  2 10:00:00 sshd[1]: Accepted password for root')).toBe(0);
  });
});
