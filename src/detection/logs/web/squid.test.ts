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
import { squidFormat } from './squid.js';

const ctx: ParseContext = { utcOffsetMinutes: 420, year: 2024 };

const miss =
  '1700000000.123     45 10.110.0.4 TCP_MISS/200 1234 GET http://Example.com/index.html - HIER_DIRECT/203.0.113.70 text/html';
const denied =
  '1700000001.000      0 10.110.0.5 TCP_DENIED/403 3980 GET http://blocked.example.org/x - HIER_NONE/- text/html';
const connect =
  '1700000002.500    207 2001:db8:b0::5 TCP_TUNNEL/200 4047 CONNECT safebrowsing.example.com:443 - HIER_DIRECT/2001:db8:b1::1 -';
const common =
  '10.110.0.6 - jdoe [10/Oct/2023:13:55:36 -0700] "GET http://www.example.net/a.png HTTP/1.1" 200 2326 TCP_MISS:HIER_DIRECT';

describe('squid', () => {
  it('reads a native access.log line', () => {
    expect(squidFormat.parse(miss, ctx)).toEqual({
      format: 'squid',
      time: '2023-11-14T22:13:20.123Z',
      sourceIp: '10.110.0.4',
      protocol: 'tcp',
      rawAction: 'TCP_MISS',
      action: 'allowed',
      urlOriginal: 'http://Example.com/index.html',
      urlDomain: 'example.com',
      destinationIp: '203.0.113.70',
    });
  });

  it('maps TCP_DENIED to blocked', () => {
    expect(squidFormat.parse(denied, ctx)).toMatchObject({
      action: 'blocked',
      rawAction: 'TCP_DENIED',
      urlDomain: 'blocked.example.org',
    });
  });

  it('reads CONNECT host:port (no URL) with IPv6 client and peer', () => {
    const event = squidFormat.parse(connect, ctx);
    expect(event).toMatchObject({
      sourceIp: '2001:db8:b0::5',
      urlDomain: 'safebrowsing.example.com',
      destinationPort: 443,
      destinationIp: '2001:db8:b1::1',
    });
    expect(event?.urlOriginal).toBeUndefined();
  });

  it('reads the common log format with its zone and Squid result code', () => {
    expect(squidFormat.parse(common, ctx)).toEqual({
      format: 'squid',
      sourceIp: '10.110.0.6',
      protocol: 'tcp',
      time: '2023-10-10T20:55:36.000Z',
      urlOriginal: 'http://www.example.net/a.png',
      urlDomain: 'www.example.net',
      rawAction: 'TCP_MISS',
      action: 'allowed',
    });
  });

  it('returns null for malformed or truncated lines', () => {
    expect(squidFormat.parse('1700000000.123 45', ctx)).toBeNull();
    expect(
      squidFormat.parse('1700000000.123 45 not-an-ip TCP_MISS/200 1 GET http://a/ - HIER_NONE/- -', ctx),
    ).toBeNull();
    expect(squidFormat.parse('hello', ctx)).toBeNull();
  });

  it('detects access.log lines', () => {
    expect(squidFormat.detect(miss)).toBeGreaterThanOrEqual(0.9);
    expect(squidFormat.detect(common)).toBeGreaterThanOrEqual(0.9);
    expect(squidFormat.detect('srcip=1.2.3.4 dstip=5.6.7.8')).toBe(0);
  });

  it('never throws on random or damaged input', () => {
    assertNeverThrows(squidFormat, [miss, denied, connect, common]);
  });

  it('stays linear on a 10 MB line', () => {
    expect(() =>
      squidFormat.parse(`1700000000.123 1 10.0.0.1 ${hugeLine('TCP_MISS/200 ')}`, ctx),
    ).not.toThrow();
    expect(() => squidFormat.parse(`10.0.0.1 - - [x] "${hugeLine('GET ')}`, ctx)).not.toThrow();
  });
});

describe('squid: corpus', () => {
  const product = 'squid';
  if (!hasCorpus(product)) warnNoCorpus(product);

  it.skipIf(!hasCorpus(product))('agrees with the reference expectations on the core fields', () => {
    const agreement = corpusAgreement(squidFormat, product);
    console.info(describeAgreement(squidFormat, product, agreement));
    expect(agreement.failures).toEqual([]);
    expect(agreement.samples).toBeGreaterThanOrEqual(10);
  });

  it.skipIf(!hasCorpus(product))('parses every Wazuh sample to an event', () => {
    const lines = wazuhPassLines('squid/wazuh/squid_rules.ini');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => squidFormat.parse(line, ctx) === null)).toEqual([]);
  });
});
