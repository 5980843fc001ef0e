/** Campaign domain types and the deadline rule. Pure: no I/O. */

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` shifted by `days` (YYYY-MM-DD in, YYYY-MM-DD out). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** vi-VN style date for messages: 28/10/2020. */
export function viDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * A child's deadline may not fall after its parent's: the parent has to compile the children's
 * reports before its own is due. Returns the problem, or null when the deadline is acceptable.
 */
export function deadlineProblem(childDeadline: string, parentDeadline: string): string | null {
  if (childDeadline <= parentDeadline) return null;
  return (
    `the deadline ${childDeadline} is after the deadline you received, ${parentDeadline}; ` +
    `choose ${parentDeadline} or earlier (hạn ${viDate(childDeadline)} sau hạn cấp trên ${viDate(parentDeadline)})`
  );
}

export const reportStatuses = ['draft', 'submitted', 'returned', 'resubmitted', 'accepted'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

/** A report counts as delivered (not overdue) once it has been sent up. */
export function isDelivered(status: ReportStatus | null): boolean {
  return status === 'submitted' || status === 'resubmitted' || status === 'accepted';
}
