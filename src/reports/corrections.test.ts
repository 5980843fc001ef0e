import { describe, expect, it } from 'vitest';
import { applyEdits } from './corrections.js';
import { prefillContent } from './prefill.js';
import { shippedTemplates } from './templates/index.js';

const unit = shippedTemplates.find((t) => t.code === 'NCSC-2022-UNIT')!;

describe('applyEdits', () => {
  const base = prefillContent(unit, { 'hosts.found': 5 });

  it('requires a reason to move a pre-filled figure away from its value', () => {
    const refused = applyEdits(unit, base, { figures: { malware_found: { value: 6 } } });
    expect(refused.problems).toEqual([
      {
        path: 'figures.malware_found.correctionReason',
        message: expect.stringContaining('pre-filled with 5') as string,
      },
    ]);
    const ok = applyEdits(unit, base, {
      figures: { malware_found: { value: 6, correctionReason: ' máy ngoài mạng ' } },
    });
    expect(ok.problems).toEqual([]);
    expect(ok.content.figures.malware_found).toMatchObject({
      value: 6,
      prefilled: 5,
      correctionReason: 'máy ngoài mạng',
    });
    expect(ok.changes).toEqual([
      { fieldId: 'malware_found', kind: 'figure', oldValue: '5', newValue: '6', reason: 'máy ngoài mạng' },
    ]);
    expect(base.figures.malware_found?.value).toBe(5);
  });

  it('clears the reason when a figure returns to its pre-filled value; typed-in figures need none', () => {
    const corrected = applyEdits(unit, base, {
      figures: { malware_found: { value: 6, correctionReason: 'r' } },
    }).content;
    const back = applyEdits(unit, corrected, { figures: { malware_found: { value: 5 } } });
    expect(back.problems).toEqual([]);
    expect(back.content.figures.malware_found?.correctionReason).toBeNull();
    const typed = applyEdits(unit, base, {
      figures: { computers_checked: { value: 40 } },
      texts: { evaluation: 'Tốt' },
    });
    expect(typed.problems).toEqual([]);
    expect(typed.changes.map((c) => [c.fieldId, c.kind, c.reason])).toEqual([
      ['computers_checked', 'figure', null],
      ['evaluation', 'text', null],
    ]);
  });

  it('names unknown fields', () => {
    const result = applyEdits(unit, base, { figures: { evaluation: { value: 1 } }, texts: { nope: 'x' } });
    expect(result.problems.map((p) => p.path)).toEqual(['figures.evaluation', 'texts.nope']);
  });
});
