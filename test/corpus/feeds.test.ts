/**
 * Holds every feed parser to the accuracy recorded in docs/ACCURACY.md: per IntelMQ test in the
 * shared corpus, our agreement with IntelMQ's expected indicators may not fall below the recorded
 * value, and samples without expected output may not be refused more often than recorded. Skipped
 * (visibly) when ../shared/corpus is absent. `npx tsx scripts/eval-feeds.ts` records new numbers.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatAgreement,
  recordedAgreements,
  recordedRejections,
  renderSection,
  replaceSection,
} from './accuracy-doc.js';
import {
  defaultCorpusDir,
  loadIntelmqCases,
  occursAsToken,
  repoRoot,
  sameFamily,
  scoreCase,
  splitLines,
} from './intelmq.js';
import { scoreSamples } from './samples.js';

const corpusPresent = existsSync(path.join(defaultCorpusDir, 'feeds'));
if (!corpusPresent) {
  console.warn(`feed corpus not found at ${defaultCorpusDir}/feeds: corpus accuracy tests skipped`);
}

const docFile = path.join(repoRoot, 'docs', 'ACCURACY.md');
const doc = existsSync(docFile) ? readFileSync(docFile, 'utf8') : '';
const howToRecord = 'run `npx tsx scripts/eval-feeds.ts` to record it in docs/ACCURACY.md';

describe.skipIf(!corpusPresent)('feed parsers against IntelMQ expectations', () => {
  const cases = corpusPresent ? loadIntelmqCases() : [];
  const recorded = recordedAgreements(doc);
  const scorable = cases.filter((c) => c.unsupported === null && c.input !== null && c.events.length > 0);

  it('finds the IntelMQ tests and rebuilds their inputs', () => {
    expect(cases.length).toBeGreaterThan(20);
    expect(scorable.length).toBeGreaterThan(15);
    const dshield = cases.find((c) => c.id === 'dshield/test_parser_block');
    expect(dshield?.events.map((e) => e.required)).toEqual(['43.229.53.0/24', '194.63.140.0/24']);
  });

  it.each(scorable.map((c) => ({ id: c.id, feed: c })))(
    '$id: agreement is at least as recorded',
    ({ id, feed }) => {
      const score = scoreCase(feed)!;
      expect(score.outcome.error, `the ${score.format} parser threw`).toBeNull();
      const floor = recorded.get(id);
      expect(floor, `${id} has no recorded agreement; ${howToRecord}`).toBeDefined();
      expect(
        Number(formatAgreement(score.agreement)),
        `${id}: missed ${score.missed.join(', ') || 'nothing'}; not expected ${score.extra.join(', ') || 'nothing'}`,
      ).toBeGreaterThanOrEqual(floor!);
    },
  );

  it('gives a reason for every feed it does not score', () => {
    for (const c of cases.filter((c) => c.unsupported !== null))
      expect(c.unsupported!.length).toBeGreaterThan(20);
  });
});

describe.skipIf(!corpusPresent)('feed samples without expected output', () => {
  const samples = corpusPresent ? scoreSamples() : [];
  const recorded = recordedRejections(doc);

  it.each(samples.map((s) => ({ sample: s.sample, score: s })))(
    '$sample: parses without more rejections than recorded',
    ({ sample, score }) => {
      expect(score.outcome.error, `the ${score.format} parser threw`).toBeNull();
      const ceiling = recorded.get(sample);
      expect(ceiling, `${sample} has no recorded count; ${howToRecord}`).toBeDefined();
      expect(score.parserRejections + score.normaliserRejections).toBeLessThanOrEqual(ceiling!);
    },
  );
});

describe('corpus scoring helpers', () => {
  it('splits lines as the importer does', () => {
    expect(splitLines('\ufeffa\r\nb\n\nc\n')).toEqual(['a', 'b', '', 'c']);
    expect(splitLines('')).toEqual([]);
  });

  it('compares families ignoring case, punctuation and aliases', () => {
    expect(sameFamily('bebloh', 'shiotob/urlzone/bebloh')).toBe(true);
    expect(sameFamily('agenttesla', 'Agent Tesla')).toBe(true);
    expect(sameFamily('dridex', 'emotet')).toBe(false);
    expect(sameFamily('dridex', null)).toBe(false);
  });

  it('scopes partial tests by whole tokens of the checked records', () => {
    const record = '{"indicator": "http://107.6.172.54/woolen/", "type": "URL"}';
    expect(occursAsToken(record, 'http://107.6.172.54/woolen/')).toBe(true);
    expect(occursAsToken(record, '107.6.172.54')).toBe(false);
    expect(occursAsToken('# header\n::/8', '::/8')).toBe(true);
    expect(occursAsToken('100::/8', '::/8')).toBe(false);
  });

  it('rounds a recorded agreement down', () => {
    expect(formatAgreement(2 / 3)).toBe('0.666');
    expect(formatAgreement(1)).toBe('1.000');
    expect(formatAgreement(0)).toBe('0.000');
  });

  it('replaces its section and reads back what it wrote', () => {
    const section = renderSection({
      command: 'npx tsx scripts/eval-feeds.ts',
      date: '2025-01-01',
      corpus: '../shared/corpus',
      cases: [],
      scores: [],
      samples: [],
    });
    const before =
      '# Accuracy\n\nIntro.\n\n## Logs\n\nold\n\n## Threat-intelligence feeds\n\nstale\n\n## Later\n\nkept\n';
    const after = replaceSection(before, section);
    expect(after).toContain('## Logs\n\nold');
    expect(after).toContain('## Later\n\nkept');
    expect(after).not.toContain('stale');
    const withRow = after.replace(
      /(\| feed +\| format[^\n]*\n\|[^\n]*\n)/,
      '$1| a/b#C | plain | 2 | 3 | 2 | 0.666 | 1/1 |\n| x\\|y | csv | 1 | 1 | 1 | 1.000 | — |\n',
    );
    expect(recordedAgreements(withRow)).toEqual(
      new Map([
        ['a/b#C', 0.666],
        ['x|y', 1],
      ]),
    );
    expect(replaceSection('# Accuracy\n', section)).toBe(`# Accuracy\n\n${section}`);
  });
});
