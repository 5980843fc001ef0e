/**
 * Publishes and serves indicator bundles. Publishing compares the matchable indicators (as the
 * scan loads them: active, not allowlisted — `databaseIndicators`) with the members of the last
 * version and records a new version with its adds and removes; a cheap fingerprint of the
 * indicator tables skips the comparison when nothing changed. Serving answers a sensor's `since`
 * with a delta when the change log still covers it and it is smaller than half the set, otherwise
 * with the full bundle (cached per version: every sensor of the country gets the same bytes).
 */
import { gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { operator } from '../app/bootstrap.js';
import { writeAudit } from '../audit/audit.js';
import type { Database } from '../db/schema.js';
import { databaseIndicators } from '../detection/indicator-loader.js';
import { BUNDLE_FORMAT, indicatorLine, lineDigest, removeLine, type BundleHeader } from './bundle-format.js';
import type { SigningKeyStore } from './signing-key.js';

const matchableTypes = ['domain', 'url', 'ipv4', 'ipv6', 'cidr4', 'cidr6'];
const BATCH = 500;

export interface BundleOptions {
  /** a publish check runs at most this often (0: on every request) */
  publishIntervalMs: number;
  /** change-log entries (and versions) older than this are dropped; older sensors get a full bundle */
  keepChangesMs: number;
}

export interface SignedBundle {
  kind: 'full' | 'delta';
  version: number;
  since: number | null;
  indicators: number;
  /** gzip NDJSON */
  bytes: Buffer;
  signature: string;
  keyId: string;
}

export interface PublishReport {
  version: number;
  added: number;
  removed: number;
  indicators: number;
}

export class BundleService {
  private lastCheck = 0;
  private publishing: Promise<PublishReport> | null = null;
  private fullCache: { version: number; bundle: SignedBundle } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly keys: SigningKeyStore,
    private readonly options: BundleOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async fingerprint(at: string): Promise<string> {
    const indicators = await this.db
      .selectFrom('indicators')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('changed')])
      .where('allowlist_reason', 'is', null)
      .where('type', 'in', matchableTypes)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
      .executeTakeFirstOrThrow();
    const listings = await this.db
      .selectFrom('indicator_sources')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('last_seen').as('changed')])
      .where('listed', '=', 1)
      .executeTakeFirstOrThrow();
    const sources = await this.db
      .selectFrom('feed_sources')
      .select((eb) => eb.fn.max('updated_at').as('changed'))
      .executeTakeFirstOrThrow();
    return [indicators.n, indicators.changed, listings.n, listings.changed, sources.changed].join('|');
  }

  private latest() {
    return this.db.selectFrom('sensor_bundle_versions').selectAll().orderBy('id', 'desc').executeTakeFirst();
  }

  /** Publishes a new version when the indicators changed; one publish at a time per process. */
  publish(): Promise<PublishReport> {
    this.publishing ??= this.publishNow().finally(() => {
      this.publishing = null;
    });
    return this.publishing;
  }

  private async publishNow(): Promise<PublishReport> {
    const now = this.now();
    const at = now.toISOString();
    const fingerprint = await this.fingerprint(at);
    const latest = await this.latest();
    if (latest && latest.fingerprint === fingerprint)
      return { version: latest.id, added: 0, removed: 0, indicators: latest.indicator_count };
    const members = new Map<number, string>();
    for (const row of await this.db
      .selectFrom('sensor_bundle_members')
      .select(['indicator_id', 'digest'])
      .execute())
      members.set(row.indicator_id, row.digest);
    const adds: { indicator_id: number; line: string; digest: string }[] = [];
    const seen = new Set<number>();
    for await (const page of databaseIndicators(this.db, now)) {
      for (const indicator of page) {
        seen.add(indicator.id);
        const line = indicatorLine(indicator);
        const digest = lineDigest(line);
        if (members.get(indicator.id) !== digest) adds.push({ indicator_id: indicator.id, line, digest });
      }
    }
    const removes = [...members.keys()].filter((id) => !seen.has(id));
    if (latest && adds.length === 0 && removes.length === 0) {
      await this.db
        .updateTable('sensor_bundle_versions')
        .set({ fingerprint })
        .where('id', '=', latest.id)
        .execute();
      return { version: latest.id, added: 0, removed: 0, indicators: latest.indicator_count };
    }
    const report = await this.db.transaction().execute(async (trx) => {
      const version = await trx
        .insertInto('sensor_bundle_versions')
        .values({
          created_at: at,
          indicator_count: seen.size,
          added: adds.length,
          removed: removes.length,
          fingerprint,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let i = 0; i < adds.length; i += BATCH) {
        const batch = adds.slice(i, i + BATCH);
        await trx
          .insertInto('sensor_bundle_members')
          .values(batch.map((a) => ({ ...a, version: version.id })))
          .onConflict((oc) =>
            oc.column('indicator_id').doUpdateSet((eb) => ({
              line: eb.ref('excluded.line'),
              digest: eb.ref('excluded.digest'),
              version: eb.ref('excluded.version'),
            })),
          )
          .execute();
        await trx
          .insertInto('sensor_bundle_changes')
          .values(
            batch.map((a) => ({ version: version.id, indicator_id: a.indicator_id, op: 'add' as const })),
          )
          .execute();
      }
      for (let i = 0; i < removes.length; i += BATCH) {
        const batch = removes.slice(i, i + BATCH);
        await trx.deleteFrom('sensor_bundle_members').where('indicator_id', 'in', batch).execute();
        await trx
          .insertInto('sensor_bundle_changes')
          .values(batch.map((id) => ({ version: version.id, indicator_id: id, op: 'remove' as const })))
          .execute();
      }
      const cutoff = new Date(now.getTime() - this.options.keepChangesMs).toISOString();
      await trx
        .deleteFrom('sensor_bundle_changes')
        .where('version', 'in', (eb) =>
          eb.selectFrom('sensor_bundle_versions').select('id').where('created_at', '<', cutoff),
        )
        .execute();
      await trx
        .deleteFrom('sensor_bundle_versions')
        .where('created_at', '<', cutoff)
        .where('id', '<>', version.id)
        .execute();
      const result = {
        version: version.id,
        added: adds.length,
        removed: removes.length,
        indicators: seen.size,
      };
      await writeAudit(trx, {
        actor: operator('sensor-bundles'),
        organisationId: null,
        action: 'sensor-bundle.publish',
        entityType: 'sensor_bundle',
        entityId: version.id,
        after: result,
      });
      return result;
    });
    return report;
  }

  /** The current version, publishing first when the last check is older than the interval. */
  async currentVersion(): Promise<number> {
    const clock = this.now().getTime();
    const latest = await this.latest();
    if (!latest || clock - this.lastCheck >= this.options.publishIntervalMs) {
      this.lastCheck = clock;
      return (await this.publish()).version;
    }
    return latest.id;
  }

  /** The signed bundle that brings a sensor at `since` (null: nothing yet) to the current version. */
  async bundle(since: number | null): Promise<SignedBundle> {
    const version = await this.currentVersion();
    const current = await this.db
      .selectFrom('sensor_bundle_versions')
      .selectAll()
      .where('id', '=', version)
      .executeTakeFirstOrThrow();
    if (since !== null && since > 0 && since <= version) {
      const base = await this.db
        .selectFrom('sensor_bundle_versions')
        .select('id')
        .where('id', '=', since)
        .executeTakeFirst();
      if (base) {
        const delta = await this.delta(since, version, current.indicator_count);
        if (delta) return delta;
      }
    }
    return this.full(version, current.indicator_count);
  }

  private async delta(since: number, version: number, indicators: number): Promise<SignedBundle | null> {
    const changes = await this.db
      .selectFrom('sensor_bundle_changes')
      .select(['indicator_id', 'op'])
      .where('version', '>', since)
      .where('version', '<=', version)
      .orderBy('id')
      .execute();
    const last = new Map<number, 'add' | 'remove'>();
    for (const c of changes) last.set(c.indicator_id, c.op);
    if (last.size > Math.max(1000, indicators / 2)) return null;
    const addIds = [...last].filter(([, op]) => op === 'add').map(([id]) => id);
    const lines: string[] = [];
    for (let i = 0; i < addIds.length; i += BATCH) {
      const rows = await this.db
        .selectFrom('sensor_bundle_members')
        .select('line')
        .where('indicator_id', 'in', addIds.slice(i, i + BATCH))
        .execute();
      for (const r of rows) lines.push(r.line);
    }
    for (const [id, op] of last) if (op === 'remove') lines.push(removeLine(id));
    return this.signed({ kind: 'delta', version, since, indicators }, lines);
  }

  private async full(version: number, indicators: number): Promise<SignedBundle> {
    if (this.fullCache?.version === version) return this.fullCache.bundle;
    const lines: string[] = [];
    let after = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('sensor_bundle_members')
        .select(['indicator_id', 'line'])
        .where('indicator_id', '>', after)
        .orderBy('indicator_id')
        .limit(20_000)
        .execute();
      if (rows.length === 0) break;
      for (const r of rows) lines.push(r.line);
      after = rows[rows.length - 1]!.indicator_id;
    }
    const bundle = await this.signed({ kind: 'full', version, since: null, indicators }, lines);
    this.fullCache = { version, bundle };
    return bundle;
  }

  private async signed(
    head: Pick<BundleHeader, 'kind' | 'version' | 'since' | 'indicators'>,
    lines: string[],
  ): Promise<SignedBundle> {
    const header: BundleHeader = { format: BUNDLE_FORMAT, ...head, generatedAt: this.now().toISOString() };
    const text = `${JSON.stringify(header)}\n${lines.length > 0 ? `${lines.join('\n')}\n` : ''}`;
    const bytes = gzipSync(text);
    const { keyId, signature } = await this.keys.sign(bytes);
    return { ...head, bytes, signature, keyId };
  }
}
