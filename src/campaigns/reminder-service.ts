/**
 * Sends the reminders `dueReminders` computes and records each one in `campaign_reminders`, whose
 * unique key makes sending idempotent: a reminder is recorded before it is sent (so two runs never
 * both send it) and the record is removed again when sending fails (so the next run retries).
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { writeAudit } from '../audit/audit.js';
import type { SystemActor } from '../authz/actor.js';
import type { Database } from '../db/schema.js';
import { addDays, viDate, type ReportStatus } from './model.js';
import { dueReminders, type DueReminder, type ReminderKind, type ReminderPolicy } from './reminders.js';

export interface ReminderMailer {
  send(to: string[], subject: string, text: string): Promise<void>;
}

export interface ReminderOutcome {
  campaignId: number;
  organisationId: number;
  notifyOrganisationId: number;
  kind: ReminderKind;
  offsetDays: number;
  recipients: string[];
  status: 'sent' | 'no-recipients' | 'failed';
  error?: string;
}

const systemActor: SystemActor = { type: 'system', label: 'reminders' };

export class ReminderService {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly policy: ReminderPolicy,
  ) {}

  /** Sends every reminder due on `today` (YYYY-MM-DD) for campaigns still running. */
  async run(mailer: ReminderMailer, today: string): Promise<ReminderOutcome[]> {
    const latest = Math.max(0, ...this.policy.afterDays, this.policy.escalateAfterDays ?? 0);
    const campaigns = await this.db
      .selectFrom('campaigns')
      .select(['id', 'code', 'title'])
      .where('starts_on', '<=', today)
      .where('ends_on', '>=', addDays(today, -latest))
      .orderBy('id')
      .execute();
    const outcomes: ReminderOutcome[] = [];
    for (const campaign of campaigns) {
      const candidates = await this.db
        .selectFrom('campaign_forwardings as f')
        .leftJoin('reports as r', (join) =>
          join
            .onRef('r.campaign_id', '=', 'f.campaign_id')
            .onRef('r.organisation_id', '=', 'f.organisation_id'),
        )
        .select([
          'f.organisation_id as organisationId',
          'f.from_organisation_id as fromOrganisationId',
          'f.deadline',
          'r.status as reportStatus',
        ])
        .where('f.campaign_id', '=', campaign.id)
        .orderBy('f.id')
        .execute();
      const sent = await this.db
        .selectFrom('campaign_reminders')
        .select(['organisation_id as organisationId', 'kind', 'deadline', 'offset_days as offsetDays'])
        .where('campaign_id', '=', campaign.id)
        .execute();
      const due = dueReminders(
        this.policy,
        candidates.map((c) => ({ ...c, reportStatus: (c.reportStatus as ReportStatus | null) ?? null })),
        sent.map((s) => ({ ...s, kind: s.kind as ReminderKind })),
        today,
      );
      for (const reminder of due) {
        const outcome = await this.deliver(mailer, campaign, reminder, today);
        if (outcome) outcomes.push(outcome);
      }
    }
    return outcomes;
  }

  private async deliver(
    mailer: ReminderMailer,
    campaign: { id: number; code: string; title: string },
    reminder: DueReminder,
    today: string,
  ): Promise<ReminderOutcome | null> {
    const recipients = await this.recipients(reminder.notifyOrganisationId);
    const names = await this.db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('id', 'in', [reminder.organisationId, reminder.notifyOrganisationId])
      .execute();
    const nameOf = (id: number) => names.find((n) => n.id === id)?.name ?? String(id);
    const outcome: ReminderOutcome = {
      campaignId: campaign.id,
      organisationId: reminder.organisationId,
      notifyOrganisationId: reminder.notifyOrganisationId,
      kind: reminder.kind,
      offsetDays: reminder.offsetDays,
      recipients,
      status: recipients.length ? 'sent' : 'no-recipients',
    };
    const recorded = await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('campaign_reminders')
        .values({
          campaign_id: campaign.id,
          organisation_id: reminder.organisationId,
          kind: reminder.kind,
          deadline: reminder.deadline,
          offset_days: reminder.offsetDays,
          recipients_json: JSON.stringify(recipients),
          sent_at: new Date().toISOString(),
        })
        .onConflict((oc) =>
          oc.columns(['campaign_id', 'organisation_id', 'kind', 'deadline', 'offset_days']).doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return null;
      await writeAudit(trx, {
        actor: systemActor,
        organisationId: reminder.notifyOrganisationId,
        action: `campaign.reminder.${reminder.kind}`,
        entityType: 'campaign',
        entityId: campaign.id,
        after: { ...reminder, recipients },
      });
      return inserted.id;
    });
    // Another run recorded it first: it is that run's to send.
    if (recorded === null) return null;
    if (!recipients.length) return outcome;
    const { subject, text } = reminderMessage(campaign, reminder, nameOf(reminder.organisationId), today);
    try {
      await mailer.send(recipients, subject, text);
      return outcome;
    } catch (error) {
      await this.db.deleteFrom('campaign_reminders').where('id', '=', recorded).execute();
      return { ...outcome, status: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Contacts with an e-mail address and the organisation's administrators and reporters. */
  private async recipients(organisationId: number): Promise<string[]> {
    const contacts = await this.db
      .selectFrom('organisation_contacts')
      .select('email')
      .where('organisation_id', '=', organisationId)
      .where('email', 'is not', null)
      .execute();
    const users = await this.db
      .selectFrom('users as u')
      .innerJoin('user_roles as r', 'r.user_id', 'u.id')
      .select('u.email')
      .distinct()
      .where('u.organisation_id', '=', organisationId)
      .where('u.disabled', '=', 0)
      .where('u.email', 'is not', null)
      .where('r.role', 'in', ['administrator', 'reporter'])
      .execute();
    return [...new Set([...contacts, ...users].map((r) => r.email!.toLowerCase()))].sort();
  }

  /** Runs the reminders once a day-ish: every `intervalMs`, idempotent, so restarts are harmless. */
  start(mailer: ReminderMailer, logger: Logger, intervalMs = 3_600_000): void {
    const tick = async () => {
      if (this.running) return;
      this.running = true;
      try {
        const outcomes = await this.run(mailer, new Date().toISOString().slice(0, 10));
        for (const o of outcomes.filter((x) => x.status !== 'sent'))
          logger.warn(o, o.status === 'failed' ? 'reminder failed' : 'reminder has no recipients');
        if (outcomes.length) logger.info({ count: outcomes.length }, 'campaign reminders processed');
      } catch (error) {
        logger.warn({ err: error }, 'campaign reminders failed');
      } finally {
        this.running = false;
      }
    };
    this.timer = setInterval(() => void tick(), intervalMs);
    this.timer.unref();
    void tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

export function reminderMessage(
  campaign: { code: string; title: string },
  reminder: DueReminder,
  organisationName: string,
  today: string,
): { subject: string; text: string } {
  const deadline = viDate(reminder.deadline);
  const footer = `\n\n-- \nlamsach: ${campaign.code}`;
  switch (reminder.kind) {
    case 'before':
      return {
        subject: `[${campaign.code}] Nhắc hạn báo cáo ${deadline} / Report due ${reminder.deadline}`,
        text:
          `${organisationName}: hạn gửi báo cáo "${campaign.title}" là ngày ${deadline} (còn ${reminder.offsetDays} ngày).\n` +
          `Report for "${campaign.title}" is due on ${reminder.deadline} (${reminder.offsetDays} day(s) left).` +
          footer,
      };
    case 'after':
      return {
        subject: `[${campaign.code}] Quá hạn báo cáo ${deadline} / Report overdue since ${reminder.deadline}`,
        text:
          `${organisationName}: báo cáo "${campaign.title}" đã quá hạn ${deadline}; đề nghị gửi báo cáo ngay.\n` +
          `The report for "${campaign.title}" was due on ${reminder.deadline} and has not been sent (today ${today}).` +
          footer,
      };
    case 'escalation':
      return {
        subject: `[${campaign.code}] Đơn vị quá hạn: ${organisationName} / Overdue: ${organisationName}`,
        text:
          `Đơn vị ${organisationName} chưa gửi báo cáo "${campaign.title}", hạn ${deadline} (quá ${reminder.offsetDays} ngày).\n` +
          `${organisationName} has not sent its report for "${campaign.title}", due ${reminder.deadline} (${reminder.offsetDays}+ days overdue).` +
          footer,
      };
  }
}
