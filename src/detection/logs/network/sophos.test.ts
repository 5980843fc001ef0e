import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { sophosFormat } from './sophos.js';
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

const xgAllow =
  'device="SFW" date=2024-04-23 time=19:36:57 timezone="+07" device_name="XG330" device_id=S0000000000 ' +
  'log_id=010101600001 log_type="Firewall" log_component="Firewall Rule" log_subtype="Allowed" status="Allow" ' +
  'priority=Information fw_rule_id=22 ether_type=IPv4 (0x0800) src_mac= src_ip=10.40.2.3 dst_ip=203.0.113.30 ' +
  'protocol="UDP" src_port=38413 dst_port=53 sent_bytes=0';
const xgDeny =
  'timestamp="2025-03-12T11:03:06-0400" device_model="XGS136" log_type="Firewall" log_component="Invalid Traffic" ' +
  'log_subtype="Denied" src_ip="198.51.100.40" dst_ip="10.40.2.4" protocol="TCP" src_port=55821 dst_port=443';
const xgWeb =
  'device="SFW" date=2024-05-16 time=02:54:39 timezone="ICT" device_name="XG330" log_type="Content Filtering" ' +
  'log_component="HTTP" log_subtype="Denied" status="" category="Malware" url="http://payload.example.net/x.bin" ' +
  'src_ip=10.40.2.5 dst_ip=203.0.113.31 protocol="TCP" src_port=56332 dst_port=80 domain=payload.example.net';
const utmDrop =
  'id="2001" severity="info" sys="SecureNet" sub="packetfilter" name="Packet dropped" action="drop" fwrule="60002" ' +
  'initf="eth1" srcip="2001:db8:40::9" dstip="2001:db8:41::1" proto="6" srcport="54040" dstport="22" tcpflags="SYN"';
const utmWaf =
  '2024:05:16-09:12:40 utm-01 httpd[2134]: id="0299" srcip="198.51.100.61" localip="10.40.9.2" size="512" ' +
  'user="-" host="198.51.100.61" method="GET" statuscode="302" reason="-" extra="-" exceptions="-" time="2101" ' +
  'url="/owa/auth.owa" server="mail.example.gov.vn" port="443" query="" referer="-" cookie="-"';

describe('sophos', () => {
  it('reads an SFOS firewall log with its timezone offset', () => {
    expect(sophosFormat.parse(xgAllow, ctx)).toEqual({
      format: 'sophos',
      protocol: 'udp',
      sourceIp: '10.40.2.3',
      destinationIp: '203.0.113.30',
      sourcePort: 38413,
      destinationPort: 53,
      rawAction: 'Allow',
      action: 'allowed',
      time: '2024-04-23T12:36:57.000Z',
      device: 'XG330',
    });
  });

  it('reads an SFOS 19+ denied log with an ISO timestamp', () => {
    expect(sophosFormat.parse(xgDeny, ctx)).toMatchObject({
      sourceIp: '198.51.100.40',
      action: 'blocked',
      rawAction: 'Denied',
      time: '2025-03-12T15:03:06.000Z',
    });
  });

  it('reads a web filtering log: URL, domain, zone abbreviation', () => {
    expect(sophosFormat.parse(xgWeb, ctx)).toMatchObject({
      urlOriginal: 'http://payload.example.net/x.bin',
      urlDomain: 'payload.example.net',
      action: 'blocked',
      time: '2024-05-15T19:54:39.000Z',
    });
  });

  it('reads a UTM packet filter drop with IPv6 addresses', () => {
    expect(sophosFormat.parse(utmDrop, ctx)).toMatchObject({
      sourceIp: '2001:db8:40::9',
      destinationIp: '2001:db8:41::1',
      sourcePort: 54040,
      destinationPort: 22,
      protocol: 'tcp',
      action: 'blocked',
    });
  });

  it('reads a UTM web application firewall access line: client, port and requested path', () => {
    expect(sophosFormat.parse(utmWaf, ctx)).toEqual({
      format: 'sophos',
      sourceIp: '198.51.100.61',
      destinationPort: 443,
      urlOriginal: '/owa/auth.owa',
      urlDomain: 'mail.example.gov.vn',
      time: '2024-05-16T02:12:40.000Z',
      device: 'utm-01',
    });
    // the same record relayed without the UTM's own prefix
    const bare = utmWaf.slice(utmWaf.indexOf('id="'));
    expect(sophosFormat.parse(bare, ctx)).toMatchObject({
      sourceIp: '198.51.100.61',
      urlOriginal: '/owa/auth.owa',
    });
  });

  it('returns null for malformed lines', () => {
    expect(sophosFormat.parse('', ctx)).toBeNull();
    expect(sophosFormat.parse('log_type="Firewall"', ctx)).toBeNull();
  });

  it('detects SFOS and UTM lines', () => {
    expect(sophosFormat.detect(xgAllow)).toBeGreaterThanOrEqual(0.9);
    expect(sophosFormat.detect(utmDrop)).toBeGreaterThanOrEqual(0.9);
    expect(sophosFormat.detect(utmWaf)).toBeGreaterThan(0.5);
    expect(sophosFormat.detect('srcip=1.2.3.4 logid=1 devid=2 eventtime=3')).toBe(0);
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(sophosFormat, [xgAllow, xgDeny, xgWeb, utmDrop, utmWaf]);
  });

  it('stays linear on a 10 MB line', () => {
    expect(() =>
      sophosFormat.parse(`log_type="Firewall" ${hugeLine('src_ip="1.2.3.4 ')}`, ctx),
    ).not.toThrow();
  });
});

describe('sophos: corpus', () => {
  const product = 'sophos';
  if (!hasCorpus(product)) warnNoCorpus(product);

  it.skipIf(!hasCorpus(product))('agrees with the reference expectations on the core fields', () => {
    const agreement = corpusAgreement(sophosFormat, product);
    console.info(describeAgreement(sophosFormat, product, agreement));
    expect(agreement.failures).toEqual([]);
    expect(agreement.samples).toBeGreaterThanOrEqual(6);
  });

  it.skipIf(!hasCorpus(product))('parses every Wazuh firewall sample to an event', () => {
    // sophos.ini holds Sophos Anti-Virus endpoint logs, another product
    const lines = wazuhPassLines('sophos/wazuh/sophos_fw.ini');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => sophosFormat.parse(line, ctx) === null)).toEqual([]);
  });
});
