/**
 * Roll-ups of host records for the figures every level needs: by unit (each direct child sums its
 * subtree), by family and per day. Pure: the service loads rows, these functions count them.
 */
import { openStatuses, type HostStatus } from './lifecycle.js';

export interface HostFact {
  id: number;
  path: string;
  status: HostStatus;
  firstSeen: string;
  families: string[];
  everNotified: boolean;
}

export interface TransitionFact {
  hostId: number;
  day: string;
  to: HostStatus;
}

export interface StatusCounts {
  total: number;
  /** still to be cleaned (new, notified, acknowledged, being cleaned, reopened) */
  infected: number;
  notified: number;
  cleaned: number;
  verified: number;
}

export interface DayFigures {
  day: string;
  found: number;
  notified: number;
  cleaned: number;
  verified: number;
  reopened: number;
}

const empty = (): StatusCounts => ({ total: 0, infected: 0, notified: 0, cleaned: 0, verified: 0 });

function add(counts: StatusCounts, h: HostFact): void {
  counts.total++;
  if (openStatuses.includes(h.status)) counts.infected++;
  if (h.everNotified) counts.notified++;
  if (h.status === 'cleaned' || h.status === 'verified') counts.cleaned++;
  if (h.status === 'verified') counts.verified++;
}

export function countHosts(hosts: readonly HostFact[]): StatusCounts {
  const counts = empty();
  for (const h of hosts) add(counts, h);
  return counts;
}

/** Counts per unit: the organisation itself (hosts registered directly on it) and each child's subtree. */
export function byUnit<U extends { path: string }>(
  ownPath: string,
  children: readonly U[],
  hosts: readonly HostFact[],
): { own: StatusCounts; units: { unit: U; counts: StatusCounts }[] } {
  const own = empty();
  const units = children.map((unit) => ({ unit, counts: empty() }));
  for (const h of hosts) {
    const unit = units.find((u) => h.path.startsWith(u.unit.path));
    if (unit) add(unit.counts, h);
    else if (h.path.startsWith(ownPath)) add(own, h);
  }
  return { own, units };
}

export function byFamily(hosts: readonly HostFact[]): ({ family: string } & StatusCounts)[] {
  const families = new Map<string, StatusCounts>();
  for (const h of hosts) {
    for (const family of h.families.length > 0 ? h.families : ['']) {
      const counts = families.get(family) ?? empty();
      add(counts, h);
      families.set(family, counts);
    }
  }
  return [...families.entries()]
    .map(([family, counts]) => ({ family, ...counts }))
    .sort((a, b) => b.total - a.total || a.family.localeCompare(b.family));
}

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && days.length < 3660; t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** One row per day from `from` to `to` (inclusive): hosts first seen, and hosts moved to each status. */
export function perDay(
  from: string,
  to: string,
  hosts: readonly HostFact[],
  transitions: readonly TransitionFact[],
): DayFigures[] {
  const rows = new Map(
    daysBetween(from, to).map((day) => [
      day,
      { day, found: 0, notified: 0, cleaned: 0, verified: 0, reopened: 0 },
    ]),
  );
  for (const h of hosts) {
    const row = rows.get(h.firstSeen.slice(0, 10));
    if (row) row.found++;
  }
  const counted = new Set<string>();
  for (const t of transitions) {
    const row = rows.get(t.day);
    if (!row) continue;
    const key = `${t.day}\n${t.hostId}\n${t.to}`;
    if (counted.has(key)) continue;
    counted.add(key);
    if (t.to === 'notified' || t.to === 'cleaned' || t.to === 'verified' || t.to === 'reopened') row[t.to]++;
  }
  return [...rows.values()];
}

/** The three numbers a campaign report needs for a period: distinct hosts found, cleaned, verified. */
export function periodFigures(
  from: string,
  to: string,
  hosts: readonly HostFact[],
  transitions: readonly TransitionFact[],
): { found: number; cleaned: number; verified: number } {
  const within = (day: string) => day >= from && day <= to;
  const distinct = (status: HostStatus) =>
    new Set(transitions.filter((t) => t.to === status && within(t.day)).map((t) => t.hostId)).size;
  return {
    found: hosts.filter((h) => within(h.firstSeen.slice(0, 10))).length,
    cleaned: distinct('cleaned'),
    verified: distinct('verified'),
  };
}
