/**
 * Applies one source's observations to the indicator store inside a transaction: new indicators,
 * changed claims, indicators the source no longer lists (they age out by the source's policy
 * rather than vanish), and the per-indicator aggregates over all sources. Works in batches so a
 * million-row feed is a few thousand statements, not millions.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AllowlistIndex } from '../allowlist.js';
import type { IndicatorType } from '../model.js';
import { addDays, observationKey, type Observation } from './observations.js';

export interface WriteCounts {
  added: number;
  updated: number;
  unchanged: number;
  delisted: number;
  expired: number;
  allowlisted: number;
}

interface SourceRow {
  id: number;
  expiry_days: number;
  last_run_at: string | null;
}

type Trx = Transaction<Database>;
const chunk = 400;

function* chunks<T>(items: T[], size = chunk): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

interface EntryRow {
  indicator_id: number;
  type: string;
  value: string;
  listed: number;
  expires_at: string | null;
  threat_type: string | null;
  family: string | null;
  confidence: number;
  tags_json: string;
  description: string | null;
  port: number | null;
}

function claimChanged(entry: EntryRow, o: Observation): boolean {
  return (
    entry.listed !== 1 ||
    entry.threat_type !== o.threatType ||
    entry.family !== o.family ||
    entry.confidence !== o.confidence ||
    entry.tags_json !== JSON.stringify(o.tags) ||
    entry.description !== o.description ||
    entry.port !== o.port
  );
}

export async function writeObservations(
  trx: Trx,
  source: SourceRow,
  observations: Map<string, Observation>,
  allowlist: AllowlistIndex,
  now: string,
): Promise<WriteCounts> {
  const counts: WriteCounts = { added: 0, updated: 0, unchanged: 0, delisted: 0, expired: 0, allowlisted: 0 };
  const policyExpiry = addDays(now, source.expiry_days);
  const expiryOf = (o: Observation) =>
    o.expiresAt !== null && o.expiresAt < policyExpiry ? o.expiresAt : policyExpiry;

  // 1. This source's current claims.
  const entries = new Map<string, EntryRow>();
  const existing = await trx
    .selectFrom('indicator_sources as s')
    .innerJoin('indicators as i', 'i.id', 's.indicator_id')
    .select([
      's.indicator_id',
      'i.type',
      'i.value',
      's.listed',
      's.expires_at',
      's.threat_type',
      's.family',
      's.confidence',
      's.tags_json',
      's.description',
      's.port',
    ])
    .where('s.source_id', '=', source.id)
    .execute();
  for (const row of existing) entries.set(observationKey(row.type, row.value), row);

  // 2. Indicators not yet claimed by this source: find them among all indicators, or create them.
  const fresh = [...observations.entries()].filter(([key]) => !entries.has(key));
  const idByKey = new Map<string, number>();
  const otherClaims = new Set<number>();
  const byType = new Map<string, string[]>();
  for (const [, o] of fresh) {
    // push, not spread: copying the list per value made a million-row import quadratic
    const values = byType.get(o.type);
    if (values) values.push(o.value);
    else byType.set(o.type, [o.value]);
  }
  for (const [type, values] of byType) {
    for (const part of chunks(values)) {
      const rows = await trx
        .selectFrom('indicators')
        .select(['id', 'value'])
        .where('type', '=', type)
        .where('value', 'in', part)
        .execute();
      for (const row of rows) {
        idByKey.set(observationKey(type, row.value), row.id);
        otherClaims.add(row.id);
      }
    }
  }
  const toCreate = fresh.filter(([key]) => !idByKey.has(key));
  for (const part of chunks(toCreate)) {
    const rows = await trx
      .insertInto('indicators')
      .values(
        part.map(([, o]) => {
          const hit = allowlist.check({ type: o.type, value: o.value, exactDomain: o.exactDomain });
          if (hit) counts.allowlisted++;
          return {
            type: o.type,
            value: o.value,
            exact_domain: o.exactDomain ? 1 : 0,
            threat_type: o.threatType,
            family: o.family,
            confidence: o.confidence,
            tags_json: JSON.stringify(o.tags),
            first_seen: o.firstSeen,
            last_seen: o.lastSeen > now ? o.lastSeen : now,
            expires_at: expiryOf(o),
            source_count: 1,
            allowlist_reason: hit?.explanation ?? null,
            created_at: now,
            updated_at: now,
          };
        }),
      )
      .returning(['id', 'type', 'value'])
      .execute();
    for (const row of rows) idByKey.set(observationKey(row.type, row.value), row.id);
  }

  // 3. Claims: insert new ones, update changed ones, refresh the rest in one statement below.
  const newClaims = fresh.map(([key, o]) => ({ id: idByKey.get(key)!, o }));
  for (const part of chunks(newClaims)) {
    await trx
      .insertInto('indicator_sources')
      .values(
        part.map(({ id, o }) => ({
          indicator_id: id,
          source_id: source.id,
          listed: 1,
          first_seen: o.firstSeen,
          last_seen: now,
          expires_at: expiryOf(o),
          threat_type: o.threatType,
          family: o.family,
          confidence: o.confidence,
          tags_json: JSON.stringify(o.tags),
          description: o.description,
          port: o.port,
        })),
      )
      .execute();
  }
  counts.added = newClaims.length;
  const recompute = new Set<number>(otherClaims);
  for (const [key, o] of observations) {
    const entry = entries.get(key);
    if (!entry) continue;
    if (claimChanged(entry, o)) {
      counts.updated++;
      recompute.add(entry.indicator_id);
      await trx
        .updateTable('indicator_sources')
        .set({
          listed: 1,
          threat_type: o.threatType,
          family: o.family,
          confidence: o.confidence,
          tags_json: JSON.stringify(o.tags),
          description: o.description,
          port: o.port,
        })
        .where('indicator_id', '=', entry.indicator_id)
        .where('source_id', '=', source.id)
        .execute();
    } else {
      counts.unchanged++;
    }
  }

  // 4. Claims this download no longer makes: delisted now, active until their expiry.
  const gone = [...entries.entries()]
    .filter(([key, e]) => e.listed === 1 && !observations.has(key))
    .map(([, e]) => e);
  counts.delisted = gone.length;
  for (const part of chunks(gone.map((e) => e.indicator_id))) {
    await trx
      .updateTable('indicator_sources')
      .set({ listed: 0 })
      .where('source_id', '=', source.id)
      .where('indicator_id', 'in', part)
      .execute();
  }
  const lastRun = source.last_run_at ?? '';
  counts.expired = [...entries.entries()].filter(
    ([key, e]) =>
      !observations.has(key) && e.expires_at !== null && e.expires_at <= now && e.expires_at > lastRun,
  ).length;
  for (const e of gone) recompute.add(e.indicator_id);

  // 5. Everything still listed was seen now; its expiry moves forward by the source's policy.
  await trx
    .updateTable('indicator_sources')
    .set({ last_seen: now, expires_at: policyExpiry })
    .where('source_id', '=', source.id)
    .where('listed', '=', 1)
    .execute();
  await trx
    .updateTable('indicators')
    .set((eb) => ({
      last_seen: now,
      expires_at: eb
        .case()
        .when('expires_at', '<', policyExpiry)
        .then(policyExpiry)
        .else(eb.ref('expires_at'))
        .end(),
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('indicator_sources')
        .select('indicator_id')
        .where('source_id', '=', source.id)
        .where('listed', '=', 1),
    )
    .execute();

  // 6. Indicators whose claims changed: recompute their aggregates from all sources.
  await recomputeAggregates(trx, [...recompute], allowlist, now, counts);
  return counts;
}

/** Aggregates over sources: strongest listed claim wins threat type and family; times span all claims. */
export async function recomputeAggregates(
  trx: Trx,
  ids: number[],
  allowlist: AllowlistIndex,
  now: string,
  counts?: WriteCounts,
): Promise<void> {
  for (const part of chunks(ids)) {
    const indicators = await trx.selectFrom('indicators').selectAll().where('id', 'in', part).execute();
    const claims = await trx
      .selectFrom('indicator_sources')
      .selectAll()
      .where('indicator_id', 'in', part)
      .execute();
    const byIndicator = new Map<number, typeof claims>();
    for (const c of claims) byIndicator.set(c.indicator_id, [...(byIndicator.get(c.indicator_id) ?? []), c]);
    for (const indicator of indicators) {
      const list = byIndicator.get(indicator.id) ?? [];
      const listed = list.filter((c) => c.listed === 1);
      const ranked = [...(listed.length ? listed : list)].sort((a, b) => b.confidence - a.confidence);
      const best = ranked[0];
      const tags = [...new Set(list.flatMap((c) => JSON.parse(c.tags_json) as string[]))].sort().slice(0, 50);
      const expiries = list.map((c) => c.expires_at);
      const hit = allowlist.check({
        type: indicator.type as IndicatorType,
        value: indicator.value,
        exactDomain: indicator.exact_domain === 1,
      });
      if (hit && counts && indicator.allowlist_reason === null) counts.allowlisted++;
      await trx
        .updateTable('indicators')
        .set({
          threat_type: best?.threat_type ?? null,
          family: ranked.find((c) => c.family !== null)?.family ?? null,
          confidence: best?.confidence ?? indicator.confidence,
          tags_json: JSON.stringify(tags),
          first_seen: list.reduce(
            (min, c) => (c.first_seen < min ? c.first_seen : min),
            indicator.first_seen,
          ),
          last_seen: list.reduce((max, c) => (c.last_seen > max ? c.last_seen : max), indicator.last_seen),
          expires_at: expiries.includes(null)
            ? null
            : expiries.reduce<string | null>(
                (max, e) => (max === null || (e !== null && e > max) ? e : max),
                null,
              ),
          source_count: listed.length,
          allowlist_reason: hit?.explanation ?? null,
          updated_at: now,
        })
        .where('id', '=', indicator.id)
        .execute();
    }
  }
}
