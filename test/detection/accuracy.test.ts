/**
 * The log parsers' agreement with the corpus may only go up: each product's agreement is at least
 * the value recorded in docs/ACCURACY.md by `npm run eval:corpus`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasCorpus } from './corpus-expected.js';
import { excludedSamples } from './corpus-exclusions.js';
import { agreement, recordedLogAgreements, scoreProducts } from './log-scoring.js';

const doc = readFileSync(new URL('../../docs/ACCURACY.md', import.meta.url), 'utf8');
const recorded = recordedLogAgreements(doc);
if (!hasCorpus()) console.warn('\n⚠ Log accuracy test SKIPPED: no corpus at ../shared/corpus/logs.\n');

describe.skipIf(!hasCorpus())('log parsers against the corpus', () => {
  it('records every product in docs/ACCURACY.md', () => {
    expect(recorded.size).toBeGreaterThan(15);
  });

  const scores = hasCorpus() ? scoreProducts() : [];

  it('leaves out only samples that exist and still disagree', () => {
    const excluded = scores.flatMap((s) => s.excluded);
    expect(excluded.map((e) => e.id).sort()).toEqual([...excludedSamples.keys()].sort());
    expect(excluded.filter((e) => e.agrees).map((e) => e.id)).toEqual([]);
  });

  for (const score of scores.filter((s) => recorded.has(s.product))) {
    it(`${score.product}: agreement is at least as recorded`, () => {
      // The table holds three decimals; compare at that precision.
      const current = Number(agreement(score).toFixed(3));
      expect(current, score.examples.join('\n')).toBeGreaterThanOrEqual(recorded.get(score.product)!);
    });
  }
});
