/** Feed sources: where a feed comes from, its format, schedule, defaults and expiry policy. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../audit/audit.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database } from '../db/schema.js';
import type { RequestContext } from '../server/context.js';
import { conflict, invalid, notFound } from '../server/errors.js';
import { feedFormat } from './feeds/registry.js';
import { threatTypes } from './model.js';

/** Field rules without defaults: a PATCH must leave out what it does not change. */
const feedSourceFields = {
  name: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9][a-z0-9._-]{0,63}$/,
      'a source name has 1–64 lower-case letters, digits, dot, underscore or hyphen',
    ),
  title: z.string().trim().min(1).max(200),
  location: z
    .string()
    .trim()
    .max(2000)
    .nullable()
    .refine(
      (v) => v === null || /^https?:\/\//.test(v) || v.startsWith('/') || v.startsWith('./'),
      'a location is an http(s) URL or a file path',
    ),
  format: z.string().trim().max(64).nullable(),
  csv: z.record(z.string(), z.string()).optional(),
  /** tags every indicator of this source carries, e.g. the campaign it belongs to */
  tags: z.array(z.string().trim().min(1).max(100)).max(20).optional(),
  scheduleMinutes: z.number().int().min(5).max(10_080).nullable(),
  defaultThreatType: z.enum(threatTypes).nullable(),
  defaultFamily: z.string().trim().max(100).nullable(),
  defaultConfidence: z.number().int().min(0).max(100),
  expiryDays: z.number().int().min(1).max(3650),
  maxBytes: z
    .number()
    .int()
    .min(1024)
    .max(2 * 1024 * 1024 * 1024),
  enabled: z.boolean(),
};

export const feedSourceInput = z.object({
  ...feedSourceFields,
  location: feedSourceFields.location.default(null),
  format: feedSourceFields.format.default(null),
  scheduleMinutes: feedSourceFields.scheduleMinutes.default(null),
  defaultThreatType: feedSourceFields.defaultThreatType.default(null),
  defaultFamily: feedSourceFields.defaultFamily.default(null),
  defaultConfidence: feedSourceFields.defaultConfidence.default(50),
  expiryDays: feedSourceFields.expiryDays.default(30),
  maxBytes: feedSourceFields.maxBytes.default(200 * 1024 * 1024),
  enabled: feedSourceFields.enabled.default(true),
});
/** A change to a source: only the fields given change (the name is the key and stays). */
export const feedSourcePatch = z.object(feedSourceFields).omit({ name: true }).partial().strict();
export type FeedSourceInput = z.infer<typeof feedSourceInput>;

export interface FeedSourceView extends FeedSourceInput {
  id: number;
  etag: string | null;
  lastModified: string | null;
  lastRunAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
  lastCount: number | null;
  listed: number;
  createdAt: string;
  updatedAt: string;
}

type SourceRow = NonNullable<Awaited<ReturnType<FeedSourceService['row']>>>;
const nowIso = () => new Date().toISOString();

