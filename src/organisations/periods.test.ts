import { describe, expect, it } from 'vitest';
import {
  dayBefore,
  isEffectiveOn,
  isIsoDate,
  periodProblem,
  periodsOverlap,
  periodWithin,
} from './periods.js';

describe('periods', () => {
  it('validates calendar dates', () => {
    expect(isIsoDate('2025-07-01')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-7-1')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });

  it('treats validTo as exclusive', () => {
    const old = { validFrom: null, validTo: '2025-07-01' };
    expect(isEffectiveOn(old, '2025-06-30')).toBe(true);
    expect(isEffectiveOn(old, '2025-07-01')).toBe(false);
    expect(isEffectiveOn({ validFrom: '2025-07-01', validTo: null }, '2025-07-01')).toBe(true);
  });

  it('detects overlaps including open ends', () => {
    expect(
      periodsOverlap({ validFrom: null, validTo: '2025-07-01' }, { validFrom: '2025-07-01', validTo: null }),
    ).toBe(false);
    expect(
      periodsOverlap({ validFrom: null, validTo: '2025-07-02' }, { validFrom: '2025-07-01', validTo: null }),
    ).toBe(true);
    expect(
      periodsOverlap({ validFrom: null, validTo: null }, { validFrom: '2020-01-01', validTo: '2020-01-02' }),
    ).toBe(true);
  });

  it('checks containment and malformed periods', () => {
    expect(periodWithin({ validFrom: '2020-01-01', validTo: null }, { validFrom: null, validTo: null })).toBe(
      true,
    );
    expect(periodWithin({ validFrom: null, validTo: null }, { validFrom: null, validTo: '2025-07-01' })).toBe(
      false,
    );
    expect(periodProblem({ validFrom: '2025-07-01', validTo: '2025-07-01' })).toMatch(/must be after/);
    expect(periodProblem({ validFrom: '2025-13-01', validTo: null })).toMatch(/not a date/);
    expect(dayBefore('2025-07-01')).toBe('2025-06-30');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
  });
});
