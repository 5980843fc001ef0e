import { describe, expect, it } from 'vitest';
import { csvFieldName, formatParseError, type OrganisationRecord } from './record.js';
import {
  parentResolutionDate,
  predecessorRule,
  todayInVietnam,
  validateOrganisationRecords,
  type ValidateOptions,
} from './validate.js';

function rec(fields: Partial<OrganisationRecord> & { code: string }): OrganisationRecord {
  return {
    name: `Đơn vị ${fields.code}`,
    kind: 'unit',
    parentCode: null,
    validFrom: null,
    validTo: null,
    predecessorCodes: [],
    ipRanges: [],
    asns: [],
    domains: [],
    websites: [],
    contacts: [],
    ...fields,
  };
}

const TODAY = '2026-01-15';

function errorsOf(records: OrganisationRecord[], options: ValidateOptions = {}): string[] {
  return validateOrganisationRecords(records, { today: TODAY, ...options }).errors.map(formatParseError);
}

describe('resolution dates', () => {
  it('resolves parents at validFrom, today, or the last day of an ended record', () => {
    expect(parentResolutionDate({ validFrom: '2025-07-01', validTo: null }, TODAY)).toBe('2025-07-01');
    expect(parentResolutionDate({ validFrom: null, validTo: null }, TODAY)).toBe(TODAY);
    expect(parentResolutionDate({ validFrom: null, validTo: '2025-07-01' }, TODAY)).toBe('2025-06-30');
    expect(parentResolutionDate({ validFrom: null, validTo: '2027-01-01' }, TODAY)).toBe(TODAY);
  });

  it('resolves predecessors on the day before validFrom, or as the latest ended', () => {
    expect(predecessorRule({ validFrom: '2025-07-01', validTo: null })).toEqual({
      kind: 'valid-on',
      date: '2025-06-30',
    });
    expect(predecessorRule({ validFrom: '2024-03-01', validTo: null })).toEqual({
      kind: 'valid-on',
      date: '2024-02-29',
    });
    expect(predecessorRule({ validFrom: null, validTo: null })).toEqual({ kind: 'latest-ended' });
  });

  it('knows the date in Việt Nam', () => {
    expect(todayInVietnam(new Date('2025-06-30T17:00:00Z'))).toBe('2025-07-01');
    expect(todayInVietnam(new Date('2025-06-30T16:59:59Z'))).toBe('2025-06-30');
  });
});

