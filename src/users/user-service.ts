/**
 * User accounts. Administrators manage the users of their subtree; a new account or a reset
 * gets a one-time password that must be changed at the first sign-in. Nobody, not even an
 * administrator, ever sees a user's password.
 */
import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import { generateOneTimePassword, hashPassword } from '../auth/passwords.js';
import type { Role } from '../authz/actor.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database } from '../db/schema.js';
import type { RequestContext } from '../server/context.js';
import { conflict, forbidden, invalid, notFound } from '../server/errors.js';

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  organisation: { id: number; code: string; name: string };
  roles: Role[];
  disabled: boolean;
  lastLoginAt: string | null;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  email?: string | null;
  organisationId: number;
  roles: Role[];
}

const nowIso = () => new Date().toISOString();
export const usernamePattern = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

export class UserService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
  ) {}

  async list(ctx: RequestContext): Promise<UserView[]> {
    if (!this.authz.hasRole(ctx.actor, ['administrator']))
      throw forbidden('only administrators manage users');
    const prefixes = ctx.scope.writable === null ? [] : [ctx.scope.writable];
    if (prefixes.length === 0) return [];
    const rows = await this.db
      .selectFrom('users')
      .innerJoin('organisations as o', 'o.id', 'users.organisation_id')
      .select([
        'users.id',
        'users.username',
        'users.display_name',
        'users.email',
        'users.disabled',
        'users.last_login_at',
        'o.id as org_id',
        'o.code as org_code',
        'o.name as org_name',
        'o.path',
      ])
      .where((eb) => eb.or(prefixes.map((p) => eb('o.path', 'like', `${p}%`))))
      .orderBy('users.username')
      .execute();
    const roleRows =
      rows.length === 0
        ? []
        : await this.db
            .selectFrom('user_roles')
            .selectAll()
            .where(
              'user_id',
              'in',
              rows.map((r) => r.id),
            )
            .execute();
    const rolesByUser = new Map<number, Role[]>();
    for (const r of roleRows)
      rolesByUser.set(r.user_id, [...(rolesByUser.get(r.user_id) ?? []), r.role as Role]);
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      email: r.email,
      organisation: { id: r.org_id, code: r.org_code, name: r.org_name },
      roles: (rolesByUser.get(r.id) ?? []).sort(),
      disabled: r.disabled === 1,
      lastLoginAt: r.last_login_at,
    }));
  }

  async create(
    ctx: RequestContext,
    input: CreateUserInput,
  ): Promise<{ user: UserView; oneTimePassword: string }> {
    const username = input.username.trim().toLowerCase();
    if (!usernamePattern.test(username)) {
      throw invalid(
        'a user name has 2–64 characters: lower-case letters, digits, dot, underscore, @ or hyphen',
        [{ path: 'username', message: 'invalid user name' }],
      );
    }
    if (input.roles.length === 0)
      throw invalid('give the user at least one role', [{ path: 'roles', message: 'no role' }]);
    const oneTimePassword = generateOneTimePassword();
    const hash = await hashPassword(oneTimePassword);
    const id = await this.db.transaction().execute(async (trx) => {
      const org = await this.authz.organisation(
        ctx.actor,
        ctx.scope,
        input.organisationId,
        'manage-access',
        trx,
      );
      const taken = await trx
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirst();
      if (taken)
        throw conflict('username_taken', `the user name ${username} is already taken`, [
          { path: 'username', message: 'taken' },
        ]);
      const now = nowIso();
      const user = await trx
        .insertInto('users')
        .values({
          organisation_id: org.id,
          username,
          display_name: input.displayName.trim(),
          email: input.email ?? null,
          password_hash: hash,
          must_change_password: 1,
          disabled: 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const roles = [...new Set(input.roles)].sort();
      await trx
        .insertInto('user_roles')
        .values(roles.map((role) => ({ user_id: user.id, role })))
        .execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        after: { username, displayName: input.displayName, roles, organisationId: org.id },
        requestIp: ctx.ip,
      });
      return user.id;
    });
    const user = (await this.listAll(id))[0]!;
    return { user, oneTimePassword };
  }

  async resetPassword(ctx: RequestContext, userId: number): Promise<{ oneTimePassword: string }> {
    const oneTimePassword = generateOneTimePassword();
    const hash = await hashPassword(oneTimePassword);
    await this.db.transaction().execute(async (trx) => {
      const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
      if (!user) throw notFound(`user ${userId}`);
      await this.authz
        .organisation(ctx.actor, ctx.scope, user.organisation_id, 'manage-access', trx)
        .catch(() => {
          throw notFound(`user ${userId}`);
        });
      await trx
        .updateTable('users')
        .set({ password_hash: hash, must_change_password: 1, updated_at: nowIso() })
        .where('id', '=', userId)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: user.organisation_id,
        action: 'user.reset-password',
        entityType: 'user',
        entityId: userId,
        requestIp: ctx.ip,
      });
    });
    return { oneTimePassword };
  }

  /** Changes a user's name, roles or disabled flag; disabling ends their sessions. */
  async update(
    ctx: RequestContext,
    userId: number,
    patch: { displayName?: string; roles?: Role[]; disabled?: boolean },
  ): Promise<UserView> {
    if (patch.roles !== undefined && patch.roles.length === 0)
      throw invalid('give the user at least one role', [{ path: 'roles', message: 'no role' }]);
    const self = ctx.actor.type === 'user' && ctx.actor.userId === userId;
    if (
      self &&
      (patch.disabled === true || (patch.roles !== undefined && !patch.roles.includes('administrator')))
    ) {
      // Administrators cannot lock themselves out; another administrator (or the operator) can.
      throw invalid('you cannot disable yourself or remove your own administrator role', [
        { path: self && patch.disabled ? 'disabled' : 'roles', message: 'self lock-out' },
      ]);
    }
    await this.db.transaction().execute(async (trx) => {
      const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
      if (!user) throw notFound(`user ${userId}`);
      await this.authz
        .organisation(ctx.actor, ctx.scope, user.organisation_id, 'manage-access', trx)
        .catch(() => {
          throw notFound(`user ${userId}`);
        });
      const beforeRoles = (
        await trx
          .selectFrom('user_roles')
          .select('role')
          .where('user_id', '=', userId)
          .orderBy('role')
          .execute()
      ).map((r) => r.role);
      const before = { displayName: user.display_name, roles: beforeRoles, disabled: user.disabled === 1 };
      const after = {
        displayName: patch.displayName?.trim() ?? before.displayName,
        roles: patch.roles ? [...new Set(patch.roles)].sort() : beforeRoles,
        disabled: patch.disabled ?? before.disabled,
      };
      await trx
        .updateTable('users')
        .set({ display_name: after.displayName, disabled: after.disabled ? 1 : 0, updated_at: nowIso() })
        .where('id', '=', userId)
        .execute();
      if (patch.roles) {
        await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
        await trx
          .insertInto('user_roles')
          .values(after.roles.map((role) => ({ user_id: userId, role })))
          .execute();
      }
      if (after.disabled) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: user.organisation_id,
        action: 'user.update',
        entityType: 'user',
        entityId: userId,
        before,
        after,
        requestIp: ctx.ip,
      });
    });
    return (await this.listAll(userId))[0]!;
  }

  /** Finds a user by name for the operator's CLI. */
  async idOf(username: string): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username.toLowerCase())
      .executeTakeFirst();
    if (!row) throw notFound(`user ${username}`);
    return row.id;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private async listAll(id: number): Promise<UserView[]> {
    const row = await this.db
      .selectFrom('users')
      .innerJoin('organisations as o', 'o.id', 'users.organisation_id')
      .select([
        'users.id',
        'users.username',
        'users.display_name',
        'users.email',
        'users.disabled',
        'users.last_login_at',
        'o.id as org_id',
        'o.code as org_code',
        'o.name as org_name',
      ])
      .where('users.id', '=', id)
      .executeTakeFirstOrThrow();
    const roles = await this.db
      .selectFrom('user_roles')
      .select('role')
      .where('user_id', '=', id)
      .orderBy('role')
      .execute();
    return [
      {
        id: row.id,
        username: row.username,
        displayName: row.display_name,
        email: row.email,
        organisation: { id: row.org_id, code: row.org_code, name: row.org_name },
        roles: roles.map((r) => r.role as Role),
        disabled: row.disabled === 1,
        lastLoginAt: row.last_login_at,
      },
    ];
  }
}
