/**
 * Which reminders are due: before a recipient's deadline, after it while no report was sent up,
 * and an escalation to the organisation that forwarded the campaign once a child is overdue long
 * enough. Pure: the caller passes today, the forwardings and what was already sent; the reminder
 * service sends and records. A late-starting scheduler sends one reminder, not a burst: a reminder
 * is no longer due once a closer one of the same kind went out.
 */
import { addDays, isDelivered, type ReportStatus } from './model.js';

export interface ReminderPolicy {
  /** days before the deadline, e.g. [3, 1] */
  beforeDays: number[];
  /** days after the deadline, e.g. [1, 3, 7] */
  afterDays: number[];
  /** days after the deadline when the forwarding organisation is told; null = never */
  escalateAfterDays: number | null;
}

export const defaultReminderPolicy: ReminderPolicy = {
  beforeDays: [3, 1],
  afterDays: [1, 3, 7],
  escalateAfterDays: 3,
};

export type ReminderKind = 'before' | 'after' | 'escalation';

export interface ReminderCandidate {
  organisationId: number;
  fromOrganisationId: number | null;
  deadline: string;
  reportStatus: ReportStatus | null;
}

export interface SentReminder {
  organisationId: number;
  kind: ReminderKind;
  deadline: string;
  offsetDays: number;
}

export interface DueReminder {
  /** the organisation the reminder is about */
  organisationId: number;
  /** who receives it: the organisation itself, or its forwarder for an escalation */
  notifyOrganisationId: number;
  kind: ReminderKind;
  deadline: string;
  offsetDays: number;
}

export function dueReminders(
  policy: ReminderPolicy,
  candidates: readonly ReminderCandidate[],
  sent: readonly SentReminder[],
  today: string,
): DueReminder[] {
  const sentBy = new Map<string, SentReminder[]>();
  for (const s of sent) {
    const key = `${s.organisationId}|${s.kind}|${s.deadline}`;
    const list = sentBy.get(key);
    if (list) list.push(s);
    else sentBy.set(key, [s]);
  }
  const already = (c: ReminderCandidate, kind: ReminderKind) =>
    sentBy.get(`${c.organisationId}|${kind}|${c.deadline}`) ?? [];
  const before = [...new Set(policy.beforeDays)].filter((d) => d >= 0).sort((a, b) => a - b);
  const after = [...new Set(policy.afterDays)].filter((d) => d > 0).sort((a, b) => b - a);
  const due: DueReminder[] = [];
  for (const c of candidates) {
    if (isDelivered(c.reportStatus)) continue;
    const base = { organisationId: c.organisationId, deadline: c.deadline };
    if (today <= c.deadline) {
      // The closest offset whose window has opened; none if an equally close or closer one went out.
      const offset = before.find((d) => addDays(c.deadline, -d) <= today);
      if (offset !== undefined && !already(c, 'before').some((s) => s.offsetDays <= offset))
        due.push({ ...base, notifyOrganisationId: c.organisationId, kind: 'before', offsetDays: offset });
      continue;
    }
    const offset = after.find((d) => addDays(c.deadline, d) <= today);
    if (offset !== undefined && !already(c, 'after').some((s) => s.offsetDays >= offset))
      due.push({ ...base, notifyOrganisationId: c.organisationId, kind: 'after', offsetDays: offset });
    const escalate = policy.escalateAfterDays;
    if (
      escalate !== null &&
      c.fromOrganisationId !== null &&
      addDays(c.deadline, escalate) <= today &&
      already(c, 'escalation').length === 0
    ) {
      due.push({
        ...base,
        notifyOrganisationId: c.fromOrganisationId,
        kind: 'escalation',
        offsetDays: escalate,
      });
    }
  }
  return due;
}
