import { describe, expect, it } from 'vitest';
import { dueReminders, type ReminderCandidate, type ReminderPolicy, type SentReminder } from './reminders.js';

const policy: ReminderPolicy = { beforeDays: [3, 1], afterDays: [1, 3, 7], escalateAfterDays: 3 };
const unit: ReminderCandidate = {
  organisationId: 4,
  fromOrganisationId: 2,
  deadline: '2022-09-20',
  reportStatus: null,
};

const kinds = (today: string, sent: SentReminder[] = [], candidate = unit) =>
  dueReminders(policy, [candidate], sent, today).map(
    (r) => `${r.kind}:${r.offsetDays}→${r.notifyOrganisationId}`,
  );

describe('dueReminders', () => {
  it('reminds before the deadline at each configured offset', () => {
    expect(kinds('2022-09-16')).toEqual([]);
    expect(kinds('2022-09-17')).toEqual(['before:3→4']);
    expect(kinds('2022-09-19')).toEqual(['before:1→4']);
    expect(kinds('2022-09-20')).toEqual(['before:1→4']);
  });

  it('is idempotent and sends one reminder, not a burst, after a late start', () => {
    const sent3: SentReminder = { organisationId: 4, kind: 'before', deadline: '2022-09-20', offsetDays: 3 };
    expect(kinds('2022-09-18', [sent3])).toEqual([]);
    const sent1: SentReminder = { ...sent3, offsetDays: 1 };
    expect(kinds('2022-09-17', [sent1])).toEqual([]);
    expect(kinds('2022-09-30')).toEqual(['after:7→4', 'escalation:3→2']);
    const after7: SentReminder = { ...sent3, kind: 'after', offsetDays: 7 };
    const escalated: SentReminder = { ...sent3, kind: 'escalation', offsetDays: 3 };
    expect(kinds('2022-09-30', [after7, escalated])).toEqual([]);
  });

  it('reminds after the deadline and escalates to the forwarding organisation', () => {
    expect(kinds('2022-09-21')).toEqual(['after:1→4']);
    const after1: SentReminder = { organisationId: 4, kind: 'after', deadline: '2022-09-20', offsetDays: 1 };
    expect(kinds('2022-09-22', [after1])).toEqual([]);
    expect(kinds('2022-09-23', [after1])).toEqual(['after:3→4', 'escalation:3→2']);
  });

  it('stays quiet once the report was sent up, and never escalates above the root', () => {
    expect(kinds('2022-09-23', [], { ...unit, reportStatus: 'submitted' })).toEqual([]);
    expect(kinds('2022-09-23', [], { ...unit, reportStatus: 'returned' })).toEqual([
      'after:3→4',
      'escalation:3→2',
    ]);
    expect(kinds('2022-09-23', [], { ...unit, fromOrganisationId: null })).toEqual(['after:3→4']);
  });

  it('follows the configured offsets', () => {
    const custom: ReminderPolicy = { beforeDays: [7], afterDays: [2], escalateAfterDays: null };
    const at = (today: string) =>
      dueReminders(custom, [unit], [], today).map((r) => `${r.kind}:${r.offsetDays}`);
    expect(at('2022-09-13')).toEqual(['before:7']);
    expect(at('2022-09-21')).toEqual([]);
    expect(at('2022-09-25')).toEqual(['after:2']);
  });
});
