/**
 * The versioned tree: an old province OLD (with a district D) ended on 2025-07-01 and was merged
 * into a new province NEWP. The tree is shown as it was on a date; NEWP's people read OLD's
 * history but cannot change it; a sibling province never sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import type { OrganisationRecord } from '../../src/organisations/interchange/record.js';
import type { OrgDetail, OrgSummary } from '../../src/organisations/presenters.js';
import { backends } from '../support/backends.js';
import { createHarness, fixtureOrgs, login, type Harness, type Session } from '../support/harness.js';
import { addUser, call, errorOf } from '../support/api.js';

const OLD = 'HX-OLD-PROV';
const D = 'HX-OLD-DIST';
const NEWP = 'HX-NEW-PROV';

function record(
  code: string,
  name: string,
  kind: string,
  parentCode: string,
  extra: Partial<OrganisationRecord> = {},
): OrganisationRecord {
  return {
    code,
    name,
    kind,
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

function historyRecords(): OrganisationRecord[] {
  return [
    record(OLD, 'Tỉnh Cũ (thử)', 'province', fixtureOrgs.root, {
      validTo: '2025-07-01',
      ipRanges: ['10.3.0.0/16'],
      domains: ['old.gov.vn'],
    }),
    record(D, 'Huyện Cũ (thử)', 'district', OLD, { validTo: '2025-07-01', ipRanges: ['10.3.1.0/24'] }),
    record(NEWP, 'Tỉnh Mới (thử)', 'province', fixtureOrgs.root, {
      validFrom: '2025-07-01',
      predecessorCodes: [OLD],
      ipRanges: ['10.3.0.0/16'],
      domains: ['new.gov.vn'],
    }),
  ];
}

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `organisation history on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      const id: Record<string, number> = {};
      let rootViewer: Session;
      let newAdmin: Session;
      let siblingAdmin: Session;
      const seen = async (session: Session, query: string) => {
        const response = await call(h, session, 'GET', `/api/organisations${query}`);
        expect(response.statusCode).toBe(200);
        return response.json<{ items: OrgSummary[] }>().items;
      };
      const codes = (items: OrgSummary[]) => items.map((o) => o.code).sort();

      beforeAll(async () => {
        h = await createHarness(backend);
        const ctx = await h.services.contextFor(operator('test'), null);
        const report = await h.services.importer.import(ctx, historyRecords(), { dryRun: false });
        expect(report).toEqual({ created: 3, updated: 0, unchanged: 0, successions: 1, dryRun: false });
        for (const code of [OLD, D, NEWP]) {
          id[code] = (
            await h.services.database.db
              .selectFrom('organisations')
              .select('id')
              .where('code', '=', code)
              .executeTakeFirstOrThrow()
          ).id;
        }
        await addUser(h, id[NEWP]!, 'newp-administrator', ['administrator']);
        rootViewer = await login(h.app, 'root-viewer');
        newAdmin = await login(h.app, 'newp-administrator');
        siblingAdmin = await login(h.app, 'sibling-administrator');
      });
      afterAll(async () => h?.close());

      it('shows the tree as it was on a date', async () => {
        const before = await seen(rootViewer, '?at=2024-01-01');
        expect(codes(before)).toEqual([OLD, D, ...Object.values(fixtureOrgs)].sort());
        expect(before.find((o) => o.code === D)).toMatchObject({
          parentId: id[OLD],
          validTo: '2025-07-01',
          historical: false,
        });
        const lastDay = await seen(rootViewer, '?at=2025-06-30');
        expect(codes(lastDay)).toContain(OLD);
        expect(codes(lastDay)).not.toContain(NEWP);
        const after = await seen(rootViewer, '?at=2025-07-01');
        expect(codes(after)).toEqual([NEWP, ...Object.values(fixtureOrgs)].sort());
        expect(codes(await seen(rootViewer, ''))).toEqual([NEWP, ...Object.values(fixtureOrgs)].sort());
        expect(codes(await seen(rootViewer, '?includeEnded=true'))).toEqual(
          [OLD, D, NEWP, ...Object.values(fixtureOrgs)].sort(),
        );
        const bad = await call(h, rootViewer, 'GET', '/api/organisations?at=1.7.2025');
        expect(bad.statusCode).toBe(400);
      });

      it('lets the successor read its predecessors’ history, read-only', async () => {
        const past = await seen(newAdmin, '?at=2024-01-01');
        expect(codes(past)).toEqual([OLD, D].sort());
        for (const org of past) expect(org.historical).toBe(true);
        const everything = await seen(newAdmin, '?includeEnded=true');
        expect(everything.map((o) => [o.code, o.historical]).sort()).toEqual([
          [NEWP, false],
          [D, true],
          [OLD, true],
        ]);
        expect(codes(await seen(newAdmin, ''))).toEqual([NEWP]);

        const detail = await call(h, newAdmin, 'GET', `/api/organisations/${id[OLD]}`);
        expect(detail.statusCode).toBe(200);
        expect(detail.json<OrgDetail>()).toMatchObject({
          code: OLD,
          name: 'Tỉnh Cũ (thử)',
          historical: true,
          successors: [{ id: id[NEWP], code: NEWP, name: 'Tỉnh Mới (thử)' }],
          permissions: { canEdit: false, canAddChild: false, canEditParentFields: false },
        });
        // OLD's parent is the national centre, which NEWP's administrator may not see.
        expect(detail.body).not.toContain(fixtureOrgs.root);

        for (const [method, url, payload] of [
          ['PATCH', `/api/organisations/${id[OLD]}`, { name: 'Đổi tên lịch sử' }],
          ['PATCH', `/api/organisations/${id[D]}`, { name: 'Đổi tên lịch sử' }],
          ['POST', `/api/organisations/${id[OLD]}/domains`, { domain: 'x.old.gov.vn' }],
          [
            'POST',
            '/api/organisations',
            { parentId: id[OLD], code: 'HX-LATE', name: 'Muộn', kind: 'unit', validTo: '2025-07-01' },
          ],
          [
            'POST',
            '/api/users',
            { username: 'history-user', displayName: 'Lịch sử', organisationId: id[OLD], roles: ['viewer'] },
          ],
        ] as const) {
          const response = await call(h, newAdmin, method, url, payload);
          expect(response.statusCode, `${method} ${url}`).toBe(403);
          expect(errorOf(response).code).toBe('forbidden');
        }
        const still = (await call(h, rootViewer, 'GET', `/api/organisations/${id[OLD]}`)).json<OrgDetail>();
        expect(still.name).toBe('Tỉnh Cũ (thử)');
        expect(still.domains.map((d) => d.domain)).toEqual(['old.gov.vn']);
      });

      it('lists the predecessor on the successor’s detail', async () => {
        const detail = await call(h, newAdmin, 'GET', `/api/organisations/${id[NEWP]}`);
        expect(detail.statusCode).toBe(200);
        expect(detail.json<OrgDetail>()).toMatchObject({
          code: NEWP,
          historical: false,
          validFrom: '2025-07-01',
          predecessors: [{ id: id[OLD], code: OLD, name: 'Tỉnh Cũ (thử)' }],
          successors: [],
          permissions: { canEdit: true, canAddChild: true, canEditParentFields: false },
        });
        const renamed = await call(h, newAdmin, 'PATCH', `/api/organisations/${id[NEWP]}`, {
          name: 'Tỉnh Mới Đổi Tên',
        });
        expect(renamed.statusCode).toBe(200);
      });

      it('never shows the history to a sibling', async () => {
        expect(codes(await seen(siblingAdmin, '?at=2024-01-01'))).toEqual([fixtureOrgs.sibling]);
        expect(codes(await seen(siblingAdmin, '?includeEnded=true'))).toEqual([fixtureOrgs.sibling]);
        for (const code of [OLD, D, NEWP]) {
          expect((await call(h, siblingAdmin, 'GET', `/api/organisations/${id[code]}`)).statusCode).toBe(404);
        }
        const lookup = await call(h, siblingAdmin, 'GET', '/api/lookup?ip=10.3.1.1&at=2024-01-01');
        expect(lookup.json<{ owner: unknown }>().owner).toBeNull();
        const audit = await call(h, siblingAdmin, 'GET', '/api/audit?limit=500');
        expect(audit.statusCode).toBe(200);
        expect(audit.body).not.toContain(OLD);
        expect(audit.body).not.toContain(NEWP);
      });

      it('finds owners as of the date asked', async () => {
        const past = await call(h, newAdmin, 'GET', '/api/lookup?ip=10.3.1.1&at=2024-01-01');
        expect(past.json()).toMatchObject({ owner: { code: D, historical: true }, matched: '10.3.1.0/24' });
        const now = await call(h, newAdmin, 'GET', '/api/lookup?ip=10.3.1.1');
        expect(now.json()).toMatchObject({
          owner: { code: NEWP, historical: false },
          matched: '10.3.0.0/16',
        });
        const rootNow = await call(h, rootViewer, 'GET', '/api/lookup?domain=www.old.gov.vn');
        expect(rootNow.json()).toEqual({ query: 'www.old.gov.vn', owner: null, matched: null });
      });
    },
  );
}
