import { describe, expect, it } from 'vitest';
import { openphishCommercialFormat, phishtankFormat } from './phishing.js';
import { run, sample } from './test-support/run.js';

describe('phishtank', () => {
  it('reads the JSON dump', () => {
    const doc = JSON.stringify([
      {
        phish_id: '42',
        url: 'https://ngan-hang.example/dang-nhap',
        submission_time: '2025-05-01T02:03:04+00:00',
        verified: 'yes',
        online: 'yes',
        target: 'Vietcombank',
        details: [{ ip_address: '192.0.2.7' }],
      },
      { phish_id: '43', submission_time: '2025-05-01T02:03:04+00:00' },
    ]);
    const { items, rejections } = run(phishtankFormat, doc);
    expect(items).toEqual([
      {
        line: 1,
        value: 'https://ngan-hang.example/dang-nhap',
        type: 'url',
        threatType: 'phishing',
        firstSeen: '2025-05-01T02:03:04Z',
        tags: ['Vietcombank'],
        description: 'PhishTank #42, target: Vietcombank',
      },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([[2, 'PhishTank record has no url']]);
  });

  it('reads the CSV dump with quoted commas and CRLF', () => {
    const text = [
      'phish_id,url,phish_detail_url,submission_time,verified,verification_time,online,target\r',
      '44,"https://x.example/a,b",http://www.phishtank.com/phish_detail.php?phish_id=44,2025-05-02T00:00:00+00:00,yes,2025-05-02T00:10:00+00:00,yes,Other\r',
      '45,"https://broken.example\r',
    ].join('\n');
    const { items, rejections } = run(phishtankFormat, text);
    expect(items).toEqual([
      {
        line: 2,
        value: 'https://x.example/a,b',
        type: 'url',
        threatType: 'phishing',
        firstSeen: '2025-05-02T00:00:00Z',
        description: 'PhishTank #44, target: Other',
      },
    ]);
    expect(rejections.map((r) => r.line)).toEqual([3]);
    expect(phishtankFormat.detect(sample(text))).toBe(0.95);
  });
});

describe('openphish-commercial', () => {
  const record = {
    url: 'http://shop.example/login',
    ip: '198.51.100.8',
    host: 'shop.example',
    brand: 'Shopee',
    sector: 'e-Commerce',
    isotime: '2025-06-01T01:02:03Z',
    discover_time: '01-06-2025 01:02:03 UTC',
  };

  it('reads JSON Lines', () => {
    const { items, rejections } = run(openphishCommercialFormat, [
      JSON.stringify(record),
      JSON.stringify({ brand: 'x' }),
    ]);
    expect(items).toEqual([
      {
        line: 1,
        value: 'http://shop.example/login',
        type: 'url',
        threatType: 'phishing',
        firstSeen: '2025-06-01T01:02:03Z',
        tags: ['Shopee', 'e-Commerce'],
        description: 'phishing for Shopee',
      },
    ]);
    expect(rejections.map((r) => [r.line, r.reason])).toEqual([[2, 'OpenPhish record has no url']]);
    expect(openphishCommercialFormat.detect(sample(JSON.stringify(record)))).toBe(0.95);
  });

  it('reads CSV with the day-first discover_time', () => {
    const text = 'url,brand,discover_time\n"http://a.example/?q=1,2",Zalo,01-06-2025 01:02:03 UTC';
    expect(run(openphishCommercialFormat, text).items).toEqual([
      {
        line: 2,
        value: 'http://a.example/?q=1,2',
        type: 'url',
        threatType: 'phishing',
        firstSeen: '2025-06-01T01:02:03Z',
        tags: ['Zalo'],
        description: 'phishing for Zalo',
      },
    ]);
    expect(openphishCommercialFormat.detect(sample(text))).toBe(0.9);
  });
});
