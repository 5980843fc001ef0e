/** Tests for the allowlist index: every matching rule, the explanations, and the shipped lists. */
import { describe, expect, it } from 'vitest';
import {
  AllowlistIndex,
  defaultAllowlistEntries,
  normaliseAllowlistEntry,
  type AllowlistEntry,
} from './allowlist.js';
import type { IndicatorType } from './model.js';
import { normaliseIndicator, type NormalisedIndicator } from './normalise.js';

function indicator(raw: string, hint?: IndicatorType, exactDomain = false): NormalisedIndicator {
  const result = normaliseIndicator(raw, hint, { exactDomain });
  if (!result.ok) throw new Error(result.reason);
  return result.indicator;
}

const shipped = new AllowlistIndex(defaultAllowlistEntries());

function explain(
  index: AllowlistIndex,
  raw: string,
  hint?: IndicatorType,
  exactDomain = false,
): string | null {
  return index.check(indicator(raw, hint, exactDomain))?.explanation ?? null;
}

describe('AllowlistIndex: addresses', () => {
  it.each([
    ['8.8.8.8', '8.8.8.8 is inside 8.8.8.8/32 (resolvers: Google Public DNS)'],
    ['10.1.2.3', '10.1.2.3 is inside 10.0.0.0/8 (reserved: Private-use network (RFC 1918))'],
    ['192.0.0.9', '192.0.0.9 is inside 192.0.0.9/32 (reserved: Port Control Protocol anycast (RFC 7723))'],
    ['192.0.0.200', '192.0.0.200 is inside 192.0.0.0/24 (reserved: IETF protocol assignments (RFC 6890))'],
    ['104.16.1.1', '104.16.1.1 is inside 104.16.0.0/13 (cdn: Cloudflare)'],
    ['2001:db8::1', '2001:db8::1 is inside 2001:db8::/32 (reserved: Documentation (RFC 3849))'],
    [
      '2606:4700:4700::1111',
      '2606:4700:4700::1111 is inside 2606:4700:4700::1111/128 (resolvers: Cloudflare DNS 1.1.1.1)',
    ],
    ['2606:4700:10::1', '2606:4700:10::1 is inside 2606:4700::/32 (cdn: Cloudflare)'],
    ['fe80::1', 'fe80::1 is inside fe80::/10 (reserved: Link-local unicast (RFC 4291))'],
  ])('%s', (raw, explanation) => {
    expect(explain(shipped, raw)).toBe(explanation);
  });

  it.each(['5.6.7.8', '203.113.131.1', '8.8.8.9', '2a00:1450::1', '2001:4860:4860::1'])(
    '%s is not allowlisted',
    (raw) => {
      expect(shipped.check(indicator(raw))).toBeNull();
    },
  );

  it('returns the entry object that matched', () => {
    const entry: AllowlistEntry = {
      list: 'own-network',
      kind: 'cidr',
      value: '203.113.0.0/16',
      reason: 'HQ',
    };
    const index = new AllowlistIndex([entry]);
    expect(index.check(indicator('203.113.9.9'))?.entry).toBe(entry);
  });

  it('looks an IPv4-mapped address up as IPv4', () => {
    const mapped: NormalisedIndicator = { type: 'ipv6', value: '::ffff:10.0.0.1', exactDomain: false };
    expect(shipped.check(mapped)?.explanation).toBe(
      '::ffff:10.0.0.1 is inside 10.0.0.0/8 (reserved: Private-use network (RFC 1918))',
    );
  });
});