describe('validateOrganisationRecords', () => {
  const ncsc = rec({ code: 'NCSC', kind: 'national_centre' });

  it('accepts a code reused in non-overlapping periods and resolves by date', () => {
    const records = [
      ncsc,
      rec({ code: '10', name: 'Lào Cai', parentCode: 'NCSC', validTo: '2025-07-01' }),
      rec({ code: '15', name: 'Yên Bái', parentCode: 'NCSC', validTo: '2025-07-01' }),
      rec({
        code: '15',
        name: 'Lào Cai',
        parentCode: 'NCSC',
        validFrom: '2025-07-01',
        predecessorCodes: ['10', '15'],
      }),
      rec({ code: 'YB.SYT', parentCode: '15', validTo: '2025-07-01' }),
      rec({ code: 'LC.SYT', parentCode: '15', validFrom: '2025-07-01', predecessorCodes: ['YB.SYT'] }),
    ];
    expect(validateOrganisationRecords(records, { today: TODAY, allowExternal: false })).toEqual({
      errors: [],
      truncated: false,
      externalParentCodes: [],
      externalPredecessorCodes: [],
      externalReferences: [],
    });
  });

  it('reports duplicate codes with overlapping periods', () => {
    expect(
      errorsOf([
        rec({ code: 'A', validTo: '2025-07-01' }),
        rec({ code: 'A', name: 'Thứ hai', validFrom: '2025-06-01' }),
        rec({ code: 'A', name: 'Thứ ba', validFrom: '2030-01-01' }),
        rec({ code: 'B' }),
        rec({ code: 'B' }),
      ]),
    ).toEqual([
      'row 2: code: "A" (from 2025-06-01) is also the code of row 1 ("Đơn vị A", until 2025-07-01); organisations with the same code must not exist at the same time',
      'row 3: code: "A" (from 2030-01-01) is also the code of row 2 ("Thứ hai", from 2025-06-01); organisations with the same code must not exist at the same time',
      'row 5: code: "B" (with no start or end date) is also the code of row 4 ("Đơn vị B", with no start or end date); organisations with the same code must not exist at the same time',
    ]);
  });

  it('reports validTo not after validFrom', () => {
    expect(
      errorsOf(
        [
          rec({ code: 'A', validFrom: '2025-07-01', validTo: '2025-07-01' }),
          rec({ code: 'B', validFrom: '2025-07-01', validTo: '2025-01-01' }),
        ],
        {
          fieldName: csvFieldName,
        },
      ),
    ).toEqual([
      'row 1: valid_to: 2025-07-01 is not after valid_from 2025-07-01; valid_to is exclusive (the first day the organisation no longer exists)',
      'row 2: valid_to: 2025-01-01 is not after valid_from 2025-07-01; valid_to is exclusive (the first day the organisation no longer exists)',
    ]);
  });

  it('reports an organisation that is its own parent', () => {
    expect(errorsOf([rec({ code: 'A', parentCode: 'A' })])).toEqual([
      'row 1: parentCode: "A" is this organisation\'s own code; an organisation cannot be its own parent',
    ]);
  });

  it('reports parent loops once, on the first row of the loop', () => {
    expect(
      errorsOf([
        rec({ code: 'X', parentCode: 'A' }),
        rec({ code: 'A', parentCode: 'B' }),
        rec({ code: 'B', parentCode: 'C' }),
        rec({ code: 'C', parentCode: 'A' }),
      ]),
    ).toEqual([
      'row 2: parentCode: the parent chain loops: "A" (row 2) → "B" (row 3) → "C" (row 4) → "A" (row 2)',
    ]);
  });

  it('reports predecessor loops', () => {
    expect(
      errorsOf([
        rec({ code: 'A', validTo: '2024-01-01', predecessorCodes: ['B'] }),
        rec({ code: 'B', validFrom: '2020-01-01', validTo: '2021-01-01', predecessorCodes: ['A'] }),
      ]),
    ).toEqual([
      'row 1: predecessorCodes: the predecessor links loop: "A" (row 1) → "B" (row 2) → "A" (row 1)',
    ]);
  });

  it('reports a parent that is in the file but not on the date', () => {
    expect(
      errorsOf([
        rec({ code: '30', name: 'Hải Dương', validTo: '2025-07-01' }),
        rec({ code: 'HD.X', parentCode: '30' }),
        rec({ code: 'HD.Y', parentCode: '30', validFrom: '2025-07-01' }),
      ]),
    ).toEqual([
      'row 2: parentCode: no organisation with code "30" exists on 2026-01-15 in this file (row 1 ("Hải Dương", until 2025-07-01)); the parent is looked up on validFrom, or today when it is empty',
      'row 3: parentCode: no organisation with code "30" exists on 2025-07-01 in this file (row 1 ("Hải Dương", until 2025-07-01)); the parent is looked up on validFrom, or today when it is empty',
    ]);
  });

  it('reports an organisation that outlives its parent', () => {
    expect(
      errorsOf([
        rec({ code: '30', name: 'Hải Dương', validTo: '2025-07-01' }),
        rec({ code: 'HD.X', parentCode: '30', validFrom: '2020-01-01' }),
        rec({ code: 'HD.Y', parentCode: '30', validFrom: '2020-01-01', validTo: '2025-08-01' }),
        rec({ code: 'HD.Z', parentCode: '30', validTo: '2025-07-01' }),
      ]),
    ).toEqual([
      'row 2: parentCode: parent "30" (row 1 ("Hải Dương", until 2025-07-01)) ends on 2025-07-01, but this organisation has no end date; end it by 2025-07-01 and add a new record under the successor',
      'row 3: parentCode: parent "30" (row 1 ("Hải Dương", until 2025-07-01)) ends on 2025-07-01, but this organisation ends later, on 2025-08-01; end it by 2025-07-01 and add a new record under the successor',
    ]);
  });

  it('reports predecessors missing on the day before validFrom, or not ended', () => {
    expect(
      errorsOf([
        rec({ code: 'OLD', validFrom: '2025-07-01' }),
        rec({ code: 'NEW', validFrom: '2025-07-01', predecessorCodes: ['OLD'] }),
        rec({ code: 'OPEN' }),
        rec({ code: 'CONT', predecessorCodes: ['OPEN'] }),
        rec({ code: 'SELF', validTo: '2025-01-01', predecessorCodes: ['SELF'] }),
      ]),
    ).toEqual([
      'row 2: predecessorCodes: no organisation with code "OLD" exists on 2025-06-30, the day before validFrom, in this file (row 1 ("Đơn vị OLD", from 2025-07-01))',
      'row 4: predecessorCodes: no organisation with code "OPEN" has ended in this file (row 3 ("Đơn vị OPEN", with no start or end date)); a predecessor of an organisation without validFrom must have a validTo',
      'row 5: predecessorCodes: "SELF" refers to this organisation itself; it cannot be its own predecessor',
    ]);
  });

  it('reports references outside the file as external, with the rule to resolve them', () => {
    const result = validateOrganisationRecords(
      [
        rec({ code: 'DN.SYT', parentCode: '75' }),
        rec({
          code: 'HP.CL',
          parentCode: '31',
          validFrom: '2025-07-01',
          predecessorCodes: ['HD.SD', 'HD.CH'],
        }),
        rec({ code: 'DN.SKHCN', parentCode: '75', predecessorCodes: ['DN.STTTT'] }),
        rec({ code: 'HD.OLD', parentCode: '30', validTo: '2025-07-01' }),
      ],
      { today: TODAY },
    );
    expect(result.errors).toEqual([]);
    expect(result.externalParentCodes).toEqual(['30', '31', '75']);
    expect(result.externalPredecessorCodes).toEqual(['DN.STTTT', 'HD.CH', 'HD.SD']);
    expect(result.externalReferences).toEqual([
      { row: 1, code: 'DN.SYT', field: 'parentCode', target: '75', rule: { kind: 'valid-on', date: TODAY } },
      {
        row: 2,
        code: 'HP.CL',
        field: 'parentCode',
        target: '31',
        rule: { kind: 'valid-on', date: '2025-07-01' },
      },
      {
        row: 2,
        code: 'HP.CL',
        field: 'predecessorCodes',
        target: 'HD.SD',
        rule: { kind: 'valid-on', date: '2025-06-30' },
      },
      {
        row: 2,
        code: 'HP.CL',
        field: 'predecessorCodes',
        target: 'HD.CH',
        rule: { kind: 'valid-on', date: '2025-06-30' },
      },
      {
        row: 3,
        code: 'DN.SKHCN',
        field: 'parentCode',
        target: '75',
        rule: { kind: 'valid-on', date: TODAY },
      },
      {
        row: 3,
        code: 'DN.SKHCN',
        field: 'predecessorCodes',
        target: 'DN.STTTT',
        rule: { kind: 'latest-ended' },
      },
      {
        row: 4,
        code: 'HD.OLD',
        field: 'parentCode',
        target: '30',
        rule: { kind: 'valid-on', date: '2025-06-30' },
      },
    ]);
  });

  it('turns external references into errors when they are not allowed', () => {
    expect(
      errorsOf([rec({ code: 'A', parentCode: 'Z', predecessorCodes: ['Y'] })], { allowExternal: false }),
    ).toEqual([
      'row 1: parentCode: "Z" is not the code of any organisation in this file',
      'row 1: predecessorCodes: "Y" is not the code of any organisation in this file',
    ]);
  });

  it('checks the fields of records built in code, and uses given row numbers', () => {
    const bad = rec({ code: 'A', ipRanges: ['10.0.0.1/8'], kind: 'Bad Kind' });
    expect(errorsOf([bad], { rows: [7], fieldName: csvFieldName })).toEqual([
      'row 7: kind: "Bad Kind" is not a kind code; kind codes are lower-case letters, digits and "_", e.g. "province"',
      'row 7: ip_ranges: "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?',
    ]);
  });

  it('caps the number of errors', () => {
    const records = Array.from({ length: 150 }, (_, i) => rec({ code: `C${i}`, parentCode: `C${i}` }));
    const result = validateOrganisationRecords(records, { today: TODAY });
    expect(result.errors).toHaveLength(100);
    expect(result.truncated).toBe(true);
    expect(result.errors[0]?.row).toBe(1);
    expect(result.errors[99]?.row).toBe(100);
  });

  it('handles deep trees and long loops without recursion', () => {
    const chain = Array.from({ length: 50_000 }, (_, i) =>
      rec({ code: `N${i}`, parentCode: i === 0 ? null : `N${i - 1}` }),
    );
    expect(validateOrganisationRecords(chain, { today: TODAY }).errors).toEqual([]);
    const loop = Array.from({ length: 20_000 }, (_, i) =>
      rec({ code: `N${i}`, parentCode: `N${(i + 1) % 20_000}` }),
    );
    const errors = validateOrganisationRecords(loop, { today: TODAY }).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/^the parent chain loops: "N0" \(row 1\) → "N1" \(row 2\) → .* → …$/);
  });
});

