/**
 * Reading indicators: search with filters, one indicator with its provenance, and `check`, which
 * explains why a value matches (exact, subdomain of X, inside CIDR Y, from sources A and B,
 * allowlisted because …). Every organisation may read indicators.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { parseCidr } from '../net/cidr.js';
import { parseIp } from '../net/ip.js';
import { PrefixIndex } from '../net/prefix-index.js';
import { invalid, notFound } from '../server/errors.js';
import type { AllowlistService } from './allowlist-service.js';
import type { IndicatorType } from './model.js';
import { normaliseIndicator } from './normalise.js';

export type IndicatorStatus = 'active' | 'expired' | 'allowlisted';

export interface IndicatorView {
  id: number;
  type: IndicatorType;
  value: string;
  exactDomain: boolean;
  threatType: string | null;
  family: string | null;
  confidence: number;
  tags: string[];
  firstSeen: string;
  lastSeen: string;
  expiresAt: string | null;
  sourceCount: number;
  allowlistReason: string | null;
  status: IndicatorStatus;
}

export interface IndicatorSourceView {
  source: string;
  title: string;
  listed: boolean;
  firstSeen: string;
  lastSeen: string;
  expiresAt: string | null;
  threatType: string | null;
  family: string | null;
  confidence: number;
  tags: string[];
  description: string | null;
  port: number | null;
}

export type MatchHow = 'exact' | 'parent-domain' | 'inside-cidr' | 'url-host';

export interface CheckMatch {
  how: MatchHow;
  /** the indicator value that matched (e.g. the parent domain or the CIDR) */
  matched: string;
  explanation: string;
  indicator: IndicatorView;
  sources: IndicatorSourceView[];
}

export interface CheckResult {
  query: string;
  normalised: { type: IndicatorType; value: string } | null;
  verdict: 'listed' | 'allowlisted' | 'expired' | 'not-listed';
  /** why the value itself is allowlisted, even when no feed lists it */
  allowlisted: string | null;
  matches: CheckMatch[];
}

export interface SearchFilter {
  q?: string | undefined;
  type?: IndicatorType | undefined;
  threatType?: string | undefined;
  family?: string | undefined;
  source?: string | undefined;
  status?: IndicatorStatus | undefined;
  limit: number;
  offset: number;
}

type IndicatorRow = Awaited<ReturnType<IndicatorService['rowsByValues']>>[number];

function present(row: IndicatorRow, now: string): IndicatorView {
  const status: IndicatorStatus =
    row.allowlist_reason !== null
      ? 'allowlisted'
      : row.expires_at !== null && row.expires_at <= now
        ? 'expired'
        : 'active';
  return {
    id: row.id,
    type: row.type as IndicatorType,
    value: row.value,
    exactDomain: row.exact_domain === 1,
    threatType: row.threat_type,
    family: row.family,
    confidence: row.confidence,
    tags: JSON.parse(row.tags_json) as string[],
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    expiresAt: row.expires_at,
    sourceCount: row.source_count,
    allowlistReason: row.allowlist_reason,
    status,
  };
}

/** `a.b.example.com` → [`a.b.example.com`, `b.example.com`, `example.com`, `com`] */
export function domainAndParents(name: string): string[] {
  const labels = name.split('.');
  return labels.map((_, i) => labels.slice(i).join('.'));
}

export class IndicatorService {
  private cidrCache: { version: number; index: PrefixIndex<number> } | null = null;
  private version = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly allowlists: AllowlistService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Called after imports: the CIDR index used by `check` is rebuilt on next use. */
  invalidate(): void {
    this.version++;
  }

  rowsByValues(type: string, values: string[]) {
    return this.db
      .selectFrom('indicators')
      .selectAll()
      .where('type', '=', type)
      .where('value', 'in', values)
      .execute();
  }

