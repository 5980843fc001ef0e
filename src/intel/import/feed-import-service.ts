/**
 * Runs one import of a feed: detect the format, parse line by line, normalise, guard against a
 * download that suddenly shrank, then apply everything in one transaction with its run record
 * and audit row. One bad line never aborts an import; a broken file never half-applies.
 */
import type { Kysely } from 'kysely';
import { writeAudit } from '../../audit/audit.js';
import { actorLabel } from '../../authz/actor.js';
import type { Authorizer } from '../../authz/authorizer.js';
import type { Database } from '../../db/schema.js';
import type { RequestContext } from '../../server/context.js';
import { AppError, notFound } from '../../server/errors.js';
import type { AllowlistService } from '../allowlist-service.js';
import type { FeedSourceService } from '../feed-source-service.js';
import type { CsvMapping, FeedParserOptions } from '../feeds/format.js';
import { detectFeedFormat, feedFormat } from '../feeds/registry.js';
import type { FeedParser, FeedRejection, FeedSink, ThreatType } from '../model.js';
import { writeObservations, type WriteCounts } from './indicator-writer.js';
import { FeedTooLargeError } from './lines.js';
import { ObservationSet } from './observations.js';

export type RunTrigger = 'cli' | 'upload' | 'schedule' | 'manual';
export type RunStatus = 'applied' | 'held' | 'failed' | 'not-modified';

export interface FeedRunReport extends WriteCounts {
  runId: number;
  source: string;
  status: RunStatus;
  format: string | null;
  bytes: number;
  lines: number;
  items: number;
  distinct: number;
  rejected: number;
  rejections: FeedRejection[];
  message: string | null;
}

export interface ImportRequest {
  source: string;
  lines: AsyncIterable<string>;
  /** file name or URL path, for detection and for formats that read it */
  name?: string;
  format?: string;
  trigger: RunTrigger;
  /** apply even when the feed shrank by more than half */
  confirmShrink?: boolean;
  /** bytes read so far (for the report) */
  bytes?: () => number;
  /** HTTP validators to remember when the import is applied */
  validators?: { etag: string | null; lastModified: string | null };
  onProgress?: (lines: number) => void;
}

const keptRejections = 200;