describe('AllowlistIndex: networks', () => {
  it.each([
    ['10.1.0.0/16', '10.1.0.0/16 is inside 10.0.0.0/8 (reserved: Private-use network (RFC 1918))'],
    ['10.0.0.0/8', '10.0.0.0/8 equals 10.0.0.0/8 (reserved: Private-use network (RFC 1918))'],
    [
      '8.0.0.0/8',
      '8.0.0.0/8 contains 8.8.4.4/32 (resolvers: Google Public DNS); blocking it would block allowlisted addresses',
    ],
    [
      '8.8.8.0/24',
      '8.8.8.0/24 contains 8.8.8.8/32 (resolvers: Google Public DNS); blocking it would block allowlisted addresses',
    ],
    [
      '104.16.0.0/12',
      '104.16.0.0/12 contains 104.16.0.0/13 (cdn: Cloudflare); blocking it would block allowlisted addresses',
    ],
    [
      '0.0.0.0/0',
      '0.0.0.0/0 contains 0.0.0.0/32 (reserved: "This host on this network" (RFC 1122)); blocking it would block allowlisted addresses',
    ],
    [
      '2001:4860::/32',
      '2001:4860::/32 contains 2001:4860:4860::8844/128 (resolvers: Google Public DNS); blocking it would block allowlisted addresses',
    ],
    ['2001:db8:1::/48', '2001:db8:1::/48 is inside 2001:db8::/32 (reserved: Documentation (RFC 3849))'],
  ])('%s', (raw, explanation) => {
    expect(explain(shipped, raw)).toBe(explanation);
  });

  it.each(['5.6.7.0/24', '8.8.9.0/24', '2a00:1450::/32', '45.0.0.0/8'])('%s is not allowlisted', (raw) => {
    expect(shipped.check(indicator(raw))).toBeNull();
  });

  it('finds a contained block anywhere in the range, not only at its start', () => {
    const index = new AllowlistIndex([
      { list: 'own-network', kind: 'cidr', value: '198.100.7.128/25', reason: 'Unit A' },
      { list: 'own-network', kind: 'cidr', value: '2402:800:ff00::/40', reason: 'Unit B' },
    ]);
    expect(explain(index, '198.100.0.0/16')).toBe(
      '198.100.0.0/16 contains 198.100.7.128/25 (own-network: Unit A); blocking it would block allowlisted addresses',
    );
    expect(explain(index, '198.100.7.0/25')).toBeNull();
    expect(explain(index, '198.100.8.0/21')).toBeNull();
    expect(explain(index, '2402:800::/32')).toBe(
      '2402:800::/32 contains 2402:800:ff00::/40 (own-network: Unit B); blocking it would block allowlisted addresses',
    );
    expect(explain(index, '2402:800:fe00::/40')).toBeNull();
    expect(explain(index, '2402:801::/32')).toBeNull();
  });
});

