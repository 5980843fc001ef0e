/**
 * Sign-in, sessions, password changes and machine tokens. Sessions and tokens are stored only as
 * hashes; the cookie or token value exists in clear text only on the client.
 */
import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import type { Actor, Role, TokenActor, TokenPurpose, UserActor } from '../authz/actor.js';
import { roles as knownRoles, tokenPurposes } from '../authz/actor.js';
import type { Database, UserRow } from '../db/schema.js';
import { AppError, unauthenticated } from '../server/errors.js';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import type { RateLimiter } from './rate-limiter.js';
import { hashSecret, randomSecret } from './secrets.js';

export interface Me {
  id: number;
  username: string;
  displayName: string;
  organisation: { id: number; code: string; name: string };
  roles: Role[];
  mustChangePassword: boolean;
}

export interface SessionContext {
  actor: UserActor;
  csrfToken: string;
  sessionId: string;
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  me: Me;
  expiresAt: Date;
}

const nowIso = () => new Date().toISOString();

export class AuthService {
  constructor(
    private readonly db: Kysely<Database>,
    /** failures per user name, and per client address (never reset by a success, see login) */
    private readonly limiters: { user: RateLimiter; address: RateLimiter },
    private readonly sessionTtlMs: number,
  ) {}

  async login(
    username: string,
    password: string,
    ip: string,
    userAgent: string | null,
  ): Promise<LoginResult> {
    const userKey = username.toLowerCase();
    const wait = Math.max(this.limiters.user.retryAfter(userKey), this.limiters.address.retryAfter(ip));
    if (wait > 0) {
      throw new AppError(429, 'rate_limited', `too many failed sign-ins; try again in ${wait} seconds`, [
        { path: 'retryAfter', message: String(wait) },
      ]);
    }
    const user = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    const ok = user
      ? await verifyPassword(password, user.password_hash)
      : await verifyPassword(password, await dummyPasswordHash()).then(() => false);
    if (!user || !ok || user.disabled) {
      this.limiters.user.recordFailure(userKey);
      this.limiters.address.recordFailure(ip);
      throw new AppError(
        401,
        'invalid_credentials',
        'wrong user name or password, or the account is disabled',
      );
    }
    // Only the user's counter resets: one valid account must not clear its address for guessing others.
    this.limiters.user.reset(userKey);
    const sessionToken = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(Date.now() + this.sessionTtlMs);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({
          id: hashSecret(sessionToken),
          user_id: user.id,
          csrf_token: csrfToken,
          created_at: nowIso(),
          expires_at: expiresAt.toISOString(),
          last_seen_at: nowIso(),
          ip,
          user_agent: userAgent?.slice(0, 300) ?? null,
        })
        .execute();
      await trx.updateTable('users').set({ last_login_at: nowIso() }).where('id', '=', user.id).execute();
      const actor = await this.userActor(user, trx);
      await writeAudit(trx, {
        actor,
        organisationId: user.organisation_id,
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        requestIp: ip,
      });
    });
    return { sessionToken, csrfToken, me: await this.me(user.id), expiresAt };
  }

  async session(sessionToken: string): Promise<SessionContext | null> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.id as session_id', 'sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.id', '=', hashSecret(sessionToken))
      .executeTakeFirst();
    if (!row || row.disabled || row.expires_at <= nowIso()) return null;
    return { actor: await this.userActor(row), csrfToken: row.csrf_token, sessionId: row.session_id };
  }

  async logout(context: SessionContext, ip: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('id', '=', context.sessionId).execute();
      await writeAudit(trx, {
        actor: context.actor,
        organisationId: context.actor.organisationId,
        action: 'auth.logout',
        entityType: 'user',
        entityId: context.actor.userId,
        requestIp: ip,
      });
    });
  }

  async changePassword(
    actor: UserActor,
    current: string,
    next: string,
    keepSessionId: string | null,
  ): Promise<void> {
    const user = await this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    if (!(await verifyPassword(current, user.password_hash))) {
      throw new AppError(400, 'invalid_credentials', 'the current password is wrong');
    }
    const problem = passwordProblem(next, user.username);
    if (problem) throw new AppError(400, 'weak_password', problem);
    if (await verifyPassword(next, user.password_hash)) {
      throw new AppError(400, 'weak_password', 'the new password must differ from the current one');
    }
    const hash = await hashPassword(next);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ password_hash: hash, must_change_password: 0, updated_at: nowIso() })
        .where('id', '=', user.id)
        .execute();
      // Other sessions of this user end: a changed password must lock out whoever knew the old one.
      let others = trx.deleteFrom('sessions').where('user_id', '=', user.id);
      if (keepSessionId) others = others.where('id', '!=', keepSessionId);
      await others.execute();
      await writeAudit(trx, {
        actor,
        organisationId: user.organisation_id,
        action: 'user.password-changed',
        entityType: 'user',
        entityId: user.id,
      });
    });
  }

  async me(userId: number): Promise<Me> {
    const row = await this.db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select([
        'users.id',
        'users.username',
        'users.display_name',
        'users.must_change_password',
        'organisations.id as org_id',
        'organisations.code as org_code',
        'organisations.name as org_name',
      ])
      .where('users.id', '=', userId)
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      organisation: { id: row.org_id, code: row.org_code, name: row.org_name },
      roles: await this.rolesOf(userId),
      mustChangePassword: row.must_change_password === 1,
    };
  }

  async rolesOf(userId: number, executor: Kysely<Database> = this.db): Promise<Role[]> {
    const rows = await executor
      .selectFrom('user_roles')
      .select('role')
      .where('user_id', '=', userId)
      .execute();
    return rows.map((r) => r.role).filter((r): r is Role => (knownRoles as readonly string[]).includes(r));
  }

  private async userActor(user: UserRow, executor: Kysely<Database> = this.db): Promise<UserActor> {
    return {
      type: 'user',
      userId: user.id,
      username: user.username,
      organisationId: user.organisation_id,
      roles: new Set(await this.rolesOf(user.id, executor)),
      mustChangePassword: user.must_change_password === 1,
    };
  }

  /** Resolves a bearer token; revoked and expired tokens are refused. */
  async tokenActor(token: string): Promise<TokenActor | null> {
    const row = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', hashSecret(token))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= nowIso()))
      return null;
    if (!(tokenPurposes as readonly string[]).includes(row.purpose)) return null;
    // last_used_at is telemetry, not a change of state worth an audit row; update it at most once a minute.
    if (row.last_used_at === null || Date.parse(row.last_used_at) < Date.now() - 60_000) {
      await this.db
        .updateTable('api_tokens')
        .set({ last_used_at: nowIso() })
        .where('id', '=', row.id)
        .execute();
    }
    return {
      type: 'token',
      tokenId: row.id,
      organisationId: row.organisation_id,
      purpose: row.purpose as TokenPurpose,
      name: row.name,
    };
  }

  /** Deletes expired sessions; called periodically by the server. */
  async pruneSessions(): Promise<number> {
    const result = await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', nowIso())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

export function requireUser(actor: Actor | null): UserActor {
  if (!actor || actor.type !== 'user') throw unauthenticated();
  return actor;
}
