/**
 * Reads the browser and operating system (with versions) from a User-Agent header and, where the
 * browser sends them, the User-Agent client hints, then compares them with a table of current
 * versions. Chromium browsers freeze parts of the User-Agent (Windows is always "NT 10.0", minor
 * versions are zero), so hints win when present, and an undecidable case says "unknown" rather
 * than guessing. Pure.
 */

export interface ClientHints {
  /** Sec-CH-UA */
  brands?: string | undefined;
  /** Sec-CH-UA-Full-Version-List */
  fullVersionList?: string | undefined;
  /** Sec-CH-UA-Platform */
  platform?: string | undefined;
  /** Sec-CH-UA-Platform-Version */
  platformVersion?: string | undefined;
  /** Sec-CH-UA-Mobile */
  mobile?: string | undefined;
}

export interface Detected {
  /** product key of the versions table, e.g. chrome, firefox, windows */
  product: string | null;
  name: string;
  version: string | null;
}

export interface ClientSoftware {
  browser: Detected;
  os: Detected;
}

export interface VersionRow {
  product: string;
  label: string;
  kind: string;
  currentVersion: string;
  minimumVersion: string;
}

export type Verdict = 'current' | 'outdated' | 'unknown';

export interface SoftwareVerdict extends Detected {
  verdict: Verdict;
  currentVersion: string | null;
}

const browserBrands: [RegExp, string, string][] = [
  [/^Microsoft Edge$/i, 'edge', 'Microsoft Edge'],
  [/^Opera$/i, 'opera', 'Opera'],
  [/^CocCoc$|^Coc Coc$/i, 'coccoc', 'Cốc Cốc'],
  [/^Samsung Internet$/i, 'samsung', 'Samsung Internet'],
  [/^Google Chrome$/i, 'chrome', 'Google Chrome'],
];

/** Parses a structured-header list like `"Chromium";v="124", "Google Chrome";v="124"`. */
export function parseBrandList(header: string): { brand: string; version: string }[] {
  const out: { brand: string; version: string }[] = [];
  const re = /"([^"]*)"\s*;\s*v\s*=\s*"([^"]*)"/g;
  for (let m = re.exec(header); m !== null; m = re.exec(header)) out.push({ brand: m[1]!, version: m[2]! });
  return out;
}

function unquote(value: string | undefined): string | undefined {
  return value?.trim().replace(/^"|"$/g, '');
}

function fromHints(hints: ClientHints): Detected | null {
  const list = parseBrandList(hints.fullVersionList ?? hints.brands ?? '');
  for (const [re, product, name] of browserBrands) {
    const hit = list.find((b) => re.test(b.brand));
    if (hit) return { product, name, version: hit.version };
  }
  return null;
}

function fromUserAgent(ua: string): Detected {
  const rules: [RegExp, string, string][] = [
    [/\bEdg(?:e|A|iOS)?\/([\d.]+)/, 'edge', 'Microsoft Edge'],
    [/\bOPR\/([\d.]+)/, 'opera', 'Opera'],
    [/\bcoc_coc_browser\/([\d.]+)/, 'coccoc', 'Cốc Cốc'],
    [/\bSamsungBrowser\/([\d.]+)/, 'samsung', 'Samsung Internet'],
    [/\bFirefox\/([\d.]+)/, 'firefox', 'Mozilla Firefox'],
    [/\bFxiOS\/([\d.]+)/, 'firefox', 'Mozilla Firefox'],
    [/\bCriOS\/([\d.]+)/, 'chrome', 'Google Chrome'],
    [/\bChrome\/([\d.]+)/, 'chrome', 'Google Chrome'],
    [/\bVersion\/([\d.]+).*\bSafari\//, 'safari', 'Safari'],
    [/\bMSIE ([\d.]+)|\bTrident\/.*rv:([\d.]+)/, 'ie', 'Internet Explorer'],
  ];
  for (const [re, product, name] of rules) {
    const m = re.exec(ua);
    if (m) return { product, name, version: m[1] ?? m[2] ?? null };
  }
  return { product: null, name: 'unknown', version: null };
}

const windowsNt: Record<string, string> = {
  '5.1': 'XP',
  '6.0': 'Vista',
  '6.1': '7',
  '6.2': '8',
  '6.3': '8.1',
};

function osFrom(ua: string, hints: ClientHints): Detected {
  const platform = unquote(hints.platform);
  const platformVersion = unquote(hints.platformVersion);
  if (platform === 'Windows' && platformVersion) {
    const major = Number(platformVersion.split('.')[0]);
    // Windows 11 reports platform version 13 or later; 1–10 are Windows 10; 0 is older.
    if (major >= 13) return { product: 'windows', name: 'Windows', version: '11' };
    if (major >= 1) return { product: 'windows', name: 'Windows', version: '10' };
  }
  if (platform === 'macOS' && platformVersion)
    return { product: 'macos', name: 'macOS', version: platformVersion };
  if (platform === 'Android' && platformVersion)
    return { product: 'android', name: 'Android', version: platformVersion };
  const nt = /Windows NT ([\d.]+)/.exec(ua);
  if (nt) {
    const old = windowsNt[nt[1]!];
    // "NT 10.0" is both Windows 10 and 11: without the hint it cannot be told apart.
    return { product: 'windows', name: 'Windows', version: old ?? null };
  }
  const ios = /\b(?:iPhone|CPU) OS (\d+(?:_\d+)*)/.exec(ua) ?? /\biPad.*OS (\d+(?:_\d+)*)/.exec(ua);
  if (ios) return { product: 'ios', name: 'iOS', version: ios[1]!.replace(/_/g, '.') };
  const android = /\bAndroid (\d+(?:\.\d+)*)/.exec(ua);
  if (android) return { product: 'android', name: 'Android', version: android[1]! };
  const mac = /\bMac OS X (\d+(?:[._]\d+)*)/.exec(ua);
  // Browsers freeze macOS at 10.15.7 in the User-Agent, so only older values are trustworthy.
  if (mac) {
    const version = mac[1]!.replace(/_/g, '.');
    return { product: 'macos', name: 'macOS', version: version.startsWith('10.15') ? null : version };
  }
  if (/\bCrOS\b/.test(ua)) return { product: 'chromeos', name: 'ChromeOS', version: null };
  if (/\bLinux\b/.test(ua)) return { product: 'linux', name: 'Linux', version: null };
  return { product: null, name: 'unknown', version: null };
}

export function detectSoftware(userAgent: string, hints: ClientHints = {}): ClientSoftware {
  const ua = userAgent.slice(0, 1000);
  const browser = fromHints(hints) ?? fromUserAgent(ua);
  return { browser, os: osFrom(ua, hints) };
}

/** Compares dotted versions numerically: -1, 0 or 1. Missing parts count as zero. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export function judge(detected: Detected, table: readonly VersionRow[]): SoftwareVerdict {
  const row = table.find((r) => r.product === detected.product);
  if (detected.product === 'ie') return { ...detected, verdict: 'outdated', currentVersion: null };
  if (!row) return { ...detected, verdict: 'unknown', currentVersion: null };
  if (detected.version === null)
    return { ...detected, verdict: 'unknown', currentVersion: row.currentVersion };
  return {
    ...detected,
    verdict: compareVersions(detected.version, row.minimumVersion) < 0 ? 'outdated' : 'current',
    currentVersion: row.currentVersion,
  };
}
