/**
 * What the renderers need to hold before they start: a real date and whole-number figures. Stored
 * reports pass `validateReportContent` first, so this only catches a caller's mistake, but it
 * names the figure and the child instead of failing deep inside number formatting.
 */
import type { ReportDocument } from './template-model.js';
import { parseIsoDate } from './vn-date.js';

export function checkDocument(doc: ReportDocument): void {
  const problems: string[] = [];
  try {
    parseIsoDate(doc.date);
  } catch (error) {
    problems.push(`date: ${(error as Error).message}`);
  }
  const check = (where: string, value: number | null | undefined) => {
    if (value !== null && value !== undefined && !Number.isSafeInteger(value))
      problems.push(`${where}: expected a whole number, got ${value}`);
  };
  for (const [id, figure] of Object.entries(doc.content.figures)) check(`figure "${id}"`, figure.value);
  doc.children.forEach((child, i) => {
    for (const [id, value] of Object.entries(child.figures))
      check(`child ${i + 1} ("${child.name}") figure "${id}"`, value);
  });
  if (problems.length > 0) throw new Error(`cannot render the report: ${problems.join('; ')}`);
}

/** Drops the characters XML 1.0 cannot carry at all (pasted control characters would corrupt the file). */
export function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}
