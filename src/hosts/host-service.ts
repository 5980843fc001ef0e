/**
 * What users do with host records: list the hosts of an organisation's subtree, read one host's
 * timeline (observations and detections together), move it through the lifecycle, assign it, add
 * notes, act on many at once, and read the figures rolled up the tree. Every read is limited to
 * the caller's subtree (a host outside it is "not found"); every change is audited.
 */
import type { Kysely, Transaction } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import { actorLabel } from '../authz/actor.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database, HostsTable } from '../db/schema.js';
import type { Selectable } from 'kysely';
import { parseCidr, cidrContainsIp } from '../net/cidr.js';
import { parseIp } from '../net/ip.js';
import type { RequestContext } from '../server/context.js';
import { AppError, conflict, invalid, notFound } from '../server/errors.js';
import {
  byFamily,
  byUnit,
  countHosts,
  perDay,
  periodFigures,
  type HostFact,
  type TransitionFact,
} from './figures.js';
import { recordTransition } from './host-store.js';
import { transitionProblem, type HostStatus, type ManualStatus } from './lifecycle.js';

type HostRow = Selectable<HostsTable>;

export interface HostView {
  id: number;
  organisation: { id: number; code: string; name: string };
  address: string;
  kind: string;
  status: HostStatus;
  firstSeen: string;
  lastSeen: string;
  families: string[];
  observations: number;
  detections: number;
  statusChangedAt: string;
  notifiedAt: string | null;
  cleanedAt: string | null;
  verifiedAt: string | null;
  reopenedAt: string | null;
  reopenEvidence: unknown;
  assignee: { id: number; name: string } | null;
}

export interface TimelineEntry {
  kind: 'observation' | 'detection';
  id: number;
  time: string;
  family: string | null;
  source: string;
  detail: string;
}

export interface HostListQuery {
  status?: HostStatus | undefined;
  family?: string | undefined;
  q?: string | undefined;
  assigneeId?: number | undefined;
  limit: number;
  offset: number;
}

export interface HostChange {
  status?: ManualStatus | undefined;
  /** null unassigns */
  assigneeUserId?: number | null | undefined;
  note?: string | undefined;
}

export interface Period {
  from: string;
  to: string;
}

type JoinedRow = HostRow & {
  org_code: string;
  org_name: string;
  org_path: string;
  assignee_name: string | null;
};

function present(row: JoinedRow): HostView {
  return {
    id: row.id,
    organisation: { id: row.organisation_id, code: row.org_code, name: row.org_name },
    address: row.address,
    kind: row.kind,
    status: row.status as HostStatus,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    families: JSON.parse(row.families_json) as string[],
    observations: row.observation_count,
    detections: row.detection_count,
    statusChangedAt: row.status_changed_at,
    notifiedAt: row.notified_at,
    cleanedAt: row.cleaned_at,
    verifiedAt: row.verified_at,
    reopenedAt: row.reopened_at,
    reopenEvidence:
      row.reopen_evidence_json === null ? null : (JSON.parse(row.reopen_evidence_json) as unknown),
    assignee:
      row.assignee_user_id === null ? null : { id: row.assignee_user_id, name: row.assignee_name ?? '' },
  };
}

