import { describe, expect, it } from 'vitest';
import { headerLines } from './common.js';
import { ipsetNames } from './firewall.js';
import { rpzIpName } from './rpz.js';
import { sidOf, suricataContent } from './ids.js';
import { stixPattern, uuidv5 } from './stix.js';
import { body, context, entry, renderToString } from './test-support/entries.js';

const ips = [
  entry(1, 'ipv4', '198.51.100.7'),
  entry(2, 'cidr4', '203.0.113.0/24'),
  entry(3, 'ipv6', '2001:db8::1'),
  entry(4, 'cidr6', '2001:db8:5::/48'),
];
const domains = [
  entry(10, 'domain', 'evil.example'),
  entry(11, 'domain', 'exact.example', { exactDomain: true, family: null, threatType: null }),
];
const urls = [entry(20, 'url', 'http://bad.example/dl/x.exe?a=1')];

describe('header', () => {
  it('names the list, filters, counts and what was cut', () => {
    const lines = headerLines(
      context('paloalto-ip', {
        filters: { types: ['ipv4'], families: ['emotet'], minConfidence: 60, maxAgeDays: 30, tag: 'c26' },
        summary: {
          matched: 60_000,
          included: 50_000,
          limit: 50_000,
          part: 1,
          parts: 1,
          cut: { count: 10_000, confidence: 55, lastSeen: '2026-01-01T00:00:00.000Z' },
        },
      }),
    );
    expect(lines).toEqual([
      'lamsach blocklist test-list: Danh sách thử',
      'format paloalto-ip, generated 2026-11-22T10:00:00.000Z by lamsach',
      'filters: types=ipv4; families=emotet; min confidence=60; max age=30 days; tag=c26; allowlisted and expired indicators are never listed',
      'entries: 50 000 of 60 000 matching indicators',
      'limit: 50 000 entries per list (PAN-OS external dynamic list: 50 000 entries per list (model-dependent)); the entries kept are those of highest confidence, then most recently seen',
      'cut: 10 000 lower-priority entries left out, from confidence 55 last seen 2026-01-01T00:00:00.000Z down',
    ]);
  });

  it('says which part of a split list this is', () => {
    const lines = headerLines(
      context('fortigate-ip', {
        summary: { matched: 300_000, included: 131_072, limit: 131_072, part: 2, parts: 3, cut: null },
      }),
    );
    expect(lines[3]).toBe('entries: 131 072 of 300 000 matching indicators, part 2 of 3');
    expect(lines).toContain('split: parts 1 to 3, selected with ?part=N');
  });
});

describe('plain lists', () => {
  it('FortiGate IP feed: one address or network a line, header and trailer comments', async () => {
    const out = await renderToString(context('fortigate-ip'), ips);
    expect(out.startsWith('# lamsach blocklist test-list: Danh sách thử\n')).toBe(true);
    expect(body(out)).toBe('198.51.100.7\n203.0.113.0/24\n2001:db8::1\n2001:db8:5::/48\n');
    expect(out.endsWith('# end of list test-list: 4 entries\n')).toBe(true);
  });

  it('FortiGate domain feed: a wildcard line for subdomains unless the indicator is exact', async () => {
    expect(body(await renderToString(context('fortigate-domain'), domains))).toBe(
      'evil.example\n*.evil.example\nexact.example\n',
    );
  });

  it('FortiGate and PAN-OS URL lists carry no scheme', async () => {
    expect(body(await renderToString(context('fortigate-url'), urls))).toBe('bad.example/dl/x.exe?a=1\n');
    expect(body(await renderToString(context('paloalto-url'), urls))).toBe('bad.example/dl/x.exe?a=1\n');
  });

  it('PAN-OS domain list: plain names', async () => {
    expect(body(await renderToString(context('paloalto-domain'), domains))).toBe(
      'evil.example\nexact.example\n',
    );
  });

  it('hosts file', async () => {
    expect(body(await renderToString(context('hosts'), domains))).toBe(
      '0.0.0.0 evil.example\n0.0.0.0 exact.example\n',
    );
  });

  it('CSV: quoted where needed, tags joined with semicolons', async () => {
    const out = await renderToString(context('csv'), [
      entry(30, 'url', 'http://x.example/a,b', { family: 'qak"bot', tagsJson: '["a","b"]' }),
    ]);
    expect(body(out)).toBe(
      'value,type,threat_type,family,confidence,first_seen,last_seen,expires_at,tags\n' +
        '"http://x.example/a,b",url,c2,"qak""bot",80,2026-01-02T03:04:05.000Z,2026-02-03T04:05:06.000Z,2026-03-04T05:06:07.000Z,a;b\n',
    );
  });
});

