/** Reading the audit trail: administrators see the entries of the organisations they may read. */
import type { Kysely } from 'kysely';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database } from '../db/schema.js';
import type { RequestContext } from '../server/context.js';
import { forbidden } from '../server/errors.js';

export interface AuditView {
  id: number;
  at: string;
  actor: string;
  organisation: { id: number; code: string; name: string } | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestIp: string | null;
}

const parse = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

export class AuditService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
  ) {}

  async list(
    ctx: RequestContext,
    options: { organisationId?: number; limit: number; before?: number },
  ): Promise<AuditView[]> {
    if (!this.authz.hasRole(ctx.actor, ['administrator']))
      throw forbidden('only administrators read the audit trail');
    let query = this.db
      .selectFrom('audit_log as a')
      .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
      .select([
        'a.id',
        'a.at',
        'a.actor_label',
        'a.action',
        'a.entity_type',
        'a.entity_id',
        'a.before_json',
        'a.after_json',
        'a.request_ip',
        'o.id as org_id',
        'o.code as org_code',
        'o.name as org_name',
      ]);
    if (options.organisationId !== undefined) {
      const org = await this.authz.organisation(ctx.actor, ctx.scope, options.organisationId, 'read-audit');
      query = query.where('o.path', 'like', `${org.path}%`);
    } else {
      const prefixes = this.authz.readablePrefixes(ctx.scope);
      if (prefixes.length === 0) return [];
      query = query.where((eb) => eb.or(prefixes.map((p) => eb('o.path', 'like', `${p}%`))));
    }
    if (options.before !== undefined) query = query.where('a.id', '<', options.before);
    const rows = await query.orderBy('a.id', 'desc').limit(options.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor_label,
      organisation: { id: r.org_id, code: r.org_code, name: r.org_name },
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: parse(r.before_json),
      after: parse(r.after_json),
      requestIp: r.request_ip,
    }));
  }
}
