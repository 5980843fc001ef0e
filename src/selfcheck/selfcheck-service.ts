/**
 * The public self-check: is the visitor's own address listed in recent observations or
 * detections, what the malware does, how to clean it and whether the browser and operating system
 * are out of date. It takes the address from the connection (behind the trusted proxies) and has
 * no way to ask about another one. Public statistics are aggregates only. The reference tables
 * (families, tools, versions) are edited by national administrators.
 */
import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import type { RateLimiter } from '../auth/rate-limiter.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database } from '../db/schema.js';
import { formatIp, parseIp, unmapIPv4, isIPv4Mapped } from '../net/ip.js';
import type { RequestContext } from '../server/context.js';
import { AppError, notFound } from '../server/errors.js';
import type { FamilyInfo, ToolInfo } from './shipped.js';
import {
  detectSoftware,
  judge,
  type ClientHints,
  type SoftwareVerdict,
  type VersionRow,
} from './user-agent.js';

export interface Finding {
  family: string | null;
  firstSeen: string;
  lastSeen: string;
  sightings: number;
  info: FamilyInfo | null;
}

export interface PublicCheckResult {
  ip: string;
  listed: boolean;
  lookbackDays: number;
  findings: Finding[];
  tools: (ToolInfo & { id: number })[];
  browser: SoftwareVerdict;
  os: SoftwareVerdict;
}

export interface PublicStats {
  from: string;
  to: string;
  total: number;
  provinces: { code: string; name: string; listed: number }[];
  families: { family: string; listed: number }[];
  days: { day: string; listed: number }[];
}

const STATS_TTL_MS = 60_000;
/** How long the set of recently listed addresses is trusted before it is read again. */
const LISTED_TTL_MS = 60_000;

function canonicalIp(text: string): string | null {
  const parsed = parseIp(text);
  if (!parsed) return null;
  return formatIp(isIPv4Mapped(parsed) ? unmapIPv4(parsed) : parsed);
}

interface Reference {
  families: Map<string, FamilyInfo>;
  tools: (ToolInfo & { id: number })[];
  versions: VersionRow[];
}

export class SelfcheckService {
  private stats: { at: number; value: Promise<PublicStats> } | null = null;
  /** The reference tables, read once and dropped on every edit (they change rarely). */
  private reference: Promise<Reference> | null = null;
  /**
   * Addresses with evidence in the look-back window. Most visitors are not listed: for them the
   * check needs no query. Rebuilt after LISTED_TTL_MS or when an import says so.
   */
  private listed: { at: number; since: string; ips: Promise<Set<string>> } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
    private readonly limiter: RateLimiter,
    private readonly lookbackDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async publicCheck(remoteIp: string, userAgent: string, hints: ClientHints): Promise<PublicCheckResult> {
    const wait = this.limiter.retryAfter(remoteIp);
    if (wait > 0)
      throw new AppError(429, 'rate_limited', `too many checks from this address; try again in ${wait} s`, [
        { path: 'retryAfter', message: String(wait) },
      ]);
    this.limiter.recordFailure(remoteIp);
    const ip = canonicalIp(remoteIp) ?? remoteIp;
    const since = new Date(this.now().getTime() - this.lookbackDays * 86_400_000).toISOString();
    const candidates = await this.listedAddresses(since);
    const observed = !candidates.has(ip)
      ? []
      : await this.db
          .selectFrom('observations')
          .select(['family', 'observed_at as time'])
          .where('ip', '=', ip)
          .where('observed_at', '>=', since)
          .execute();
    const detected = !candidates.has(ip)
      ? []
      : await this.db
          .selectFrom('detections')
          .select(['family', 'event_time', 'detected_at'])
          .where((eb) => eb.or([eb('source_ip', '=', ip), eb('internal_host', '=', ip)]))
          .where('detected_at', '>=', since)
          .execute();
    const byFamily = new Map<string, { family: string | null; first: string; last: string; n: number }>();
    const add = (family: string | null, time: string) => {
      const key = family ?? '';
      const f = byFamily.get(key);
      if (!f) byFamily.set(key, { family, first: time, last: time, n: 1 });
      else {
        if (time < f.first) f.first = time;
        if (time > f.last) f.last = time;
        f.n++;
      }
    };
    for (const o of observed) add(o.family, o.time);
    for (const d of detected) add(d.family, d.event_time ?? d.detected_at);
    const reference = await this.cachedReference();
    const families = reference.families;
    const findings: Finding[] = [...byFamily.values()]
      .sort((a, b) => (a.last < b.last ? 1 : -1))
      .map((f) => ({
        family: f.family,
        firstSeen: f.first,
        lastSeen: f.last,
        sightings: f.n,
        info: f.family ? (families.get(f.family.toLowerCase()) ?? null) : null,
      }));
    const versions = reference.versions;
    const software = detectSoftware(userAgent, hints);
    return {
      ip,
      listed: findings.length > 0,
      lookbackDays: this.lookbackDays,
      findings,
      tools: reference.tools,
      browser: judge(software.browser, versions),
      os: judge(software.os, versions),
    };
  }

