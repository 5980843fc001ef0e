/**
 * The organisation tree: listing what an actor may see (at a date), creating and changing
 * organisations, and the data each one owns. Every change runs in one transaction with its audit
 * row, after the authorizer has produced an `Authorized` organisation.
 */
import type { Kysely, Transaction } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database, OrganisationRow } from '../db/schema.js';
import type { RequestContext } from '../server/context.js';
import { conflict, invalid, notFound } from '../server/errors.js';
import {
  isEffectiveOn,
  periodProblem,
  periodsOverlap,
  periodWithin,
  todayIso,
  type Period,
} from './periods.js';
import { presentSummary, type OrgDetail, type OrgRef, type OrgSummary } from './presenters.js';

export interface CreateOrganisationInput {
  parentId: number;
  code: string;
  name: string;
  kind: string;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface UpdateOrganisationInput {
  name?: string;
  code?: string;
  kind?: string;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface ListOptions {
  /** the date the tree is shown at; null with includeEnded lists every period */
  at: string | null;
  includeEnded: boolean;
}

const nowIso = () => new Date().toISOString();
const periodOf = (row: Pick<OrganisationRow, 'valid_from' | 'valid_to'>): Period => ({
  validFrom: row.valid_from,
  validTo: row.valid_to,
});

export class OrganisationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
    private readonly onChange: () => void,
  ) {}

  async kinds(): Promise<{ code: string; nameVi: string; nameEn: string; rank: number }[]> {
    const rows = await this.db
      .selectFrom('organisation_kinds')
      .selectAll()
      .orderBy('rank')
      .orderBy('code')
      .execute();
    return rows.map((r) => ({ code: r.code, nameVi: r.name_vi, nameEn: r.name_en, rank: r.rank }));
  }

