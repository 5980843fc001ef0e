/**
 * The report parsers' agreement with IntelMQ's expected events may only go up: every case scores at
 * least the agreement recorded in docs/ACCURACY.md by `npx tsx scripts/eval-reports.ts`, every
 * disagreement is explained there, and detection alone picks the format each case is read with.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  agreementOf,
  formatId,
  hasReportsCorpus,
  recordedReportAgreements,
  renderReportSection,
  sampleOutcome,
  scoreReports,
} from './report-scoring.js';

const doc = readFileSync(new URL('../../docs/ACCURACY.md', import.meta.url), 'utf8');
const recorded = recordedReportAgreements(doc);
const present = hasReportsCorpus();
if (!present) console.warn('\n⚠ Report accuracy test SKIPPED: no corpus at ../shared/corpus/reports.\n');

describe.skipIf(!present)('infected-host report parsers against the corpus', () => {
  const { scores, unscored } = present ? scoreReports() : { scores: [], unscored: [] };

  it('records every scored case in docs/ACCURACY.md', () => {
    expect(scores.length).toBeGreaterThan(40);
    expect(scores.map((s) => s.id).filter((id) => !recorded.has(id))).toEqual([]);
  });

  for (const score of scores) {
    it(`${score.id}: agreement is at least as recorded, detection as documented`, () => {
      expect(score.error).toBeNull();
      // The table holds three decimals; compare at that precision.
      const current = Number(agreementOf(score).toFixed(3));
      const misses = [...score.fields].map(([f, t]) => `${f}: ${t.misses.join(', ')}`).join('\n');
      expect(current, misses).toBeGreaterThanOrEqual(recorded.get(score.id) ?? 1);
      if (score.detectionRefuses) expect(score.detected).toBeNull();
      else expect(score.detected).toBe(formatId(score.format));
      // Without the file name the header may refuse to decide, but must never pick a wrong type.
      if (score.namedType !== null && score.headerOnly !== 'refused') {
        expect(score.headerOnly).toBe(score.namedType);
      }
    });
  }

  for (const c of unscored) {
    it(`${c.id}: not scored, but its input parses cleanly`, () => {
      expect(sampleOutcome(c)).toMatchObject({ error: null, rejected: 0 });
      expect(sampleOutcome(c).records).toBeGreaterThan(0);
    });
  }

  it('explains every disagreement', () => {
    const section = renderReportSection(scores, unscored, 'test', 'today');
    expect(section).not.toContain('not explained yet');
  });
});
