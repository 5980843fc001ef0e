/**
 * Keeps host records in step with the evidence: observations (called by the importer inside its
 * transaction) and detections (picked up by `refresh` after a stored watermark), reopening cleaned
 * hosts when evidence newer than the cleaning arrives, and marking quiet cleaned hosts verified.
 * Automatic changes are audited under the acting system label.
 */
import { retryOnUniqueViolation } from '../db/retry.js';
import type { Kysely, Transaction } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import type { Actor } from '../authz/actor.js';
import { actorLabel } from '../authz/actor.js';
import type { Database } from '../db/schema.js';
import { reopens, verifiable, type HostStatus } from './lifecycle.js';

export interface Evidence {
  kind: 'observation' | 'detection';
  id: number;
  organisationId: number;
  address: string;
  hostKind: 'address' | 'internal';
  time: string;
  family: string | null;
  source: string;
}

export interface IngestReport {
  created: number;
  updated: number;
  reopened: number;
  /** evidence id → host id, for observations to link back */
  hostOf: Map<string, number>;
}

export interface RefreshReport {
  detections: number;
  created: number;
  reopened: number;
  verified: number;
}

const DETECTION_WATERMARK = 'detections.last_id';
const BATCH = 2000;

function parseFamilies(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((f): f is string => typeof f === 'string') : [];
}

export function evidenceKey(e: Pick<Evidence, 'kind' | 'id'>): string {
  return `${e.kind}:${e.id}`;
}

export async function recordTransition(
  trx: Transaction<Database>,
  host: { id: number; organisation_id: number },
  from: HostStatus | null,
  to: HostStatus,
  actor: Actor,
  at: string,
  evidence: unknown = null,
  requestIp: string | null = null,
): Promise<void> {
  await trx
    .insertInto('host_transitions')
    .values({
      host_id: host.id,
      organisation_id: host.organisation_id,
      at,
      day: at.slice(0, 10),
      from_status: from,
      to_status: to,
      actor_label: actorLabel(actor),
      evidence_json: evidence === null ? null : JSON.stringify(evidence),
    })
    .execute();
  await writeAudit(trx, {
    actor,
    organisationId: host.organisation_id,
    action: 'host.status',
    entityType: 'host',
    entityId: host.id,
    before: from === null ? null : { status: from },
    after: { status: to, ...(evidence === null ? {} : { evidence }) },
    requestIp,
  });
}