  /** Kinds are data: the national level adds them (e.g. a new kind of unit after a reform). */
  async addKind(
    ctx: RequestContext,
    kind: { code: string; nameVi: string; nameEn: string; rank: number },
  ): Promise<void> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'add organisation kinds');
    await this.db.transaction().execute(async (trx) => {
      const exists = await trx
        .selectFrom('organisation_kinds')
        .select('code')
        .where('code', '=', kind.code)
        .executeTakeFirst();
      if (exists) throw conflict('duplicate', `the organisation kind ${kind.code} already exists`);
      await trx
        .insertInto('organisation_kinds')
        .values({ code: kind.code, name_vi: kind.nameVi, name_en: kind.nameEn, rank: kind.rank })
        .execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: null,
        action: 'organisation-kind.create',
        entityType: 'organisation_kind',
        entityId: kind.code,
        after: kind,
        requestIp: ctx.ip,
      });
    });
  }

  async list(ctx: RequestContext, options: ListOptions): Promise<OrgSummary[]> {
    const prefixes = this.authz.readablePrefixes(ctx.scope);
    if (prefixes.length === 0) return [];
    let query = this.db
      .selectFrom('organisations')
      .selectAll()
      .where((eb) => eb.or(prefixes.map((p) => eb('path', 'like', `${p}%`))));
    if (!options.includeEnded) {
      const at = options.at ?? todayIso();
      query = query
        .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', at)]))
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]));
    }
    const rows = await query.orderBy('path').execute();
    return rows
      .filter((row) => this.authz.permits(ctx.actor, ctx.scope, row, 'read'))
      .map((row) => presentSummary(row, this.authz.isHistorical(ctx.scope, row.path)));
  }

  async detail(ctx: RequestContext, id: number): Promise<OrgDetail> {
    const org = await this.authz.organisation(ctx.actor, ctx.scope, id, 'read');
    const [ipRanges, asns, domains, websites, contacts, predecessors, successors] = await Promise.all([
      this.db
        .selectFrom('organisation_ip_ranges')
        .select(['id', 'cidr'])
        .where('organisation_id', '=', id)
        .orderBy('family')
        .orderBy('cidr')
        .execute(),
      this.db
        .selectFrom('organisation_asns')
        .select(['id', 'asn'])
        .where('organisation_id', '=', id)
        .orderBy('asn')
        .execute(),
      this.db
        .selectFrom('organisation_domains')
        .select(['id', 'domain'])
        .where('organisation_id', '=', id)
        .orderBy('domain')
        .execute(),
      this.db
        .selectFrom('organisation_websites')
        .select(['id', 'url'])
        .where('organisation_id', '=', id)
        .orderBy('url')
        .execute(),
      this.db
        .selectFrom('organisation_contacts')
        .select(['id', 'name', 'role', 'email', 'phone'])
        .where('organisation_id', '=', id)
        .orderBy('id')
        .execute(),
      this.related(ctx, id, 'predecessors'),
      this.related(ctx, id, 'successors'),
    ]);
    return {
      ...presentSummary(org, this.authz.isHistorical(ctx.scope, org.path)),
      ipRanges,
      asns,
      domains,
      websites,
      contacts,
      predecessors,
      successors,
      permissions: {
        canEdit: this.authz.permits(ctx.actor, ctx.scope, org, 'edit'),
        canAddChild: this.authz.permits(ctx.actor, ctx.scope, org, 'add-child'),
        canEditParentFields: this.authz.permits(ctx.actor, ctx.scope, org, 'restructure'),
      },
    };
  }

  private async related(
    ctx: RequestContext,
    id: number,
    which: 'predecessors' | 'successors',
  ): Promise<OrgRef[]> {
    const [mine, theirs] =
      which === 'predecessors'
        ? (['successor_id', 'predecessor_id'] as const)
        : (['predecessor_id', 'successor_id'] as const);
    const rows = await this.db
      .selectFrom('organisation_successions as s')
      .innerJoin('organisations as o', 'o.id', `s.${theirs}`)
      .select(['o.id', 'o.code', 'o.name', 'o.path'])
      .where(`s.${mine}`, '=', id)
      .orderBy('o.code')
      .execute();
    return rows
      .filter((r) => this.authz.permits(ctx.actor, ctx.scope, r, 'read'))
      .map((r) => ({ id: r.id, code: r.code, name: r.name }));
  }

  async create(ctx: RequestContext, input: CreateOrganisationInput): Promise<OrgDetail> {
    const id = await this.db.transaction().execute(async (trx) => {
      const parent = await this.authz.organisation(ctx.actor, ctx.scope, input.parentId, 'add-child', trx);
      const period = { validFrom: input.validFrom ?? null, validTo: input.validTo ?? null };
      await this.checkOrganisation(trx, { code: input.code, kind: input.kind, period, parent, selfId: null });
      const created = await insertOrganisation(trx, { ...input, ...period }, parent);
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: created.id,
        action: 'organisation.create',
        entityType: 'organisation',
        entityId: created.id,
        after: created,
        requestIp: ctx.ip,
      });
      return created.id;
    });
    this.onChange();
    return this.detail(ctx, id);
  }

  async update(ctx: RequestContext, id: number, patch: UpdateOrganisationInput): Promise<OrgDetail> {
    const structural =
      patch.code !== undefined ||
      patch.kind !== undefined ||
      patch.validFrom !== undefined ||
      patch.validTo !== undefined;
    await this.db.transaction().execute(async (trx) => {
      const org = structural
        ? await this.authz.organisation(ctx.actor, ctx.scope, id, 'restructure', trx)
        : await this.authz.organisation(ctx.actor, ctx.scope, id, 'edit', trx);
      const next = {
        code: patch.code ?? org.code,
        name: patch.name ?? org.name,
        kind: patch.kind ?? org.kind,
        valid_from: patch.validFrom === undefined ? org.valid_from : patch.validFrom,
        valid_to: patch.validTo === undefined ? org.valid_to : patch.validTo,
      };
      if (structural) {
        const parent =
          org.parent_id === null
            ? null
            : await trx
                .selectFrom('organisations')
                .selectAll()
                .where('id', '=', org.parent_id)
                .executeTakeFirstOrThrow();
        const period = { validFrom: next.valid_from, validTo: next.valid_to };
        await this.checkOrganisation(trx, {
          code: next.code,
          kind: next.kind,
          period,
          parent,
          selfId: org.id,
        });
        const children = await trx
          .selectFrom('organisations')
          .selectAll()
          .where('parent_id', '=', org.id)
          .execute();
        const outside = children.filter((c) => !periodWithin(periodOf(c), period));
        if (outside.length > 0) {
          throw invalid(
            'the new period would leave child organisations outside their parent',
            outside.map((c) => ({
              path: 'validTo',
              message: `${c.code} (${c.name}) is effective ${c.valid_from ?? '…'} – ${c.valid_to ?? '…'}`,
            })),
          );
        }
      }
      const updated = await trx
        .updateTable('organisations')
        .set({ ...next, updated_at: nowIso() })
        .where('id', '=', org.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: 'organisation.update',
        entityType: 'organisation',
        entityId: org.id,
        before: org,
        after: updated,
        requestIp: ctx.ip,
      });
    });
    this.onChange();
    return this.detail(ctx, id);
  }

  /** Validates code, kind and period of an organisation against its parent and namesakes. */
  async checkOrganisation(
    trx: Transaction<Database>,
    o: { code: string; kind: string; period: Period; parent: OrganisationRow | null; selfId: number | null },
  ): Promise<void> {
    const problem = periodProblem(o.period);
    if (problem) throw invalid(problem, [{ path: 'validFrom', message: problem }]);
    const kind = await trx
      .selectFrom('organisation_kinds')
      .select('code')
      .where('code', '=', o.kind)
      .executeTakeFirst();
    if (!kind)
      throw invalid(`unknown organisation kind "${o.kind}"`, [
        { path: 'kind', message: `unknown kind "${o.kind}"` },
      ]);
    if (o.parent && !periodWithin(o.period, periodOf(o.parent))) {
      const message = `the period must lie within the parent's (${o.parent.code}: ${o.parent.valid_from ?? '…'} – ${o.parent.valid_to ?? '…'})`;
      throw invalid(message, [{ path: 'validFrom', message }]);
    }
    const namesakes = await trx.selectFrom('organisations').selectAll().where('code', '=', o.code).execute();
    const clash = namesakes.find((n) => n.id !== o.selfId && periodsOverlap(periodOf(n), o.period));
    if (clash) {
      throw conflict(
        'code_taken',
        `code ${o.code} is already used by another organisation in an overlapping period`,
        [{ path: 'code', message: `already used ${clash.valid_from ?? '…'} – ${clash.valid_to ?? '…'}` }],
      );
    }
  }

  async findByCode(code: string, at: string | null): Promise<OrganisationRow> {
    const rows = await this.db.selectFrom('organisations').selectAll().where('code', '=', code).execute();
    const match =
      at === null
        ? (rows.find((r) => r.valid_to === null) ?? rows[0])
        : rows.find((r) => isEffectiveOn(periodOf(r), at));
    if (!match) throw notFound(`organisation with code ${code}`);
    return match;
  }
}

/** Inserts an organisation row and sets its materialised path (which needs the new id). */
export async function insertOrganisation(
  trx: Transaction<Database>,
  o: { code: string; name: string; kind: string; validFrom: string | null; validTo: string | null },
  parent: Pick<OrganisationRow, 'id' | 'path'> | null,
): Promise<OrganisationRow> {
  const now = nowIso();
  const inserted = await trx
    .insertInto('organisations')
    .values({
      code: o.code,
      name: o.name,
      kind: o.kind,
      parent_id: parent?.id ?? null,
      path: '',
      valid_from: o.validFrom,
      valid_to: o.validTo,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parent?.path ?? '/'}${inserted.id}/`;
  return trx
    .updateTable('organisations')
    .set({ path })
    .where('id', '=', inserted.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
