/**
 * The organisation tree in memory for campaign-wide views: the status matrix of a 10 000-organisation
 * campaign must not read and parse every organisation row on each request. Rebuilt when the
 * organisation services report a change, and when a cheap stamp (row count, latest update) shows
 * that another process changed the tree.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { MatrixOrganisation } from './status-matrix.js';

export interface TreeSnapshot {
  byId: ReadonlyMap<number, MatrixOrganisation>;
  children: ReadonlyMap<number, readonly number[]>;
}

export class OrganisationTreeCache {
  private cache: { stamp: string; version: number; tree: Promise<TreeSnapshot> } | null = null;
  private version = 0;

  constructor(private readonly db: Kysely<Database>) {}

  invalidate(): void {
    this.version++;
  }

  async snapshot(): Promise<TreeSnapshot> {
    const row = await this.db
      .selectFrom('organisations')
      .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.max('updated_at').as('u')])
      .executeTakeFirstOrThrow();
    const stamp = `${row.n}|${row.u ?? ''}`;
    if (this.cache?.stamp === stamp && this.cache.version === this.version) return this.cache.tree;
    const tree = this.build();
    this.cache = { stamp, version: this.version, tree };
    tree.catch(() => {
      if (this.cache?.tree === tree) this.cache = null;
    });
    return tree;
  }

  private async build(): Promise<TreeSnapshot> {
    const rows = await this.db
      .selectFrom('organisations')
      .select(['id', 'parent_id as parentId', 'code', 'name', 'path'])
      .execute();
    const byId = new Map<number, MatrixOrganisation>();
    const children = new Map<number, number[]>();
    for (const org of rows) {
      byId.set(org.id, org);
      if (org.parentId === null) continue;
      const list = children.get(org.parentId);
      if (list) list.push(org.id);
      else children.set(org.parentId, [org.id]);
    }
    return { byId, children };
  }
}

/** The organisations of a subtree, its root first (with no parent, so the matrix stops there). */
export function subtreeOf(tree: TreeSnapshot, rootId: number): MatrixOrganisation[] {
  const root = tree.byId.get(rootId);
  if (!root) return [];
  const out: MatrixOrganisation[] = [{ ...root, parentId: null }];
  const stack = [...(tree.children.get(rootId) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop()!;
    const org = tree.byId.get(id);
    if (!org) continue;
    out.push(org);
    const kids = tree.children.get(id);
    if (kids) for (const kid of kids) stack.push(kid);
  }
  return out;
}
