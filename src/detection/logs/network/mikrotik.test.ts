import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { mikrotikFormat } from './mikrotik.js';
import {
  assertNeverThrows,
  corpusAgreement,
  describeAgreement,
  hasCorpus,
  hugeLine,
  warnNoCorpus,
} from './test-support/corpus.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };

const drop =
  '2024-03-18T20:35:05.734637+07:00 192.0.2.1 firewall,info drop-in input: in:ether1-WAN out:(unknown 0), ' +
  'connection-state:new src-mac 00:17:10:88:bc:02, proto UDP, 198.51.100.68:44355->192.0.2.145:53, len 65';
const forward =
  'Mar 18 20:35:05 gw-01 firewall,info forward: in:bridge out:ether1, connection-state:new src-mac e4:41:64:93:a8:0f, ' +
  'proto TCP (SYN), 10.70.0.5:51000->203.0.113.90:443, NAT (10.70.0.5:51000->192.0.2.1:51000)->203.0.113.90:443, len 60';
const v6 =
  '2024-05-31T00:04:27.696749+02:00 gw firewall,info accept-v6 input: in:WAN out:(unknown 0), connection-state:new ' +
  'proto TCP (SYN), [2001:db8:70::1]:40384->[2001:db8:70::2]:22, len 24';
const icmp =
  'gw firewall,info drop-icmp input: in:WAN out:(unknown 0), proto ICMP (type 8, code 0), 198.51.100.9->192.0.2.1, len 84';
const login =
  '2024-03-19T12:34:09.757188+07:00 192.0.2.1 system,error,critical login failure for user admin from 198.51.100.35 via winbox';

describe('mikrotik', () => {
  it('reads a dropped input packet with its prefix verdict and envelope', () => {
    expect(mikrotikFormat.parse(drop, ctx)).toEqual({
      format: 'mikrotik',
      time: '2024-03-18T13:35:05.734Z',
      device: '192.0.2.1',
      protocol: 'udp',
      sourceIp: '198.51.100.68',
      sourcePort: 44355,
      destinationIp: '192.0.2.145',
      destinationPort: 53,
      rawAction: 'drop',
      action: 'blocked',
    });
  });

  it('reads the original 4-tuple of a NATed forward, without a verdict', () => {
    const event = mikrotikFormat.parse(forward, ctx);
    expect(event).toMatchObject({
      sourceIp: '10.70.0.5',
      destinationIp: '203.0.113.90',
      destinationPort: 443,
      protocol: 'tcp',
    });
    expect(event?.action).toBeUndefined();
  });

  it('reads bracketed IPv6 endpoints and an accept prefix', () => {
    expect(mikrotikFormat.parse(v6, ctx)).toMatchObject({
      sourceIp: '2001:db8:70::1',
      sourcePort: 40384,
      destinationIp: '2001:db8:70::2',
      destinationPort: 22,
      action: 'allowed',
    });
  });

  it('reads ICMP without ports and login failures', () => {
    const event = mikrotikFormat.parse(icmp, ctx);
    expect(event).toMatchObject({
      sourceIp: '198.51.100.9',
      destinationIp: '192.0.2.1',
      protocol: 'icmp',
      action: 'blocked',
    });
    expect(event?.sourcePort).toBeUndefined();
    expect(mikrotikFormat.parse(login, ctx)).toMatchObject({
      sourceIp: '198.51.100.35',
      rawAction: 'login failure',
    });
  });

  it('returns null for truncated lines', () => {
    expect(
      mikrotikFormat.parse('gw firewall,info input: in:WAN out:(unknown 0), proto TCP (SYN), ', ctx),
    ).toBeNull();
    expect(mikrotikFormat.parse('gw system,info router rebooted', ctx)).toBeNull();
  });

  it('detects RouterOS firewall lines', () => {
    expect(mikrotikFormat.detect(drop)).toBeGreaterThanOrEqual(0.9);
    expect(mikrotikFormat.detect('IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP')).toBe(0);
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(mikrotikFormat, [drop, forward, v6, icmp, login]);
  });

  it('stays linear on a 10 MB line', () => {
    expect(() =>
      mikrotikFormat.parse(`x input: in:a proto TCP, ${hugeLine('[::1]:1->')}`, ctx),
    ).not.toThrow();
  });
});

describe('mikrotik: corpus', () => {
  const product = 'mikrotik';
  if (!hasCorpus(product)) warnNoCorpus(product);

  it.skipIf(!hasCorpus(product))('agrees with the reference expectations on the core fields', () => {
    const agreement = corpusAgreement(mikrotikFormat, product);
    console.info(describeAgreement(mikrotikFormat, product, agreement));
    expect(agreement.failures).toEqual([]);
    expect(agreement.samples).toBeGreaterThanOrEqual(5);
  });
});
