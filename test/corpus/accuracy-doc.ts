/**
 * The "Threat-intelligence feeds" section of docs/ACCURACY.md: rendered by scripts/eval-feeds.ts,
 * read back by the corpus test, which holds every feed to the numbers recorded there.
 */
import type { FeedCase, FeedScore } from './intelmq.js';
import type { SampleScore } from './samples.js';

export const sectionTitle = '## Threat-intelligence feeds';
const scoredHeading = "### Against IntelMQ's expected events";
const samplesHeading = '### Samples without expected output';

/** Rounded down, so a recorded value never exceeds what was measured. */
export function formatAgreement(value: number): string {
  return (Math.floor(value * 1000 + 1e-9) / 1000).toFixed(3);
}

function familyCell(score: FeedScore): string {
  return score.familyExpected === 0 ? '—' : `${score.familyMatched}/${score.familyExpected}`;
}

function formatCell(format: string | null, detected: boolean): string {
  if (format === null) return '— (not detected)';
  return detected ? `${format} (detected)` : format;
}

export function feedRows(scores: FeedScore[]): string[][] {
  return scores.map((s) => [
    s.id,
    formatCell(s.format, s.detected),
    String(s.expected),
    String(s.ours),
    String(s.matched),
    formatAgreement(s.agreement),
    familyCell(s),
  ]);
}

export function sampleRows(samples: SampleScore[]): string[][] {
  return samples.map((s) => [
    s.sample,
    formatCell(s.format, s.detected),
    String(s.lines),
    String(s.items),
    String(s.distinct),
    String(s.parserRejections),
    String(s.normaliserRejections),
  ]);
}

export const feedHeader = ['feed', 'format', 'expected', 'ours', 'matched', 'agreement', 'family agreement'];
export const sampleHeader = [
  'sample',
  'format',
  'lines',
  'items',
  'distinct',
  'parser rejections',
  'normaliser rejections',
];

