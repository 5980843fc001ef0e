/**
 * `npm run eval:corpus [CORPUS_LOGS_DIR]`: scores the log parsers against a corpus of samples with
 * expected outputs (default ../shared/corpus/logs), prints a table per product and, for the default
 * corpus, records it in docs/ACCURACY.md. Point it at another directory of the same layout to score
 * samples the parsers have never seen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { corpusLogsDir, hasCorpus } from '../test/detection/corpus-expected.js';
import {
  agreement,
  renderLogSection,
  replaceLogSection,
  scoreProducts,
} from '../test/detection/log-scoring.js';

const dir = path.resolve(process.argv[2] ?? corpusLogsDir);
if (!hasCorpus(undefined, dir)) {
  console.error(`no corpus at ${dir}: give the folder that holds <product>/<source>/… samples`);
  process.exit(2);
}
const scores = scoreProducts(dir).filter((s) => s.samples > 0);
const width = Math.max(...scores.map((s) => s.product.length), 7);
console.log(`${'product'.padEnd(width)}  samples  matched  agreement  formats`);
for (const s of scores) {
  console.log(
    `${s.product.padEnd(width)}  ${String(s.samples).padStart(7)}  ${String(s.matched).padStart(7)}  ${agreement(s).toFixed(3).padStart(9)}  ${s.formats.join(', ')}`,
  );
  for (const example of s.examples) console.log(`${' '.repeat(width)}    ${example}`);
}
if (dir === corpusLogsDir) {
  const doc = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../docs/ACCURACY.md');
  const section = renderLogSection(scores, 'npm run eval:corpus', new Date().toISOString().slice(0, 10));
  writeFileSync(doc, replaceLogSection(readFileSync(doc, 'utf8'), section));
  console.log(`\nrecorded in ${path.relative(process.cwd(), doc)}`);
}
