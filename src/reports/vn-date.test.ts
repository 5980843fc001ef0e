import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDocumentDate, formatInteger, formatPlaceAndDate, parseIsoDate } from './vn-date.js';

describe('formatDocumentDate (Decree 30/2020 rule)', () => {
  it('puts a zero before days 1–9 and months 1–2 only', () => {
    expect(formatDocumentDate('2026-10-05')).toBe('ngày 05 tháng 10 năm 2026');
    expect(formatDocumentDate('2023-02-28')).toBe('ngày 28 tháng 02 năm 2023');
    expect(formatDocumentDate('2023-01-01')).toBe('ngày 01 tháng 01 năm 2023');
    expect(formatDocumentDate('2023-03-12')).toBe('ngày 12 tháng 3 năm 2023');
    expect(formatDocumentDate('2020-09-28')).toBe('ngày 28 tháng 9 năm 2020');
    expect(formatDocumentDate('2020-12-10')).toBe('ngày 10 tháng 12 năm 2020');
  });

  it('writes English dates plainly', () => {
    expect(formatDocumentDate('2026-10-05', 'en')).toBe('5 October 2026');
    expect(formatPlaceAndDate('Đồng Nai', '2026-02-01', 'en')).toBe('Đồng Nai, 1 February 2026');
  });

  it('joins place and date with a comma', () => {
    expect(formatPlaceAndDate('Đồng Nai', '2026-10-05')).toBe('Đồng Nai, ngày 05 tháng 10 năm 2026');
  });

  it('refuses malformed and impossible dates, naming them', () => {
    expect(() => parseIsoDate('2026-2-1')).toThrow('"2026-2-1"');
    expect(() => parseIsoDate('2026-02-30')).toThrow('"2026-02-30" is not a calendar date');
    expect(() => parseIsoDate('2025-02-29')).toThrow('not a calendar date');
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
  });
});

describe('formatInteger', () => {
  it('groups thousands with dots in Vietnamese and commas in English', () => {
    expect(formatInteger(0)).toBe('0');
    expect(formatInteger(999)).toBe('999');
    expect(formatInteger(1000)).toBe('1.000');
    expect(formatInteger(1234567)).toBe('1.234.567');
    expect(formatInteger(-45210)).toBe('-45.210');
    expect(formatInteger(1234567, 'en')).toBe('1,234,567');
  });

  it('agrees with ICU where the runtime has Vietnamese data', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        expect(formatInteger(n, 'en')).toBe(new Intl.NumberFormat('en-US').format(n));
        expect(formatInteger(n, 'vi').replaceAll('.', '')).toBe(String(n));
      }),
    );
    expect(formatInteger(98765432)).toBe(new Intl.NumberFormat('vi-VN').format(98765432));
  });

  it('refuses fractions', () => {
    expect(() => formatInteger(1.5)).toThrow('expected an integer, got 1.5');
  });
});
