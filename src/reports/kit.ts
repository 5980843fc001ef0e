/**
 * What the report service needs from the template/roll-up/renderer modules, as one value the
 * composition root passes in (see `shipped-kit.ts`).
 */
import type { ReportContent, ReportDocument, ReportTemplate } from './template-model.js';

export interface RollUpResult {
  totals: Record<string, number | null>;
  perChild: { name: string; figures: Record<string, number | null> }[];
}

export interface ReportKit {
  templates: readonly ReportTemplate[];
  rollUp(template: ReportTemplate, children: { name: string; content: ReportContent }[]): RollUpResult;
  renderDocx(doc: ReportDocument): Promise<Buffer>;
  renderXlsx(doc: ReportDocument): Promise<Buffer>;
}
