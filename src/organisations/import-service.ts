/**
 * Applies an organisation interchange file to the database in one transaction: creates new
 * organisations, updates existing ones (matched by code and start date), replaces what they own
 * and records successions. Any problem rejects the whole file with row numbers; nothing is
 * half-imported.
 */
import type { Kysely, Transaction } from 'kysely';
import { writeAudit } from '../audit/audit.js';
import type { Authorizer } from '../authz/authorizer.js';
import type { Database, OrganisationRow } from '../db/schema.js';
import { findSiblingOverlaps } from '../net/overlaps.js';
import { parseCidr } from '../net/cidr.js';
import type { RequestContext } from '../server/context.js';
import { AppError, type ErrorDetail } from '../server/errors.js';
import type { OrganisationRecord } from './interchange/record.js';
import { insertOrganisation } from './organisation-service.js';
import { predecessorRule } from './interchange/validate.js';
import { isEffectiveOn, periodsOverlap, periodWithin, type Period } from './periods.js';

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  successions: number;
  dryRun: boolean;
}

const nowIso = () => new Date().toISOString();
const periodOf = (r: { valid_from: string | null; valid_to: string | null }): Period => ({
  validFrom: r.valid_from,
  validTo: r.valid_to,
});

class RowErrors {
  readonly list: ErrorDetail[] = [];
  /** rows refused because they reach outside the actor's organisation */
  forbidden = 0;
  add(row: number, message: string): void {
    if (this.list.length < 200) this.list.push({ path: `row ${row}`, message });
  }
}

/** Signals a dry run's rollback after every check passed. */
class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run');
  }
}