  async search(filter: SearchFilter): Promise<{ items: IndicatorView[]; total: number }> {
    const now = this.now().toISOString();
    let query = this.db.selectFrom('indicators as i');
    if (filter.q)
      query = query.where(
        'i.value',
        'like',
        `%${filter.q
          .trim()
          .toLowerCase()
          .replace(/[%_\\]/g, '')}%`,
      );
    if (filter.type) query = query.where('i.type', '=', filter.type);
    if (filter.threatType) query = query.where('i.threat_type', '=', filter.threatType);
    if (filter.family) query = query.where('i.family', '=', filter.family.toLowerCase());
    if (filter.source) {
      const source = filter.source;
      query = query.where('i.id', 'in', (eb) =>
        eb
          .selectFrom('indicator_sources as s')
          .innerJoin('feed_sources as f', 'f.id', 's.source_id')
          .select('s.indicator_id')
          .where('f.name', '=', source),
      );
    }
    if (filter.status === 'allowlisted') query = query.where('i.allowlist_reason', 'is not', null);
    if (filter.status === 'active')
      query = query
        .where('i.allowlist_reason', 'is', null)
        .where((eb) => eb.or([eb('i.expires_at', 'is', null), eb('i.expires_at', '>', now)]));
    if (filter.status === 'expired')
      query = query.where('i.allowlist_reason', 'is', null).where('i.expires_at', '<=', now);
    const [rows, total] = await Promise.all([
      query
        .selectAll('i')
        .orderBy('i.last_seen', 'desc')
        .orderBy('i.id', 'desc')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map((r) => present(r, now)), total: Number(total.n) };
  }

  async detail(id: number): Promise<IndicatorView & { sources: IndicatorSourceView[] }> {
    const row = await this.db.selectFrom('indicators').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`indicator ${id}`);
    return { ...present(row, this.now().toISOString()), sources: (await this.sourcesOf([id])).get(id) ?? [] };
  }

  private async sourcesOf(ids: number[]): Promise<Map<number, IndicatorSourceView[]>> {
    const map = new Map<number, IndicatorSourceView[]>();
    if (ids.length === 0) return map;
    const rows = await this.db
      .selectFrom('indicator_sources as s')
      .innerJoin('feed_sources as f', 'f.id', 's.source_id')
      .select([
        's.indicator_id',
        'f.name',
        'f.title',
        's.listed',
        's.first_seen',
        's.last_seen',
        's.expires_at',
        's.threat_type',
        's.family',
        's.confidence',
        's.tags_json',
        's.description',
        's.port',
      ])
      .where('s.indicator_id', 'in', ids)
      .orderBy('f.name')
      .execute();
    for (const r of rows) {
      const view: IndicatorSourceView = {
        source: r.name,
        title: r.title,
        listed: r.listed === 1,
        firstSeen: r.first_seen,
        lastSeen: r.last_seen,
        expiresAt: r.expires_at,
        threatType: r.threat_type,
        family: r.family,
        confidence: r.confidence,
        tags: JSON.parse(r.tags_json) as string[],
        description: r.description,
        port: r.port,
      };
      map.set(r.indicator_id, [...(map.get(r.indicator_id) ?? []), view]);
    }
    return map;
  }

  private async cidrIndex(): Promise<PrefixIndex<number>> {
    if (this.cidrCache?.version === this.version) return this.cidrCache.index;
    const version = this.version;
    const index = new PrefixIndex<number>();
    const rows = await this.db
      .selectFrom('indicators')
      .select(['id', 'value'])
      .where('type', 'in', ['cidr4', 'cidr6'])
      .execute();
    for (const row of rows) {
      const cidr = parseCidr(row.value);
      if (cidr.ok) index.insert(cidr.value, row.id);
    }
    this.cidrCache = { version, index };
    return index;
  }

