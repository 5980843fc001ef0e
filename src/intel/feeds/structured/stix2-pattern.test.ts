import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStixPattern } from './stix2-pattern.js';

describe('parseStixPattern', () => {
  it('reads single comparisons on each supported path', () => {
    expect(parseStixPattern("[ipv4-addr:value = '198.51.100.1']").values).toEqual([
      { path: 'ipv4-addr:value', value: '198.51.100.1', type: 'ipv4' },
    ]);
    expect(parseStixPattern("[ipv4-addr:value = '198.51.100.0/24']").values[0]!.type).toBe('cidr4');
    expect(parseStixPattern("[ipv6-addr:value = '2001:db8::1']").values[0]!.type).toBe('ipv6');
    expect(parseStixPattern("[domain-name:value = 'c2.example.vn']").values[0]!.type).toBe('domain');
    expect(parseStixPattern("[url:value = 'http://x.example/a?b=\\'c\\'']").values[0]).toEqual({
      path: 'url:value',
      value: "http://x.example/a?b='c'",
      type: 'url',
    });
  });

  it('reads file hashes in quoted and bare spellings', () => {
    const p = parseStixPattern(
      "[file:hashes.'SHA-256' = 'aa' OR file:hashes.MD5 = 'bb' OR file:hashes.md5 = 'bb' OR file:hashes.'SHA-1' = 'cc' OR file:hashes.sha256 = 'dd']",
    );
    expect(p.values.map((v) => [v.type, v.value])).toEqual([
      ['sha256', 'aa'],
      ['md5', 'bb'],
      ['sha1', 'cc'],
      ['sha256', 'dd'],
    ]);
    expect(p.conjunction).toBe(false);
  });

  it('emits each value of OR, IN and ISSUBSET', () => {
    const p = parseStixPattern(
      "([ipv4-addr:value IN ('192.0.2.1', '192.0.2.2')] OR [ipv4-addr:value ISSUBSET '203.0.113.0/24']) OR [domain-name:value = 'a.example']",
    );
    expect(p.values.map((v) => v.value)).toEqual(['192.0.2.1', '192.0.2.2', '203.0.113.0/24', 'a.example']);
    expect(p.conjunction).toBe(false);
  });

  it('flags AND between different objects, inside or across brackets, but not within one file', () => {
    expect(
      parseStixPattern("[ipv4-addr:value = '192.0.2.1'] AND [domain-name:value = 'a.example']").conjunction,
    ).toBe(true);
    expect(
      parseStixPattern("[ipv4-addr:value = '192.0.2.1' AND url:value = 'http://a.example/']").conjunction,
    ).toBe(true);
    expect(parseStixPattern("[file:hashes.MD5 = 'aa' AND file:hashes.'SHA-1' = 'bb']").conjunction).toBe(
      false,
    );
    expect(
      parseStixPattern(
        "[domain-name:value = 'a.example'] FOLLOWEDBY [url:value = 'http://a.example/x'] WITHIN 60 SECONDS",
      ).conjunction,
    ).toBe(true);
  });

  it('names unsupported paths and operators', () => {
    const p = parseStixPattern(
      "[x509-certificate:issuer = 'CN=x' AND ipv4-addr:value != '192.0.2.1' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^a']",
    );
    expect(p.values).toEqual([]);
    expect(p.unsupported).toEqual([
      'x509-certificate:issuer',
      'ipv4-addr:value !=',
      'email-message:body_multipart[*].body_raw_ref.name',
    ]);
    expect(parseStixPattern("[domain-name:value LIKE '%.example']").unsupported).toEqual([
      'domain-name:value LIKE',
    ]);
  });

  it('reports malformed patterns', () => {
    expect(parseStixPattern("[ipv4-addr:value = '1.2.3.4'").error).toMatch(/not closed/);
    expect(parseStixPattern("[ipv4-addr:value = '1.2.3.4]").error).toMatch(/unterminated string/);
    expect(parseStixPattern('ipv4-addr:value').error).toMatch(/no observation/);
    expect(parseStixPattern('[ipv4-addr:value]').error).toMatch(/no comparison operator/);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const p = parseStixPattern(`[${text}]`);
        expect(Array.isArray(p.values)).toBe(true);
      }),
    );
  });
});
