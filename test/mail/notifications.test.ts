/**
 * Digests through a real SMTP server and a real webhook receiver on loopback: grouped per
 * organisation, Vietnamese, CSV attached, signed webhook with retries, throttled, hosts notified.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import { configSchema } from '../../src/config/config.js';
import type { DigestOutcome } from '../../src/mail/notification-service.js';
import { signatureHeader, timestampHeader, verifySignature } from '../../src/mail/webhook.js';
import { call } from '../support/api.js';
import { backends } from '../support/backends.js';
import { createHarness, login, type Harness } from '../support/harness.js';
import { observation } from '../hosts/support.js';

interface Hook {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `notifications on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      let smtp: SMTPServer;
      let hookServer: Server;
      let hookUrl = '';
      const mails: ParsedMail[] = [];
      const hooks: Hook[] = [];
      const secret = 'a-shared-secret-of-the-province-0123';

      beforeAll(async () => {
        smtp = new SMTPServer({
          authOptional: true,
          disabledCommands: ['STARTTLS', 'AUTH'],
          logger: false,
          onData(stream, _session, callback) {
            simpleParser(stream)
              .then((mail) => {
                mails.push(mail);
                callback();
              })
              .catch((error: Error) => callback(error));
          },
        });
        await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
        const smtpPort = (smtp.server.address() as AddressInfo).port;
        hookServer = createServer((req, res) => {
          let body = '';
          req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          req.on('end', () => {
            hooks.push({ headers: req.headers, body });
            // The first delivery fails, so the retry is exercised.
            res.statusCode = hooks.length === 1 ? 503 : 204;
            res.end();
          });
        });
        await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
        hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/lamsach`;
        const defaults = configSchema.parse({});
        h = await createHarness(backend, {
          mail: {
            ...defaults.mail,
            host: '127.0.0.1',
            port: smtpPort,
            from: 'Chiến dịch <canhbao@ncsc.example>',
          },
          notifications: { ...defaults.notifications, scheduleMinutes: 0 },
        });
        const ctx = await h.services.contextFor(operator('test'), null);
        await h.services.hosts.importer.importParsed(
          ctx,
          {
            reportType: 'test',
            records: [
              observation('10.1.8.1', '2026-10-01T01:00:00Z'),
              observation('10.1.8.2', '2026-10-01T02:00:00Z', { family: 'emotet' }),
              observation('10.1.2.20', '2026-10-01T03:00:00Z'),
            ],
            rejected: [],
          },
          { fileName: 'x.csv', trigger: 'cli' },
        );
      });
      afterAll(async () => {
        await h?.close();
        await new Promise<void>((resolve) => smtp.close(() => resolve()));
        await new Promise<void>((resolve) => hookServer.close(() => resolve()));
      });

      it('sends one digest per organisation by mail and signed webhook, then marks the hosts notified', async () => {
        const admin = await login(h.app, 'owner-administrator');
        const set = await call(h, admin, 'PUT', `/api/organisations/${h.orgId.owner}/webhook`, {
          url: hookUrl,
          enabled: true,
          secret,
        });
        expect(set.statusCode).toBe(200);
        const response = await call(h, admin, 'POST', `/api/organisations/${h.orgId.owner}/digest`);
        expect(response.statusCode).toBe(200);
        const outcome = response.json<DigestOutcome>();
        expect(outcome).toMatchObject({ status: 'sent', hosts: 2 });
        expect(outcome.channels.map((c) => [c.channel, c.status])).toEqual([
          ['email', 'sent'],
          ['webhook', 'sent'],
        ]);

        expect(mails).toHaveLength(1);
        const mail = mails[0]!;
        expect(mail.subject).toBe('[lamsach] Tỉnh Chủ (thử): 2 máy nhiễm mã độc cần xử lý');
        expect(mail.text).toContain('Kính gửi Tỉnh Chủ (thử)');
        expect(mail.text).toContain('10.1.8.2 (mới): emotet');
        expect(mail.text).not.toContain('10.1.2.20'); // the child's host goes to the child
        const to = [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));
        expect(to).toEqual(['an@owner.gov.vn']);
        expect(mail.attachments).toHaveLength(1);
        const csv = mail.attachments[0]!.content.toString('utf8');
        expect(mail.attachments[0]!.filename).toMatch(/^may-nhiem-FX-OWNER-k3-\d{4}-\d{2}-\d{2}\.csv$/);
        expect(csv.split('\n')[0]).toBe(
          '\ufeffaddress,status,families,first_seen,last_seen,observations,detections,reopened_by',
        );
        expect(csv).toContain('10.1.8.1,new,mirai');

        expect(hooks).toHaveLength(2);
        const last = hooks[1]!;
        const timestamp = String(last.headers[timestampHeader]);
        expect(verifySignature(secret, timestamp, last.body, String(last.headers[signatureHeader]))).toBe(
          true,
        );
        expect(
          verifySignature(
            'another-secret-entirely-0000',
            timestamp,
            last.body,
            String(last.headers[signatureHeader]),
          ),
        ).toBe(false);
        const payload = JSON.parse(last.body) as {
          organisation: { code: string };
          hosts: { address: string }[];
        };
        expect(payload.organisation.code).toBe('FX-OWNER-k3');
        expect(payload.hosts.map((x) => x.address).sort()).toEqual(['10.1.8.1', '10.1.8.2']);

        const statuses = await h.services.database.db
          .selectFrom('hosts')
          .select(['address', 'status'])
          .orderBy('address')
          .execute();
        expect(statuses).toEqual([
          { address: '10.1.2.20', status: 'new' },
          { address: '10.1.8.1', status: 'notified' },
          { address: '10.1.8.2', status: 'notified' },
        ]);
        const overview = await call(h, admin, 'GET', `/api/organisations/${h.orgId.owner}/notifications`);
        const body = overview.json<{
          webhook: { url: string };
          nextDigestAt: string;
          deliveries: { channel: string; attempts: number }[];
        }>();
        expect(body.webhook.url).toBe(hookUrl);
        expect(body.nextDigestAt).not.toBeNull();
        expect(body.deliveries.find((d) => d.channel === 'webhook')?.attempts).toBe(2);
        expect(overview.body).not.toContain(secret);
      });

      it('sends at most one digest per interval, even across new evidence', async () => {
        const ctx = await h.services.contextFor(operator('test'), null);
        await h.services.hosts.importer.importParsed(
          ctx,
          { reportType: 'test', records: [observation('10.1.8.3', '2026-10-02T01:00:00Z')], rejected: [] },
          { fileName: 'y.csv', trigger: 'cli' },
        );
        const admin = await login(h.app, 'owner-administrator');
        const again = (
          await call(h, admin, 'POST', `/api/organisations/${h.orgId.owner}/digest`)
        ).json<DigestOutcome>();
        expect(again).toMatchObject({ status: 'throttled', hosts: 1 });
        expect(mails).toHaveLength(1);
      });

      it('leaves hosts new when no channel could deliver (the child has no e-mail contact)', async () => {
        const ctx = await h.services.contextFor(operator('scheduler'), null);
        const results = await h.services.notifications.runDue(ctx);
        expect(results).toEqual(
          expect.arrayContaining([
            { organisation: h.orgId.child, status: 'failed' },
            { organisation: h.orgId.owner, status: 'throttled' },
          ]),
        );
        const child = await h.services.database.db
          .selectFrom('hosts')
          .select('status')
          .where('address', '=', '10.1.2.20')
          .executeTakeFirstOrThrow();
        expect(child.status).toBe('new');
        expect(mails).toHaveLength(1);
      });
    },
  );
}
