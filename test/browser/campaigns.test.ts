/**
 * One campaign in Chromium from the national level through a province to a unit and back up: the
 * national administrator launches it and forwards it to one province, the province forwards it to
 * its unit with an earlier (already passed) deadline, the status matrix shows the unit overdue, the
 * unit acknowledges, reports with a corrected figure and submits, the province accepts and reports
 * with the unit's figures rolled up, the national centre accepts and exports the official document.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureOrgs } from '../support/harness.js';
import { browserReady, startBrowserRig, type BrowserRig } from './browser-support.js';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function openCampaign(page: Page) {
  await page.getByTestId('nav-campaigns').click();
  await page.getByTestId('campaign-link-LAMSACH-2026').click();
  await page.getByTestId('campaign-title').waitFor();
}

describe.skipIf(!browserReady)('a campaign walked down and back up the tree in Chromium', () => {
  let rig: BrowserRig;
  beforeAll(async () => {
    rig = await startBrowserRig();
    // One infected machine seen in the unit's DNS logs during the campaign.
    await rig.h.services.database.db
      .insertInto('detections')
      .values({
        organisation_id: rig.h.orgId.child,
        detected_at: new Date().toISOString(),
        event_time: new Date().toISOString(),
        log_format: 'bind',
        indicator_type: 'domain',
        indicator_value: 'evil.example',
        matched: 'evil.example',
        how: 'exact',
        internal_host: '10.1.2.15',
        dedupe_key: 'browser-1',
      })
      .execute();
  }, 60_000);
  afterAll(async () => rig?.close());

  it('goes from the national level to the unit and back to an exported report', async () => {
    // National centre: launch and forward to one province only.
    const national = await rig.signIn('root-administrator');
    await national.getByTestId('nav-campaigns').click();
    await national.getByTestId('campaign-new').click();
    await national.getByTestId('campaign-code').fill('LAMSACH-2026');
    await national.getByTestId('campaign-title').fill('Chiến dịch làm sạch mã độc năm 2026');
    await national.getByTestId('campaign-startsOn').fill(day(-10));
    await national.getByTestId('campaign-endsOn').fill(day(60));
    await national.getByTestId('campaign-nationalDeadline').fill(day(30));
    await national.getByTestId('campaign-templateCode').selectOption('NCSC-2022-UNIT');
    await national.getByTestId('campaign-letterNumber').fill('1298/CATTT-NCSC');
    await national.getByTestId('campaign-letterDate').fill(day(-10));
    await national.getByTestId('campaign-letterIssuer').fill('Cục An toàn thông tin');
    await national.getByTestId('campaign-create').click();
    await national.getByTestId('forward-form').waitFor();
    expect(await national.getByTestId('campaign-letters').textContent()).toContain('1298/CATTT-NCSC');
    await national.getByTestId(`forward-child-${fixtureOrgs.sibling}`).uncheck();
    await national.getByTestId('forward-deadline').fill(day(40));
    // The browser refuses a deadline after the one received (the server does too: API tests).
    expect(
      await national
        .getByTestId('forward-deadline')
        .evaluate((el) => (el as HTMLInputElement).validity.rangeOverflow),
    ).toBe(true);
    await national.getByTestId('forward-deadline').fill(day(20));
    await national.getByTestId('forward-note').fill('Đề nghị triển khai đến toàn bộ đơn vị trực thuộc.');
    await national.getByTestId('forward-submit').click();
    await national.getByText('Đã chuyển tiếp đến 1 đơn vị.').waitFor();
    await national.getByTestId('matrix-totals').filter({ hasText: '2 đã nhận' }).waitFor();
    expect(await national.getByTestId(`matrix-row-${fixtureOrgs.owner}`).textContent()).toContain('Có');
    expect(await national.getByTestId(`matrix-row-${fixtureOrgs.sibling}`).textContent()).not.toContain('Có');

    // Province: acknowledge and forward to its unit with a deadline that has already passed.
    const province = await rig.signIn('owner-administrator');
    await openCampaign(province);
    expect(await province.getByTestId('campaign-mine').textContent()).toContain('Đề nghị triển khai');
    await province.getByTestId('campaign-acknowledge').click();
    await province.getByText('Đã xác nhận nhận lúc', { exact: false }).waitFor();
    await province.getByTestId('forward-deadline').fill(day(-1));
    await province.getByTestId('forward-submit').click();
    const unitRow = province.getByTestId(`matrix-row-${fixtureOrgs.child}`);
    await unitRow.getByText('Quá hạn 1 ngày').waitFor();
    expect(await unitRow.getAttribute('class')).toContain('row-overdue');

    // Unit: carry it out, report with the pre-filled figure corrected (with its reason), submit.
    const unit = await rig.signIn('child-administrator');
    await openCampaign(unit);
    await unit.getByTestId('campaign-deploy').click();
    await unit.getByTestId('campaign-deployed').waitFor();
    await unit.getByTestId('campaign-report').click();
    await unit.getByTestId('report-figures').waitFor();
    expect(await unit.getByTestId('figure-malware_found-prefilled').textContent()).toContain('1');
    expect(await unit.getByTestId('figure-malware_found-prefilled').textContent()).toContain('nhật ký');
    await unit.getByTestId('figure-computers_checked-value').fill('25');
    await unit.getByTestId('figure-malware_found-value').fill('2');
    await unit.getByTestId('figure-malware_handled-value').fill('2');
    await unit.getByTestId('text-evaluation').fill('Đã kiểm tra toàn bộ máy tính của công chức.');
    await unit.getByTestId('report-save').click();
    await unit.getByTestId('report-error').waitFor();
    expect(await unit.getByTestId('report-error').textContent()).toContain('reason');
    await unit.getByTestId('figure-malware_found-reason').fill('Một máy phát hiện bằng phần mềm diệt virus');
    // The host records show no host cleaned yet, so the unit's figure for handled malware needs a reason too.
    await unit.getByTestId('figure-malware_handled-reason').fill('Đã xử lý trên máy, hồ sơ chưa cập nhật');
    await unit.getByTestId('report-save').click();
    await unit.getByText('Đã lưu báo cáo.').waitFor();
    await unit.getByTestId('report-submit').click();
    await unit.getByText('Đã gửi báo cáo lên đơn vị cấp trên.').waitFor();
    expect(await unit.getByTestId('report-status').first().textContent()).toBe('Đã gửi');
    expect(await unit.getByTestId('report-history').textContent()).toContain(
      'Một máy phát hiện bằng phần mềm diệt virus',
    );

    // Province: the unit is no longer overdue; accept its report, then report with the roll-up.
    await province.reload();
    await province.getByTestId(`matrix-row-${fixtureOrgs.child}`).waitFor();
    expect(await province.getByTestId(`matrix-row-${fixtureOrgs.child}`).getAttribute('class')).toBeNull();
    await province.getByTestId('campaign-report').click();
    await province.getByTestId('report-rollup').waitFor();
    expect(await province.getByTestId('rollup-total').textContent()).toContain('25');
    await province.getByTestId('report-rollup').getByRole('link', { name: 'Sở Con (thử)' }).click();
    await province.getByTestId('report-accept').click();
    await province.getByText('Đã chấp nhận báo cáo.').waitFor();
    await province.goBack();
    await province.getByTestId('report-figures').waitFor();
    await province.getByTestId('figure-computers_checked-value').fill('25');
    await province.getByTestId('figure-malware_found-value').fill('2');
    await province.getByTestId('figure-malware_found-reason').fill('Theo báo cáo của đơn vị cấp dưới');
    await province.getByTestId('text-evaluation').fill('Toàn tỉnh đã triển khai.');
    await province.getByTestId('doc-place').fill('Hải Dương');
    await province.getByTestId('report-save').click();
    await province.getByText('Đã lưu báo cáo.').waitFor();
    await province.getByTestId('report-submit').click();
    await province.getByText('Đã gửi báo cáo lên đơn vị cấp trên.').waitFor();

    // National centre: accept the province's report and export its own with the roll-up.
    await national.reload();
    await national.getByTestId('campaign-report').click();
    await national.getByTestId('report-rollup').waitFor();
    expect(await national.getByTestId('rollup-total').textContent()).toContain('25');
    await national.getByTestId('report-rollup').getByRole('link', { name: 'Tỉnh Chủ (thử)' }).click();
    await national.getByTestId('report-accept').click();
    await national.getByText('Đã chấp nhận báo cáo.').waitFor();
    const exportLink = national.getByTestId('export-docx');
    expect(await exportLink.getAttribute('href')).toMatch(/\/api\/reports\/\d+\/export\?format=docx&lang=vi/);
    const [download] = await Promise.all([national.waitForEvent('download'), exportLink.click()]);
    expect(download.suggestedFilename()).toBe(`bao-cao-LAMSACH-2026-${fixtureOrgs.owner}.docx`);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(await national.getByTestId('export-xlsx').getAttribute('href')).toContain('format=xlsx');
    for (const page of [national, province, unit]) await page.close();
  }, 120_000);
});
