/**
 * Campaigns through the HTTP API on both databases: creation with its legal basis and files,
 * visibility before and after forwarding, the deadline rule, acknowledgement, deployment and the
 * status matrix with overdue organisations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDetail, CampaignSummary } from '../../src/campaigns/campaign-service.js';
import type { StatusMatrix } from '../../src/campaigns/status-matrix.js';
import { backends } from '../support/backends.js';
import { auditSince, call, errorOf, lastAuditId } from '../support/api.js';
import { createHarness, fixtureOrgs, login, type Harness, type Session } from '../support/harness.js';

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `campaigns API on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      let rootAdmin: Session;
      let ownerAdmin: Session;
      let ownerViewer: Session;
      let childAdmin: Session;
      let siblingAdmin: Session;
      let campaignId: number;

      beforeAll(async () => {
        h = await createHarness(backend, { campaignFileMaxBytes: 2048 });
        rootAdmin = await login(h.app, 'root-administrator');
        ownerAdmin = await login(h.app, 'owner-administrator');
        ownerViewer = await login(h.app, 'owner-viewer');
        childAdmin = await login(h.app, 'child-administrator');
        siblingAdmin = await login(h.app, 'sibling-administrator');
      });
      afterAll(async () => h?.close());

      it('lets the root administrators create a campaign with its legal basis', async () => {
        const before = await lastAuditId(h);
        const response = await call(h, rootAdmin, 'POST', '/api/campaigns', {
          code: 'CD-2020',
          title: 'Chiến dịch Giảm tỉ lệ lây nhiễm mã độc và Botnet năm 2020',
          rootOrganisationId: h.orgId.root,
          indicatorTag: 'chiendich2020',
          templateCode: 'NCSC-2020-NATIONAL',
          startsOn: '2020-09-22',
          endsOn: '2020-12-31',
          nationalDeadline: '2020-10-28',
          letters: [
            {
              number: '826/CATTT-NCSC',
              date: '2020-09-22',
              issuer: 'Cục An toàn thông tin',
              subject: 'V/v triển khai chiến dịch rà quét xử lý mã độc năm 2020',
            },
          ],
        });
        expect(response.statusCode).toBe(201);
        const detail = response.json<CampaignDetail>();
        campaignId = detail.id;
        expect(detail).toMatchObject({
          code: 'CD-2020',
          templateCode: 'NCSC-2020-NATIONAL',
          templateVersion: 1,
          nationalDeadline: '2020-10-28',
          mine: { deadline: '2020-10-28', from: null },
          letters: [{ number: '826/CATTT-NCSC', issuer: 'Cục An toàn thông tin', files: [] }],
          permissions: { canEdit: true, canForward: true },
        });
        expect(detail.children.map((c) => c.code).sort()).toEqual(
          [fixtureOrgs.owner, fixtureOrgs.sibling].sort(),
        );
        expect((await auditSince(h, before)).map((a) => a.action)).toEqual(['campaign.create']);

        const refused = await call(h, ownerAdmin, 'POST', '/api/campaigns', {
          code: 'CD-X',
          title: 'x',
          rootOrganisationId: h.orgId.root,
          templateCode: 'NCSC-2020-NATIONAL',
          startsOn: '2020-09-22',
          endsOn: '2020-12-31',
          nationalDeadline: '2020-10-28',
        });
        expect(refused.statusCode).toBe(404);
        const unknownTemplate = await call(h, rootAdmin, 'POST', '/api/campaigns', {
          code: 'CD-Y',
          title: 'y',
          rootOrganisationId: h.orgId.root,
          templateCode: 'NO-SUCH',
          startsOn: '2020-09-22',
          endsOn: '2020-12-31',
          nationalDeadline: '2020-10-28',
        });
        expect(unknownTemplate.statusCode).toBe(400);
        expect(errorOf(unknownTemplate).message).toContain('NO-SUCH');
      });

      it('stores attached files within the size limit and serves them back', async () => {
        const detail = (
          await call(h, rootAdmin, 'GET', `/api/campaigns/${campaignId}`)
        ).json<CampaignDetail>();
        const letterId = detail.letters[0]!.id;
        const text = 'Phụ lục: Mẫu thống kê, báo cáo kết quả triển khai\n';
        const upload = await call(
          h,
          rootAdmin,
          'POST',
          `/api/campaigns/${campaignId}/letters/${letterId}/files`,
          {
            fileName: 'phu-luc-826.txt',
            mediaType: 'text/plain; charset=utf-8',
            contentBase64: Buffer.from(text).toString('base64'),
          },
        );
        expect(upload.statusCode).toBe(201);
        const file = upload.json<{ id: number; size: number }>();
        expect(file.size).toBe(Buffer.byteLength(text));
        const download = await call(h, rootAdmin, 'GET', `/api/campaigns/${campaignId}/files/${file.id}`);
        expect(download.statusCode).toBe(200);
        expect(download.body).toBe(text);
        expect(download.headers['content-disposition']).toContain('phu-luc-826.txt');

        const big = await call(
          h,
          rootAdmin,
          'POST',
          `/api/campaigns/${campaignId}/letters/${letterId}/files`,
          {
            fileName: 'big.pdf',
            contentBase64: Buffer.alloc(4096, 1).toString('base64'),
          },
        );
        expect(big.statusCode).toBe(413);
        expect(errorOf(big).message).toContain('2048');
      });

      it('reaches an organisation only when forwarded, never with a later deadline', async () => {
        expect((await call(h, ownerAdmin, 'GET', `/api/campaigns/${campaignId}`)).statusCode).toBe(404);
        expect(
          (await call(h, ownerAdmin, 'GET', '/api/campaigns')).json<{ items: unknown[] }>().items,
        ).toEqual([]);

        const late = await call(h, rootAdmin, 'POST', `/api/campaigns/${campaignId}/forward`, {
          deadline: '2020-11-05',
          note: 'x',
        });
        expect(late.statusCode).toBe(400);
        expect(errorOf(late).message).toContain('2020-11-05');
        expect(errorOf(late).message).toContain('2020-10-28');

        const notChild = await call(h, rootAdmin, 'POST', `/api/campaigns/${campaignId}/forward`, {
          deadline: '2020-10-20',
          childIds: [h.orgId.child],
        });
        expect(notChild.statusCode).toBe(400);
        expect(errorOf(notChild).message).toContain(String(h.orgId.child));

        const forwarded = await call(h, rootAdmin, 'POST', `/api/campaigns/${campaignId}/forward`, {
          deadline: '2020-10-20',
          note: 'Đề nghị thông báo chiến dịch đến toàn bộ cơ quan, tổ chức.',
          childIds: [h.orgId.owner],
        });
        expect(forwarded.statusCode).toBe(200);
        expect(forwarded.json()).toMatchObject({ forwarded: [h.orgId.owner], alreadyReceived: [] });

        const seen = (await call(h, ownerAdmin, 'GET', '/api/campaigns')).json<{ items: CampaignSummary[] }>()
          .items;
        expect(seen.map((c) => c.code)).toEqual(['CD-2020']);
        const detail = (
          await call(h, ownerAdmin, 'GET', `/api/campaigns/${campaignId}`)
        ).json<CampaignDetail>();
        expect(detail.mine).toMatchObject({
          deadline: '2020-10-20',
          note: 'Đề nghị thông báo chiến dịch đến toàn bộ cơ quan, tổ chức.',
          from: { id: h.orgId.root, name: 'Trung tâm quốc gia (thử)' },
          acknowledgedAt: null,
        });
        expect(detail.actingOrganisation.id).toBe(h.orgId.owner);
        expect(JSON.stringify(detail)).not.toContain(fixtureOrgs.root);
        expect((await call(h, siblingAdmin, 'GET', `/api/campaigns/${campaignId}`)).statusCode).toBe(404);
        expect((await call(h, childAdmin, 'GET', `/api/campaigns/${campaignId}`)).statusCode).toBe(404);

        const tooLate = await call(h, ownerAdmin, 'POST', `/api/campaigns/${campaignId}/forward`, {
          deadline: '2020-10-21',
        });
        expect(tooLate.statusCode).toBe(400);
        expect(errorOf(tooLate).message).toMatch(/2020-10-21.*2020-10-20/);
        const down = await call(h, ownerAdmin, 'POST', `/api/campaigns/${campaignId}/forward`, {
          deadline: '2020-10-15',
          note: 'Báo cáo trước ngày 15/10/2020',
        });
        expect(down.json()).toMatchObject({ forwarded: [h.orgId.child] });
        expect((await call(h, childAdmin, 'GET', `/api/campaigns/${campaignId}`)).statusCode).toBe(200);
        const again = await call(h, ownerAdmin, 'POST', `/api/campaigns/${campaignId}/forward`, {
          deadline: '2020-10-15',
        });
        expect(again.json()).toMatchObject({ forwarded: [], alreadyReceived: [h.orgId.child] });
      });

      it('records acknowledgement and deployment by the recipient, once', async () => {
        expect(
          (await call(h, ownerViewer, 'POST', `/api/campaigns/${campaignId}/acknowledge`, {})).statusCode,
        ).toBe(403);
        const before = await lastAuditId(h);
        const ack = await call(h, ownerAdmin, 'POST', `/api/campaigns/${campaignId}/acknowledge`, {});
        expect(ack.statusCode).toBe(200);
        expect(ack.json<{ acknowledgedAt: string | null }>().acknowledgedAt).not.toBeNull();
        await call(h, ownerAdmin, 'POST', `/api/campaigns/${campaignId}/acknowledge`, {});
        const deployed = await call(h, childAdmin, 'POST', `/api/campaigns/${campaignId}/deploy`, {});
        expect(deployed.json()).toMatchObject({ deployedAt: expect.any(String) as string });
        expect((await auditSince(h, before)).map((a) => a.action)).toEqual([
          'campaign.acknowledge',
          'campaign.deploy',
        ]);
      });

      it('shows the status matrix of any visible subtree, with overdue organisations', async () => {
        const response = await call(h, rootAdmin, 'GET', `/api/campaigns/${campaignId}/status?depth=5`);
        expect(response.statusCode).toBe(200);
        const matrix = response.json<StatusMatrix>();
        expect(matrix.totals).toEqual({
          organisations: 4,
          received: 3,
          acknowledged: 3,
          deployed: 1,
          reported: 0,
          overdue: 3,
        });
        const row = (code: string) => matrix.rows.find((r) => r.code === code)!;
        expect(row(fixtureOrgs.sibling)).toMatchObject({ received: false, overdue: false, depth: 1 });
        expect(row(fixtureOrgs.child)).toMatchObject({
          received: true,
          deadline: '2020-10-15',
          overdue: true,
          depth: 2,
          reportStatus: null,
        });
        expect(row(fixtureOrgs.child).daysOverdue).toBeGreaterThan(2000);
        expect(row(fixtureOrgs.owner).subtree).toMatchObject({ organisations: 2, received: 2, deployed: 1 });

        const shallow = (
          await call(h, ownerAdmin, 'GET', `/api/campaigns/${campaignId}/status`)
        ).json<StatusMatrix>();
        expect(shallow.rows.map((r) => r.code)).toEqual([fixtureOrgs.owner, fixtureOrgs.child]);
        expect(JSON.stringify(shallow)).not.toContain(fixtureOrgs.root);
        const outside = await call(
          h,
          ownerAdmin,
          'GET',
          `/api/campaigns/${campaignId}/status?organisationId=${h.orgId.sibling}`,
        );
        expect(outside.statusCode).toBe(404);
      });
    },
  );
}
