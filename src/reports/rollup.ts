/**
 * How a parent's figures come from its children's reports. A child that left a figure empty (null
 * or absent) has not reported it: it adds nothing to the total, and is not counted as 0. The total
 * is null only when no child reported that figure at all, so "nobody answered" stays distinguishable
 * from "everybody answered 0". Figures whose template rollup is 'none' are not combined: their
 * total is null and the parent types them in. Pure.
 */
import type { ReportContent, ReportTemplate } from './template-model.js';

export interface RollUpChild {
  name: string;
  content: ReportContent;
}

export interface RollUpResult {
  /** one entry per figure field of the template */
  totals: Record<string, number | null>;
  /** the children in the given order, each with one entry per figure field */
  perChild: { name: string; figures: Record<string, number | null> }[];
}

export function rollUp(template: ReportTemplate, children: readonly RollUpChild[]): RollUpResult {
  const figureIds = figureFieldsOf(template).map((field) => field.id);
  const perChild = children.map((child) => {
    const figures: Record<string, number | null> = {};
    for (const id of figureIds) figures[id] = child.content.figures[id]?.value ?? null;
    return { name: child.name, figures };
  });
  return { totals: totalFigures(template, perChild), perChild };
}

/** The totals row over rows of figures (as the documents print them), with the null rule above. */
export function totalFigures(
  template: ReportTemplate,
  rows: readonly { figures: Readonly<Record<string, number | null>> }[],
): Record<string, number | null> {
  const totals: Record<string, number | null> = {};
  for (const field of figureFieldsOf(template)) {
    let total: number | null = null;
    if (field.rollup === 'sum') {
      for (const row of rows) {
        const value = row.figures[field.id] ?? null;
        if (value !== null) total = (total ?? 0) + value;
      }
    }
    totals[field.id] = total;
  }
  return totals;
}

function figureFieldsOf(template: ReportTemplate) {
  return template.fields.filter((field) => field.kind === 'figure');
}