export class HostService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private joined(executor: Kysely<Database> | Transaction<Database> = this.db) {
    return executor
      .selectFrom('hosts')
      .innerJoin('organisations as o', 'o.id', 'hosts.organisation_id')
      .leftJoin('users as u', 'u.id', 'hosts.assignee_user_id')
      .selectAll('hosts')
      .select([
        'o.code as org_code',
        'o.name as org_name',
        'o.path as org_path',
        'u.display_name as assignee_name',
      ]);
  }

  async list(
    ctx: RequestContext,
    organisationId: number,
    query: HostListQuery,
  ): Promise<{ items: HostView[]; total: number }> {
    const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId, 'read');
    let base = this.joined().where('o.path', 'like', `${org.path}%`);
    if (query.status) base = base.where('hosts.status', '=', query.status);
    if (query.family)
      base = base.where('hosts.families_json', 'like', `%${JSON.stringify(query.family.toLowerCase())}%`);
    if (query.q) base = base.where('hosts.address', 'like', `${query.q.replace(/[%_]/g, '')}%`);
    if (query.assigneeId !== undefined) base = base.where('hosts.assignee_user_id', '=', query.assigneeId);
    const total = await base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await base
      .orderBy('hosts.last_seen', 'desc')
      .orderBy('hosts.id', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    return { items: rows.map(present), total: Number(total.n) };
  }

  /** Loads a host for an action on its organisation; hosts outside the scope are not found. */
  private async authorizedHost(
    ctx: RequestContext,
    id: number,
    action: 'read' | 'edit',
    executor: Kysely<Database> | Transaction<Database> = this.db,
  ): Promise<JoinedRow> {
    const row = await this.joined(executor).where('hosts.id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`host ${id}`);
    try {
      await this.authz.organisation(ctx.actor, ctx.scope, row.organisation_id, action, executor);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) throw notFound(`host ${id}`);
      throw error;
    }
    return row;
  }

  async detail(ctx: RequestContext, id: number) {
    const row = await this.authorizedHost(ctx, id, 'read');
    const observations = await this.db
      .selectFrom('observations')
      .select([
        'id',
        'observed_at',
        'family',
        'source',
        'category',
        'port',
        'destination_ip',
        'destination_port',
        'url',
      ])
      .where('host_id', '=', id)
      .orderBy('observed_at', 'desc')
      .limit(500)
      .execute();
    const detections = await this.db
      .selectFrom('detections')
      .select([
        'id',
        'event_time',
        'detected_at',
        'family',
        'log_format',
        'indicator_value',
        'destination_ip',
        'dns_question_name',
      ])
      .where('organisation_id', '=', row.organisation_id)
      .where((eb) =>
        eb.or([
          eb('internal_host', '=', row.address),
          eb.and([eb('internal_host', 'is', null), eb('source_ip', '=', row.address)]),
        ]),
      )
      .orderBy('id', 'desc')
      .limit(500)
      .execute();
    const timeline: TimelineEntry[] = [
      ...observations.map((o) => ({
        kind: 'observation' as const,
        id: o.id,
        time: o.observed_at,
        family: o.family,
        source: o.source,
        detail: [
          o.category,
          o.port !== null ? `port ${o.port}` : null,
          o.destination_ip
            ? `→ ${o.destination_ip}${o.destination_port !== null ? `:${o.destination_port}` : ''}`
            : null,
          o.url,
        ]
          .filter(Boolean)
          .join(' '),
      })),
      ...detections.map((d) => ({
        kind: 'detection' as const,
        id: d.id,
        time: d.event_time ?? d.detected_at,
        family: d.family,
        source: `detection:${d.log_format}`,
        detail: [d.indicator_value, d.dns_question_name ?? d.destination_ip].filter(Boolean).join(' '),
      })),
    ].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
    const transitions = await this.db
      .selectFrom('host_transitions')
      .select(['id', 'at', 'from_status', 'to_status', 'actor_label', 'evidence_json'])
      .where('host_id', '=', id)
      .orderBy('id', 'desc')
      .execute();
    const notes = await this.db
      .selectFrom('host_notes')
      .select(['id', 'at', 'author_label', 'text'])
      .where('host_id', '=', id)
      .orderBy('id', 'desc')
      .execute();
    return {
      host: present(row),
      timeline,
      transitions: transitions.map((t) => ({
        id: t.id,
        at: t.at,
        from: t.from_status,
        to: t.to_status,
        actor: t.actor_label,
        evidence: t.evidence_json === null ? null : (JSON.parse(t.evidence_json) as unknown),
      })),
      notes: notes.map((n) => ({ id: n.id, at: n.at, author: n.author_label, text: n.text })),
    };
  }

  /** Applies one change to several hosts; all or none. */
  async change(ctx: RequestContext, ids: readonly number[], change: HostChange): Promise<HostView[]> {
    if (change.status === undefined && change.assigneeUserId === undefined && change.note === undefined)
      throw invalid('nothing to change: give a status, an assignee or a note');
    const unique = [...new Set(ids)];
    return this.db.transaction().execute(async (trx) => {
      const views: HostView[] = [];
      for (const id of unique) {
        const row = await this.authorizedHost(ctx, id, 'edit', trx);
        await this.applyChange(trx, ctx, row, change);
        views.push(present(await this.joined(trx).where('hosts.id', '=', id).executeTakeFirstOrThrow()));
      }
      return views;
    });
  }

  private async applyChange(
    trx: Transaction<Database>,
    ctx: RequestContext,
    row: JoinedRow,
    change: HostChange,
  ): Promise<void> {
    const at = this.now().toISOString();
    if (change.status !== undefined) {
      const from = row.status as HostStatus;
      const problem = transitionProblem(from, change.status);
      if (problem) throw conflict('invalid_transition', `host ${row.address}: ${problem}`);
      // Only from the status read above: two people changing a host at once must not both apply a
      // transition from the same status (PostgreSQL re-reads the row once the other commits).
      const updated = await trx
        .updateTable('hosts')
        .set({
          status: change.status,
          status_changed_at: at,
          updated_at: at,
          ...(change.status === 'cleaned' ? { cleaned_at: at, verified_at: null } : {}),
          ...(change.status === 'notified' ? { notified_at: at } : {}),
        })
        .where('id', '=', row.id)
        .where('status', '=', from)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0)
        throw conflict(
          'changed_meanwhile',
          `host ${row.address}: its status changed while you were changing it (it is no longer "${from}"); reload it and try again`,
        );
      await recordTransition(trx, row, from, change.status, ctx.actor, at, null, ctx.ip);
    }
    if (change.assigneeUserId !== undefined) {
      if (change.assigneeUserId !== null) await this.checkAssignee(trx, ctx, row, change.assigneeUserId);
      await trx
        .updateTable('hosts')
        .set({ assignee_user_id: change.assigneeUserId, updated_at: at })
        .where('id', '=', row.id)
        .execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: row.organisation_id,
        action: 'host.assign',
        entityType: 'host',
        entityId: row.id,
        before: { assigneeUserId: row.assignee_user_id },
        after: { assigneeUserId: change.assigneeUserId },
        requestIp: ctx.ip,
      });
    }
    if (change.note !== undefined) {
      const note = await trx
        .insertInto('host_notes')
        .values({ host_id: row.id, at, author_label: actorLabel(ctx.actor), text: change.note })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: row.organisation_id,
        action: 'host.note',
        entityType: 'host',
        entityId: row.id,
        after: { noteId: note.id, text: change.note },
        requestIp: ctx.ip,
      });
    }
  }

  /** The assignee works in the caller's subtree and can see the host. */
  private async checkAssignee(
    trx: Transaction<Database>,
    ctx: RequestContext,
    host: JoinedRow,
    userId: number,
  ): Promise<void> {
    const user = await trx
      .selectFrom('users')
      .innerJoin('organisations as o', 'o.id', 'users.organisation_id')
      .select(['users.id', 'users.disabled', 'o.path'])
      .where('users.id', '=', userId)
      .executeTakeFirst();
    if (!user || !this.authz.permits(ctx.actor, ctx.scope, user, 'read')) throw notFound(`user ${userId}`);
    if (user.disabled === 1)
      throw invalid(`user ${userId} is disabled`, [{ path: 'assigneeUserId', message: 'disabled user' }]);
    if (!host.org_path.startsWith(user.path))
      throw invalid(
        `user ${userId} cannot see host ${host.address}: assign someone of its organisation or above`,
        [{ path: 'assigneeUserId', message: 'outside the host organisation' }],
      );
  }

  /** Host facts of a subtree, for the figures. */
  private async facts(path: string): Promise<{ hosts: HostFact[]; transitions: TransitionFact[] }> {
    const rows = await this.db
      .selectFrom('hosts')
      .innerJoin('organisations as o', 'o.id', 'hosts.organisation_id')
      .select([
        'hosts.id',
        'o.path',
        'hosts.status',
        'hosts.first_seen',
        'hosts.families_json',
        'hosts.notified_at',
      ])
      .where('o.path', 'like', `${path}%`)
      .execute();
    const transitions = await this.db
      .selectFrom('host_transitions')
      .innerJoin('organisations as o', 'o.id', 'host_transitions.organisation_id')
      .select(['host_transitions.host_id', 'host_transitions.day', 'host_transitions.to_status'])
      .where('o.path', 'like', `${path}%`)
      .execute();
    return {
      hosts: rows.map((r) => ({
        id: r.id,
        path: r.path,
        status: r.status as HostStatus,
        firstSeen: r.first_seen,
        families: JSON.parse(r.families_json) as string[],
        everNotified: r.notified_at !== null,
      })),
      transitions: transitions.map((t) => ({ hostId: t.host_id, day: t.day, to: t.to_status as HostStatus })),
    };
  }

  /**
   * Hosts found, cleaned and verified in the subtree at `path` during a period, for a campaign
   * report whose organisation the report service has already authorized.
   */
  async subtreeFigures(
    path: string,
    period: Period,
  ): Promise<{ found: number; cleaned: number; verified: number }> {
    const { hosts, transitions } = await this.facts(path);
    return periodFigures(period.from, period.to, hosts, transitions);
  }

  /** For campaign reports: hosts found, cleaned and verified in the subtree during a period. */
  async hostFigures(
    ctx: RequestContext,
    organisationId: number,
    period: Period,
  ): Promise<{ found: number; cleaned: number; verified: number }> {
    const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId, 'read');
    const { hosts, transitions } = await this.facts(org.path);
    return periodFigures(period.from, period.to, hosts, transitions);
  }

  async figures(ctx: RequestContext, organisationId: number, period: Period) {
    const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId, 'read');
    const { hosts, transitions } = await this.facts(org.path);
    const children = await this.db
      .selectFrom('organisations')
      .select(['id', 'code', 'name', 'path'])
      .where('parent_id', '=', org.id)
      .where('valid_to', 'is', null)
      .orderBy('code')
      .execute();
    const units = byUnit(org.path, children, hosts);
    return {
      organisation: { id: org.id, code: org.code, name: org.name },
      period,
      totals: countHosts(hosts),
      inPeriod: periodFigures(period.from, period.to, hosts, transitions),
      own: units.own,
      units: units.units.map((u) => ({
        organisation: { id: u.unit.id, code: u.unit.code, name: u.unit.name },
        ...u.counts,
      })),
      families: byFamily(hosts),
      days: perDay(period.from, period.to, hosts, transitions),
    };
  }

  /** Authorized check: hosts and observations for an address or range inside the caller's subtree. */
  async check(ctx: RequestContext, value: string) {
    const ip = parseIp(value.trim());
    const cidr = ip ? null : parseCidr(value.trim());
    if (!ip && (!cidr || !cidr.ok))
      throw invalid(`"${value.slice(0, 60)}" is neither an IP address nor a CIDR range`, [
        { path: 'value', message: 'not an IP address or range' },
      ]);
    const prefixes = this.authz.readablePrefixes(ctx.scope);
    const rows = await this.joined()
      .where((eb) => eb.or(prefixes.map((p) => eb('o.path', 'like', `${p}%`))))
      .$if(ip !== null, (qb) => qb.where('hosts.address', '=', value.trim()))
      .orderBy('hosts.last_seen', 'desc')
      .limit(ip ? 100 : 100_000)
      .execute();
    const inRange =
      ip !== null
        ? rows
        : rows.filter((r) => {
            const parsed = parseIp(r.address);
            return parsed !== null && cidr!.ok && cidrContainsIp(cidr!.value, parsed);
          });
    return { query: value.trim(), items: inRange.slice(0, 500).map(present), total: inRange.length };
  }
}
