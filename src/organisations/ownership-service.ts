/**
 * Owner lookup: which organisation owns an IP address (longest-prefix match over every
 * registered range) or a domain (the closest registered parent). The index is built in memory
 * from the database on first use and rebuilt after any change to the tree or its ranges.
 */
import type { Kysely } from 'kysely';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database, OrganisationRow } from '../db/schema.js';
import { parseCidr } from '../net/cidr.js';
import { DomainIndex } from '../net/domain.js';
import { parseIp } from '../net/ip.js';
import { PrefixIndex } from '../net/prefix-index.js';
import type { RequestContext } from '../server/context.js';
import { invalid } from '../server/errors.js';
import { isEffectiveOn, todayIso } from './periods.js';
import { presentSummary, type OrgSummary } from './presenters.js';

export interface OwnerIndex {
  date: string;
  ranges: PrefixIndex<OrganisationRow>;
  domains: DomainIndex<OrganisationRow>;
  /** AS number → the organisations that registered it (the fallback when no range matches) */
  asns: Map<number, OrganisationRow[]>;
}

export interface LookupResult {
  query: string;
  owner: OrgSummary | null;
  matched: string | null;
}

export class OwnershipService {
  private cache: { version: number; index: Promise<OwnerIndex> } | null = null;
  private version = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
  ) {}

  /** Marks the index stale; the next lookup rebuilds it. */
  invalidate(): void {
    this.version++;
  }

  async index(date: string = todayIso()): Promise<OwnerIndex> {
    if (this.cache && this.cache.version === this.version) {
      const cached = await this.cache.index;
      if (cached.date === date) return cached;
    }
    const index = this.build(date);
    this.cache = { version: this.version, index };
    return index;
  }

  private async build(date: string): Promise<OwnerIndex> {
    const orgs = (await this.db.selectFrom('organisations').selectAll().execute()).filter((o) =>
      isEffectiveOn({ validFrom: o.valid_from, validTo: o.valid_to }, date),
    );
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const ranges = new PrefixIndex<OrganisationRow>();
    for (const row of await this.db
      .selectFrom('organisation_ip_ranges')
      .select(['organisation_id', 'cidr'])
      .execute()) {
      const org = byId.get(row.organisation_id);
      const cidr = parseCidr(row.cidr);
      if (org && cidr.ok) ranges.insert(cidr.value, org);
    }
    const domains = new DomainIndex<OrganisationRow>();
    for (const row of await this.db
      .selectFrom('organisation_domains')
      .select(['organisation_id', 'domain'])
      .execute()) {
      const org = byId.get(row.organisation_id);
      if (org) domains.insert(row.domain, org);
    }
    const asns = new Map<number, OrganisationRow[]>();
    for (const row of await this.db
      .selectFrom('organisation_asns')
      .select(['organisation_id', 'asn'])
      .execute()) {
      const org = byId.get(row.organisation_id);
      if (!org) continue;
      const list = asns.get(Number(row.asn)) ?? [];
      list.push(org);
      asns.set(Number(row.asn), list);
    }
    return { date, ranges, domains, asns };
  }

  async lookup(
    ctx: RequestContext,
    query: { ip?: string | undefined; domain?: string | undefined; at?: string | undefined },
  ): Promise<LookupResult> {
    const index = await this.index(query.at ?? todayIso());
    let hit: { owner: OrganisationRow; matched: string } | null = null;
    let text: string;
    if (query.ip !== undefined) {
      text = query.ip;
      const ip = parseIp(text);
      if (!ip)
        throw invalid(`"${text.slice(0, 60)}" is not an IPv4 or IPv6 address`, [
          { path: 'ip', message: 'not an IP address' },
        ]);
      const match = index.ranges.lookupParsed(ip);
      if (match) hit = { owner: match.value, matched: match.cidr };
    } else {
      text = query.domain ?? '';
      const match = index.domains.lookup(text);
      if (match) hit = { owner: match.value, matched: match.domain };
    }
    // An owner outside the caller's scope is reported as "no owner known to you".
    if (!hit || !this.authz.permits(ctx.actor, ctx.scope, hit.owner, 'read'))
      return { query: text, owner: null, matched: null };
    return {
      query: text,
      owner: presentSummary(hit.owner, this.authz.isHistorical(ctx.scope, hit.owner.path)),
      matched: hit.matched,
    };
  }
}
