/**
 * The audit trail: every change through the API writes exactly one row naming who did what
 * (with before/after), administrators read only their subtree's rows, the table is append-only
 * in the database itself, and refused changes leave no trace.
 */
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditView } from '../../src/audit/audit-service.js';
import type { AuditRow } from '../../src/db/schema.js';
import { backends } from '../support/backends.js';
import {
  createHarness,
  fixtureOrgs,
  login,
  testPassword,
  type Harness,
  type Session,
} from '../support/harness.js';
import { auditCount, auditSince, call, errorOf, lastAuditId } from '../support/api.js';

const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `audit trail on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      let admin: Session;
      let adminId: number;
      let createdOrg = 0;

      /** Runs `change` and returns the single audit row it wrote. */
      async function onlyRow(
        change: () => Promise<{ statusCode: number; body: string }>,
        status: number,
      ): Promise<AuditRow> {
        const since = await lastAuditId(h);
        const response = await change();
        expect(response.statusCode, response.body).toBe(status);
        const rows = await auditSince(h, since);
        expect(rows.map((r) => r.action)).toHaveLength(1);
        return rows[0]!;
      }
      const byAdmin = (row: AuditRow) => {
        expect(row).toMatchObject({
          actor_type: 'user',
          actor_id: adminId,
          actor_label: 'owner-administrator',
          request_ip: '127.0.0.1',
        });
        expect(Date.now() - Date.parse(row.at)).toBeLessThan(60_000);
      };

      beforeAll(async () => {
        h = await createHarness(backend);
        adminId = (
          await h.services.database.db
            .selectFrom('users')
            .select('id')
            .where('username', '=', 'owner-administrator')
            .executeTakeFirstOrThrow()
        ).id;
        // Rows of organisations the owner must not see: sign-ins above and beside it.
        await login(h.app, 'root-administrator');
        await login(h.app, 'sibling-administrator');
      });
      afterAll(async () => h?.close());

      it('records a sign-in', async () => {
        const since = await lastAuditId(h);
        admin = await login(h.app, 'owner-administrator');
        const rows = await auditSince(h, since);
        expect(rows).toHaveLength(1);
        byAdmin(rows[0]!);
        expect(rows[0]).toMatchObject({
          action: 'auth.login',
          organisation_id: h.orgId.owner,
          entity_type: 'user',
          entity_id: String(adminId),
          before_json: null,
        });
      });

      it('records creating and editing an organisation with before and after', async () => {
        const created = await onlyRow(
          () =>
            call(h, admin, 'POST', '/api/organisations', {
              parentId: h.orgId.owner,
              code: 'AU-UNIT',
              name: 'Phòng Kiểm Toán',
              kind: 'unit',
            }),
          201,
        );
        byAdmin(created);
        createdOrg = Number(created.entity_id);
        expect(created).toMatchObject({
          action: 'organisation.create',
          organisation_id: createdOrg,
          entity_type: 'organisation',
          before_json: null,
        });
        expect(json(created.after_json)).toMatchObject({
          id: createdOrg,
          code: 'AU-UNIT',
          name: 'Phòng Kiểm Toán',
          parent_id: h.orgId.owner,
        });

        const edited = await onlyRow(
          () =>
            call(h, admin, 'PATCH', `/api/organisations/${createdOrg}`, {
              name: 'Phòng Kiểm Toán Nội Bộ',
              validFrom: '2025-01-01',
            }),
          200,
        );
        byAdmin(edited);
        expect(edited).toMatchObject({
          action: 'organisation.update',
          organisation_id: createdOrg,
          entity_id: String(createdOrg),
        });
        expect(json(edited.before_json)).toMatchObject({ name: 'Phòng Kiểm Toán', valid_from: null });
        expect(json(edited.after_json)).toMatchObject({
          name: 'Phòng Kiểm Toán Nội Bộ',
          valid_from: '2025-01-01',
        });
      });

      it('records adding and removing a range', async () => {
        const added = await onlyRow(
          () =>
            call(h, admin, 'POST', `/api/organisations/${h.orgId.child}/ip-ranges`, { cidr: '10.1.3.0/24' }),
          201,
        );
        byAdmin(added);
        expect(added).toMatchObject({
          action: 'organisation.ip-ranges.add',
          organisation_id: h.orgId.child,
          entity_type: 'ip-ranges',
          before_json: null,
        });
        expect(json(added.after_json)).toEqual({ id: Number(added.entity_id), cidr: '10.1.3.0/24' });

        const removed = await onlyRow(
          () => call(h, admin, 'DELETE', `/api/organisations/${h.orgId.child}/ip-ranges/${added.entity_id}`),
          204,
        );
        byAdmin(removed);
        expect(removed).toMatchObject({
          action: 'organisation.ip-ranges.remove',
          organisation_id: h.orgId.child,
          entity_id: added.entity_id,
          after_json: null,
        });
        expect(json(removed.before_json)).toMatchObject({
          cidr: '10.1.3.0/24',
          organisation_id: h.orgId.child,
        });
      });

      it('records creating a user and creating and revoking a token, without secrets', async () => {
        let oneTimePassword = '';
        const user = await onlyRow(async () => {
          const response = await call(h, admin, 'POST', '/api/users', {
            username: 'au-viewer',
            displayName: 'Lê Thị Hoa',
            organisationId: h.orgId.child,
            roles: ['viewer'],
          });
          oneTimePassword = response.json<{ oneTimePassword: string }>().oneTimePassword;
          return response;
        }, 201);
        byAdmin(user);
        expect(user).toMatchObject({
          action: 'user.create',
          organisation_id: h.orgId.child,
          entity_type: 'user',
        });
        expect(json(user.after_json)).toEqual({
          username: 'au-viewer',
          displayName: 'Lê Thị Hoa',
          roles: ['viewer'],
          organisationId: h.orgId.child,
        });
        expect(user.after_json).not.toContain(oneTimePassword);

        let secret = '';
        const token = await onlyRow(async () => {
          const response = await call(h, admin, 'POST', '/api/tokens', {
            name: 'cảm biến 1',
            purpose: 'sensor',
            organisationId: h.orgId.owner,
          });
          secret = response.json<{ token: string }>().token;
          return response;
        }, 201);
        byAdmin(token);
        expect(token).toMatchObject({
          action: 'token.create',
          organisation_id: h.orgId.owner,
          entity_type: 'api_token',
        });
        expect(json(token.after_json)).toEqual({ name: 'cảm biến 1', purpose: 'sensor', expiresAt: null });
        expect(JSON.stringify(token)).not.toContain(secret);

        const revoked = await onlyRow(() => call(h, admin, 'DELETE', `/api/tokens/${token.entity_id}`), 204);
        byAdmin(revoked);
        expect(revoked).toMatchObject({
          action: 'token.revoke',
          entity_id: token.entity_id,
          organisation_id: h.orgId.owner,
        });
        expect(json(revoked.before_json)).toEqual({ revokedAt: null });
        expect(json(revoked.after_json)).toEqual({ revokedAt: expect.any(String) as string });
        // Revoking again changes nothing and records nothing.
        const since = await lastAuditId(h);
        expect((await call(h, admin, 'DELETE', `/api/tokens/${token.entity_id}`)).statusCode).toBe(204);
        expect(await auditSince(h, since)).toEqual([]);
      });

      it('writes nothing for a change that fails', async () => {
        const before = await auditCount(h);
        const attempts: [string, () => Promise<LightMyRequestResponse>, number, string][] = [
          [
            'host bits',
            () =>
              call(h, admin, 'POST', `/api/organisations/${h.orgId.owner}/ip-ranges`, {
                cidr: '10.1.2.3/24',
              }),
            400,
            'validation_failed',
          ],
          [
            'sibling overlap',
            () =>
              call(h, admin, 'POST', `/api/organisations/${h.orgId.owner}/ip-ranges`, {
                cidr: '10.2.9.0/24',
              }),
            409,
            'range_overlap',
          ],
          [
            'code taken',
            () =>
              call(h, admin, 'POST', '/api/organisations', {
                parentId: h.orgId.owner,
                code: fixtureOrgs.child,
                name: 'Trùng',
                kind: 'unit',
              }),
            409,
            'code_taken',
          ],
          [
            'unknown kind',
            () =>
              call(h, admin, 'POST', '/api/organisations', {
                parentId: h.orgId.owner,
                code: 'AU-X',
                name: 'X',
                kind: 'spaceship',
              }),
            400,
            'validation_failed',
          ],
          [
            'bad period',
            () =>
              call(h, admin, 'PATCH', `/api/organisations/${createdOrg}`, {
                validFrom: '2025-01-01',
                validTo: '2024-01-01',
              }),
            400,
            'validation_failed',
          ],
          [
            'own code',
            () => call(h, admin, 'PATCH', `/api/organisations/${h.orgId.owner}`, { code: 'AU-OWN' }),
            403,
            'forbidden',
          ],
          [
            'user name',
            () =>
              call(h, admin, 'POST', '/api/users', {
                username: 'Has Spaces',
                displayName: 'X',
                organisationId: h.orgId.owner,
                roles: ['viewer'],
              }),
            400,
            'validation_failed',
          ],
          [
            'user name taken',
            () =>
              call(h, admin, 'POST', '/api/users', {
                username: 'owner-viewer',
                displayName: 'X',
                organisationId: h.orgId.owner,
                roles: ['viewer'],
              }),
            409,
            'username_taken',
          ],
          [
            'weak password',
            () =>
              call(h, admin, 'POST', '/api/auth/password', {
                currentPassword: testPassword,
                newPassword: 'short',
              }),
            400,
            'weak_password',
          ],
        ];
        for (const [what, attempt, status, code] of attempts) {
          const response = await attempt();
          expect(response.statusCode, what).toBe(status);
          expect(errorOf(response).code, what).toBe(code);
        }
        expect(await auditCount(h)).toBe(before);
      });

      it('shows an administrator only the rows of their subtree', async () => {
        const response = await call(h, admin, 'GET', '/api/audit?limit=500');
        expect(response.statusCode).toBe(200);
        const items = response.json<{ items: AuditView[] }>().items;
        const orgIds = new Set(items.map((i) => i.organisation?.id));
        expect([...orgIds].sort()).toEqual([h.orgId.owner, h.orgId.child, createdOrg].sort());
        expect(items.map((i) => i.action)).toEqual(
          expect.arrayContaining([
            'organisation.import.create',
            'auth.login',
            'organisation.create',
            'token.revoke',
          ]),
        );
        expect(items.map((i) => i.id)).toEqual([...items.map((i) => i.id)].sort((a, b) => b - a));
        for (const code of [fixtureOrgs.root, fixtureOrgs.sibling]) expect(response.body).not.toContain(code);
        // The rows it does not show exist.
        const hidden = await h.services.database.db
          .selectFrom('audit_log')
          .select('id')
          .where('organisation_id', 'in', [h.orgId.root, h.orgId.sibling])
          .execute();
        expect(hidden.length).toBeGreaterThanOrEqual(4);

        const child = (
          await call(h, admin, 'GET', `/api/audit?organisationId=${h.orgId.child}&limit=500`)
        ).json<{ items: AuditView[] }>().items;
        expect(new Set(child.map((i) => i.organisation?.code))).toEqual(new Set([fixtureOrgs.child]));
        expect((await call(h, admin, 'GET', `/api/audit?organisationId=${h.orgId.sibling}`)).statusCode).toBe(
          404,
        );
        const page = (await call(h, admin, 'GET', `/api/audit?limit=2&before=${items[0]!.id}`)).json<{
          items: AuditView[];
        }>().items;
        expect(page.map((i) => i.id)).toEqual([items[1]!.id, items[2]!.id]);
      });

      it('refuses the audit trail to viewers', async () => {
        const response = await call(h, await login(h.app, 'owner-viewer'), 'GET', '/api/audit');
        expect(response.statusCode).toBe(403);
        expect(errorOf(response).code).toBe('forbidden');
      });

      it('is append-only in the database', async () => {
        const { db } = h.services.database;
        const first = await db
          .selectFrom('audit_log')
          .selectAll()
          .orderBy('id')
          .limit(1)
          .executeTakeFirstOrThrow();
        const count = await auditCount(h);
        await expect(
          db.updateTable('audit_log').set({ action: 'tampered' }).where('id', '=', first.id).execute(),
        ).rejects.toThrow(/append-only/);
        await expect(db.deleteFrom('audit_log').where('id', '=', first.id).execute()).rejects.toThrow(
          /append-only/,
        );
        await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
        await expect(sql`update audit_log set actor_label = 'x'`.execute(db)).rejects.toThrow(/append-only/);
        expect(
          await db.selectFrom('audit_log').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow(),
        ).toEqual(first);
        expect(await auditCount(h)).toBe(count);
      });
    },
  );
}
