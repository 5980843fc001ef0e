import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { iptablesFormat, verdictOfPrefix } from './iptables.js';
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

const drop =
  'Jun  8 14:34:33 web-01 kernel: [50028442.088484] [UFW BLOCK] IN=enp1s0 OUT= MAC=00:08:a2:0c:1f:12:00:c8:8b:e2:d6:87:08:00 ' +
  'SRC=198.51.100.107 DST=10.60.0.7 LEN=40 TOS=0x00 PREC=0x00 TTL=245 ID=37308 PROTO=TCP SPT=8080 DPT=8123 WINDOW=1024 RES=0x00 SYN URGP=0';
const accept =
  'LAN->WAN ACCEPT IN=eth1 OUT=eth0 SRC=10.60.0.8 DST=203.0.113.80 LEN=52 TOS=08 PREC=0x00 TTL=126 ID=0 DF PROTO=TCP SPT=44606 DPT=80 SEQ=1 ACK=0 WINDOW=64612 SYN URGP=0';
const v6 =
  'Feb  4 23:33:37 gw kernel: IN=eth0 OUT= SRC=2001:db8:60::1 DST=2001:db8:61::2 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=UDP SPT=5353 DPT=53 LEN=40';
const glued =
  'Nov 18 13:39:49 OpenWrt kernel: [10051.313745] DROP(src wan)IN=eth0 OUT= SRC=198.51.100.205 DST=192.168.8.100 LEN=44 PROTO=ICMP TYPE=8 CODE=0 ID=1 SEQ=2';
const unifi =
  'Jun 13 23:29:15 UDMP [WAN_LOCAL-A-2147483647] DESCR="[WAN_LOCAL]Block All Traffic" IN=eth8 OUT= SRC=192.0.2.1 DST=192.0.2.25 PROTO=UDP SPT=38451 DPT=54329';

describe('iptables', () => {
  it('reads a blocked kernel line with its envelope, skipping the uptime stamp', () => {
    expect(iptablesFormat.parse(drop, ctx)).toEqual({
      format: 'iptables',
      time: '2024-06-08T07:34:33.000Z',
      device: 'web-01',
      sourceIp: '198.51.100.107',
      destinationIp: '10.60.0.7',
      sourcePort: 8080,
      destinationPort: 8123,
      protocol: 'tcp',
      rawAction: 'block',
      action: 'blocked',
    });
  });

  it('reads an accepted bare line', () => {
    expect(iptablesFormat.parse(accept, ctx)).toMatchObject({
      action: 'allowed',
      rawAction: 'accept',
      destinationPort: 80,
    });
  });

  it('reads ip6tables lines and lines without a prefix (no verdict)', () => {
    const event = iptablesFormat.parse(v6, ctx);
    expect(event).toMatchObject({
      sourceIp: '2001:db8:60::1',
      destinationIp: '2001:db8:61::2',
      protocol: 'udp',
    });
    expect(event?.action).toBeUndefined();
  });

  it('reads a prefix glued to IN= and ICMP without ports', () => {
    const event = iptablesFormat.parse(glued, ctx);
    expect(event).toMatchObject({ action: 'blocked', protocol: 'icmp', sourceIp: '198.51.100.205' });
    expect(event?.sourcePort).toBeUndefined();
  });

  it('prefers the UniFi rule tag over the rule description', () => {
    expect(iptablesFormat.parse(unifi, ctx)?.action).toBe('allowed');
    expect(verdictOfPrefix('[LAN_IN-R-3000]')).toBe('reject');
    expect(verdictOfPrefix('INPUT DFLT DROP')).toBe('drop');
    expect(verdictOfPrefix('FIREWALL_OUT')).toBeUndefined();
  });

  it('returns null for malformed lines and lines of other programs', () => {
    expect(iptablesFormat.parse('IN=eth0 OUT= SRC=', ctx)).toBeNull();
    expect(
      iptablesFormat.parse('Jun 27 09:02:22 host sshd[454008]: Failed password for root from 192.0.2.2', ctx),
    ).toBeNull();
    expect(iptablesFormat.parse('PHYSIN=eth0 SRC=1.2.3.4', ctx)).toBeNull();
  });

  it('detects netfilter lines', () => {
    expect(iptablesFormat.detect(drop)).toBeGreaterThanOrEqual(0.9);
    expect(iptablesFormat.detect('%ASA-6-302013: Built inbound TCP')).toBe(0);
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(iptablesFormat, [drop, accept, v6, glued, unifi]);
  });

  it('stays linear on a 10 MB line', () => {
    expect(() => iptablesFormat.parse(`IN=eth0 ${hugeLine('x ')}`, ctx)).not.toThrow();
  });
});

describe('iptables: corpus', () => {
  const product = 'iptables';
  if (!hasCorpus(product)) warnNoCorpus(product);

  it.skipIf(!hasCorpus(product))('agrees with the reference expectations on the core fields', () => {
    const agreement = corpusAgreement(iptablesFormat, product);
    console.info(describeAgreement(iptablesFormat, product, agreement));
    expect(agreement.failures).toEqual([]);
    expect(agreement.samples).toBeGreaterThanOrEqual(8);
  });

  it.skipIf(!hasCorpus(product))('parses every Wazuh iptables sample to an event', () => {
    // firewalld.ini holds firewalld's own error messages, not packet logs
    const lines = wazuhPassLines('iptables/wazuh/iptables.ini');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => iptablesFormat.parse(line, ctx) === null)).toEqual([]);
  });
});
