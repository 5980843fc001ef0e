/**
 * Applying a user's edits to a report's content: a pre-filled figure may change only with a
 * reason, which the report history keeps. Pure.
 */
import type { ReportContent, ReportTemplate } from './template-model.js';

export interface FigureEdit {
  value?: number | null;
  note?: string;
  correctionReason?: string | null;
}

export interface ContentEdits {
  figures?: Record<string, FigureEdit>;
  texts?: Record<string, string>;
}

export interface ContentChange {
  fieldId: string;
  kind: 'figure' | 'note' | 'text';
  oldValue: string | null;
  newValue: string | null;
  /** set when a pre-filled figure was corrected */
  reason: string | null;
}

export interface EditProblem {
  path: string;
  message: string;
}

const show = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

export function applyEdits(
  template: ReportTemplate,
  current: ReportContent,
  edits: ContentEdits,
): { content: ReportContent; changes: ContentChange[]; problems: EditProblem[] } {
  const content: ReportContent = structuredClone(current);
  const changes: ContentChange[] = [];
  const problems: EditProblem[] = [];
  const fields = new Map(template.fields.map((f) => [f.id, f]));
  for (const [id, edit] of Object.entries(edits.figures ?? {})) {
    const field = fields.get(id);
    if (field?.kind !== 'figure') {
      problems.push({
        path: `figures.${id}`,
        message: `the template ${template.code} has no figure "${id}"`,
      });
      continue;
    }
    const figure = content.figures[id] ?? {
      value: null,
      prefilled: null,
      source: field.source,
      correctionReason: null,
      note: '',
    };
    if (edit.value !== undefined && edit.value !== figure.value) {
      const reason = edit.correctionReason?.trim() ?? '';
      const corrects = figure.prefilled !== null && edit.value !== figure.prefilled;
      if (corrects && reason === '') {
        problems.push({
          path: `figures.${id}.correctionReason`,
          message: `"${field.label.en}" was pre-filled with ${figure.prefilled} from ${figure.source}; give a reason to change it to ${edit.value ?? 'empty'}`,
        });
        continue;
      }
      changes.push({
        fieldId: id,
        kind: 'figure',
        oldValue: show(figure.value),
        newValue: show(edit.value),
        reason: corrects ? reason : null,
      });
      figure.value = edit.value;
      figure.correctionReason = corrects ? reason : null;
    }
    if (edit.note !== undefined && edit.note !== figure.note) {
      changes.push({ fieldId: id, kind: 'note', oldValue: figure.note, newValue: edit.note, reason: null });
      figure.note = edit.note;
    }
    content.figures[id] = figure;
  }
  for (const [id, text] of Object.entries(edits.texts ?? {})) {
    const field = fields.get(id);
    if (field?.kind !== 'text') {
      problems.push({
        path: `texts.${id}`,
        message: `the template ${template.code} has no text field "${id}"`,
      });
      continue;
    }
    const old = content.texts[id] ?? '';
    if (old !== text) {
      changes.push({ fieldId: id, kind: 'text', oldValue: old, newValue: text, reason: null });
      content.texts[id] = text;
    }
  }
  return { content, changes, problems };
}
