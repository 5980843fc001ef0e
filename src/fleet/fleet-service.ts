/**
 * The server's side of its sensors: detection uploads (stored under the token's organisation by
 * the detection store, idempotent by dedupe key), heartbeats (the last one per sensor token), and
 * the list of sensors an organisation's users may see (their subtree), with a "silent" flag.
 */
import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database } from '../db/schema.js';
import { detectionRow, type DetectionStore } from '../detection/detection-store.js';
import type { RequestContext } from '../server/context.js';
import { forbidden } from '../server/errors.js';
import { fromWire, type Heartbeat, type WireDetection } from './wire.js';

export interface UploadReport {
  /** ids now stored (new or stored earlier): the sensor may delete them from its queue */
  accepted: string[];
  inserted: number;
  duplicates: number;
}

export interface SensorView {
  id: number;
  name: string;
  organisation: { id: number; code: string; name: string };
  hostname: string | null;
  address: string | null;
  firstContactAt: string;
  lastContactAt: string;
  lastHeartbeatAt: string | null;
  version: string | null;
  bundleVersion: number | null;
  bundleGeneratedAt: string | null;
  /** seconds between the bundle's generation and the last heartbeat */
  bundleAgeSeconds: number | null;
  linesPerSecond: number | null;
  linesTotal: number | null;
  linesNotUnderstood: number | null;
  filesFollowed: number | null;
  queueLength: number | null;
  detectionsUploaded: number;
  revoked: boolean;
  /** no contact for longer than the threshold */
  silent: boolean;
  silentForSeconds: number;
}

function sensorToken(ctx: RequestContext): { tokenId: number; organisationId: number } {
  const actor = ctx.actor;
  if (actor.type !== 'token' || actor.purpose !== 'sensor') throw forbidden('this is for sensor tokens only');
  return { tokenId: actor.tokenId, organisationId: actor.organisationId };
}

export class FleetService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
    private readonly detections: DetectionStore,
    private readonly silentAfterMinutes: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records that the sensor called; registers it (audited) on its first contact. */
  async touch(ctx: RequestContext, heartbeat?: Heartbeat): Promise<void> {
    const { tokenId, organisationId } = sensorToken(ctx);
    const at = this.now().toISOString();
    const values = heartbeat
      ? {
          last_heartbeat_at: at,
          hostname: heartbeat.hostname,
          version: heartbeat.version,
          bundle_version: heartbeat.bundleVersion,
          bundle_generated_at: heartbeat.bundleGeneratedAt,
          lines_per_second: heartbeat.linesPerSecond,
          lines_total: heartbeat.linesTotal,
          lines_not_understood: heartbeat.linesNotUnderstood,
          files_followed: heartbeat.filesFollowed,
          queue_length: heartbeat.queueLength,
        }
      : {};
    const updated = await this.db
      .updateTable('sensors')
      .set({ last_contact_at: at, address: ctx.ip, ...values })
      .where('token_id', '=', tokenId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return;
    await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('sensors')
        .values({
          token_id: tokenId,
          organisation_id: organisationId,
          address: ctx.ip,
          first_contact_at: at,
          last_contact_at: at,
          ...values,
        })
        .onConflict((oc) => oc.column('token_id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return;
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId,
        action: 'sensor.register',
        entityType: 'sensor',
        entityId: inserted.id,
        after: { address: ctx.ip, hostname: heartbeat?.hostname ?? null },
        requestIp: ctx.ip,
      });
    });
  }

  /** Stores a batch under the token's organisation; duplicates (by dedupe key) are acknowledged too. */
  async upload(ctx: RequestContext, batch: readonly WireDetection[]): Promise<UploadReport> {
    const { tokenId, organisationId } = sensorToken(ctx);
    await this.touch(ctx);
    if (batch.length === 0) return { accepted: [], inserted: 0, duplicates: 0 };
    // Detections keep pointing at their indicator only while it exists on this server.
    const ids = [...new Set(batch.map((d) => d.indicator.id).filter((id): id is number => id !== null))];
    const known = new Set<number>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('indicators')
        .select('id')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) known.add(r.id);
    }
    const rows = batch.map((w) => {
      const row = detectionRow(fromWire(w), organisationId);
      return {
        ...row,
        indicator_id: w.indicator.id !== null && known.has(w.indicator.id) ? w.indicator.id : null,
      };
    });
    const report = await this.detections.store(ctx, organisationId, rows, { via: 'sensor', tokenId });
    await this.db
      .updateTable('sensors')
      .set((eb) => ({ detections_uploaded: eb('detections_uploaded', '+', report.inserted) }))
      .where('token_id', '=', tokenId)
      .execute();
    return { accepted: batch.map((d) => d.id), inserted: report.inserted, duplicates: report.duplicates };
  }

  /** Sensors of the caller's readable subtree, most recently heard first. */
  async list(ctx: RequestContext): Promise<{ silentAfterMinutes: number; items: SensorView[] }> {
    const prefixes = this.authz.readablePrefixes(ctx.scope);
    const canRead =
      ctx.scope.all ||
      (ctx.actor.type === 'user' &&
        this.authz.hasRole(ctx.actor, ['administrator', 'analyst', 'reporter', 'viewer']));
    if (!canRead || prefixes.length === 0) return { silentAfterMinutes: this.silentAfterMinutes, items: [] };
    const rows = await this.db
      .selectFrom('sensors as s')
      .innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .innerJoin('api_tokens as t', 't.id', 's.token_id')
      .selectAll('s')
      .select(['o.code as org_code', 'o.name as org_name', 't.name as token_name', 't.revoked_at'])
      .where((eb) => eb.or(prefixes.map((p) => eb('o.path', 'like', `${p}%`))))
      .orderBy('s.last_contact_at', 'desc')
      .execute();
    const clock = this.now().getTime();
    const limit = this.silentAfterMinutes * 60;
    return {
      silentAfterMinutes: this.silentAfterMinutes,
      items: rows.map((r) => {
        const silentFor = Math.max(0, Math.round((clock - Date.parse(r.last_contact_at)) / 1000));
        const age =
          r.bundle_generated_at !== null && r.last_heartbeat_at !== null
            ? Math.max(
                0,
                Math.round((Date.parse(r.last_heartbeat_at) - Date.parse(r.bundle_generated_at)) / 1000),
              )
            : null;
        return {
          id: r.id,
          name: r.token_name,
          organisation: { id: r.organisation_id, code: r.org_code, name: r.org_name },
          hostname: r.hostname,
          address: r.address,
          firstContactAt: r.first_contact_at,
          lastContactAt: r.last_contact_at,
          lastHeartbeatAt: r.last_heartbeat_at,
          version: r.version,
          bundleVersion: r.bundle_version,
          bundleGeneratedAt: r.bundle_generated_at,
          bundleAgeSeconds: age,
          linesPerSecond: r.lines_per_second,
          linesTotal: r.lines_total,
          linesNotUnderstood: r.lines_not_understood,
          filesFollowed: r.files_followed,
          queueLength: r.queue_length,
          detectionsUploaded: Number(r.detections_uploaded),
          revoked: r.revoked_at !== null,
          silent: silentFor > limit,
          silentForSeconds: silentFor,
        };
      }),
    };
  }
}
