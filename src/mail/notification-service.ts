/**
 * Per-organisation digests of hosts that need attention (new or reopened), by e-mail to the
 * organisation's contacts and by its webhook. At most one digest per organisation per configured
 * interval: the throttle is the delivery log itself, so it survives restarts. A digest that went
 * out through at least one channel marks its hosts "notified".
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Config } from '../config/config.js';
import type { Database } from '../db/schema.js';
import { recordTransition } from '../hosts/host-store.js';
import type { HostStatus } from '../hosts/lifecycle.js';
import type { RequestContext } from '../server/context.js';
import { invalid, notFound } from '../server/errors.js';
import { renderDigest, type DigestHost } from './digest.js';
import type { Mailer } from './mailer.js';
import { deliverWebhook } from './webhook.js';

export type ChannelResult =
  | { channel: 'email' | 'webhook'; status: 'sent'; detail: string }
  | { channel: 'email' | 'webhook'; status: 'failed'; detail: string }
  | { channel: 'email' | 'webhook'; status: 'skipped'; detail: string };

export type DigestOutcome =
  | { status: 'sent'; hosts: number; channels: ChannelResult[] }
  | { status: 'failed'; hosts: number; channels: ChannelResult[] }
  | { status: 'nothing-to-send'; hosts: 0; channels: [] }
  | { status: 'throttled'; nextAllowedAt: string; hosts: number; channels: [] };

const pending: HostStatus[] = ['new', 'reopened'];

export class NotificationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
    private readonly mailer: Mailer,
    private readonly settings: Config['notifications'],
    private readonly options: { webhookBackoffMs?: number; now?: () => Date } = {},
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** When the organisation may next receive a digest, or null when it may now. */
  async nextAllowedAt(organisationId: number): Promise<string | null> {
    const last = await this.db
      .selectFrom('notification_deliveries')
      .select('at')
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'sent')
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last) return null;
    const next = Date.parse(last.at) + this.settings.digestIntervalHours * 3_600_000;
    return next > this.now().getTime() ? new Date(next).toISOString() : null;
  }

  async digest(ctx: RequestContext, organisationId: number): Promise<DigestOutcome> {
    const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId, 'edit');
    const hosts = await this.db
      .selectFrom('hosts')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .where('status', 'in', pending)
      .orderBy('last_seen', 'desc')
      .execute();
    if (hosts.length === 0) return { status: 'nothing-to-send', hosts: 0, channels: [] };
    const next = await this.nextAllowedAt(org.id);
    if (next) return { status: 'throttled', nextAllowedAt: next, hosts: hosts.length, channels: [] };
    const open = await this.db
      .selectFrom('hosts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', org.id)
      .where('status', 'in', ['notified', 'acknowledged', 'being-cleaned'])
      .executeTakeFirstOrThrow();
    const digestHosts: DigestHost[] = hosts.map((h) => {
      const evidence = h.reopen_evidence_json
        ? (JSON.parse(h.reopen_evidence_json) as { kind: string; source: string; time: string })
        : null;
      return {
        address: h.address,
        status: h.status,
        families: JSON.parse(h.families_json) as string[],
        firstSeen: h.first_seen,
        lastSeen: h.last_seen,
        observations: h.observation_count,
        detections: h.detection_count,
        reopenReason:
          h.status === 'reopened' && evidence ? `${evidence.kind} ${evidence.source} ${evidence.time}` : null,
      };
    });
    const generatedAt = this.now();
    const rendered = renderDigest({
      lang: this.settings.language,
      organisation: { code: org.code, name: org.name },
      hosts: digestHosts,
      stillOpen: Number(open.n),
      generatedAt,
      link: null,
    });
    const channels: ChannelResult[] = [];
    const contacts = await this.db
      .selectFrom('organisation_contacts')
      .select('email')
      .where('organisation_id', '=', org.id)
      .where('email', 'is not', null)
      .execute();
    const recipients = [...new Set(contacts.map((c) => c.email!))];
    if (!this.mailer.configured)
      channels.push({ channel: 'email', status: 'skipped', detail: 'no SMTP server configured' });
    else if (recipients.length === 0)
      channels.push({
        channel: 'email',
        status: 'skipped',
        detail: 'the organisation has no contact with an e-mail address',
      });
    else {
      try {
        const id = await this.mailer.send({
          to: recipients,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          attachments: [
            { filename: rendered.csvName, content: rendered.csv, contentType: 'text/csv; charset=utf-8' },
          ],
        });
        channels.push({ channel: 'email', status: 'sent', detail: id });
      } catch (error) {
        channels.push({ channel: 'email', status: 'failed', detail: (error as Error).message });
      }
    }
    const hook = await this.db
      .selectFrom('notification_webhooks')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .executeTakeFirst();
    let webhookAttempts = 0;
    if (!hook || hook.enabled !== 1)
      channels.push({ channel: 'webhook', status: 'skipped', detail: 'no webhook' });
    else {
      const outcome = await deliverWebhook(
        hook.url,
        hook.secret,
        {
          type: 'lamsach.digest',
          organisation: { code: org.code, name: org.name },
          generatedAt: generatedAt.toISOString(),
          hosts: digestHosts,
          stillOpen: Number(open.n),
        },
        {
          attempts: this.settings.webhookAttempts,
          ...(this.options.webhookBackoffMs !== undefined
            ? { backoffMs: this.options.webhookBackoffMs }
            : {}),
        },
      );
      webhookAttempts = outcome.attempts;
      channels.push(
        outcome.ok
          ? { channel: 'webhook', status: 'sent', detail: `HTTP ${outcome.status}` }
          : { channel: 'webhook', status: 'failed', detail: outcome.error ?? 'failed' },
      );
    }
    const sent = channels.some((c) => c.status === 'sent');
    const at = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      for (const c of channels) {
        if (c.status === 'skipped') continue;
        await trx
          .insertInto('notification_deliveries')
          .values({
            organisation_id: org.id,
            channel: c.channel,
            at,
            status: c.status,
            hosts: hosts.length,
            recipients: c.channel === 'email' ? recipients.join(', ') : (hook?.url ?? ''),
            attempts: c.channel === 'webhook' ? webhookAttempts : 1,
            error: c.status === 'failed' ? c.detail.slice(0, 1000) : null,
          })
          .execute();
      }
      if (sent) {
        for (const h of hosts) {
          const changed = await trx
            .updateTable('hosts')
            .set({ status: 'notified', notified_at: at, status_changed_at: at, updated_at: at })
            .where('id', '=', h.id)
            .where('status', '=', h.status)
            .executeTakeFirst();
          if (Number(changed.numUpdatedRows) === 1)
            await recordTransition(
              trx,
              h,
              h.status as HostStatus,
              'notified',
              ctx.actor,
              at,
              { digest: at },
              ctx.ip,
            );
        }
      }
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: 'notification.digest',
        entityType: 'organisation',
        entityId: org.id,
        after: { hosts: hosts.length, channels },
        requestIp: ctx.ip,
      });
    });
    return { status: sent ? 'sent' : 'failed', hosts: hosts.length, channels };
  }

  /** The scheduled round: every organisation with hosts waiting and no digest in the interval. */
  async runDue(ctx: RequestContext): Promise<{ organisation: number; status: string }[]> {
    const orgs = await this.db
      .selectFrom('hosts')
      .select('organisation_id')
      .distinct()
      .where('status', 'in', pending)
      .execute();
    const results: { organisation: number; status: string }[] = [];
    for (const { organisation_id } of orgs) {
      const outcome = await this.digest(ctx, organisation_id);
      results.push({ organisation: organisation_id, status: outcome.status });
    }
    return results;
  }

  async overview(ctx: RequestContext, organisationId: number) {
    const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId, 'read');
    const hook = await this.db
      .selectFrom('notification_webhooks')
      .select(['url', 'enabled', 'updated_at'])
      .where('organisation_id', '=', org.id)
      .executeTakeFirst();
    const deliveries = await this.db
      .selectFrom('notification_deliveries')
      .select(['id', 'channel', 'at', 'status', 'hosts', 'attempts', 'error'])
      .where('organisation_id', '=', org.id)
      .orderBy('id', 'desc')
      .limit(50)
      .execute();
    return {
      webhook: hook ? { url: hook.url, enabled: hook.enabled === 1, updatedAt: hook.updated_at } : null,
      nextDigestAt: await this.nextAllowedAt(org.id),
      deliveries,
    };
  }

  /** Sets the webhook; a new secret is generated unless one is given, and shown only in this answer. */
  async setWebhook(
    ctx: RequestContext,
    organisationId: number,
    input: { url: string; enabled: boolean; secret?: string | undefined },
  ): Promise<{ url: string; enabled: boolean; secret: string }> {
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw invalid('the webhook URL is not an absolute URL', [{ path: 'url', message: 'not a URL' }]);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw invalid('a webhook URL uses http or https', [{ path: 'url', message: 'not http(s)' }]);
    const secret = input.secret ?? randomBytes(32).toString('base64url');
    return this.db.transaction().execute(async (trx) => {
      const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId, 'edit', trx);
      const values = {
        url: url.toString(),
        secret,
        enabled: input.enabled ? 1 : 0,
        updated_at: this.now().toISOString(),
      };
      const before = await trx
        .selectFrom('notification_webhooks')
        .select(['url', 'enabled'])
        .where('organisation_id', '=', org.id)
        .executeTakeFirst();
      if (before)
        await trx
          .updateTable('notification_webhooks')
          .set(values)
          .where('organisation_id', '=', org.id)
          .execute();
      else
        await trx
          .insertInto('notification_webhooks')
          .values({ organisation_id: org.id, ...values })
          .execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: 'notification.webhook.set',
        entityType: 'webhook',
        entityId: org.id,
        before: before ?? null,
        after: { url: values.url, enabled: input.enabled, secretChanged: true },
        requestIp: ctx.ip,
      });
      return { url: values.url, enabled: input.enabled, secret };
    });
  }

  async removeWebhook(ctx: RequestContext, organisationId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId, 'edit', trx);
      const before = await trx
        .selectFrom('notification_webhooks')
        .select(['url', 'enabled'])
        .where('organisation_id', '=', org.id)
        .executeTakeFirst();
      if (!before) throw notFound(`webhook of ${org.code}`);
      await trx.deleteFrom('notification_webhooks').where('organisation_id', '=', org.id).execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: 'notification.webhook.remove',
        entityType: 'webhook',
        entityId: org.id,
        before,
        requestIp: ctx.ip,
      });
    });
  }
}
