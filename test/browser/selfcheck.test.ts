/** The public self-check page in Chromium, in Vietnamese, without signing in; English on request. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import { observation } from '../hosts/support.js';
import { browserReady, startBrowserRig, type BrowserRig } from './browser-support.js';

describe.skipIf(!browserReady)('public self-check in Chromium', () => {
  let rig: BrowserRig;
  beforeAll(async () => {
    rig = await startBrowserRig();
    const ctx = await rig.h.services.contextFor(operator('test'), null);
    // The browser connects from 127.0.0.1: that is "the visitor's address" here.
    await rig.h.services.hosts.importer.importParsed(
      ctx,
      {
        reportType: 'test',
        records: [
          observation('127.0.0.1', new Date(Date.now() - 86_400_000).toISOString(), { family: 'conficker' }),
          observation('10.1.4.4', new Date(Date.now() - 86_400_000).toISOString(), { family: 'conficker' }),
        ],
        rejected: [],
      },
      { fileName: 'browser.csv', trigger: 'cli' },
    );
  }, 60_000);
  afterAll(async () => rig?.close());

  it('tells an anonymous visitor in Vietnamese that its address is listed, and how to clean it', async () => {
    const page = await rig.browser.newPage();
    await page.goto(`${rig.baseUrl}/kiem-tra`);
    const verdict = page.getByTestId('selfcheck-verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-listed')).toBe('yes');
    expect(await verdict.textContent()).toContain(
      'Địa chỉ 127.0.0.1 của bạn có trong báo cáo mã độc gần đây',
    );
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.getByTestId('selfcheck-finding').locator('h2').textContent()).toBe('Conficker');
    expect(await page.getByTestId('selfcheck-cleanup').textContent()).toContain(
      'Cập nhật toàn bộ bản vá Windows',
    );
    expect(await page.getByTestId('selfcheck-tools').textContent()).toContain('Microsoft Safety Scanner');
    const browserLine = page.getByTestId('selfcheck-browser');
    expect(['current', 'outdated', 'unknown']).toContain(await browserLine.getAttribute('data-verdict'));
    expect(await browserLine.textContent()).toContain('Trình duyệt');
    // No login form: the page works without a session.
    expect(await page.getByLabel('Mật khẩu').count()).toBe(0);

    await page.getByTestId('lang-switch').click();
    await page.getByText('What this malware does').waitFor();
    expect(await page.getByTestId('selfcheck-cleanup').textContent()).toContain(
      'Install all Windows updates',
    );
    await page.getByTestId('lang-switch').click();

    await page.getByTestId('public-nav-stats').click();
    await page.getByTestId('province-grid').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thống kê địa chỉ nhiễm mã độc');
    expect(await page.getByTestId('province-tile').count()).toBe(2);
    expect(await page.getByTestId('stats-families').textContent()).toContain('conficker');
    if (process.env.LAMSACH_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.LAMSACH_SCREENSHOTS}/stats.png`, fullPage: true });
    await page.goto(`${rig.baseUrl}/kiem-tra`);
    await page.getByTestId('selfcheck-verdict').waitFor();
    if (process.env.LAMSACH_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.LAMSACH_SCREENSHOTS}/check.png`, fullPage: true });
    await page.close();
  });

  it('lets a province administrator mark hosts of its subtree in bulk and see the timeline', async () => {
    const page = await rig.signIn('owner-administrator');
    await page.getByTestId('nav-hosts').click();
    await page.getByTestId('hosts-table').waitFor();
    expect(await page.getByTestId('host-row').count()).toBe(1);
    await page.getByLabel('Chọn 10.1.4.4').check();
    await page.getByTestId('hosts-bulk-status').selectOption('acknowledged');
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    await page.getByTestId('host-row').getByText('Đã tiếp nhận').waitFor();
    await page.getByTestId('host-check-input').fill('10.1.0.0/16');
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    await page.getByTestId('host-check-result').waitFor();
    expect(await page.getByTestId('host-check-result').textContent()).toContain('1 máy khớp với 10.1.0.0/16');
    await page.getByRole('link', { name: '10.1.4.4' }).first().click();
    await page.getByTestId('host-timeline').waitFor();
    expect(await page.getByTestId('host-timeline').textContent()).toContain('conficker');
    if (process.env.LAMSACH_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.LAMSACH_SCREENSHOTS}/hosts.png`, fullPage: true });
    await page.close();
  });
});
