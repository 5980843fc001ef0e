import { describe, expect, it } from 'vitest';
import { normaliseAsn, normaliseIp, normalisePort, normaliseTime, parseOffset, Problem } from './common.js';

const reason = (value: unknown) => (value instanceof Problem ? value.reason : null);

describe('report value normalisation', () => {
  it('compresses IPv6, unmaps IPv4-mapped addresses and tolerates brackets', () => {
    expect(normaliseIp('2001:0DB8:0000:0000:0000:0000:0000:0001', 'ip')).toBe('2001:db8::1');
    expect(normaliseIp('::ffff:198.51.100.9', 'ip')).toBe('198.51.100.9');
    expect(normaliseIp(' [2001:db8::5] ', 'ip')).toBe('2001:db8::5');
    expect(normaliseIp('', 'ip')).toBeNull();
  });

  it('names the field and the value when an address is wrong, and tells a network apart', () => {
    expect(reason(normaliseIp('203.0.113.300', 'src_ip'))).toBe(
      'src_ip "203.0.113.300" is not an IP address',
    );
    expect(reason(normaliseIp('203.0.113.0/24', 'ip'))).toBe(
      'ip "203.0.113.0/24" is a network, not a single address',
    );
  });

  it('reads times with a space or T, fractions, zones and epochs as ISO UTC', () => {
    expect(normaliseTime('2024-07-04 10:11:12', 't')).toBe('2024-07-04T10:11:12.000Z');
    expect(normaliseTime('2024-07-04T10:11:12.1234567+07:00', 't')).toBe('2024-07-04T03:11:12.123Z');
    expect(normaliseTime('2024-07-04 10:11:12 UTC', 't')).toBe('2024-07-04T10:11:12.000Z');
    expect(normaliseTime('2024-07-04T10:11:12.9996Z', 't')).toBe('2024-07-04T10:11:13.000Z');
    expect(normaliseTime('1720087872', 't')).toBe('2024-07-04T10:11:12.000Z');
    expect(normaliseTime('1720087872500', 't')).toBe('2024-07-04T10:11:12.500Z');
    expect(normaliseTime('2024-07-04', 't')).toBe('2024-07-04T00:00:00.000Z');
    expect(normaliseTime('2024-07-04 10:11', 't', 7 * 60)).toBe('2024-07-04T03:11:00.000Z');
  });

  it('refuses impossible dates and unknown zones', () => {
    expect(reason(normaliseTime('2024-02-31 00:00:00', 'timestamp'))).toContain(
      'timestamp "2024-02-31 00:00:00"',
    );
    expect(normaliseTime('2024-13-01', 't')).toBeInstanceOf(Problem);
    expect(normaliseTime('yesterday', 't')).toBeInstanceOf(Problem);
    expect(normaliseTime('2024-07-04 10:11:12 +25:00', 't')).toBeInstanceOf(Problem);
    expect(parseOffset('-05:30')).toBe(-330);
  });

  it('reads AS numbers with or without the AS prefix; 0 is unknown', () => {
    expect(normaliseAsn('AS64500', 'asn')).toBe(64500);
    expect(normaliseAsn(' 64501 ', 'asn')).toBe(64501);
    expect(normaliseAsn('0', 'asn')).toBeNull();
    expect(normaliseAsn('ASX', 'asn')).toBeInstanceOf(Problem);
  });

  it('reads ports 0–65535 only', () => {
    expect(normalisePort('443', 'port')).toBe(443);
    expect(normalisePort(53, 'port')).toBe(53);
    expect(normalisePort('', 'port')).toBeNull();
    expect(reason(normalisePort('70000', 'dst_port'))).toBe(
      'dst_port "70000" is not a port number (0–65535)',
    );
  });
});