/** Feed text in messages may carry control bytes; PostgreSQL text refuses NUL, people refuse the rest. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\ufffd');
}
const sampleLines = 200;
const emptyCounts: WriteCounts = {
  added: 0,
  updated: 0,
  unchanged: 0,
  delisted: 0,
  expired: 0,
  allowlisted: 0,
};

export class FeedImportService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
    private readonly sources: FeedSourceService,
    private readonly allowlists: AllowlistService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async run(ctx: RequestContext, request: ImportRequest): Promise<FeedRunReport> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'import feeds');
    const source = await this.sources.row(request.source);
    if (!source) throw notFound(`feed source ${request.source} (create it first, or use --create)`);
    const started = this.now().toISOString();
    const options = source.options_json
      ? (JSON.parse(source.options_json) as { csv?: CsvMapping; tags?: string[] })
      : {};
    const parserOptions: FeedParserOptions = {
      ...(options.csv ? { csv: options.csv } : {}),
      ...(source.default_threat_type ? { defaultThreatType: source.default_threat_type as ThreatType } : {}),
      ...(source.default_family ? { defaultFamily: source.default_family } : {}),
      ...(request.name ? { name: request.name } : {}),
    };
    const observations = new ObservationSet(
      {
        threatType: (source.default_threat_type as ThreatType | null) ?? null,
        family: source.default_family,
        confidence: source.default_confidence,
        expiryDays: source.expiry_days,
        tags: options.tags ?? [],
      },
      started,
    );
    const rejections: FeedRejection[] = [];
    let rejected = 0;
    let items = 0;
    const sink: FeedSink = {
      item(item) {
        items++;
        const rejection = observations.add(item);
        if (rejection) sink.reject(rejection);
      },
      reject(rejection) {
        rejected++;
        if (rejections.length < keptRejections) rejections.push(rejection);
      },
    };

    let parser: FeedParser | null = null;
    let formatId: string | null = request.format ?? source.format;
    const sample: string[] = [];
    let lineNumber = 0;
    const start = () => {
      if (formatId === null) {
        const detection = detectFeedFormat({
          ...(request.name ? { name: request.name } : {}),
          lines: sample,
        });
        if (!detection.ok) throw new AppError(400, 'format_unknown', detection.reason);
        formatId = detection.format.id;
      }
      const definition = feedFormat(formatId);
      if (!definition) throw new AppError(400, 'format_unknown', `unknown feed format "${formatId}"`);
      parser = definition.create(parserOptions);
      sample.forEach((text, i) => parser!.line(text, i + 1, sink));
    };
    try {
      for await (let text of request.lines) {
        lineNumber++;
        if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        if (parser === null) {
          sample.push(text);
          if (sample.length >= sampleLines) start();
        } else {
          (parser as FeedParser).line(text, lineNumber, sink);
        }
        if (request.onProgress && lineNumber % 50_000 === 0) request.onProgress(lineNumber);
      }
      if (parser === null) start();
      (parser as unknown as FeedParser).end(sink);
    } catch (error) {
      const message = printable(error instanceof Error ? error.message : String(error));
      await this.recordOutcome(ctx, source.id, request, started, {
        status: 'failed',
        format: formatId,
        lines: lineNumber,
        message,
      });
      if (error instanceof AppError) throw error;
      if (error instanceof FeedTooLargeError) throw new AppError(413, 'feed_too_large', message);
      throw new AppError(400, 'feed_unreadable', `the feed could not be read: ${message}`);
    }

    const base = {
      source: source.name,
      format: formatId,
      bytes: request.bytes?.() ?? 0,
      lines: lineNumber,
      items,
      distinct: observations.size,
      rejected,
      rejections,
    };
    const previous = source.last_count ?? 0;
    if (!request.confirmShrink && previous >= 10 && observations.size < previous / 2) {
      const message = `the feed now has ${observations.size} indicators, less than half of the ${previous} it had; nothing was changed — confirm to apply it anyway`;
      const runId = await this.recordOutcome(ctx, source.id, request, started, {
        status: 'held',
        ...base,
        message,
      });
      return { runId, status: 'held', ...base, ...emptyCounts, message };
    }

    const report = await this.db.transaction().execute(async (trx) => {
      const allowlist = await this.allowlists.index(trx);
      const counts = await writeObservations(trx, source, observations.byKey, allowlist, started);
      const run = await trx
        .insertInto('feed_runs')
        .values({
          source_id: source.id,
          trigger: request.trigger,
          actor_label: actorLabel(ctx.actor),
          started_at: started,
          finished_at: this.now().toISOString(),
          status: 'applied',
          format: formatId,
          bytes: base.bytes,
          lines: lineNumber,
          items,
          ...counts,
          rejected,
          rejections_json: JSON.stringify(rejections),
          message: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('feed_sources')
        .set({
          last_run_at: started,
          last_status: 'applied',
          last_error: null,
          last_count: observations.size,
          ...(request.validators
            ? { etag: request.validators.etag, last_modified: request.validators.lastModified }
            : {}),
        })
        .where('id', '=', source.id)
        .execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: null,
        action: 'feed.import',
        entityType: 'feed_source',
        entityId: source.id,
        after: { run: run.id, format: formatId, ...counts, rejected },
        requestIp: ctx.ip,
      });
      return { runId: run.id, status: 'applied' as const, ...base, ...counts, message: null };
    });
    return report;
  }

  /** A run that changed no indicator (failed, held, or not modified) is still recorded and visible. */
  async recordOutcome(
    ctx: RequestContext,
    sourceId: number,
    request: Pick<ImportRequest, 'trigger'>,
    started: string,
    outcome: {
      status: RunStatus;
      format?: string | null;
      lines?: number;
      bytes?: number;
      items?: number;
      rejected?: number;
      rejections?: FeedRejection[];
      message: string | null;
    },
  ): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const run = await trx
        .insertInto('feed_runs')
        .values({
          source_id: sourceId,
          trigger: request.trigger,
          actor_label: actorLabel(ctx.actor),
          started_at: started,
          finished_at: this.now().toISOString(),
          status: outcome.status,
          format: outcome.format ?? null,
          bytes: outcome.bytes ?? 0,
          lines: outcome.lines ?? 0,
          items: outcome.items ?? 0,
          ...emptyCounts,
          rejected: outcome.rejected ?? 0,
          rejections_json: outcome.rejections ? JSON.stringify(outcome.rejections) : null,
          message: outcome.message === null ? null : printable(outcome.message),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('feed_sources')
        .set({
          last_run_at: started,
          last_status: outcome.status,
          last_error:
            outcome.status === 'failed' && outcome.message !== null ? printable(outcome.message) : null,
        })
        .where('id', '=', sourceId)
        .execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: null,
        action: `feed.${outcome.status}`,
        entityType: 'feed_source',
        entityId: sourceId,
        after: { run: run.id, message: outcome.message },
        requestIp: ctx.ip,
      });
      return run.id;
    });
  }
}
