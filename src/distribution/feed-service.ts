/**
 * Producing a list: the ETag from the cheap change version (no rendering), then on demand the
 * counts, the part boundaries under the device limit, the zone serial, and the streamed text. The
 * organisation's own networks and domains are checked again as entries stream, so a range added
 * since the last import never goes out on a blocklist.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AllowlistIndex, type AllowlistEntry } from '../intel/allowlist.js';
import { notFound } from '../server/errors.js';
import { EntryStore, type EntryKey, type Selection } from './entry-store.js';
import {
  formatSpecs,
  type EntrySource,
  type ListFilters,
  type ListFormat,
  type ListSummary,
  type RenderContext,
  type RenderStats,
} from './model.js';
import { render } from './render/index.js';

/** A list as the feed needs it: stored (with id and content state) or given on the command line. */
export interface ListDefinition {
  id: number | null;
  organisationId: number | null;
  name: string;
  title: string;
  format: ListFormat;
  filters: ListFilters;
  maxEntries: number | null;
  split: boolean;
  updatedAt: string;
  state: { version: string | null; hash: string | null; serial: number | null };
}

export interface PreparedFeed {
  etag: string;
  contentType: string;
  fileName: string;
  /** counts, boundaries and serial, then the text as it renders */
  open(): Promise<OpenedFeed>;
}

export interface OpenedFeed {
  summary: ListSummary;
  stats: RenderStats;
  chunks: AsyncGenerator<string>;
}

