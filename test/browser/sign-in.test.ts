/**
 * The web UI in a real browser (Debian's Chromium through playwright-core) against a real server on
 * loopback: signing in, and the organisation tree a province user sees — and its sibling does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureOrgs } from '../support/harness.js';
import { browserReady, startBrowserRig, type BrowserRig } from './browser-support.js';

describe.skipIf(!browserReady)('web UI in Chromium', () => {
  let rig: BrowserRig;
  beforeAll(async () => {
    rig = await startBrowserRig();
  }, 60_000);
  afterAll(async () => rig?.close());

  it('refuses a wrong password with a Vietnamese explanation', async () => {
    const page = await rig.signIn('owner-administrator', 'wrong-password-123');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/mật khẩu/i);
    await page.close();
  });

  it('shows a province user its own subtree, Vietnamese first with an English switch', async () => {
    const page = await rig.signIn('owner-administrator');
    await page.getByTestId(`org-node-${fixtureOrgs.owner}`).waitFor();
    expect(await page.getByTestId('org-tree').textContent()).toContain('Tỉnh Chủ (thử)');
    await page.getByTestId(`org-node-${fixtureOrgs.owner}`).click();
    await page.getByTestId('org-detail').waitFor();
    expect(await page.getByTestId('org-detail').textContent()).toContain('10.1.0.0/16');
    expect(await page.getByTestId(`org-node-${fixtureOrgs.sibling}`).count()).toBe(0);
    expect(await page.getByTestId(`org-node-${fixtureOrgs.root}`).count()).toBe(0);
    expect(await page.content()).not.toContain(fixtureOrgs.sibling);
    await page.getByTestId('lang-switch').click();
    await page
      .getByTestId('logout')
      .filter({ hasText: /sign out|log out/i })
      .waitFor();
    await page.close();
  });

  it('shows the sibling province only its own organisation', async () => {
    const page = await rig.signIn('sibling-administrator');
    await page.getByTestId(`org-node-${fixtureOrgs.sibling}`).waitFor();
    expect(await page.getByTestId(`org-node-${fixtureOrgs.owner}`).count()).toBe(0);
    expect(await page.getByTestId(`org-node-${fixtureOrgs.child}`).count()).toBe(0);
    expect(await page.content()).not.toContain('Tỉnh Chủ (thử)');
    await page.close();
  });
});
