import { describe, expect, it } from 'vitest';
import { ancestorIds, browseRows, buildForest, normalizeSearch, searchRows } from './orgTree.js';
import type { OrgSummary } from './types.js';

const collator = new Intl.Collator('vi-VN', { numeric: true });
const compare = (a: string, b: string) => collator.compare(a, b);

function org(id: number, parentId: number | null, name: string, code = `C${id}`): OrgSummary {
  return { id, parentId, name, code, kind: 'unit', validFrom: null, validTo: null, historical: false };
}

describe('normalizeSearch', () => {
  it('drops Vietnamese diacritics and case', () => {
    expect(normalizeSearch('  Sở Thông tin và Truyền thông  Đà Nẵng')).toBe(
      'so thong tin va truyen thong da nang',
    );
  });
});

describe('buildForest', () => {
  it('finds roots whose parent is not visible and sorts children', () => {
    const f = buildForest([org(2, 1, 'B'), org(3, 2, 'Z'), org(4, 2, 'A'), org(5, 99, 'Other')], compare);
    expect(f.roots.map((o) => o.id)).toEqual([2, 5]);
    expect(f.children.get(2)?.map((o) => o.id)).toEqual([4, 3]);
    expect(ancestorIds(f, 3)).toEqual([2]);
  });

  it('turns a parent cycle into roots instead of losing it', () => {
    const f = buildForest([org(1, 2, 'A'), org(2, 1, 'B')], compare);
    const rows = browseRows(f, new Set([1, 2]));
    expect(rows.filter((r) => r.type === 'node').length).toBe(2);
  });
});

describe('browseRows', () => {
  it('renders only expanded nodes and pages large child lists', () => {
    const items = [org(1, null, 'Root')];
    for (let i = 2; i <= 10_001; i++) items.push(org(i, 1, `Unit ${i}`));
    const f = buildForest(items, compare);
    expect(browseRows(f, new Set()).length).toBe(1);
    const rows = browseRows(f, new Set([1]));
    expect(rows.length).toBe(1 + 200 + 1);
    expect(rows.at(-1)).toMatchObject({ type: 'more', remaining: 10_000 - 200 });
  });
});

describe('searchRows', () => {
  it('shows matches with their path', () => {
    const f = buildForest(
      [org(1, null, 'Bộ A'), org(2, 1, 'Cục B'), org(3, 2, 'Phòng Hà Nội'), org(4, 1, 'Cục C')],
      compare,
    );
    const r = searchRows(f, 'ha noi');
    expect(r.matchCount).toBe(1);
    expect(r.rows.map((x) => (x.type === 'node' ? [x.org.id, x.match] : null))).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });
});
