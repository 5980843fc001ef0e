/** Tests for the Cisco Umbrella DNS CSV log parser. */
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { umbrellaFormat } from './umbrella.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };
const parse = (line: string) => umbrellaFormat.parse(line, ctx);

describe('cisco-umbrella', () => {
  it('reads an allowed query (UTC timestamps)', () => {
    expect(
      parse(
        '"2024-03-12 09:09:48","PC-01","PC-01,Site A","10.1.1.7","203.0.113.9","Allowed","1 (A)","NOERROR","Mail.Example.com.","Webmail,Business Services","AD Computers","AD Computers,Sites",""',
      ),
    ).toEqual({
      format: 'cisco-umbrella',
      time: '2024-03-12T09:09:48.000Z',
      sourceIp: '10.1.1.7',
      dnsQuestionName: 'mail.example.com',
      action: 'allowed',
      rawAction: 'Allowed',
    });
  });

  it('reads a blocked query with the longer column set and an IPv6 client', () => {
    expect(
      parse(
        ' "2021-02-21 15:30:49","NET","NET","2001:db8::10","203.0.113.9","Blocked","1 (A)","NOERROR","tunnel.example.","DNS Tunneling VPN","Networks","Networks","DNS Tunneling VPN","506165","","8234970"',
      ),
    ).toMatchObject({
      sourceIp: '2001:db8::10',
      dnsQuestionName: 'tunnel.example',
      action: 'blocked',
    });
  });

  it('keeps quoted commas, doubled quotes and line breaks inside a field', () => {
    expect(
      parse(
        '"2024-03-04 11:17:25","A ""B"", C","A,\nB","10.1.1.1","80.1.1.1","Allowed","1 (A)","NXDOMAIN","x.example.","","AD Users","AD Users",""',
      ),
    ).toMatchObject({
      sourceIp: '10.1.1.1',
      dnsQuestionName: 'x.example',
    });
  });

  it.each([
    '"Timestamp","Most Granular Identity","Identities","Internal Ip","External Ip","Action","QueryType","ResponseCode","Domain","Categories"',
    '"2024-03-04 11:17:25","Firstname LASTNAME (first@corp.example)","Firstname LASTNAME ',
    '"2024-03-04 11:17:25","a","b","10.1.1.1"',
    '"2024-03-04 11:17:25","unbalanced,"a","b"',
    '',
  ])('returns null for %j', (line) => {
    expect(parse(line)).toBeNull();
  });

  it('detects Umbrella records', () => {
    expect(
      umbrellaFormat.detect(
        '"2024-03-12 09:09:48","a","b","10.1.1.7","203.0.113.9","Blocked","1 (A)","NOERROR","x.example.","c","d","e",""',
      ),
    ).toBeGreaterThan(0.9);
    expect(umbrellaFormat.detect('"a","b"')).toBe(0);
  });
});
