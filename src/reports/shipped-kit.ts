/** The report kit lamsach ships: the letters' templates, the roll-up and the DOCX/XLSX renderers. */
import { renderReportDocx } from './docx.js';
import type { ReportKit } from './kit.js';
import { rollUp } from './rollup.js';
import { shippedTemplates } from './templates/index.js';
import { renderFiguresXlsx } from './xlsx.js';

export const shippedReportKit: ReportKit = {
  templates: shippedTemplates,
  rollUp,
  renderDocx: renderReportDocx,
  renderXlsx: renderFiguresXlsx,
};
