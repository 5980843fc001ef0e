/** Blocklists in the browser: a province administrator builds an RPZ list, gets its URL once and the BIND snippet. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importIndicators } from '../support/indicators.js';
import { browserReady, startBrowserRig, type BrowserRig } from './browser-support.js';

describe.skipIf(!browserReady)('blocklist page in Chromium', () => {
  let rig: BrowserRig;
  beforeAll(async () => {
    rig = await startBrowserRig();
    await importIndicators(rig.h, 'national', ['evil.browser.example', '185.220.101.9'], 'NCSC');
  }, 60_000);
  afterAll(async () => rig?.close());

  it('builds a list, shows its device URL once with device snippets, and the URL serves the zone', async () => {
    const page = await rig.signIn('owner-administrator');
    await page.getByTestId('nav-blocklists').click();
    await page.getByRole('heading', { name: 'Danh sách chặn cho thiết bị' }).waitFor();
    await page.getByTestId('dist-empty').waitFor();
    await page.getByTestId('dist-create').click();
    await page.getByTestId('dist-name').fill('dns-tinh');
    await page.getByTestId('dist-title').fill('Chặn tên miền độc hại');
    await page.getByTestId('dist-format').selectOption('rpz');
    await page.getByTestId('dist-type-domain').check();
    await page.getByTestId('dist-submit').click();

    const url = (await page.getByTestId('dist-url').textContent())!.trim();
    expect(url).toMatch(new RegExp(`^${rig.baseUrl}/feeds/d/lsk_[^/]+/dns-tinh\\.zone$`));
    const bind = await page.getByTestId('snippet-bind').textContent();
    expect(bind).toContain('response-policy { zone "lamsach-dns-tinh.rpz"; };');
    expect(bind).toContain(url);
    await page.getByTestId('snippet-unbound').waitFor();
    await page.getByTestId('dist-row-dns-tinh').waitFor();

    const zone = await (await fetch(url)).text();
    expect(zone).toContain('evil.browser.example CNAME .');
    expect(zone).not.toContain('rpz-ip');
    await page.close();
  });
});
