/** The report kit lamsach ships: the letters' templates and the roll-up (renderers join at merge). */
import type { ReportKit } from './kit.js';
import { rollUp } from './rollup.js';
import { shippedTemplates } from './templates/index.js';

export const shippedReportKit: Pick<ReportKit, 'templates' | 'rollUp'> = {
  templates: shippedTemplates,
  rollUp,
};
