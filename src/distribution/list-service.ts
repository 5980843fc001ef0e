/**
 * Each organisation's blocklist definitions: name, format, filters, limit. Every list has its own
 * device token (an API token of purpose `firewall`), issued with the list and shown once; revoking
 * it (here or on the token page) stops the device at once. Every change is audited.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../audit/audit.js';
import { hashSecret, randomSecret } from '../auth/secrets.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database, DistributionListsTable } from '../db/schema.js';
import { indicatorTypes } from '../intel/model.js';
import type { RequestContext } from '../server/context.js';
import { conflict, invalid, notFound, unauthenticated } from '../server/errors.js';
import type { ListDefinition } from './feed-service.js';
import { formatSpecs, listFormats, listNamePattern, type ListFilters, type ListFormat } from './model.js';

export const filtersInput = z.object({
  types: z.array(z.enum(indicatorTypes)).min(1).nullable().default(null),
  families: z.array(z.string().trim().toLowerCase().min(1).max(100)).max(50).default([]),
  minConfidence: z.number().int().min(0).max(100).default(0),
  maxAgeDays: z.number().int().min(1).max(3650).nullable().default(null),
  tag: z.string().trim().min(1).max(100).nullable().default(null),
});

const fields = {
  name: z
    .string()
    .trim()
    .regex(listNamePattern, 'a list name has 1–48 lower-case letters, digits, hyphens or underscores'),
  title: z.string().trim().min(1).max(200),
  format: z.enum(listFormats),
  filters: filtersInput,
  maxEntries: z.number().int().min(1).max(10_000_000).nullable(),
  split: z.boolean(),
};

export const listInput = z.object({
  organisationId: z.number().int().positive(),
  ...fields,
  filters: fields.filters.default({
    types: null,
    families: [],
    minConfidence: 0,
    maxAgeDays: null,
    tag: null,
  }),
  maxEntries: fields.maxEntries.default(null),
  split: fields.split.default(false),
});
export const listPatch = z.object(fields).omit({ name: true }).partial().strict();
export type ListInput = z.infer<typeof listInput>;
export type ListPatch = z.infer<typeof listPatch>;

export interface ListView {
  id: number;
  organisation: { id: number; code: string; name: string };
  name: string;
  title: string;
  format: ListFormat;
  filters: ListFilters;
  maxEntries: number | null;
  /** the limit in force: the list's own or the device's */
  limit: number | null;
  split: boolean;
  token: { id: number; prefix: string; revokedAt: string | null } | null;
  /** `/feeds/d/{token}/<name>.<ext>`: the device URL once the token is put in */
  pathTemplate: string;
  serial: number | null;
  contentChangedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The one moment the device token is visible: creation and rotation. */
export interface IssuedList {
  item: ListView;
  token: string;
  path: string;
}

type ListRow = Selectable<DistributionListsTable>;

const nowIso = () => new Date().toISOString();

function checkTypes(format: ListFormat, filters: ListFilters): void {
  if (filters.types === null) return;
  const accepted = formatSpecs[format].types;
  const usable = filters.types.filter((t) => accepted.includes(t));
  if (usable.length === 0)
    throw invalid(
      `the format ${format} carries ${accepted.join(', ')}; none of ${filters.types.join(', ')}`,
      [{ path: 'filters.types', message: `not carried by ${format}` }],
    );
}

export function devicePath(token: string, name: string, format: ListFormat): string {
  return `/feeds/d/${token}/${name}.${formatSpecs[format].extension}`;
}

