/** Tests for indicator normalisation: a table of accepted and rejected values, plus properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indicatorTypes, type IndicatorType } from './model.js';
import { MAX_INDICATOR_LENGTH, inferIndicatorType, normaliseIndicator } from './normalise.js';

const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

type Accepted = [raw: string, hint: IndicatorType | undefined, type: IndicatorType, value: string];

const accepted: Accepted[] = [
  // IPv4
  ['1.2.3.4', undefined, 'ipv4', '1.2.3.4'],
  ['  1.2.3.4\t', undefined, 'ipv4', '1.2.3.4'],
  ['1.2.3[.]4', undefined, 'ipv4', '1.2.3.4'],
  ['1[.]2[.]3[.]4', undefined, 'ipv4', '1.2.3.4'],
  ['1(.)2(.)3(.)4', undefined, 'ipv4', '1.2.3.4'],
  ['0.0.0.0', undefined, 'ipv4', '0.0.0.0'],
  ['255.255.255.255', 'ipv4', 'ipv4', '255.255.255.255'],
  ['1.2.3.4/32', undefined, 'ipv4', '1.2.3.4'],
  ['::ffff:1.2.3.4', undefined, 'ipv4', '1.2.3.4'],
  ['::FFFF:102:304', 'ipv6', 'ipv4', '1.2.3.4'],
  ['[::ffff:1.2.3.4]', undefined, 'ipv4', '1.2.3.4'],
  // IPv6
  ['2001:0DB8:0000:0000:0000:0000:0000:0001', undefined, 'ipv6', '2001:db8::1'],
  ['2001:db8:0:0:1:0:0:1', undefined, 'ipv6', '2001:db8::1:0:0:1'],
  ['2001:db8::/128', undefined, 'ipv6', '2001:db8::'],
  ['[2001:db8::1]', undefined, 'ipv6', '2001:db8::1'],
  ['2001:db8[:]:1', undefined, 'ipv6', '2001:db8::1'],
  ['::1', 'ipv4', 'ipv6', '::1'],
  ['::', undefined, 'ipv6', '::'],
  // CIDR
  ['10.0.0.0/8', undefined, 'cidr4', '10.0.0.0/8'],
  ['10.0.0.0/8', 'ipv4', 'cidr4', '10.0.0.0/8'],
  ['0.0.0.0/0', undefined, 'cidr4', '0.0.0.0/0'],
  ['192.168.1[.]0/24', undefined, 'cidr4', '192.168.1.0/24'],
  ['2001:DB8::/32', undefined, 'cidr6', '2001:db8::/32'],
  ['[2001:db8::]/48', undefined, 'cidr6', '2001:db8::/48'],
  ['::ffff:1.2.3.0/120', undefined, 'cidr4', '1.2.3.0/24'],
  ['::ffff:0:0/96', 'cidr6', 'cidr4', '0.0.0.0/0'],
  // Domains
  ['Example.COM', undefined, 'domain', 'example.com'],
  ['example.com.', undefined, 'domain', 'example.com'],
  ['example[.]com', undefined, 'domain', 'example.com'],
  ['example(.)com', undefined, 'domain', 'example.com'],
  ['example{.}com', undefined, 'domain', 'example.com'],
  ['example[dot]com', undefined, 'domain', 'example.com'],
  ['*.example.com', undefined, 'domain', 'example.com'],
  ['.example.com', 'domain', 'domain', 'example.com'],
  ['Bộcôngan.VN', undefined, 'domain', 'xn--bcngan-jxa6332d.vn'],
  ['xn--bcngan-jxa6332d.vn', 'domain', 'domain', 'xn--bcngan-jxa6332d.vn'],
  ['_dmarc.example.vn', undefined, 'domain', '_dmarc.example.vn'],
  ['localhost', 'domain', 'domain', 'localhost'],
  ['1.2.3.4', 'domain', 'ipv4', '1.2.3.4'],
  ['1.2.3.4.', 'domain', 'ipv4', '1.2.3.4'],
  ['2001:db8::1', 'domain', 'ipv6', '2001:db8::1'],
  // URLs
  ['http://example.com/', undefined, 'url', 'http://example.com/'],
  ['HTTP://EXAMPLE.COM/Path/File.EXE', undefined, 'url', 'http://example.com/Path/File.EXE'],
  ['http://example.com', undefined, 'url', 'http://example.com/'],
  ['http://example.com:80/a', undefined, 'url', 'http://example.com/a'],
  ['https://example.com:443/a', undefined, 'url', 'https://example.com/a'],
  ['https://example.com:8443/a', undefined, 'url', 'https://example.com:8443/a'],
  ['ftp://example.com:21/pub/x.bin', undefined, 'url', 'ftp://example.com/pub/x.bin'],
  ['http://example.com/a#fragment', undefined, 'url', 'http://example.com/a'],
  ['http://example.com/a b?q=1 2', undefined, 'url', 'http://example.com/a%20b?q=1%202'],
  ['hxxp://evil[.]com/payload.exe', undefined, 'url', 'http://evil.com/payload.exe'],
  ['hXXps[:]//evil(.)com/x', undefined, 'url', 'https://evil.com/x'],
  ['hxxp[://]evil[.]com/x', undefined, 'url', 'http://evil.com/x'],
  ['fxp://files.example.com/a', undefined, 'url', 'ftp://files.example.com/a'],
  ['example.com/path?x', undefined, 'url', 'http://example.com/path?x'],
  ['//example.com/a', 'url', 'url', 'http://example.com/a'],
  ['example.com', 'url', 'url', 'http://example.com/'],
  ['evil.com:8080', undefined, 'url', 'http://evil.com:8080/'],
  ['1.2.3.4:8080/gate.php', undefined, 'url', 'http://1.2.3.4:8080/gate.php'],
  ['1.2.3.4/bins/mirai.arm', undefined, 'url', 'http://1.2.3.4/bins/mirai.arm'],
  ['http://Bộcôngan.vn/a', undefined, 'url', 'http://xn--bcngan-jxa6332d.vn/a'],
  ['http://evil.com./a', undefined, 'url', 'http://evil.com/a'],
  ['http://[2001:DB8::1]:8080/a', undefined, 'url', 'http://[2001:db8::1]:8080/a'],
  ['http://[::ffff:1.2.3.4]/a', undefined, 'url', 'http://1.2.3.4/a'],
  ['http://0x7f.1/', undefined, 'url', 'http://127.0.0.1/'],
  ['http://user:pw@example.com/a/../b', undefined, 'url', 'http://user:pw@example.com/b'],
  ['http://bad_host.example.com/x', undefined, 'url', 'http://bad_host.example.com/x'],
  ['http://example.com/?', undefined, 'url', 'http://example.com/?'],
  // Hashes
  [MD5.toUpperCase(), undefined, 'md5', MD5],
  [SHA1, undefined, 'sha1', SHA1],
  [` ${SHA256.toUpperCase()} `, undefined, 'sha256', SHA256],
  [SHA256, 'sha256', 'sha256', SHA256],
  // AS numbers
  ['AS13335', undefined, 'asn', 'AS13335'],
  ['as13335', undefined, 'asn', 'AS13335'],
  ['ASN13335', undefined, 'asn', 'AS13335'],
  ['13335', 'asn', 'asn', 'AS13335'],
  ['AS 4294967295', 'asn', 'asn', 'AS4294967295'],
  ['AS1', undefined, 'asn', 'AS1'],
  ['AS007', 'asn', 'asn', 'AS7'],
];

describe('normaliseIndicator: accepted', () => {
  it.each(accepted)('%j (hint %s) → %s %s', (raw, hint, type, value) => {
    expect(normaliseIndicator(raw, hint)).toEqual({
      ok: true,
      indicator: { type, value, exactDomain: false },
    });
  });
});

type Rejected = [raw: string, hint: IndicatorType | undefined, reason: string];

const rejected: Rejected[] = [
  ['', undefined, 'The indicator is empty.'],
  [' \t ', undefined, 'The indicator is empty.'],
  ['10.0.0.1/24', undefined, '"10.0.0.1/24" has host bits set; did you mean 10.0.0.0/24?'],
  ['2001:db8::1/32', undefined, '"2001:db8::1/32" has host bits set; did you mean 2001:db8::/32?'],
  [
    '1.2.3.4/33',
    undefined,
    '"1.2.3.4/33" is not a valid IP address or CIDR block: prefix length 33 is out of range for IPv4.',
  ],
  [
    '10.0.0.0/08',
    undefined,
    '"10.0.0.0/08" is not a valid IP address or CIDR block: prefix length "08" has a leading zero; write 8.',
  ],
  ['1.2.3.400', undefined, '"1.2.3.400" has an octet greater than 255 ("400").'],
  ['1.2.3', 'ipv4', '"1.2.3" does not have exactly four dot-separated octets.'],
  [
    '010.1.1.1',
    undefined,
    '"010.1.1.1" has an octet with a leading zero ("010"), which is ambiguous (octal or decimal?).',
  ],
  ['fe80::1%eth0', undefined, '"fe80::1%eth0" has a zone id ("%eth0"); zone ids are not accepted.'],
  ['2001:db8:::1', undefined, '"2001:db8:::1" is not an IPv4 or IPv6 address.'],
  ['evil.com', 'ipv4', '"evil.com" is not an IPv4 or IPv6 address.'],
  ['hello', undefined, '"hello" is not an IP address, CIDR block, domain name, URL, file hash or AS number.'],
  ['13335', undefined, '"13335" is not an IP address, CIDR block, domain name, URL, file hash or AS number.'],
  ['a@b.com', undefined, '"a@b.com" contains the character "@", which is not allowed in a domain name.'],
  [
    'my_host.example.vn',
    undefined,
    '"my_host.example.vn" is not a valid domain name: label "my_host" contains "_"; an underscore is only allowed at the start of a label (as in _dmarc).',
  ],
  ['http://x.com/a', 'domain', '"http://x.com/a" is a URL, not a domain name.'],
  [
    'mailto:a@b.com',
    undefined,
    '"mailto:a@b.com" uses the "mailto" scheme; only http, https and ftp URLs are accepted.',
  ],
  [
    'javascript:alert(1)',
    undefined,
    '"javascript:alert(1)" uses the "javascript" scheme; only http, https and ftp URLs are accepted.',
  ],
  [
    'file:///etc/passwd',
    undefined,
    '"file:///etc/passwd" uses the "file" scheme; only http, https and ftp URLs are accepted.',
  ],
  ['http://a b.com/', undefined, '"http://a b.com/" is not a valid URL.'],
  ['http://999.1.1.1/', undefined, '"http://999.1.1.1/" is not a valid URL.'],
  ['http://evil.com:99999/', undefined, '"http://evil.com:99999/" is not a valid URL.'],
  [
    'http://a(b).com/',
    undefined,
    '"http://a(b).com/" is not a valid URL: the host "a(b).com" contains "(", which is not allowed in a host name.',
  ],
  [
    'http://a..b.com/',
    undefined,
    '"http://a..b.com/" is not a valid URL: the host "a..b.com" has an empty label.',
  ],
  [SHA256, 'md5', `"${SHA256}" has 64 hexadecimal digits, which makes it a SHA-256 hash, not an MD5 hash.`],
  [MD5, 'sha1', `"${MD5}" has 32 hexadecimal digits, which makes it an MD5 hash, not a SHA-1 hash.`],
  ['abc123', 'md5', '"abc123" has 6 hexadecimal digits, but an MD5 hash has exactly 32.'],
  ['not-a-hash', 'sha256', '"not-a-hash" is not a SHA-256 hash: it must be 64 hexadecimal digits.'],
  ['AS0', undefined, '"AS0" is out of range: AS numbers run from 1 to 4294967295.'],
  ['AS4294967296', undefined, '"AS4294967296" is out of range: AS numbers run from 1 to 4294967295.'],
  ['Cloudflare', 'asn', '"Cloudflare" is not an AS number; write it as AS13335 or 13335.'],
];

describe('normaliseIndicator: rejected', () => {
  it.each(rejected)('%j (hint %s)', (raw, hint, reason) => {
    expect(normaliseIndicator(raw, hint)).toEqual({ ok: false, reason });
  });

  it('names a truncated excerpt of an overlong value', () => {
    const raw = 'a'.repeat(MAX_INDICATOR_LENGTH + 1);
    const result = normaliseIndicator(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(
        `"${'a'.repeat(100)}…" is ${MAX_INDICATOR_LENGTH + 1} characters long, more than the ${MAX_INDICATOR_LENGTH} an indicator may have.`,
      );
    }
  });

  it('truncates long values in reasons', () => {
    const raw = `${'x'.repeat(300)} y`;
    const result = normaliseIndicator(raw, 'asn');
    expect(result).toEqual({
      ok: false,
      reason: `"${'x'.repeat(100)}…" is not an AS number; write it as AS13335 or 13335.`,
    });
  });
});

describe('normaliseIndicator: exact domains', () => {
  it('takes exactDomain from the option', () => {
    expect(normaliseIndicator('www.example.com', 'domain', { exactDomain: true })).toEqual({
      ok: true,
      indicator: { type: 'domain', value: 'www.example.com', exactDomain: true },
    });
    expect(normaliseIndicator('www.example.com', undefined, { exactDomain: true })).toEqual({
      ok: true,
      indicator: { type: 'domain', value: 'www.example.com', exactDomain: true },
    });
  });

  it('lets an explicit "*." win over the option', () => {
    expect(normaliseIndicator('*.example.com', 'domain', { exactDomain: true })).toEqual({
      ok: true,
      indicator: { type: 'domain', value: 'example.com', exactDomain: false },
    });
  });

  it('ignores the option for other types', () => {
    expect(normaliseIndicator('1.2.3.4', 'domain', { exactDomain: true })).toEqual({
      ok: true,
      indicator: { type: 'ipv4', value: '1.2.3.4', exactDomain: false },
    });
    expect(normaliseIndicator('http://a.com/', undefined, { exactDomain: true })).toEqual({
      ok: true,
      indicator: { type: 'url', value: 'http://a.com/', exactDomain: false },
    });
  });
});

describe('inferIndicatorType', () => {
  it.each([
    ['1.2.3.4', 'ipv4'],
    ['1.2.3[.]4', 'ipv4'],
    ['1.2.3.400', 'ipv4'],
    ['::ffff:1.2.3.4', 'ipv4'],
    ['2001:db8::1', 'ipv6'],
    ['2001:db8:::1', 'ipv6'],
    ['10.0.0.0/8', 'cidr4'],
    ['10.0.0.1/24', 'cidr4'],
    ['1.2.3.4/32', 'ipv4'],
    ['2001:db8::/32', 'cidr6'],
    ['2001:db8::1/128', 'ipv6'],
    ['::ffff:1.2.3.0/120', 'cidr4'],
    ['example.com', 'domain'],
    ['*.example.com', 'domain'],
    ['http://example.com/', 'url'],
    ['hxxp://evil[.]com', 'url'],
    ['example.com/a', 'url'],
    ['evil.com:8080', 'url'],
    ['1.2.3.4/x.php', 'url'],
    ['mailto:a@b.com', 'url'],
    [MD5, 'md5'],
    [SHA1.toUpperCase(), 'sha1'],
    [SHA256, 'sha256'],
    ['AS13335', 'asn'],
    ['13335', null],
    ['hello', null],
    ['foo/bar', null],
    ['', null],
  ] as const)('%j → %s', (raw, type) => {
    expect(inferIndicatorType(raw)).toBe(type);
  });
});

const hints = fc.option(fc.constantFrom(...indicatorTypes), { nil: undefined });

/** Values that look like indicators, many of them broken, plus arbitrary text. */
const candidates = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.fullUnicodeString({ maxLength: 40 }),
  fc.ipV4(),
  fc.ipV6(),
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 40 })).map(([ip, n]) => `${ip}/${n}`),
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 130 })).map(([ip, n]) => `${ip}/${n}`),
  fc.domain(),
  fc.domain().map((d) => d.replaceAll('.', '[.]').toUpperCase()),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
  fc.webUrl({ withQueryParameters: true }).map((u) => u.replace(/^http/, 'hxxp').replaceAll('.', '[.]')),
  fc.hexaString({ minLength: 30, maxLength: 66 }),
  fc.integer({ min: -5, max: 2 ** 33 }).map((n) => `AS${n}`),
  fc
    .array(
      fc.constantFrom('[.]', '(.)', '[', ']', '.', ':', '/', 'a', '1', 'hxxp', '*.', '%', '?', '#', ' '),
      {
        maxLength: 12,
      },
    )
    .map((parts) => parts.join('')),
);

describe('normaliseIndicator: properties', () => {
  it('never throws, and a rejection is one sentence', () => {
    fc.assert(
      fc.property(candidates, hints, fc.boolean(), (raw, hint, exactDomain) => {
        const result = normaliseIndicator(raw, hint, { exactDomain });
        if (!result.ok) {
          expect(result.reason).toMatch(/^["A-Z].*[.?!]$/s);
        }
        expect(() => inferIndicatorType(raw)).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent: a normalised value normalises to itself', () => {
    fc.assert(
      fc.property(candidates, hints, fc.boolean(), (raw, hint, exactDomain) => {
        const first = normaliseIndicator(raw, hint, { exactDomain });
        if (!first.ok) return;
        const { type, value } = first.indicator;
        expect(normaliseIndicator(value, type, { exactDomain: first.indicator.exactDomain })).toEqual(first);
        if (type !== 'domain' || value.includes('.')) {
          expect(inferIndicatorType(value)).toBe(type);
          expect(normaliseIndicator(value, undefined, { exactDomain: first.indicator.exactDomain })).toEqual(
            first,
          );
        }
      }),
      { numRuns: 3000 },
    );
  });
});
