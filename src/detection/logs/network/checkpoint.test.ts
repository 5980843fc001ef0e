import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { checkpointFormat } from './checkpoint.js';
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

const cefAccept =
  'CEF:0|Check Point|VPN-1 & FireWall-1|Check Point|Log|https|Unknown|act=Accept deviceDirection=0 rt=1708352128000 ' +
  'spt=56688 dpt=443 cs2Label=Rule Name cs2=Web access ifname=bond1 origin=192.0.2.250 dst=203.0.113.20 ' +
  'product=VPN-1 & FireWall-1 proto=6 service_id=https src=10.30.1.4';
const cefExtraPipe =
  'CEF:0||Check Point|URL Filtering|Check Point|News|domain.example|Unknown|act=Drop app=HTTP\n' +
  'requestMethod=CONNECT request=https://Sub.Domain.example:443 origin=192.0.2.250\ndst=203.0.113.21 proto=6 src=10.30.1.5';
const bracketDrop =
  '<134>1 2024-05-15T16:25:50Z fw-mgmt CheckPoint 19710 - [action:"Drop"; flags:"400644"; ifdir:"inbound"; ' +
  'origin:"192.0.2.250"; time:"1715790350"; dst:"10.30.1.6"; proto:"17"; s_port:"55036"; service:"1514"; src:"198.51.100.77"; ]';
const syslogV6 =
  'syslog[action:"Accept"; origin:"192.0.2.250"; time:"1618249417"; dst:"2001:db8:30::6"; proto:"6"; s_port:"40000"; ' +
  'service:"443"; src:"2001:db8:1::5"; resource:"https://files.example.com/a.zip"; ]';
const positional =
  '"21" "10Dec2023" "23:44:49" "eth1" "GW-01" "Log" "Drop" "58339" "46193" "198.51.100.8" "10.30.1.7" "tcp" "107" ' +
  '"Deny All" "107-Policy" "" "inzone: External; outzone: Internal" "Security Gateway/Management" "" ""';

describe('checkpoint', () => {
  it('reads Log Exporter CEF with origin as device', () => {
    expect(checkpointFormat.parse(cefAccept, ctx)).toEqual({
      format: 'checkpoint',
      rawAction: 'Accept',
      action: 'allowed',
      time: '2024-02-19T14:15:28.000Z',
      sourcePort: 56688,
      destinationPort: 443,
      destinationIp: '203.0.113.20',
      protocol: 'tcp',
      sourceIp: '10.30.1.4',
      device: '192.0.2.250',
    });
  });

  it('reads CEF with the extra empty vendor field, split over lines, blocked', () => {
    expect(checkpointFormat.parse(cefExtraPipe, ctx)).toMatchObject({
      urlOriginal: 'https://Sub.Domain.example:443',
      urlDomain: 'sub.domain.example',
      sourceIp: '10.30.1.5',
      destinationIp: '203.0.113.21',
      action: 'blocked',
    });
  });

  it('reads the [key:"value"] syslog export, in an RFC 5424 envelope', () => {
    expect(checkpointFormat.parse(bracketDrop, ctx)).toEqual({
      format: 'checkpoint',
      rawAction: 'Drop',
      action: 'blocked',
      time: '2024-05-15T16:25:50.000Z',
      destinationIp: '10.30.1.6',
      protocol: 'udp',
      sourcePort: 55036,
      destinationPort: 1514,
      sourceIp: '198.51.100.77',
      device: '192.0.2.250',
    });
  });

  it('reads IPv6 and the resource URL', () => {
    expect(checkpointFormat.parse(syslogV6, ctx)).toMatchObject({
      sourceIp: '2001:db8:1::5',
      destinationIp: '2001:db8:30::6',
      urlDomain: 'files.example.com',
      action: 'allowed',
    });
  });

  it('reads the quoted positional export at the context offset', () => {
    expect(checkpointFormat.parse(positional, ctx)).toEqual({
      format: 'checkpoint',
      time: '2023-12-10T16:44:49.000Z',
      device: 'GW-01',
      rawAction: 'Drop',
      action: 'blocked',
      destinationPort: 58339,
      sourcePort: 46193,
      sourceIp: '198.51.100.8',
      destinationIp: '10.30.1.7',
      protocol: 'tcp',
    });
  });

  it('returns null for malformed lines', () => {
    expect(checkpointFormat.parse('"21" "10Dec2023"', ctx)).toBeNull();
    expect(checkpointFormat.parse('syslog[', ctx)).toBeNull();
    expect(checkpointFormat.parse('nothing here', ctx)).toBeNull();
  });

  it('detects its shapes', () => {
    expect(checkpointFormat.detect(cefAccept)).toBeGreaterThanOrEqual(0.9);
    expect(checkpointFormat.detect(bracketDrop)).toBeGreaterThanOrEqual(0.9);
    expect(checkpointFormat.detect(positional)).toBeGreaterThan(0.5);
    expect(checkpointFormat.detect('CEF:0|Fortinet|Fortigate|1|2|3|4|src=1.2.3.4')).toBe(0);
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(checkpointFormat, [cefAccept, cefExtraPipe, bracketDrop, syslogV6, positional]);
  });

  it('stays linear on 10 MB lines', () => {
    expect(() => checkpointFormat.parse(`syslog[${hugeLine('a:"b"; ')}`, ctx)).not.toThrow();
    expect(() =>
      checkpointFormat.parse(`CEF:0|Check Point|x|y|z|n|1|${hugeLine('k=v=w ')}`, ctx),
    ).not.toThrow();
  });
});

describe('checkpoint: corpus', () => {
  const product = 'checkpoint';
  if (!hasCorpus(product)) warnNoCorpus(product);

  it.skipIf(!hasCorpus(product))('agrees with the reference expectations on the core fields', () => {
    const agreement = corpusAgreement(checkpointFormat, product);
    console.info(describeAgreement(checkpointFormat, product, agreement));
    expect(agreement.failures).toEqual([]);
    expect(agreement.samples).toBeGreaterThanOrEqual(15);
  });

  it.skipIf(!hasCorpus(product))('parses every Wazuh sample to an event', () => {
    const lines = wazuhPassLines('checkpoint/wazuh/checkpoint_smart1.ini');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => checkpointFormat.parse(line, ctx) === null)).toEqual([]);
  });
});