  async check(query: string): Promise<CheckResult> {
    const normalised = normaliseIndicator(query);
    if (!normalised.ok) throw invalid(normalised.reason, [{ path: 'value', message: normalised.reason }]);
    const { type, value } = normalised.indicator;
    const now = this.now().toISOString();
    const found: { how: MatchHow; matched: string; row: IndicatorRow; explanation: string }[] = [];
    const exact = async (t: string, v: string, how: MatchHow, explain: (row: IndicatorRow) => string) => {
      for (const row of await this.rowsByValues(t, [v]))
        found.push({ how, matched: row.value, row, explanation: explain(row) });
    };
    const byDomain = async (name: string, how: MatchHow) => {
      const candidates = domainAndParents(name);
      const rows = await this.rowsByValues('domain', candidates);
      for (const row of rows.sort((a, b) => b.value.length - a.value.length)) {
        if (row.value === name)
          found.push({
            how: how === 'url-host' ? how : 'exact',
            matched: row.value,
            row,
            explanation: how === 'url-host' ? `the URL's host ${name} is listed` : `${name} is listed`,
          });
        else if (row.exact_domain === 0)
          found.push({
            how: 'parent-domain',
            matched: row.value,
            row,
            explanation: `${name} is a subdomain of the listed domain ${row.value}`,
          });
      }
    };
    const byAddress = async (ip: string) => {
      const parsed = parseIp(ip);
      if (!parsed) return;
      const index = await this.cidrIndex();
      const ids = index.lookupAll(parsed).flatMap((m) => m.values);
      if (ids.length === 0) return;
      const rows = await this.db.selectFrom('indicators').selectAll().where('id', 'in', ids).execute();
      for (const row of rows)
        found.push({
          how: 'inside-cidr',
          matched: row.value,
          row,
          explanation: `${ip} is inside the listed network ${row.value}`,
        });
    };
    switch (type) {
      case 'ipv4':
      case 'ipv6':
        await exact(type, value, 'exact', () => `${value} is listed`);
        await byAddress(value);
        break;
      case 'cidr4':
      case 'cidr6':
        await exact(type, value, 'exact', () => `${value} is listed`);
        await byAddress(value.split('/')[0]!);
        break;
      case 'domain':
        await byDomain(value, 'exact');
        break;
      case 'url': {
        await exact('url', value, 'exact', () => `the URL is listed`);
        const host = new URL(value).hostname.replace(/^\[|\]$/g, '');
        if (parseIp(host)) {
          await exact(
            host.includes(':') ? 'ipv6' : 'ipv4',
            host,
            'url-host',
            () => `the URL's host ${host} is listed`,
          );
          await byAddress(host);
        } else {
          await byDomain(host, 'url-host');
        }
        break;
      }
      case 'md5':
      case 'sha1':
      case 'sha256':
      case 'asn':
        await exact(type, value, 'exact', () => `${value} is listed`);
        break;
    }
    const seen = new Set<number>();
    const unique = found.filter((f) => !seen.has(f.row.id) && seen.add(f.row.id));
    const sources = await this.sourcesOf(unique.map((f) => f.row.id));
    const matches: CheckMatch[] = unique.map((f) => {
      const view = present(f.row, now);
      const list = sources.get(f.row.id) ?? [];
      const names = list.filter((s) => s.listed).map((s) => s.source);
      const from = names.length
        ? `; listed by ${names.join(', ')}`
        : list.length
          ? `; formerly listed by ${list.map((s) => s.source).join(', ')}`
          : '';
      const state =
        view.status === 'allowlisted'
          ? `; allowlisted: ${view.allowlistReason}`
          : view.status === 'expired'
            ? `; expired on ${view.expiresAt}`
            : '';
      return {
        how: f.how,
        matched: f.matched,
        explanation: `${f.explanation}${from}${state}`,
        indicator: view,
        sources: list,
      };
    });
    const allowlistHit = (await this.allowlists.index()).check(normalised.indicator);
    const active = matches.filter((m) => m.indicator.status === 'active');
    const verdict: CheckResult['verdict'] = active.length
      ? 'listed'
      : matches.some((m) => m.indicator.status === 'allowlisted') || allowlistHit
        ? 'allowlisted'
        : matches.length
          ? 'expired'
          : 'not-listed';
    return {
      query,
      normalised: { type, value },
      verdict,
      allowlisted: allowlistHit?.explanation ?? null,
      matches,
    };
  }
}
