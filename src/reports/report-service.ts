/**
 * Campaign reports: created pre-filled from the forwarding and host records, corrected only with a
 * reason (kept in `report_history`), rolled up from the children's reports, and moved through
 * draft → submitted → accepted | returned → resubmitted by their organisation and its reviewer, the
 * organisation that forwarded the campaign to it. Every step is audited in the same transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import { actorLabel } from '../authz/actor.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { CampaignService } from '../campaigns/campaign-service.js';
import { isDelivered, type ReportStatus } from '../campaigns/model.js';
import type { Database, OrganisationRow } from '../db/schema.js';
import type { RequestContext } from '../server/context.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../server/errors.js';
import type { HostFigures } from './host-figures.js';
import type { ReportKit, RollUpResult } from './kit.js';
import { nextStatus, stepRefusal, type ReportStep } from './lifecycle.js';
import { applyEdits } from './corrections.js';
import { prefillContent, type SourceValues } from './prefill.js';
import type { DocumentParticulars, ReportUpdateInput, ReviewInput } from './report-input.js';
import type { TemplateService } from './template-service.js';
import type { ReportContent, ReportDocument, ReportTemplate } from './template-model.js';
import { validateReportContent } from './validate-content.js';

type ReportRow = NonNullable<Awaited<ReturnType<ReportService['row']>>>;

export interface ReportSummary {
  id: number;
  campaignId: number;
  organisation: { id: number; code: string; name: string };
  status: ReportStatus;
  revision: number;
  updatedAt: string;
  submittedAt: string | null;
}

export interface HistoryEntry {
  at: string;
  actor: string;
  action: string;
  fieldId: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
}

export interface ReportDetail extends ReportSummary {
  campaign: { id: number; code: string; title: string };
  template: ReportTemplate;
  content: ReportContent;
  document: DocumentParticulars;
  deadline: string | null;
  reviewer: { id: number; name: string } | null;
  reviewComment: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
  /** the children's delivered reports summed, with one row per child */
  rollup: RollUpResult & {
    children: {
      organisationId: number;
      name: string;
      reportId: number | null;
      status: ReportStatus | null;
    }[];
  };
  history: HistoryEntry[];
  permissions: { canEdit: boolean; canSubmit: boolean; canReview: boolean };
}

const nowIso = () => new Date().toISOString();

