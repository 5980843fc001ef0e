/**
 * Checks a report's content against its template before it is saved or submitted: required fields,
 * figures as non-negative whole numbers, and a reason for every figure changed from the value the
 * system pre-filled (the reason goes into the report history, so corrections stay explainable).
 * Pure; returns every problem at once, in template order, unknown fields last.
 */
import type { ReportContent, ReportTemplate } from './template-model.js';

export interface ContentProblem {
  /** template field id (or the unknown key) */
  field: string;
  message: string;
}

export function validateReportContent(template: ReportTemplate, content: ReportContent): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const figureIds = new Set<string>();
  const textIds = new Set<string>();

  for (const field of template.fields) {
    if (field.kind === 'text') {
      textIds.add(field.id);
      const text = content.texts[field.id];
      if (field.required && (text === undefined || text.trim() === '')) {
        add(field.id, `"${field.label.en}" is required`);
      }
      continue;
    }
    figureIds.add(field.id);
    const figure = content.figures[field.id];
    const value = figure?.value ?? null;
    if (value === null) {
      if (field.required) add(field.id, `"${field.label.en}" is required`);
    } else if (!Number.isSafeInteger(value) || value < 0) {
      add(field.id, `"${field.label.en}" must be a whole number of 0 or more, got ${value}`);
    }
    if (figure !== undefined && figure.prefilled !== null && value !== figure.prefilled) {
      if ((figure.correctionReason ?? '').trim() === '') {
        add(
          field.id,
          `"${field.label.en}" differs from the pre-filled value ${figure.prefilled}: give a reason for the correction`,
        );
      }
    }
  }

  const where = `${template.code} version ${template.version}`;
  for (const id of Object.keys(content.figures)) {
    if (!figureIds.has(id)) add(id, `not a figure of template ${where}`);
  }
  for (const id of Object.keys(content.texts)) {
    if (!textIds.has(id)) add(id, `not a text field of template ${where}`);
  }
  return problems;
}
