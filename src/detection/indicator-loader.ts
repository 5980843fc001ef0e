/**
 * Where a scan's indicators come from:
 * - the database: active (not expired) and not allowlisted indicators, read in pages by id, with
 *   the names of the sources listing them and a port when every listing source states the same;
 * - indicator files (`--indicators`): any feed format, detected and parsed by the intel feed
 *   registry and normaliser, with the shipped allowlists applied — no database needed, so a scan
 *   runs on a laptop. A file states no "first seen" for most lines; such indicators match events of
 *   any time (`validFrom` null), and only a stated expiry bounds them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AllowlistIndex, defaultAllowlistEntries } from '../intel/allowlist.js';
import type { FeedParserOptions } from '../intel/feeds/format.js';
import { detectFeedFormat, feedFormat } from '../intel/feeds/registry.js';
import type { FeedParser, FeedRejection, IndicatorType, ThreatType } from '../intel/model.js';
import { ObservationSet } from '../intel/import/observations.js';
import { IndicatorMatcher, type MatcherIndicator, type MatcherOptions } from './matcher.js';

const matchableTypes: IndicatorType[] = ['domain', 'url', 'ipv4', 'ipv6', 'cidr4', 'cidr6'];
const PAGE = 20_000;
const EPOCH = '1970-01-01T00:00:00.000Z';

/** Active, not allowlisted, matchable indicators of the database, page by page. */
export async function* databaseIndicators(
  db: Kysely<Database>,
  now: Date = new Date(),
): AsyncGenerator<MatcherIndicator[]> {
  const at = now.toISOString();
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('indicators')
      .select([
        'id',
        'type',
        'value',
        'exact_domain',
        'threat_type',
        'family',
        'confidence',
        'first_seen',
        'expires_at',
      ])
      .where('id', '>', after)
      .where('allowlist_reason', 'is', null)
      .where('type', 'in', matchableTypes)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return;
    const first = rows[0]!.id;
    const last = rows[rows.length - 1]!.id;
    const listings = await db
      .selectFrom('indicator_sources as s')
      .innerJoin('feed_sources as f', 'f.id', 's.source_id')
      .select(['s.indicator_id', 'f.name', 's.port'])
      .where('s.listed', '=', 1)
      .where('s.indicator_id', '>=', first)
      .where('s.indicator_id', '<=', last)
      .execute();
    const sources = new Map<number, { names: string[]; port: number | null | undefined }>();
    for (const l of listings) {
      const entry = sources.get(l.indicator_id);
      if (entry === undefined) sources.set(l.indicator_id, { names: [l.name], port: l.port });
      else {
        entry.names.push(l.name);
        if (entry.port !== l.port) entry.port = null;
      }
    }
    yield rows.map((r) => {
      const listed = sources.get(r.id);
      return {
        id: r.id,
        type: r.type as IndicatorType,
        value: r.value,
        exactDomain: r.exact_domain === 1,
        validFrom: r.first_seen,
        validUntil: r.expires_at,
        threatType: r.threat_type as ThreatType | null,
        family: r.family,
        confidence: r.confidence,
        sources: listed ? listed.names.sort() : [],
        port: listed?.port ?? null,
      };
    });
    after = last;
  }
}

/** Builds a matcher from the database's indicators. */
export async function matcherFromDatabase(
  db: Kysely<Database>,
  options: MatcherOptions = {},
): Promise<IndicatorMatcher> {
  const count = await db
    .selectFrom('indicators')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('allowlist_reason', 'is', null)
    .executeTakeFirstOrThrow();
  return IndicatorMatcher.fromBatches(databaseIndicators(db), { expectedCount: Number(count.n), ...options });
}

export interface IndicatorFileReport {
  name: string;
  format: string;
  lines: number;
  /** distinct indicators in the file */
  indicators: number;
  allowlisted: number;
  rejected: number;
  rejections: FeedRejection[];
}

export interface IndicatorFileInput {
  /** shown in reports and as the indicators' source */
  name: string;
  lines: AsyncIterable<string>;
  /** feed format id; detected when absent */
  format?: string;
}

/** Thrown when an indicator file's format cannot be told or is unknown. */
export class IndicatorFileError extends Error {}

/**
 * Reads indicator files into matcher indicators (ids numbered from 1 across files). Shipped
 * allowlists apply: an allowlisted value is counted and left out.
 */
export async function indicatorsFromFiles(
  inputs: readonly IndicatorFileInput[],
): Promise<{ indicators: MatcherIndicator[]; reports: IndicatorFileReport[] }> {
  const allowlist = new AllowlistIndex(defaultAllowlistEntries(), { onInvalid: () => undefined });
  const indicators: MatcherIndicator[] = [];
  const reports: IndicatorFileReport[] = [];
  for (const input of inputs) {
    // "now" = the epoch: a line without a first-seen date then reads as "since always".
    const observations = new ObservationSet(
      { threatType: null, family: null, confidence: 50, expiryDays: 0 },
      EPOCH,
    );
    const report: IndicatorFileReport = {
      name: input.name,
      format: input.format ?? '?',
      lines: 0,
      indicators: 0,
      allowlisted: 0,
      rejected: 0,
      rejections: [],
    };
    const sink = {
      item(item: Parameters<ObservationSet['add']>[0]) {
        const rejection = observations.add(item);
        if (rejection) sink.reject(rejection);
      },
      reject(rejection: FeedRejection) {
        report.rejected++;
        if (report.rejections.length < 20) report.rejections.push(rejection);
      },
    };
    const sample: string[] = [];
    let parser: FeedParser | null = null;
    const options: FeedParserOptions = { name: input.name.replace(/\.gz$/, '') };
    const start = () => {
      let id = input.format;
      if (id === undefined) {
        const detection = detectFeedFormat({ name: options.name!, lines: sample });
        if (!detection.ok) throw new IndicatorFileError(`${input.name}: ${detection.reason}`);
        id = detection.format.id;
      }
      const definition = feedFormat(id);
      if (!definition)
        throw new IndicatorFileError(
          `${input.name}: unknown feed format "${id}" (see \`lamsach feeds formats\`)`,
        );
      report.format = id;
      parser = definition.create(options);
      sample.forEach((text, i) => parser!.line(text, i + 1, sink));
    };
    for await (let text of input.lines) {
      report.lines++;
      if (report.lines === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (parser === null) {
        sample.push(text);
        if (sample.length >= 200) start();
      } else {
        (parser as FeedParser).line(text, report.lines, sink);
      }
    }
    if (parser === null) start();
    (parser as unknown as FeedParser).end(sink);
    for (const o of observations.byKey.values()) {
      if (allowlist.check({ type: o.type, value: o.value, exactDomain: o.exactDomain }) !== null) {
        report.allowlisted++;
        continue;
      }
      indicators.push({
        id: indicators.length + 1,
        type: o.type,
        value: o.value,
        exactDomain: o.exactDomain,
        validFrom: o.firstSeen === EPOCH ? null : o.firstSeen,
        validUntil: o.expiresAt,
        threatType: o.threatType,
        family: o.family,
        confidence: o.confidence,
        sources: [input.name],
        port: o.port,
      });
      report.indicators++;
    }
    reports.push(report);
  }
  return { indicators, reports };
}
