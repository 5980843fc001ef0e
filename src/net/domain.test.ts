import { domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainIndex, normaliseDomain } from './domain.js';

function reason(text: string): string {
  const result = normaliseDomain(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be rejected, got ${result.value}`);
  return result.reason;
}

describe('normaliseDomain: accepted', () => {
  it.each([
    ['example.gov.vn', 'example.gov.vn'],
    ['EXAMPLE.Gov.VN', 'example.gov.vn'],
    ['example.gov.vn.', 'example.gov.vn'],
    ['  example.gov.vn \n', 'example.gov.vn'],
    ['vn', 'vn'],
    ['a.b.c.d.example.gov.vn', 'a.b.c.d.example.gov.vn'],
    ['123.vn', '123.vn'],
    ['a-b.vn', 'a-b.vn'],
    ['ab--cd.vn', 'ab--cd.vn'],
    ['_dmarc.example.gov.vn', '_dmarc.example.gov.vn'],
    ['sel1._domainkey.example.gov.vn', 'sel1._domainkey.example.gov.vn'],
    ['_sip._tcp.example.vn', '_sip._tcp.example.vn'],
    ['_acme-challenge.example.vn', '_acme-challenge.example.vn'],
    ['xn--bcngan-jxa6332d.vn', 'xn--bcngan-jxa6332d.vn'],
    ['XN--BCNGAN-JXA6332D.VN', 'xn--bcngan-jxa6332d.vn'],
  ])('%j → %s', (text, expected) => {
    expect(normaliseDomain(text)).toEqual({ ok: true, value: expected });
  });

  it('converts Vietnamese IDNs to punycode', () => {
    const result = normaliseDomain('Bộcôngan.VN.');
    expect(result).toEqual({ ok: true, value: 'xn--bcngan-jxa6332d.vn' });
    if (result.ok) expect(domainToUnicode(result.value)).toBe('bộcôngan.vn');
    const other = normaliseDomain('tênmiền.gov.vn');
    expect(other.ok && other.value.startsWith('xn--') && other.value.endsWith('.gov.vn')).toBe(true);
  });

  it('accepts the length limits exactly', () => {
    const label63 = 'a'.repeat(63);
    expect(normaliseDomain(`${label63}.vn`)).toEqual({ ok: true, value: `${label63}.vn` });
    // 4 × 63 + 1 = 253 characters including dots.
    const name253 = [label63, label63, label63, 'a'.repeat(61)].join('.');
    expect(name253.length).toBe(253);
    expect(normaliseDomain(name253)).toEqual({ ok: true, value: name253 });
    expect(normaliseDomain(`${name253}.`)).toEqual({ ok: true, value: name253 });
  });
});

describe('normaliseDomain: rejected', () => {
  it.each([
    ['', 'the domain name is empty'],
    ['   ', 'the domain name is empty'],
    ['.', 'the domain name is empty (only the root ".")'],
    ['a..b.vn', '"a..b.vn" has an empty label (two dots in a row, or a leading dot)'],
    ['.example.vn', '".example.vn" has an empty label (two dots in a row, or a leading dot)'],
    ['example.vn..', '"example.vn.." has an empty label (two dots in a row, or a leading dot)'],
    ['-bad.vn', 'label "-bad" starts or ends with a hyphen'],
    ['bad-.vn', 'label "bad-" starts or ends with a hyphen'],
    [
      'my_host.example.vn',
      'label "my_host" contains "_"; an underscore is only allowed at the start of a label (as in _dmarc)',
    ],
    [
      'example._vn',
      'the last label "_vn" starts with "_"; an underscore is only allowed at the start of a label that is not the last (as in _dmarc.example.gov.vn)',
    ],
    [
      '*.example.vn',
      '"*.example.vn" contains a wildcard "*"; register the parent domain instead, it covers every subdomain',
    ],
    ['exa mple.vn', '"exa mple.vn" contains whitespace'],
    [
      'example.vn/path',
      '"example.vn/path" contains the character "/", which is not allowed in a domain name',
    ],
    [
      'user@example.vn',
      '"user@example.vn" contains the character "@", which is not allowed in a domain name',
    ],
    ['example.123', '"example.123" ends with an all-numeric label, which is not a valid domain name'],
    ['1.2.3.4', '"1.2.3.4" is an IP address, not a domain name'],
    ['2001:db8::1', '"2001:db8::1" is an IP address, not a domain name'],
    ['[2001:db8::1]', '"[2001:db8::1]" is an IP address, not a domain name'],
    ['１２７.０.０.１', '"１２７.０.０.１" is an IP address, not a domain name'],
    ['xn--zz.vn', '"xn--zz.vn" contains an "xn--" label that is not valid punycode'],
    [
      'exa\u0000mple.vn',
      '"exa\\u0000mple.vn" contains the character "\\u0000", which is not allowed in a domain name',
    ],
  ])('%j', (text, expected) => {
    expect(reason(text)).toBe(expected);
  });

  it('rejects labels over 63 and names over 253 characters', () => {
    expect(reason(`${'a'.repeat(64)}.vn`)).toMatch(
      /^label "a+…" is 64 characters long; a label may have at most 63$/,
    );
    const name254 = ['a'.repeat(63), 'a'.repeat(63), 'a'.repeat(63), 'a'.repeat(62)].join('.');
    expect(reason(name254)).toMatch(/is 254 characters long; a domain name may have at most 253$/);
  });

  it('rejects hostile input with short messages', () => {
    for (const text of [
      'a'.repeat(100_000),
      `${'a.'.repeat(50_000)}vn`,
      'ộ'.repeat(5000),
      '\u0000'.repeat(2000),
    ]) {
      const message = reason(text);
      expect(message.length).toBeLessThan(200);
    }
  });

  it('rejects invalid IDN input', () => {
    for (const text of ['a\uffff.vn', 'é<.vn', '\u0301a.vn', 'é%.vn']) {
      expect(reason(text)).toBe(`${JSON.stringify(text)} is not a valid internationalised domain name`);
    }
    expect(reason('é..vn')).toBe('"é..vn" has an empty label (two dots in a row, or a leading dot)');
    expect(reason('exa mplé.vn')).toBeTruthy();
  });

  it('applies UTS #46 mapping like a browser would (invisible and full-width characters)', () => {
    expect(normaliseDomain('ex\u00adample.vn')).toEqual({ ok: true, value: 'example.vn' });
    expect(normaliseDomain('ｅｘａｍｐｌｅ.vn')).toEqual({ ok: true, value: 'example.vn' });
  });
});

describe('DomainIndex', () => {
  const index = new DomainIndex<string>();
  index.insert('gov.vn', 'national');
  index.insert('example.gov.vn', 'ministry');
  index.insert('Sub.Example.gov.vn.', 'department');
  index.insert('Bộcôngan.vn', 'idn-owner');

  it.each([
    ['example.gov.vn', 'example.gov.vn', 'ministry'],
    ['EXAMPLE.GOV.VN.', 'example.gov.vn', 'ministry'],
    ['a.b.example.gov.vn', 'example.gov.vn', 'ministry'],
    ['www.sub.example.gov.vn', 'sub.example.gov.vn', 'department'],
    ['sub.example.gov.vn', 'sub.example.gov.vn', 'department'],
    ['_dmarc.example.gov.vn', 'example.gov.vn', 'ministry'],
    // Whole labels only: badexample.gov.vn is a sibling, owned through gov.vn.
    ['badexample.gov.vn', 'gov.vn', 'national'],
    ['xexample.gov.vn', 'gov.vn', 'national'],
    ['gov.vn', 'gov.vn', 'national'],
    ['mail.bộcôngan.vn', 'xn--bcngan-jxa6332d.vn', 'idn-owner'],
    ['mail.xn--bcngan-jxa6332d.vn', 'xn--bcngan-jxa6332d.vn', 'idn-owner'],
  ])('%s → %s', (name, domain, value) => {
    const match = index.lookup(name);
    expect(match?.domain).toBe(domain);
    expect(match?.value).toBe(value);
  });

  it.each([
    'vn',
    'example.com',
    'example.gov.vn.evil.com',
    'examplegov.vn',
    'ov.vn',
    '',
    'not a domain',
    '1.2.3.4',
  ])('%j has no owner', (name) => {
    expect(index.lookup(name)).toBeNull();
  });

  it('lookupNormalised skips validation', () => {
    expect(index.lookupNormalised('x.example.gov.vn')?.domain).toBe('example.gov.vn');
    expect(index.lookupNormalised('X.EXAMPLE.GOV.VN')).toBeNull();
  });

  it('lookupAll lists every registered ancestor, most specific first', () => {
    expect(index.lookupAll('www.sub.example.gov.vn').map((m) => m.domain)).toEqual([
      'sub.example.gov.vn',
      'example.gov.vn',
      'gov.vn',
    ]);
    expect(index.lookupAll('bad..name')).toEqual([]);
  });

  it('keeps all values inserted for the same domain', () => {
    const idx = new DomainIndex<number>();
    idx.insert('example.vn', 1);
    idx.insert('EXAMPLE.vn.', 2);
    expect(idx.size).toBe(1);
    expect(idx.valueCount).toBe(2);
    expect(idx.lookup('www.example.vn')?.values).toEqual([1, 2]);
    expect(idx.has('Example.VN')).toBe(true);
    expect(idx.has('www.example.vn')).toBe(false);
  });

  it('refuses to index invalid domains, with the reason', () => {
    const idx = new DomainIndex<number>();
    expect(() => idx.insert('*.example.vn', 1)).toThrow(/cannot index domain: .*wildcard/);
    expect(() => idx.insert('10.0.0.1', 1)).toThrow(
      'cannot index domain: "10.0.0.1" is an IP address, not a domain name',
    );
    expect(idx.size).toBe(0);
  });
});
