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
  const figureFields = template.fields.filter((field) => field.kind === 'figure');
  const totals: Record<string, number | null> = {};
  for (const field of figureFields) totals[field.id] = null;

  const perChild = children.map((child) => {
    const figures: Record<string, number | null> = {};
    for (const field of figureFields) {
      const value = child.content.figures[field.id]?.value ?? null;
      figures[field.id] = value;
      if (field.rollup === 'sum' && value !== null) totals[field.id] = (totals[field.id] ?? 0) + value;
    }
    return { name: child.name, figures };
  });
  return { totals, perChild };
}