  /** Drops the cached set of listed addresses (after an import or new detections). */
  invalidateListed(): void {
    this.listed = null;
  }

  private listedAddresses(since: string): Promise<Set<string>> {
    const now = this.now().getTime();
    if (this.listed && now - this.listed.at < LISTED_TTL_MS) return this.listed.ips;
    const ips = (async () => {
      const set = new Set<string>();
      const observed = await this.db
        .selectFrom('observations')
        .select('ip')
        .distinct()
        .where('observed_at', '>=', since)
        .execute();
      for (const r of observed) set.add(r.ip);
      const detected = await this.db
        .selectFrom('detections')
        .select(['source_ip', 'internal_host'])
        .where('detected_at', '>=', since)
        .execute();
      for (const r of detected) {
        if (r.source_ip) set.add(r.source_ip);
        if (r.internal_host) set.add(r.internal_host);
      }
      return set;
    })();
    const entry = { at: now, since, ips };
    this.listed = entry;
    ips.catch(() => {
      if (this.listed === entry) this.listed = null;
    });
    return ips;
  }

  private cachedReference(): Promise<Reference> {
    if (!this.reference) {
      const loading = (async () => ({
        families: new Map((await this.families()).map((f) => [f.family, f])),
        tools: await this.tools(),
        versions: await this.versions(),
      }))();
      this.reference = loading;
      loading.catch(() => {
        if (this.reference === loading) this.reference = null;
      });
    }
    return this.reference;
  }

  async families(): Promise<FamilyInfo[]> {
    const rows = await this.db.selectFrom('malware_families').selectAll().orderBy('family').execute();
    return rows.map((r) => ({
      family: r.family,
      name: r.name,
      descriptionVi: r.description_vi,
      descriptionEn: r.description_en,
      cleanupVi: r.cleanup_vi,
      cleanupEn: r.cleanup_en,
    }));
  }

