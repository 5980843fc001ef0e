import { describe, expect, it } from 'vitest';
import { otxFormat } from './otx.js';
import { run, sample } from './test-support/run.js';

const pulse = {
  id: 'p1',
  name: 'Chiến dịch giả mạo',
  author_name: 'analyst',
  TLP: 'green',
  tags: ['phishing', 'vietnam'],
  malware_families: [{ id: 'x', display_name: 'SideWinder' }],
  indicators: [
    {
      indicator: '198.51.100.44',
      type: 'IPv4',
      created: '2025-04-01T08:00:00',
      role: 'command_and_control',
      is_active: 1,
    },
    {
      indicator: 'login.example.vn',
      type: 'hostname',
      created: '2025-04-01T08:00:00.500000',
      expiration: '2025-05-01T00:00:00',
      title: 'fake login',
    },
    {
      indicator: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
      type: 'FileHash-SHA256',
      created: '2025-04-01T08:00:00',
    },
    { indicator: 'https://login.example.vn/a', type: 'URI' },
    { indicator: '/a/b', type: 'URI' },
    { indicator: 'someone@example.com', type: 'email' },
    { indicator: '198.51.100.45', type: 'IPv4', is_active: 0 },
    { type: 'domain' },
  ],
};

describe('otx', () => {
  it('maps indicator types, role, pulse tags, TLP and family, and rejects what it cannot use', () => {
    const { items, rejections } = run(otxFormat, JSON.stringify([pulse], null, 2));
    const tags = ['phishing', 'vietnam', 'tlp:green'];
    expect(items).toEqual([
      {
        line: 1,
        value: '198.51.100.44',
        type: 'ipv4',
        threatType: 'c2',
        family: 'SideWinder',
        firstSeen: '2025-04-01T08:00:00Z',
        tags,
        description: 'OTX pulse: Chiến dịch giả mạo',
      },
      {
        line: 2,
        value: 'login.example.vn',
        type: 'domain',
        threatType: 'phishing',
        family: 'SideWinder',
        firstSeen: '2025-04-01T08:00:00.500Z',
        expiresAt: '2025-05-01T00:00:00Z',
        tags,
        description: 'fake login',
      },
      expect.objectContaining({
        line: 3,
        type: 'sha256',
        value: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
      }),
      expect.objectContaining({ line: 4, type: 'url', value: 'https://login.example.vn/a' }),
    ]);
    expect(rejections.map((r) => [r.line, r.reason.split(' (')[0]])).toEqual([
      [5, 'OTX URI indicator is a path without a host; it cannot be matched'],
      [6, 'OTX indicator type "email" is not supported'],
      [7, 'OTX marks this indicator inactive'],
      [8, 'OTX indicator has no "indicator" value'],
    ]);
  });

  it('reads an API page and one pulse per line', () => {
    const page = run(otxFormat, JSON.stringify({ results: [pulse, { name: 'empty', indicators: [] }] }));
    expect(page.items).toHaveLength(4);
    const lines = run(otxFormat, [
      JSON.stringify({ ...pulse, indicators: pulse.indicators.slice(0, 2) }),
      'not json',
    ]);
    expect(lines.items.map((i) => i.line)).toEqual([1, 1]);
    expect(lines.rejections.map((r) => r.line)).toEqual([2]);
  });

  it('detects pulses', () => {
    expect(otxFormat.detect(sample(JSON.stringify([pulse], null, 2)))).toBe(0.95);
    expect(otxFormat.detect(sample('{"type": "bundle"}'))).toBe(0);
  });
});