export function presentSource(row: SourceRow, listed = 0): FeedSourceView {
  const options = row.options_json
    ? (JSON.parse(row.options_json) as { csv?: Record<string, string>; tags?: string[] })
    : {};
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    location: row.location,
    format: row.format,
    ...(options.csv ? { csv: options.csv } : {}),
    ...(options.tags?.length ? { tags: options.tags } : {}),
    scheduleMinutes: row.schedule_minutes,
    defaultThreatType: row.default_threat_type as FeedSourceView['defaultThreatType'],
    defaultFamily: row.default_family,
    defaultConfidence: row.default_confidence,
    expiryDays: row.expiry_days,
    maxBytes: row.max_bytes,
    enabled: row.enabled === 1,
    etag: row.etag,
    lastModified: row.last_modified,
    lastRunAt: row.last_run_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastCount: row.last_count,
    listed,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function columns(input: FeedSourceInput) {
  if (input.format !== null && !feedFormat(input.format)) {
    throw invalid(`unknown feed format "${input.format}"`, [{ path: 'format', message: 'unknown format' }]);
  }
  if (input.format === 'csv' && !input.csv?.value) {
    throw invalid('a csv source needs a column mapping with at least `value`', [
      { path: 'csv', message: 'missing value column' },
    ]);
  }
  return {
    name: input.name,
    title: input.title,
    location: input.location,
    format: input.format,
    options_json:
      input.csv || input.tags?.length
        ? JSON.stringify({ csv: input.csv, tags: input.tags?.length ? input.tags : undefined })
        : null,
    schedule_minutes: input.scheduleMinutes,
    default_threat_type: input.defaultThreatType,
    default_family: input.defaultFamily,
    default_confidence: input.defaultConfidence,
    expiry_days: input.expiryDays,
    max_bytes: input.maxBytes,
    enabled: input.enabled ? 1 : 0,
  };
}

export class FeedSourceService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
  ) {}

  row(name: string, executor: Kysely<Database> = this.db) {
    return executor.selectFrom('feed_sources').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async list(ctx: RequestContext): Promise<FeedSourceView[]> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'see feed sources');
    const rows = await this.db.selectFrom('feed_sources').selectAll().orderBy('name').execute();
    const counts = await this.db
      .selectFrom('indicator_sources')
      .select(['source_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('listed', '=', 1)
      .groupBy('source_id')
      .execute();
    const listed = new Map(counts.map((c) => [c.source_id, Number(c.n)]));
    return rows.map((r) => presentSource(r, listed.get(r.id) ?? 0));
  }

  /** Enabled, scheduled sources whose next pull is due; no counts, so the scheduler's tick stays cheap. */
  async due(now: Date): Promise<{ name: string }[]> {
    const rows = await this.db
      .selectFrom('feed_sources')
      .select(['name', 'schedule_minutes', 'last_run_at'])
      .where('enabled', '=', 1)
      .where('location', 'is not', null)
      .where('schedule_minutes', 'is not', null)
      .orderBy('name')
      .execute();
    return rows.filter(
      (r) =>
        r.last_run_at === null || Date.parse(r.last_run_at) + r.schedule_minutes! * 60_000 <= now.getTime(),
    );
  }

  async get(ctx: RequestContext, name: string): Promise<FeedSourceView> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'see feed sources');
    const row = await this.row(name);
    if (!row) throw notFound(`feed source ${name}`);
    return presentSource(row);
  }

  async create(ctx: RequestContext, input: FeedSourceInput): Promise<FeedSourceView> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'manage feeds');
    const values = columns(input);
    return this.db.transaction().execute(async (trx) => {
      if (await this.row(input.name, trx))
        throw conflict('duplicate', `a feed source named ${input.name} already exists`);
      const now = nowIso();
      const row = await trx
        .insertInto('feed_sources')
        .values({ ...values, created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: null,
        action: 'feed-source.create',
        entityType: 'feed_source',
        entityId: row.id,
        after: values,
        requestIp: ctx.ip,
      });
      return presentSource(row);
    });
  }

  async update(
    ctx: RequestContext,
    name: string,
    patch: z.infer<typeof feedSourcePatch>,
  ): Promise<FeedSourceView> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'manage feeds');
    return this.db.transaction().execute(async (trx) => {
      const before = await this.row(name, trx);
      if (!before) throw notFound(`feed source ${name}`);
      const merged = feedSourceInput.parse({ ...presentSource(before), ...patch });
      const values = columns(merged);
      const row = await trx
        .updateTable('feed_sources')
        .set({ ...values, updated_at: nowIso() })
        .where('id', '=', before.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: null,
        action: 'feed-source.update',
        entityType: 'feed_source',
        entityId: row.id,
        before,
        after: values,
        requestIp: ctx.ip,
      });
      return presentSource(row);
    });
  }

  async remove(ctx: RequestContext, name: string): Promise<void> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'manage feeds');
    await this.db.transaction().execute(async (trx) => {
      const before = await this.row(name, trx);
      if (!before) throw notFound(`feed source ${name}`);
      // Claims of the source go with it; indicators no source claims any more stay as history.
      await trx.deleteFrom('feed_sources').where('id', '=', before.id).execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: null,
        action: 'feed-source.remove',
        entityType: 'feed_source',
        entityId: before.id,
        before,
        requestIp: ctx.ip,
      });
    });
  }

  async runs(ctx: RequestContext, name: string, limit = 20) {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'see feed runs');
    const source = await this.row(name);
    if (!source) throw notFound(`feed source ${name}`);
    const rows = await this.db
      .selectFrom('feed_runs')
      .selectAll()
      .where('source_id', '=', source.id)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      trigger: r.trigger,
      actor: r.actor_label,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      status: r.status,
      format: r.format,
      bytes: r.bytes,
      lines: r.lines,
      items: r.items,
      added: r.added,
      updated: r.updated,
      unchanged: r.unchanged,
      delisted: r.delisted,
      expired: r.expired,
      allowlisted: r.allowlisted,
      rejected: r.rejected,
      rejections: r.rejections_json ? (JSON.parse(r.rejections_json) as unknown[]) : [],
      message: r.message,
    }));
  }
}
