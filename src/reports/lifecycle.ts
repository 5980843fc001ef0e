/**
 * The report lifecycle: draft → submitted → accepted | returned (with a comment) → resubmitted →
 * accepted | returned … Accepted reports are locked. Pure.
 */
import type { ReportStatus } from '../campaigns/model.js';

export type ReportStep = 'edit' | 'submit' | 'accept' | 'return';

/** The status after `step`, or null when the step is not possible from `status`. */
export function nextStatus(status: ReportStatus, step: ReportStep): ReportStatus | null {
  switch (step) {
    case 'edit':
      return status === 'draft' || status === 'returned' ? status : null;
    case 'submit':
      return status === 'draft' ? 'submitted' : status === 'returned' ? 'resubmitted' : null;
    case 'accept':
      return status === 'submitted' || status === 'resubmitted' ? 'accepted' : null;
    case 'return':
      return status === 'submitted' || status === 'resubmitted' ? 'returned' : null;
  }
}

const stepNames: Record<ReportStep, string> = {
  edit: 'edited',
  submit: 'submitted',
  accept: 'accepted',
  return: 'returned',
};

export function stepRefusal(status: ReportStatus, step: ReportStep): string {
  if (status === 'accepted') return 'the report was accepted and is locked';
  return `a ${status} report cannot be ${stepNames[step]}`;
}
