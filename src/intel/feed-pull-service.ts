/**
 * Pulling configured feeds: on demand and on each source's schedule. Downloads are conditional, so
 * an unchanged feed costs one request; failures are recorded on the source and never touch the
 * indicators already stored.
 */
import type { Logger } from 'pino';
import type { RequestContext } from '../server/context.js';
import type { Authorizer } from '../authz/authorizer.js';
import { AppError, forbidden, invalid } from '../server/errors.js';
import type { FeedSourceService } from './feed-source-service.js';
import { FeedFetchError, openFeedLocation } from './import/feed-fetcher.js';
import type { FeedImportService, FeedRunReport, RunTrigger } from './import/feed-import-service.js';
import { FeedTooLargeError } from './import/lines.js';

export class FeedPullService {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly authz: Authorizer,
    private readonly sources: FeedSourceService,
    private readonly importer: FeedImportService,
    private readonly onImported: () => void,
    private readonly timeoutMs = 120_000,
  ) {}

  async pull(
    ctx: RequestContext,
    name: string,
    options: { trigger: RunTrigger; confirmShrink?: boolean },
  ): Promise<FeedRunReport> {
    if (!this.authz.isNationalAdministrator(ctx.actor, ctx.scope))
      throw forbidden('only administrators at the national level may pull feeds');
    const source = await this.sources.row(name);
    if (!source) throw new AppError(404, 'not_found', `feed source ${name} not found`);
    if (!source.location)
      throw invalid(`feed source ${name} has no location to pull from; import files into it instead`);
    const started = new Date().toISOString();
    try {
      // A confirmation re-downloads the full feed: validators would answer "not modified".
      const validators = options.confirmShrink
        ? { etag: null, lastModified: null }
        : { etag: source.etag, lastModified: source.last_modified };
      const opened = await openFeedLocation(source.location, {
        ...validators,
        maxBytes: source.max_bytes,
        timeoutMs: this.timeoutMs,
      });
      if (opened.status === 'not-modified') {
        const runId = await this.importer.recordOutcome(ctx, source.id, options, started, {
          status: 'not-modified',
          message: 'the feed has not changed since the last pull',
        });
        return {
          runId,
          source: name,
          status: 'not-modified',
          format: source.format,
          bytes: 0,
          lines: 0,
          items: 0,
          distinct: source.last_count ?? 0,
          rejected: 0,
          rejections: [],
          message: 'not modified',
          added: 0,
          updated: 0,
          unchanged: 0,
          delisted: 0,
          expired: 0,
          allowlisted: 0,
        };
      }
      const report = await this.importer.run(ctx, {
        source: name,
        lines: opened.lines,
        name: opened.name,
        trigger: options.trigger,
        confirmShrink: options.confirmShrink === true,
        bytes: () => opened.bytes(),
        validators: { etag: opened.etag, lastModified: opened.lastModified },
      });
      this.onImported();
      return report;
    } catch (error) {
      // Errors while reading the body were recorded by the importer; these happen before it runs.
      if (
        error instanceof FeedFetchError ||
        error instanceof FeedTooLargeError ||
        (error as NodeJS.ErrnoException).code === 'ENOENT'
      ) {
        const message = error instanceof Error ? error.message : String(error);
        await this.importer.recordOutcome(ctx, source.id, options, started, { status: 'failed', message });
        throw new AppError(502, 'feed_unavailable', message);
      }
      throw error;
    }
  }

  /** Checks every minute for sources whose schedule is due; pulls them one at a time. */
  start(context: () => Promise<RequestContext>, logger: Logger, intervalMs = 60_000): void {
    const tick = async () => {
      if (this.running) return;
      this.running = true;
      try {
        const now = Date.now();
        const ctx = await context();
        for (const source of await this.sources.due(new Date(now))) {
          try {
            const report = await this.pull(ctx, source.name, { trigger: 'schedule' });
            logger.info(
              {
                source: source.name,
                status: report.status,
                added: report.added,
                delisted: report.delisted,
                rejected: report.rejected,
              },
              'feed pulled',
            );
          } catch (error) {
            logger.warn({ source: source.name, err: error }, 'feed pull failed');
          }
        }
      } finally {
        this.running = false;
      }
    };
    this.timer = setInterval(() => void tick(), intervalMs);
    this.timer.unref();
    void tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
