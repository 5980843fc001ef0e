/**
 * What an organisation owns: IP ranges, AS numbers, domains, websites and contacts. Values are
 * normalised before they are stored; a range that overlaps a sibling's is refused with both
 * ranges named, because two siblings cannot both own an address.
 */
import type { Kysely, Transaction } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database, OrganisationRow } from '../db/schema.js';
import { cidrsOverlap, formatCidr, parseCidr } from '../net/cidr.js';
import { normaliseDomain } from '../net/domain.js';
import type { RequestContext } from '../server/context.js';
import { conflict, invalid, notFound } from '../server/errors.js';
import { periodsOverlap } from './periods.js';

export type OwnedKind = 'ip-ranges' | 'asns' | 'domains' | 'websites' | 'contacts';

const tables = {
  'ip-ranges': 'organisation_ip_ranges',
  asns: 'organisation_asns',
  domains: 'organisation_domains',
  websites: 'organisation_websites',
  contacts: 'organisation_contacts',
} as const;

export interface ContactInput {
  name: string;
  role: string;
  email: string | null;
  phone: string | null;
}

export interface RangeOverlap {
  cidr: string;
  otherCidr: string;
  other: { id: number; code: string; name: string; path: string };
}

export function normaliseAsn(value: string | number): number | null {
  const text = String(value).trim().replace(/^as/i, '');
  if (!/^\d{1,10}$/.test(text)) return null;
  const asn = Number(text);
  return asn >= 1 && asn <= 4294967295 ? asn : null;
}

