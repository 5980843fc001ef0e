/**
 * The organisation tree through the HTTP API: who sees what, details, creating and editing,
 * what an organisation owns (with normalisation and sibling overlap checks) and owner lookup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgDetail, OrgSummary } from '../../src/organisations/presenters.js';
import { backends } from '../support/backends.js';
import { createHarness, fixtureOrgs, login, type Harness, type Session } from '../support/harness.js';
import { call, errorOf } from '../support/api.js';

interface Lookup {
  query: string;
  owner: OrgSummary | null;
  matched: string | null;
}

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `organisations API on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      let ownerAdmin: Session;
      let rootAdmin: Session;
      let rootViewer: Session;
      const codesSeenBy = async (session: Session) =>
        (await call(h, session, 'GET', '/api/organisations'))
          .json<{ items: OrgSummary[] }>()
          .items.map((o) => o.code)
          .sort();
      const lookup = async (session: Session, query: string) => {
        const response = await call(h, session, 'GET', `/api/lookup?${query}`);
        expect(response.statusCode).toBe(200);
        return response.json<Lookup>();
      };

      beforeAll(async () => {
        h = await createHarness(backend);
        ownerAdmin = await login(h.app, 'owner-administrator');
        rootAdmin = await login(h.app, 'root-administrator');
        rootViewer = await login(h.app, 'root-viewer');
      });
      afterAll(async () => h?.close());

      it('lists exactly the organisations of the caller’s subtree', async () => {
        expect(await codesSeenBy(ownerAdmin)).toEqual([fixtureOrgs.child, fixtureOrgs.owner].sort());
        expect(await codesSeenBy(rootViewer)).toEqual(Object.values(fixtureOrgs).sort());
        expect(await codesSeenBy(await login(h.app, 'sibling-administrator'))).toEqual([fixtureOrgs.sibling]);
        expect(await codesSeenBy(await login(h.app, 'child-viewer'))).toEqual([fixtureOrgs.child]);
        const items = (await call(h, ownerAdmin, 'GET', '/api/organisations')).json<{ items: OrgSummary[] }>()
          .items;
        expect(items.find((o) => o.code === fixtureOrgs.child)).toMatchObject({
          parentId: h.orgId.owner,
          kind: 'department',
          historical: false,
        });
      });

      it('shows what an organisation owns, with Vietnamese text intact', async () => {
        const response = await call(h, ownerAdmin, 'GET', `/api/organisations/${h.orgId.owner}`);
        expect(response.statusCode).toBe(200);
        const detail = response.json<OrgDetail>();
        expect(detail).toMatchObject({
          code: fixtureOrgs.owner,
          name: 'Tỉnh Chủ (thử)',
          kind: 'province',
          parentId: h.orgId.root,
          historical: false,
        });
        expect(detail.ipRanges.map((r) => r.cidr)).toEqual(['10.1.0.0/16', '2001:db8:1::/48']);
        expect(detail.domains.map((d) => d.domain)).toEqual(['owner.gov.vn']);
        expect(detail.contacts).toEqual([
          {
            id: expect.any(Number) as number,
            name: 'Nguyễn Văn An',
            role: 'Trưởng phòng',
            email: 'an@owner.gov.vn',
            phone: '+84 24 1234 5678',
          },
        ]);
        expect(detail.permissions).toEqual({ canEdit: true, canAddChild: true, canEditParentFields: false });
        // The parent is outside the owner's subtree: a detail request is answered as "not found".
        expect((await call(h, ownerAdmin, 'GET', `/api/organisations/${h.orgId.sibling}`)).statusCode).toBe(
          404,
        );
        expect((await call(h, ownerAdmin, 'GET', `/api/organisations/${h.orgId.root}`)).statusCode).toBe(404);
      });

      it('refuses a code already used in an overlapping period, and a child period outside the parent’s', async () => {
        const taken = await call(h, ownerAdmin, 'POST', '/api/organisations', {
          parentId: h.orgId.owner,
          code: fixtureOrgs.child,
          name: 'Trùng mã',
          kind: 'unit',
        });
        expect(taken.statusCode).toBe(409);
        expect(errorOf(taken).code).toBe('code_taken');

        const bounded = await call(h, ownerAdmin, 'POST', '/api/organisations', {
          parentId: h.orgId.owner,
          code: 'BAN-TAM-THOI',
          name: 'Ban tạm thời',
          kind: 'unit',
          validFrom: '2024-01-01',
          validTo: '2027-01-01',
        });
        expect(bounded.statusCode).toBe(201);
        const parent = bounded.json<OrgDetail>();
        expect(parent).toMatchObject({
          code: 'BAN-TAM-THOI',
          name: 'Ban tạm thời',
          parentId: h.orgId.owner,
          validFrom: '2024-01-01',
          validTo: '2027-01-01',
        });
        const outside = await call(h, ownerAdmin, 'POST', '/api/organisations', {
          parentId: parent.id,
          code: 'TO-CONG-TAC',
          name: 'Tổ công tác',
          kind: 'unit',
          validFrom: '2023-06-01',
          validTo: '2026-01-01',
        });
        expect(outside.statusCode).toBe(400);
        expect(errorOf(outside).code).toBe('validation_failed');
        expect(errorOf(outside).message).toContain('within the parent');
        const inside = await call(h, ownerAdmin, 'POST', '/api/organisations', {
          parentId: parent.id,
          code: 'TO-CONG-TAC',
          name: 'Tổ công tác',
          kind: 'unit',
          validFrom: '2024-06-01',
          validTo: '2026-01-01',
        });
        expect(inside.statusCode).toBe(201);
        // A code is free again once the period using it has ended.
        const reused = await call(h, ownerAdmin, 'POST', '/api/organisations', {
          parentId: h.orgId.owner,
          code: 'BAN-TAM-THOI',
          name: 'Ban mới',
          kind: 'unit',
          validFrom: '2027-01-01',
        });
        expect(reused.statusCode).toBe(201);
      });

      it('lets the administrator edit the own name but not the parent’s decisions', async () => {
        const renamed = await call(h, ownerAdmin, 'PATCH', `/api/organisations/${h.orgId.owner}`, {
          name: 'Tỉnh Chủ Đổi Tên',
        });
        expect(renamed.statusCode).toBe(200);
        expect(renamed.json<OrgDetail>().name).toBe('Tỉnh Chủ Đổi Tên');
        for (const patch of [{ code: 'OWNER-NEW' }, { validTo: '2030-01-01' }, { kind: 'ministry' }]) {
          const refused = await call(h, ownerAdmin, 'PATCH', `/api/organisations/${h.orgId.owner}`, patch);
          expect(refused.statusCode, JSON.stringify(patch)).toBe(403);
          expect(errorOf(refused).code).toBe('forbidden');
        }
        const unchanged = (
          await call(h, rootViewer, 'GET', `/api/organisations/${h.orgId.owner}`)
        ).json<OrgDetail>();
        expect(unchanged).toMatchObject({
          code: fixtureOrgs.owner,
          validTo: null,
          kind: 'province',
          name: 'Tỉnh Chủ Đổi Tên',
        });

        const recoded = await call(h, rootAdmin, 'PATCH', `/api/organisations/${h.orgId.owner}`, {
          code: 'OWNER-NEW',
        });
        expect(recoded.statusCode).toBe(200);
        expect(recoded.json<OrgDetail>().code).toBe('OWNER-NEW');
        const back = await call(h, rootAdmin, 'PATCH', `/api/organisations/${h.orgId.owner}`, {
          code: fixtureOrgs.owner,
          name: 'Tỉnh Chủ (thử)',
        });
        expect(back.json<OrgDetail>()).toMatchObject({ code: fixtureOrgs.owner, name: 'Tỉnh Chủ (thử)' });
        // The owner administrator may restructure its child, which is its own decision.
        const child = await call(h, ownerAdmin, 'PATCH', `/api/organisations/${h.orgId.child}`, {
          kind: 'unit',
        });
        expect(child.statusCode).toBe(200);
        expect(child.json<OrgDetail>().kind).toBe('unit');
      });

      it('refuses a range with host bits and names the problem', async () => {
        const response = await call(h, ownerAdmin, 'POST', `/api/organisations/${h.orgId.owner}/ip-ranges`, {
          cidr: '10.1.2.3/24',
        });
        expect(response.statusCode).toBe(400);
        expect(errorOf(response).code).toBe('validation_failed');
        expect(errorOf(response).message).toContain('host bits');
        expect(errorOf(response).message).toContain('10.1.2.0/24');
        expect(errorOf(response).details).toEqual([{ path: 'cidr', message: errorOf(response).message }]);
      });

      it('refuses a range overlapping a sibling’s and names the sibling only to those who may see it', async () => {
        const asOwner = await call(h, ownerAdmin, 'POST', `/api/organisations/${h.orgId.owner}/ip-ranges`, {
          cidr: '10.2.5.0/24',
        });
        expect(asOwner.statusCode).toBe(409);
        expect(errorOf(asOwner).code).toBe('range_overlap');
        expect(errorOf(asOwner).details).toEqual([
          { path: 'cidr', message: '10.2.0.0/16 (another organisation)' },
        ]);
        expect(asOwner.body).not.toContain(fixtureOrgs.sibling);
        expect(asOwner.body).not.toContain('Anh Em');

        const asRoot = await call(h, rootAdmin, 'POST', `/api/organisations/${h.orgId.owner}/ip-ranges`, {
          cidr: '10.2.5.0/24',
        });
        expect(asRoot.statusCode).toBe(409);
        expect(errorOf(asRoot).code).toBe('range_overlap');
        expect(errorOf(asRoot).details).toEqual([
          { path: 'cidr', message: `10.2.0.0/16 (${fixtureOrgs.sibling} Tỉnh Anh Em (thử))` },
        ]);
        const ranges = (await call(h, rootAdmin, 'GET', `/api/organisations/${h.orgId.owner}`))
          .json<OrgDetail>()
          .ipRanges.map((r) => r.cidr);
        expect(ranges).not.toContain('10.2.5.0/24');
      });

      it('normalises IPv6 ranges, AS numbers and domains', async () => {
        const v6 = await call(h, ownerAdmin, 'POST', `/api/organisations/${h.orgId.child}/ip-ranges`, {
          cidr: '2001:DB8:1:0::/64',
        });
        expect(v6.statusCode).toBe(201);
        expect(v6.json<{ cidr: string }>().cidr).toBe('2001:db8:1::/64');
        const asn = await call(h, ownerAdmin, 'POST', `/api/organisations/${h.orgId.owner}/asns`, {
          asn: 'AS64512',
        });
        expect(asn.statusCode).toBe(201);
        expect(asn.json<{ asn: number }>().asn).toBe(64512);
        const domain = await call(h, ownerAdmin, 'POST', `/api/organisations/${h.orgId.owner}/domains`, {
          domain: 'Portal.OWNER.gov.VN.',
        });
        expect(domain.statusCode).toBe(201);
        expect(domain.json<{ domain: string }>().domain).toBe('portal.owner.gov.vn');
        const duplicate = await call(h, ownerAdmin, 'POST', `/api/organisations/${h.orgId.owner}/domains`, {
          domain: 'portal.owner.gov.vn',
        });
        expect(duplicate.statusCode).toBe(409);
        expect(errorOf(duplicate).code).toBe('duplicate');

        const child = (
          await call(h, ownerAdmin, 'GET', `/api/organisations/${h.orgId.child}`)
        ).json<OrgDetail>();
        expect(child.ipRanges.map((r) => r.cidr)).toEqual(['10.1.2.0/24', '2001:db8:1::/64']);
        const owner = (
          await call(h, ownerAdmin, 'GET', `/api/organisations/${h.orgId.owner}`)
        ).json<OrgDetail>();
        expect(owner.asns.map((a) => a.asn)).toEqual([64512]);
        expect(owner.domains.map((d) => d.domain)).toEqual(['owner.gov.vn', 'portal.owner.gov.vn']);
      });

      it('finds the owner of an address by longest prefix, within the caller’s scope', async () => {
        expect(await lookup(ownerAdmin, 'ip=10.1.2.9')).toMatchObject({
          query: '10.1.2.9',
          owner: { code: fixtureOrgs.child, id: h.orgId.child },
          matched: '10.1.2.0/24',
        });
        expect(await lookup(ownerAdmin, 'ip=10.1.9.9')).toMatchObject({
          owner: { code: fixtureOrgs.owner },
          matched: '10.1.0.0/16',
        });
        expect(await lookup(ownerAdmin, 'ip=2001:db8:1:0:ffff::1')).toMatchObject({
          owner: { code: fixtureOrgs.child },
          matched: '2001:db8:1::/64',
        });
        expect(await lookup(ownerAdmin, 'ip=10.2.0.1')).toEqual({
          query: '10.2.0.1',
          owner: null,
          matched: null,
        });
        expect(await lookup(rootViewer, 'ip=10.2.0.1')).toMatchObject({
          owner: { code: fixtureOrgs.sibling },
          matched: '10.2.0.0/16',
        });
        expect(await lookup(rootViewer, 'ip=10.200.0.1')).toMatchObject({
          owner: { code: fixtureOrgs.root },
          matched: '10.0.0.0/8',
        });
        expect(await lookup(rootViewer, 'ip=192.0.2.1')).toEqual({
          query: '192.0.2.1',
          owner: null,
          matched: null,
        });
      });

      it('finds the owner of a domain and refuses a malformed address', async () => {
        expect(await lookup(ownerAdmin, 'domain=www.child.owner.gov.vn')).toMatchObject({
          owner: { code: fixtureOrgs.child },
          matched: 'child.owner.gov.vn',
        });
        expect(await lookup(ownerAdmin, 'domain=mail.owner.gov.vn')).toMatchObject({
          owner: { code: fixtureOrgs.owner },
          matched: 'owner.gov.vn',
        });
        expect(await lookup(ownerAdmin, 'domain=www.sibling.gov.vn')).toMatchObject({
          owner: null,
          matched: null,
        });
        const bad = await call(h, ownerAdmin, 'GET', '/api/lookup?ip=10.1.2.300');
        expect(bad.statusCode).toBe(400);
        expect(errorOf(bad).code).toBe('validation_failed');
        expect(errorOf(bad).message).toContain('10.1.2.300');
        expect(
          (await call(h, ownerAdmin, 'GET', '/api/lookup?ip=10.1.2.3&domain=owner.gov.vn')).statusCode,
        ).toBe(400);
      });
    },
  );
}
