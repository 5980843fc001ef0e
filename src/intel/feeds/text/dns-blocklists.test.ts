import { describe, expect, it } from 'vitest';
import { adblockFormat, dnsmasqFormat, hostsFormat } from './dns-blocklists.js';
import { corpusLines, crlf, run } from './test-support/run.js';

describe('hosts', () => {
  const sample = `# Title: Phishing hosts
# Last modified: 2024-05-01 08:00:00 UTC

127.0.0.1 localhost localhost.localdomain
::1 localhost ip6-localhost ip6-loopback
255.255.255.255 broadcasthost
0.0.0.0 0.0.0.0
0.0.0.0 evil.example
127.0.0.1 a.evil.example b.evil.example c.evil.example # three at once
nonsense-without-address here
0.0.0.0
`;

  it('emits every non-local name as an exact domain', () => {
    const { items, rejections } = run(hostsFormat, crlf(sample));
    expect(items.map((i) => i.value)).toEqual([
      'evil.example',
      'a.evil.example',
      'b.evil.example',
      'c.evil.example',
    ]);
    expect(items[0]).toEqual({
      line: 8,
      value: 'evil.example',
      type: 'domain',
      exactDomain: true,
      threatType: 'phishing',
      lastSeen: '2024-05-01T08:00:00.000Z',
    });
    expect(items[3]!.description).toBe('three at once');
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [10, '"nonsense-without-address" is not an IP address; a hosts line is "address name [name…]"'],
      [11, 'the hosts line has an address but no host name'],
    ]);
  });

  it('detects hosts files over plain lists', () => {
    expect(hostsFormat.detect({ lines: ['# x', '0.0.0.0 a.example', '0.0.0.0 b.example'] })).toBe(0.8);
    expect(hostsFormat.detect({ lines: ['192.0.2.1', '192.0.2.2'] })).toBe(0);
  });

  const corpus = corpusLines('feeds/hosts_lists/nocoin.hosts.txt');
  it.skipIf(corpus === null)('reads the NoCoin hosts list', () => {
    const { items, rejections } = run(hostsFormat, corpus!);
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(189);
    expect(items[0]).toMatchObject({
      line: 12,
      value: '1q2w3.fun',
      exactDomain: true,
      threatType: 'cryptomining',
      lastSeen: '2025-03-05T00:00:00.000Z',
    });
  });
});

describe('dnsmasq', () => {
  const sample = `# Title: Malware domains
address=/evil.example/0.0.0.0
address=/a.example/b.example/#
server=/c2.example/
local=/bad.example/

server=/corp.example/10.0.0.53
address=/#/0.0.0.0
conf-file=/etc/other.conf
`;

  it('emits the domains of blocking directives, covering subdomains', () => {
    const { items, rejections } = run(dnsmasqFormat, crlf(sample));
    expect(items.map((i) => [i.line, i.value])).toEqual([
      [2, 'evil.example'],
      [3, 'a.example'],
      [3, 'b.example'],
      [4, 'c2.example'],
      [5, 'bad.example'],
    ]);
    expect(items[0]).toEqual({ line: 2, value: 'evil.example', type: 'domain', threatType: 'malware' });
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [7, 'server= forwards the domain to the resolver 10.0.0.53; it does not block it'],
      [8, 'the line applies to every domain ("#" or empty), not to a listed one'],
      [9, 'not an address=/…/, server=/…/ or local=/…/ line'],
    ]);
  });

  it('detects dnsmasq lists', () => {
    expect(dnsmasqFormat.detect({ lines: ['server=/a.example/', 'server=/b.example/'] })).toBe(0.9);
  });

  const corpus = corpusLines('feeds/hosts_lists/blocklistproject-ransomware.dnsmasq.txt');
  it.skipIf(corpus === null)('reads the Block List Project dnsmasq list', () => {
    const { items, rejections } = run(dnsmasqFormat, corpus!);
    expect(rejections).toEqual([]);
    expect(items).toHaveLength(187);
    expect(items[0]).toMatchObject({
      value: '25z5g623wpqpdwis.onion.to',
      threatType: 'ransomware',
      lastSeen: '2026-07-06T00:40:31.000Z',
    });
  });
});

describe('adblock', () => {
  const sample = `[Adblock Plus 2.0]
! Title: Anti-phishing list
! Last modified: 01 Jan 2024 00:00 UTC

||evil.example^
||tracker.example^$important,third-party
||192.0.2.7^
bare.example
@@||good.example^
example.com##.banner
||ads.example/path/*
||gone.example^$badfilter
`;

  it('emits domains of network rules and explains what it cannot use', () => {
    const { items, rejections } = run(adblockFormat, crlf(sample));
    expect(items.map((i) => i.value)).toEqual([
      'evil.example',
      'tracker.example',
      '192.0.2.7',
      'bare.example',
    ]);
    expect(items[0]).toEqual({
      line: 5,
      value: 'evil.example',
      type: 'domain',
      threatType: 'phishing',
      lastSeen: '2024-01-01T00:00:00.000Z',
    });
    expect(items[2]!.type).toBeUndefined();
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([
      [9, 'an exception rule (@@) allows traffic; it is not an indicator'],
      [10, 'a cosmetic (element hiding) rule names no domain to block'],
      [11, 'only domain rules (||domain^) can be imported; URL patterns and wildcards cannot'],
      [12, 'a $badfilter rule cancels another rule; it is not an indicator'],
    ]);
  });

  it('is certain with an [Adblock …] header', () => {
    expect(adblockFormat.detect({ lines: ['[Adblock Plus 2.0]', '||a.example^'] })).toBe(1);
    expect(adblockFormat.detect({ lines: ['! comment', '||a.example^', '||b.example^'] })).toBe(0.8);
  });
});
