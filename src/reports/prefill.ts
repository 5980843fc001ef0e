/**
 * A new report's content: every figure of the template pre-filled from the system's own counts
 * where the template names a source, typed in otherwise; texts empty. The pre-filled value is kept
 * beside the value so a later change needs a reason (see `validateReportContent`). Pure.
 */
import type { FigureSource, FigureValue, ReportContent, ReportTemplate } from './template-model.js';

export type SourceValues = Partial<Record<FigureSource, number | null>>;

export function prefillContent(template: ReportTemplate, sources: SourceValues): ReportContent {
  const figures: Record<string, FigureValue> = {};
  const texts: Record<string, string> = {};
  for (const field of template.fields) {
    if (field.kind === 'text') {
      texts[field.id] = '';
      continue;
    }
    const computed = field.source === null ? null : (sources[field.source] ?? null);
    figures[field.id] = {
      value: computed,
      prefilled: computed,
      source: field.source,
      correctionReason: null,
      note: '',
    };
  }
  return { figures, texts };
}
