/**
 * Imports infected-host reports from the national feeds: every record of a file is stored in one
 * transaction with its import run (counts, rejected lines with their reasons) and an audit row,
 * assigned to the owning organisation (longest registered prefix, then AS number) and folded into
 * that organisation's host records. Importing the same file again stores nothing new: each record
 * has a dedupe key built from what the report says about it.
 */
import { createHash } from 'node:crypto';
import { retryOnUniqueViolation } from '../db/retry.js';
import type { Insertable, Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import { actorLabel } from '../authz/actor.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database, ObservationsTable } from '../db/schema.js';
import { formatIp, parseIp } from '../net/ip.js';
import type { OwnershipService } from '../organisations/ownership-service.js';
import type { RequestContext } from '../server/context.js';
import { AppError, invalid } from '../server/errors.js';
import { assignOwner } from './assignment.js';
import { evidenceKey, type Evidence, type HostStore } from './host-store.js';
import {
  observationCategories,
  type ObservationParseResult,
  type ObservationRecord,
  type ObservationRejection,
} from './observation-model.js';
import type { ObservationParser, ObservationReportInput } from './observation-parser.js';

export type ImportTrigger = 'upload' | 'cli' | 'folder';

export interface ObservationImportReport {
  importId: number;
  fileName: string;
  reportType: string;
  records: number;
  inserted: number;
  duplicates: number;
  assigned: number;
  unassigned: number;
  rejected: number;
  rejections: ObservationRejection[];
  hostsCreated: number;
  hostsReopened: number;
}

const BATCH = 200;
/** rejections kept on the run; the count is always complete */
const MAX_REJECTIONS = 1000;

function clean(text: string | null, max: number): string | null {
  if (text === null) return null;
  // eslint-disable-next-line no-control-regex
  const cleaned = text.replace(/\u0000/g, '\ufffd');
  return cleaned.length > max ? cleaned.slice(0, max) : cleaned;
}

export function observationKey(r: ObservationRecord): string {
  return createHash('sha256')
    .update(
      [r.source, r.ip, r.port, r.time, r.family, r.category, r.destinationIp, r.destinationPort, r.url]
        .map((v) => (v === null ? '' : String(v)))
        .join('\n'),
    )
    .digest('hex');
}

/** Why a record cannot be stored, or null. The parsers already validate; this guards the store. */
function recordProblem(r: ObservationRecord): string | null {
  if (!parseIp(r.ip)) return `"${String(r.ip).slice(0, 60)}" is not an IP address`;
  if (Number.isNaN(Date.parse(r.time))) return `"${String(r.time).slice(0, 40)}" is not a time`;
  if (!(observationCategories as readonly string[]).includes(r.category))
    return `unknown category "${r.category}"`;
  return null;
}

export class ObservationImportService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
    private readonly ownership: OwnershipService,
    private readonly hosts: HostStore,
    private readonly parser: ObservationParser,
    /** told after every import that stored something (caches of listed addresses) */
    private readonly onStored: () => void = () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get formats(): readonly { id: string; label: string }[] {
    return this.parser.formats;
  }

  /** Parses a report file and imports it. */
  async importFile(
    ctx: RequestContext,
    input: ObservationReportInput & { trigger: ImportTrigger },
  ): Promise<ObservationImportReport> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'import infected-host reports');
    let parsed: ObservationParseResult;
    try {
      parsed = this.parser.parse(input);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const reason = (error as Error).message;
      // The parsers usually name the file already; say it once.
      const message = reason.includes(input.fileName) ? reason : `${input.fileName}: ${reason}`;
      throw invalid(message, [
        { path: 'content', message: 'the file could not be read as an infected-host report' },
      ]);
    }
    return this.importParsed(ctx, parsed, { fileName: input.fileName, trigger: input.trigger });
  }

  /** Stores parsed records; everything or nothing. */
  async importParsed(
    ctx: RequestContext,
    parsed: ObservationParseResult,
    meta: { fileName: string; trigger: ImportTrigger },
  ): Promise<ObservationImportReport> {
    this.authz.requireNationalAdministrator(ctx.actor, ctx.scope, 'import infected-host reports');
    const started = this.now().toISOString();
    const index = await this.ownership.index();
    const rejections = [...parsed.rejected];
    const rows: Omit<Insertable<ObservationsTable>, 'import_id'>[] = [];
    const seen = new Set<string>();
    let withinFile = 0;
    parsed.records.forEach((r, i) => {
      const problem = recordProblem(r);
      if (problem) {
        rejections.push({ line: i + 1, reason: `record ${i + 1}: ${problem}` });
        return;
      }
      const key = observationKey(r);
      if (seen.has(key)) {
        withinFile++;
        return;
      }
      seen.add(key);
      const ip = parseIp(r.ip)!;
      const owner = assignOwner(index, ip, r.asn);
      rows.push({
        organisation_id: owner?.organisation.id ?? null,
        assigned_by: owner?.by ?? null,
        matched: owner?.matched ?? null,
        host_id: null,
        ip: formatIp(ip),
        port: r.port,
        observed_at: new Date(Date.parse(r.time)).toISOString(),
        family: clean(r.family, 200),
        category: r.category,
        source: clean(r.source, 200) ?? 'unknown',
        asn: r.asn,
        hostname: clean(r.hostname, 255),
        url: clean(r.url, 2048),
        protocol: clean(r.protocol, 50),
        destination_ip: clean(r.destinationIp, 64),
        destination_port: r.destinationPort,
        raw_json: clean(JSON.stringify(r.raw), 16_384)!,
        dedupe_key: key,
      });
    });
    rejections.sort((a, b) => a.line - b.line);
    // A host refresh may create the same host at the same moment (PostgreSQL): run again then.
    const report = await retryOnUniqueViolation(() =>
      this.db.transaction().execute(async (trx) => {
        const run = await trx
          .insertInto('observation_imports')
          .values({
            trigger: meta.trigger,
            actor_label: actorLabel(ctx.actor),
            file_name: meta.fileName.slice(0, 500),
            report_type: parsed.reportType,
            started_at: started,
            finished_at: started,
            records: parsed.records.length,
            inserted: 0,
            duplicates: 0,
            assigned: 0,
            unassigned: 0,
            rejected: rejections.length,
            rejections_json: JSON.stringify(rejections.slice(0, MAX_REJECTIONS)),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const evidence: Evidence[] = [];
        let inserted = 0;
        let assigned = 0;
        for (let i = 0; i < rows.length; i += BATCH) {
          const stored = await trx
            .insertInto('observations')
            .values(rows.slice(i, i + BATCH).map((r) => ({ ...r, import_id: run.id })))
            .onConflict((oc) => oc.column('dedupe_key').doNothing())
            .returning(['id', 'organisation_id', 'ip', 'observed_at', 'family', 'source'])
            .execute();
          inserted += stored.length;
          for (const o of stored) {
            if (o.organisation_id === null) continue;
            assigned++;
            evidence.push({
              kind: 'observation',
              id: o.id,
              organisationId: o.organisation_id,
              address: o.ip,
              hostKind: 'address',
              time: o.observed_at,
              family: o.family,
              source: o.source,
            });
          }
        }
        const ingested = await this.hosts.ingest(trx, evidence, ctx.actor);
        const byHost = new Map<number, number[]>();
        for (const e of evidence) {
          const host = ingested.hostOf.get(evidenceKey(e))!;
          const list = byHost.get(host) ?? [];
          list.push(e.id);
          byHost.set(host, list);
        }
        for (const [host, ids] of byHost) {
          for (let i = 0; i < ids.length; i += 500)
            await trx
              .updateTable('observations')
              .set({ host_id: host })
              .where('id', 'in', ids.slice(i, i + 500))
              .execute();
        }
        const report: ObservationImportReport = {
          importId: run.id,
          fileName: meta.fileName,
          reportType: parsed.reportType,
          records: parsed.records.length,
          inserted,
          duplicates: rows.length - inserted + withinFile,
          assigned,
          unassigned: inserted - assigned,
          rejected: rejections.length,
          rejections: rejections.slice(0, MAX_REJECTIONS),
          hostsCreated: ingested.created,
          hostsReopened: ingested.reopened,
        };
        await trx
          .updateTable('observation_imports')
          .set({
            finished_at: this.now().toISOString(),
            inserted: report.inserted,
            duplicates: report.duplicates,
            assigned: report.assigned,
            unassigned: report.unassigned,
          })
          .where('id', '=', run.id)
          .execute();
        await writeAudit(trx, {
          actor: ctx.actor,
          organisationId: null,
          action: 'observations.import',
          entityType: 'observation_import',
          entityId: run.id,
          after: { ...report, rejections: undefined },
          requestIp: ctx.ip,
        });
        return report;
      }),
    );
    if (report.inserted > 0) this.onStored();
    return report;
  }
}
