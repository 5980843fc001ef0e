/**
 * The organisation importer: a file is applied whole or not at all, problems are reported per
 * row, dry runs change nothing, re-imports are idempotent, and a province administrator can only
 * import inside their own subtree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import type { OrganisationRecord } from '../../src/organisations/interchange/record.js';
import type { RequestContext } from '../../src/server/context.js';
import { AppError } from '../../src/server/errors.js';
import { backends } from '../support/backends.js';
import { createHarness, fixtureOrgs, fixtureRecords, type Harness } from '../support/harness.js';
import { auditCount, auditSince, lastAuditId, organisationCount, userContext } from '../support/api.js';

function record(
  code: string,
  parentCode: string | null,
  extra: Partial<OrganisationRecord> = {},
): OrganisationRecord {
  return {
    code,
    name: `Đơn vị ${code}`,
    kind: 'unit',
    parentCode,
    validFrom: null,
    validTo: null,
    predecessorCodes: [],
    ipRanges: [],
    asns: [],
    domains: [],
    websites: [],
    contacts: [],
    ...extra,
  };
}

/** Runs an import that must fail and returns its AppError. */
async function failing(run: Promise<unknown>): Promise<AppError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `organisation import on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      let system: RequestContext;
      const codesInDb = async () =>
        (await h.services.database.db.selectFrom('organisations').select('code').execute())
          .map((r) => r.code)
          .sort();

      beforeAll(async () => {
        h = await createHarness(backend);
        system = await h.services.contextFor(operator('test'), null);
      });
      afterAll(async () => h?.close());

      it('re-importing the same file changes nothing and writes no audit rows', async () => {
        const audits = await auditCount(h);
        const report = await h.services.importer.import(system, fixtureRecords(), { dryRun: false });
        expect(report).toEqual({ created: 0, updated: 0, unchanged: 4, successions: 0, dryRun: false });
        expect(await auditCount(h)).toBe(audits);
        expect(await organisationCount(h)).toBe(4);
      });

      it('rejects a whole file with a bad row, listing every problem by row', async () => {
        const [orgs, audits, codes] = [await organisationCount(h), await auditCount(h), await codesInDb()];
        const records = [
          record('IM-GOOD-1', fixtureOrgs.owner, { ipRanges: ['10.1.50.0/24'] }),
          record('IM-ORPHAN', 'IM-NO-SUCH-PARENT'),
          record('IM-ALIEN', fixtureOrgs.owner, { kind: 'spaceship' }),
          record('IM-GOOD-2', 'IM-GOOD-1'),
        ];
        const error = await failing(h.services.importer.import(system, records, { dryRun: false }));
        expect(error.status).toBe(400);
        expect(error.code).toBe('import_failed');
        expect(error.details.map((d) => d.path)).toEqual(['row 2', 'row 3']);
        expect(error.details[0]!.message).toContain('IM-NO-SUCH-PARENT');
        expect(error.details[1]!.message).toContain('spaceship');
        expect(error.message).toContain('2 problem(s)');
        expect(await organisationCount(h)).toBe(orgs);
        expect(await auditCount(h)).toBe(audits);
        expect(await codesInDb()).toEqual(codes);
      });

      it('uses the row numbers it is given (CSV lines)', async () => {
        const error = await failing(
          h.services.importer.import(
            system,
            [record('IM-OK', fixtureOrgs.owner), record('IM-BAD', fixtureOrgs.owner, { kind: 'nope' })],
            { dryRun: false, rows: [2, 7] },
          ),
        );
        expect(error.details).toEqual([
          { path: 'row 7', message: expect.stringContaining('"nope"') as string },
        ]);
        expect(await codesInDb()).not.toContain('IM-OK');
      });

      it('rejects a new organisation whose range overlaps a sibling’s, naming the row', async () => {
        const audits = await auditCount(h);
        const records = [
          record('IM-FINE', fixtureOrgs.owner, { ipRanges: ['10.1.60.0/24'] }),
          record('IM-CLASH', fixtureOrgs.root, { kind: 'province', ipRanges: ['10.2.3.0/24'] }),
        ];
        const error = await failing(h.services.importer.import(system, records, { dryRun: false }));
        expect(error.code).toBe('import_failed');
        expect(error.details).toHaveLength(1);
        expect(error.details[0]!.path).toBe('row 2');
        expect(error.details[0]!.message).toContain('10.2.0.0/16');
        expect(error.details[0]!.message).toContain('10.2.3.0/24');
        expect(error.details[0]!.message).toContain('IM-CLASH');
        expect(await codesInDb()).not.toContain('IM-FINE');
        expect(await auditCount(h)).toBe(audits);
        // A child range inside its parent's range is no overlap.
        const report = await h.services.importer.import(
          system,
          [record('IM-INSIDE', fixtureOrgs.sibling, { ipRanges: ['10.2.3.0/24'] })],
          { dryRun: true },
        );
        expect(report.created).toBe(1);
      });

      it('reports counts on a dry run and changes nothing', async () => {
        const [orgs, audits] = [await organisationCount(h), await auditCount(h)];
        const records = [
          record('IM-DRY-1', fixtureOrgs.owner, { domains: ['dry.owner.gov.vn'] }),
          record('IM-DRY-2', 'IM-DRY-1'),
          { ...fixtureRecords()[2]!, name: 'Sở Con (đổi tên)' },
          fixtureRecords()[3]!,
        ];
        const report = await h.services.importer.import(system, records, { dryRun: true });
        expect(report).toEqual({ created: 2, updated: 1, unchanged: 1, successions: 0, dryRun: true });
        expect(await organisationCount(h)).toBe(orgs);
        expect(await auditCount(h)).toBe(audits);
        const child = await h.services.organisations.findByCode(fixtureOrgs.child, null);
        expect(child.name).toBe('Sở Con (thử)');
        const lookup = await h.services.ownership.lookup(system, { domain: 'dry.owner.gov.vn' });
        expect(lookup.owner?.code).toBe(fixtureOrgs.owner);

        const applied = await h.services.importer.import(system, records, { dryRun: false });
        expect(applied).toEqual({ ...report, dryRun: false });
        expect(await organisationCount(h)).toBe(orgs + 2);
        const rows = await auditSince(h, 0);
        expect(
          rows.filter(
            (r) => r.action === 'organisation.import.update' && r.organisation_id === h.orgId.child,
          ),
        ).toHaveLength(1);
        expect((await h.services.organisations.findByCode(fixtureOrgs.child, null)).name).toBe(
          'Sở Con (đổi tên)',
        );
        expect(
          (await h.services.ownership.lookup(system, { domain: 'www.dry.owner.gov.vn' })).owner?.code,
        ).toBe('IM-DRY-1');
        const again = await h.services.importer.import(system, records, { dryRun: false });
        expect(again).toEqual({ created: 0, updated: 0, unchanged: 4, successions: 0, dryRun: false });
      });

      it('keeps a province administrator inside their own organisation', async () => {
        const ctx = await userContext(h, 'owner-administrator');
        const [orgs, audits] = [await organisationCount(h), await auditCount(h)];
        const error = await failing(
          h.services.importer.import(
            ctx,
            [record('IM-MINE', fixtureOrgs.owner), record('IM-THEIRS', fixtureOrgs.sibling)],
            { dryRun: false },
          ),
        );
        // A row outside the actor's organisation makes the whole import a matter of permission.
        expect([error.status, error.code]).toEqual([403, 'import_forbidden']);
        expect(error.details).toHaveLength(1);
        expect(error.details[0]!.path).toBe('row 2');
        expect(error.details[0]!.message).toContain('outside your organisation');
        expect(await organisationCount(h)).toBe(orgs);
        expect(await auditCount(h)).toBe(audits);

        // Renaming the sibling itself, or creating a top-level organisation, is refused too.
        const sibling = { ...fixtureRecords()[3]!, name: 'Chiếm quyền' };
        const top = record('IM-TOP', null, { kind: 'national_centre' });
        const more = await failing(h.services.importer.import(ctx, [sibling, top], { dryRun: false }));
        expect(more.status).toBe(403);
        expect(more.details.map((d) => d.path)).toEqual(['row 1', 'row 2']);
        expect(more.details[0]!.message).toContain('outside your organisation');
        expect(more.details[1]!.message).toContain('top-level');
        expect((await h.services.organisations.findByCode(fixtureOrgs.sibling, null)).name).toBe(
          'Tỉnh Anh Em (thử)',
        );

        // Inside the subtree the same administrator may import, and the audit row names them.
        const since = await lastAuditId(h);
        const report = await h.services.importer.import(
          ctx,
          [record('IM-MINE', fixtureOrgs.owner, { ipRanges: ['10.1.70.0/24'] })],
          { dryRun: false },
        );
        expect(report.created).toBe(1);
        const rows = await auditSince(h, since);
        expect(rows.map((r) => [r.action, r.actor_label, r.actor_type])).toEqual([
          ['organisation.import.create', 'owner-administrator', 'user'],
        ]);
      });

      it('refuses a code whose period partly overlaps an existing one', async () => {
        await h.services.importer.import(
          system,
          [record('IM-TERM', fixtureOrgs.owner, { validFrom: '2020-01-01', validTo: '2025-01-01' })],
          { dryRun: false },
        );
        const [orgs, audits] = [await organisationCount(h), await auditCount(h)];
        for (const period of [
          { validFrom: '2024-01-01', validTo: null },
          { validFrom: '2019-01-01', validTo: '2021-01-01' },
          { validFrom: null, validTo: '2020-06-01' },
        ]) {
          const error = await failing(
            h.services.importer.import(system, [record('IM-TERM', fixtureOrgs.owner, period)], {
              dryRun: false,
            }),
          );
          expect(error.code, JSON.stringify(period)).toBe('import_failed');
          expect(error.details).toEqual([
            { path: 'row 1', message: expect.stringContaining('overlapping period') as string },
          ]);
        }
        expect(await organisationCount(h)).toBe(orgs);
        expect(await auditCount(h)).toBe(audits);
        // Directly after the old period ends, the code is free again.
        const report = await h.services.importer.import(
          system,
          [record('IM-TERM', fixtureOrgs.owner, { validFrom: '2025-01-01' })],
          { dryRun: false },
        );
        expect(report.created).toBe(1);
      });

      it('does not reveal organisations outside the importer’s scope in its messages', async () => {
        const ctx = await userContext(h, 'owner-administrator');
        // The sibling's code is taken for all time; the owner may learn that, but not whose it is.
        const error = await failing(
          h.services.importer.import(
            ctx,
            [record(fixtureOrgs.sibling, fixtureOrgs.owner, { validFrom: '2020-01-01' })],
            { dryRun: false },
          ),
        );
        expect(error.code).toBe('import_failed');
        expect(error.details).toHaveLength(1);
        expect(error.details[0]!.message).toContain(fixtureOrgs.sibling);
        expect(error.details[0]!.message).not.toContain('Anh Em');
        // The operator sees everything and is told which organisation uses the code.
        const operatorError = await failing(
          h.services.importer.import(
            system,
            [record(fixtureOrgs.sibling, fixtureOrgs.owner, { validFrom: '2020-01-01' })],
            { dryRun: false },
          ),
        );
        expect(operatorError.details[0]!.message).toContain('Tỉnh Anh Em (thử)');
      });
    },
  );
}
