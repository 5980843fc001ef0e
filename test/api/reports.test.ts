/**
 * Campaign reports through the HTTP API on both databases: pre-filled figures and their sources,
 * corrections only with a reason (kept in the history), the lifecycle with the reviewer, locking
 * once accepted, the parent's roll-up of its children, and the audit trail of every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDetail } from '../../src/campaigns/campaign-service.js';
import type { ReportDetail, ReportSummary } from '../../src/reports/report-service.js';
import { decodeXml, unzipText } from '../../src/reports/test-support/ooxml.js';
import { backends } from '../support/backends.js';
import { auditSince, call, errorOf, lastAuditId } from '../support/api.js';
import { createHarness, fixtureOrgs, login, type Harness, type Session } from '../support/harness.js';

async function detection(h: Harness, organisationId: number, host: string, n: number, time: string) {
  await h.services.database.db
    .insertInto('detections')
    .values({
      organisation_id: organisationId,
      detected_at: time,
      event_time: time,
      log_format: 'bind',
      indicator_type: 'domain',
      indicator_value: 'evil.example',
      matched: 'evil.example',
      how: 'exact',
      internal_host: host,
      dedupe_key: `k-${organisationId}-${host}-${n}`,
    })
    .execute();
}

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `reports API on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      let rootAdmin: Session;
      let ownerAdmin: Session;
      let childAdmin: Session;
      let childViewer: Session;
      let campaignId: number;
      let childReport: ReportDetail;

      beforeAll(async () => {
        h = await createHarness(backend);
        rootAdmin = await login(h.app, 'root-administrator');
        ownerAdmin = await login(h.app, 'owner-administrator');
        childAdmin = await login(h.app, 'child-administrator');
        childViewer = await login(h.app, 'child-viewer');
        const created = await call(h, rootAdmin, 'POST', '/api/campaigns', {
          code: 'LAMSACH-2022',
          title: 'Chiến dịch làm sạch mã độc trên không gian mạng năm 2022',
          rootOrganisationId: h.orgId.root,
          templateCode: 'NCSC-2022-UNIT',
          startsOn: '2022-08-23',
          endsOn: '2022-12-31',
          nationalDeadline: '2022-09-28',
        });
        campaignId = created.json<CampaignDetail>().id;
        await call(h, rootAdmin, 'POST', `/api/campaigns/${campaignId}/forward`, { deadline: '2022-09-25' });
        await call(h, ownerAdmin, 'POST', `/api/campaigns/${campaignId}/forward`, { deadline: '2022-09-20' });
        await call(h, childAdmin, 'POST', `/api/campaigns/${campaignId}/deploy`, {});
        // Two machines of the child hit indicators during the campaign (one twice), one before it.
        await detection(h, h.orgId.child, '10.1.2.15', 1, '2022-09-01T08:00:00.000Z');
        await detection(h, h.orgId.child, '10.1.2.15', 2, '2022-09-02T08:00:00.000Z');
        await detection(h, h.orgId.child, '10.1.2.16', 3, '2022-09-03T08:00:00.000Z');
        await detection(h, h.orgId.child, '10.1.2.99', 4, '2022-01-03T08:00:00.000Z');
      });
      afterAll(async () => h?.close());

      it('lists the shipped templates', async () => {
        const items = (await call(h, childViewer, 'GET', '/api/reports/templates')).json<{
          items: { code: string }[];
        }>().items;
        expect(items.map((t) => t.code).sort()).toEqual([
          'NCSC-2020-NATIONAL',
          'NCSC-2022-PROVINCIAL',
          'NCSC-2022-UNIT',
        ]);
      });

      it('creates a report pre-filled from forwarding and host records, naming the sources', async () => {
        expect((await call(h, childViewer, 'POST', '/api/reports', { campaignId })).statusCode).toBe(403);
        const response = await call(h, childAdmin, 'POST', '/api/reports', { campaignId });
        expect(response.statusCode).toBe(201);
        childReport = response.json<ReportDetail>();
        expect(childReport).toMatchObject({
          status: 'draft',
          revision: 0,
          organisation: { code: fixtureOrgs.child },
          deadline: '2022-09-20',
          reviewer: { id: h.orgId.owner },
          permissions: { canEdit: true, canSubmit: true, canReview: false },
        });
        expect(childReport.content.figures).toEqual({
          computers_checked: {
            value: null,
            prefilled: null,
            source: 'endpoints.checked',
            correctionReason: null,
            note: '',
          },
          malware_found: { value: 2, prefilled: 2, source: 'hosts.found', correctionReason: null, note: '' },
          // No host of the child was cleaned during the campaign: the host records say 0, not "unknown".
          malware_handled: {
            value: 0,
            prefilled: 0,
            source: 'hosts.cleaned',
            correctionReason: null,
            note: '',
          },
        });
        expect(
          childReport.history.filter((e) => e.action === 'prefilled').map((e) => [e.fieldId, e.newValue]),
        ).toEqual([
          ['computers_checked', null],
          ['malware_found', '2'],
          ['malware_handled', '0'],
        ]);
        const twice = await call(h, childAdmin, 'POST', '/api/reports', { campaignId });
        expect(twice.statusCode).toBe(409);
      });

      it('takes corrections of pre-filled figures only with a reason, and keeps them in the history', async () => {
        const url = `/api/reports/${childReport.id}`;
        const noReason = await call(h, childAdmin, 'PATCH', url, {
          revision: 0,
          figures: { malware_found: { value: 3 } },
        });
        expect(noReason.statusCode).toBe(400);
        expect(errorOf(noReason).details[0]).toMatchObject({
          path: 'figures.malware_found.correctionReason',
        });
        expect(errorOf(noReason).message).toContain('pre-filled with 2');

        const before = await lastAuditId(h);
        const ok = await call(h, childAdmin, 'PATCH', url, {
          revision: 0,
          figures: {
            malware_found: {
              value: 3,
              correctionReason: 'Một máy tính phát hiện qua phần mềm diệt virus, không có trong nhật ký',
            },
            computers_checked: { value: 42 },
            // The host records show none cleaned yet: the unit's own figure needs its reason too.
            malware_handled: {
              value: 3,
              correctionReason: 'Đã xử lý trên máy, hồ sơ máy nhiễm chưa cập nhật',
            },
          },
          texts: { evaluation: 'Đã triển khai đến toàn bộ công chức.' },
          document: { place: 'Tuyên Quang', signerName: 'Nguyễn Văn A', signerPosition: 'Chi cục trưởng' },
        });
        expect(ok.statusCode).toBe(200);
        const edited = ok.json<ReportDetail>();
        expect(edited.revision).toBe(1);
        expect(edited.content.figures.malware_found).toMatchObject({ value: 3, prefilled: 2 });
        expect(edited.document).toMatchObject({ place: 'Tuyên Quang', signerName: 'Nguyễn Văn A' });
        expect(edited.history.find((e) => e.action === 'corrected')).toMatchObject({
          fieldId: 'malware_found',
          oldValue: '2',
          newValue: '3',
          reason: 'Một máy tính phát hiện qua phần mềm diệt virus, không có trong nhật ký',
        });
        expect((await auditSince(h, before)).map((a) => a.action)).toEqual(['report.update']);

        const stale = await call(h, childAdmin, 'PATCH', url, { revision: 0, texts: { proposals: 'x' } });
        expect(stale.statusCode).toBe(409);
        const unknown = await call(h, childAdmin, 'PATCH', url, {
          revision: 1,
          figures: { nope: { value: 1 } },
        });
        expect(unknown.statusCode).toBe(400);
        expect(errorOf(unknown).message).toContain('nope');
      });

      it('moves through submit, return with a comment, resubmit and accept; accepted reports are locked', async () => {
        const url = `/api/reports/${childReport.id}`;
        const before = await lastAuditId(h);
        expect((await call(h, childAdmin, 'POST', `${url}/submit`)).json<ReportDetail>().status).toBe(
          'submitted',
        );
        const selfReview = await call(h, childAdmin, 'POST', `${url}/review`, { decision: 'accept' });
        expect(selfReview.statusCode).toBe(403);
        const noComment = await call(h, ownerAdmin, 'POST', `${url}/review`, { decision: 'return' });
        expect(noComment.statusCode).toBe(400);
        const returned = await call(h, ownerAdmin, 'POST', `${url}/review`, {
          decision: 'return',
          comment: 'Bổ sung đề xuất, kiến nghị',
        });
        expect(returned.json<ReportDetail>()).toMatchObject({
          status: 'returned',
          reviewComment: 'Bổ sung đề xuất, kiến nghị',
        });
        const fixed = await call(h, childAdmin, 'PATCH', url, {
          revision: returned.json<ReportDetail>().revision,
          texts: { proposals: 'Đề nghị cấp thêm bản quyền phần mềm diệt virus.' },
        });
        expect(fixed.statusCode).toBe(200);
        expect((await call(h, childAdmin, 'POST', `${url}/submit`)).json<ReportDetail>().status).toBe(
          'resubmitted',
        );
        const accepted = await call(h, ownerAdmin, 'POST', `${url}/review`, { decision: 'accept' });
        expect(accepted.json<ReportDetail>()).toMatchObject({
          status: 'accepted',
          permissions: { canEdit: false, canSubmit: false, canReview: false },
        });
        const locked = await call(h, childAdmin, 'PATCH', url, {
          revision: accepted.json<ReportDetail>().revision,
          texts: { proposals: 'late' },
        });
        expect(locked.statusCode).toBe(409);
        expect(errorOf(locked).message).toContain('locked');
        expect(
          (await call(h, ownerAdmin, 'POST', `${url}/review`, { decision: 'return', comment: 'x' }))
            .statusCode,
        ).toBe(409);
        expect((await auditSince(h, before)).map((a) => a.action)).toEqual([
          'report.submit',
          'report.return',
          'report.update',
          'report.resubmit',
          'report.accept',
        ]);
        const history = accepted.json<ReportDetail>().history.map((e) => e.action);
        expect(history.slice(-5)).toEqual(['submitted', 'returned', 'edited', 'resubmitted', 'accepted']);
      });

      it('rolls the children up into the parent report, with a table per child', async () => {
        const response = await call(h, ownerAdmin, 'POST', '/api/reports', { campaignId });
        expect(response.statusCode).toBe(201);
        const owner = response.json<ReportDetail>();
        // owner and child received; the child deployed; the child's two machines are in the owner's subtree
        expect(owner.content.figures.malware_found?.value).toBe(2);
        expect(owner.rollup.totals).toEqual({ computers_checked: 42, malware_found: 3, malware_handled: 3 });
        expect(owner.rollup.perChild).toEqual([
          { name: 'Sở Con (thử)', figures: { computers_checked: 42, malware_found: 3, malware_handled: 3 } },
        ]);
        expect(owner.rollup.children).toEqual([
          {
            organisationId: h.orgId.child,
            name: 'Sở Con (thử)',
            reportId: childReport.id,
            status: 'accepted',
          },
        ]);
        const list = (await call(h, rootAdmin, 'GET', `/api/reports?campaignId=${campaignId}`)).json<{
          items: ReportSummary[];
        }>().items;
        expect(list.map((r) => [r.organisation.code, r.status])).toEqual([
          [fixtureOrgs.owner, 'draft'],
          [fixtureOrgs.child, 'accepted'],
        ]);
        const childList = (await call(h, childAdmin, 'GET', `/api/reports?campaignId=${campaignId}`)).json<{
          items: ReportSummary[];
        }>().items;
        expect(childList.map((r) => r.organisation.code)).toEqual([fixtureOrgs.child]);
        expect((await call(h, childAdmin, 'GET', `/api/reports/${owner.id}`)).statusCode).toBe(404);
      });

      it('exports the official document and its figures with the children table', async () => {
        const owner = (await call(h, ownerAdmin, 'GET', `/api/reports?campaignId=${campaignId}`)).json<{
          items: ReportSummary[];
        }>().items[0]!;
        const docx = await h.app.inject({
          method: 'GET',
          url: `/api/reports/${owner.id}/export?format=docx`,
          headers: { cookie: ownerAdmin.cookie },
        });
        expect(docx.statusCode).toBe(200);
        expect(docx.headers['content-type']).toContain('wordprocessingml');
        expect(docx.headers['content-disposition']).toContain(
          `bao-cao-LAMSACH-2022-${fixtureOrgs.owner}.docx`,
        );
        const text = decodeXml(unzipText(docx.rawPayload)['word/document.xml']!).replace(/<[^>]+>/g, '');
        expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
        expect(text).toContain('Tỉnh Chủ (thử)');
        expect(text).toContain('Sở Con (thử)');
        const xlsx = await h.app.inject({
          method: 'GET',
          url: `/api/reports/${childReport.id}/export?format=xlsx&lang=en`,
          headers: { cookie: childAdmin.cookie },
        });
        expect(xlsx.statusCode).toBe(200);
        expect(Object.keys(unzipText(xlsx.rawPayload))).toContain('xl/workbook.xml');
        const bad = await call(h, childAdmin, 'GET', `/api/reports/${childReport.id}/export?format=pdf`);
        expect(bad.statusCode).toBe(400);
      });

      it('refuses to submit an incomplete report, naming the missing fields', async () => {
        const owner = (await call(h, ownerAdmin, 'GET', `/api/reports?campaignId=${campaignId}`)).json<{
          items: ReportSummary[];
        }>().items[0]!;
        const response = await call(h, ownerAdmin, 'POST', `/api/reports/${owner.id}/submit`);
        expect(response.statusCode).toBe(400);
        expect(errorOf(response).message).toContain('evaluation');
        expect(errorOf(response).message).toContain('computers_checked');
      });
    },
  );
}
