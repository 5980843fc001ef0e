// The organisation forest as the tree view needs it: children indexed by parent,
// and the flat list of rows that are actually on screen (only expanded nodes).
import type { OrgSummary } from './types.js';

export interface OrgForest {
  byId: Map<number, OrgSummary>;
  /** Children of each organisation, sorted; organisations without children are absent. */
  children: Map<number, OrgSummary[]>;
  /** Items whose parent is not in the list, sorted. */
  roots: OrgSummary[];
  /** Normalised "name code" of each organisation, for searching. */
  searchKey: Map<number, string>;
}

/** Lower case without Vietnamese diacritics, so "ha noi" finds "Hà Nội". */
export function normalizeSearch(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export function buildForest(
  items: readonly OrgSummary[],
  compare: (a: string, b: string) => number,
): OrgForest {
  const byId = new Map<number, OrgSummary>();
  for (const o of items) byId.set(o.id, o);
  const children = new Map<number, OrgSummary[]>();
  const roots: OrgSummary[] = [];
  const searchKey = new Map<number, string>();
  for (const o of byId.values()) {
    searchKey.set(o.id, normalizeSearch(`${o.name} ${o.code}`));
    if (o.parentId !== null && o.parentId !== o.id && byId.has(o.parentId)) {
      const list = children.get(o.parentId);
      if (list) list.push(o);
      else children.set(o.parentId, [o]);
    } else {
      roots.push(o);
    }
  }
  const order = (a: OrgSummary, b: OrgSummary) =>
    Number(a.historical) - Number(b.historical) ||
    compare(a.name, b.name) ||
    compare(a.code, b.code) ||
    a.id - b.id;
  roots.sort(order);
  for (const list of children.values()) list.sort(order);
  // Items caught in a parent cycle are unreachable from any root: show them as roots.
  const reachable = new Set<number>();
  const mark = (start: number) => {
    const stack = [start];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (reachable.has(id)) continue;
      reachable.add(id);
      for (const c of children.get(id) ?? []) stack.push(c.id);
    }
  };
  for (const r of roots) mark(r.id);
  if (reachable.size < byId.size) {
    for (const o of byId.values()) {
      if (reachable.has(o.id)) continue;
      const siblings = o.parentId === null ? undefined : children.get(o.parentId);
      if (siblings && o.parentId !== null) {
        siblings.splice(siblings.indexOf(o), 1);
        if (siblings.length === 0) children.delete(o.parentId);
      }
      roots.push(o);
      mark(o.id);
    }
    roots.sort(order);
  }
  return { byId, children, roots, searchKey };
}

/** Ids of the ancestors of an organisation, nearest first. */
export function ancestorIds(forest: OrgForest, id: number): number[] {
  const out: number[] = [];
  const seen = new Set<number>([id]);
  let cur = forest.byId.get(id);
  while (cur && cur.parentId !== null && forest.byId.has(cur.parentId) && !seen.has(cur.parentId)) {
    out.push(cur.parentId);
    seen.add(cur.parentId);
    cur = forest.byId.get(cur.parentId);
  }
  return out;
}

export type TreeRow =
  | {
      type: 'node';
      org: OrgSummary;
      depth: number;
      hasChildren: boolean;
      expanded: boolean;
      /** In search mode: whether this node matched (others are only the path to a match). */
      match: boolean;
      posInSet: number;
      setSize: number;
    }
  | { type: 'more'; parentId: number | null; depth: number; shown: number; remaining: number };

/** How many children of one parent are rendered before a "show more" row. */
export const CHILD_PAGE = 200;

/**
 * The rows on screen in browse mode: roots, and the children of expanded nodes
 * (at most `shownOf(parent)` per parent; the rest behind a "more" row).
 */
export function browseRows(
  forest: OrgForest,
  expanded: ReadonlySet<number>,
  shownOf: (parentId: number | null) => number = () => CHILD_PAGE,
): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (list: OrgSummary[], parentId: number | null, depth: number, path: Set<number>) => {
    const limit = Math.min(list.length, shownOf(parentId));
    for (let i = 0; i < limit; i++) {
      const org = list[i]!;
      const kids = forest.children.get(org.id);
      const isOpen = expanded.has(org.id) && kids !== undefined && !path.has(org.id);
      rows.push({
        type: 'node',
        org,
        depth,
        hasChildren: kids !== undefined,
        expanded: isOpen,
        match: false,
        posInSet: i + 1,
        setSize: list.length,
      });
      if (isOpen) {
        path.add(org.id);
        walk(kids, org.id, depth + 1, path);
        path.delete(org.id);
      }
    }
    if (limit < list.length) {
      rows.push({ type: 'more', parentId, depth, shown: limit, remaining: list.length - limit });
    }
  };
  walk(forest.roots, null, 1, new Set());
  return rows;
}

export interface SearchResult {
  rows: TreeRow[];
  matchCount: number;
  /** Matches actually shown (at most maxMatches). */
  shownCount: number;
}

/**
 * The rows in search mode: every match (up to maxMatches, in tree order) with the
 * path from its root, all expanded.
 */
export function searchRows(forest: OrgForest, query: string, maxMatches = 300): SearchResult {
  const q = normalizeSearch(query);
  const matched = new Set<number>();
  let matchCount = 0;
  // Walk in tree order so the first matches shown are the ones highest in the tree.
  const order: OrgSummary[] = [];
  const stack = [...forest.roots].reverse();
  const seen = new Set<number>();
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (seen.has(o.id)) continue;
    seen.add(o.id);
    order.push(o);
    const kids = forest.children.get(o.id);
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  for (const o of order) {
    if ((forest.searchKey.get(o.id) ?? '').includes(q)) {
      matchCount++;
      if (matched.size < maxMatches) matched.add(o.id);
    }
  }
  const included = new Set<number>(matched);
  for (const id of matched) for (const a of ancestorIds(forest, id)) included.add(a);

  const rows: TreeRow[] = [];
  const walk = (list: OrgSummary[], depth: number) => {
    const visible = list.filter((o) => included.has(o.id));
    visible.forEach((org, i) => {
      const kids = forest.children.get(org.id);
      const hasVisibleKids = kids !== undefined && kids.some((k) => included.has(k.id));
      rows.push({
        type: 'node',
        org,
        depth,
        hasChildren: kids !== undefined,
        expanded: hasVisibleKids,
        match: matched.has(org.id),
        posInSet: i + 1,
        setSize: visible.length,
      });
      if (hasVisibleKids) walk(kids, depth + 1);
    });
  };
  walk(forest.roots, 1);
  return { rows, matchCount, shownCount: matched.size };
}
