import { describe, expect, it } from 'vitest';
import { emptyFilters, filtersQuery, hasFilters, indicatorsPath, readIndicatorFilters } from './filters.js';

describe('indicator filters in the address', () => {
  it('reads known filters and drops values outside the vocabularies', () => {
    const f = readIndicatorFilters(
      new URLSearchParams('q=evil&type=domain&threatType=bogus&status=expired&source=feodo&offset=50'),
    );
    expect(f).toEqual({
      ...emptyFilters(),
      q: 'evil',
      type: 'domain',
      status: 'expired',
      source: 'feodo',
      offset: 50,
    });
  });
  it('writes them back without empty values', () => {
    const f = { ...emptyFilters(), q: 'a b', family: 'emotet' };
    expect(filtersQuery(f)).toBe('q=a+b&family=emotet');
    expect(indicatorsPath(f, 12)).toBe('/intel/indicators/12?q=a+b&family=emotet');
    expect(indicatorsPath(emptyFilters())).toBe('/intel/indicators');
    expect(indicatorsPath({ ...emptyFilters(), offset: 100 })).toBe('/intel/indicators?offset=100');
  });
  it('knows whether anything is filtered', () => {
    expect(hasFilters(emptyFilters())).toBe(false);
    expect(hasFilters({ ...emptyFilters(), offset: 50 })).toBe(false);
    expect(hasFilters({ ...emptyFilters(), status: 'active' })).toBe(true);
  });
});
