/**
 * Writes a sample report (DOCX and XLSX) for looking at the layout by eye:
 *   npx tsx scripts/sample-report.ts [out-dir] [--en] [--draft] [--children N]
 * Then e.g. `soffice --headless --convert-to pdf --outdir out-dir out-dir/sample-report.docx`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReportDocx } from '../src/reports/docx.js';
import { sampleReportDocument } from '../src/reports/sample-document.js';
import { renderFiguresXlsx } from '../src/reports/xlsx.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const childrenAt = args.indexOf('--children');
const outDir =
  args.find((arg, i) => !arg.startsWith('--') && (childrenAt < 0 || i !== childrenAt + 1)) ??
  '/tmp/lamsach-sample-report';
const doc = sampleReportDocument({
  language: flag('--en') ? 'en' : 'vi',
  number: flag('--draft') ? null : '12',
  ...(childrenAt >= 0 ? { children: Number(args[childrenAt + 1]) } : {}),
});
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'sample-report.docx'), await renderReportDocx(doc));
writeFileSync(join(outDir, 'sample-report.xlsx'), await renderFiguresXlsx(doc));
console.log(`wrote ${join(outDir, 'sample-report.docx')} and sample-report.xlsx`);
