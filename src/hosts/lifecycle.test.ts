import { describe, expect, it } from 'vitest';
import { reopens, transitionProblem, verifiable } from './lifecycle.js';

describe('host lifecycle', () => {
  it('lets people set only the middle statuses', () => {
    expect(transitionProblem('new', 'acknowledged')).toBeNull();
    expect(transitionProblem('reopened', 'being-cleaned')).toBeNull();
    expect(transitionProblem('new', 'verified')).toContain('computed');
    expect(transitionProblem('cleaned', 'reopened')).toContain('computed');
    expect(transitionProblem('cleaned', 'cleaned')).toContain('already');
    expect(transitionProblem('verified', 'acknowledged')).toContain('new evidence');
    expect(transitionProblem('new', 'gone')).toContain('not a status');
  });

  it('reopens only on evidence newer than the cleaning', () => {
    const cleaned = '2026-10-10T00:00:00.000Z';
    expect(reopens('cleaned', cleaned, '2026-10-11T00:00:00.000Z')).toBe(true);
    expect(reopens('verified', cleaned, '2026-10-11T00:00:00.000Z')).toBe(true);
    expect(reopens('cleaned', cleaned, '2026-10-09T00:00:00.000Z')).toBe(false);
    expect(reopens('acknowledged', cleaned, '2026-10-11T00:00:00.000Z')).toBe(false);
  });

  it('verifies after the quiet days', () => {
    const cleaned = '2026-10-01T00:00:00.000Z';
    expect(verifiable('cleaned', cleaned, new Date('2026-10-14T23:59:59Z'), 14)).toBe(false);
    expect(verifiable('cleaned', cleaned, new Date('2026-10-15T00:00:00Z'), 14)).toBe(true);
    expect(verifiable('reopened', cleaned, new Date('2026-12-01T00:00:00Z'), 14)).toBe(false);
  });
});
