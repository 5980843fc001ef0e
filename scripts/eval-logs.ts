/**
 * `npm run eval:corpus [-- --verbose] [--product NAME] [CORPUS_LOGS_DIR]`: scores the log parsers
 * against a corpus of samples with expected outputs (default ../shared/corpus/logs), prints a table
 * per product and, for the whole default corpus, records it in docs/ACCURACY.md. `--verbose` lists
 * every disagreement (all fields, and the line); `--product` (repeatable) restricts the run and
 * then records nothing. Point it at another directory of the same layout to score samples the
 * parsers have never seen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { corpusLogsDir, hasCorpus } from '../test/detection/corpus-expected.js';
import {
  agreement,
  renderLogSection,
  replaceLogSection,
  scoreProducts,
} from '../test/detection/log-scoring.js';

const { values, positionals } = parseArgs({
  options: {
    verbose: { type: 'boolean', short: 'v', default: false },
    product: { type: 'string', short: 'p', multiple: true },
  },
  allowPositionals: true,
});
const dir = path.resolve(positionals[0] ?? corpusLogsDir);
if (!hasCorpus(undefined, dir)) {
  console.error(`no corpus at ${dir}: give the folder that holds <product>/<source>/… samples`);
  process.exit(2);
}
const only = values.product;
const all = scoreProducts(dir);
const unknown = (only ?? []).filter((p) => !all.some((s) => s.product === p));
if (unknown.length > 0) {
  console.error(`no product folder named ${unknown.join(', ')} under ${dir}`);
  process.exit(2);
}
const scores = all.filter((s) => only === undefined || only.includes(s.product));
const shown = scores.filter((s) => s.samples > 0);
const width = Math.max(...shown.map((s) => s.product.length), 7);
const indent = ' '.repeat(width + 4);
console.log(`${'product'.padEnd(width)}  samples  matched  agreement  formats`);
for (const s of shown) {
  console.log(
    `${s.product.padEnd(width)}  ${String(s.samples).padStart(7)}  ${String(s.matched).padStart(7)}  ${agreement(s).toFixed(3).padStart(9)}  ${s.formats.join(', ')}`,
  );
  if (!values.verbose) {
    for (const example of s.examples) console.log(`${indent}${example}`);
    continue;
  }
  for (const f of s.failures) {
    console.log(`${indent}${f.id} (${f.format ?? 'no format recognised'})`);
    for (const m of f.mismatches) {
      console.log(
        `${indent}  ${m.field}: expected ${String(m.expected)}, got ${String(m.actual ?? '(nothing)')}`,
      );
    }
    console.log(`${indent}  line: ${f.line.length > 400 ? `${f.line.slice(0, 400)}…` : f.line}`);
  }
}
const excluded = scores.flatMap((s) => s.excluded);
if (excluded.length > 0) {
  console.log(`\nleft out of the score (test/detection/corpus-exclusions.ts):`);
  for (const e of excluded) console.log(`  ${e.id}: ${e.reason}`);
}
if (dir === corpusLogsDir && only === undefined) {
  const doc = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../docs/ACCURACY.md');
  const section = renderLogSection(scores, 'npm run eval:corpus', new Date().toISOString().slice(0, 10));
  writeFileSync(doc, replaceLogSection(readFileSync(doc, 'utf8'), section));
  console.log(`\nrecorded in ${path.relative(process.cwd(), doc)}`);
}