describe('AllowlistIndex: domains', () => {
  const index = new AllowlistIndex([
    { list: 'popular-domains', kind: 'domain', value: 'Google.com', reason: 'Google' },
    { list: 'partners', kind: 'domain', value: 'mail.example.org', reason: 'Partner mail' },
    { list: 'own-network', kind: 'exact-domain', value: 'www.exact.vn', reason: 'Portal' },
  ]);

  it.each([
    ['google.com', false, 'google.com is allowlisted (popular-domains: Google)'],
    ['maps.google.com', false, 'maps.google.com is a subdomain of google.com (popular-domains: Google)'],
    ['a.b.google.com', true, 'a.b.google.com is a subdomain of google.com (popular-domains: Google)'],
    ['www.exact.vn', false, 'www.exact.vn is allowlisted (own-network: Portal)'],
    [
      'example.org',
      false,
      'example.org is a parent of mail.example.org (partners: Partner mail); blocking it would block that allowlisted domain',
    ],
    [
      'org',
      false,
      'org is a parent of mail.example.org (partners: Partner mail); blocking it would block that allowlisted domain',
    ],
    [
      'com',
      false,
      'com is a parent of google.com (popular-domains: Google); blocking it would block that allowlisted domain',
    ],
    [
      'exact.vn',
      false,
      'exact.vn is a parent of www.exact.vn (own-network: Portal); blocking it would block that allowlisted domain',
    ],
  ] as const)('%s (exact %s)', (raw, exact, explanation) => {
    expect(explain(index, raw, 'domain', exact)).toBe(explanation);
  });

  it.each([
    ['notgoogle.com', false],
    ['google.com.evil.vn', false],
    ['a.www.exact.vn', false],
    ['other.example.org', false],
    ['x.mail.example.org.evil.com', false],
    // An exact indicator blocks only its own name, so it does not endanger the listed child.
    ['example.org', true],
    ['com', true],
    ['exact.vn', true],
  ] as const)('%s (exact %s) is not allowlisted', (raw, exact) => {
    expect(index.check(indicator(raw, 'domain', exact))).toBeNull();
  });

  it('allowlists popular domains and their subdomains in the shipped lists', () => {
    expect(explain(shipped, 'mail.google.com')).toBe(
      'mail.google.com is a subdomain of google.com (popular-domains: Google)',
    );
    expect(explain(shipped, 'VNEXPRESS.net')).toBe(
      'vnexpress.net is allowlisted (popular-domains: VnExpress)',
    );
    expect(explain(shipped, 'download.windowsupdate.com')).toBe(
      'download.windowsupdate.com is a subdomain of windowsupdate.com (popular-domains: Microsoft Windows Update)',
    );
    expect(explain(shipped, 'vn', 'domain')).toMatch(
      /^vn is a parent of [a-z0-9.-]+\.vn \(popular-domains: /,
    );
  });

  it.each([
    'blogspot.com',
    'evil.blogspot.com',
    'github.io',
    'attacker.github.io',
    'gov.vn',
    'example.gov.vn',
    'raw.githubusercontent.com',
    'duckdns.org',
    'x.duckdns.org',
    'ngrok.io',
    'ngrok-free.app',
    '000webhostapp.com',
    'herokuapp.com',
    'netlify.app',
    'vercel.app',
    'pages.dev',
    'workers.dev',
    'web.app',
    'firebaseapp.com',
    'appspot.com',
    'azurewebsites.net',
    'blob.core.windows.net',
    'cloudfront.net',
    's3.amazonaws.com',
    'storage.googleapis.com',
    'lh3.googleusercontent.com',
    'sites.wordpress.com',
    'evil.sharepoint.com',
    'no-ip.com',
    'ddns.net',
    'bit.ly',
    'tinyurl.com',
    'pastebin.com',
    'cdn.discordapp.com',
    'evil-google.com',
  ])('%s is not allowlisted by the shipped lists', (raw) => {
    expect(shipped.check(indicator(raw, 'domain'))).toBeNull();
  });
});

describe('AllowlistIndex: URLs', () => {
  const index = new AllowlistIndex([
    ...defaultAllowlistEntries(),
    { list: 'vendors', kind: 'url', value: 'HTTPS://Example.COM:443/downloads/', reason: 'Vendor downloads' },
    { list: 'vendors', kind: 'url', value: 'http://example.net/tool.exe', reason: 'Vendor tool' },
  ]);

  it.each([
    [
      'https://example.com/downloads/',
      'https://example.com/downloads/ is allowlisted (vendors: Vendor downloads)',
    ],
    [
      'https://example.com/downloads/a/setup.msi',
      'https://example.com/downloads/a/setup.msi starts with https://example.com/downloads/ (vendors: Vendor downloads)',
    ],
    ['http://example.net/tool.exe', 'http://example.net/tool.exe is allowlisted (vendors: Vendor tool)'],
    [
      'http://example.net/tool.exe?v=2',
      'http://example.net/tool.exe?v=2 starts with http://example.net/tool.exe (vendors: Vendor tool)',
    ],
    [
      'http://example.net/tool.exe/x',
      'http://example.net/tool.exe/x starts with http://example.net/tool.exe (vendors: Vendor tool)',
    ],
  ])('%s', (raw, explanation) => {
    expect(explain(index, raw)).toBe(explanation);
  });

  it.each([
    'https://example.com/downloads',
    'https://example.com/downloadsX/a',
    'http://example.com/downloads/a',
    'http://example.net/tool.exe2',
    'http://example.net/',
    // A popular host does not allowlist its URLs.
    'https://www.google.com/url?q=http://evil.example',
    'https://github.com/attacker/payload/raw/main/x.exe',
    'http://8.8.8.8/x',
    'http://10.0.0.1/admin',
  ])('%s is not allowlisted', (raw) => {
    expect(index.check(indicator(raw))).toBeNull();
  });
});

describe('AllowlistIndex: other types and construction', () => {
  it('never allowlists hashes or AS numbers', () => {
    for (const raw of ['AS15169', 'AS13335', 'd41d8cd98f00b204e9800998ecf8427e']) {
      expect(shipped.check(indicator(raw))).toBeNull();
    }
  });

  it('skips and reports invalid entries when asked to', () => {
    const reported: string[] = [];
    const index = new AllowlistIndex(
      [
        { list: 'own-network', kind: 'cidr', value: '10.0.0.1/8', reason: 'typo' },
        { list: 'own-network', kind: 'cidr', value: '198.51.100.0/24', reason: 'HQ' },
      ],
      { onInvalid: (_entry, message) => reported.push(message) },
    );
    expect(reported).toEqual([
      'allowlist "own-network" entry "10.0.0.1/8": "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?',
    ]);
    expect(index.size).toBe(1);
    expect(explain(index, '198.51.100.7')).toBe('198.51.100.7 is inside 198.51.100.0/24 (own-network: HQ)');
    expect(explain(index, '10.0.0.1')).toBeNull();
  });

  it('counts entries', () => {
    expect(new AllowlistIndex([]).size).toBe(0);
    expect(shipped.size).toBe(defaultAllowlistEntries().length);
  });

  it('rejects an invalid entry with a message naming the list and value', () => {
    expect(
      () => new AllowlistIndex([{ list: 'own-network', kind: 'cidr', value: '10.0.0.1/8', reason: 'x' }]),
    ).toThrow(
      'allowlist "own-network" entry "10.0.0.1/8": "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?',
    );
    expect(() => new AllowlistIndex([{ list: 'mine', kind: 'domain', value: 'a..b', reason: 'x' }])).toThrow(
      /^allowlist "mine" entry "a\.\.b": /,
    );
    expect(
      () => new AllowlistIndex([{ list: 'mine', kind: 'url', value: 'mailto:x@y.vn', reason: 'x' }]),
    ).toThrow(/uses the "mailto" scheme/);
  });
});

describe('defaultAllowlistEntries', () => {
  const entries = defaultAllowlistEntries();
  const byList = (list: string): AllowlistEntry[] => entries.filter((e) => e.list === list);

  it('ships the four lists', () => {
    expect([...new Set(entries.map((e) => e.list))]).toEqual([
      'reserved',
      'resolvers',
      'cdn',
      'popular-domains',
    ]);
    expect(byList('reserved').length).toBeGreaterThanOrEqual(45);
    expect(byList('resolvers').length).toBeGreaterThanOrEqual(60);
    expect(byList('cdn').length).toBeGreaterThanOrEqual(22);
    expect(byList('popular-domains').length).toBeGreaterThanOrEqual(280);
    expect(byList('popular-domains').length).toBeLessThanOrEqual(450);
  });

  it('holds only valid values, already in canonical form, with a reason', () => {
    for (const entry of entries) {
      const normal = normaliseAllowlistEntry(entry);
      expect(normal, `${entry.list} ${entry.value}`).toEqual({ ok: true, value: entry.value });
      expect(entry.reason.trim().length, `${entry.list} ${entry.value}`).toBeGreaterThan(1);
    }
  });

  it('holds no duplicates', () => {
    const seen = new Set<string>();
    const duplicates = entries
      .map((e) => `${e.kind} ${e.value}`)
      .filter((key) => seen.size === seen.add(key).size);
    expect(duplicates).toEqual([]);
  });

  it('covers the IANA blocks named in the brief', () => {
    const reserved = new Set(byList('reserved').map((e) => e.value));
    for (const block of [
      '0.0.0.0/8',
      '10.0.0.0/8',
      '100.64.0.0/10',
      '127.0.0.0/8',
      '169.254.0.0/16',
      '172.16.0.0/12',
      '192.0.0.0/24',
      '192.0.2.0/24',
      '192.88.99.0/24',
      '192.168.0.0/16',
      '198.18.0.0/15',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '224.0.0.0/4',
      '240.0.0.0/4',
      '255.255.255.255/32',
      '::1/128',
      '::/128',
      '::ffff:0.0.0.0/96',
      '64:ff9b::/96',
      '100::/64',
      '2001:db8::/32',
      'fc00::/7',
      'fe80::/10',
      'ff00::/8',
    ]) {
      expect(reserved.has(block), block).toBe(true);
    }
  });

  it('contains no gov.vn name and no free-hosting parent', () => {
    const domains = byList('popular-domains').map((e) => e.value);
    expect(domains.filter((d) => d === 'gov.vn' || d.endsWith('.gov.vn'))).toEqual([]);
    for (const parent of ['blogspot.com', 'github.io', 'duckdns.org', 'ngrok.io', '000webhostapp.com']) {
      expect(domains.filter((d) => d === parent || d.endsWith(`.${parent}`))).toEqual([]);
    }
    for (const name of [
      'google.com',
      'zalo.me',
      'vnexpress.net',
      'vietcombank.com.vn',
      'windowsupdate.com',
    ]) {
      expect(domains).toContain(name);
    }
  });
});
