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
    await page.close();
  });
});
