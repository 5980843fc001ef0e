/**
 * Scores the log parsers against the corpus expectations: every sample with an expected output is
 * read by the format our detection picks for it, and counts as matched when every core field the
 * expectation states agrees. Samples listed in `corpus-exclusions.ts` (an expectation no plain
 * parser can reach) are left out of the score and reported apart. Shared by the accuracy test and
 * `npm run eval:corpus`.
 */
import { defaultParseContext } from '../../src/detection/model.js';
import { detectLogFormat, logFormats } from '../../src/detection/logs/registry.js';
import {
  compareCore,
  corpusLogsDir,
  corpusProducts,
  corpusSamples,
  type CoreMismatch,
} from './corpus-expected.js';
import { excludedSamples, sampleId } from './corpus-exclusions.js';

export interface SampleFailure {
  /** `file#index`, the id exclusions use */
  id: string;
  /** format that read the line, undefined when none was recognised */
  format: string | undefined;
  mismatches: CoreMismatch[];
  line: string;
}

export interface ProductScore {
  product: string;
  samples: number;
  matched: number;
  /** formats that read the samples, most used first */
  formats: string[];
  /** a few disagreements, for people */
  examples: string[];
  /** every disagreement */
  failures: SampleFailure[];
  /** samples left out of the score, with the reason and whether they would agree anyway */
  excluded: { id: string; reason: string; agrees: boolean }[];
}

export function scoreProducts(logsDir: string = corpusLogsDir): ProductScore[] {
  return corpusProducts(logsDir).map((product) => {
    const score: ProductScore = {
      product,
      samples: 0,
      matched: 0,
      formats: [],
      examples: [],
      failures: [],
      excluded: [],
    };
    const used = new Map<string, number>();
    for (const sample of corpusSamples(product, { logsDir })) {
      const id = sampleId(sample);
      const format = detectLogFormat([sample.line]).format;
      const context = {
        ...defaultParseContext(),
        ...(sample.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: sample.utcOffsetMinutes } : {}),
      };
      const event = format ? format.parse(sample.line, context) : null;
      const mismatches = compareCore(event, sample.expected);
      const reason = excludedSamples.get(id);
      if (reason !== undefined) {
        score.excluded.push({ id, reason, agrees: mismatches.length === 0 });
        continue;
      }
      score.samples++;
      if (format) used.set(format.id, (used.get(format.id) ?? 0) + 1);
      if (mismatches.length === 0) {
        score.matched++;
        continue;
      }
      score.failures.push({ id, format: format?.id, mismatches, line: sample.line });
      if (score.examples.length < 3) {
        const first = mismatches[0]!;
        score.examples.push(
          `${id}: ${first.field} expected ${String(first.expected)}, got ${String(first.actual ?? '(nothing)')}${format ? ` (${format.id})` : ' (no format recognised)'}`,
        );
      }
    }
    score.formats = [...used.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    return score;
  });
}

export const logSectionTitle = '## Log parsers (detection)';

export function agreement(score: ProductScore): number {
  return score.samples === 0 ? 1 : score.matched / score.samples;
}

/** Corpus folders we do not claim to read, with the reason (rendered under the table). */
export const unclaimedProducts: ReadonlyMap<string, string> = new Map([
  [
    'wazuh_malicious_ioc',
    'not a log product: a Wazuh rule test (`malicious-ioc.ini`) whose lines come from other products and whose expectations are rule ids, not fields',
  ],
]);

export function renderLogSection(scores: ProductScore[], command: string, date: string): string {
  const rows = scores
    .filter((s) => s.samples > 0)
    .map(
      (s) =>
        `| ${s.product} | ${s.formats.join(', ') || '—'} | ${s.samples} | ${s.matched} | ${agreement(s).toFixed(3)} |`,
    );
  const total = scores.reduce((sum, s) => sum + s.samples, 0);
  const matched = scores.reduce((sum, s) => sum + s.matched, 0);
  const excluded = scores.flatMap((s) => s.excluded);
  const unscored = scores.filter((s) => s.samples === 0 && s.excluded.length === 0).map((s) => s.product);
  const scoredFormats = new Set(scores.flatMap((s) => s.formats));
  const untested = logFormats.map((f) => f.id).filter((id) => !scoredFormats.has(id));
  return [
    logSectionTitle,
    '',
    `Produced by \`${command}\` on ${date}. Each corpus sample with an expected output (Elastic, SEKOIA, CrowdSec) is read by`,
    'the format lamsach detects for that line alone, and matches when every core field the expectation states agrees:',
    'source/destination IP and port, `dns.question.name`, `url.domain`/`url.original`, and the event action mapped to',
    'allowed/blocked. Agreement per product must never drop below the value recorded here (`test/detection/accuracy.test.ts`).',
    '`npm run eval:corpus -- --verbose [--product NAME]` lists every disagreement with the line.',
    '',
    '| product | formats detected | samples | matched | agreement |',
    '|---|---|--:|--:|--:|',
    ...rows,
    '',
    `All products: ${matched} of ${total} samples agree (${total === 0 ? '—' : ((matched / total) * 100).toFixed(1)} %).`,
    '',
    `Formats no corpus sample with an expected output reaches (checked by their unit and fuzz tests only): ${untested.length === 0 ? 'none' : untested.map((id) => `\`${id}\``).join(', ')}.`,
    '',
    '### Samples left out of the score',
    '',
    'Expectations lamsach does not follow, each with its reason; listed by id in `test/detection/corpus-exclusions.ts`',
    '(the accuracy test fails when one of them no longer exists or would agree anyway).',
    '',
    ...(excluded.length === 0 ? ['None.'] : excluded.map((e) => `- \`${e.id}\`: ${e.reason}`)),
    '',
    '### Corpus folders not claimed',
    '',
    ...(unscored.length === 0
      ? ['None.']
      : unscored.map(
          (p) => `- \`${p}\`: ${unclaimedProducts.get(p) ?? 'no sample with an expected core field'}`,
        )),
    '',
  ].join('\n');
}

export function replaceLogSection(doc: string, section: string): string {
  const start = doc.indexOf(`${logSectionTitle}\n`);
  if (start === -1) return `${doc.trimEnd()}\n\n${section}`;
  const next = doc.indexOf('\n## ', start + logSectionTitle.length);
  return next === -1
    ? `${doc.slice(0, start)}${section}`
    : `${doc.slice(0, start)}${section}\n${doc.slice(next + 1)}`;
}

/** product → recorded agreement, from the section's table. */
export function recordedLogAgreements(doc: string): Map<string, number> {
  const start = doc.indexOf(`${logSectionTitle}\n`);
  if (start === -1) return new Map();
  const end = doc.indexOf('\n## ', start + logSectionTitle.length);
  const rows = doc
    .slice(start, end === -1 ? undefined : end)
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| product'))
    .map((l) => l.split('|').map((c) => c.trim()));
  return new Map(rows.map((cells) => [cells[1]!, Number(cells[5])]));
}
