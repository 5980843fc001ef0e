import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rollUp, type RollUpChild } from './rollup.js';
import type { FigureValue, ReportContent, ReportTemplate } from './template-model.js';
import { templateByCode } from './templates/index.js';

const unit = templateByCode('NCSC-2022-UNIT')!;

function figure(value: number | null): FigureValue {
  return { value, prefilled: null, source: null, correctionReason: null, note: '' };
}

function content(values: Record<string, number | null | undefined>): ReportContent {
  const figures: Record<string, FigureValue> = {};
  for (const [id, value] of Object.entries(values)) if (value !== undefined) figures[id] = figure(value);
  return { figures, texts: {} };
}

describe('rollUp', () => {
  it('sums each figure over the children that reported it', () => {
    const result = rollUp(unit, [
      { name: 'Phòng A', content: content({ computers_checked: 40, malware_found: 3, malware_handled: 2 }) },
      {
        name: 'Phòng B',
        content: content({ computers_checked: 12, malware_found: 0, malware_handled: null }),
      },
      { name: 'Chi cục C', content: content({ computers_checked: 7 }) },
    ]);
    expect(result.totals).toEqual({ computers_checked: 59, malware_found: 3, malware_handled: 2 });
    expect(result.perChild).toEqual([
      { name: 'Phòng A', figures: { computers_checked: 40, malware_found: 3, malware_handled: 2 } },
      { name: 'Phòng B', figures: { computers_checked: 12, malware_found: 0, malware_handled: null } },
      { name: 'Chi cục C', figures: { computers_checked: 7, malware_found: null, malware_handled: null } },
    ]);
  });

  it('keeps "nobody reported" (null) apart from "everybody reported 0"', () => {
    const zeros = rollUp(unit, [{ name: 'A', content: content({ malware_found: 0 }) }]);
    expect(zeros.totals.malware_found).toBe(0);
    expect(zeros.totals.malware_handled).toBeNull();
    expect(rollUp(unit, []).totals).toEqual({
      computers_checked: null,
      malware_found: null,
      malware_handled: null,
    });
  });

  it("does not combine figures whose rollup is 'none'", () => {
    const template: ReportTemplate = {
      ...unit,
      fields: unit.fields.map((f) =>
        f.kind === 'figure' && f.id === 'malware_found' ? { ...f, rollup: 'none' } : f,
      ),
    };
    const result = rollUp(template, [
      { name: 'A', content: content({ malware_found: 5, computers_checked: 1 }) },
    ]);
    expect(result.totals.malware_found).toBeNull();
    expect(result.totals.computers_checked).toBe(1);
    expect(result.perChild[0]?.figures.malware_found).toBe(5);
  });

  it('ignores figures the template does not have', () => {
    const result = rollUp(unit, [{ name: 'A', content: content({ stray: 9, computers_checked: 2 }) }]);
    expect(Object.keys(result.totals).sort()).toEqual([
      'computers_checked',
      'malware_found',
      'malware_handled',
    ]);
    expect(result.perChild[0]?.figures).not.toHaveProperty('stray');
  });

  const ids = ['computers_checked', 'malware_found', 'malware_handled'] as const;
  const childArb: fc.Arbitrary<RollUpChild> = fc.record({
    name: fc.string({ maxLength: 12 }),
    content: fc
      .tuple(
        ...ids.map(() => fc.option(fc.option(fc.nat({ max: 1_000_000 }), { nil: null }), { nil: undefined })),
      )
      .map((values) => content(Object.fromEntries(ids.map((id, i) => [id, values[i]])))),
  });

  it('equals a plain reference sum for any children (property)', () => {
    fc.assert(
      fc.property(fc.array(childArb, { maxLength: 30 }), (children) => {
        const { totals, perChild } = rollUp(unit, children);
        expect(perChild.map((c) => c.name)).toEqual(children.map((c) => c.name));
        for (const id of ids) {
          const reported = children
            .map((c) => c.content.figures[id]?.value)
            .filter((v): v is number => typeof v === 'number');
          expect(totals[id]).toBe(reported.length === 0 ? null : reported.reduce((a, b) => a + b, 0));
        }
      }),
    );
  });

  it('does not depend on the order of the children, and rolls up in stages (property)', () => {
    fc.assert(
      fc.property(fc.array(childArb, { maxLength: 20 }), fc.nat(), (children, cut) => {
        const whole = rollUp(unit, children).totals;
        expect(rollUp(unit, [...children].reverse()).totals).toEqual(whole);
        // a parent of two intermediate parents gets the same totals as from all leaves at once
        const at = children.length === 0 ? 0 : cut % (children.length + 1);
        const stage = (part: RollUpChild[], name: string): RollUpChild => ({
          name,
          content: content(rollUp(unit, part).totals),
        });
        const staged = rollUp(unit, [
          stage(children.slice(0, at), 'L'),
          stage(children.slice(at), 'R'),
        ]).totals;
        expect(staged).toEqual(whole);
      }),
    );
  });
});
