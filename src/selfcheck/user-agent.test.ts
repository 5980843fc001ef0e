import { describe, expect, it } from 'vitest';
import { compareVersions, detectSoftware, judge, parseBrandList, type VersionRow } from './user-agent.js';

const table: VersionRow[] = [
  { product: 'chrome', label: 'Chrome', kind: 'browser', currentVersion: '142.0', minimumVersion: '140' },
  { product: 'firefox', label: 'Firefox', kind: 'browser', currentVersion: '145.0', minimumVersion: '140' },
  { product: 'coccoc', label: 'Cốc Cốc', kind: 'browser', currentVersion: '142', minimumVersion: '138' },
  { product: 'windows', label: 'Windows', kind: 'os', currentVersion: '11', minimumVersion: '11' },
  { product: 'ios', label: 'iOS', kind: 'os', currentVersion: '26', minimumVersion: '18' },
  { product: 'android', label: 'Android', kind: 'os', currentVersion: '16', minimumVersion: '13' },
];

const chromeWin =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

describe('user agent', () => {
  it('cannot tell Windows 10 from 11 without client hints, and can with them', () => {
    const plain = detectSoftware(chromeWin);
    expect(plain.browser).toEqual({ product: 'chrome', name: 'Google Chrome', version: '142.0.0.0' });
    expect(judge(plain.os, table).verdict).toBe('unknown');
    const hinted = detectSoftware(chromeWin, { platform: '"Windows"', platformVersion: '"15.0.0"' });
    expect(judge(hinted.os, table)).toMatchObject({ version: '11', verdict: 'current' });
    const win10 = detectSoftware(chromeWin, { platform: '"Windows"', platformVersion: '"10.0.0"' });
    expect(judge(win10.os, table)).toMatchObject({ version: '10', verdict: 'outdated' });
  });

  it('prefers the full version list of the hints over the frozen User-Agent', () => {
    const sw = detectSoftware(chromeWin, {
      fullVersionList:
        '"Not_A Brand";v="8.0.0.0", "Chromium";v="120.0.6099.71", "Google Chrome";v="120.0.6099.71"',
    });
    expect(judge(sw.browser, table)).toMatchObject({ version: '120.0.6099.71', verdict: 'outdated' });
  });

  it('recognises Cốc Cốc, Firefox, old Windows, iOS and Android', () => {
    const coccoc = detectSoftware(
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/141.0.222 Chrome/135.0.0.0 Safari/537.36',
    );
    expect(coccoc.browser).toMatchObject({ product: 'coccoc', version: '141.0.222' });
    const fx = detectSoftware(
      'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0',
    );
    expect(judge(fx.browser, table).verdict).toBe('outdated');
    expect(judge(fx.os, table)).toMatchObject({ name: 'Windows', version: '7', verdict: 'outdated' });
    const iphone = detectSoftware(
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    );
    expect(iphone.os).toEqual({ product: 'ios', name: 'iOS', version: '17.5' });
    expect(judge(iphone.os, table).verdict).toBe('outdated');
    expect(iphone.browser).toMatchObject({ product: 'safari', version: '17.5' });
    const android = detectSoftware(
      'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36',
    );
    expect(judge(android.os, table)).toMatchObject({ version: '14', verdict: 'current' });
  });

  it('says unknown for what it does not know, and old Internet Explorer is always outdated', () => {
    expect(judge(detectSoftware('curl/8.5.0').browser, table).verdict).toBe('unknown');
    const ie = detectSoftware('Mozilla/5.0 (Windows NT 6.3; Trident/7.0; rv:11.0) like Gecko');
    expect(judge(ie.browser, table).verdict).toBe('outdated');
  });

  it('reads brand lists and compares versions numerically', () => {
    expect(parseBrandList('"A";v="1", "B";v="2.5"')).toEqual([
      { brand: 'A', version: '1' },
      { brand: 'B', version: '2.5' },
    ]);
    expect(compareVersions('142.0.10', '142.0.9')).toBe(1);
    expect(compareVersions('17.5', '18')).toBe(-1);
    expect(compareVersions('11', '11.0.0')).toBe(0);
  });
});
