/**
 * Allowlists: the shipped warninglists (seeded into the database once, then editable), lists
 * administrators add, and every organisation's own ranges and domains. An allowlisted indicator is
 * kept and marked with the reason; it is never distributed or matched.
 */
import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database } from '../db/schema.js';
import type { RequestContext } from '../server/context.js';
import { conflict, invalid, notFound } from '../server/errors.js';
import { AllowlistIndex, defaultAllowlistEntries, type AllowlistEntry } from './allowlist.js';
import type { IndicatorType } from './model.js';
import { normaliseIndicator } from './normalise.js';

export const allowlistKinds = ['cidr', 'domain', 'exact-domain', 'url'] as const;
export type AllowlistKind = (typeof allowlistKinds)[number];

export interface AllowlistEntryView extends AllowlistEntry {
  id: number;
  shipped: boolean;
  createdAt: string;
}

const nowIso = () => new Date().toISOString();

export class AllowlistService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
  ) {}

  /** Seeds the shipped lists the first time (and lists added by later versions). */
  async ensureShipped(): Promise<number> {
    const present = new Set(
      (
        await this.db
          .selectFrom('allowlist_entries')
          .select('list')
          .where('shipped', '=', 1)
          .groupBy('list')
          .execute()
      ).map((r) => r.list),
    );
    const missing = defaultAllowlistEntries().filter((e) => !present.has(e.list));
    const now = nowIso();
    for (let i = 0; i < missing.length; i += 400) {
      await this.db
        .insertInto('allowlist_entries')
        .values(
          missing.slice(i, i + 400).map((e) => ({
            list: e.list,
            kind: e.kind,
            value: e.value,
            reason: e.reason,
            shipped: 1,
            created_at: now,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return missing.length;
  }

  /** Everything that is allowlisted right now, including organisations' own networks. */
  async index(executor: Kysely<Database> = this.db): Promise<AllowlistIndex> {
    const entries: AllowlistEntry[] = (
      await executor.selectFrom('allowlist_entries').select(['list', 'kind', 'value', 'reason']).execute()
    ).map((e) => ({
      list: e.list,
      kind: e.kind as AllowlistKind,
      value: e.value,
      reason: e.reason,
    }));
    const orgs = new Map(
      (
        await executor
          .selectFrom('organisations')
          .select(['id', 'code', 'name'])
          .where('valid_to', 'is', null)
          .execute()
      ).map((o) => [o.id, o]),
    );
    for (const r of await executor
      .selectFrom('organisation_ip_ranges')
      .select(['organisation_id', 'cidr'])
      .execute()) {
      const org = orgs.get(r.organisation_id);
      if (org)
        entries.push({
          list: 'own-network',
          kind: 'cidr',
          value: r.cidr,
          reason: `network of ${org.code} ${org.name}`,
        });
    }
    for (const d of await executor
      .selectFrom('organisation_domains')
      .select(['organisation_id', 'domain'])
      .execute()) {
      const org = orgs.get(d.organisation_id);
      if (org)
        entries.push({
          list: 'own-network',
          kind: 'exact-domain',
          value: d.domain,
          reason: `domain of ${org.code} ${org.name}`,
        });
    }
    // A bad stored entry must not stop every import: skip it (the entry is visible on the allowlist page).
    return new AllowlistIndex(entries, { onInvalid: () => undefined });
  }

  async list(
    ctx: RequestContext,
    filter: { list?: string; q?: string; limit: number; offset: number },
  ): Promise<{ items: AllowlistEntryView[]; total: number; lists: { list: string; count: number }[] }> {
    void ctx;
    let query = this.db.selectFrom('allowlist_entries');
    if (filter.list) query = query.where('list', '=', filter.list);
    if (filter.q) query = query.where('value', 'like', `%${filter.q.replace(/[%_\\]/g, '')}%`);
    const [rows, total, lists] = await Promise.all([
      query.selectAll().orderBy('list').orderBy('value').limit(filter.limit).offset(filter.offset).execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      this.db
        .selectFrom('allowlist_entries')
        .select(['list', (eb) => eb.fn.countAll<number>().as('count')])
        .groupBy('list')
        .orderBy('list')
        .execute(),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        list: r.list,
        kind: r.kind as AllowlistKind,
        value: r.value,
        reason: r.reason,
        shipped: r.shipped === 1,
        createdAt: r.created_at,
      })),
      total: Number(total.n),
      lists: lists.map((l) => ({ list: l.list, count: Number(l.count) })),
    };
  }

  async add(
    ctx: RequestContext,
    input: { list: string; kind: AllowlistKind; value: string; reason: string },
  ): Promise<AllowlistEntryView> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'edit allowlists');
    const value = this.normalise(input.kind, input.value);
    const created = await this.db.transaction().execute(async (trx) => {
      const exists = await trx
        .selectFrom('allowlist_entries')
        .select('id')
        .where('list', '=', input.list)
        .where('kind', '=', input.kind)
        .where('value', '=', value)
        .executeTakeFirst();
      if (exists) throw conflict('duplicate', `${value} is already in the allowlist ${input.list}`);
      const row = await trx
        .insertInto('allowlist_entries')
        .values({
          list: input.list,
          kind: input.kind,
          value,
          reason: input.reason,
          shipped: 0,
          created_at: nowIso(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: null,
        action: 'allowlist.add',
        entityType: 'allowlist_entry',
        entityId: row.id,
        after: row,
        requestIp: ctx.ip,
      });
      await this.reapply(trx);
      return row;
    });
    return {
      id: created.id,
      list: created.list,
      kind: created.kind as AllowlistKind,
      value: created.value,
      reason: created.reason,
      shipped: false,
      createdAt: created.created_at,
    };
  }

  async remove(ctx: RequestContext, id: number): Promise<void> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'edit allowlists');
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('allowlist_entries')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw notFound(`allowlist entry ${id}`);
      await trx.deleteFrom('allowlist_entries').where('id', '=', id).execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: null,
        action: 'allowlist.remove',
        entityType: 'allowlist_entry',
        entityId: id,
        before: row,
        requestIp: ctx.ip,
      });
      await this.reapply(trx);
    });
  }

  private normalise(kind: AllowlistKind, raw: string): string {
    const hint = kind === 'cidr' ? undefined : kind === 'url' ? 'url' : 'domain';
    const result = normaliseIndicator(raw, hint);
    if (!result.ok) throw invalid(result.reason, [{ path: 'value', message: result.reason }]);
    const type = result.indicator.type;
    const fits =
      kind === 'cidr'
        ? ['ipv4', 'ipv6', 'cidr4', 'cidr6'].includes(type)
        : kind === 'url'
          ? type === 'url'
          : type === 'domain';
    if (!fits)
      throw invalid(`${result.indicator.value} is a ${type}, not a ${kind}`, [
        { path: 'value', message: 'wrong kind' },
      ]);
    if (kind === 'cidr' && (type === 'ipv4' || type === 'ipv6'))
      return `${result.indicator.value}/${type === 'ipv4' ? 32 : 128}`;
    return result.indicator.value;
  }

  /** Re-evaluates every indicator against the allowlists after they changed; writes only what changed. */
  async reapply(executor: Kysely<Database>): Promise<number> {
    const index = await this.index(executor);
    let changed = 0;
    let after = 0;
    for (;;) {
      const page = await executor
        .selectFrom('indicators')
        .select(['id', 'type', 'value', 'exact_domain', 'allowlist_reason'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(5000)
        .execute();
      if (page.length === 0) return changed;
      after = page[page.length - 1]!.id;
      for (const row of page) {
        const reason =
          index.check({
            type: row.type as IndicatorType,
            value: row.value,
            exactDomain: row.exact_domain === 1,
          })?.explanation ?? null;
        if (reason !== row.allowlist_reason) {
          changed++;
          await executor
            .updateTable('indicators')
            .set({ allowlist_reason: reason, updated_at: nowIso() })
            .where('id', '=', row.id)
            .execute();
        }
      }
    }
  }
}
