/** Threat intelligence in the browser: a province user checks a value; only the national level sees feeds. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIndicators } from '../support/indicators.js';
import { browserReady, startBrowserRig, type BrowserRig } from './browser-support.js';

describe.skipIf(!browserReady)('threat intelligence pages in Chromium', () => {
  let rig: BrowserRig;
  beforeAll(async () => {
    rig = await startBrowserRig();
    await importIndicators(
      rig.h,
      'national',
      ['evil.browser.example', '203.0.113.0/24'],
      'Danh sách của NCSC',
    );
  }, 60_000);
  afterAll(async () => rig?.close());

  it('explains in Vietnamese why a subdomain matches', async () => {
    const page = await rig.signIn('owner-viewer');
    await page.getByTestId('nav-intel-check').waitFor();
    await page.getByTestId('nav-intel-check').click();
    await page.getByTestId('check-input').fill('www.evil.browser.example');
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    const verdict = page.getByTestId('check-verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verdict')).toBe('listed');
    expect(await page.getByTestId('check-match').first().textContent()).toContain('evil.browser.example');
    await page.close();
  });

  it('shows feed management to the national level only', async () => {
    const province = await rig.signIn('owner-administrator');
    await province.getByTestId('nav-intel-feeds').click();
    await province.getByTestId('feeds-forbidden').waitFor();
    await province.close();
    const national = await rig.signIn('root-administrator');
    await national.getByTestId('nav-intel-feeds').click();
    await national.getByTestId('feed-row-national').waitFor();
    expect(await national.getByTestId('feeds-table').textContent()).toContain('Danh sách của NCSC');
    await national.close();
  });
});
