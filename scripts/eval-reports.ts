/**
 * `npx tsx scripts/eval-reports.ts [--dry-run]`: scores the infected-host report parsers against
 * IntelMQ's expected events in the shared corpus (../shared/corpus/reports), prints the result per
 * case and records it in the "Infected-host reports" section of docs/ACCURACY.md, which the corpus
 * test then holds every case to. Scoring lives in test/hosts/report-scoring.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  agreementOf,
  hasReportsCorpus,
  renderReportSection,
  replaceReportSection,
  repoRoot,
  reportsCorpusDir,
  scoreReports,
} from '../test/hosts/report-scoring.js';

if (!hasReportsCorpus()) {
  console.error(`no corpus at ${reportsCorpusDir}`);
  process.exit(2);
}
const { scores, unscored } = scoreReports();
for (const s of scores) {
  console.log(
    `${s.id.padEnd(58)} ${String(s.format).padEnd(15)} detected ${String(s.detected).padEnd(15)} ${String(s.agree).padStart(4)}/${String(s.stated).padEnd(4)} ${agreementOf(s).toFixed(3)}${s.error ? `  ERROR ${s.error}` : ''}`,
  );
  for (const [field, tally] of s.fields) {
    if (tally.agree < tally.stated)
      console.log(`    ${field} ${tally.agree}/${tally.stated}: ${tally.misses.join(' | ')}`);
  }
}
for (const c of unscored) console.log(`${c.id}: not scored (${c.unscored})`);
if (!process.argv.includes('--dry-run')) {
  const doc = path.join(repoRoot, 'docs/ACCURACY.md');
  const section = renderReportSection(
    scores,
    unscored,
    'npx tsx scripts/eval-reports.ts',
    new Date().toISOString().slice(0, 10),
  );
  writeFileSync(doc, replaceReportSection(readFileSync(doc, 'utf8'), section));
  console.log(`\nrecorded in ${path.relative(process.cwd(), doc)}`);
}