describe('firewall scripts', () => {
  it('MikroTik: removes the previous list, then adds IPv4 and IPv6 under their own menus', async () => {
    expect(body(await renderToString(context('mikrotik'), ips))).toBe(
      '/ip firewall address-list remove [find where list="lamsach-test-list"]\n' +
        '/ipv6 firewall address-list remove [find where list="lamsach-test-list"]\n' +
        '/ip firewall address-list add list=lamsach-test-list address=198.51.100.7\n' +
        '/ip firewall address-list add list=lamsach-test-list address=203.0.113.0/24\n' +
        '/ipv6 firewall address-list add list=lamsach-test-list address=2001:db8::1\n' +
        '/ipv6 firewall address-list add list=lamsach-test-list address=2001:db8:5::/48\n',
    );
  });

  it('ipset restore: fills new sets, swaps them in, names within 31 characters', async () => {
    const params = 'hashsize 65536 maxelem 16777216 -exist';
    expect(body(await renderToString(context('ipset'), ips))).toBe(
      `create ls-test-list-v4-new hash:net family inet ${params}\n` +
        `create ls-test-list-v6-new hash:net family inet6 ${params}\n` +
        'flush ls-test-list-v4-new\nflush ls-test-list-v6-new\n' +
        'add ls-test-list-v4-new 198.51.100.7\nadd ls-test-list-v4-new 203.0.113.0/24\n' +
        'add ls-test-list-v6-new 2001:db8::1\nadd ls-test-list-v6-new 2001:db8:5::/48\n' +
        `create ls-test-list-v4 hash:net family inet ${params}\n` +
        `create ls-test-list-v6 hash:net family inet6 ${params}\n` +
        'swap ls-test-list-v4-new ls-test-list-v4\nswap ls-test-list-v6-new ls-test-list-v6\n' +
        'destroy ls-test-list-v4-new\ndestroy ls-test-list-v6-new\n',
    );
    const long = ipsetNames('a-very-long-list-name-for-the-whole-province');
    expect(`${long.v6}-new`.length).toBeLessThanOrEqual(31);
  });

  it('nftables script: declared sets flushed and refilled in batches', async () => {
    expect(body(await renderToString(context('nftables'), ips))).toBe(
      'add table inet lamsach\n' +
        'add set inet lamsach test_list_v4 { type ipv4_addr; flags interval; auto-merge; }\n' +
        'add set inet lamsach test_list_v6 { type ipv6_addr; flags interval; auto-merge; }\n' +
        'flush set inet lamsach test_list_v4\nflush set inet lamsach test_list_v6\n' +
        'add element inet lamsach test_list_v4 { 198.51.100.7, 203.0.113.0/24 }\n' +
        'add element inet lamsach test_list_v6 { 2001:db8::1, 2001:db8:5::/48 }\n',
    );
  });

  it('nftables set file: elements of each family together; no elements clause for an empty set', async () => {
    const out = body(await renderToString(context('nftables-set'), ips.slice(0, 2)));
    expect(out).toContain(
      'table inet lamsach {\n\tset test_list_v4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\tauto-merge\n' +
        '\t\telements = {\n\t\t\t198.51.100.7,\n\t\t\t203.0.113.0/24\n\t\t}\n\t}\n' +
        '\tset test_list_v6 {\n\t\ttype ipv6_addr\n\t\tflags interval\n\t\tauto-merge\n\t}\n}\n',
    );
  });
});

describe('RPZ', () => {
  it('rpz-ip owner names for addresses and networks of both families', () => {
    expect(rpzIpName('198.51.100.7')).toBe('32.7.100.51.198.rpz-ip');
    expect(rpzIpName('10.0.0.0/8')).toBe('8.0.0.0.10.rpz-ip');
    expect(rpzIpName('2001:db8::1')).toBe('128.1.zz.db8.2001.rpz-ip');
    expect(rpzIpName('2001:db8:5::/48')).toBe('48.zz.5.db8.2001.rpz-ip');
    expect(rpzIpName('fe80:1:2:3:4:5:6:7')).toBe('128.7.6.5.4.3.2.1.fe80.rpz-ip');
  });

  it('zone with SOA serial, NS, CNAME . for names and subdomains, rpz-ip for addresses', async () => {
    const out = await renderToString(context('rpz'), [...domains, ips[0]!, ips[3]!]);
    expect(out.startsWith('; lamsach blocklist test-list')).toBe(true);
    expect(body(out, ';')).toBe(
      '$TTL 300\n@ IN SOA localhost. hostmaster.localhost. ( 1790000000 3600 600 604800 300 )\n@ IN NS localhost.\n' +
        'evil.example CNAME .\n*.evil.example CNAME .\nexact.example CNAME .\n' +
        '32.7.100.51.198.rpz-ip CNAME .\n48.zz.5.db8.2001.rpz-ip CNAME .\n',
    );
  });
});

