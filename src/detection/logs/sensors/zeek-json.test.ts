import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import {
  assertNeverThrows,
  corpusAgreement,
  describeAgreement,
  hasCorpus,
  hugeLine,
  warnNoCorpus,
  wazuhPassLines,
} from '../network/test-support/corpus.js';
import { zeekJsonFormat } from './zeek-json.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };

const dns =
  '{"ts":1547188415.857497,"uid":"CAcJw21BbVedgFnYH3","id.orig_h":"10.140.0.167","id.orig_p":38339,"id.resp_h":"192.0.2.1",' +
  '"id.resp_p":53,"proto":"udp","trans_id":15209,"query":"Beacon.Example.net","rcode_name":"NOERROR",' +
  '"answers":["cdn.example.net","198.51.100.156"],"TTLs":[119.0,59.0]}';
const http =
  '{"_path":"http","ts":"2018-03-24T17:15:20.615923Z","uid":"CmC9kY1X0u9nP78KZc","id.orig_h":"2001:db8:e0::5",' +
  '"id.orig_p":39611,"id.resp_h":"2001:db8:e1::200","id.resp_p":80,"method":"GET","host":"files.example.org",' +
  '"uri":"/update.bin","status_code":200}';
const ssl =
  '{"ts":1573804908.676001,"uid":"C4XJwR30xeMnOdUnm9","id":{"orig_h":"10.140.0.1","orig_p":56980,"resp_h":"203.0.113.5",' +
  '"resp_p":443},"server_name":"c2.example.com","established":false}';
const conn =
  '{"ts":1573747285.572531,"uid":"CGosDF2j8tJOWH3lCa","id.orig_h":"10.140.0.2","id.orig_p":45338,"id.resp_h":"10.140.0.15","id.resp_p":22,"proto":"tcp","conn_state":"SH"}';

describe('zeek-json', () => {
  it('reads a dns record with address answers', () => {
    expect(zeekJsonFormat.parse(dns, ctx)).toEqual({
      format: 'zeek-json',
      time: '2019-01-11T06:33:35.857Z',
      sourceIp: '10.140.0.167',
      sourcePort: 38339,
      destinationIp: '192.0.2.1',
      destinationPort: 53,
      protocol: 'udp',
      dnsQuestionName: 'beacon.example.net',
      dnsAnswers: ['198.51.100.156'],
      rawAction: 'NOERROR',
    });
  });

  it('reads an http record with IPv6 and ISO ts', () => {
    expect(zeekJsonFormat.parse(http, ctx)).toMatchObject({
      time: '2018-03-24T17:15:20.615Z',
      sourceIp: '2001:db8:e0::5',
      destinationIp: '2001:db8:e1::200',
      urlDomain: 'files.example.org',
      urlOriginal: '/update.bin',
    });
  });

  it('reads nested id objects and the SNI of ssl records; conn records give the 4-tuple', () => {
    expect(zeekJsonFormat.parse(ssl, ctx)).toMatchObject({
      sourceIp: '10.140.0.1',
      destinationPort: 443,
      urlDomain: 'c2.example.com',
    });
    const event = zeekJsonFormat.parse(conn, ctx);
    expect(event).toMatchObject({ sourceIp: '10.140.0.2', destinationIp: '10.140.0.15', protocol: 'tcp' });
    expect(event?.action).toBeUndefined();
  });

  it('unwraps Splunk exports', () => {
    const wrapped = JSON.stringify({ preview: false, result: { _raw: dns, host: 'splunk' } });
    expect(zeekJsonFormat.detect(wrapped)).toBeGreaterThanOrEqual(0.9);
    expect(zeekJsonFormat.parse(wrapped, ctx)?.dnsQuestionName).toBe('beacon.example.net');
    const other = JSON.stringify({ result: { _raw: '{"event_type":"dns","src_ip":"1.2.3.4"}' } });
    expect(zeekJsonFormat.detect(other)).toBe(0);
  });

  it('returns null for truncated JSON and records without addresses', () => {
    expect(zeekJsonFormat.parse(dns.slice(0, 60), ctx)).toBeNull();
    expect(zeekJsonFormat.parse('{"ts":1,"fuid":"F1","certificate.subject":"CN=x"}', ctx)).toBeNull();
    expect(zeekJsonFormat.parse('not json', ctx)).toBeNull();
  });

  it('detects Zeek JSON and not Suricata EVE', () => {
    expect(zeekJsonFormat.detect(dns)).toBeGreaterThanOrEqual(0.9);
    expect(zeekJsonFormat.detect('{"event_type":"dns","src_ip":"1.2.3.4"}')).toBe(0);
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(zeekJsonFormat, [dns, http, ssl, conn, JSON.stringify({ result: { _raw: dns } })]);
  });

  it('stays linear on 10 MB lines, deep nesting included', () => {
    expect(() => zeekJsonFormat.parse(`{${hugeLine('"a":{')}`, ctx)).not.toThrow();
    expect(() => zeekJsonFormat.parse(hugeLine('{"id":['), ctx)).not.toThrow();
  });
});

describe('zeek-json: corpus', () => {
  const product = 'zeek';
  if (!hasCorpus(product)) warnNoCorpus(product);

  it.skipIf(!hasCorpus(product))('agrees with the reference expectations on the core fields', () => {
    const agreement = corpusAgreement(zeekJsonFormat, product);
    console.info(describeAgreement(zeekJsonFormat, product, agreement));
    expect(agreement.failures).toEqual([]);
    expect(agreement.samples).toBeGreaterThanOrEqual(6);
  });

  it.skipIf(!hasCorpus(product))('parses every Wazuh sample to an event', () => {
    const lines = wazuhPassLines('zeek/wazuh/owlh.ini');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => zeekJsonFormat.parse(line, ctx) === null)).toEqual([]);
  });
});
