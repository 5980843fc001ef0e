import { describe, expect, it } from 'vitest';
import { deadlineProblem } from './model.js';
import { buildStatusMatrix, type MatrixOrganisation } from './status-matrix.js';

const org = (id: number, parentId: number | null, name: string, path: string): MatrixOrganisation => ({
  id,
  parentId,
  code: `C${id}`,
  name,
  path,
});

// 1 national ─┬─ 2 Sở B ── 4 unit
//             └─ 3 Sở A
const tree = [
  org(1, null, 'Quốc gia', '/1/'),
  org(2, 1, 'Sở B', '/1/2/'),
  org(3, 1, 'Sở A', '/1/3/'),
  org(4, 2, 'Đơn vị', '/1/2/4/'),
];
const fwd = (
  organisationId: number,
  deadline: string,
  extra: { ack?: boolean; deployed?: boolean } = {},
) => ({
  organisationId,
  deadline,
  acknowledged: extra.ack === true,
  deployed: extra.deployed === true,
});

describe('buildStatusMatrix', () => {
  it('marks who received, acknowledged, deployed, reported and who is overdue, with subtree counts', () => {
    const matrix = buildStatusMatrix({
      rootId: 1,
      organisations: tree,
      forwardings: [
        fwd(1, '2020-10-28', { ack: true }),
        fwd(2, '2020-10-20', { ack: true, deployed: true }),
        fwd(4, '2020-10-15'),
      ],
      reports: [
        { organisationId: 2, id: 9, status: 'submitted' },
        { organisationId: 4, id: 10, status: 'draft' },
      ],
      today: '2020-10-21',
      maxDepth: 5,
    });
    expect(matrix.rows.map((r) => [r.id, r.depth])).toEqual([
      [1, 0],
      [3, 1],
      [2, 1],
      [4, 2],
    ]);
    const row = (id: number) => matrix.rows.find((r) => r.id === id)!;
    expect(row(4)).toMatchObject({ received: true, overdue: true, daysOverdue: 6, reportStatus: 'draft' });
    expect(row(2)).toMatchObject({ overdue: false, reportStatus: 'submitted', reportId: 9 });
    expect(row(3)).toMatchObject({ received: false, overdue: false });
    // the national deadline has not passed yet
    expect(row(1).overdue).toBe(false);
    expect(row(2).subtree).toEqual({
      organisations: 2,
      received: 2,
      acknowledged: 1,
      deployed: 1,
      reported: 1,
      overdue: 1,
    });
    expect(matrix.totals).toEqual({
      organisations: 4,
      received: 3,
      acknowledged: 2,
      deployed: 1,
      reported: 1,
      overdue: 1,
    });
  });

  it('limits the rows to the requested depth but counts the whole subtree', () => {
    const matrix = buildStatusMatrix({
      rootId: 2,
      organisations: tree
        .filter((o) => o.path.startsWith('/1/2/'))
        .map((o) => (o.id === 2 ? { ...o, parentId: null } : o)),
      forwardings: [fwd(4, '2020-10-15')],
      reports: [],
      today: '2020-10-15',
      maxDepth: 0,
    });
    expect(matrix.rows.map((r) => r.id)).toEqual([2]);
    expect(matrix.totals).toMatchObject({ organisations: 2, received: 1, overdue: 0 });
  });

  it('handles a deep chain without recursion', () => {
    const chain: MatrixOrganisation[] = [];
    for (let i = 1; i <= 20_000; i++) chain.push(org(i, i === 1 ? null : i - 1, `N${i}`, `/${i}/`));
    const matrix = buildStatusMatrix({
      rootId: 1,
      organisations: chain,
      forwardings: [],
      reports: [],
      today: '2020-01-01',
      maxDepth: 1,
    });
    expect(matrix.totals.organisations).toBe(20_000);
    expect(matrix.rows).toHaveLength(2);
  });
});

describe('deadlineProblem', () => {
  it('accepts the same or an earlier deadline and names both dates otherwise', () => {
    expect(deadlineProblem('2020-10-20', '2020-10-20')).toBeNull();
    expect(deadlineProblem('2020-10-19', '2020-10-20')).toBeNull();
    const problem = deadlineProblem('2020-10-21', '2020-10-20');
    expect(problem).toContain('2020-10-21');
    expect(problem).toContain('2020-10-20');
    expect(problem).toContain('21/10/2020');
  });
});