export class ListService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
  ) {}

  private async rows(organisationId: number | null, id: number | null) {
    let query = this.db
      .selectFrom('distribution_lists as l')
      .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
      .leftJoin('api_tokens as t', 't.id', 'l.token_id')
      .selectAll('l')
      .select([
        'o.code as org_code',
        'o.name as org_name',
        'o.path as org_path',
        't.prefix as token_prefix',
        't.revoked_at as token_revoked_at',
      ]);
    if (organisationId !== null) query = query.where('l.organisation_id', '=', organisationId);
    if (id !== null) query = query.where('l.id', '=', id);
    return query.orderBy('l.name').execute();
  }

  private present(row: Awaited<ReturnType<ListService['rows']>>[number]): ListView {
    const format = row.format as ListFormat;
    return {
      id: row.id,
      organisation: { id: row.organisation_id, code: row.org_code, name: row.org_name },
      name: row.name,
      title: row.title,
      format,
      filters: JSON.parse(row.filters_json) as ListFilters,
      maxEntries: row.max_entries,
      limit: row.max_entries ?? formatSpecs[format].limit,
      split: row.split === 1,
      token:
        row.token_id === null
          ? null
          : { id: row.token_id, prefix: row.token_prefix ?? '', revokedAt: row.token_revoked_at ?? null },
      pathTemplate: devicePath('{token}', row.name, format),
      serial: row.serial === null ? null : Number(row.serial),
      contentChangedAt: row.content_changed_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async list(ctx: RequestContext, organisationId: number): Promise<ListView[]> {
    const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId, 'read');
    return (await this.rows(org.id, null)).map((r) => this.present(r));
  }

  /** One list the actor may read (or change, with `edit`); others are "not found". */
  async get(ctx: RequestContext, id: number, action: 'read' | 'edit' = 'read'): Promise<ListView> {
    const row = (await this.rows(null, id))[0];
    if (!row) throw notFound(`list ${id}`);
    await this.authz
      .organisation(ctx.actor, ctx.scope, row.organisation_id, action)
      .catch((error: unknown) => {
        throw error instanceof Error && 'status' in error && error.status === 404
          ? notFound(`list ${id}`)
          : error;
      });
    return this.present(row);
  }

  private async issueToken(
    trx: Transaction<Database>,
    ctx: RequestContext,
    organisationId: number,
    name: string,
  ): Promise<{ id: number; token: string }> {
    const token = `lsk_${randomSecret(32)}`;
    const row = await trx
      .insertInto('api_tokens')
      .values({
        organisation_id: organisationId,
        name: `blocklist ${name}`,
        purpose: 'firewall',
        token_hash: hashSecret(token),
        prefix: token.slice(0, 10),
        created_by_user_id: ctx.actor.type === 'user' ? ctx.actor.userId : null,
        created_at: nowIso(),
        expires_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      actor: ctx.actor,
      organisationId,
      action: 'token.create',
      entityType: 'api_token',
      entityId: row.id,
      after: { name: `blocklist ${name}`, purpose: 'firewall', expiresAt: null },
      requestIp: ctx.ip,
    });
    return { id: row.id, token };
  }

  private async revokeToken(
    trx: Transaction<Database>,
    ctx: RequestContext,
    organisationId: number,
    tokenId: number | null,
  ) {
    if (tokenId === null) return;
    const revokedAt = nowIso();
    const changed = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: revokedAt })
      .where('id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) return;
    await writeAudit(trx, {
      actor: ctx.actor,
      organisationId,
      action: 'token.revoke',
      entityType: 'api_token',
      entityId: tokenId,
      before: { revokedAt: null },
      after: { revokedAt },
      requestIp: ctx.ip,
    });
  }

  async create(ctx: RequestContext, input: ListInput): Promise<IssuedList> {
    checkTypes(input.format, input.filters);
    const { id, token } = await this.db.transaction().execute(async (trx) => {
      const org = await this.authz.organisation(ctx.actor, ctx.scope, input.organisationId, 'edit', trx);
      const exists = await trx
        .selectFrom('distribution_lists')
        .select('id')
        .where('organisation_id', '=', org.id)
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (exists) throw conflict('duplicate', `${org.code} already has a list named ${input.name}`);
      const issued = await this.issueToken(trx, ctx, org.id, input.name);
      const now = nowIso();
      const row = await trx
        .insertInto('distribution_lists')
        .values({
          organisation_id: org.id,
          name: input.name,
          title: input.title,
          format: input.format,
          filters_json: JSON.stringify(input.filters),
          max_entries: input.maxEntries,
          split: input.split ? 1 : 0,
          token_id: issued.id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: 'blocklist.create',
        entityType: 'distribution_list',
        entityId: row.id,
        after: { ...input, tokenId: issued.id },
        requestIp: ctx.ip,
      });
      return { id: row.id, token: issued.token };
    });
    const item = this.present((await this.rows(null, id))[0]!);
    return { item, token, path: devicePath(token, item.name, item.format) };
  }

  /**
   * The list row and its organisation, authorized for `edit` in the transaction. An organisation
   * outside the caller's scope answers as the list not existing, so its id leaks nothing.
   */
  private async editable(trx: Transaction<Database>, ctx: RequestContext, id: number) {
    const row = await trx
      .selectFrom('distribution_lists')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound(`list ${id}`);
    const org = await this.authz
      .organisation(ctx.actor, ctx.scope, row.organisation_id, 'edit', trx)
      .catch((e: unknown) => {
        throw e instanceof Error && 'status' in e && e.status === 404 ? notFound(`list ${id}`) : e;
      });
    return { row, org };
  }

  async update(ctx: RequestContext, id: number, patch: ListPatch): Promise<ListView> {
    await this.db.transaction().execute(async (trx) => {
      const { row: before, org } = await this.editable(trx, ctx, id);
      const format = patch.format ?? (before.format as ListFormat);
      const filters = patch.filters ?? (JSON.parse(before.filters_json) as ListFilters);
      checkTypes(format, filters);
      const changes = {
        ...(patch.title === undefined ? {} : { title: patch.title }),
        ...(patch.format === undefined ? {} : { format: patch.format }),
        ...(patch.filters === undefined ? {} : { filters_json: JSON.stringify(patch.filters) }),
        ...(patch.maxEntries === undefined ? {} : { max_entries: patch.maxEntries }),
        ...(patch.split === undefined ? {} : { split: patch.split ? 1 : 0 }),
      };
      await trx
        .updateTable('distribution_lists')
        .set({ ...changes, updated_at: nowIso() })
        .where('id', '=', id)
        .execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: 'blocklist.update',
        entityType: 'distribution_list',
        entityId: id,
        before: {
          title: before.title,
          format: before.format,
          filters: JSON.parse(before.filters_json) as unknown,
          maxEntries: before.max_entries,
          split: before.split === 1,
        },
        after: patch,
        requestIp: ctx.ip,
      });
    });
    return this.present((await this.rows(null, id))[0]!);
  }

  async remove(ctx: RequestContext, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { row, org } = await this.editable(trx, ctx, id);
      await this.revokeToken(trx, ctx, org.id, row.token_id);
      await trx.deleteFrom('distribution_lists').where('id', '=', id).execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: 'blocklist.remove',
        entityType: 'distribution_list',
        entityId: id,
        before: { name: row.name, format: row.format, filters: JSON.parse(row.filters_json) as unknown },
        requestIp: ctx.ip,
      });
    });
  }

  /** A new device token for the list; the old one stops working in the same transaction. */
  async rotateToken(ctx: RequestContext, id: number): Promise<IssuedList> {
    const token = await this.db.transaction().execute(async (trx) => {
      const { row, org } = await this.editable(trx, ctx, id);
      await this.revokeToken(trx, ctx, org.id, row.token_id);
      const issued = await this.issueToken(trx, ctx, org.id, row.name);
      await trx.updateTable('distribution_lists').set({ token_id: issued.id }).where('id', '=', id).execute();
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: 'blocklist.token',
        entityType: 'distribution_list',
        entityId: id,
        before: { tokenId: row.token_id },
        after: { tokenId: issued.id },
        requestIp: ctx.ip,
      });
      return issued.token;
    });
    const item = this.present((await this.rows(null, id))[0]!);
    return { item, token, path: devicePath(token, item.name, item.format) };
  }

  /**
   * The list a device token may pull: the token must be live, of purpose `firewall`, and the
   * list's own. An unknown, revoked or expired token is refused (401); a live token asking for
   * another list finds nothing (404).
   */
  async forToken(token: string, name: string): Promise<ListDefinition> {
    const row = await this.db
      .selectFrom('api_tokens')
      .select(['id', 'organisation_id', 'purpose', 'revoked_at', 'expires_at'])
      .where('token_hash', '=', hashSecret(token))
      .executeTakeFirst();
    if (
      !row ||
      row.revoked_at !== null ||
      (row.expires_at !== null && row.expires_at <= nowIso()) ||
      row.purpose !== 'firewall'
    )
      throw unauthenticated('the device token is unknown, expired, revoked or not a firewall token');
    return this.byTokenId(row.id, row.organisation_id, name);
  }

  async byTokenId(tokenId: number, organisationId: number, name: string): Promise<ListDefinition> {
    const list = await this.db
      .selectFrom('distribution_lists')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('name', '=', name)
      .where('token_id', '=', tokenId)
      .executeTakeFirst();
    if (!list) throw notFound(`list ${name}`);
    return definitionOf(list);
  }

  async definition(ctx: RequestContext, id: number): Promise<ListDefinition> {
    await this.get(ctx, id);
    const row = await this.db
      .selectFrom('distribution_lists')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return definitionOf(row);
  }

  /** A stored list by organisation code and name, for the operator's CLI. */
  async byCode(code: string, name: string): Promise<ListDefinition> {
    const row = await this.db
      .selectFrom('distribution_lists as l')
      .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
      .selectAll('l')
      .where('o.code', '=', code)
      .where('l.name', '=', name)
      .executeTakeFirst();
    if (!row) throw notFound(`list ${name} of ${code}`);
    return definitionOf(row);
  }
}

export function definitionOf(row: ListRow): ListDefinition {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    title: row.title,
    format: row.format as ListFormat,
    filters: JSON.parse(row.filters_json) as ListFilters,
    maxEntries: row.max_entries,
    split: row.split === 1,
    updatedAt: row.updated_at,
    state: {
      version: row.content_version,
      hash: row.content_hash,
      serial: row.serial === null ? null : Number(row.serial),
    },
  };
}