export function normaliseWebsite(value: string): { ok: true; value: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, reason: `"${value.slice(0, 80)}" is not an absolute URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, reason: 'a website URL must use http or https' };
  if (url.username || url.password)
    return { ok: false, reason: 'a website URL must not contain credentials' };
  return { ok: true, value: url.toString() };
}

const nowIso = () => new Date().toISOString();

export class OwnedDataService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
    private readonly onChange: () => void,
  ) {}

  /** Ranges of the organisation's siblings (same parent, overlapping period) that overlap `cidr`. */
  async siblingOverlaps(
    executor: Kysely<Database>,
    org: OrganisationRow,
    cidrText: string,
  ): Promise<RangeOverlap[]> {
    const parsed = parseCidr(cidrText);
    if (!parsed.ok) return [];
    let siblings = executor.selectFrom('organisations').selectAll().where('id', '!=', org.id);
    siblings =
      org.parent_id === null
        ? siblings.where('parent_id', 'is', null)
        : siblings.where('parent_id', '=', org.parent_id);
    const rows = (await siblings.execute()).filter((s) =>
      periodsOverlap(
        { validFrom: s.valid_from, validTo: s.valid_to },
        { validFrom: org.valid_from, validTo: org.valid_to },
      ),
    );
    if (rows.length === 0) return [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ranges = await executor
      .selectFrom('organisation_ip_ranges')
      .select(['organisation_id', 'cidr'])
      .where('organisation_id', 'in', [...byId.keys()])
      .where('family', '=', parsed.value.network.family)
      .execute();
    const overlaps: RangeOverlap[] = [];
    for (const range of ranges) {
      const other = parseCidr(range.cidr);
      if (other.ok && cidrsOverlap(parsed.value, other.value)) {
        const sibling = byId.get(range.organisation_id)!;
        overlaps.push({
          cidr: cidrText,
          otherCidr: range.cidr,
          other: { id: sibling.id, code: sibling.code, name: sibling.name, path: sibling.path },
        });
      }
    }
    return overlaps;
  }

  async add(
    ctx: RequestContext,
    organisationId: number,
    kind: OwnedKind,
    raw: unknown,
  ): Promise<{ id: number } & Record<string, unknown>> {
    const result = await this.db.transaction().execute(async (trx) => {
      const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId, 'edit', trx);
      const item = await this.insert(trx, org, kind, raw, ctx);
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: `organisation.${kind}.add`,
        entityType: kind,
        entityId: item.id,
        after: item,
        requestIp: ctx.ip,
      });
      return item;
    });
    this.onChange();
    return result;
  }

  private async insert(
    trx: Transaction<Database>,
    org: OrganisationRow,
    kind: OwnedKind,
    raw: unknown,
    ctx: RequestContext,
  ): Promise<{ id: number } & Record<string, unknown>> {
    const input = raw as Record<string, unknown>;
    const text = (value: unknown) =>
      typeof value === 'string' || typeof value === 'number' ? String(value) : '';
    const duplicate = (what: string) => conflict('duplicate', `${org.code} already has ${what}`);
    switch (kind) {
      case 'ip-ranges': {
        const parsed = parseCidr(text(input.cidr));
        if (!parsed.ok) throw invalid(parsed.reason, [{ path: 'cidr', message: parsed.reason }]);
        const cidr = formatCidr(parsed.value);
        const overlaps = await this.siblingOverlaps(trx, org, cidr);
        if (overlaps.length > 0) {
          throw conflict(
            'range_overlap',
            `${cidr} overlaps ranges of a sibling organisation; two siblings cannot own the same addresses`,
            overlaps.map((o) => {
              // Name the sibling only to those who may see it; others learn just that the space is taken.
              const visible = this.authz.permits(ctx.actor, ctx.scope, o.other, 'read');
              return {
                path: 'cidr',
                message: `${o.otherCidr} (${visible ? `${o.other.code} ${o.other.name}` : 'another organisation'})`,
              };
            }),
          );
        }
        const exists = await trx
          .selectFrom('organisation_ip_ranges')
          .select('id')
          .where('organisation_id', '=', org.id)
          .where('cidr', '=', cidr)
          .executeTakeFirst();
        if (exists) throw duplicate(cidr);
        const row = await trx
          .insertInto('organisation_ip_ranges')
          .values({
            organisation_id: org.id,
            cidr,
            family: parsed.value.network.family,
            created_at: nowIso(),
          })
          .returning(['id', 'cidr'])
          .executeTakeFirstOrThrow();
        return row;
      }
      case 'asns': {
        const asn = normaliseAsn(input.asn as string | number);
        if (asn === null)
          throw invalid('an AS number is an integer from 1 to 4294967295 (AS prefix allowed)', [
            { path: 'asn', message: 'not an AS number' },
          ]);
        const exists = await trx
          .selectFrom('organisation_asns')
          .select('id')
          .where('organisation_id', '=', org.id)
          .where('asn', '=', asn)
          .executeTakeFirst();
        if (exists) throw duplicate(`AS${asn}`);
        return trx
          .insertInto('organisation_asns')
          .values({ organisation_id: org.id, asn })
          .returning(['id', 'asn'])
          .executeTakeFirstOrThrow();
      }
      case 'domains': {
        const parsed = normaliseDomain(text(input.domain));
        if (!parsed.ok) throw invalid(parsed.reason, [{ path: 'domain', message: parsed.reason }]);
        const exists = await trx
          .selectFrom('organisation_domains')
          .select('id')
          .where('organisation_id', '=', org.id)
          .where('domain', '=', parsed.value)
          .executeTakeFirst();
        if (exists) throw duplicate(parsed.value);
        return trx
          .insertInto('organisation_domains')
          .values({ organisation_id: org.id, domain: parsed.value })
          .returning(['id', 'domain'])
          .executeTakeFirstOrThrow();
      }
      case 'websites': {
        const parsed = normaliseWebsite(text(input.url));
        if (!parsed.ok) throw invalid(parsed.reason, [{ path: 'url', message: parsed.reason }]);
        const exists = await trx
          .selectFrom('organisation_websites')
          .select('id')
          .where('organisation_id', '=', org.id)
          .where('url', '=', parsed.value)
          .executeTakeFirst();
        if (exists) throw duplicate(parsed.value);
        return trx
          .insertInto('organisation_websites')
          .values({ organisation_id: org.id, url: parsed.value })
          .returning(['id', 'url'])
          .executeTakeFirstOrThrow();
      }
      case 'contacts': {
        const contact = input as unknown as ContactInput;
        return trx
          .insertInto('organisation_contacts')
          .values({
            organisation_id: org.id,
            name: contact.name,
            role: contact.role,
            email: contact.email ?? null,
            phone: contact.phone ?? null,
          })
          .returning(['id', 'name', 'role', 'email', 'phone'])
          .executeTakeFirstOrThrow();
      }
    }
  }

  async updateContact(
    ctx: RequestContext,
    organisationId: number,
    itemId: number,
    patch: Partial<ContactInput>,
  ): Promise<ContactInput & { id: number }> {
    return this.db.transaction().execute(async (trx) => {
      const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId, 'edit', trx);
      const before = await trx
        .selectFrom('organisation_contacts')
        .select(['id', 'name', 'role', 'email', 'phone'])
        .where('id', '=', itemId)
        .where('organisation_id', '=', org.id)
        .executeTakeFirst();
      if (!before) throw notFound(`contact ${itemId}`);
      const after = await trx
        .updateTable('organisation_contacts')
        .set({ ...patch })
        .where('id', '=', itemId)
        .returning(['id', 'name', 'role', 'email', 'phone'])
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: 'organisation.contacts.update',
        entityType: 'contacts',
        entityId: itemId,
        before,
        after,
        requestIp: ctx.ip,
      });
      return after;
    });
  }

  async remove(ctx: RequestContext, organisationId: number, kind: OwnedKind, itemId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId, 'edit', trx);
      const table = tables[kind];
      const before = await trx
        .selectFrom(table)
        .selectAll()
        .where('id', '=', itemId)
        .where('organisation_id', '=', org.id)
        .executeTakeFirst();
      if (!before) throw notFound(`${kind} item ${itemId}`);
      await trx.deleteFrom(table).where('id', '=', itemId).where('organisation_id', '=', org.id).execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: `organisation.${kind}.remove`,
        entityType: kind,
        entityId: itemId,
        before,
        requestIp: ctx.ip,
      });
    });
    this.onChange();
  }
}
