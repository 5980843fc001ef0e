import { describe, expect, it } from 'vitest';
import { rec, sampleRecords } from './test-support/fixtures.js';
import { parseOrganisationsJson, serialiseOrganisationsJson } from './json.js';
import { formatParseError } from './record.js';
import type { ParseResult } from './validate.js';

const TODAY = '2026-01-15';

function errorsOf(result: ParseResult): string[] {
  return result.ok ? [] : result.errors.map(formatParseError);
}

function file(organisations: unknown[]): string {
  return JSON.stringify({ format: 'lamsach-organisations', version: 1, organisations });
}

describe('JSON interchange', () => {
  it('round-trips records, keeping Vietnamese text', () => {
    const records = sampleRecords();
    const text = serialiseOrganisationsJson(records, { source: 'Nguồn: thử nghiệm' });
    expect(text).toContain('"name": "Thành phố Chí Linh"');
    const parsed = parseOrganisationsJson(text, { today: TODAY });
    expect(parsed).toEqual({
      ok: true,
      records,
      externalParentCodes: [],
      externalPredecessorCodes: [],
      externalReferences: [],
      source: 'Nguồn: thử nghiệm',
    });
  });

  it('writes a stable order regardless of input order', () => {
    const records = sampleRecords();
    const shuffled = [records[3], records[0], records[4], records[2], records[1]].filter(
      (r) => r !== undefined,
    );
    const text = serialiseOrganisationsJson(shuffled);
    expect(text).toBe(serialiseOrganisationsJson(records));
    expect(text.endsWith('}\n')).toBe(true);
    expect(
      text.startsWith(
        '{\n  "format": "lamsach-organisations",\n  "version": 1,\n  "organisations": [\n    {\n      "code": "30",',
      ),
    ).toBe(true);
    const again = parseOrganisationsJson(text, { today: TODAY });
    expect(again.ok && serialiseOrganisationsJson(again.records)).toBe(text);
  });

  it('accepts a bare array, a BOM, and left-out optional fields', () => {
    const text = `\uFEFF${JSON.stringify([{ code: 'NCSC', name: 'Trung tâm', kind: 'national_centre' }])}`;
    const parsed = parseOrganisationsJson(text);
    expect(parsed.ok && parsed.records).toEqual([
      rec({ code: 'NCSC', name: 'Trung tâm', kind: 'national_centre' }),
    ]);
    expect(parsed.ok && parsed.source).toBeUndefined();
  });

  it('reports external references for the importer', () => {
    const parsed = parseOrganisationsJson(
      file([{ code: 'DN.SYT', name: 'Sở Y tế Đồng Nai', kind: 'department', parentCode: '75' }]),
      { today: TODAY },
    );
    expect(parsed).toMatchObject({
      ok: true,
      externalParentCodes: ['75'],
      externalReferences: [
        {
          row: 1,
          code: 'DN.SYT',
          field: 'parentCode',
          target: '75',
          rule: { kind: 'valid-on', date: TODAY },
        },
      ],
    });
    expect(
      errorsOf(
        parseOrganisationsJson(file([{ code: 'A', name: 'A', kind: 'unit', parentCode: '75' }]), {
          allowExternal: false,
        }),
      ),
    ).toEqual(['row 1: parentCode: "75" is not the code of any organisation in this file']);
  });

  it('rejects files that are not lamsach-organisations JSON', () => {
    expect(errorsOf(parseOrganisationsJson(''))).toEqual(['file: the file is empty']);
    expect(errorsOf(parseOrganisationsJson('{"format": '))[0]).toMatch(/^file: the file is not valid JSON: /);
    expect(errorsOf(parseOrganisationsJson('"x"'))).toEqual([
      'file: the file must hold an object with "format": "lamsach-organisations" or a list of organisations',
    ]);
    expect(
      errorsOf(
        parseOrganisationsJson(
          JSON.stringify({ format: 'other', version: 2, organisations: {}, extra: 1, source: 5 }),
        ),
      ),
    ).toEqual([
      'file: unknown top-level field "extra"; the fields are format, version, source, organisations',
      'file: "format" is "other"; it must be "lamsach-organisations"',
      'file: "version" 2 is not supported; this program reads version 1',
      'file: "source" must be text',
      'file: "organisations" must be a list of organisations',
    ]);
    expect(errorsOf(parseOrganisationsJson('{}'))).toEqual([
      'file: "format" is missing; it must be "lamsach-organisations"',
      'file: "version" is missing; it must be 1',
      'file: "organisations" must be a list of organisations',
    ]);
  });

  it('reports every bad row with its index, and rejects the whole file', () => {
    const result = parseOrganisationsJson(
      file([
        { code: 'NCSC', name: 'Trung tâm', kind: 'national_centre' },
        { code: 'A', name: 'A', kind: 'unit', parentCode: 'NCSC', ipRanges: ['10.0.0.1/8'] },
        { code: 'B', name: 'B', kind: 'unit', validFrom: '2025-13-01', asns: ['AS-1'] },
        'not an object',
        { code: 'C', name: 'C', kind: 'unit', parentCode: 'C' },
        { code: 'NCSC', name: 'Trùng', kind: 'unit' },
        {
          code: 'D',
          name: 'D',
          kind: 'unit',
          contacts: [{ name: 'Nguyễn Văn An', role: 'x', email: 'an@', mobile: '1' }],
        },
      ]),
    );
    expect(result.ok).toBe(false);
    expect(errorsOf(result)).toEqual([
      'row 2: ipRanges: "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?',
      'row 3: validFrom: "2025-13-01" is not a real calendar date',
      'row 3: asns: "AS-1" is not an AS number; write it as 13335 or AS13335',
      'row 4: each organisation must be an object with code, name and kind',
      'row 5: parentCode: "C" is this organisation\'s own code; an organisation cannot be its own parent',
      'row 6: code: "NCSC" (with no start or end date) is also the code of row 1 ("Trung tâm", with no start or end date); organisations with the same code must not exist at the same time',
      'row 7: contacts: contact 1 ("Nguyễn Văn An"): unknown field "mobile"',
      'row 7: contacts: contact 1 ("Nguyễn Văn An"): e-mail "an@" is not a valid e-mail address',
    ]);
    expect(!result.ok && result.errors[0]).toEqual({
      row: 2,
      field: 'ipRanges',
      message: '"10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?',
    });
  });

  it('stops at 100 errors', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ code: `C${i}`, name: '', kind: 'unit' }));
    const result = parseOrganisationsJson(file(items));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(100);
      expect(result.truncated).toBe(true);
      expect(result.errors[99]).toEqual({ row: 100, field: 'name', message: 'is empty' });
    }
  });

  it('survives hostile input', () => {
    const huge = 'ạ'.repeat(1_000_000);
    const result = parseOrganisationsJson(
      file([{ code: 'A', name: huge, kind: 'unit', validFrom: huge, domains: [huge] }]),
    );
    expect(result.ok).toBe(false);
    for (const message of errorsOf(result)) expect(message.length).toBeLessThan(300);
    const proto = parseOrganisationsJson('[{"code":"A","name":"A","kind":"unit","__proto__":{"x":1}}]');
    expect(errorsOf(proto)).toEqual([expect.stringMatching(/^row 1: unknown field "__proto__"/)]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