describe('sensors', () => {
  it('Suricata rules: DNS and TLS SNI rules per domain, IP and HTTP rules, stable sids', async () => {
    const out = body(
      await renderToString(context('suricata-rules'), [domains[0]!, domains[1]!, ips[0]!, urls[0]!]),
    );
    const lines = out.trim().split('\n');
    expect(lines).toEqual([
      `alert dns $HOME_NET any -> any any (msg:"LAMSACH test-list DNS query evil.example (c2 emotet)"; dns.query; dotprefix; content:".evil.example"; nocase; endswith; classtype:trojan-activity; sid:${sidOf(10, 0)}; rev:1; metadata:lamsach_list test-list, confidence 80;)`,
      `alert tls $HOME_NET any -> any any (msg:"LAMSACH test-list TLS SNI evil.example (c2 emotet)"; tls.sni; dotprefix; content:".evil.example"; nocase; endswith; classtype:trojan-activity; sid:${sidOf(10, 1)}; rev:1; metadata:lamsach_list test-list, confidence 80;)`,
      `alert dns $HOME_NET any -> any any (msg:"LAMSACH test-list DNS query exact.example"; dns.query; bsize:13; content:"exact.example"; nocase; classtype:trojan-activity; sid:${sidOf(11, 0)}; rev:1; metadata:lamsach_list test-list, confidence 80;)`,
      `alert tls $HOME_NET any -> any any (msg:"LAMSACH test-list TLS SNI exact.example"; tls.sni; bsize:13; content:"exact.example"; nocase; classtype:trojan-activity; sid:${sidOf(11, 1)}; rev:1; metadata:lamsach_list test-list, confidence 80;)`,
      `alert ip $HOME_NET any -> [198.51.100.7] any (msg:"LAMSACH test-list traffic to 198.51.100.7 (c2 emotet)"; classtype:trojan-activity; sid:${sidOf(1, 2)}; rev:1; metadata:lamsach_list test-list, confidence 80;)`,
      `alert http $HOME_NET any -> any any (msg:"LAMSACH test-list URL bad.example/dl/x.exe?a=1 (c2 emotet)"; http.host; bsize:11; content:"bad.example"; nocase; http.uri; bsize:13; content:"/dl/x.exe?a=1"; classtype:trojan-activity; sid:${sidOf(20, 3)}; rev:1; metadata:lamsach_list test-list, confidence 80;)`,
    ]);
    expect(sidOf(10, 0)).toBe(3_000_000_040);
    expect(suricataContent('a;b"c\\d|e')).toBe('a|3b|b|22|c|5c|d|7c|e');
  });

  it('Suricata datasets: base64 names, plain addresses, no comments at all', async () => {
    expect(await renderToString(context('suricata-dataset-domains'), domains)).toBe(
      'ZXZpbC5leGFtcGxl\nZXhhY3QuZXhhbXBsZQ==\n',
    );
    expect(await renderToString(context('suricata-dataset-ips'), [ips[0]!, ips[2]!])).toBe(
      '198.51.100.7\n2001:db8::1\n',
    );
  });

  it('Zeek intel: #fields first, typed items, URLs without scheme', async () => {
    const out = await renderToString(context('zeek-intel'), [ips[0]!, ips[1]!, domains[0]!, urls[0]!]);
    expect(
      out.startsWith('#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\n# lamsach blocklist'),
    ).toBe(true);
    expect(body(out).split('\n').slice(1).join('\n')).toBe(
      '198.51.100.7\tIntel::ADDR\tlamsach:test-list\tc2 emotet, confidence 80\n' +
        '203.0.113.0/24\tIntel::SUBNET\tlamsach:test-list\tc2 emotet, confidence 80\n' +
        'evil.example\tIntel::DOMAIN\tlamsach:test-list\tc2 emotet, confidence 80\n' +
        'bad.example/dl/x.exe?a=1\tIntel::URL\tlamsach:test-list\tc2 emotet, confidence 80\n',
    );
  });
});

describe('STIX 2.1', () => {
  it('a bundle of the identity and one indicator per entry, with stable ids and patterns', async () => {
    const out = await renderToString(context('stix'), [
      ips[0]!,
      domains[0]!,
      entry(40, 'sha256', 'ab'.repeat(32)),
    ]);
    const bundle = JSON.parse(out) as { type: string; objects: Record<string, unknown>[] };
    expect(bundle.type).toBe('bundle');
    expect(bundle.objects.map((o) => o.type)).toEqual(['identity', 'indicator', 'indicator', 'indicator']);
    expect(String(bundle.objects[0]!.description)).toContain('entries: 3 of 3');
    expect(bundle.objects[1]).toMatchObject({
      spec_version: '2.1',
      id: `indicator--${uuidv5('ipv4:198.51.100.7')}`,
      pattern: "[ipv4-addr:value = '198.51.100.7']",
      pattern_type: 'stix',
      valid_from: '2026-01-02T03:04:05.000Z',
      valid_until: '2026-03-04T05:06:07.000Z',
      confidence: 80,
      labels: ['c2', 'emotet', 'chien-dich-2026'],
    });
    expect(bundle.objects[3]!.pattern).toBe(`[file:hashes.'SHA-256' = '${'ab'.repeat(32)}']`);
    expect(uuidv5('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stixPattern(entry(1, 'url', "http://x.example/it's"))).toBe(
      "[url:value = 'http://x.example/it\\'s']",
    );
  });
});
