/**
 * Stores a scan's detections under an organisation: all rows in one transaction with one audit
 * row, inserted in batches. Re-storing the same scan is a no-op (each row's dedupe key is a hash of
 * the organisation, the indicator, the field and the whole log line). Log text is hostile and
 * PostgreSQL refuses NUL in text, so text from logs is cleaned and the raw line cut to 2 KB.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database, DetectionsTable } from '../db/schema.js';
import type { RequestContext } from '../server/context.js';
import { notFound } from '../server/errors.js';
import type { Insertable } from 'kysely';
import type { Detection } from './matcher.js';

export const MAX_RAW_LINE = 2048;
const BATCH = 200;

export type DetectionRow = Omit<Insertable<DetectionsTable>, 'organisation_id' | 'detected_at'>;

function clean(text: string | undefined, max = 2048): string | null {
  if (text === undefined) return null;
  // eslint-disable-next-line no-control-regex
  const cleaned = text.indexOf('\u0000') >= 0 ? text.replace(/\u0000/g, '\ufffd') : text;
  return cleaned.length > max ? cleaned.slice(0, max) : cleaned;
}

function port(value: number | undefined): number | null {
  return value !== undefined && Number.isInteger(value) && value >= 0 && value < 65536 ? value : null;
}

/** The row of a detection (without organisation and time, which the store adds). Pure. */
export function detectionRow(d: Detection, organisationId: number): DetectionRow {
  const e = d.event;
  const i = d.indicator;
  const raw = d.origin?.raw ?? '';
  const key = createHash('sha256')
    .update(`${organisationId}\n${i.type}\n${i.value}\n${d.field}\n${d.how}\n${raw}`)
    .digest('hex');
  return {
    event_time: e.time ?? null,
    source_ip: clean(e.sourceIp, 64),
    source_port: port(e.sourcePort),
    destination_ip: clean(e.destinationIp, 64),
    destination_port: port(e.destinationPort),
    dns_question_name: clean(e.dnsQuestionName, 1024),
    url_original: clean(e.urlOriginal, 8192),
    action: clean(e.rawAction ?? e.action, 100),
    device: clean(e.device, 255),
    log_format: clean(e.format, 100) ?? 'unknown',
    indicator_id: i.id,
    indicator_type: i.type,
    indicator_value: i.value,
    matched: i.value === d.matched ? d.matched : clean(d.matched, 8192)!,
    how: d.how,
    internal_host: clean(d.internalHost ?? undefined, 255),
    family: i.family,
    threat_type: i.threatType,
    raw_line: d.origin ? clean(raw, MAX_RAW_LINE) : null,
    dedupe_key: key,
  };
}

/** People need edit rights; a sensor token stores under its own organisation only. */
const storeAction = (ctx: RequestContext) =>
  ctx.actor.type === 'token' ? ('submit-detections' as const) : ('edit' as const);

export interface StoreReport {
  organisation: string;
  inserted: number;
  /** rows already stored by an earlier run */
  duplicates: number;
}

export class DetectionStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The organisation (current, by code) whose detections are stored; checked for edit rights. */
  async organisationByCode(
    ctx: RequestContext,
    code: string,
  ): Promise<{ id: number; code: string; name: string }> {
    const rows = await this.db
      .selectFrom('organisations')
      .select(['id', 'code', 'name', 'valid_to'])
      .where('code', '=', code)
      .execute();
    const org = rows.find((r) => r.valid_to === null) ?? rows[0];
    if (!org) throw notFound(`organisation with code ${code}`);
    await this.authz.organisation(ctx.actor, ctx.scope, org.id, storeAction(ctx));
    return { id: org.id, code: org.code, name: org.name };
  }

  /**
   * Inserts the rows (from {@link detectionRow}) in one transaction with an audit row. Rows whose
   * dedupe key is already stored, or that repeat within `rows`, are counted as duplicates.
   */
  async store(
    ctx: RequestContext,
    organisationId: number,
    rows: readonly DetectionRow[],
    details: Record<string, unknown> = {},
  ): Promise<StoreReport> {
    const detectedAt = this.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const org = await this.authz.organisation(ctx.actor, ctx.scope, organisationId, storeAction(ctx), trx);
      let inserted = 0;
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows
          .slice(i, i + BATCH)
          .map((r) => ({ ...r, organisation_id: org.id, detected_at: detectedAt }));
        const result = await trx
          .insertInto('detections')
          .values(batch)
          .onConflict((oc) => oc.column('dedupe_key').doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      const report: StoreReport = { organisation: org.code, inserted, duplicates: rows.length - inserted };
      await writeAudit(trx, {
        actor: ctx.actor,
        organisationId: org.id,
        action: 'detection.store',
        entityType: 'detection',
        entityId: null,
        after: { ...details, inserted, duplicates: report.duplicates },
        requestIp: ctx.ip,
      });
      return report;
    });
  }
}
