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
import { suricataEveFormat } from './suricata-eve.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };

const alert =
  '{"timestamp":"2024-01-07T19:54:41.712927+0000","flow_id":520221496542071,"in_iface":"eth0","event_type":"alert",' +
  '"src_ip":"10.150.0.4","src_port":44244,"dest_ip":"203.0.113.120","dest_port":80,"proto":"TCP","alert":{"action":"blocked",' +
  '"gid":1,"signature_id":2221014,"signature":"ET MALWARE beacon"},"http":{"hostname":"C2.Example.net","url":"/gate.php",' +
  '"http_method":"POST"},"app_proto":"http"}';
const dnsV2 =
  '{"timestamp":"2019-12-17T14:09:39.935301+0000","event_type":"dns","src_ip":"192.0.2.53","src_port":53,"dest_ip":"10.150.0.5",' +
  '"dest_port":46414,"proto":"UDP","dns":{"version":2,"type":"answer","rrname":"update.example.org.","rcode":"NOERROR",' +
  '"answers":[{"rrname":"update.example.org","rrtype":"A","ttl":10,"rdata":"198.51.100.34"},{"rrname":"x","rrtype":"CNAME","rdata":"y"}]}}';
const dnsV3 =
  '{"timestamp":"2025-01-01T00:00:00.000000+0700","event_type":"dns","src_ip":"2001:db8:f0::5","src_port":5353,' +
  '"dest_ip":"2001:db8:f0::53","dest_port":53,"proto":"UDP","dns":{"version":3,"type":"request","queries":[{"rrname":"Evil.Example"}]}}';
const tls =
  '{"timestamp":"2020-01-27T21:27:10.693784+0000","event_type":"tls","src_ip":"10.150.0.6","src_port":49791,"dest_ip":"203.0.113.121",' +
  '"dest_port":443,"proto":"TCP","tls":{"sni":"login.example.com","version":"TLS 1.3"}}';
const drop =
  '{"timestamp":"2024-01-09T15:12:24.540473+0000","event_type":"drop","src_ip":"198.51.100.200","src_port":4444,' +
  '"dest_ip":"10.150.0.7","dest_port":445,"proto":"TCP","drop":{"len":60}}';
const stats =
  '{"timestamp":"2024-01-09T15:13:00.667785+0000","event_type":"stats","stats":{"uptime":450501}}';

describe('suricata-eve', () => {
  it('reads an IPS alert with HTTP host and URL', () => {
    expect(suricataEveFormat.parse(alert, ctx)).toEqual({
      format: 'suricata-eve',
      sourceIp: '10.150.0.4',
      sourcePort: 44244,
      destinationIp: '203.0.113.120',
      destinationPort: 80,
      protocol: 'tcp',
      urlOriginal: '/gate.php',
      urlDomain: 'c2.example.net',
      rawAction: 'blocked',
      action: 'blocked',
      time: '2024-01-07T19:54:41.712Z',
    });
  });

  it('reads a drop event as blocked', () => {
    expect(suricataEveFormat.parse(drop, ctx)).toMatchObject({
      action: 'blocked',
      rawAction: 'drop',
      destinationPort: 445,
    });
  });

  it('reads DNS v2 answers and v3 queries (IPv6)', () => {
    expect(suricataEveFormat.parse(dnsV2, ctx)).toMatchObject({
      dnsQuestionName: 'update.example.org',
      dnsAnswers: ['198.51.100.34'],
      rawAction: 'NOERROR',
    });
    expect(suricataEveFormat.parse(dnsV3, ctx)).toMatchObject({
      dnsQuestionName: 'evil.example',
      sourceIp: '2001:db8:f0::5',
      time: '2024-12-31T17:00:00.000Z',
    });
  });

  it('reads the TLS SNI', () => {
    expect(suricataEveFormat.parse(tls, ctx)?.urlDomain).toBe('login.example.com');
  });

  it('reads syslog-wrapped events; null for stats, truncated and non-JSON lines', () => {
    expect(suricataEveFormat.parse(`<13>Jan  7 19:54:41 ids suricata[123]: ${tls}`, ctx)?.urlDomain).toBe(
      'login.example.com',
    );
    expect(suricataEveFormat.parse(stats, ctx)).toBeNull();
    expect(suricataEveFormat.parse(alert.slice(0, 100), ctx)).toBeNull();
    expect(suricataEveFormat.parse('suricata started', ctx)).toBeNull();
  });

  it('detects EVE, also when a shipper removed event_type', () => {
    expect(suricataEveFormat.detect(alert)).toBeGreaterThanOrEqual(0.9);
    const untyped = tls.replace('"event_type":"tls",', '"flow_id":7,');
    expect(suricataEveFormat.detect(untyped)).toBeGreaterThan(0.5);
    expect(suricataEveFormat.parse(untyped, ctx)).toMatchObject({
      sourceIp: '10.150.0.6',
      destinationPort: 443,
      urlDomain: 'login.example.com',
    });
    expect(suricataEveFormat.detect('{"ts":1,"uid":"C1","id.orig_h":"1.2.3.4"}')).toBe(0);
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(suricataEveFormat, [alert, dnsV2, dnsV3, tls, drop]);
  });

  it('stays linear on 10 MB lines, deep nesting included', () => {
    expect(() => suricataEveFormat.parse(hugeLine('{"dns":'), ctx)).not.toThrow();
    expect(() => suricataEveFormat.parse(`{"src_ip":"${hugeLine('1')}"}`, ctx)).not.toThrow();
  });
});

describe('suricata-eve: corpus', () => {
  const product = 'suricata';
  if (!hasCorpus(product)) warnNoCorpus(product);

  it.skipIf(!hasCorpus(product))('agrees with the reference expectations on the core fields', () => {
    const agreement = corpusAgreement(suricataEveFormat, product);
    console.info(describeAgreement(suricataEveFormat, product, agreement));
    expect(agreement.failures).toEqual([]);
    expect(agreement.samples).toBeGreaterThanOrEqual(14);
  });
});
