import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import { paloaltoFormat, urlFromMisc } from './paloalto.js';
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

// TRAFFIC: addresses 7–8, ports 24–25, protocol 29, action 30, device name 52
const traffic =
  '1,2024/01/03 13:15:29,026701000001,TRAFFIC,end,2816,2024/01/03 13:15:29,10.20.1.5,203.0.113.7,0.0.0.0,0.0.0.0,' +
  'Allow-Web,,,ssl,vsys1,trust,untrust,ethernet1/2,ethernet1/1,Log Profile,2024/01/03 13:15:29,219781,1,60975,443,' +
  '0,0,0x41c,tcp,allow,5773,758,5015,14,2024/01/03 13:15:14,0,not-resolved,,7312415129244589397,0x0,' +
  '10.0.0.0-10.255.255.255,Viet Nam,,7,7,tcp-fin,0,0,0,0,,PA-HCM-01,from-policy,,,0,,0,,N/A,0,0,0,0,' +
  '0bbe5a53-f498-4cc2-a170-ced134f4824c,0,0';
const denied = traffic.replace(',tcp,allow,', ',tcp,deny,').replace('tcp-fin', 'policy-deny');
const threatUrl =
  '1,2024/03/12 15:02:32,016401000002,THREAT,url,2816,2024/03/12 15:02:32,10.20.1.6,198.51.100.20,0.0.0.0,0.0.0.0,' +
  'Web,,,web-browsing,vsys1,trust,untrust,ae1.1,ae2.2,default,2024/03/12 15:02:32,1384927,1,49802,80,0,0,0x8b000,' +
  'tcp,block-url,"malware.example.com/payload.bin?id=1",(9999),malware,informational,client-to-server,' +
  '7324220311048193508,0x0,10.0.0.0-10.255.255.255,United States,,,0,,,10,Mozilla/4.0,,,,,,,0,0,0,0,0,VSYS,' +
  'PA-HCM-01,,,,get,0,,0,,N/A,N/A,AppThreat-0-0,0x0,0,4294967295,,,ea3431a2,0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,0,' +
  '2024-03-12T15:02:32.650+07:00,,';
const ipv6 = traffic.replace('10.20.1.5,203.0.113.7', '2001:db8:20::5,2001:db8:ffff::7');
const json =
  '{"TimeReceived":"2024-06-25T21:32:54.000000Z","DeviceSN":"000011111112222","LogType":"THREAT","Subtype":"url",' +
  '"TimeGenerated":"2024-06-25T21:30:00.000000Z","SourceAddress":"10.20.1.7","DestinationAddress":"198.51.100.30",' +
  '"SourcePort":51501,"DestinationPort":443,"Protocol":"tcp","Action":"alert","URL":"www.example.org/x",' +
  '"DeviceName":"PA-CDL"}';
const cef =
  'CEF:0|Palo Alto Networks|LF|2.0|TRAFFIC|end|3|dtz=UTC rt=Jul 31 2022 12:46:24 deviceExternalId=000000000000 ' +
  'src=10.20.1.8 dst=203.0.113.9 cs1=SO Access cs1Label=Rule app=ssl spt=52066 dpt=443 proto=tcp act=drop dvchost=PA-LF';
const system =
  '1,2024/12/16 20:19:04,1111111111,SYSTEM,auth,2561,2024/12/16 20:19:04,,auth-fail,RADIUS-1,0,0,general,medium,' +
  "\"failed authentication for user 'x'. Reason: Invalid username/password. auth profile 'RADIUS-1', " +
  "server address '198.51.100.10', From: 192.0.2.1.\",7439393285273531690,0x0,0,0,0,0,,FW1,0,0";
const systemPlain =
  '1,2024/05/02 08:00:01,1111111111,SYSTEM,general,0,2024/05/02 08:00:01,,general,,0,0,general,informational,' +
  '"Installed contents package: panupv2-all-contents-1-1.tgz",1,0x0,0,0,0,0,,FW1,0,0';

