/**
 * Sign-in, sessions, CSRF, rate limiting, one-time passwords, password changes, sign-out and
 * token revocation, driven through the HTTP API on every backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/auth/passwords.js';
import { backends } from '../support/backends.js';
import { createHarness, login, testPassword, type Harness } from '../support/harness.js';
import { call, callWithToken, errorOf } from '../support/api.js';

const loginAs = (h: Harness, username: string, password: string, remoteAddress = '127.0.0.1') =>
  h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `authentication on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      beforeAll(async () => {
        h = await createHarness(backend);
      });
      afterAll(async () => h?.close());

      it('sets an HttpOnly, SameSite=Strict session cookie for the whole site', async () => {
        const response = await loginAs(h, 'owner-viewer', testPassword);
        expect(response.statusCode).toBe(200);
        const body = response.json<{
          user: { username: string; organisation: { id: number }; mustChangePassword: boolean };
          csrfToken: string;
        }>();
        expect(body.user.username).toBe('owner-viewer');
        expect(body.user.organisation.id).toBe(h.orgId.owner);
        expect(body.user.mustChangePassword).toBe(false);
        expect(body.csrfToken.length).toBeGreaterThanOrEqual(32);
        const cookie = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('lamsach_session='));
        expect(cookie).toBeDefined();
        const attributes = cookie!.split(';').map((a) => a.trim().toLowerCase());
        expect(attributes).toContain('httponly');
        expect(attributes).toContain('samesite=strict');
        expect(attributes).toContain('path=/');
        // The cookie carries a random token, never the password.
        expect(cookie).not.toContain(testPassword);
      });

      it('answers a wrong password and an unknown user identically', async () => {
        const wrong = await loginAs(h, 'owner-viewer', 'not-the-password-at-all');
        const unknown = await loginAs(h, 'nobody-here', 'not-the-password-at-all');
        expect(wrong.statusCode).toBe(401);
        expect(unknown.statusCode).toBe(401);
        expect(errorOf(wrong).code).toBe('invalid_credentials');
        expect(errorOf(unknown)).toEqual(errorOf(wrong));
        expect(wrong.headers['set-cookie']).toBeUndefined();
      });

      it('requires the CSRF token on cookie-authenticated changes', async () => {
        const session = await login(h.app, 'owner-administrator');
        const payload = { name: 'Trần Văn Khoa', role: 'Kỹ sư', email: null, phone: null };
        const url = `/api/organisations/${h.orgId.owner}/contacts`;
        const missing = await h.app.inject({
          method: 'POST',
          url,
          headers: { cookie: session.cookie },
          payload,
        });
        expect(missing.statusCode).toBe(403);
        expect(errorOf(missing).code).toBe('csrf_failed');
        const wrong = await h.app.inject({
          method: 'POST',
          url,
          headers: { cookie: session.cookie, 'x-csrf-token': `${session.csrf}x` },
          payload,
        });
        expect(wrong.statusCode).toBe(403);
        expect(errorOf(wrong).code).toBe('csrf_failed');
        const right = await call(h, session, 'POST', url, payload);
        expect(right.statusCode).toBe(201);
        expect(right.json<{ name: string }>().name).toBe('Trần Văn Khoa');
        // Reads need no CSRF header.
        expect((await call(h, session, 'GET', '/api/organisations')).statusCode).toBe(200);
      });

      it('accepts bearer tokens without a CSRF header, and refuses them once revoked', async () => {
        const admin = await login(h.app, 'owner-administrator');
        const created = await call(h, admin, 'POST', '/api/tokens', {
          name: 'kịch bản',
          purpose: 'script',
          organisationId: h.orgId.owner,
        });
        expect(created.statusCode).toBe(201);
        const { token, item } = created.json<{
          token: string;
          item: { id: number; revokedAt: string | null };
        }>();
        expect(token).toMatch(/^lsk_/);
        expect(item.revokedAt).toBeNull();
        const listed = await callWithToken(h, token, 'GET', '/api/organisations');
        expect(listed.statusCode).toBe(200);
        expect(
          listed
            .json<{ items: { id: number }[] }>()
            .items.map((o) => o.id)
            .sort(),
        ).toEqual([h.orgId.owner, h.orgId.child].sort());
        // An unsafe request with a token is judged by the token's purpose, never by a CSRF header.
        const post = await callWithToken(h, token, 'POST', `/api/organisations/${h.orgId.owner}/domains`, {
          domain: 'script.owner.gov.vn',
        });
        expect(post.statusCode).toBe(403);
        expect(errorOf(post)).toMatchObject({
          code: 'forbidden',
          message: expect.stringContaining('script token') as string,
        });
        expect((await call(h, admin, 'DELETE', `/api/tokens/${item.id}`)).statusCode).toBe(204);
        const refused = await callWithToken(h, token, 'GET', '/api/organisations');
        expect(refused.statusCode).toBe(401);
        expect(errorOf(refused).code).toBe('unauthenticated');
      });

      it('walks a new user through the one-time password', async () => {
        const admin = await login(h.app, 'owner-administrator');
        const created = await call(h, admin, 'POST', '/api/users', {
          username: 'Nguyen.Thi.Mai',
          displayName: 'Nguyễn Thị Mai',
          organisationId: h.orgId.child,
          roles: ['viewer'],
        });
        expect(created.statusCode).toBe(201);
        const { user, oneTimePassword } = created.json<{
          user: { username: string };
          oneTimePassword: string;
        }>();
        expect(user.username).toBe('nguyen.thi.mai');
        expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);

        const first = await loginAs(h, 'nguyen.thi.mai', oneTimePassword);
        expect(first.statusCode).toBe(200);
        expect(first.json<{ user: { mustChangePassword: boolean } }>().user.mustChangePassword).toBe(true);
        const session = await login(h.app, 'nguyen.thi.mai', oneTimePassword);
        const other = await login(h.app, 'nguyen.thi.mai', oneTimePassword);

        const blocked = await call(h, session, 'GET', '/api/organisations');
        expect(blocked.statusCode).toBe(403);
        expect(errorOf(blocked).code).toBe('password_change_required');
        const me = await call(h, session, 'GET', '/api/auth/me');
        expect(me.statusCode).toBe(200);
        expect(me.json<{ user: { username: string; mustChangePassword: boolean } }>().user).toMatchObject({
          username: 'nguyen.thi.mai',
          mustChangePassword: true,
        });

        const weak = await call(h, session, 'POST', '/api/auth/password', {
          currentPassword: oneTimePassword,
          newPassword: 'short-pw1',
        });
        expect(weak.statusCode).toBe(400);
        expect(errorOf(weak).code).toBe('weak_password');
        expect(errorOf(weak).message).toMatch(/12 characters/);
        const wrongCurrent = await call(h, session, 'POST', '/api/auth/password', {
          currentPassword: 'not-my-password',
          newPassword: 'Mùa thu Hà Nội 2025',
        });
        expect(wrongCurrent.statusCode).toBe(400);
        expect(errorOf(wrongCurrent).code).toBe('invalid_credentials');

        const changed = await call(h, session, 'POST', '/api/auth/password', {
          currentPassword: oneTimePassword,
          newPassword: 'Mùa thu Hà Nội 2025',
        });
        expect(changed.statusCode).toBe(204);
        const now = await call(h, session, 'GET', '/api/organisations');
        expect(now.statusCode).toBe(200);
        expect(now.json<{ items: { id: number }[] }>().items.map((o) => o.id)).toEqual([h.orgId.child]);
        // The other session (someone who knew the one-time password) is over.
        expect((await call(h, other, 'GET', '/api/auth/me')).statusCode).toBe(401);
        // The old password no longer works, the new one does.
        expect((await loginAs(h, 'nguyen.thi.mai', oneTimePassword)).statusCode).toBe(401);
        const again = await loginAs(h, 'nguyen.thi.mai', 'Mùa thu Hà Nội 2025');
        expect(again.statusCode).toBe(200);
        expect(again.json<{ user: { mustChangePassword: boolean } }>().user.mustChangePassword).toBe(false);
      });

      it('ends the session on logout', async () => {
        const session = await login(h.app, 'child-viewer');
        expect((await call(h, session, 'GET', '/api/auth/me')).statusCode).toBe(200);
        const out = await call(h, session, 'POST', '/api/auth/logout');
        expect(out.statusCode).toBe(204);
        const cleared = [out.headers['set-cookie']].flat().find((c) => c?.startsWith('lamsach_session='));
        expect(cleared).toMatch(/lamsach_session=;/);
        const after = await call(h, session, 'GET', '/api/auth/me');
        expect(after.statusCode).toBe(401);
        expect(errorOf(after).code).toBe('unauthenticated');
        expect((await call(h, session, 'GET', '/api/organisations')).statusCode).toBe(401);
      });

      it('refuses an expired session', async () => {
        const session = await login(h.app, 'sibling-viewer');
        expect((await call(h, session, 'GET', '/api/organisations')).statusCode).toBe(200);
        const userId = (
          await h.services.database.db
            .selectFrom('users')
            .select('id')
            .where('username', '=', 'sibling-viewer')
            .executeTakeFirstOrThrow()
        ).id;
        const updated = await h.services.database.db
          .updateTable('sessions')
          .set({ expires_at: new Date(Date.now() - 60_000).toISOString() })
          .where('user_id', '=', userId)
          .executeTakeFirst();
        expect(Number(updated.numUpdatedRows)).toBeGreaterThanOrEqual(1);
        const response = await call(h, session, 'GET', '/api/organisations');
        expect(response.statusCode).toBe(401);
        expect((await call(h, session, 'GET', '/api/auth/me')).statusCode).toBe(401);
      });

      it('stores passwords only as scrypt hashes', async () => {
        const rows = await h.services.database.db
          .selectFrom('users')
          .select(['username', 'password_hash'])
          .execute();
        expect(rows.length).toBeGreaterThanOrEqual(8);
        for (const row of rows) {
          expect(row.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
          expect(row.password_hash).not.toContain(testPassword);
          expect(row.password_hash).not.toContain('Mùa thu');
        }
        // The stored hash of the user who changed their password checks the new password only.
        const mai = rows.find((r) => r.username === 'nguyen.thi.mai')!;
        expect(await verifyPassword('Mùa thu Hà Nội 2025', mai.password_hash)).toBe(true);
        expect(await verifyPassword(testPassword, mai.password_hash)).toBe(false);
        // The same password hashes differently each time (random salt).
        expect(await hashPassword(testPassword)).not.toBe(await hashPassword(testPassword));
      });
    },
  );

  describe.skipIf(!available)(
    `login rate limiting on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      beforeAll(async () => {
        h = await createHarness(backend, { loginRateLimit: { maxAttempts: 3, windowSeconds: 60 } });
      });
      afterAll(async () => h?.close());

      it('refuses a user name after too many failures, even with the right password', async () => {
        // Each attempt from its own address, so only the per-user-name counter can trip.
        for (let i = 0; i < 3; i++) {
          const response = await loginAs(h, 'owner-viewer', `wrong-password-${i}`, `192.0.2.${i + 1}`);
          expect(response.statusCode).toBe(401);
          expect(errorOf(response).code).toBe('invalid_credentials');
        }
        const limited = await loginAs(h, 'owner-viewer', 'wrong-password-3', '192.0.2.4');
        expect(limited.statusCode).toBe(429);
        expect(errorOf(limited).code).toBe('rate_limited');
        const retryAfter = Number(limited.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
        const right = await loginAs(h, 'owner-viewer', testPassword, '192.0.2.5');
        expect(right.statusCode).toBe(429);
        expect(errorOf(right).code).toBe('rate_limited');
        expect(right.headers['set-cookie']).toBeUndefined();
        // The same name in capitals is the same account.
        expect((await loginAs(h, 'OWNER-VIEWER', testPassword, '192.0.2.6')).statusCode).toBe(429);
        // Another user is not affected.
        expect((await loginAs(h, 'owner-administrator', testPassword, '192.0.2.7')).statusCode).toBe(200);
      });

      it('refuses an address after too many failures, whatever the user name', async () => {
        // The address limit is five times the per-user one (3 here): an office shares one address.
        const names = ['child-viewer', 'child-administrator', 'no-such-user'];
        for (let i = 0; i < 15; i++) {
          expect(
            (await loginAs(h, `${names[i % 3]!}${i >= 3 ? `-${i}` : ''}`, 'wrong-password', '198.51.100.9'))
              .statusCode,
          ).toBe(401);
        }
        // Even the right password is refused from that address now.
        const limited = await loginAs(h, 'sibling-viewer', testPassword, '198.51.100.9');
        expect(limited.statusCode).toBe(429);
        expect(errorOf(limited).code).toBe('rate_limited');
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        // The users themselves may still sign in from elsewhere (one failure each so far).
        expect((await loginAs(h, 'child-viewer', testPassword, '198.51.100.10')).statusCode).toBe(200);
      });
    },
  );
}