export class HostStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly verifyAfterDays: number,
    private readonly now: () => Date = () => new Date(),
    /**
     * Lock a host row while its counts and families are recomputed (PostgreSQL: concurrent imports
     * and refreshes would otherwise overwrite each other's counts; SQLite has one writer at a time).
     */
    private readonly lockRows = false,
  ) {}

  /** Folds evidence into host records (one per organisation and address). */
  async ingest(
    trx: Transaction<Database>,
    evidence: readonly Evidence[],
    actor: Actor,
  ): Promise<IngestReport> {
    const report: IngestReport = { created: 0, updated: 0, reopened: 0, hostOf: new Map() };
    const groups = new Map<string, Evidence[]>();
    for (const e of evidence) {
      const key = `${e.organisationId}\n${e.address}`;
      const list = groups.get(key);
      if (list) list.push(e);
      else groups.set(key, [e]);
    }
    const now = this.now().toISOString();
    for (const items of groups.values()) {
      const first = items[0]!;
      const times = items.map((e) => e.time).sort();
      const earliest = times[0]!;
      const latest = times[times.length - 1]!;
      const families = new Set(items.map((e) => e.family).filter((f): f is string => f !== null));
      const observations = items.filter((e) => e.kind === 'observation').length;
      const detections = items.length - observations;
      const existing = await trx
        .selectFrom('hosts')
        .selectAll()
        .where('organisation_id', '=', first.organisationId)
        .where('address', '=', first.address)
        .$if(this.lockRows, (qb) => qb.forUpdate())
        .executeTakeFirst();
      let hostId: number;
      if (!existing) {
        const row = await trx
          .insertInto('hosts')
          .values({
            organisation_id: first.organisationId,
            address: first.address,
            kind: items.some((e) => e.hostKind === 'internal') ? 'internal' : 'address',
            status: 'new',
            first_seen: earliest,
            last_seen: latest,
            families_json: JSON.stringify([...families].sort()),
            observation_count: observations,
            detection_count: detections,
            status_changed_at: now,
            created_at: now,
            updated_at: now,
          })
          .returning(['id', 'organisation_id'])
          .executeTakeFirstOrThrow();
        hostId = row.id;
        await recordTransition(trx, row, null, 'new', actor, now, describe(items[0]!));
        report.created++;
      } else {
        hostId = existing.id;
        for (const f of parseFamilies(existing.families_json)) families.add(f);
        const status = existing.status as HostStatus;
        const reopening = items
          .filter((e) => reopens(status, existing.cleaned_at, e.time))
          .sort((a, b) => (a.time < b.time ? 1 : -1))[0];
        await trx
          .updateTable('hosts')
          .set({
            first_seen: earliest < existing.first_seen ? earliest : existing.first_seen,
            last_seen: latest > existing.last_seen ? latest : existing.last_seen,
            families_json: JSON.stringify([...families].sort()),
            observation_count: existing.observation_count + observations,
            detection_count: existing.detection_count + detections,
            updated_at: now,
            ...(reopening
              ? {
                  status: 'reopened',
                  status_changed_at: now,
                  reopened_at: now,
                  verified_at: null,
                  reopen_evidence_json: JSON.stringify(describe(reopening)),
                }
              : {}),
          })
          .where('id', '=', existing.id)
          .execute();
        if (reopening) {
          await recordTransition(trx, existing, status, 'reopened', actor, now, describe(reopening));
          report.reopened++;
        }
        report.updated++;
      }
      for (const e of items) report.hostOf.set(evidenceKey(e), hostId);
    }
    return report;
  }

  /** Picks up detections stored since the last refresh and marks quiet cleaned hosts verified. */
  async refresh(actor: Actor): Promise<RefreshReport> {
    const report: RefreshReport = { detections: 0, created: 0, reopened: 0, verified: 0 };
    for (;;) {
      // An import may create the same host at the same moment (PostgreSQL): run the batch again then.
      const done = await retryOnUniqueViolation(() =>
        this.db.transaction().execute(async (trx) => {
          const mark = await trx
            .selectFrom('host_sync_state')
            .select('value')
            .where('key', '=', DETECTION_WATERMARK)
            .executeTakeFirst();
          const after = mark ? Number(mark.value) : 0;
          const rows = await trx
            .selectFrom('detections')
            .select([
              'id',
              'organisation_id',
              'internal_host',
              'source_ip',
              'event_time',
              'detected_at',
              'family',
              'log_format',
            ])
            .where('id', '>', after)
            .orderBy('id')
            .limit(BATCH)
            .execute();
          if (rows.length === 0) return true;
          const evidence: Evidence[] = [];
          for (const r of rows) {
            const address = r.internal_host ?? r.source_ip;
            if (!address) continue;
            evidence.push({
              kind: 'detection',
              id: r.id,
              organisationId: r.organisation_id,
              address,
              hostKind: r.internal_host ? 'internal' : 'address',
              time: r.event_time ?? r.detected_at,
              family: r.family,
              source: `detection:${r.log_format}`,
            });
          }
          const ingested = await this.ingest(trx, evidence, actor);
          const last = String(rows[rows.length - 1]!.id);
          if (mark) {
            await trx
              .updateTable('host_sync_state')
              .set({ value: last })
              .where('key', '=', DETECTION_WATERMARK)
              .execute();
          } else {
            await trx
              .insertInto('host_sync_state')
              .values({ key: DETECTION_WATERMARK, value: last })
              .execute();
          }
          return { last: rows.length < BATCH, detections: evidence.length, ...ingested };
        }),
      );
      // Counted once the batch has committed, so a batch run again is not counted twice.
      if (done === true) break;
      report.detections += done.detections;
      report.created += done.created;
      report.reopened += done.reopened;
      if (done.last) break;
    }
    report.verified = await this.verify(actor);
    return report;
  }

  /** Cleaned hosts without new evidence for the configured days become verified. */
  async verify(actor: Actor): Promise<number> {
    const now = this.now();
    const cutoff = new Date(now.getTime() - this.verifyAfterDays * 86_400_000).toISOString();
    return this.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('hosts')
        .select(['id', 'organisation_id', 'status', 'cleaned_at', 'last_seen'])
        .where('status', '=', 'cleaned')
        .where('cleaned_at', '<=', cutoff)
        .execute();
      const at = now.toISOString();
      let verified = 0;
      for (const host of due) {
        if (!verifiable('cleaned', host.cleaned_at, now, this.verifyAfterDays)) continue;
        await trx
          .updateTable('hosts')
          .set({ status: 'verified', verified_at: at, status_changed_at: at, updated_at: at })
          .where('id', '=', host.id)
          .where('status', '=', 'cleaned')
          .execute();
        await recordTransition(trx, host, 'cleaned', 'verified', actor, at, {
          quietDays: this.verifyAfterDays,
          cleanedAt: host.cleaned_at,
          lastEvidence: host.last_seen,
        });
        verified++;
      }
      return verified;
    });
  }
}

function describe(e: Evidence) {
  return { kind: e.kind, id: e.id, time: e.time, family: e.family, source: e.source };
}