export class FeedService {
  private readonly store: EntryStore;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly producer = 'lamsach',
    private readonly now: () => Date = () => new Date(),
  ) {
    this.store = new EntryStore(db);
  }

  /** Own ranges and domains of the organisation and everything below it. */
  private async ownNetwork(organisationId: number | null): Promise<AllowlistEntry[]> {
    if (organisationId === null) return [];
    const org = await this.db
      .selectFrom('organisations')
      .select('path')
      .where('id', '=', organisationId)
      .executeTakeFirst();
    if (!org) return [];
    const [ranges, domains] = await Promise.all([
      this.db
        .selectFrom('organisation_ip_ranges as r')
        .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
        .select(['r.cidr as value', 'o.code'])
        .where('o.path', 'like', `${org.path}%`)
        .orderBy('r.cidr')
        .execute(),
      this.db
        .selectFrom('organisation_domains as d')
        .innerJoin('organisations as o', 'o.id', 'd.organisation_id')
        .select(['d.domain as value', 'o.code'])
        .where('o.path', 'like', `${org.path}%`)
        .orderBy('d.domain')
        .execute(),
    ]);
    return [
      ...ranges.map((r) => ({ list: 'own-network', kind: 'cidr' as const, value: r.value, reason: r.code })),
      ...domains.map((d) => ({
        list: 'own-network',
        kind: 'domain' as const,
        value: d.value,
        reason: d.code,
      })),
    ];
  }

  async prepare(list: ListDefinition, part: number): Promise<PreparedFeed> {
    const spec = formatSpecs[list.format];
    const now = this.now().toISOString();
    const types = list.filters.types ? spec.types.filter((t) => list.filters.types!.includes(t)) : spec.types;
    const selection: Selection = { types, filters: list.filters, now };
    const [version, own] = await Promise.all([
      this.store.version(selection),
      this.ownNetwork(list.organisationId),
    ]);
    const etag = createHash('sha256')
      .update(
        JSON.stringify([
          version,
          own.map((o) => o.value),
          list.format,
          list.filters,
          list.maxEntries,
          list.split,
          list.updatedAt,
          list.name,
          list.title,
          part,
        ]),
      )
      .digest('base64url')
      .slice(0, 27);
    const suffix = part > 1 ? `-part${part}` : '';
    return {
      // Weak: the header's timestamp differs between two renderings of the same content.
      etag: `W/"${etag}"`,
      contentType: spec.contentType,
      fileName: `${list.name}${suffix}.${spec.extension}`,
      open: () => this.open(list, part, selection, etag, own),
    };
  }

  private async open(
    list: ListDefinition,
    part: number,
    selection: Selection,
    version: string,
    own: AllowlistEntry[],
  ): Promise<OpenedFeed> {
    const spec = formatSpecs[list.format];
    const limit = list.maxEntries ?? spec.limit;
    const matched = await this.store.count(selection);
    let from: EntryKey | null = null;
    let to: EntryKey | null = null;
    let parts = 1;
    let included = matched;
    let cut: ListSummary['cut'] = null;
    if (limit !== null && matched > limit) {
      if (list.split) {
        parts = Math.ceil(matched / limit);
        if (part > parts) throw notFound(`part ${part} of list ${list.name} (it has ${parts})`);
        from = part > 1 ? await this.store.keyAt(selection, (part - 1) * limit) : null;
        to = part < parts ? await this.store.keyAt(selection, part * limit) : null;
        included = Math.min(limit, matched - (part - 1) * limit);
      } else {
        to = await this.store.keyAt(selection, limit);
        included = limit;
        if (to) cut = { count: matched - limit, confidence: to.confidence, lastSeen: to.lastSeen };
      }
    }
    if (part > parts) throw notFound(`part ${part} of list ${list.name} (it has ${parts})`);
    const stats: RenderStats = { written: 0, ownNetwork: 0 };
    const index = own.length ? new AllowlistIndex(own, { onInvalid: () => undefined }) : null;
    const source: EntrySource = (types) => this.filteredPages(selection, from, to, types, index, stats);
    const serial = await this.serial(list, selection, from, to, index, version);
    const ctx: RenderContext = {
      name: list.name,
      title: list.title,
      format: list.format,
      filters: list.filters,
      summary: { matched, included, limit, part, parts, cut },
      generatedAt: selection.now,
      serial,
      producer: this.producer,
      stats,
    };
    return { summary: ctx.summary, stats, chunks: render(ctx, source) };
  }

  private async *filteredPages(
    selection: Selection,
    from: EntryKey | null,
    to: EntryKey | null,
    types: Parameters<EntrySource>[0],
    index: AllowlistIndex | null,
    stats: RenderStats | null,
  ) {
    for await (const page of this.store.pages(selection, from, to, types)) {
      if (index === null) {
        yield page;
        continue;
      }
      const kept = page.filter(
        (e) => index.check({ type: e.type, value: e.value, exactDomain: e.exactDomain }) === null,
      );
      if (stats) stats.ownNetwork += page.length - kept.length;
      yield kept;
    }
  }

  /**
   * The zone serial: recomputed from a hash of the entries only when the change version moved, and
   * raised only when the hash differs, so resolvers transfer the zone only when it really changed.
   * Lists given on the command line have no stored state: their serial is the current time.
   */
  private async serial(
    list: ListDefinition,
    selection: Selection,
    from: EntryKey | null,
    to: EntryKey | null,
    index: AllowlistIndex | null,
    version: string,
  ): Promise<number> {
    const nowSeconds = Math.floor(Date.parse(selection.now) / 1000);
    if (list.id === null) return nowSeconds;
    if (list.format !== 'rpz') return list.state.serial ?? 1;
    if (list.state.version === version && list.state.serial !== null) return list.state.serial;
    const hash = createHash('sha256');
    for await (const page of this.filteredPages(selection, from, to, undefined, index, null))
      for (const e of page) hash.update(`${e.type} ${e.value} ${e.exactDomain ? 1 : 0}\n`);
    const digest = hash.digest('hex');
    // Derived state, like a token's last use: no audit row for a cache of the rendered content.
    if (digest === list.state.hash && list.state.serial !== null) {
      await this.db
        .updateTable('distribution_lists')
        .set({ content_version: version })
        .where('id', '=', list.id)
        .execute();
      return list.state.serial;
    }
    const serial = Math.max((list.state.serial ?? 0) + 1, nowSeconds);
    await this.db
      .updateTable('distribution_lists')
      .set({ content_version: version, content_hash: digest, serial, content_changed_at: selection.now })
      .where('id', '=', list.id)
      .execute();
    return serial;
  }
}