export class ReportService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
    private readonly campaigns: CampaignService,
    private readonly templates: TemplateService,
    private readonly hosts: HostFigures,
    private readonly kit: ReportKit,
  ) {}

  row(id: number, executor: Kysely<Database> = this.db) {
    return executor
      .selectFrom('reports as r')
      .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
      .selectAll('r')
      .select(['o.code as org_code', 'o.name as org_name', 'o.path as org_path'])
      .where('r.id', '=', id)
      .executeTakeFirst();
  }

  /** A report the caller may read: its campaign is visible and its organisation is in scope. */
  private async readable(ctx: RequestContext, id: number, executor: Kysely<Database> = this.db) {
    const report = await this.row(id, executor);
    if (!report) throw notFound(`report ${id}`);
    // A report of a campaign the caller cannot see does not exist for them either.
    const access = await this.campaigns.access(ctx, report.campaign_id, executor).catch((error: unknown) => {
      throw error instanceof AppError && error.status === 404 ? notFound(`report ${id}`) : error;
    });
    if (!report.org_path.startsWith(access.top.path)) throw notFound(`report ${id}`);
    await this.authz.organisation(ctx.actor, ctx.scope, report.organisation_id, 'read', executor);
    return { report, access };
  }

  async list(ctx: RequestContext, campaignId: number): Promise<ReportSummary[]> {
    const { top } = await this.campaigns.access(ctx, campaignId);
    const rows = await this.db
      .selectFrom('reports as r')
      .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
      .selectAll('r')
      .select(['o.code as org_code', 'o.name as org_name', 'o.path as org_path'])
      .where('r.campaign_id', '=', campaignId)
      .where('o.path', 'like', `${top.path}%`)
      .orderBy('o.path')
      .execute();
    return rows.map(summary);
  }

  async create(ctx: RequestContext, input: { campaignId: number; organisationId?: number | undefined }) {
    const { campaign, top } = await this.campaigns.access(ctx, input.campaignId);
    const org = await this.authz.organisation(ctx.actor, ctx.scope, input.organisationId ?? top.id, 'report');
    if (!org.path.startsWith(top.path)) throw notFound(`organisation ${org.id} in campaign ${campaign.id}`);
    const forwarding = await this.campaigns.forwardingOf(campaign.id, org.id);
    if (!forwarding) throw conflict('not_received', `${org.name} has not received campaign ${campaign.code}`);
    const template = await this.templates.get(campaign.template_code, campaign.template_version);
    const known = await this.knownFigures(campaign, org);
    const content = prefillContent(template, known);
    const particulars: DocumentParticulars = {
      number: null,
      abbreviation: 'BC',
      place: '',
      recipients: forwarding.from_name ? [forwarding.from_name] : [],
      distribution: ['Như trên;', 'Lưu: VT.'],
      signerPosition: '',
      signerName: '',
    };
    const id = await this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('reports')
        .select('id')
        .where('campaign_id', '=', campaign.id)
        .where('organisation_id', '=', org.id)
        .executeTakeFirst();
      if (existing)
        throw conflict('report_exists', `${org.name} already has report ${existing.id} for this campaign`, [
          { path: 'reportId', message: String(existing.id) },
        ]);
      const now = nowIso();
      const created = await trx
        .insertInto('reports')
        .values({
          campaign_id: campaign.id,
          organisation_id: org.id,
          template_code: template.code,
          template_version: template.version,
          status: 'draft',
          content_json: JSON.stringify(content),
          document_number: null,
          document_json: JSON.stringify(particulars),
          revision: 0,
          review_comment: null,
          created_at: now,
          updated_at: now,
          submitted_at: null,
          reviewed_at: null,
          reviewed_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const label = actorLabel(ctx.actor);
      await this.history(trx, created.id, label, 'created');
      for (const [fieldId, figure] of Object.entries(content.figures)) {
        if (figure.source !== null)
          await this.history(trx, created.id, label, 'prefilled', {
            fieldId,
            newValue: figure.value === null ? null : String(figure.value),
            reason: figure.source,
          });
      }
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: 'report.create',
        entityType: 'report',
        entityId: created.id,
        after: {
          campaignId: campaign.id,
          template: `${template.code}@${template.version}`,
          prefilled: known,
        },
        requestIp: ctx.ip,
      });
      return created.id;
    });
    return this.detail(ctx, id);
  }

  /** The figures the system knows for an organisation's subtree in a campaign. */
  private async knownFigures(
    campaign: { id: number; starts_on: string; ends_on: string },
    org: Pick<OrganisationRow, 'path'>,
  ): Promise<SourceValues> {
    const counts = await this.db
      .selectFrom('campaign_forwardings as f')
      .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
      .select((eb) => [
        eb.fn.countAll<string | number>().as('received'),
        eb.fn.count<string | number>('f.deployed_at').as('deployed'),
      ])
      .where('f.campaign_id', '=', campaign.id)
      .where('o.path', 'like', `${org.path}%`)
      .executeTakeFirstOrThrow();
    const hosts = await this.hosts.figures({
      subtreePath: org.path,
      from: campaign.starts_on,
      to: campaign.ends_on,
    });
    return {
      'campaign.received': Number(counts.received),
      'campaign.deployed': Number(counts.deployed),
      'hosts.found': hosts.found,
      'hosts.cleaned': hosts.cleaned,
      'hosts.verified': hosts.verified,
      'endpoints.checked': null,
    };
  }

  private async history(
    trx: Transaction<Database>,
    reportId: number,
    actor: string,
    action: string,
    extra: {
      fieldId?: string;
      oldValue?: string | null;
      newValue?: string | null;
      reason?: string | null;
    } = {},
  ): Promise<void> {
    await trx
      .insertInto('report_history')
      .values({
        report_id: reportId,
        at: nowIso(),
        actor_label: actor,
        action,
        field_id: extra.fieldId ?? null,
        old_value: extra.oldValue ?? null,
        new_value: extra.newValue ?? null,
        reason: extra.reason ?? null,
      })
      .execute();
  }

  async detail(ctx: RequestContext, id: number): Promise<ReportDetail> {
    const { report, access } = await this.readable(ctx, id);
    const template = await this.templates.get(report.template_code, report.template_version);
    const forwarding = await this.campaigns.forwardingOf(report.campaign_id, report.organisation_id);
    const children = await this.db
      .selectFrom('campaign_forwardings as f')
      .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
      .leftJoin('reports as r', (join) =>
        join
          .onRef('r.organisation_id', '=', 'f.organisation_id')
          .onRef('r.campaign_id', '=', 'f.campaign_id'),
      )
      .select(['o.id', 'o.name', 'r.id as report_id', 'r.status', 'r.content_json'])
      .where('f.campaign_id', '=', report.campaign_id)
      .where('f.from_organisation_id', '=', report.organisation_id)
      .orderBy('o.name')
      .execute();
    const delivered = children.filter((c) => isDelivered((c.status as ReportStatus | null) ?? null));
    const rolled = this.kit.rollUp(
      template,
      delivered.map((c) => ({ name: c.name, content: JSON.parse(c.content_json!) as ReportContent })),
    );
    const history = await this.db
      .selectFrom('report_history')
      .selectAll()
      .where('report_id', '=', id)
      .orderBy('id')
      .execute();
    const status = report.status as ReportStatus;
    const orgRef = { path: report.org_path };
    const mayReport = this.authz.permits(ctx.actor, ctx.scope, orgRef, 'report');
    const reviewerRow =
      forwarding?.from_organisation_id != null
        ? await this.db
            .selectFrom('organisations')
            .select(['id', 'name', 'path'])
            .where('id', '=', forwarding.from_organisation_id)
            .executeTakeFirst()
        : undefined;
    return {
      ...summary(report),
      campaign: { id: access.campaign.id, code: access.campaign.code, title: access.campaign.title },
      template,
      content: JSON.parse(report.content_json) as ReportContent,
      document: {
        ...(JSON.parse(report.document_json) as DocumentParticulars),
        number: report.document_number,
      },
      deadline: forwarding?.deadline ?? null,
      reviewer: reviewerRow ? { id: reviewerRow.id, name: reviewerRow.name } : null,
      reviewComment: report.review_comment,
      reviewedAt: report.reviewed_at,
      reviewedBy: report.reviewed_by,
      rollup: {
        ...rolled,
        children: children.map((c) => ({
          organisationId: c.id,
          name: c.name,
          reportId: c.report_id,
          status: (c.status as ReportStatus | null) ?? null,
        })),
      },
      history: history.map((h) => ({
        at: h.at,
        actor: h.actor_label,
        action: h.action,
        fieldId: h.field_id,
        oldValue: h.old_value,
        newValue: h.new_value,
        reason: h.reason,
      })),
      permissions: {
        canEdit: mayReport && nextStatus(status, 'edit') !== null,
        canSubmit: mayReport && nextStatus(status, 'submit') !== null,
        canReview:
          reviewerRow !== undefined &&
          this.authz.permits(ctx.actor, ctx.scope, reviewerRow, 'edit') &&
          nextStatus(status, 'accept') !== null,
      },
    };
  }

  async update(ctx: RequestContext, id: number, input: ReportUpdateInput): Promise<ReportDetail> {
    const { report } = await this.readable(ctx, id);
    await this.authz.organisation(ctx.actor, ctx.scope, report.organisation_id, 'report');
    const template = await this.templates.get(report.template_code, report.template_version);
    await this.db.transaction().execute(async (trx) => {
      const current = await this.lockedForStep(trx, id, input.revision, 'edit');
      const before = JSON.parse(current.content_json) as ReportContent;
      const { content, changes, problems } = applyEdits(template, before, input);
      if (problems.length) throw invalid(problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
      const particulars = {
        ...(JSON.parse(current.document_json) as DocumentParticulars),
        ...input.document,
      };
      const label = actorLabel(ctx.actor);
      for (const change of changes) {
        await this.history(trx, id, label, change.reason !== null ? 'corrected' : 'edited', {
          fieldId: change.kind === 'note' ? `${change.fieldId}.note` : change.fieldId,
          oldValue: change.oldValue,
          newValue: change.newValue,
          reason: change.reason,
        });
      }
      const documentChanged = input.document !== undefined;
      if (changes.length === 0 && !documentChanged) return;
      await trx
        .updateTable('reports')
        .set({
          content_json: JSON.stringify(content),
          document_json: JSON.stringify({ ...particulars, number: null }),
          document_number: particulars.number ?? null,
          revision: current.revision + 1,
          updated_at: nowIso(),
        })
        .where('id', '=', id)
        .execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: report.organisation_id,
        action: 'report.update',
        entityType: 'report',
        entityId: id,
        before: { revision: current.revision },
        after: { revision: current.revision + 1, changes, document: input.document },
        requestIp: ctx.ip,
      });
    });
    return this.detail(ctx, id);
  }

  /** Reloads the report inside the transaction and checks the step and (when given) the revision. */
  private async lockedForStep(
    trx: Transaction<Database>,
    id: number,
    revision: number | null,
    step: ReportStep,
  ) {
    const current = await trx
      .selectFrom('reports')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const status = current.status as ReportStatus;
    if (nextStatus(status, step) === null) throw conflict('report_locked', stepRefusal(status, step));
    if (revision !== null && revision !== current.revision)
      throw conflict(
        'stale_revision',
        `the report changed since you loaded it (revision ${revision}, now ${current.revision}); reload and redo your edit`,
      );
    return current;
  }

  async submit(ctx: RequestContext, id: number): Promise<ReportDetail> {
    const { report } = await this.readable(ctx, id);
    await this.authz.organisation(ctx.actor, ctx.scope, report.organisation_id, 'report');
    const template = await this.templates.get(report.template_code, report.template_version);
    await this.db.transaction().execute(async (trx) => {
      const current = await this.lockedForStep(trx, id, null, 'submit');
      const problems = validateReportContent(template, JSON.parse(current.content_json) as ReportContent);
      if (problems.length)
        throw invalid(
          `the report is not complete: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
          problems.map((p) => ({ path: p.field, message: p.message })),
        );
      const status = nextStatus(current.status as ReportStatus, 'submit')!;
      await this.transition(ctx, trx, current, status, null);
    });
    return this.detail(ctx, id);
  }

  async review(ctx: RequestContext, id: number, input: ReviewInput): Promise<ReportDetail> {
    const { report } = await this.readable(ctx, id);
    const forwarding = await this.campaigns.forwardingOf(report.campaign_id, report.organisation_id);
    const reviewerId = forwarding?.from_organisation_id ?? null;
    const reviewer =
      reviewerId === null
        ? undefined
        : await this.db
            .selectFrom('organisations')
            .select('path')
            .where('id', '=', reviewerId)
            .executeTakeFirst();
    if (!reviewer || !this.authz.permits(ctx.actor, ctx.scope, reviewer, 'edit'))
      throw forbidden(
        'only administrators of the organisation that forwarded the campaign (the reviewer) may accept or return this report',
      );
    if (input.decision === 'return' && input.comment === '')
      throw invalid('say why the report is returned', [
        { path: 'comment', message: 'required when returning' },
      ]);
    await this.db.transaction().execute(async (trx) => {
      const current = await this.lockedForStep(trx, id, null, input.decision);
      const status = nextStatus(current.status as ReportStatus, input.decision)!;
      await this.transition(ctx, trx, current, status, input.comment || null);
    });
    return this.detail(ctx, id);
  }

  private async transition(
    ctx: RequestContext,
    trx: Transaction<Database>,
    current: { id: number; status: string; revision: number; organisation_id: number },
    status: ReportStatus,
    comment: string | null,
  ): Promise<void> {
    const now = nowIso();
    const label = actorLabel(ctx.actor);
    const reviewing = status === 'accepted' || status === 'returned';
    await trx
      .updateTable('reports')
      .set({
        status,
        revision: current.revision + 1,
        updated_at: now,
        ...(reviewing
          ? { reviewed_at: now, reviewed_by: label, review_comment: comment }
          : { submitted_at: now }),
      })
      .where('id', '=', current.id)
      .execute();
    await this.history(trx, current.id, label, status, {
      oldValue: current.status,
      newValue: status,
      reason: comment,
    });
    await writeAudit(trx, {
      actor: ctx.actor,
      organisationId: current.organisation_id,
      action: `report.${status === 'resubmitted' ? 'resubmit' : status === 'submitted' ? 'submit' : status === 'accepted' ? 'accept' : 'return'}`,
      entityType: 'report',
      entityId: current.id,
      before: { status: current.status },
      after: { status, comment },
      requestIp: ctx.ip,
    });
  }

  /** The official document (DOCX) or its figures (XLSX), as a file to download. */
  async exportFile(
    ctx: RequestContext,
    id: number,
    format: ExportFormat,
    language: 'vi' | 'en',
  ): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
    const doc = await this.document(ctx, id, language);
    const content = format === 'docx' ? await this.kit.renderDocx(doc) : await this.kit.renderXlsx(doc);
    const report = await this.row(id);
    const campaign = await this.db
      .selectFrom('campaigns')
      .select('code')
      .where('id', '=', report!.campaign_id)
      .executeTakeFirstOrThrow();
    const stem = `bao-cao-${campaign.code}-${report!.org_code}`.replace(/[^A-Za-z0-9._-]+/g, '-');
    return { fileName: `${stem}.${format}`, mediaType: exportTypes[format], content };
  }

  /** Everything the official document needs, in the requested language. */
  async document(ctx: RequestContext, id: number, language: 'vi' | 'en'): Promise<ReportDocument> {
    const detail = await this.detail(ctx, id);
    const parentName = detail.reviewer?.name ?? null;
    const date = (detail.submittedAt ?? nowIso()).slice(0, 10);
    const vi = language === 'vi';
    return {
      language,
      issuer: { name: detail.organisation.name, parentName, abbreviation: detail.document.abbreviation },
      number: detail.document.number,
      place: detail.document.place,
      date,
      title: vi ? 'BÁO CÁO' : 'REPORT',
      subject: vi
        ? `Kết quả triển khai ${detail.campaign.title}`
        : `Results of carrying out ${detail.campaign.title}`,
      recipients: detail.document.recipients,
      template: detail.template,
      content: detail.content,
      children: detail.rollup.perChild,
      distribution: detail.document.distribution,
      signer: { position: detail.document.signerPosition, name: detail.document.signerName },
    };
  }
}

export type ExportFormat = 'docx' | 'xlsx';

const exportTypes: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function summary(r: ReportRow): ReportSummary {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    organisation: { id: r.organisation_id, code: r.org_code, name: r.org_name },
    status: r.status as ReportStatus,
    revision: r.revision,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
  };
}