  async tools(): Promise<(ToolInfo & { id: number })[]> {
    const rows = await this.db
      .selectFrom('selfcheck_tools')
      .selectAll()
      .orderBy('position')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      url: r.url,
      descriptionVi: r.description_vi,
      descriptionEn: r.description_en,
    }));
  }

  async versions(): Promise<VersionRow[]> {
    const rows = await this.db
      .selectFrom('software_versions')
      .selectAll()
      .orderBy('kind')
      .orderBy('product')
      .execute();
    return rows.map((r) => ({
      product: r.product,
      label: r.label,
      kind: r.kind,
      currentVersion: r.current_version,
      minimumVersion: r.minimum_version,
    }));
  }

  async saveFamily(ctx: RequestContext, info: FamilyInfo): Promise<FamilyInfo> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'edit malware family information');
    const family = info.family.toLowerCase();
    const row = {
      name: info.name,
      description_vi: info.descriptionVi,
      description_en: info.descriptionEn,
      cleanup_vi: info.cleanupVi,
      cleanup_en: info.cleanupEn,
      updated_at: this.now().toISOString(),
    };
    await this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('malware_families')
        .selectAll()
        .where('family', '=', family)
        .executeTakeFirst();
      if (before) await trx.updateTable('malware_families').set(row).where('family', '=', family).execute();
      else
        await trx
          .insertInto('malware_families')
          .values({ family, ...row })
          .execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: null,
        action: 'selfcheck.family.save',
        entityType: 'malware_family',
        entityId: family,
        before: before ?? null,
        after: { family, ...row },
        requestIp: ctx.ip,
      });
    });
    this.reference = null;
    return { ...info, family };
  }

  async removeFamily(ctx: RequestContext, family: string): Promise<void> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'edit malware family information');
    await this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('malware_families')
        .selectAll()
        .where('family', '=', family)
        .executeTakeFirst();
      if (!before) throw notFound(`family ${family}`);
      await trx.deleteFrom('malware_families').where('family', '=', family).execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: null,
        action: 'selfcheck.family.remove',
        entityType: 'malware_family',
        entityId: family,
        before,
        requestIp: ctx.ip,
      });
    });
    this.reference = null;
  }

  /** Replaces the recommended tools with a new ordered list. */
  async replaceTools(
    ctx: RequestContext,
    tools: readonly ToolInfo[],
  ): Promise<(ToolInfo & { id: number })[]> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'edit the recommended tools');
    const before = await this.tools();
    const now = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('selfcheck_tools').execute();
      if (tools.length > 0)
        await trx
          .insertInto('selfcheck_tools')
          .values(
            tools.map((t, i) => ({
              name: t.name,
              url: t.url,
              description_vi: t.descriptionVi,
              description_en: t.descriptionEn,
              position: i,
              updated_at: now,
            })),
          )
          .execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: null,
        action: 'selfcheck.tools.replace',
        entityType: 'selfcheck_tools',
        entityId: null,
        before,
        after: tools,
        requestIp: ctx.ip,
      });
    });
    this.reference = null;
    return this.tools();
  }

  async saveVersion(ctx: RequestContext, row: VersionRow): Promise<VersionRow> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'edit the current software versions');
    const values = {
      label: row.label,
      kind: row.kind,
      current_version: row.currentVersion,
      minimum_version: row.minimumVersion,
      updated_at: this.now().toISOString(),
    };
    await this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('software_versions')
        .selectAll()
        .where('product', '=', row.product)
        .executeTakeFirst();
      if (before)
        await trx.updateTable('software_versions').set(values).where('product', '=', row.product).execute();
      else
        await trx
          .insertInto('software_versions')
          .values({ product: row.product, ...values })
          .execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: null,
        action: 'selfcheck.version.save',
        entityType: 'software_version',
        entityId: row.product,
        before: before ?? null,
        after: { product: row.product, ...values },
        requestIp: ctx.ip,
      });
    });
    this.reference = null;
    return row;
  }

  /** Aggregates for the public page; cached for a minute so the page cannot load the database. */
  publicStats(): Promise<PublicStats> {
    const now = this.now().getTime();
    if (this.stats && now - this.stats.at < STATS_TTL_MS) return this.stats.value;
    const value = this.computeStats();
    this.stats = { at: now, value };
    value.catch(() => {
      this.stats = null;
    });
    return value;
  }

  private async computeStats(): Promise<PublicStats> {
    const end = this.now();
    const from = new Date(end.getTime() - (this.lookbackDays - 1) * 86_400_000).toISOString().slice(0, 10);
    const to = end.toISOString().slice(0, 10);
    const rows = await this.db
      .selectFrom('observations')
      .leftJoin('organisations as o', 'o.id', 'observations.organisation_id')
      .select(['observations.ip', 'observations.family', 'observations.observed_at', 'o.path'])
      .where('observations.observed_at', '>=', `${from}T00:00:00.000Z`)
      .execute();
    const provinces = await this.db
      .selectFrom('organisations')
      .select(['code', 'name', 'path'])
      .where('kind', '=', 'province')
      .where('valid_to', 'is', null)
      .orderBy('code')
      .execute();
    const perProvince = new Map(provinces.map((p) => [p.path, new Set<string>()]));
    const perFamily = new Map<string, Set<string>>();
    const perDay = new Map<string, Set<string>>();
    const all = new Set<string>();
    for (const r of rows) {
      all.add(r.ip);
      if (r.path) {
        const province = provinces.find((p) => r.path!.startsWith(p.path));
        if (province) perProvince.get(province.path)!.add(r.ip);
      }
      const family = r.family ?? '';
      (perFamily.get(family) ?? perFamily.set(family, new Set()).get(family)!).add(r.ip);
      const day = r.observed_at.slice(0, 10);
      (perDay.get(day) ?? perDay.set(day, new Set()).get(day)!).add(r.ip);
    }
    const days: { day: string; listed: number }[] = [];
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      days.push({ day, listed: perDay.get(day)?.size ?? 0 });
    }
    return {
      from,
      to,
      total: all.size,
      provinces: provinces.map((p) => ({
        code: p.code,
        name: p.name,
        listed: perProvince.get(p.path)!.size,
      })),
      families: [...perFamily.entries()]
        .map(([family, ips]) => ({ family, listed: ips.size }))
        .sort((a, b) => b.listed - a.listed || a.family.localeCompare(b.family)),
      days,
    };
  }
}
