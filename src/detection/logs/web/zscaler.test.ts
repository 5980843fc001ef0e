import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../model.js';
import {
  assertNeverThrows,
  corpusAgreement,
  describeAgreement,
  hasCorpus,
  hugeLine,
  warnNoCorpus,
} from '../network/test-support/corpus.js';
import { zscalerFormat } from './zscaler.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };

const web = JSON.stringify({
  sourcetype: 'zscalernss-web',
  event: {
    datetime: '2024-08-26 13:27:54',
    action: 'Allowed',
    serverip: '203.0.113.100',
    ClientIP: '10.120.0.4',
    url: 'api.chat.example/bot/sendmessage',
    hostname: 'api.chat.example',
    urlcategory: 'Online Chat',
  },
});
const blocked = JSON.stringify({
  datetime: 'Mon Aug 28 08:05:55 2023',
  action: 'Blocked',
  ClientIP: '2001:db8:c0::4',
  serverip: '2001:db8:c1::1',
  url: 'https://malware.example/payload',
  hostname: 'malware.example',
  urlcategory: 'Malware Sites',
});
const dns = JSON.stringify({
  sourcetype: 'zscalernss-dns',
  event: {
    datetime: 'Mon Aug 28 08:05:55 2023',
    reqaction: 'Block',
    dns_req: 'C2.Example.org.',
    srv_dport: '53',
    clt_sip: '10.120.0.5',
    srv_dip: '192.0.2.53',
  },
});
const firewall =
  '{"sourcetype":"zscalernss-fw","event":{"datetime":"Mon Aug 28 15:43:59 2023","csport":"52352","sdport":"443","csip":"10.120.0.6",' +
  '"cdip":"10.120.0.6","sdip":"203.0.113.101","action":"Allow","proto":"TCP"}}';
const kv =
  'datetime="2024-08-26 13:27:54" ClientIP=10.120.0.7 serverip=203.0.113.102 action=Blocked url=bad.example/x urlcategory="Malware"';

describe('zscaler', () => {
  it('reads a wrapped web log, the URL kept as logged', () => {
    expect(zscalerFormat.parse(web, ctx)).toEqual({
      format: 'zscaler',
      sourceIp: '10.120.0.4',
      destinationIp: '203.0.113.100',
      urlOriginal: 'api.chat.example/bot/sendmessage',
      urlDomain: 'api.chat.example',
      rawAction: 'Allowed',
      action: 'allowed',
      time: '2024-08-26T06:27:54.000Z',
    });
  });

  it('reads a bare blocked web event with IPv6 and a ctime-style date', () => {
    expect(zscalerFormat.parse(blocked, ctx)).toMatchObject({
      sourceIp: '2001:db8:c0::4',
      destinationIp: '2001:db8:c1::1',
      action: 'blocked',
      urlDomain: 'malware.example',
      time: '2023-08-28T01:05:55.000Z',
    });
  });

  it('reads DNS and firewall feeds', () => {
    expect(zscalerFormat.parse(dns, ctx)).toMatchObject({
      dnsQuestionName: 'c2.example.org',
      sourceIp: '10.120.0.5',
      destinationIp: '192.0.2.53',
      destinationPort: 53,
      action: 'blocked',
    });
    expect(zscalerFormat.parse(firewall, ctx)).toMatchObject({
      sourceIp: '10.120.0.6',
      sourcePort: 52352,
      destinationIp: '203.0.113.101',
      destinationPort: 443,
      protocol: 'tcp',
      action: 'allowed',
    });
  });

  it('reads key=value templates', () => {
    expect(zscalerFormat.parse(kv, ctx)).toMatchObject({
      sourceIp: '10.120.0.7',
      urlDomain: 'bad.example',
      action: 'blocked',
    });
  });

  it('returns null for malformed records and records without addresses', () => {
    expect(zscalerFormat.parse('{"sourcetype":"zscalernss-web","event":{"ClientIP":"10.', ctx)).toBeNull();
    expect(zscalerFormat.parse('{"sourcetype":"zscalernss-casb","event":{"login":"a@b"}}', ctx)).toBeNull();
    expect(zscalerFormat.parse('[1,2,3]', ctx)).toBeNull();
  });

  it('detects NSS records', () => {
    expect(zscalerFormat.detect(web)).toBeGreaterThanOrEqual(0.9);
    expect(zscalerFormat.detect('{"event_type":"dns","src_ip":"1.2.3.4"}')).toBe(0);
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(zscalerFormat, [web, blocked, dns, firewall, kv]);
  });

  it('stays linear on 10 MB lines, deep nesting included', () => {
    expect(() => zscalerFormat.parse(hugeLine('['), ctx)).not.toThrow();
    expect(() => zscalerFormat.parse(`{"event":{"url":"${hugeLine('a')}"}}`, ctx)).not.toThrow();
    expect(() => zscalerFormat.parse(hugeLine('a=b '), ctx)).not.toThrow();
  });
});

describe('zscaler: corpus', () => {
  const product = 'zscaler_zia';
  if (!hasCorpus(product)) warnNoCorpus(product);

  it.skipIf(!hasCorpus(product))('agrees with the reference expectations on the core fields', () => {
    const agreement = corpusAgreement(zscalerFormat, product);
    console.info(describeAgreement(zscalerFormat, product, agreement));
    expect(agreement.failures).toEqual([]);
    expect(agreement.samples).toBeGreaterThanOrEqual(8);
  });
});
