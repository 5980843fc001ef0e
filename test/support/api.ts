/**
 * Small helpers for the API tests: one-line authenticated requests, extra users, contexts for
 * non-system actors and row counts read straight from the database.
 */
import type { LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../../src/auth/passwords.js';
import type { Role, UserActor } from '../../src/authz/actor.js';
import type { RequestContext } from '../../src/server/context.js';
import { authHeaders, testPassword, type Harness, type Session } from './harness.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The uniform error body of the API. */
export interface ErrorBody {
  error: { code: string; message: string; details: { path: string; message: string }[] };
}

/** Sends a request as a signed-in user (with the CSRF header on unsafe methods), or anonymously. */
export function call(
  h: Harness,
  session: Session | null,
  method: Method,
  url: string,
  payload?: object,
): Promise<LightMyRequestResponse> {
  return h.app.inject({
    method,
    url,
    headers: authHeaders(session, method),
    ...(payload === undefined ? {} : { payload }),
  });
}

/** Sends a request with a bearer token. */
export function callWithToken(
  h: Harness,
  token: string,
  method: Method,
  url: string,
  payload?: object,
): Promise<LightMyRequestResponse> {
  return h.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload }),
  });
}

/** The error part of an error response. */
export function errorOf(response: LightMyRequestResponse): ErrorBody['error'] {
  return response.json<ErrorBody>().error;
}

/** Adds a user whose password is already `testPassword` (no one-time password to change). */
export async function addUser(
  h: Harness,
  organisationId: number,
  username: string,
  roles: Role[],
): Promise<number> {
  const { db } = h.services.database;
  const now = new Date().toISOString();
  const user = await db
    .insertInto('users')
    .values({
      organisation_id: organisationId,
      username,
      display_name: username,
      email: null,
      password_hash: await hashPassword(testPassword),
      must_change_password: 0,
      disabled: 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('user_roles')
    .values(roles.map((role) => ({ user_id: user.id, role })))
    .execute();
  return user.id;
}

/** The request context of an existing user, as the server would build it for their session. */
export async function userContext(h: Harness, username: string): Promise<RequestContext> {
  const { db } = h.services.database;
  const user = await db
    .selectFrom('users')
    .select(['id', 'organisation_id'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute();
  const actor: UserActor = {
    type: 'user',
    userId: user.id,
    username,
    organisationId: user.organisation_id,
    roles: new Set(roles.map((r) => r.role as Role)),
    mustChangePassword: false,
  };
  return h.services.contextFor(actor, '127.0.0.1');
}

async function count(h: Harness, table: 'audit_log' | 'organisations' | 'sessions'): Promise<number> {
  const row = await h.services.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const auditCount = (h: Harness) => count(h, 'audit_log');
export const organisationCount = (h: Harness) => count(h, 'organisations');

/** Audit rows newer than `afterId`, oldest first. */
export async function auditSince(h: Harness, afterId: number) {
  return h.services.database.db
    .selectFrom('audit_log')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .execute();
}

/** The id of the newest audit row (0 when there is none). */
export async function lastAuditId(h: Harness): Promise<number> {
  const row = await h.services.database.db
    .selectFrom('audit_log')
    .select('id')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? 0;
}
