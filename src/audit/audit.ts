/**
 * The audit trail: one append-only row per change of state, written with the same executor
 * (transaction) as the change itself, so a change without its audit row cannot be committed.
 */
import type { Transaction } from 'kysely';
import type { Actor } from '../authz/actor.js';
import { actorLabel } from '../authz/actor.js';
import type { Database } from '../db/schema.js';

export interface AuditEntry {
  actor: Actor;
  organisationId: number | null;
  action: string;
  entityType: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
  requestIp?: string | null;
}

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Requires a transaction on purpose: auditing outside one would let the two drift apart. */
export async function writeAudit(trx: Transaction<Database>, entry: AuditEntry): Promise<void> {
  const { actor } = entry;
  await trx
    .insertInto('audit_log')
    .values({
      at: new Date().toISOString(),
      actor_type: actor.type,
      actor_id: actor.type === 'user' ? actor.userId : actor.type === 'token' ? actor.tokenId : null,
      actor_label: actorLabel(actor),
      organisation_id: entry.organisationId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId === null ? null : String(entry.entityId),
      before_json: toJson(entry.before),
      after_json: toJson(entry.after),
      request_ip: entry.requestIp ?? null,
    })
    .execute();
}