describe('paloalto: syslog CSV', () => {
  it('reads a TRAFFIC log, preferring the high-resolution timestamp only when present', () => {
    expect(paloaltoFormat.parse(traffic, ctx)).toEqual({
      format: 'paloalto',
      sourceIp: '10.20.1.5',
      destinationIp: '203.0.113.7',
      sourcePort: 60975,
      destinationPort: 443,
      protocol: 'tcp',
      rawAction: 'allow',
      action: 'allowed',
      time: '2024-01-03T06:15:29.000Z',
      device: 'PA-HCM-01',
    });
  });

  it('maps deny to blocked', () => {
    expect(paloaltoFormat.parse(denied, ctx)).toMatchObject({ rawAction: 'deny', action: 'blocked' });
  });

  it('reads a THREAT url log: misc becomes a URL with its scheme put back, zone-aware time', () => {
    expect(paloaltoFormat.parse(threatUrl, ctx)).toMatchObject({
      urlOriginal: 'http://malware.example.com/payload.bin?id=1',
      urlDomain: 'malware.example.com',
      action: 'blocked',
      rawAction: 'block-url',
      time: '2024-03-12T08:02:32.650Z',
      device: 'PA-HCM-01',
    });
  });

  it('reads IPv6 addresses', () => {
    expect(paloaltoFormat.parse(ipv6, ctx)).toMatchObject({
      sourceIp: '2001:db8:20::5',
      destinationIp: '2001:db8:ffff::7',
    });
  });

  it('reads the syslog-wrapped form and the m/d/yy generated time', () => {
    const wrapped = `<14>Sep 16 10:00:02 PA-1 ${traffic.replace('2024/01/03 13:15:29,10.20', '9/16/19 10:00,10.20')}`;
    expect(paloaltoFormat.parse(wrapped, ctx)).toMatchObject({
      sourceIp: '10.20.1.5',
      time: '2019-09-16T03:00:00.000Z',
    });
  });

  it('reads the client and the server named in a SYSTEM description', () => {
    expect(paloaltoFormat.parse(system, ctx)).toEqual({
      format: 'paloalto',
      sourceIp: '192.0.2.1',
      destinationIp: '198.51.100.10',
      rawAction: 'auth-fail',
      time: '2024-12-16T13:19:04.000Z',
      device: 'FW1',
    });
  });

  it('returns null for SYSTEM logs that name no peer and for truncated records', () => {
    expect(paloaltoFormat.parse(systemPlain, ctx)).toBeNull();
    expect(paloaltoFormat.parse(traffic.slice(0, 120), ctx)).toBeNull();
    expect(paloaltoFormat.parse('1,2024/01/03', ctx)).toBeNull();
  });
});

