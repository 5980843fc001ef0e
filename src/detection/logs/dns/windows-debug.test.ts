/** Tests for the Windows DNS Server debug log parser. */
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { windowsDnsDebugFormat } from './windows-debug.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };
const parse = (line: string) => windowsDnsDebugFormat.parse(line, ctx);

const usQuery =
  '1/2/2024 10:00:00 PM 0D54 PACKET  000000DA5E8D0130 UDP Rcv 192.0.2.1       3b4c   Q [0001   D   NOERROR] A      (7)example(3)com(0)';

describe('windows-dns-debug', () => {
  it('reads a received query (en-US, 12-hour clock), converting the length-prefixed name', () => {
    expect(parse(usQuery)).toEqual({
      format: 'windows-dns-debug',
      time: '2024-01-02T15:00:00.000Z',
      sourceIp: '192.0.2.1',
      dnsQuestionName: 'example.com',
      action: 'unknown',
      rawAction: 'query',
      protocol: 'udp',
    });
  });

  it('reads day-first 24-hour dates, Vietnamese SA/CH and the Windows 2003 layout', () => {
    const line =
      '2/1/2024 22:00:00 0D54 PACKET  000000DA5E8D0130 TCP Rcv 192.0.2.1 3b4c   Q [0001   D   NOERROR] A (3)www(7)example(2)vn(0)';
    expect(parse(line)).toMatchObject({
      time: '2024-01-02T15:00:00.000Z',
      protocol: 'tcp',
      dnsQuestionName: 'www.example.vn',
    });
    expect(parse(line.replace('2/1/2024 22:00:00', '2/1/2024 10:00:00 CH'))?.time).toBe(
      '2024-01-02T15:00:00.000Z',
    );
    expect(
      parse(
        '20080416 10:06:52 4E4 PACKET  UDP Rcv 192.0.2.9 0006   Q [0001   D   NOERROR] A (3)www(6)google(3)com(0)',
      ),
    ).toMatchObject({
      time: '2008-04-16T03:06:52.000Z',
      sourceIp: '192.0.2.9',
      dnsQuestionName: 'www.google.com',
    });
  });

  it('lets a day above 12 decide the order whatever the clock', () => {
    expect(parse(usQuery.replace('1/2/2024', '25/12/2024'))?.time).toBe('2024-12-25T15:00:00.000Z');
  });

  it('reads an IPv6 client', () => {
    expect(parse(usQuery.replace('192.0.2.1      ', '2001:db8::1a'))?.sourceIp).toBe('2001:db8::1a');
  });

  it('skips responses, sent packets, updates, header and detail lines', () => {
    expect(
      parse(usQuery.replace('3b4c   Q', '3b4c R Q').replace('[0001   D   NOERROR]', '[8385 A DR NXDOMAIN]')),
    ).toBeNull();
    expect(parse(usQuery.replace(' Rcv ', ' Snd '))).toBeNull();
    expect(parse(usQuery.replace('3b4c   Q', '3b4c   U'))).toBeNull();
    expect(parse('DNS Server log file creation at 1/2/2024 10:00:00 AM')).toBeNull();
    expect(parse('    Message:')).toBeNull();
    expect(
      parse('1/2/2024 10:00:00 PM 0D54 PACKET  000000DA5E8D0130 UDP Rcv 192.0.2.1 3b4c Q [0001 D NOERROR'),
    ).toBeNull();
    expect(
      parse(
        '1/2/2024 10:00:00 PM 0D54 PACKET  000000DA5E8D0130 UDP Rcv 192.0.2.1 3b4c Q [0001 D NOERROR] A (9)trunc',
      ),
    ).toBeNull();
  });

  it('never says blocked: the debug log does not record policy decisions', () => {
    const refused = usQuery.replace('NOERROR', 'REFUSED');
    expect(parse(refused)?.action).toBe('unknown');
  });

  it('reads lines forwarded through syslog', () => {
    expect(parse(`<13>Jan  2 22:00:00 dns1 MSDNS: ${usQuery}`)).toMatchObject({
      device: 'dns1',
      time: '2024-01-02T15:00:00.000Z',
    });
  });

  it('detects packet lines', () => {
    expect(windowsDnsDebugFormat.detect(usQuery)).toBeGreaterThan(0.9);
    expect(windowsDnsDebugFormat.detect('1/2/2024 some other line')).toBe(0);
  });
});
