import { describe, expect, it } from 'vitest';
import { renderDigest, type DigestInput } from './digest.js';

const input: DigestInput = {
  lang: 'vi',
  organisation: { code: 'HN', name: 'Sở <Thông tin>' },
  hosts: [
    {
      address: '203.0.113.9',
      status: 'reopened',
      families: ['mirai'],
      firstSeen: '2026-10-01T01:00:00.000Z',
      lastSeen: '2026-10-03T01:00:00.000Z',
      observations: 3,
      detections: 1,
      reopenReason: 'detection suricata 2026-10-03',
    },
  ],
  stillOpen: 4,
  generatedAt: new Date('2026-10-04T00:00:00Z'),
  link: 'https://lamsach.example/#/hosts',
};

describe('digest template', () => {
  it('writes Vietnamese with reopen reasons and the open remainder, escaping HTML', () => {
    const d = renderDigest(input);
    expect(d.subject).toBe('[lamsach] Sở <Thông tin>: 1 máy nhiễm mã độc cần xử lý');
    expect(d.text).toContain('203.0.113.9 (tái nhiễm): mirai');
    expect(d.text).toContain('tái nhiễm do detection suricata');
    expect(d.text).toContain('Ngoài ra còn 4 máy');
    expect(d.html).toContain('Sở &#60;Thông tin&#62;');
    expect(d.html).not.toContain('<Thông tin>');
    expect(d.csvName).toBe('may-nhiem-HN-2026-10-04.csv');
  });

  it('has an English version', () => {
    const d = renderDigest({ ...input, lang: 'en' });
    expect(d.subject).toBe('[lamsach] Sở <Thông tin>: 1 infected hosts to clean');
    expect(d.text).toContain('203.0.113.9 (reopened): mirai');
    expect(d.text).toContain('4 hosts notified earlier');
    expect(d.csvName).toBe('infected-hosts-HN-2026-10-04.csv');
  });
});
