/**
 * Campaign reminders end to end on both databases: due reminders computed from the forwarding
 * records, sent through the SMTP mailer to a real SMTP server on loopback, recorded once
 * (a second run sends nothing), escalated to the forwarding organisation, retried after a failure.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import { campaignInput } from '../../src/campaigns/campaign-input.js';
import { simpleParser } from 'mailparser';
import { Mailer, reminderMailer } from '../../src/mail/mailer.js';
import type { ReminderMailer } from '../../src/campaigns/reminder-service.js';
import { backends } from '../support/backends.js';
import { createHarness, type Harness } from '../support/harness.js';

interface Received {
  to: string[];
  subject: string;
  body: string;
}

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `campaign reminders on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      let smtp: SMTPServer;
      let smtpMailer: Mailer;
      let mailer: ReminderMailer;
      const inbox: Received[] = [];

      beforeAll(async () => {
        h = await createHarness(backend);
        smtp = new SMTPServer({
          authOptional: true,
          disabledCommands: ['STARTTLS', 'AUTH'],
          logger: false,
          onData(stream, session, callback) {
            // A real MIME parser reads what arrived, whatever transfer encoding the mailer chose.
            simpleParser(stream)
              .then((mail) => {
                inbox.push({
                  to: session.envelope.rcptTo.map((r) => r.address),
                  subject: mail.subject ?? '',
                  body: mail.text ?? '',
                });
                callback();
              })
              .catch((error: unknown) => callback(error as Error));
          },
        });
        await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
        const port = (smtp.server.address() as AddressInfo).port;
        smtpMailer = new Mailer({
          host: '127.0.0.1',
          port,
          secure: 'false',
          requireTls: 'true',
          from: 'lamsach <noreply@lamsach.test>',
        });
        mailer = reminderMailer(smtpMailer);
        const { db } = h.services.database;
        await db
          .updateTable('users')
          .set({ email: 'admin@child.owner.gov.vn' })
          .where('username', '=', 'child-administrator')
          .execute();
        const ctx = await h.services.contextFor(operator('test'), null);
        const campaign = await h.services.campaigns.create(
          ctx,
          campaignInput.parse({
            code: 'LAMSACH-2022',
            title: 'Chiến dịch làm sạch mã độc năm 2022',
            rootOrganisationId: h.orgId.root,
            templateCode: 'NCSC-2022-UNIT',
            startsOn: '2022-08-23',
            endsOn: '2022-12-31',
            nationalDeadline: '2022-09-28',
          }),
        );
        await h.services.campaigns.forward(ctx, campaign.id, {
          organisationId: h.orgId.root,
          childIds: [h.orgId.owner],
          deadline: '2022-09-25',
          note: '',
        });
        await h.services.campaigns.forward(ctx, campaign.id, {
          organisationId: h.orgId.owner,
          deadline: '2022-09-20',
          note: '',
        });
      });
      afterAll(async () => {
        smtpMailer?.close();
        await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
        await h?.close();
      });

      it('sends a reminder before the deadline once, however often it runs', async () => {
        const outcomes = await h.services.reminders.run(mailer, '2022-09-17');
        expect(outcomes.map((o) => [o.organisationId, o.kind, o.offsetDays, o.status])).toEqual([
          [h.orgId.child, 'before', 3, 'sent'],
        ]);
        expect(inbox).toHaveLength(1);
        expect(inbox[0]!.to).toEqual(['admin@child.owner.gov.vn']);
        expect(inbox[0]!.subject).toBe('[LAMSACH-2022] Nhắc hạn báo cáo 20/09/2022 / Report due 2022-09-20');
        expect(inbox[0]!.body).toContain(
          'Sở Con (thử): hạn gửi báo cáo "Chiến dịch làm sạch mã độc năm 2022" là ngày 20/09/2022',
        );
        expect(await h.services.reminders.run(mailer, '2022-09-17')).toEqual([]);
        expect(await h.services.reminders.run(mailer, '2022-09-18')).toEqual([]);
        expect(inbox).toHaveLength(1);
      });

      it('reminds the overdue child and escalates to the organisation that forwarded it', async () => {
        const outcomes = await h.services.reminders.run(mailer, '2022-09-23');
        expect(
          outcomes.map((o) => [o.organisationId, o.notifyOrganisationId, o.kind, o.status]).sort(),
        ).toEqual(
          [
            [h.orgId.child, h.orgId.child, 'after', 'sent'],
            [h.orgId.child, h.orgId.owner, 'escalation', 'sent'],
            [h.orgId.owner, h.orgId.owner, 'before', 'sent'],
          ].sort(),
        );
        const escalation = inbox.find((m) => m.subject.includes('Đơn vị quá hạn'));
        expect(escalation).toMatchObject({ to: ['an@owner.gov.vn'] });
        expect(escalation!.body).toContain('Đơn vị Sở Con (thử) chưa gửi báo cáo');
        const audit = await h.services.database.db
          .selectFrom('audit_log')
          .select('action')
          .where('action', 'like', 'campaign.reminder.%')
          .orderBy('id')
          .execute();
        expect(audit.map((a) => a.action).sort()).toEqual(
          [
            'campaign.reminder.before',
            'campaign.reminder.before',
            'campaign.reminder.after',
            'campaign.reminder.escalation',
          ].sort(),
        );
      });

      it('keeps no record of a reminder it could not send, so the next run retries it', async () => {
        const closed = new SMTPServer({ logger: false });
        await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
        const port = (closed.server.address() as AddressInfo).port;
        await new Promise<void>((resolve) => closed.close(() => resolve()));
        const broken = new Mailer({
          host: '127.0.0.1',
          port,
          secure: 'false',
          requireTls: 'true',
          from: 'x@y.test',
        });
        const failed = await h.services.reminders.run(reminderMailer(broken), '2022-09-27');
        broken.close();
        expect(failed.map((o) => [o.organisationId, o.kind, o.status])).toEqual([
          [h.orgId.root, 'before', 'no-recipients'],
          [h.orgId.owner, 'after', 'failed'],
          [h.orgId.child, 'after', 'failed'],
        ]);
        expect(failed[1]!.error).toBeTruthy();
        const retried = await h.services.reminders.run(mailer, '2022-09-27');
        expect(retried.map((o) => [o.organisationId, o.kind, o.offsetDays, o.status])).toEqual([
          [h.orgId.owner, 'after', 1, 'sent'],
          [h.orgId.child, 'after', 7, 'sent'],
        ]);
      });
    },
  );
}
