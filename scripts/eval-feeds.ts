/**
 * Measures the feed parsers against the shared sample corpus and records the result in the
 * "Threat-intelligence feeds" section of docs/ACCURACY.md (the corpus test then holds every feed to
 * it). Scoring lives in test/corpus/ so the test and this script cannot disagree.
 *
 *   npx tsx scripts/eval-feeds.ts [CORPUS_DIR]            # default ../shared/corpus
 *   npx tsx scripts/eval-feeds.ts --dry-run [CORPUS_DIR]  # print only
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  detectionSummary,
  feedHeader,
  feedNotes,
  feedRows,
  renderSection,
  replaceSection,
  sampleHeader,
  sampleRows,
  table,
} from '../test/corpus/accuracy-doc.js';
import {
  defaultCorpusDir,
  loadIntelmqCases,
  repoRoot,
  scoreCase,
  type FeedScore,
} from '../test/corpus/intelmq.js';
import { scoreSamples } from '../test/corpus/samples.js';

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const corpusArg = args.find((a) => !a.startsWith('--'));
const corpusDir = corpusArg ? path.resolve(corpusArg) : defaultCorpusDir;

if (!existsSync(path.join(corpusDir, 'feeds'))) {
  console.error(`no feed corpus at ${path.join(corpusDir, 'feeds')}; give the corpus folder as the argument`);
  process.exit(1);
}

const cases = loadIntelmqCases(corpusDir);
const scores = cases.map(scoreCase).filter((s): s is FeedScore => s !== null);
const samples = scoreSamples(corpusDir);
const numeric = [false, false, true, true, true, true, true];

console.log(`IntelMQ expectations (${scores.length} scored, ${cases.length - scores.length} not scored)\n`);
console.log(table(feedHeader, feedRows(scores), numeric));
const notes = feedNotes(scores, cases);
if (notes.length > 0) console.log(`\n${notes.join('\n')}`);
for (const c of cases.filter((c) => c.unsupported !== null))
  console.log(`- not scored: ${c.id}: ${c.unsupported}`);
console.log(`\nSamples without expected output (${samples.length})\n`);
console.log(table(sampleHeader, sampleRows(samples), numeric));
const broken = [
  ...scores.map((s) => ({ id: s.id, error: s.outcome.error })),
  ...samples.map((s) => ({ id: s.sample, error: s.outcome.error })),
].filter((b) => b.error !== null);
console.log(`\n${detectionSummary(scores, samples).join('\n')}`);
for (const b of broken) console.log(`! ${b.id}: the parser threw: ${b.error}`);

if (!dryRun) {
  const docFile = path.join(repoRoot, 'docs', 'ACCURACY.md');
  const doc = existsSync(docFile)
    ? readFileSync(docFile, 'utf8')
    : '# Accuracy\n\nHow closely lamsach reads third-party data, measured against other projects’ expected output.\n';
  const relativeCorpus = path.relative(repoRoot, corpusDir) || '.';
  const section = renderSection({
    command: `npx tsx scripts/eval-feeds.ts${corpusArg ? ` ${relativeCorpus}` : ''}`,
    date: new Date().toISOString().slice(0, 10),
    corpus: relativeCorpus,
    cases,
    scores,
    samples,
  });
  writeFileSync(docFile, replaceSection(doc, section));
  console.log(`\nrecorded in ${path.relative(process.cwd(), docFile)}`);
}
