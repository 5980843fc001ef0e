/**
 * The remediation lifecycle of a host. People move a host through the middle of it; the ends are
 * the system's: "new" when evidence first arrives, "verified" when no evidence followed "cleaned"
 * for long enough, "reopened" when evidence arrived after "cleaned". Pure.
 */
export const hostStatuses = [
  'new',
  'notified',
  'acknowledged',
  'being-cleaned',
  'cleaned',
  'verified',
  'reopened',
] as const;
export type HostStatus = (typeof hostStatuses)[number];

/** The statuses a person may set; "verified" and "reopened" are computed. */
export const manualStatuses = ['notified', 'acknowledged', 'being-cleaned', 'cleaned'] as const;
export type ManualStatus = (typeof manualStatuses)[number];

export function isHostStatus(value: string): value is HostStatus {
  return (hostStatuses as readonly string[]).includes(value);
}

/** Why a person cannot move a host from `from` to `to`, or null when they can. */
export function transitionProblem(from: HostStatus, to: string): string | null {
  if (!(manualStatuses as readonly string[]).includes(to)) {
    return to === 'verified'
      ? '"verified" is computed: a cleaned host becomes verified when no new evidence arrives for the configured number of days'
      : to === 'reopened'
        ? '"reopened" is computed: new evidence after cleaning reopens a host'
        : `"${to}" is not a status a person can set (use ${manualStatuses.join(', ')})`;
  }
  if (from === to) return `the host is already ${to}`;
  if (from === 'verified') return 'a verified host only changes when new evidence reopens it';
  return null;
}

/** Statuses whose host still needs work (counted as infected). */
export const openStatuses: readonly HostStatus[] = [
  'new',
  'notified',
  'acknowledged',
  'being-cleaned',
  'reopened',
];

/** True when evidence seen at `evidenceTime` reopens a host in `status` cleaned at `cleanedAt`. */
export function reopens(status: HostStatus, cleanedAt: string | null, evidenceTime: string): boolean {
  return (status === 'cleaned' || status === 'verified') && cleanedAt !== null && evidenceTime > cleanedAt;
}

/** True when a cleaned host has stayed quiet for `days` days as of `now`. */
export function verifiable(status: HostStatus, cleanedAt: string | null, now: Date, days: number): boolean {
  if (status !== 'cleaned' || cleanedAt === null) return false;
  return Date.parse(cleanedAt) + days * 86_400_000 <= now.getTime();
}
