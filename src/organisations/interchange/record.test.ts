import { describe, expect, it } from 'vitest';
import {
  checkAsn,
  checkCidr,
  checkOptionalDate,
  checkWebsite,
  compareOrganisationRecords,
  formatParseError,
  parseOrganisationRecord,
  type OrganisationRecord,
} from './record.js';

const base = { code: 'X', name: 'Tên', kind: 'unit' };

function messages(input: unknown): string[] {
  const result = parseOrganisationRecord(input);
  return result.ok ? [] : result.issues.map((i) => `${i.key ?? '-'}: ${i.message}`);
}

describe('organisation record schema', () => {
  it('fills defaults and canonicalises values', () => {
    const result = parseOrganisationRecord({
      code: ' DN.SYT ',
      name: '  Sở  Y tế\tĐồng Nai ',
      kind: 'Department',
      parentCode: '',
      validFrom: '2025-07-01',
      ipRanges: ['2001:DB8::/32', '192.0.2.0/24', '192.0.2.0/24'],
      asns: ['AS64500', 64501, 'as64500'],
      domains: ['SYT.DongNai.gov.vn.'],
      websites: ['HTTPS://syt.dongnai.gov.vn'],
      contacts: [{ name: 'Nguyễn Văn An', role: 'Giám đốc', email: '', phone: ' 0251  000 0201 ' }],
    });
    expect(result).toEqual({
      ok: true,
      record: {
        code: 'DN.SYT',
        name: 'Sở Y tế Đồng Nai',
        kind: 'department',
        parentCode: null,
        validFrom: '2025-07-01',
        validTo: null,
        predecessorCodes: [],
        ipRanges: ['2001:db8::/32', '192.0.2.0/24'],
        asns: [64500, 64501],
        domains: ['syt.dongnai.gov.vn'],
        websites: ['https://syt.dongnai.gov.vn/'],
        contacts: [{ name: 'Nguyễn Văn An', role: 'Giám đốc', email: null, phone: '0251 000 0201' }],
      } satisfies OrganisationRecord,
    });
  });

  it('normalises Vietnamese text to NFC', () => {
    const decomposed = 'Hà Nội'.normalize('NFD');
    expect(decomposed).not.toBe('Hà Nội');
    const result = parseOrganisationRecord({ ...base, name: decomposed });
    expect(result.ok && result.record.name).toBe('Hà Nội');
  });

  it('reports every problem of a record, naming the values', () => {
    expect(
      messages({
        code: 'a b',
        name: '',
        kind: 'Tỉnh',
        validFrom: '30/06/2025',
        validTo: '2025-02-30',
        ipRanges: ['10.0.0.1/8', '192.0.2.0/24', 'nonsense'],
        asns: ['AS0', 'ASX'],
        domains: ['my_host.example.vn'],
        websites: ['ftp://example.gov.vn/', 'example.gov.vn'],
        contacts: [{ name: 'A|B', role: 'x', email: 'not-an-email' }, 'Nguyễn Văn An'],
        extra: 1,
      }),
    ).toEqual([
      'code: "a b" is not a valid code; codes may contain only letters A-Z, digits, ".", "_" and "-"',
      'name: is empty',
      'kind: "Tỉnh" is not a kind code; kind codes are lower-case letters, digits and "_", e.g. "province"',
      'validFrom: "30/06/2025" is not in YYYY-MM-DD form; did you mean 2025-06-30?',
      'validTo: "2025-02-30" is not a real calendar date',
      'ipRanges: "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?',
      expect.stringMatching(/^ipRanges: "nonsense"/),
      'asns: AS number 0 is out of range (1 to 4294967295)',
      'asns: "ASX" is not an AS number; write it as 13335 or AS13335',
      expect.stringMatching(/^domains: "my_host\.example\.vn": label "my_host" contains "_"/),
      'websites: "ftp://example.gov.vn/" must start with http:// or https://',
      'websites: "example.gov.vn" is not an absolute URL; did you mean https://example.gov.vn?',
      'contacts: contact 1 ("A|B"): name "A|B" must not contain "|" or ";" (they separate contacts in CSV)',
      'contacts: contact 1 ("A|B"): e-mail "not-an-email" is not a valid e-mail address',
      'contacts: contact 2 must be an object with name, role, email and phone, not "Nguyễn Văn An"',
      expect.stringMatching(/^-: unknown field "extra"; the fields are code, name, kind, parentCode/),
    ]);
  });

  it('requires code, name and kind and rejects numeric codes', () => {
    expect(messages({ code: 1 })).toEqual([
      'code: must be text, not the number 1; write codes in quotes, e.g. "01"',
      'name: is missing',
      'kind: is missing',
    ]);
    expect(messages('x')).toEqual(['-: each organisation must be an object with code, name and kind']);
  });

  it('rejects invisible and control characters in names', () => {
    expect(messages({ ...base, name: 'Sở\u202eY tế' })).toEqual([
      expect.stringContaining('contains a control or invisible formatting character'),
    ]);
  });

  it('limits lengths and list sizes', () => {
    expect(messages({ ...base, name: 'ạ'.repeat(301) })[0]).toMatch(
      /is 301 characters long; at most 300 are allowed$/,
    );
    expect(messages({ ...base, code: 'A'.repeat(65) })[0]).toMatch(/is 65 characters long; at most 64/);
    expect(messages({ ...base, domains: Array.from({ length: 10_001 }, () => 'a.vn') })).toEqual([
      'domains: has 10001 entries; at most 10000 are allowed',
    ]);
    expect(messages({ ...base, domains: 'a.vn' })).toEqual(['domains: must be a list, not "a.vn"']);
  });

  it('checks single values', () => {
    expect(checkAsn('AS4294967295')).toEqual({ ok: true, value: 4294967295 });
    expect(checkAsn(4294967296)).toEqual({
      ok: false,
      message: 'AS number 4294967296 is out of range (1 to 4294967295)',
    });
    expect(checkAsn('AS013335').ok).toBe(false);
    expect(checkAsn(1.5).ok).toBe(false);
    expect(checkCidr(' 192.0.2.1 ')).toEqual({ ok: true, value: '192.0.2.1/32' });
    expect(checkOptionalDate(null)).toEqual({ ok: true, value: null });
    expect(checkOptionalDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(checkOptionalDate(20240229).ok).toBe(false);
    expect(checkWebsite('https://user:pw@example.gov.vn/').ok).toBe(false);
    expect(checkWebsite('https://example.gov.vn/a;b').ok).toBe(false);
    expect(checkWebsite('http://Example.GOV.vn:8080/x?y=1')).toEqual({
      ok: true,
      value: 'http://example.gov.vn:8080/x?y=1',
    });
  });

  it('quotes long values briefly in messages', () => {
    const [message] = messages({ ...base, validFrom: 'x'.repeat(5000) });
    expect(message?.length).toBeLessThan(150);
  });

  it('orders records by code, then period', () => {
    const r = (code: string, validFrom: string | null, validTo: string | null) => ({
      code,
      name: 'n',
      kind: 'unit',
      parentCode: null,
      validFrom,
      validTo,
      predecessorCodes: [],
      ipRanges: [],
      asns: [],
      domains: [],
      websites: [],
      contacts: [],
    });
    const list = [
      r('15', '2025-07-01', null),
      r('NCSC', null, null),
      r('15', null, '2025-07-01'),
      r('01', null, null),
    ];
    expect(list.sort(compareOrganisationRecords).map((x) => `${x.code}:${x.validFrom ?? '-'}`)).toEqual([
      '01:-',
      '15:-',
      '15:2025-07-01',
      'NCSC:-',
    ]);
  });

  it('formats errors for people', () => {
    expect(formatParseError({ row: 7, field: 'ip_ranges', message: 'x' })).toBe('row 7: ip_ranges: x');
    expect(formatParseError({ row: 0, message: 'y' })).toBe('file: y');
  });
});
