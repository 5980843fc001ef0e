/**
 * The report templates lamsach ships: the annexes of the campaign letters, as data. Each is checked
 * against the `reportTemplate` schema when this module loads, so a typo in a template fails fast.
 */
import { reportTemplate, type ReportTemplate } from '../template-model.js';
import { ncsc2020National } from './ncsc-2020-national.js';
import { ncsc2022Provincial } from './ncsc-2022-provincial.js';
import { ncsc2022Unit } from './ncsc-2022-unit.js';

export { validateReportContent, type ContentProblem } from '../validate-content.js';

export const shippedTemplates: ReportTemplate[] = [ncsc2020National, ncsc2022Provincial, ncsc2022Unit].map(
  (template) => reportTemplate.parse(template),
);

/** The template with this code: the given version, or the newest one when no version is given. */
export function templateByCode(code: string, version?: number): ReportTemplate | undefined {
  let found: ReportTemplate | undefined;
  for (const template of shippedTemplates) {
    if (template.code !== code) continue;
    if (version !== undefined) {
      if (template.version === version) return template;
    } else if (found === undefined || template.version > found.version) {
      found = template;
    }
  }
  return found;
}