describe('validateOrganisationRecords on hostile input', () => {
  it('stays fast with many periods under one code', () => {
    const days = Array.from({ length: 20_000 }, (_, i) => {
      const from = new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10);
      const to = new Date(Date.UTC(2000, 0, 2 + i)).toISOString().slice(0, 10);
      return rec({ code: 'X', validFrom: from, validTo: to });
    });
    const children = Array.from({ length: 20_000 }, (_, i) =>
      rec({
        code: `C${i}`,
        parentCode: 'X',
        validFrom: days[i]?.validFrom ?? null,
        validTo: days[i]?.validTo ?? null,
        predecessorCodes: ['X'],
      }),
    );
    const result = validateOrganisationRecords([...days, ...children], { today: TODAY, checkFields: false });
    // Each child lives exactly as long as its parent period; only the first has no predecessor.
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ row: 20_001, field: 'predecessorCodes' });
    expect(result.errors[0]?.message).toMatch(
      /^no organisation with code "X" exists on 1999-12-31, .*; and 19997 more\)$/,
    );
  });

  it('does not pile up follow-on errors for a code used twice at once', () => {
    const errors = errorsOf([
      rec({ code: 'P' }),
      rec({ code: 'P' }),
      rec({ code: 'C', parentCode: 'P', predecessorCodes: ['P'] }),
      rec({ code: 'P2', parentCode: 'P2' }),
    ]);
    expect(errors).toEqual([
      expect.stringMatching(/^row 2: code: "P" \(with no start or end date\) is also the code of row 1/),
      expect.stringMatching(/^row 4: parentCode: "P2" is this organisation's own code/),
    ]);
  });
});
