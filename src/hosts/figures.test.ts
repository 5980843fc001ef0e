import { describe, expect, it } from 'vitest';
import { byFamily, byUnit, perDay, periodFigures, type HostFact } from './figures.js';

const host = (
  id: number,
  path: string,
  status: HostFact['status'],
  firstSeen: string,
  families: string[],
): HostFact => ({
  id,
  path,
  status,
  firstSeen,
  families,
  everNotified: status !== 'new',
});

const hosts = [
  host(1, '/1/2/', 'new', '2026-10-01T10:00:00Z', ['mirai']),
  host(2, '/1/2/5/', 'cleaned', '2026-10-02T10:00:00Z', ['mirai', 'emotet']),
  host(3, '/1/3/', 'verified', '2026-10-02T11:00:00Z', []),
];

describe('host figures', () => {
  it('sums each child subtree and the organisation itself', () => {
    const { own, units } = byUnit('/1/', [{ path: '/1/2/' }, { path: '/1/3/' }], hosts);
    expect(own.total).toBe(0);
    expect(
      units.map((u) => [u.counts.total, u.counts.infected, u.counts.cleaned, u.counts.verified]),
    ).toEqual([
      [2, 1, 1, 0],
      [1, 0, 1, 1],
    ]);
  });

  it('counts a host once per family and names unknown families with an empty string', () => {
    expect(byFamily(hosts).map((f) => [f.family, f.total])).toEqual([
      ['mirai', 2],
      ['', 1],
      ['emotet', 1],
    ]);
  });

  it('gives one row per day and distinct hosts per status', () => {
    const transitions = [
      { hostId: 2, day: '2026-10-03', to: 'cleaned' as const },
      { hostId: 2, day: '2026-10-03', to: 'cleaned' as const },
      { hostId: 3, day: '2026-10-04', to: 'verified' as const },
    ];
    const days = perDay('2026-10-01', '2026-10-04', hosts, transitions);
    expect(days.map((d) => [d.day, d.found, d.cleaned, d.verified])).toEqual([
      ['2026-10-01', 1, 0, 0],
      ['2026-10-02', 2, 0, 0],
      ['2026-10-03', 0, 1, 0],
      ['2026-10-04', 0, 0, 1],
    ]);
    expect(periodFigures('2026-10-02', '2026-10-03', hosts, transitions)).toEqual({
      found: 2,
      cleaned: 1,
      verified: 0,
    });
  });
});
