/** Shared set-up for browser tests: Debian's Chromium via playwright-core against a loopback server. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { backends } from '../support/backends.js';
import { createHarness, testPassword, type Harness } from '../support/harness.js';

export const chromiumPath = process.env.LAMSACH_CHROMIUM ?? '/usr/bin/chromium';
const browserAvailable = existsSync(chromiumPath);
const webBuilt = existsSync(new URL('../../dist/web/index.html', import.meta.url));
export const browserReady = browserAvailable && webBuilt;
if (!browserReady) {
  const why = !browserAvailable
    ? `no Chromium at ${chromiumPath} (apt-get install chromium)`
    : 'the web UI is not built (npm run build)';
  if (process.env.LAMSACH_TEST_REQUIRE_BROWSER === '1')
    throw new Error(`browser tests are required but ${why}`);
  console.warn(`\n⚠ Browser tests SKIPPED: ${why}.\n`);
}

export interface BrowserRig {
  h: Harness;
  browser: Browser;
  baseUrl: string;
  signIn: (username: string, password?: string) => Promise<Page>;
  close: () => Promise<void>;
}

export async function startBrowserRig(): Promise<BrowserRig> {
  const sqlite = backends.find((b) => b.backend.name === 'sqlite')!.backend;
  const h = await createHarness(sqlite);
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const address = h.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server did not bind a TCP port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    h,
    browser,
    baseUrl,
    async signIn(username, password = testPassword) {
      const page = await browser.newPage();
      await page.goto(baseUrl);
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu').fill(password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      return page;
    },
    async close() {
      await browser.close();
      await h.close();
    },
  };
}
