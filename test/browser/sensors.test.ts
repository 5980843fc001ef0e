/**
 * The sensors page in Chromium: a province sees its own sensors (never the sibling's), with the
 * numbers from the last heartbeat, and a sensor silent past the threshold is flagged in red with
 * a written warning, not by colour alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import { browserReady, startBrowserRig, type BrowserRig } from './browser-support.js';

describe.skipIf(!browserReady)('sensors page in Chromium', () => {
  let rig: BrowserRig;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    rig = await startBrowserRig();
    const { h } = rig;
    const ctx = await h.services.contextFor(operator('test'), null);
    for (const [name, org] of [
      ['dns-cam', h.orgId.owner],
      ['fw-im-lang', h.orgId.child],
      ['sibling-sensor', h.orgId.sibling],
    ] as const) {
      const { token } = await h.services.tokens.create(ctx, {
        name,
        purpose: 'sensor',
        organisationId: org,
        expiresAt: null,
      });
      const response = await h.app.inject({
        method: 'POST',
        url: '/api/sensor/heartbeat',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          hostname: `${name}.local`,
          version: '0.1.0',
          bundleVersion: 7,
          bundleGeneratedAt: new Date(Date.now() - 600_000).toISOString(),
          linesPerSecond: 1234.5,
          linesTotal: 100_000,
          linesNotUnderstood: 42,
          filesFollowed: 2,
          queueLength: 3,
        },
      });
      expect(response.statusCode).toBe(200);
    }
    const rows = await h.services.database.db
      .selectFrom('sensors as s')
      .innerJoin('api_tokens as t', 't.id', 's.token_id')
      .select(['s.id', 't.name'])
      .execute();
    for (const r of rows) ids[r.name] = r.id;
    // One sensor last heard from two hours ago (the default threshold is 15 minutes).
    await h.services.database.db
      .updateTable('sensors')
      .set({ last_contact_at: new Date(Date.now() - 2 * 3_600_000).toISOString() })
      .where('id', '=', ids['fw-im-lang']!)
      .execute();
  }, 60_000);
  afterAll(async () => rig?.close());

  it('lists the subtree sensors with their numbers and a visible silent warning', async () => {
    const page = await rig.signIn('owner-viewer');
    await page.getByTestId('nav-sensors').click();
    await page.getByTestId('sensors-table').waitFor();
    const warning = page.getByTestId('sensors-silent-warning');
    expect(await warning.textContent()).toMatch(/1 cảm biến không liên lạc với máy chủ quá 15 phút/);
    const silent = page.getByTestId(`sensor-row-${ids['fw-im-lang']}`);
    expect(await silent.textContent()).toMatch(/Mất liên lạc 2 giờ 0 phút/);
    expect(await silent.getAttribute('class')).toContain('row-silent');
    const colour = await silent.locator('.badge-danger').evaluate((el) => getComputedStyle(el).color);
    expect(colour).not.toBe('rgb(0, 0, 0)');
    const fine = page.getByTestId(`sensor-row-${ids['dns-cam']}`);
    const text = (await fine.textContent()) ?? '';
    expect(text).toMatch(/Hoạt động/);
    expect(text).toContain('dns-cam.local');
    expect(text).toContain('1.234,5');
    expect(text).toMatch(/v7/);
    expect(text).toMatch(/tạo 10 phút trước/);
    expect(await page.getByTestId(`sensor-row-${ids['sibling-sensor']}`).count()).toBe(0);
    expect(await page.content()).not.toContain('sibling-sensor');
    await page.close();
  });

  it('shows the sibling province only its own sensor, without a warning', async () => {
    const page = await rig.signIn('sibling-viewer');
    await page.getByTestId('nav-sensors').click();
    await page.getByTestId('sensors-table').waitFor();
    expect(await page.getByTestId('sensors-silent-warning').count()).toBe(0);
    expect(await page.getByTestId('sensors-table').textContent()).toContain('sibling-sensor');
    expect(await page.content()).not.toContain('dns-cam');
    await page.close();
  });
});
