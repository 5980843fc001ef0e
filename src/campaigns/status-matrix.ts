/**
 * The status matrix of a campaign over a subtree: for every organisation, whether it received,
 * acknowledged, deployed and reported, and whether it is overdue; with counts over each row's own
 * subtree. Pure and linear in the number of organisations, so a 10 000-organisation tree costs one
 * pass after three queries.
 */
import { isDelivered, type ReportStatus } from './model.js';

export interface MatrixOrganisation {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  /** materialised path `/1/5/23/` */
  path: string;
}

/** What the counts need of a forwarding; the times of the rows shown are added by the caller. */
export interface MatrixForwarding {
  organisationId: number;
  deadline: string;
  acknowledged: boolean;
  deployed: boolean;
}

export interface SubtreeCounts {
  organisations: number;
  received: number;
  acknowledged: number;
  deployed: number;
  reported: number;
  overdue: number;
}

export interface MatrixRow {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  depth: number;
  received: boolean;
  deadline: string | null;
  /** times of the forwarding steps; filled in by the service for the rows shown */
  forwardedAt: string | null;
  acknowledgedAt: string | null;
  deployedAt: string | null;
  acknowledged: boolean;
  deployed: boolean;
  reportId: number | null;
  reportStatus: ReportStatus | null;
  /** deadline passed (strictly before today) and no report sent up */
  overdue: boolean;
  daysOverdue: number;
  /** counts over this organisation and everything below it */
  subtree: SubtreeCounts;
}

export interface StatusMatrix {
  rootId: number;
  today: string;
  totals: SubtreeCounts;
  rows: MatrixRow[];
}

const emptyCounts = (): SubtreeCounts => ({
  organisations: 0,
  received: 0,
  acknowledged: 0,
  deployed: 0,
  reported: 0,
  overdue: 0,
});

/**
 * `organisations` must be the subtree of `rootId` (any order). Rows come back in tree order (parents
 * before children, siblings by name) down to `maxDepth` levels below the root.
 */
export function buildStatusMatrix(input: {
  rootId: number;
  organisations: readonly MatrixOrganisation[];
  forwardings: readonly MatrixForwarding[];
  reports: readonly { organisationId: number; id: number; status: ReportStatus }[];
  today: string;
  maxDepth: number;
}): StatusMatrix {
  const { today } = input;
  const forwardingOf = new Map(input.forwardings.map((f) => [f.organisationId, f]));
  const reportOf = new Map(input.reports.map((r) => [r.organisationId, r]));
  const children = new Map<number, MatrixOrganisation[]>();
  const byId = new Map<number, MatrixOrganisation>();
  for (const org of input.organisations) {
    byId.set(org.id, org);
    if (org.parentId === null) continue;
    const list = children.get(org.parentId);
    if (list) list.push(org);
    else children.set(org.parentId, [org]);
  }
  const root = byId.get(input.rootId);
  if (!root) return { rootId: input.rootId, today, totals: emptyCounts(), rows: [] };

  // Pre-order walk (iterative: deep trees must not overflow the stack), then one reverse pass that
  // adds each subtree's counts into its parent. Counts live in flat arrays; row objects are made
  // only for the rows returned.
  const order: MatrixOrganisation[] = [];
  const depthOf: number[] = [];
  const parentIndex: number[] = [];
  const stack: [MatrixOrganisation, number, number][] = [[root, 0, -1]];
  while (stack.length > 0) {
    const [org, depth, parent] = stack.pop()!;
    const index = order.length;
    order.push(org);
    depthOf.push(depth);
    parentIndex.push(parent);
    const kids = children.get(org.id);
    if (kids) {
      // Reverse name order on the stack gives name order in the output; rows not shown need no order.
      if (depth < input.maxDepth) kids.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
      for (const kid of kids) stack.push([kid, depth + 1, index]);
    }
  }
  const n = order.length;
  const fields = 6; // organisations, received, acknowledged, deployed, reported, overdue
  const counts = new Int32Array(n * fields);
  const overdueFlags = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const org = order[i]!;
    const f = forwardingOf.get(org.id);
    const base = i * fields;
    counts[base] = counts[base]! + 1;
    if (f) {
      counts[base + 1] = counts[base + 1]! + 1;
      if (f.acknowledged) counts[base + 2] = counts[base + 2]! + 1;
      if (f.deployed) counts[base + 3] = counts[base + 3]! + 1;
    }
    const delivered = isDelivered(reportOf.get(org.id)?.status ?? null);
    if (delivered) counts[base + 4] = counts[base + 4]! + 1;
    if (f !== undefined && !delivered && f.deadline < today) {
      overdueFlags[i] = 1;
      counts[base + 5] = counts[base + 5]! + 1;
    }
    const p = parentIndex[i]!;
    if (p >= 0)
      for (let k = 0; k < fields; k++) counts[p * fields + k] = counts[p * fields + k]! + counts[base + k]!;
  }
  const countsAt = (i: number): SubtreeCounts => {
    const b = i * fields;
    return {
      organisations: counts[b]!,
      received: counts[b + 1]!,
      acknowledged: counts[b + 2]!,
      deployed: counts[b + 3]!,
      reported: counts[b + 4]!,
      overdue: counts[b + 5]!,
    };
  };
  const rows: MatrixRow[] = [];
  for (let i = 0; i < n; i++) {
    const depth = depthOf[i]!;
    if (depth > input.maxDepth) continue;
    const org = order[i]!;
    const f = forwardingOf.get(org.id);
    const report = reportOf.get(org.id) ?? null;
    const late = overdueFlags[i] === 1;
    rows.push({
      id: org.id,
      parentId: org.parentId,
      code: org.code,
      name: org.name,
      depth,
      received: f !== undefined,
      deadline: f?.deadline ?? null,
      forwardedAt: null,
      acknowledgedAt: null,
      deployedAt: null,
      acknowledged: f?.acknowledged ?? false,
      deployed: f?.deployed ?? false,
      reportId: report?.id ?? null,
      reportStatus: report?.status ?? null,
      overdue: late,
      daysOverdue: late && f ? Math.round((Date.parse(today) - Date.parse(f.deadline)) / 86_400_000) : 0,
      subtree: countsAt(i),
    });
  }
  return { rootId: root.id, today, totals: countsAt(0), rows };
}
