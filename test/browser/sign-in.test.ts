/**
 * The web UI in a real browser (Debian's Chromium through playwright-core) against a real server on
 * loopback: signing in, and the organisation tree a province user sees — and its sibling does not.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { createHarness, fixtureOrgs, testPassword, type Harness } from '../support/harness.js';

const chromiumPath = process.env.LAMSACH_CHROMIUM ?? '/usr/bin/chromium';
const browserAvailable = existsSync(chromiumPath);
const webBuilt = existsSync(new URL('../../dist/web/index.html', import.meta.url));
if (!browserAvailable || !webBuilt) {
  const why = !browserAvailable
    ? `no Chromium at ${chromiumPath} (apt-get install chromium)`
    : 'the web UI is not built (npm run build)';
  if (process.env.LAMSACH_TEST_REQUIRE_BROWSER === '1')
    throw new Error(`browser tests are required but ${why}`);
  console.warn(`\n⚠ Browser tests SKIPPED: ${why}.\n`);
}

const sqlite = backends.find((b) => b.backend.name === 'sqlite')!.backend;

describe.skipIf(!browserAvailable || !webBuilt)('web UI in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    h = await createHarness(sqlite);
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    const address = h.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('server did not bind a TCP port');
    baseUrl = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
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
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function signIn(username: string, password = testPassword): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(baseUrl);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    return page;
  }

  it('refuses a wrong password with a Vietnamese explanation', async () => {
    const page = await signIn('owner-administrator', 'wrong-password-123');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/mật khẩu/i);
    await page.close();
  });

  it('shows a province user its own subtree, Vietnamese first with an English switch', async () => {
    const page = await signIn('owner-administrator');
    await page.getByTestId(`org-node-${fixtureOrgs.owner}`).waitFor();
    const tree = page.getByTestId('org-tree');
    expect(await tree.textContent()).toContain('Tỉnh Chủ (thử)');
    await page.getByTestId(`org-node-${fixtureOrgs.owner}`).click();
    await page.getByTestId('org-detail').waitFor();
    expect(await page.getByTestId('org-detail').textContent()).toContain('10.1.0.0/16');
    expect(await page.getByTestId(`org-node-${fixtureOrgs.sibling}`).count()).toBe(0);
    expect(await page.getByTestId(`org-node-${fixtureOrgs.root}`).count()).toBe(0);
    expect(await page.content()).not.toContain(fixtureOrgs.sibling);
    await page.getByTestId('lang-switch').click();
    await page.getByRole('button', { name: 'Sign out' }).or(page.getByTestId('logout')).first().waitFor();
    expect(await page.getByTestId('logout').textContent()).toMatch(/sign out|log out/i);
    await page.close();
  });

  it('shows the sibling province only its own organisation', async () => {
    const page = await signIn('sibling-administrator');
    await page.getByTestId(`org-node-${fixtureOrgs.sibling}`).waitFor();
    expect(await page.getByTestId(`org-node-${fixtureOrgs.owner}`).count()).toBe(0);
    expect(await page.getByTestId(`org-node-${fixtureOrgs.child}`).count()).toBe(0);
    expect(await page.content()).not.toContain('Tỉnh Chủ (thử)');
    await page.close();
  });
});