export class OrganisationImporter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly authz: Authorizer,
    private readonly onChange: () => void,
  ) {}

  /** `rows[i]` is the row number the user sees for `records[i]` (CSV line or JSON index). */
  async import(
    ctx: RequestContext,
    records: OrganisationRecord[],
    options: { dryRun: boolean; rows?: number[] },
  ): Promise<ImportReport> {
    const rowOf = (i: number) => options.rows?.[i] ?? i + 1;
    try {
      const report = await this.db.transaction().execute(async (trx) => {
        const result = await this.apply(trx, ctx, records, rowOf);
        if (options.dryRun) throw new DryRunRollback({ ...result, dryRun: true });
        return result;
      });
      this.onChange();
      return report;
    } catch (error) {
      if (error instanceof DryRunRollback) return error.report;
      throw error;
    }
  }

  private async apply(
    trx: Transaction<Database>,
    ctx: RequestContext,
    records: OrganisationRecord[],
    rowOf: (i: number) => number,
  ): Promise<ImportReport> {
    const errors = new RowErrors();
    const all = await trx.selectFrom('organisations').selectAll().execute();
    const byCode = new Map<string, OrganisationRow[]>();
    const remember = (row: OrganisationRow) =>
      byCode.set(row.code, [...(byCode.get(row.code) ?? []).filter((r) => r.id !== row.id), row]);
    all.forEach(remember);
    const kinds = new Set(
      (await trx.selectFrom('organisation_kinds').select('code').execute()).map((k) => k.code),
    );

    const report: ImportReport = { created: 0, updated: 0, unchanged: 0, successions: 0, dryRun: false };
    const touched = new Map<number, number>(); // organisation id → index of its record
    // Parents first: a record waits until its parent (if in the file) has been applied.
    const pending = records.map((_, i) => i);
    const inFile = new Set(records.map((r) => r.code));
    const applied = new Set<string>();
    let progress = true;
    while (pending.length > 0 && progress) {
      progress = false;
      for (let p = 0; p < pending.length; p++) {
        const i = pending[p]!;
        const record = records[i]!;
        if (
          record.parentCode !== null &&
          inFile.has(record.parentCode) &&
          !applied.has(record.parentCode) &&
          record.parentCode !== record.code
        )
          continue;
        pending.splice(p--, 1);
        progress = true;
        const id = await this.applyOne(trx, ctx, record, rowOf(i), errors, byCode, kinds, remember, report);
        if (id !== null) touched.set(id, i);
        // A code is "applied" once every record using it is done, so children can see all periods.
        if (!pending.some((j) => records[j]!.code === record.code)) applied.add(record.code);
      }
    }
    for (const i of pending)
      errors.add(rowOf(i), `parent ${records[i]!.parentCode} could not be placed (a cycle in parent codes?)`);

    // Successions, once every organisation of the file exists.
    for (const [id, i] of touched) {
      const record = records[i]!;
      for (const code of record.predecessorCodes) {
        const rule = predecessorRule(record);
        const candidates = byCode.get(code) ?? [];
        const predecessor =
          rule.kind === 'valid-on'
            ? candidates.find((r) => isEffectiveOn(periodOf(r), rule.date))
            : candidates
                .filter((r) => r.valid_to !== null)
                .sort((a, b) => (a.valid_to! < b.valid_to! ? 1 : -1))[0];
        if (!predecessor) {
          errors.add(
            rowOf(i),
            rule.kind === 'valid-on'
              ? `predecessor ${code} does not exist on ${rule.date}`
              : `predecessor ${code} has no ended period`,
          );
          continue;
        }
        // The succession takes effect when the predecessor ends (or the successor starts).
        const effective = record.validFrom ?? predecessor.valid_to!;
        const exists = await trx
          .selectFrom('organisation_successions')
          .select('successor_id')
          .where('predecessor_id', '=', predecessor.id)
          .where('successor_id', '=', id)
          .executeTakeFirst();
        if (!exists && predecessor.id !== id) {
          await trx
            .insertInto('organisation_successions')
            .values({ predecessor_id: predecessor.id, successor_id: id, effective_date: effective })
            .execute();
          report.successions++;
        }
      }
    }

    if (errors.list.length === 0) await this.checkSiblingOverlaps(trx, touched, rowOf, errors);
    if (errors.list.length > 0) {
      // Rows outside the actor's organisation make the whole import a matter of permission (403).
      const [status, code] = errors.forbidden > 0 ? [403, 'import_forbidden'] : [400, 'import_failed'];
      throw new AppError(
        status,
        code,
        `the file was not imported: ${errors.list.length} problem(s), first: ${errors.list[0]!.path}: ${errors.list[0]!.message}`,
        errors.list,
      );
    }
    return report;
  }

  private async applyOne(
    trx: Transaction<Database>,
    ctx: RequestContext,
    record: OrganisationRecord,
    row: number,
    errors: RowErrors,
    byCode: Map<string, OrganisationRow[]>,
    kinds: Set<string>,
    remember: (row: OrganisationRow) => void,
    report: ImportReport,
  ): Promise<number | null> {
    const period: Period = { validFrom: record.validFrom, validTo: record.validTo };
    if (!kinds.has(record.kind)) {
      errors.add(
        row,
        `kind "${record.kind}" is not a known organisation kind (${[...kinds].sort().join(', ')})`,
      );
      return null;
    }
    let parent: OrganisationRow | null = null;
    if (record.parentCode !== null) {
      const candidates = byCode.get(record.parentCode) ?? [];
      parent = candidates.find((c) => periodWithin(period, periodOf(c))) ?? null;
      if (!parent) {
        errors.add(
          row,
          `parent ${record.parentCode} does not exist for the whole period ${record.validFrom ?? '…'} – ${record.validTo ?? '…'}`,
        );
        return null;
      }
    }
    const existing = (byCode.get(record.code) ?? []).find((r) => r.valid_from === record.validFrom);
    try {
      if (!existing) {
        if (parent === null) {
          if (ctx.actor.type !== 'system')
            throw new Error('only the operator (CLI) can create top-level organisations');
        } else {
          await this.authz.organisation(ctx.actor, ctx.scope, parent.id, 'add-child', trx);
        }
        const clash = (byCode.get(record.code) ?? []).find((r) => periodsOverlap(period, periodOf(r)));
        if (clash) {
          // Name the other organisation only to those who may read it.
          const owner = this.authz.permits(ctx.actor, ctx.scope, clash, 'read')
            ? `organisation "${clash.name}"`
            : 'another organisation';
          errors.add(row, `code ${record.code} is already used by ${owner} in an overlapping period`);
          return null;
        }
        const created = await insertOrganisation(trx, record, parent);
        remember(created);
        await this.replaceOwned(trx, created.id, record);
        // The audit row names the parent by id only: a child's administrators read it, and codes of
        // organisations above them are not theirs to see.
        const after = {
          code: created.code,
          parentId: created.parent_id,
          validFrom: created.valid_from,
          ...(await this.snapshot(trx, created)),
        };
        await writeAudit(trx, {
          actor: ctx.actor,
          organisationId: created.id,
          action: 'organisation.import.create',
          entityType: 'organisation',
          entityId: created.id,
          after,
          requestIp: ctx.ip,
        });
        report.created++;
        return created.id;
      }
      // No parent in the file for an existing organisation (the top of an exported subtree) keeps its parent.
      if (record.parentCode !== null && (existing.parent_id ?? null) !== (parent?.id ?? null)) {
        errors.add(
          row,
          `organisation ${record.code} already exists under another parent; moving organisations is not done by import`,
        );
        return null;
      }
      const structural = existing.kind !== record.kind || existing.valid_to !== record.validTo;
      await this.authz.organisation(
        ctx.actor,
        ctx.scope,
        existing.id,
        structural ? 'restructure' : 'edit',
        trx,
      );
      const before = await this.snapshot(trx, existing);
      if (structural || existing.name !== record.name) {
        const updated = await trx
          .updateTable('organisations')
          .set({ name: record.name, kind: record.kind, valid_to: record.validTo, updated_at: nowIso() })
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        remember(updated);
      }
      await this.replaceOwned(trx, existing.id, record);
      const after = await this.snapshot(trx, {
        ...existing,
        name: record.name,
        kind: record.kind,
        valid_to: record.validTo,
      });
      if (JSON.stringify(before) === JSON.stringify(after)) {
        report.unchanged++;
      } else {
        await writeAudit(trx, {
          actor: ctx.actor,
          organisationId: existing.id,
          action: 'organisation.import.update',
          entityType: 'organisation',
          entityId: existing.id,
          before,
          after,
          requestIp: ctx.ip,
        });
        report.updated++;
      }
      return existing.id;
    } catch (error) {
      if (error instanceof AppError && (error.status === 403 || error.status === 404)) {
        errors.forbidden++;
        errors.add(
          row,
          `you may not change organisation ${record.code} or its parent ${record.parentCode ?? '(none)'} — it is outside your organisation`,
        );
        return null;
      }
      if (error instanceof Error && !(error instanceof AppError)) {
        errors.add(row, error.message);
        return null;
      }
      throw error;
    }
  }

  private async snapshot(trx: Transaction<Database>, org: OrganisationRow): Promise<Record<string, unknown>> {
    const id = org.id;
    return {
      name: org.name,
      kind: org.kind,
      validTo: org.valid_to,
      ipRanges: (
        await trx
          .selectFrom('organisation_ip_ranges')
          .select('cidr')
          .where('organisation_id', '=', id)
          .orderBy('cidr')
          .execute()
      ).map((r) => r.cidr),
      asns: (
        await trx
          .selectFrom('organisation_asns')
          .select('asn')
          .where('organisation_id', '=', id)
          .orderBy('asn')
          .execute()
      ).map((r) => r.asn),
      domains: (
        await trx
          .selectFrom('organisation_domains')
          .select('domain')
          .where('organisation_id', '=', id)
          .orderBy('domain')
          .execute()
      ).map((r) => r.domain),
      websites: (
        await trx
          .selectFrom('organisation_websites')
          .select('url')
          .where('organisation_id', '=', id)
          .orderBy('url')
          .execute()
      ).map((r) => r.url),
      contacts: await trx
        .selectFrom('organisation_contacts')
        .select(['name', 'role', 'email', 'phone'])
        .where('organisation_id', '=', id)
        .orderBy('id')
        .execute(),
    };
  }

  /** The file is the truth for what an imported organisation owns. */
  private async replaceOwned(
    trx: Transaction<Database>,
    id: number,
    record: OrganisationRecord,
  ): Promise<void> {
    await trx.deleteFrom('organisation_ip_ranges').where('organisation_id', '=', id).execute();
    await trx.deleteFrom('organisation_asns').where('organisation_id', '=', id).execute();
    await trx.deleteFrom('organisation_domains').where('organisation_id', '=', id).execute();
    await trx.deleteFrom('organisation_websites').where('organisation_id', '=', id).execute();
    await trx.deleteFrom('organisation_contacts').where('organisation_id', '=', id).execute();
    const now = nowIso();
    const ranges = record.ipRanges.flatMap((cidr) => {
      const parsed = parseCidr(cidr);
      return parsed.ok
        ? [{ organisation_id: id, cidr, family: parsed.value.network.family, created_at: now }]
        : [];
    });
    if (ranges.length) await trx.insertInto('organisation_ip_ranges').values(ranges).execute();
    if (record.asns.length)
      await trx
        .insertInto('organisation_asns')
        .values(record.asns.map((asn) => ({ organisation_id: id, asn })))
        .execute();
    if (record.domains.length)
      await trx
        .insertInto('organisation_domains')
        .values(record.domains.map((domain) => ({ organisation_id: id, domain })))
        .execute();
    if (record.websites.length)
      await trx
        .insertInto('organisation_websites')
        .values(record.websites.map((url) => ({ organisation_id: id, url })))
        .execute();
    if (record.contacts.length)
      await trx
        .insertInto('organisation_contacts')
        .values(record.contacts.map((c) => ({ organisation_id: id, ...c })))
        .execute();
  }

  /** Siblings whose periods overlap must not share addresses; checked over the whole result. */
  private async checkSiblingOverlaps(
    trx: Transaction<Database>,
    touched: Map<number, number>,
    rowOf: (i: number) => number,
    errors: RowErrors,
  ): Promise<void> {
    if (touched.size === 0) return;
    const rows = await trx
      .selectFrom('organisation_ip_ranges as r')
      .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
      .select(['r.cidr', 'o.id', 'o.code', 'o.parent_id', 'o.valid_from', 'o.valid_to'])
      .execute();
    const orgs = new Map(rows.map((r) => [r.id, r]));
    const pairs = findSiblingOverlaps(
      rows.map((r) => ({ cidr: r.cidr, ownerId: r.id, parentId: r.parent_id })),
    );
    for (const pair of pairs) {
      if (pair.outer.ownerId === pair.inner.ownerId) continue;
      const a = orgs.get(pair.outer.ownerId)!;
      const b = orgs.get(pair.inner.ownerId)!;
      const concurrent = a.valid_from === null || b.valid_to === null || a.valid_from < b.valid_to;
      const concurrent2 = b.valid_from === null || a.valid_to === null || b.valid_from < a.valid_to;
      if (!concurrent || !concurrent2) continue; // a predecessor and its successor may hand a range over
      const index = touched.get(a.id) ?? touched.get(b.id);
      if (index === undefined) continue;
      errors.add(
        rowOf(index),
        `${pair.outer.cidr} of ${a.code} overlaps ${pair.inner.cidr} of its sibling ${b.code}`,
      );
    }
  }
}
