/**
 * Campaigns: creation by the covering root's administrators, the legal basis (letters and attached
 * files), forwarding down the tree with deadlines that never pass the parent's, acknowledgement and
 * deployment, and the status matrix of any subtree.
 *
 * Visibility: a campaign is seen by everyone at or above its root (within their scope) and by every
 * organisation it was forwarded to, never by an organisation it has not reached yet.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import { actorLabel } from '../authz/actor.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database, OrganisationRow } from '../db/schema.js';
import type { TemplateService } from '../reports/template-service.js';
import type { RequestContext } from '../server/context.js';
import { AppError, conflict, invalid, notFound } from '../server/errors.js';
import type { CampaignInput, FileInput, ForwardInput, LetterInput } from './campaign-input.js';
import { deadlineProblem, type ReportStatus } from './model.js';
import { buildStatusMatrix, type StatusMatrix } from './status-matrix.js';
import { subtreeOf, type OrganisationTreeCache } from './tree-cache.js';

type CampaignRow = Awaited<ReturnType<CampaignService['row']>>;
type ForwardingRow = NonNullable<Awaited<ReturnType<CampaignService['forwardingOf']>>>;

export interface CampaignSummary {
  id: number;
  code: string;
  title: string;
  rootOrganisation: { id: number; name: string };
  indicatorTag: string | null;
  templateCode: string;
  templateVersion: number;
  startsOn: string;
  endsOn: string;
  nationalDeadline: string;
  /** the caller's own organisation's forwarding, when the campaign reached it */
  mine: ForwardingView | null;
}

export interface ForwardingView {
  organisationId: number;
  from: { id: number; name: string } | null;
  deadline: string;
  note: string;
  forwardedAt: string;
  forwardedBy: string;
  acknowledgedAt: string | null;
  deployedAt: string | null;
}

export interface LetterView extends LetterInput {
  id: number;
  files: { id: number; fileName: string; mediaType: string; size: number; sha256: string }[];
}

export interface CampaignDetail extends CampaignSummary {
  description: string;
  createdBy: string;
  createdAt: string;
  letters: LetterView[];
  /** the organisation the caller acts for in this campaign (the root, or their own) */
  actingOrganisation: { id: number; name: string };
  /** children of the acting organisation and whether each received the campaign */
  children: { id: number; code: string; name: string; received: boolean; deadline: string | null }[];
  permissions: { canEdit: boolean; canForward: boolean; canAcknowledge: boolean };
}

/** Whose view of a campaign a request has: the campaign, its root, and where the caller stands. */
export interface CampaignAccess {
  campaign: NonNullable<CampaignRow>;
  root: Pick<OrganisationRow, 'id' | 'name' | 'path'>;
  /** the topmost organisation the caller can act for: the root when at or above it, else their own */
  top: Pick<OrganisationRow, 'id' | 'name' | 'path'>;
}

const nowIso = () => new Date().toISOString();
export const todayIso = () => new Date().toISOString().slice(0, 10);

