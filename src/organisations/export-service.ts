/** Reads the organisations an actor may see into interchange records (for JSON/CSV export). */
import type { Kysely } from 'kysely';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database } from '../db/schema.js';
import type { RequestContext } from '../server/context.js';
import type { OrganisationRecord } from './interchange/record.js';
import { isEffectiveOn } from './periods.js';

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

export async function exportOrganisations(
  db: Kysely<Database>,
  authz: Authorizer,
  ctx: RequestContext,
  options: { at: string | null },
): Promise<OrganisationRecord[]> {
  const prefixes = authz.readablePrefixes(ctx.scope);
  if (prefixes.length === 0) return [];
  const orgs = (
    await db
      .selectFrom('organisations')
      .selectAll()
      .where((eb) => eb.or(prefixes.map((p) => eb('path', 'like', `${p}%`))))
      .orderBy('path')
      .execute()
  )
    .filter((o) => authz.permits(ctx.actor, ctx.scope, o, 'read'))
    .filter(
      (o) =>
        options.at === null || isEffectiveOn({ validFrom: o.valid_from, validTo: o.valid_to }, options.at),
    );
  const ids = new Set(orgs.map((o) => o.id));
  const all = await db.selectFrom('organisations').select(['id', 'code']).execute();
  const codeOf = new Map(all.map((o) => [o.id, o.code]));
  const [ranges, asns, domains, websites, contacts, successions] = await Promise.all([
    db
      .selectFrom('organisation_ip_ranges')
      .select(['organisation_id', 'cidr'])
      .orderBy('family')
      .orderBy('cidr')
      .execute(),
    db.selectFrom('organisation_asns').select(['organisation_id', 'asn']).orderBy('asn').execute(),
    db.selectFrom('organisation_domains').select(['organisation_id', 'domain']).orderBy('domain').execute(),
    db.selectFrom('organisation_websites').select(['organisation_id', 'url']).orderBy('url').execute(),
    db.selectFrom('organisation_contacts').selectAll().orderBy('id').execute(),
    db.selectFrom('organisation_successions').selectAll().execute(),
  ]);
  const byOrg = <T extends { organisation_id: number }>(rows: T[]) =>
    groupBy(
      rows.filter((r) => ids.has(r.organisation_id)),
      (r) => r.organisation_id,
    );
  const rangeMap = byOrg(ranges);
  const asnMap = byOrg(asns);
  const domainMap = byOrg(domains);
  const websiteMap = byOrg(websites);
  const contactMap = byOrg(contacts);
  const predecessorMap = groupBy(successions, (s) => s.successor_id);
  return orgs.map((o) => ({
    code: o.code,
    name: o.name,
    kind: o.kind,
    // The parent of the top of an exported subtree is outside the reader's scope: not named.
    parentCode: o.parent_id === null || !ids.has(o.parent_id) ? null : (codeOf.get(o.parent_id) ?? null),
    validFrom: o.valid_from,
    validTo: o.valid_to,
    predecessorCodes: (predecessorMap.get(o.id) ?? []).map((s) => codeOf.get(s.predecessor_id)!).sort(),
    ipRanges: (rangeMap.get(o.id) ?? []).map((r) => r.cidr),
    asns: (asnMap.get(o.id) ?? []).map((r) => r.asn),
    domains: (domainMap.get(o.id) ?? []).map((r) => r.domain),
    websites: (websiteMap.get(o.id) ?? []).map((r) => r.url),
    contacts: (contactMap.get(o.id) ?? []).map((c) => ({
      name: c.name,
      role: c.role,
      email: c.email,
      phone: c.phone,
    })),
  }));
}
