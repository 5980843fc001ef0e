import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { fortigateFormat } from './fortigate.js';
import {
  assertNeverThrows,
  corpusAgreement,
  describeAgreement,
  hasCorpus,
  hugeLine,
  warnNoCorpus,
  wazuhPassLines,
} from './test-support/corpus.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };

const traffic =
  'date=2024-03-06 time=22:06:03 devname="FW-HN-01" devid="FG100E0000000001" eventtime=1709737563028577926 tz="+0700" ' +
  'logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=10.10.1.23 srcport=62979 ' +
  'srcintf="port3" dstip=203.0.113.50 dstport=443 dstintf="wan1" sessionid=538959618 proto=6 action="close" ' +
  'policyid=41 service="HTTPS" sentbyte=285 rcvdbyte=0';
const denied =
  'date=2024-03-06 time=22:06:03 devname="FW-HN-01" logid="0000000013" type="traffic" subtype="forward" vd="root" ' +
  'srcip=198.51.100.9 srcport=51000 dstip=10.10.1.5 dstport=3389 proto=6 action="deny" policyid=0';
const webfilter =
  'date=2024-05-02 time=10:51:55 devname="FW-HN-01" logid="0316013056" type="utm" subtype="webfilter" ' +
  'eventtype="ftgd_blk" level="warning" vd="root" policyid=7 srcip=10.10.1.23 srcport=55377 dstip=203.0.113.80 ' +
  'dstport=80 proto=6 service="HTTP" hostname="Bad.Example.net" profile="default" action="blocked" ' +
  'url="http://bad.example.net/dropper.exe" msg="URL belongs to a denied category in policy"';
const dns =
  'date=2024-05-02 time=10:52:01 devname="FW-HN-01" logid="1501054802" type="utm" subtype="dns" ' +
  'eventtype="dns-response" vd="root" srcip=10.10.1.23 srcport=54621 dstip=192.0.2.53 dstport=53 proto=17 ' +
  'qname="[c2.example.org.]" qtype="A" ipaddr="198.51.100.10, 198.51.100.11" action="pass"';
const ipv6 =
  'date=2024-05-02 time=10:52:01 devname="FW-HN-01" logid="0000000013" type="traffic" subtype="forward" vd="root" ' +
  'srcip=2001:db8:10::23 srcport=40000 dstip=2001:db8:ffff::1 dstport=443 proto=6 action="accept"';
const csv =
  'date=2024-01-02,time=03:04:05,logid="0000000013",type="traffic",subtype="forward",srcip=10.10.1.23,' +
  'srcport=10016,dstip=192.0.2.20,dstport=21,proto=6,action="accept",msg="a, b"';
const cef =
  'CEF:0|Fortinet|Fortigate|v7.2.8|00013|traffic:forward close|3|deviceExternalId=FGT0000000001 ' +
  'FTNTFGTeventtime=1709737563 FTNTFGTtz=+0700 cat=traffic:forward FTNTFGTsubtype=forward src=10.10.1.23 ' +
  'spt=64746 dst=192.0.2.80 dpt=8080 proto=6 act=close dhost=portal.example.com request=/login?next\\=/home';