export class CampaignService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
    private readonly templates: TemplateService,
    private readonly tree: OrganisationTreeCache,
    private readonly maxFileBytes = 10 * 1024 * 1024,
    private readonly today: () => string = todayIso,
  ) {}

  row(id: number, executor: Kysely<Database> = this.db) {
    return executor.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  }

  forwardingOf(campaignId: number, organisationId: number, executor: Kysely<Database> = this.db) {
    return executor
      .selectFrom('campaign_forwardings as f')
      .leftJoin('organisations as p', 'p.id', 'f.from_organisation_id')
      .selectAll('f')
      .select('p.name as from_name')
      .where('f.campaign_id', '=', campaignId)
      .where('f.organisation_id', '=', organisationId)
      .executeTakeFirst();
  }

  /** Loads a campaign the caller may see, or answers "not found". */
  async access(
    ctx: RequestContext,
    id: number,
    executor: Kysely<Database> = this.db,
  ): Promise<CampaignAccess> {
    const campaign = await this.row(id, executor);
    if (!campaign) throw notFound(`campaign ${id}`);
    const root = await executor
      .selectFrom('organisations')
      .select(['id', 'name', 'path'])
      .where('id', '=', campaign.root_organisation_id)
      .executeTakeFirstOrThrow();
    if (this.authz.permits(ctx.actor, ctx.scope, root, 'read')) return { campaign, root, top: root };
    if (ctx.actor.type !== 'system' && ctx.scope.home !== null) {
      const homeId = ctx.actor.organisationId;
      const received = await this.forwardingOf(id, homeId, executor);
      if (received) {
        const home = await executor
          .selectFrom('organisations')
          .select(['id', 'name', 'path'])
          .where('id', '=', homeId)
          .executeTakeFirstOrThrow();
        if (this.authz.permits(ctx.actor, ctx.scope, home, 'read')) return { campaign, root, top: home };
      }
    }
    throw notFound(`campaign ${id}`);
  }

  async list(ctx: RequestContext): Promise<CampaignSummary[]> {
    const prefixes = this.authz.readablePrefixes(ctx.scope);
    let query = this.db
      .selectFrom('campaigns as c')
      .innerJoin('organisations as r', 'r.id', 'c.root_organisation_id')
      .selectAll('c')
      .select('r.name as root_name');
    const homeId = ctx.actor.type === 'system' ? null : ctx.actor.organisationId;
    const canRead = this.authz.hasRole(ctx.actor, ['administrator', 'analyst', 'reporter', 'viewer']);
    if (!canRead) return [];
    query = query.where((eb) =>
      eb.or([
        ...prefixes.map((p) => eb('r.path', 'like', `${p}%`)),
        ...(homeId === null
          ? []
          : [
              eb.exists(
                eb
                  .selectFrom('campaign_forwardings as f')
                  .select('f.id')
                  .whereRef('f.campaign_id', '=', 'c.id')
                  .where('f.organisation_id', '=', homeId),
              ),
            ]),
      ]),
    );
    const rows = await query.orderBy('c.national_deadline', 'desc').orderBy('c.id', 'desc').execute();
    const mine =
      homeId === null || rows.length === 0
        ? []
        : await this.db
            .selectFrom('campaign_forwardings as f')
            .leftJoin('organisations as p', 'p.id', 'f.from_organisation_id')
            .selectAll('f')
            .select('p.name as from_name')
            .where('f.organisation_id', '=', homeId)
            .where(
              'f.campaign_id',
              'in',
              rows.map((r) => r.id),
            )
            .execute();
    const mineBy = new Map(mine.map((f) => [f.campaign_id, f]));
    return rows.map((r) =>
      this.summary(r, { id: r.root_organisation_id, name: r.root_name }, mineBy.get(r.id)),
    );
  }

  private summary(
    c: NonNullable<CampaignRow>,
    root: { id: number; name: string },
    mine: ForwardingRow | undefined,
  ): CampaignSummary {
    return {
      id: c.id,
      code: c.code,
      title: c.title,
      rootOrganisation: root,
      indicatorTag: c.indicator_tag,
      templateCode: c.template_code,
      templateVersion: c.template_version,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      nationalDeadline: c.national_deadline,
      mine: mine ? presentForwarding(mine) : null,
    };
  }

  async create(ctx: RequestContext, input: CampaignInput): Promise<CampaignDetail> {
    const root = await this.authz.organisation(ctx.actor, ctx.scope, input.rootOrganisationId, 'edit');
    const problems = [];
    if (input.endsOn < input.startsOn)
      problems.push({
        path: 'endsOn',
        message: `the end ${input.endsOn} is before the start ${input.startsOn}`,
      });
    if (input.nationalDeadline < input.startsOn)
      problems.push({
        path: 'nationalDeadline',
        message: `the deadline ${input.nationalDeadline} is before the start ${input.startsOn}`,
      });
    if (problems.length) throw invalid(problems.map((p) => p.message).join('; '), problems);
    const template = await this.templates.get(input.templateCode).catch((error: unknown) => {
      if (error instanceof AppError && error.status === 404)
        throw invalid(`unknown report template "${input.templateCode}"`, [
          { path: 'templateCode', message: 'unknown template' },
        ]);
      throw error;
    });
    const label = actorLabel(ctx.actor);
    const id = await this.db.transaction().execute(async (trx) => {
      const clash = await trx
        .selectFrom('campaigns')
        .select('id')
        .where('code', '=', input.code)
        .executeTakeFirst();
      if (clash)
        throw conflict('duplicate_code', `a campaign with code ${input.code} already exists`, [
          { path: 'code', message: 'already used' },
        ]);
      const now = nowIso();
      const created = await trx
        .insertInto('campaigns')
        .values({
          code: input.code,
          title: input.title,
          description: input.description,
          root_organisation_id: root.id,
          indicator_tag: input.indicatorTag,
          template_code: template.code,
          template_version: template.version,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          national_deadline: input.nationalDeadline,
          created_by: label,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The root receives its own campaign at once, with the national deadline.
      await trx
        .insertInto('campaign_forwardings')
        .values({
          campaign_id: created.id,
          organisation_id: root.id,
          from_organisation_id: null,
          deadline: input.nationalDeadline,
          note: '',
          forwarded_at: now,
          forwarded_by: label,
          acknowledged_at: now,
          acknowledged_by: label,
          deployed_at: null,
          deployed_by: null,
        })
        .execute();
      for (const letter of input.letters) await this.insertLetter(trx, created.id, letter);
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: root.id,
        action: 'campaign.create',
        entityType: 'campaign',
        entityId: created.id,
        after: { ...input, templateVersion: template.version },
        requestIp: ctx.ip,
      });
      return created.id;
    });
    return this.detail(ctx, id);
  }

  private async insertLetter(
    trx: Kysely<Database>,
    campaignId: number,
    letter: LetterInput,
  ): Promise<number> {
    const row = await trx
      .insertInto('campaign_letters')
      .values({ campaign_id: campaignId, ...letter, created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async detail(ctx: RequestContext, id: number): Promise<CampaignDetail> {
    const { campaign, root, top } = await this.access(ctx, id);
    const mine = await this.forwardingOf(id, top.id);
    const letters = await this.db
      .selectFrom('campaign_letters')
      .select(['id', 'number', 'date', 'issuer', 'subject'])
      .where('campaign_id', '=', id)
      .orderBy('date')
      .orderBy('id')
      .execute();
    const files = letters.length
      ? await this.db
          .selectFrom('campaign_files')
          .select(['id', 'letter_id', 'file_name', 'media_type', 'size', 'sha256'])
          .where(
            'letter_id',
            'in',
            letters.map((l) => l.id),
          )
          .orderBy('id')
          .execute()
      : [];
    const children = await this.db
      .selectFrom('organisations as o')
      .leftJoin('campaign_forwardings as f', (join) =>
        join.onRef('f.organisation_id', '=', 'o.id').on('f.campaign_id', '=', id),
      )
      .select(['o.id', 'o.code', 'o.name', 'f.deadline'])
      .where('o.parent_id', '=', top.id)
      .where((eb) => eb.or([eb('o.valid_to', 'is', null), eb('o.valid_to', '>=', this.today())]))
      .orderBy('o.name')
      .execute();
    const canEdit = this.authz.permits(ctx.actor, ctx.scope, root, 'edit');
    const canForward = mine !== undefined && this.authz.permits(ctx.actor, ctx.scope, top, 'edit');
    return {
      ...this.summary(campaign, { id: root.id, name: root.name }, mine),
      description: campaign.description,
      createdBy: campaign.created_by,
      createdAt: campaign.created_at,
      letters: letters.map((l) => ({
        ...l,
        files: files
          .filter((f) => f.letter_id === l.id)
          .map((f) => ({
            id: f.id,
            fileName: f.file_name,
            mediaType: f.media_type,
            size: f.size,
            sha256: f.sha256,
          })),
      })),
      actingOrganisation: { id: top.id, name: top.name },
      children: children.map((c) => ({
        id: c.id,
        code: c.code,
        name: c.name,
        received: c.deadline !== null,
        deadline: c.deadline,
      })),
      permissions: {
        canEdit,
        canForward,
        canAcknowledge: mine !== undefined && this.authz.permits(ctx.actor, ctx.scope, top, 'report'),
      },
    };
  }

  async addLetter(ctx: RequestContext, id: number, letter: LetterInput): Promise<LetterView> {
    const { campaign } = await this.access(ctx, id);
    await this.authz.organisation(ctx.actor, ctx.scope, campaign.root_organisation_id, 'edit');
    const letterId = await this.db.transaction().execute(async (trx) => {
      const created = await this.insertLetter(trx, id, letter);
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: campaign.root_organisation_id,
        action: 'campaign.letter.add',
        entityType: 'campaign',
        entityId: id,
        after: { letterId: created, ...letter },
        requestIp: ctx.ip,
      });
      return created;
    });
    return { id: letterId, ...letter, files: [] };
  }

  async addFile(ctx: RequestContext, id: number, letterId: number, file: FileInput) {
    const { campaign } = await this.access(ctx, id);
    await this.authz.organisation(ctx.actor, ctx.scope, campaign.root_organisation_id, 'edit');
    const letter = await this.db
      .selectFrom('campaign_letters')
      .select('id')
      .where('id', '=', letterId)
      .where('campaign_id', '=', id)
      .executeTakeFirst();
    if (!letter) throw notFound(`letter ${letterId} of campaign ${id}`);
    const base64 = file.contentBase64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0)
      throw invalid('contentBase64 is not valid base64', [{ path: 'contentBase64', message: 'not base64' }]);
    const content = Buffer.from(base64, 'base64');
    if (content.length > this.maxFileBytes)
      throw new AppError(
        413,
        'file_too_large',
        `${file.fileName} has ${content.length} bytes; attachments are limited to ${this.maxFileBytes} bytes`,
        [{ path: 'contentBase64', message: 'too large' }],
      );
    const sha256 = createHash('sha256').update(content).digest('hex');
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('campaign_files')
        .values({
          letter_id: letterId,
          file_name: file.fileName,
          media_type: file.mediaType,
          size: content.length,
          sha256,
          content_base64: content.toString('base64'),
          created_at: nowIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: campaign.root_organisation_id,
        action: 'campaign.file.add',
        entityType: 'campaign',
        entityId: id,
        after: { letterId, fileId: row.id, fileName: file.fileName, size: content.length, sha256 },
        requestIp: ctx.ip,
      });
      return { id: row.id, fileName: file.fileName, mediaType: file.mediaType, size: content.length, sha256 };
    });
  }

  async file(ctx: RequestContext, id: number, fileId: number) {
    await this.access(ctx, id);
    const row = await this.db
      .selectFrom('campaign_files as f')
      .innerJoin('campaign_letters as l', 'l.id', 'f.letter_id')
      .select(['f.file_name', 'f.media_type', 'f.content_base64'])
      .where('f.id', '=', fileId)
      .where('l.campaign_id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound(`file ${fileId} of campaign ${id}`);
    return {
      fileName: row.file_name,
      mediaType: row.media_type,
      content: Buffer.from(row.content_base64, 'base64'),
    };
  }

  async forward(ctx: RequestContext, id: number, input: ForwardInput) {
    const { top } = await this.access(ctx, id);
    const fromId = input.organisationId ?? top.id;
    const from = await this.authz.organisation(ctx.actor, ctx.scope, fromId, 'edit');
    return this.db.transaction().execute(async (trx) => {
      const own = await this.forwardingOf(id, from.id, trx);
      if (!own)
        throw conflict('not_received', `${from.name} has not received campaign ${id}; it cannot forward it`);
      const problem = deadlineProblem(input.deadline, own.deadline);
      if (problem) throw invalid(problem, [{ path: 'deadline', message: problem }]);
      const today = this.today();
      const children = await trx
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('parent_id', '=', from.id)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]))
        .execute();
      const childIds = new Set(children.map((c) => c.id));
      const wanted = input.childIds ?? children.map((c) => c.id);
      const strangers = wanted.filter((c) => !childIds.has(c));
      if (strangers.length)
        throw invalid(`organisations ${strangers.join(', ')} are not current children of ${from.name}`, [
          { path: 'childIds', message: `not children: ${strangers.join(', ')}` },
        ]);
      if (wanted.length === 0) throw invalid(`${from.name} has no children to forward to`);
      const existing = await trx
        .selectFrom('campaign_forwardings')
        .select('organisation_id')
        .where('campaign_id', '=', id)
        .where('organisation_id', 'in', wanted)
        .execute();
      const already = new Set(existing.map((e) => e.organisation_id));
      const fresh = [...new Set(wanted)].filter((c) => !already.has(c));
      const now = nowIso();
      const label = actorLabel(ctx.actor);
      for (let i = 0; i < fresh.length; i += 500) {
        await trx
          .insertInto('campaign_forwardings')
          .values(
            fresh.slice(i, i + 500).map((organisationId) => ({
              campaign_id: id,
              organisation_id: organisationId,
              from_organisation_id: from.id,
              deadline: input.deadline,
              note: input.note,
              forwarded_at: now,
              forwarded_by: label,
              acknowledged_at: null,
              acknowledged_by: null,
              deployed_at: null,
              deployed_by: null,
            })),
          )
          .execute();
      }
      if (fresh.length > 0)
        await writeAudit(trx, {
          actor: ctx.actor,
          organisationId: from.id,
          action: 'campaign.forward',
          entityType: 'campaign',
          entityId: id,
          after: { to: fresh, deadline: input.deadline, note: input.note },
          requestIp: ctx.ip,
        });
      return { forwarded: fresh, alreadyReceived: [...already], deadline: input.deadline };
    });
  }

  /** Acknowledges receipt (`acknowledge`) or marks the campaign carried out (`deploy`). */
  async mark(ctx: RequestContext, id: number, step: 'acknowledge' | 'deploy', organisationId?: number) {
    const { top } = await this.access(ctx, id);
    const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId ?? top.id, 'report');
    return this.db.transaction().execute(async (trx) => {
      const f = await this.forwardingOf(id, org.id, trx);
      if (!f) throw conflict('not_received', `${org.name} has not received campaign ${id}`);
      const now = nowIso();
      const label = actorLabel(ctx.actor);
      const changes =
        step === 'acknowledge'
          ? f.acknowledged_at
            ? null
            : { acknowledged_at: now, acknowledged_by: label }
          : f.deployed_at
            ? null
            : {
                deployed_at: now,
                deployed_by: label,
                // Carrying it out implies having received it.
                ...(f.acknowledged_at ? {} : { acknowledged_at: now, acknowledged_by: label }),
              };
      if (changes) {
        await trx.updateTable('campaign_forwardings').set(changes).where('id', '=', f.id).execute();
        await writeAudit(trx, {
          actor: ctx.actor,
          organisationId: org.id,
          action: `campaign.${step}`,
          entityType: 'campaign',
          entityId: id,
          after: changes,
          requestIp: ctx.ip,
        });
      }
      return presentForwarding({ ...f, ...(changes ?? {}) });
    });
  }

  async status(
    ctx: RequestContext,
    id: number,
    options: { organisationId?: number | undefined; depth: number },
  ): Promise<StatusMatrix & { campaignId: number }> {
    const { root, top } = await this.access(ctx, id);
    let sub: Pick<OrganisationRow, 'id' | 'path'> = top;
    if (options.organisationId !== undefined && options.organisationId !== top.id) {
      const org = await this.authz.organisation(ctx.actor, ctx.scope, options.organisationId, 'read');
      if (!org.path.startsWith(top.path) || !org.path.startsWith(root.path))
        throw notFound(`organisation ${options.organisationId} in campaign ${id}`);
      sub = org;
    }
    // Forwardings and reports by campaign alone (an index hit, no join); the tree from memory.
    const [tree, forwardings, reports] = await Promise.all([
      this.tree.snapshot(),
      // Flags, not timestamps: thousands of rows are only counted; the rows shown get their times below.
      this.db
        .selectFrom('campaign_forwardings')
        .select([
          'organisation_id as organisationId',
          'deadline',
          sql<number>`case when acknowledged_at is null then 0 else 1 end`.as('acknowledged'),
          sql<number>`case when deployed_at is null then 0 else 1 end`.as('deployed'),
        ])
        .where('campaign_id', '=', id)
        .execute(),
      this.db
        .selectFrom('reports')
        .select(['id', 'organisation_id as organisationId', 'status'])
        .where('campaign_id', '=', id)
        .execute(),
    ]);
    const organisations = subtreeOf(tree, sub.id);
    const matrix = buildStatusMatrix({
      rootId: sub.id,
      organisations,
      forwardings: forwardings.map((f) => ({
        organisationId: f.organisationId,
        deadline: f.deadline,
        acknowledged: Number(f.acknowledged) === 1,
        deployed: Number(f.deployed) === 1,
      })),
      reports: reports.map((r) => ({ ...r, status: r.status as ReportStatus })),
      today: this.today(),
      maxDepth: options.depth,
    });
    const shown = matrix.rows.filter((r) => r.received).map((r) => r.id);
    let times = this.db
      .selectFrom('campaign_forwardings')
      .select(['organisation_id', 'forwarded_at', 'acknowledged_at', 'deployed_at'])
      .where('campaign_id', '=', id);
    if (shown.length <= 500) times = times.where('organisation_id', 'in', shown.length ? shown : [0]);
    const timeOf = new Map((await times.execute()).map((t) => [t.organisation_id, t]));
    for (const row of matrix.rows) {
      const t = timeOf.get(row.id);
      if (!t) continue;
      row.forwardedAt = t.forwarded_at;
      row.acknowledgedAt = t.acknowledged_at;
      row.deployedAt = t.deployed_at;
    }
    return { campaignId: id, ...matrix };
  }
}

export function presentForwarding(f: ForwardingRow): ForwardingView {
  return {
    organisationId: f.organisation_id,
    from: f.from_organisation_id === null ? null : { id: f.from_organisation_id, name: f.from_name ?? '' },
    deadline: f.deadline,
    note: f.note,
    forwardedAt: f.forwarded_at,
    forwardedBy: f.forwarded_by,
    acknowledgedAt: f.acknowledged_at,
    deployedAt: f.deployed_at,
  };
}
