import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { ciscoAsaFormat } from './cisco-asa.js';
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

const built =
  '%ASA-6-302013: Built inbound TCP connection 1800234408 for outside:198.51.100.4/40454 (198.51.100.4/40454) to dmz:10.1.2.3/443 (203.0.113.3/443)';
const outbound =
  '%ASA-6-302013: Built outbound TCP connection 9 for outside:203.0.113.9/80 (203.0.113.9/80) to inside:10.1.1.2/53496 (198.51.100.1/4000)';
const deny =
  '%ASA-4-106023: Deny tcp src outside:198.51.100.7/2143 dst inside:10.1.2.3/139 by access-group "outside_in" [0x0, 0x0]';
const acl =
  '%ASA-6-106100: access-list inside_in permitted udp inside/10.1.1.5(42592) -> outside/192.0.2.53(53) hit-cnt 1 first hit [0x42666c4c, 0x05739900]';
const v6 =
  '%ASA-3-313008: Denied IPv6-ICMP type=136, code=0 from fe80::f037:5fbc:b824:230d on interface inside';
const vpn =
  '%ASA-6-716039: Group <STAFF> User <an.nguyen> IP <198.51.100.66> Authentication: rejected, Session Type: WebVPN.';
const ftd =
  '%FTD-1-430003: EventPriority: Low, DeviceUUID: 1111, FirstPacketSecond: 2023-08-23T12:59:00Z, ConnectionID: 55087, ' +
  'AccessControlRuleAction: Block, SrcIP: 10.1.1.9, DstIP: 203.0.113.5, SrcPort: 50158, DstPort: 80, Protocol: tcp, ' +
  'UserAgent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko), Client: Chrome, ' +
  'DNSQuery: Update.Example.net., URL: http://update.example.net/a.exe, NAT_InitiatorIP: 192.0.2.1';
const untagged = 'Group <STAFF> User <b.tran> IP <203.0.113.70> SVC closing connection: Idle timeout.';
const untaggedPolicy =
  'TunnelGroup <T1> GroupPolicy <STAFF> User <c.le> IP <2001:db8:1::70> No IPv6 address available for SVC connection';
const url = '%ASA-5-304001: 10.1.1.4 Accessed URL 203.0.113.10:http://evil.example/x.php';

