import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { looksLikeFilterlog, pfsenseFormat } from './pfsense.js';
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

const block4 =
  '<134>Jul  3 19:10:30 filterlog[72237]: 146,,,1535324496,igb1.12,match,block,in,4,0x0,,63,12617,0,DF,6,tcp,60,' +
  '10.50.12.50,198.51.100.1,49724,853,0,S,1891286705,,64240,,mss;sackOK;TS;nop;wscale';
const pass4 =
  '<134>1 2024-09-06T18:37:34+02:00 opnsense filterlog 69805 - [meta sequenceId="2633354"] 103,,,40b9591224d055de2beec8b74ea486b1,' +
  're0,match,pass,in,4,0x0,,116,11172,0,none,17,udp,48,203.0.113.77,10.50.0.200,64752,51918,28';
const block6 =
  'Sep 28 10:38:09 pfSense filterlog: 6,,,1000000105,igb1.27,match,block,in,6,0x00,0xf6279,1,UDP,17,32,' +
  'fe80::208:9bff:fef3:652b,ff02::1:2,546,547,32';
const icmp =
  '8,,,1000000103,igb5,match,block,in,4,0x0,,250,31401,0,none,1,icmp,92,198.51.100.3,10.50.0.1,request,540,55972';

describe('pfsense', () => {
  it('reads a blocked IPv4 TCP record in an RFC 3164 envelope without host', () => {
    expect(pfsenseFormat.parse(block4, ctx)).toEqual({
      format: 'pfsense',
      sourceIp: '10.50.12.50',
      destinationIp: '198.51.100.1',
      protocol: 'tcp',
      sourcePort: 49724,
      destinationPort: 853,
      rawAction: 'block',
      action: 'blocked',
      time: '2024-07-03T12:10:30.000Z',
    });
  });

  it('reads a passed UDP record from OPNsense (RFC 5424)', () => {
    expect(pfsenseFormat.parse(pass4, ctx)).toMatchObject({
      sourceIp: '203.0.113.77',
      destinationPort: 51918,
      action: 'allowed',
      device: 'opnsense',
      time: '2024-09-06T16:37:34.000Z',
    });
  });

  it('reads IPv6 records by their own column layout', () => {
    expect(pfsenseFormat.parse(block6, ctx)).toMatchObject({
      sourceIp: 'fe80::208:9bff:fef3:652b',
      destinationIp: 'ff02::1:2',
      sourcePort: 546,
      destinationPort: 547,
      protocol: 'udp',
      device: 'pfSense',
    });
  });

  it('reads ICMP records without ports, bare records too', () => {
    const event = pfsenseFormat.parse(icmp, ctx);
    expect(event).toEqual({
      format: 'pfsense',
      sourceIp: '198.51.100.3',
      destinationIp: '10.50.0.1',
      protocol: 'icmp',
      rawAction: 'block',
      action: 'blocked',
    });
  });

  it('returns null for malformed or truncated records', () => {
    expect(pfsenseFormat.parse('146,,,1535324496,igb1.12,match,block,in,4,0x0', ctx)).toBeNull();
    expect(
      pfsenseFormat.parse('146,,,1,igb1,match,block,in,5,0x0,,63,1,0,DF,6,tcp,60,1.2.3.4,5.6.7.8', ctx),
    ).toBeNull();
    expect(pfsenseFormat.parse('Sep 28 10:38:09 pfSense dhcpd: DHCPACK', ctx)).toBeNull();
  });

  it('detects filterlog lines', () => {
    expect(pfsenseFormat.detect(block4)).toBeGreaterThanOrEqual(0.9);
    expect(looksLikeFilterlog(icmp)).toBe(true);
    expect(pfsenseFormat.detect('1,2024/01/03 13:15:29,0267,TRAFFIC,end')).toBe(0);
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(pfsenseFormat, [block4, pass4, block6, icmp]);
  });

  it('stays linear on a 10 MB line', () => {
    expect(() => pfsenseFormat.parse(`1,,,1,em0,match,block,in,4,${hugeLine('"x",')}`, ctx)).not.toThrow();
  });
});

describe('pfsense: corpus', () => {
  const product = 'pfsense';
  if (!hasCorpus(product)) warnNoCorpus(product);

  it.skipIf(!hasCorpus(product))('agrees with the reference expectations on the core fields', () => {
    const agreement = corpusAgreement(pfsenseFormat, product, (sample) =>
      sample.file.includes('unbound') ? 'Unbound DNS resolver line: the DNS parsers read it' : undefined,
    );
    console.info(describeAgreement(pfsenseFormat, product, agreement));
    expect(agreement.failures).toEqual([]);
    expect(agreement.samples).toBeGreaterThanOrEqual(25);
  });

  it.skipIf(!hasCorpus(product))('parses every Wazuh sample to an event', () => {
    const lines = wazuhPassLines('pfsense/wazuh/pfsense.ini');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => pfsenseFormat.parse(line, ctx) === null)).toEqual([]);
  });
});
