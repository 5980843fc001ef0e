/** Builds render contexts and in-memory entry sources for the renderer tests. */
import type { IndicatorType } from '../../../intel/model.js';
import {
  noFilters,
  type EntrySource,
  type ListEntry,
  type ListFormat,
  type RenderContext,
} from '../../model.js';
import { render } from '../index.js';

export function entry(
  id: number,
  type: IndicatorType,
  value: string,
  extra: Partial<ListEntry> = {},
): ListEntry {
  return {
    id,
    type,
    value,
    exactDomain: false,
    threatType: 'c2',
    family: 'emotet',
    confidence: 80,
    firstSeen: '2026-01-02T03:04:05.000Z',
    lastSeen: '2026-02-03T04:05:06.000Z',
    expiresAt: '2026-03-04T05:06:07.000Z',
    tagsJson: '["chien-dich-2026"]',
    ...extra,
  };
}

export function context(format: ListFormat, extra: Partial<RenderContext> = {}): RenderContext {
  return {
    name: 'test-list',
    title: 'Danh sách thử',
    format,
    filters: noFilters,
    summary: { matched: 3, included: 3, limit: null, part: 1, parts: 1, cut: null },
    generatedAt: '2026-11-22T10:00:00.000Z',
    serial: 1790000000,
    producer: 'lamsach',
    stats: { written: 0, ownNetwork: 0 },
    ...extra,
  };
}

/** Pages of `size` entries; a `types` request filters, as the database source does. */
export function arraySource(entries: readonly ListEntry[], size = 2): EntrySource {
  return async function* (types) {
    const wanted = types ? entries.filter((e) => types.includes(e.type)) : entries;
    for (let i = 0; i < wanted.length; i += size) yield wanted.slice(i, i + size);
  };
}

export async function renderToString(ctx: RenderContext, entries: readonly ListEntry[]): Promise<string> {
  let out = '';
  for await (const chunk of render(ctx, arraySource(entries))) out += chunk;
  return out;
}

/** The output without its comment lines (starting with `marker`). */
export function body(text: string, marker = '#'): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith(`${marker} `))
    .join('\n');
}
