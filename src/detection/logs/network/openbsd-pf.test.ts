import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { openbsdPfFormat } from './openbsd-pf.js';
import {
  assertNeverThrows,
  corpusAgreement,
  describeAgreement,
  hasCorpus,
  hugeLine,
  warnNoCorpus,
} from './test-support/corpus.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };

const block =
  'Mar 12 10:00:00.123456 rule 3/(match) block in on em0: 198.51.100.1.5555 > 192.0.2.80.80: S 12345:12345(0) win 512 (DF)';
const pass6 =
  'rule 1.anchor.2/(match) pass out on vio0: 2001:db8:80::1.5353 > 2001:db8:80::53.53: 4321+ AAAA? WWW.Example.COM. (33)';
const icmp =
  'Jan  5 01:02:03 fw pf: 2024-01-05 01:02:03.5 rule 0/(match) block in on em1: 198.51.100.7 > 192.0.2.8: icmp: echo request';
const filterlog =
  '341,,,138b9664ed0d438b9fa1a14116606d50,vtnet9,match,pass,in,4,0x0,,63,26567,0,DF,6,tcp,60,10.80.0.4,192.0.2.9,40234,10050,0,S,1:2,,64240,,mss';

describe('openbsd-pf', () => {
  it('reads a blocked TCP packet from tcpdump text with its local timestamp', () => {
    expect(openbsdPfFormat.parse(block, ctx)).toEqual({
      format: 'openbsd-pf',
      time: '2024-03-12T03:00:00.123Z',
      rawAction: 'block',
      action: 'blocked',
      sourceIp: '198.51.100.1',
      sourcePort: 5555,
      destinationIp: '192.0.2.80',
      destinationPort: 80,
      protocol: 'tcp',
    });
  });

  it('reads IPv6 endpoints, anchors and a decoded DNS question', () => {
    expect(openbsdPfFormat.parse(pass6, ctx)).toEqual({
      format: 'openbsd-pf',
      rawAction: 'pass',
      action: 'allowed',
      sourceIp: '2001:db8:80::1',
      sourcePort: 5353,
      destinationIp: '2001:db8:80::53',
      destinationPort: 53,
      dnsQuestionName: 'www.example.com',
      protocol: 'udp',
    });
  });

  it('reads ICMP (no ports) inside a syslog line', () => {
    const event = openbsdPfFormat.parse(icmp, ctx);
    expect(event).toMatchObject({
      device: 'fw',
      protocol: 'icmp',
      sourceIp: '198.51.100.7',
      time: '2024-01-04T18:02:03.500Z',
    });
    expect(event?.sourcePort).toBeUndefined();
  });

  it('reads filterlog CSV records forwarded by pf exporters', () => {
    expect(openbsdPfFormat.parse(filterlog, ctx)).toMatchObject({
      format: 'openbsd-pf',
      sourceIp: '10.80.0.4',
      destinationPort: 10050,
    });
  });

  it('returns null for truncated lines', () => {
    expect(openbsdPfFormat.parse('rule 3/(match) block in on em0: 198.51.100.1.5555', ctx)).toBeNull();
    expect(openbsdPfFormat.parse('rule 3', ctx)).toBeNull();
  });

  it('detects pflog text', () => {
    expect(openbsdPfFormat.detect(block)).toBeGreaterThanOrEqual(0.9);
    expect(openbsdPfFormat.detect('the rule of law')).toBe(0);
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(openbsdPfFormat, [block, pass6, icmp, filterlog]);
  });

  it('stays linear on a 10 MB line', () => {
    expect(() =>
      openbsdPfFormat.parse(`rule 1/(match) block in on em0: ${hugeLine('1.2.3.4.5 > ')}`, ctx),
    ).not.toThrow();
  });
});

describe('openbsd-pf: corpus', () => {
  const product = 'openbsd_pf';
  if (!hasCorpus(product)) warnNoCorpus(product);

  it.skipIf(!hasCorpus(product))('agrees with the reference expectations on the core fields', () => {
    const agreement = corpusAgreement(openbsdPfFormat, product);
    console.info(describeAgreement(openbsdPfFormat, product, agreement));
    expect(agreement.failures).toEqual([]);
    expect(agreement.samples).toBeGreaterThanOrEqual(10);
  });
});
