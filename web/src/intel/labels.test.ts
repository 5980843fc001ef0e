import { describe, expect, it } from 'vitest';
import { indicatorTypes, threatTypes } from '../../../src/intel/model.js';
import { en } from '../i18n/en.js';
import { vi } from '../i18n/vi.js';
import { INDICATOR_TYPES, THREAT_TYPES } from '../types.js';
import type { CheckResult } from '../types.js';
import {
  allowlistListKey,
  barPercent,
  formatBytes,
  indicatorStatusTone,
  indicatorTypeKey,
  knownKey,
  matchSentence,
  matchSubject,
  pageInfo,
  parseOffset,
  runStatusKey,
  runStatusTone,
  scheduleLabel,
  threatTypeKey,
  uploadTooLarge,
  urlHost,
  verdictTone,
} from './labels.js';

/** Fills a message the way t() does (without number formatting). */
function render(key: keyof typeof vi, params: Record<string, string | number>, lang: 'vi' | 'en' = 'vi') {
  const template = (lang === 'vi' ? vi : en)[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
}

const result = (type: CheckResult['normalised'], query = 'x'): Pick<CheckResult, 'query' | 'normalised'> => ({
  query,
  normalised: type,
});

describe('vocabularies', () => {
  it('are the same as the server’s', () => {
    expect([...INDICATOR_TYPES]).toEqual([...indicatorTypes]);
    expect([...THREAT_TYPES]).toEqual([...threatTypes]);
  });
  it('have a Vietnamese and an English label for every indicator type and threat type', () => {
    for (const type of INDICATOR_TYPES) {
      const key = indicatorTypeKey(type);
      expect(key, type).not.toBeNull();
      expect(en[key!]).toBeTruthy();
    }
    for (const threat of THREAT_TYPES) {
      const key = threatTypeKey(threat);
      expect(key, threat).not.toBeNull();
      expect(en[key!]).toBeTruthy();
    }
    expect(vi[threatTypeKey('c2')!]).toBe('Máy chủ điều khiển (C2)');
    expect(vi[threatTypeKey('botnet-infected')!]).toBe('Máy nhiễm mã độc botnet');
    expect(vi[threatTypeKey('phishing')!]).toBe('Lừa đảo (phishing)');
    expect(vi[threatTypeKey('malware-distribution')!]).toBe('Phát tán mã độc');
  });
  it('answers null for codes the UI does not know, so the raw code is shown', () => {
    expect(threatTypeKey('something-new')).toBeNull();
    expect(indicatorTypeKey('ja3')).toBeNull();
    expect(runStatusKey('exploded')).toBeNull();
    expect(knownKey('intel.threat.toString')).toBeNull();
    expect(knownKey('__proto__')).toBeNull();
  });
  it('labels the shipped allowlists', () => {
    expect(vi[allowlistListKey('reserved')!]).toBe('Dải địa chỉ dành riêng');
    expect(vi[allowlistListKey('resolvers')!]).toBe('Máy chủ DNS công cộng');
    expect(vi[allowlistListKey('cdn')!]).toBe('Mạng phân phối nội dung (CDN)');
    expect(vi[allowlistListKey('popular-domains')!]).toBe('Tên miền phổ biến');
    expect(allowlistListKey('my-list')).toBeNull();
  });
});

describe('tones', () => {
  it('colours verdicts red, amber, grey and green', () => {
    expect(verdictTone('listed')).toBe('danger');
    expect(verdictTone('allowlisted')).toBe('warn');
    expect(verdictTone('expired')).toBe('ended');
    expect(verdictTone('not-listed')).toBe('ok');
  });
  it('colours indicator and run states', () => {
    expect(indicatorStatusTone('active')).toBe('danger');
    expect(indicatorStatusTone('allowlisted')).toBe('warn');
    expect(indicatorStatusTone('expired')).toBe('ended');
    expect(runStatusTone('applied')).toBe('ok');
    expect(runStatusTone('held')).toBe('warn');
    expect(runStatusTone('failed')).toBe('danger');
    expect(runStatusTone('not-modified')).toBe('neutral');
    expect(runStatusTone(null)).toBe('neutral');
  });
});

describe('matchSubject', () => {
  it('is the value, a URL’s host, or a network’s address', () => {
    expect(matchSubject(result({ type: 'domain', value: 'a.b.evil.com' }))).toBe('a.b.evil.com');
    expect(matchSubject(result({ type: 'url', value: 'http://a.evil.com:8080/x?y' }))).toBe('a.evil.com');
    expect(matchSubject(result({ type: 'url', value: 'http://[2001:db8::1]/x' }))).toBe('2001:db8::1');
    expect(matchSubject(result({ type: 'cidr4', value: '1.2.3.0/24' }))).toBe('1.2.3.0');
    expect(matchSubject(result(null, '  raw  '))).toBe('raw');
  });
  it('reads URL hosts safely', () => {
    expect(urlHost('https://Evil.Example/path')).toBe('evil.example');
    expect(urlHost('not a url')).toBeNull();
  });
});

describe('matchSentence', () => {
  const active = { status: 'active' as const };
  it('explains a subdomain of a listed domain', () => {
    const s = matchSentence(
      { how: 'parent-domain', matched: 'evil.com', indicator: active },
      result({ type: 'domain', value: 'a.b.evil.com' }),
    );
    expect(render(s.key, s.params)).toBe('a.b.evil.com là tên miền con của evil.com đang bị liệt kê');
    expect(render(s.key, s.params, 'en')).toBe('a.b.evil.com is a subdomain of the listed domain evil.com');
  });
  it('explains an address inside a listed network', () => {
    const s = matchSentence(
      { how: 'inside-cidr', matched: '1.2.3.0/24', indicator: active },
      result({ type: 'ipv4', value: '1.2.3.4' }),
    );
    expect(render(s.key, s.params)).toBe('1.2.3.4 nằm trong dải 1.2.3.0/24 đang bị liệt kê');
  });
  it('explains an exact match and a URL’s listed host', () => {
    const exact = matchSentence(
      { how: 'exact', matched: '203.0.113.7', indicator: active },
      result({ type: 'ipv4', value: '203.0.113.7' }),
    );
    expect(render(exact.key, exact.params)).toBe('203.0.113.7 đang bị liệt kê');
    const host = matchSentence(
      { how: 'url-host', matched: 'evil.example', indicator: active },
      result({ type: 'url', value: 'https://evil.example/a' }),
    );
    expect(render(host.key, host.params)).toBe('Máy chủ evil.example của URL này đang bị liệt kê');
  });
  it('uses the host of a URL for a parent-domain match', () => {
    const s = matchSentence(
      { how: 'parent-domain', matched: 'evil.example', indicator: active },
      result({ type: 'url', value: 'https://cdn.evil.example/a' }),
    );
    expect(s.params).toEqual({ name: 'cdn.evil.example', matched: 'evil.example' });
  });
  it('words expired and allowlisted matches differently', () => {
    const expired = matchSentence(
      { how: 'parent-domain', matched: 'evil.com', indicator: { status: 'expired' } },
      result({ type: 'domain', value: 'x.evil.com' }),
    );
    expect(render(expired.key, expired.params)).toContain('đã hết hạn');
    const allowed = matchSentence(
      { how: 'inside-cidr', matched: '8.8.8.0/24', indicator: { status: 'allowlisted' } },
      result({ type: 'ipv4', value: '8.8.8.8' }),
    );
    expect(render(allowed.key, allowed.params)).toBe(
      '8.8.8.8 nằm trong dải 8.8.8.0/24, dải bị liệt kê nhưng đã được loại trừ',
    );
  });
});

describe('sizes, bars and pages', () => {
  const fmt = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
  it('formats byte counts with the locale’s numbers', () => {
    expect(formatBytes(512, fmt)).toBe('512 B');
    expect(formatBytes(1_500, fmt)).toBe('1,5 kB');
    expect(formatBytes(52_400_000, fmt)).toBe('52,4 MB');
    expect(formatBytes(250_000_000, fmt)).toBe('250 MB');
    expect(formatBytes(-1, fmt)).toBe('');
  });
  it('refuses uploads over 50 MB', () => {
    expect(uploadTooLarge(50_000_000)).toBe(false);
    expect(uploadTooLarge(50_000_001)).toBe(true);
  });
  it('sizes bars against the largest value', () => {
    expect(barPercent(50, 100)).toBe(50);
    expect(barPercent(100, 100)).toBe(100);
    expect(barPercent(1, 1_000_000)).toBe(1);
    expect(barPercent(0, 100)).toBe(0);
    expect(barPercent(5, 0)).toBe(0);
  });
  it('describes a page of results', () => {
    expect(pageInfo(0, 50, 120, 50)).toEqual({
      from: 1,
      to: 50,
      page: 1,
      pages: 3,
      hasPrev: false,
      hasNext: true,
    });
    expect(pageInfo(100, 50, 120, 20)).toEqual({
      from: 101,
      to: 120,
      page: 3,
      pages: 3,
      hasPrev: true,
      hasNext: false,
    });
    expect(pageInfo(0, 50, 0, 0)).toEqual({
      from: 0,
      to: 0,
      page: 1,
      pages: 1,
      hasPrev: false,
      hasNext: false,
    });
  });
  it('reads offsets from the address', () => {
    expect(parseOffset('100')).toBe(100);
    expect(parseOffset(null)).toBe(0);
    expect(parseOffset('-5')).toBe(0);
    expect(parseOffset('1e3')).toBe(0);
  });
  it('describes schedules', () => {
    expect(scheduleLabel(null)).toEqual({ key: 'intel.feed.manualOnly' });
    expect(scheduleLabel(360)).toEqual({ key: 'intel.feed.everyHours', params: { hours: 6 } });
    expect(scheduleLabel(90)).toEqual({ key: 'intel.feed.everyMinutes', params: { minutes: 90 } });
    expect(scheduleLabel(30)).toEqual({ key: 'intel.feed.everyMinutes', params: { minutes: 30 } });
  });
});
