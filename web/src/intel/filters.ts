// The indicator list's filters live in the address (#/intel/indicators[/id]?q=…&offset=…)
// so that a filtered view can be shared and survives a reload.
import { INDICATOR_STATUSES, INDICATOR_TYPES, THREAT_TYPES } from '../types.js';
import { parseOffset } from './labels.js';

export const FILTER_KEYS = ['q', 'type', 'threatType', 'status', 'source', 'family'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type IndicatorFilters = Record<FilterKey, string> & { offset: number };

const CLOSED: Partial<Record<FilterKey, readonly string[]>> = {
  type: INDICATOR_TYPES,
  threatType: THREAT_TYPES,
  status: INDICATOR_STATUSES,
};

export function emptyFilters(): IndicatorFilters {
  return { q: '', type: '', threatType: '', status: '', source: '', family: '', offset: 0 };
}

/** Filters from the query string; values outside a closed vocabulary are dropped (the server would refuse them). */
export function readIndicatorFilters(query: URLSearchParams): IndicatorFilters {
  const out = emptyFilters();
  for (const key of FILTER_KEYS) {
    const v = (query.get(key) ?? '').trim();
    const allowed = CLOSED[key];
    out[key] = allowed && !allowed.includes(v) ? '' : v;
  }
  out.offset = parseOffset(query.get('offset'));
  return out;
}

/** The query string for filters (empty ones and a zero offset left out), without '?'. */
export function filtersQuery(filters: IndicatorFilters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key]);
  if (filters.offset > 0) params.set('offset', String(filters.offset));
  return params.toString();
}

export function indicatorsPath(filters: IndicatorFilters, selectedId: number | null = null): string {
  const qs = filtersQuery(filters);
  return `/intel/indicators${selectedId !== null ? `/${selectedId}` : ''}${qs ? `?${qs}` : ''}`;
}

export function hasFilters(filters: IndicatorFilters): boolean {
  return FILTER_KEYS.some((k) => filters[k] !== '');
}
