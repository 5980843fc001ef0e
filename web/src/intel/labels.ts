// Pure helpers of the threat-intelligence pages: message keys for the server's codes,
// badge tones, the Vietnamese/English sentence for a check match, paging and sizes.
// No React here, so all of it is unit-tested.
import { vi } from '../i18n/vi.js';
import type { MessageKey } from '../i18n/vi.js';
import type { CheckMatch, CheckResult, FeedRunCounts, IndicatorStatus, Verdict } from '../types.js';

export type Params = Record<string, string | number>;

/** The key when the catalogue has it; the server may send codes this UI does not know yet. */
export function knownKey(key: string): MessageKey | null {
  return Object.prototype.hasOwnProperty.call(vi, key) ? (key as MessageKey) : null;
}

export const indicatorTypeKey = (type: string) => knownKey(`intel.type.${type}`);
export const threatTypeKey = (threatType: string) => knownKey(`intel.threat.${threatType}`);
export const allowlistListKey = (list: string) => knownKey(`intel.allowlist.list.${list}`);
export const allowlistKindKey = (kind: string) => knownKey(`intel.allowlist.kind.${kind}`);
export const runTriggerKey = (trigger: string) => knownKey(`intel.trigger.${trigger}`);
export const runStatusKey = (status: string) => knownKey(`intel.runStatus.${status}`);

/** Badge tones (see .badge-* in styles.css). */
export type Tone = 'danger' | 'warn' | 'ended' | 'ok' | 'neutral';

export function indicatorStatusTone(status: IndicatorStatus): Tone {
  switch (status) {
    case 'active':
      return 'danger';
    case 'allowlisted':
      return 'warn';
    case 'expired':
      return 'ended';
  }
}

export function verdictTone(verdict: Verdict): Tone {
  switch (verdict) {
    case 'listed':
      return 'danger';
    case 'allowlisted':
      return 'warn';
    case 'expired':
      return 'ended';
    case 'not-listed':
      return 'ok';
  }
}

export function runStatusTone(status: string | null): Tone {
  if (status === 'applied') return 'ok';
  if (status === 'held') return 'warn';
  if (status === 'failed') return 'danger';
  return 'neutral';
}

/** Host name of a URL, without the brackets of an IPv6 literal; null when it is not a URL. */
export function urlHost(value: string): string | null {
  try {
    const host = new URL(value).hostname;
    return host ? host.replace(/^\[|\]$/g, '') : null;
  } catch {
    return null;
  }
}

/**
 * What the checked value is called in a match sentence: the address or domain itself,
 * a URL's host, or the network address of a checked CIDR (which is what is looked up).
 */
export function matchSubject(result: Pick<CheckResult, 'query' | 'normalised'>): string {
  const n = result.normalised;
  if (!n) return result.query.trim();
  if (n.type === 'url') return urlHost(n.value) ?? n.value;
  if (n.type === 'cidr4' || n.type === 'cidr6') return n.value.split('/')[0] ?? n.value;
  return n.value;
}

/**
 * The sentence explaining one match, as a message key and its parameters, built from the
 * structured fields (never from the server's English text). Its wording follows the state of
 * the matched indicator: listed now, no longer listed (expired) or listed but allowlisted.
 */
export function matchSentence(
  match: Pick<CheckMatch, 'how' | 'matched'> & { indicator: { status: IndicatorStatus } },
  result: Pick<CheckResult, 'query' | 'normalised'>,
): { key: MessageKey; params: Params } {
  const subject = matchSubject(result);
  const state = match.indicator.status;
  switch (match.how) {
    case 'exact':
      return { key: `intel.match.exact.${state}`, params: { value: match.matched } };
    case 'parent-domain':
      return { key: `intel.match.parentDomain.${state}`, params: { name: subject, matched: match.matched } };
    case 'inside-cidr':
      return { key: `intel.match.insideCidr.${state}`, params: { address: subject, matched: match.matched } };
    case 'url-host':
      return { key: `intel.match.urlHost.${state}`, params: { host: match.matched } };
  }
}

/** The counts of a run, in the order they are shown, with their column labels. */
export const RUN_COUNT_FIELDS: readonly { field: keyof FeedRunCounts; label: MessageKey }[] = [
  { field: 'added', label: 'intel.count.added' },
  { field: 'updated', label: 'intel.count.updated' },
  { field: 'unchanged', label: 'intel.count.unchanged' },
  { field: 'delisted', label: 'intel.count.delisted' },
  { field: 'expired', label: 'intel.count.expired' },
  { field: 'allowlisted', label: 'intel.count.allowlisted' },
  { field: 'rejected', label: 'intel.count.rejected' },
];

/** Largest file the upload accepts, matching the server's limit on the content (50 MB). */
export const MAX_UPLOAD_BYTES = 50_000_000;

export function uploadTooLarge(size: number): boolean {
  return size > MAX_UPLOAD_BYTES;
}

/** "1,5 MB" / "1.5 MB" etc. with the caller's locale-aware number formatting (decimal units). */
export function formatBytes(bytes: number, formatNumber: (n: number) => string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1000) return `${formatNumber(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'] as const;
  let value = bytes;
  let unit: string = 'B';
  for (const u of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = u;
  }
  const rounded = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${formatNumber(rounded)} ${unit}`;
}

/** Width (0–100, in percent) of an inline bar comparing value with the largest of its kind. */
export function barPercent(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  const p = (value / max) * 100;
  // A non-zero value always shows at least a sliver.
  return Math.min(100, Math.max(1, Math.round(p * 10) / 10));
}

export interface PageInfo {
  /** 1-based number of the first and last row shown (0 when there are none) */
  from: number;
  to: number;
  page: number;
  pages: number;
  hasPrev: boolean;
  hasNext: boolean;
}

export function pageInfo(offset: number, limit: number, total: number, shown: number): PageInfo {
  const pages = Math.max(1, Math.ceil(total / limit));
  return {
    from: shown > 0 ? offset + 1 : 0,
    to: offset + shown,
    page: Math.floor(offset / limit) + 1,
    pages,
    hasPrev: offset > 0,
    hasNext: offset + shown < total,
  };
}

/** A non-negative page offset from a query-string value. */
export function parseOffset(raw: string | null): number {
  if (raw === null || !/^\d+$/.test(raw)) return 0;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : 0;
}

/** How often a feed is pulled: "every N hours" when whole hours, else minutes; null = on demand. */
export function scheduleLabel(minutes: number | null): { key: MessageKey; params?: Params } {
  if (minutes === null) return { key: 'intel.feed.manualOnly' };
  if (minutes >= 60 && minutes % 60 === 0)
    return { key: 'intel.feed.everyHours', params: { hours: minutes / 60 } };
  return { key: 'intel.feed.everyMinutes', params: { minutes } };
}
