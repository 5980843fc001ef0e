/**
 * Reading observations: an organisation reads those assigned inside its subtree; the national
 * level also sees the import runs and the observations no organisation owns.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database, ObservationsTable } from '../db/schema.js';
import type { RequestContext } from '../server/context.js';
import type { ObservationRejection } from './observation-model.js';

export interface ObservationView {
  id: number;
  ip: string;
  port: number | null;
  time: string;
  family: string | null;
  category: string;
  source: string;
  asn: number | null;
  hostname: string | null;
  url: string | null;
  protocol: string | null;
  destinationIp: string | null;
  destinationPort: number | null;
  organisation: { id: number; code: string; name: string } | null;
  assignedBy: string | null;
  matched: string | null;
  hostId: number | null;
  importId: number;
}

type Row = Selectable<ObservationsTable> & { org_code: string | null; org_name: string | null };

function present(r: Row): ObservationView {
  return {
    id: r.id,
    ip: r.ip,
    port: r.port,
    time: r.observed_at,
    family: r.family,
    category: r.category,
    source: r.source,
    asn: r.asn === null ? null : Number(r.asn),
    hostname: r.hostname,
    url: r.url,
    protocol: r.protocol,
    destinationIp: r.destination_ip,
    destinationPort: r.destination_port,
    organisation:
      r.organisation_id === null
        ? null
        : { id: r.organisation_id, code: r.org_code ?? '', name: r.org_name ?? '' },
    assignedBy: r.assigned_by,
    matched: r.matched,
    hostId: r.host_id,
    importId: r.import_id,
  };
}

export interface Page {
  limit: number;
  offset: number;
}

export class ObservationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
  ) {}

  private base() {
    return this.db
      .selectFrom('observations')
      .leftJoin('organisations as o', 'o.id', 'observations.organisation_id')
      .selectAll('observations')
      .select(['o.code as org_code', 'o.name as org_name']);
  }

  async forOrganisation(
    ctx: RequestContext,
    organisationId: number,
    query: Page & { ip?: string | undefined; family?: string | undefined },
  ): Promise<{ items: ObservationView[]; total: number }> {
    const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId, 'read');
    let q = this.base().where('o.path', 'like', `${org.path}%`);
    if (query.ip) q = q.where('observations.ip', '=', query.ip);
    if (query.family) q = q.where('observations.family', '=', query.family.toLowerCase());
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q
      .orderBy('observations.observed_at', 'desc')
      .orderBy('observations.id', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    return { items: rows.map(present), total: Number(total.n) };
  }

  async unassigned(ctx: RequestContext, query: Page): Promise<{ items: ObservationView[]; total: number }> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'list unassigned observations');
    const q = this.base().where('observations.organisation_id', 'is', null);
    const total = await q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await q
      .orderBy('observations.observed_at', 'desc')
      .orderBy('observations.id', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    return { items: rows.map(present), total: Number(total.n) };
  }

  async imports(ctx: RequestContext, limit: number) {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'list report imports');
    const rows = await this.db
      .selectFrom('observation_imports')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      trigger: r.trigger,
      actor: r.actor_label,
      fileName: r.file_name,
      reportType: r.report_type,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      records: r.records,
      inserted: r.inserted,
      duplicates: r.duplicates,
      assigned: r.assigned,
      unassigned: r.unassigned,
      rejected: r.rejected,
      rejections: JSON.parse(r.rejections_json) as ObservationRejection[],
    }));
  }
}