describe('fortigate: key=value', () => {
  it('reads a traffic log with eventtime (ns) and device', () => {
    expect(fortigateFormat.parse(traffic, ctx)).toEqual({
      format: 'fortigate',
      time: '2024-03-06T15:06:03.028Z',
      sourceIp: '10.10.1.23',
      sourcePort: 62979,
      destinationIp: '203.0.113.50',
      destinationPort: 443,
      rawAction: 'close',
      action: 'allowed',
      device: 'FW-HN-01',
      protocol: 'tcp',
    });
  });

  it('maps deny to blocked and reads date/time at the context offset when there is no tz', () => {
    const event = fortigateFormat.parse(denied, ctx);
    expect(event).toMatchObject({ action: 'blocked', rawAction: 'deny', time: '2024-03-06T15:06:03.000Z' });
    expect(fortigateFormat.parse(denied, { utcOffsetMinutes: 0, year: 2024 })?.time).toBe(
      '2024-03-06T22:06:03.000Z',
    );
  });

  it('reads a blocked web filter log: URL, domain, action', () => {
    expect(fortigateFormat.parse(webfilter, ctx)).toMatchObject({
      urlOriginal: 'http://bad.example.net/dropper.exe',
      urlDomain: 'bad.example.net',
      action: 'blocked',
      rawAction: 'blocked',
      destinationPort: 80,
    });
  });

  it('reads a DNS filter log: bracketed qname with trailing dot, answers', () => {
    expect(fortigateFormat.parse(dns, ctx)).toMatchObject({
      dnsQuestionName: 'c2.example.org',
      dnsAnswers: ['198.51.100.10', '198.51.100.11'],
      protocol: 'udp',
      action: 'allowed',
    });
  });

  it('reads IPv6 addresses in canonical form', () => {
    expect(fortigateFormat.parse(ipv6, ctx)).toMatchObject({
      sourceIp: '2001:db8:10::23',
      destinationIp: '2001:db8:ffff::1',
    });
  });

  it('reads the comma-separated (CSV) mode, quoted commas included', () => {
    expect(fortigateFormat.parse(csv, ctx)).toMatchObject({
      sourceIp: '10.10.1.23',
      destinationIp: '192.0.2.20',
      destinationPort: 21,
      time: '2024-01-01T20:04:05.000Z',
    });
  });

  it('uses the tz field over the context offset, in its several spellings', () => {
    const base = 'date=2024-01-02 time=10:00:00 logid="1" type="traffic" srcip=10.0.0.1 ';
    expect(fortigateFormat.parse(`${base}tz="+0100"`, ctx)?.time).toBe('2024-01-02T09:00:00.000Z');
    expect(fortigateFormat.parse(`${base}tz="UTC+2"`, ctx)?.time).toBe('2024-01-02T08:00:00.000Z');
    expect(fortigateFormat.parse(`${base}tz="-0300"`, ctx)?.time).toBe('2024-01-02T13:00:00.000Z');
  });

  it('takes the admin address of event logs from ui= when there is no srcip', () => {
    const line =
      'date=2024-01-02 time=10:00:00 logid="0100044547" type="event" subtype="system" user="admin" ui="GUI(192.0.2.44)" action="Add"';
    expect(fortigateFormat.parse(line, ctx)?.sourceIp).toBe('192.0.2.44');
  });

  it('reads a syslog-wrapped line', () => {
    const event = fortigateFormat.parse(`<189>Mar  6 22:06:03 FW-HN-01 ${denied}`, ctx);
    expect(event).toMatchObject({ sourceIp: '198.51.100.9', device: 'FW-HN-01' });
  });

  it('returns null for malformed or truncated lines', () => {
    expect(fortigateFormat.parse('', ctx)).toBeNull();
    expect(fortigateFormat.parse('date=2024-01-02', ctx)).toBeNull();
    expect(fortigateFormat.parse('hello world', ctx)).toBeNull();
  });
});

describe('fortigate: CEF', () => {
  it('reads a Fortinet CEF record with FTNTFGT-prefixed keys and an escaped =', () => {
    expect(fortigateFormat.parse(cef, ctx)).toEqual({
      format: 'fortigate',
      time: '2024-03-06T15:06:03.000Z',
      sourceIp: '10.10.1.23',
      sourcePort: 64746,
      destinationIp: '192.0.2.80',
      destinationPort: 8080,
      urlOriginal: '/login?next=/home',
      urlDomain: 'portal.example.com',
      rawAction: 'close',
      action: 'allowed',
      protocol: 'tcp',
    });
  });

  it('keeps the first record when a relay glued a second log onto the line', () => {
    const glued = `${cef}\ntime=13:39:08 devname="other" srcip=192.0.2.99 dstip=192.0.2.98 action="logout"`;
    expect(fortigateFormat.parse(glued, ctx)).toMatchObject({ sourceIp: '10.10.1.23', rawAction: 'close' });
  });
});

describe('fortigate: detection', () => {
  it('scores its own lines high and others low', () => {
    expect(fortigateFormat.detect(traffic)).toBeGreaterThanOrEqual(0.9);
    expect(fortigateFormat.detect(cef)).toBeGreaterThanOrEqual(0.9);
    expect(fortigateFormat.detect('CEF:0|Check Point|VPN-1|x|1|n|1|src=1.2.3.4')).toBe(0);
    expect(
      fortigateFormat.detect('1700000000.123 45 192.0.2.1 TCP_MISS/200 1 GET http://a/ - HIER_NONE/- -'),
    ).toBe(0);
  });
});

describe('fortigate: robustness', () => {
  it('never throws on random or damaged input', () => {
    assertNeverThrows(fortigateFormat, [traffic, webfilter, dns, csv, cef]);
  });

  it('reads a 10 MB line without throwing', () => {
    expect(() => fortigateFormat.parse(hugeLine('srcip="1.2.3.4 '), ctx)).not.toThrow();
    expect(() =>
      fortigateFormat.parse(`CEF:0|Fortinet|Fortigate|1|2|3|4|${hugeLine('a=b\\= ')}`, ctx),
    ).not.toThrow();
  });
});

describe('fortigate: corpus', () => {
  const product = 'fortinet_fortigate';
  if (!hasCorpus(product)) warnNoCorpus(product);

  it.skipIf(!hasCorpus(product))('agrees with the reference expectations on the core fields', () => {
    const agreement = corpusAgreement(fortigateFormat, product);
    console.info(describeAgreement(fortigateFormat, product, agreement));
    expect(agreement.failures).toEqual([]);
    expect(agreement.samples).toBeGreaterThanOrEqual(60);
  });

  it.skipIf(!hasCorpus(product))('parses every Wazuh sample to an event', () => {
    const lines = wazuhPassLines('fortinet_fortigate/wazuh/fortigate.ini');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => fortigateFormat.parse(line, ctx) === null)).toEqual([]);
  });
});