describe('cisco-asa', () => {
  it('reads a Built inbound connection', () => {
    expect(ciscoAsaFormat.parse(built, ctx)).toEqual({
      format: 'cisco-asa',
      rawAction: 'built',
      action: 'allowed',
      protocol: 'tcp',
      sourceIp: '198.51.100.4',
      sourcePort: 40454,
      destinationIp: '10.1.2.3',
      destinationPort: 443,
    });
  });

  it('swaps the sides of a Built outbound connection so the source is the initiator', () => {
    expect(ciscoAsaFormat.parse(outbound, ctx)).toMatchObject({
      sourceIp: '10.1.1.2',
      sourcePort: 53496,
      destinationIp: '203.0.113.9',
      destinationPort: 80,
    });
  });

  it('reads a denied connection (106023) and an ACL hit (106100)', () => {
    expect(ciscoAsaFormat.parse(deny, ctx)).toMatchObject({
      sourceIp: '198.51.100.7',
      sourcePort: 2143,
      destinationIp: '10.1.2.3',
      destinationPort: 139,
      action: 'blocked',
      rawAction: 'deny',
    });
    expect(ciscoAsaFormat.parse(acl, ctx)).toMatchObject({
      sourceIp: '10.1.1.5',
      sourcePort: 42592,
      destinationIp: '192.0.2.53',
      destinationPort: 53,
      action: 'allowed',
      protocol: 'udp',
    });
  });

  it('reads IPv6 sources', () => {
    expect(ciscoAsaFormat.parse(v6, ctx)).toMatchObject({
      sourceIp: 'fe80::f037:5fbc:b824:230d',
      action: 'blocked',
    });
  });

  it('reads AnyConnect/WebVPN messages and the ASA timestamp prefix', () => {
    expect(ciscoAsaFormat.parse(vpn, ctx)?.sourceIp).toBe('198.51.100.66');
    const stamped = `<166>Nov 09 2022 10:01:59 asa-hn-01 : ${deny}`;
    expect(ciscoAsaFormat.parse(stamped, ctx)).toMatchObject({
      time: '2022-11-09T03:01:59.000Z',
      device: 'asa-hn-01',
    });
  });

  it('reads FTD connection events by key, values with commas included', () => {
    expect(ciscoAsaFormat.parse(ftd, ctx)).toEqual({
      format: 'cisco-asa',
      time: '2023-08-23T12:59:00.000Z',
      rawAction: 'Block',
      action: 'blocked',
      sourceIp: '10.1.1.9',
      destinationIp: '203.0.113.5',
      sourcePort: 50158,
      destinationPort: 80,
      protocol: 'tcp',
      dnsQuestionName: 'update.example.net',
      urlOriginal: 'http://update.example.net/a.exe',
      urlDomain: 'update.example.net',
    });
  });

  it('reads URL filtering messages', () => {
    expect(ciscoAsaFormat.parse(url, ctx)).toMatchObject({
      sourceIp: '10.1.1.4',
      destinationIp: '203.0.113.10',
      urlOriginal: 'http://evil.example/x.php',
      urlDomain: 'evil.example',
    });
  });

  it('returns an event without addresses for ASA messages that carry none, null for other text', () => {
    expect(ciscoAsaFormat.parse('%ASA-2-321006: System Memory usage reached 93%', ctx)).toEqual({
      format: 'cisco-asa',
    });
    expect(ciscoAsaFormat.parse('%ASA-', ctx)).toBeNull();
    expect(ciscoAsaFormat.parse('Task ran for 100 msec, Process = aaa_shim_thread', ctx)).toBeNull();
  });

  it('detects %ASA/%FTD/%PIX tags, and session messages whose tag a relay dropped', () => {
    expect(ciscoAsaFormat.detect(deny)).toBeGreaterThanOrEqual(0.9);
    expect(ciscoAsaFormat.detect(`<166>Jan 01 2024 00:00:00: ${ftd}`)).toBeGreaterThanOrEqual(0.9);
    expect(ciscoAsaFormat.detect('kernel: IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8')).toBe(0);
    expect(ciscoAsaFormat.detect(untagged)).toBeGreaterThan(0.5);
    expect(ciscoAsaFormat.detect(`<13>Mar  3 10:00:00 relay1 ${untaggedPolicy}`)).toBeGreaterThan(0.5);
    expect(ciscoAsaFormat.detect('Group <a> joined the channel')).toBe(0);
    expect(ciscoAsaFormat.detect('the Group <a> User <b> said hi')).toBe(0);
  });

  it('reads a session message without its tag: the client is the IP <…>', () => {
    expect(ciscoAsaFormat.parse(untagged, ctx)).toEqual({ format: 'cisco-asa', sourceIp: '203.0.113.70' });
    expect(ciscoAsaFormat.parse(` ${untaggedPolicy}`, ctx)).toEqual({
      format: 'cisco-asa',
      sourceIp: '2001:db8:1::70',
    });
  });

  it('keeps the port of an IKEv2 peer named by host name', () => {
    const ike =
      '%ASA-4-750003: Local:192.0.2.1:500 Remote:vpn-peer.example.net:4500 Username:u IKEv2 Negotiation aborted';
    expect(ciscoAsaFormat.parse(ike, ctx)).toEqual({
      format: 'cisco-asa',
      sourceIp: '192.0.2.1',
      sourcePort: 500,
      destinationPort: 4500,
    });
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(ciscoAsaFormat, [
      built,
      outbound,
      deny,
      acl,
      v6,
      vpn,
      ftd,
      url,
      untagged,
      untaggedPolicy,
    ]);
  });

  it('stays linear on 10 MB lines', () => {
    expect(() => ciscoAsaFormat.parse(`%ASA-6-302013: ${hugeLine('from a:1.2.3.4/5 ')}`, ctx)).not.toThrow();
    expect(() => ciscoAsaFormat.parse(`%FTD-1-430003: SrcIP: ${hugeLine('x: y: ')}`, ctx)).not.toThrow();
  });
});

describe('cisco-asa: corpus', () => {
  const product = 'cisco_asa';
  if (!hasCorpus(product)) warnNoCorpus(product);

  it.skipIf(!hasCorpus(product))('agrees with the reference expectations on the core fields', () => {
    const agreement = corpusAgreement(ciscoAsaFormat, product);
    console.info(describeAgreement(ciscoAsaFormat, product, agreement));
    expect(agreement.failures).toEqual([]);
    expect(agreement.samples).toBeGreaterThanOrEqual(55);
  });

  it.skipIf(!hasCorpus(product))('parses every Wazuh ASA/FTD/PIX sample to an event', () => {
    for (const file of ['cisco_asa.ini', 'cisco_ftd.ini', 'pix.ini']) {
      const lines = wazuhPassLines(`cisco_asa/wazuh/${file}`);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((line) => ciscoAsaFormat.parse(line, ctx) === null)).toEqual([]);
    }
  });
});
