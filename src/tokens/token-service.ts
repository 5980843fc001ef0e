/**
 * API tokens for machines (sensors, firewalls pulling lists, scripts): scoped to one organisation
 * and one purpose, stored as a SHA-256 hash, shown in clear exactly once, revocable.
 */
import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import { hashSecret, randomSecret } from '../auth/secrets.js';
import type { TokenPurpose } from '../authz/actor.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database } from '../db/schema.js';
import type { RequestContext } from '../server/context.js';
import { forbidden, invalid, notFound } from '../server/errors.js';

export interface TokenView {
  id: number;
  name: string;
  purpose: TokenPurpose;
  organisation: { id: number; code: string; name: string };
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
}

const nowIso = () => new Date().toISOString();

export class TokenService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
  ) {}

  async list(ctx: RequestContext): Promise<TokenView[]> {
    if (!this.authz.hasRole(ctx.actor, ['administrator']))
      throw forbidden('only administrators manage API tokens');
    if (ctx.scope.writable === null) return [];
    const rows = await this.db
      .selectFrom('api_tokens as t')
      .innerJoin('organisations as o', 'o.id', 't.organisation_id')
      .select([
        't.id',
        't.name',
        't.purpose',
        't.prefix',
        't.created_at',
        't.last_used_at',
        't.revoked_at',
        't.expires_at',
        'o.id as org_id',
        'o.code as org_code',
        'o.name as org_name',
      ])
      .where('o.path', 'like', `${ctx.scope.writable}%`)
      .orderBy('t.id', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      purpose: r.purpose as TokenPurpose,
      organisation: { id: r.org_id, code: r.org_code, name: r.org_name },
      prefix: r.prefix,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
      expiresAt: r.expires_at,
    }));
  }

  async create(
    ctx: RequestContext,
    input: { name: string; purpose: TokenPurpose; organisationId: number; expiresAt: string | null },
  ): Promise<{ token: string; item: TokenView }> {
    if (input.expiresAt !== null && input.expiresAt <= nowIso()) {
      throw invalid('the expiry must be in the future', [{ path: 'expiresAt', message: 'in the past' }]);
    }
    // The prefix makes a leaked token recognisable in logs and secret scanners.
    const token = `lsk_${randomSecret(32)}`;
    const id = await this.db.transaction().execute(async (trx) => {
      const org = await this.authz.organisation(
        ctx.actor,
        ctx.scope,
        input.organisationId,
        'manage-access',
        trx,
      );
      const row = await trx
        .insertInto('api_tokens')
        .values({
          organisation_id: org.id,
          name: input.name.trim(),
          purpose: input.purpose,
          token_hash: hashSecret(token),
          prefix: token.slice(0, 10),
          created_by_user_id: ctx.actor.type === 'user' ? ctx.actor.userId : null,
          created_at: nowIso(),
          expires_at: input.expiresAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: 'token.create',
        entityType: 'api_token',
        entityId: row.id,
        after: { name: input.name, purpose: input.purpose, expiresAt: input.expiresAt },
        requestIp: ctx.ip,
      });
      return row.id;
    });
    const item = (await this.list({ ...ctx })).find((t) => t.id === id);
    if (!item) throw notFound(`token ${id}`);
    return { token, item };
  }

  async revoke(ctx: RequestContext, tokenId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
      if (!row) throw notFound(`token ${tokenId}`);
      await this.authz
        .organisation(ctx.actor, ctx.scope, row.organisation_id, 'manage-access', trx)
        .catch(() => {
          throw notFound(`token ${tokenId}`);
        });
      if (row.revoked_at !== null) return;
      const revokedAt = nowIso();
      await trx.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('id', '=', tokenId).execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: row.organisation_id,
        action: 'token.revoke',
        entityType: 'api_token',
        entityId: tokenId,
        before: { revokedAt: null },
        after: { revokedAt },
        requestIp: ctx.ip,
      });
    });
  }
}
