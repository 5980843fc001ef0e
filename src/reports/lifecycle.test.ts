import { describe, expect, it } from 'vitest';
import { reportStatuses } from '../campaigns/model.js';
import { nextStatus, stepRefusal, type ReportStep } from './lifecycle.js';

describe('report lifecycle', () => {
  it('follows draft → submitted → returned → resubmitted → accepted', () => {
    expect(nextStatus('draft', 'submit')).toBe('submitted');
    expect(nextStatus('submitted', 'return')).toBe('returned');
    expect(nextStatus('returned', 'edit')).toBe('returned');
    expect(nextStatus('returned', 'submit')).toBe('resubmitted');
    expect(nextStatus('resubmitted', 'accept')).toBe('accepted');
    expect(nextStatus('submitted', 'accept')).toBe('accepted');
  });

  it('locks accepted reports and sent reports against editing', () => {
    const steps: ReportStep[] = ['edit', 'submit', 'accept', 'return'];
    expect(steps.map((s) => nextStatus('accepted', s))).toEqual([null, null, null, null]);
    expect(nextStatus('submitted', 'edit')).toBeNull();
    expect(nextStatus('draft', 'accept')).toBeNull();
    expect(stepRefusal('accepted', 'edit')).toContain('locked');
    expect(stepRefusal('submitted', 'edit')).toBe('a submitted report cannot be edited');
  });

  it('has a defined answer for every status and step', () => {
    for (const status of reportStatuses)
      for (const step of ['edit', 'submit', 'accept', 'return'] as const) {
        const next = nextStatus(status, step);
        expect(next === null || reportStatuses.includes(next)).toBe(true);
      }
  });
});