describe('paloalto: JSON and CEF', () => {
  it('reads a Cortex Data Lake JSON record', () => {
    expect(paloaltoFormat.parse(json, ctx)).toEqual({
      format: 'paloalto',
      sourceIp: '10.20.1.7',
      destinationIp: '198.51.100.30',
      sourcePort: 51501,
      destinationPort: 443,
      rawAction: 'alert',
      action: 'unknown',
      protocol: 'tcp',
      urlOriginal: 'https://www.example.org/x',
      urlDomain: 'www.example.org',
      time: '2024-06-25T21:30:00.000Z',
      device: 'PA-CDL',
    });
    expect(paloaltoFormat.parse(json.replace('"THREAT"', '"CONFIG"'), ctx)).toBeNull();
  });

  it('reads a JSON SYSTEM record by its EventDescription', () => {
    const record =
      '{"LogType":"SYSTEM","LogSourceID":"1","Subtype":"general","EventName":"general",' +
      '"EventTime":"2024-02-01T10:00:00.000000Z","LogSourceName":"PA-X",' +
      '"EventDescription":"User ops logged in via Web from 203.0.113.44 using https"}';
    expect(paloaltoFormat.parse(record, ctx)).toEqual({
      format: 'paloalto',
      sourceIp: '203.0.113.44',
      rawAction: 'general',
      time: '2024-02-01T10:00:00.000Z',
      device: 'PA-X',
    });
    expect(paloaltoFormat.parse(record.replace('from 203.0.113.44 ', ''), ctx)).toBeNull();
  });

  it('reads a CEF SYSTEM record by its msg and a CEF CONFIG record by its src', () => {
    const head = 'CEF:0|Palo Alto Networks|LF|2.0|';
    const sys = `${head}SYSTEM|auth|1|dtz=UTC rt=Feb 01 2024 10:00:00 msg=authenticated for user a. From: 203.0.113.45. dvchost=PA-Y`;
    expect(paloaltoFormat.parse(sys, ctx)).toMatchObject({ sourceIp: '203.0.113.45', device: 'PA-Y' });
    expect(paloaltoFormat.parse(sys.replace('From: 203.0.113.45.', 'ok'), ctx)).toBeNull();
    const config = `${head}CONFIG|config|3|dtz=UTC rt=Feb 01 2024 10:00:00 src=10.9.8.7 act=commit-all dvchost=PA-Y`;
    expect(paloaltoFormat.parse(config, ctx)).toMatchObject({
      sourceIp: '10.9.8.7',
      rawAction: 'commit-all',
    });
    expect(paloaltoFormat.parse(config, ctx)?.action).toBeUndefined();
  });

  it('reads a Logging Service CEF record with its dtz', () => {
    expect(paloaltoFormat.parse(cef, ctx)).toMatchObject({
      sourceIp: '10.20.1.8',
      destinationPort: 443,
      action: 'blocked',
      time: '2022-07-31T12:46:24.000Z',
      device: 'PA-LF',
    });
  });

  it('puts back https unless the port says http', () => {
    expect(urlFromMisc('a.example/x', 443)).toBe('https://a.example/x');
    expect(urlFromMisc('a.example:8080/x', 443)).toBe('http://a.example:8080/x');
    expect(urlFromMisc('a.example/', 80)).toBe('http://a.example/');
    expect(urlFromMisc('https://a.example/', 80)).toBe('https://a.example/');
  });
});

describe('paloalto: detection and robustness', () => {
  it('detects its shapes', () => {
    expect(paloaltoFormat.detect(traffic)).toBeGreaterThanOrEqual(0.9);
    expect(paloaltoFormat.detect(json)).toBeGreaterThanOrEqual(0.9);
    expect(paloaltoFormat.detect(cef)).toBeGreaterThanOrEqual(0.9);
    expect(paloaltoFormat.detect('srcip=1.2.3.4 dstip=5.6.7.8')).toBe(0);
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(paloaltoFormat, [traffic, threatUrl, json, cef, system]);
  });

  it('reads a 10 MB line without throwing', () => {
    expect(() =>
      paloaltoFormat.parse(`1,2024/01/03 13:15:29,1,TRAFFIC,${hugeLine('"a,",')}`, ctx),
    ).not.toThrow();
  });
});

describe('paloalto: corpus', () => {
  const product = 'panw';
  if (!hasCorpus(product)) warnNoCorpus(product);

  it.skipIf(!hasCorpus(product))('agrees with the reference expectations on the core fields', () => {
    const agreement = corpusAgreement(paloaltoFormat, product);
    console.info(describeAgreement(paloaltoFormat, product, agreement));
    expect(agreement.failures).toEqual([]);
    expect(agreement.samples).toBeGreaterThanOrEqual(60);
  });

  it.skipIf(!hasCorpus(product))('parses the complete Wazuh traffic/threat samples to events', () => {
    const lines = wazuhPassLines('panw/wazuh/paloalto.ini').filter(
      (line) => (line.includes(',TRAFFIC,') || line.includes(',THREAT,')) && line.split(',').length > 31,
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => paloaltoFormat.parse(line, ctx) === null)).toEqual([]);
  });
});