/** A Markdown table; `numeric` columns are right-aligned. */
export function table(header: string[], rows: string[][], numeric: boolean[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => escape(r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (numeric[i] ? escape(c).padStart(widths[i]!) : escape(c).padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function shortList(values: string[], max = 5): string {
  const shown = values.slice(0, max).map((v) => `\`${v.length > 80 ? `${v.slice(0, 80)}…` : v}\``);
  return values.length > max ? `${shown.join(', ')} and ${values.length - max} more` : shown.join(', ');
}

/** Why a feed is below 1: what we missed, what we added, where families differ. */
export function feedNotes(scores: FeedScore[], cases: FeedCase[]): string[] {
  const notes: string[] = [];
  for (const s of scores) {
    const parts: string[] = [];
    if (s.outcome.error) parts.push(`the parser threw: ${s.outcome.error}`);
    if (s.missed.length > 0) parts.push(`missed ${shortList(s.missed)}`);
    if (s.extra.length > 0) parts.push(`not expected ${shortList(s.extra)}`);
    const refused = cases.find((c) => c.id === s.id)?.refusedExpected ?? [];
    if (refused.length > 0) parts.push(`expected values our normaliser refuses: ${shortList(refused)}`);
    if (s.familyMisses.length > 0) {
      parts.push(
        `family differs for ${s.familyMisses
          .slice(0, 3)
          .map((m) => `\`${m.value}\` (IntelMQ \`${m.expected}\`, ours \`${m.ours ?? 'none'}\`)`)
          .join(', ')}`,
      );
    }
    if (parts.length > 0) notes.push(`- ${s.id}: ${parts.join('; ')}.`);
  }
  return notes;
}

/** How often format detection alone would have picked the format we score with. */
export function detectionSummary(scores: FeedScore[], samples: SampleScore[]): string[] {
  const checked = [
    ...scores.map((s) => ({ id: s.id, want: s.format, got: s.detectedAs })),
    ...samples.filter((s) => !s.detected).map((s) => ({ id: s.sample, want: s.format, got: s.detectedAs })),
  ].filter((c) => c.want !== null);
  const wrong = checked.filter((c) => c.got !== c.want);
  return [
    `Format detection alone (\`detectFeedFormat\` on the first 200 lines and the file name) picks the format used`,
    `above for ${checked.length - wrong.length} of ${checked.length} inputs${wrong.length > 0 ? '; it differs for:' : '.'}`,
    ...(wrong.length > 0
      ? ['', ...wrong.map((c) => `- ${c.id}: ${c.got ?? 'refuses to guess'} (used ${c.want})`)]
      : []),
  ];
}

export interface SectionInput {
  command: string;
  date: string;
  corpus: string;
  cases: FeedCase[];
  scores: FeedScore[];
  samples: SampleScore[];
}

export function renderSection(input: SectionInput): string {
  const { scores, samples, cases } = input;
  const unsupported = cases.filter((c) => c.unsupported !== null);
  const unscored = cases.filter((c) => c.unsupported === null && !scores.some((s) => s.id === c.id));
  const mean = scores.length === 0 ? 0 : scores.reduce((sum, s) => sum + s.agreement, 0) / scores.length;
  const numeric7 = [false, false, true, true, true, true, true];
  const notes = feedNotes(scores, cases);
  return [
    sectionTitle,
    '',
    `Measured on ${input.date} with \`${input.command}\` against the shared corpus (\`${input.corpus}\`):`,
    `${scores.length} IntelMQ parser tests scored, mean agreement ${formatAgreement(mean)}; ${samples.length} samples without expected output.`,
    'The corpus test (`test/corpus/feeds.test.ts`) fails when a feed scores below the agreement recorded here or a',
    'sample is refused more often than recorded, so these numbers can only improve: rerun the command to record',
    'an improvement.',
    '',
    "How a feed is scored: the IntelMQ test's input is parsed with our format (the one named in",
    '`test/corpus/intelmq.ts`, else the detected one) and every item is normalised. Per expected event the most',
    'specific indicator (`source.url`, then `.fqdn`, `.ip`, `.network`, `malware.hash.*`, `.asn`) is required and',
    'the others (context IntelMQ derives, such as the host of a URL) are optional:',
    'agreement = |ours ∩ (required ∪ optional)| / |ours ∪ required|. Expected values are normalised the same',
    'way. When the IntelMQ test checks only some of the events its input yields, only our items whose raw value',
    'appears in a checked record count. Family agreement compares `malware.name` with the family we read for the',
    'same indicator, ignoring case and punctuation (one of `a/b/c` aliases matches).',
    '',
    scoredHeading,
    '',
    table(feedHeader, feedRows(scores), numeric7),
    '',
    ...(notes.length > 0 ? ['Where agreement is below 1:', '', ...notes, ''] : []),
    ...detectionSummary(scores, samples),
    '',
    '### Feeds not scored',
    '',
    table(
      ['feed', 'reason'],
      [
        ...unsupported.map((c) => [c.id, c.unsupported!]),
        ...unscored.map((c) => [
          c.id,
          c.input === null ? 'no input could be rebuilt' : 'the expected events state no indicator',
        ]),
      ],
      [false, false],
    ),
    '',
    samplesHeading,
    '',
    table(sampleHeader, sampleRows(samples), numeric7),
    '',
  ].join('\n');
}

/** Replaces (or appends) the section, keeping everything else in the document. */
export function replaceSection(doc: string, section: string): string {
  const start = doc.indexOf(`${sectionTitle}\n`);
  if (start === -1) return `${doc.trimEnd()}\n\n${section}`;
  const next = doc.indexOf('\n## ', start + sectionTitle.length);
  return next === -1
    ? `${doc.slice(0, start)}${section}`
    : `${doc.slice(0, start)}${section}\n${doc.slice(next + 1)}`;
}

function tableAfter(doc: string, heading: string): string[][] {
  const section = doc.indexOf(`${sectionTitle}\n`);
  if (section === -1) return [];
  const start = doc.indexOf(`${heading}\n`, section);
  if (start === -1) return [];
  const rows: string[][] = [];
  let inTable = false;
  for (const line of doc.slice(start + heading.length + 1).split('\n')) {
    if (line.startsWith('|')) {
      inTable = true;
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/\\\|/g, '|'));
      rows.push(cells);
    } else if (inTable || line.startsWith('#')) {
      break;
    }
  }
  return rows.slice(2);
}

/** feed id → recorded agreement. */
export function recordedAgreements(doc: string): Map<string, number> {
  return new Map(tableAfter(doc, scoredHeading).map((r) => [r[0]!, Number(r[5])]));
}

/** sample → recorded parser + normaliser rejections. */
export function recordedRejections(doc: string): Map<string, number> {
  return new Map(tableAfter(doc, samplesHeading).map((r) => [r[0]!, Number(r[5]) + Number(r[6])]));
}
