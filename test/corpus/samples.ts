/**
 * The corpus feed samples that come with no expected output (real lists published by abuse.ch,
 * Spamhaus mirrors, Maltrail, hosts lists, RPZ zones, STIX and MISP documents…). They can only be
 * scored by whether they parse cleanly: how many items we read, and how many lines the parser or
 * the normaliser refused. Shared by the corpus test and scripts/eval-feeds.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  chooseFormat,
  defaultCorpusDir,
  parseInput,
  splitLines,
  type FeedInput,
  type ParseOutcome,
} from './intelmq.js';

/** Our format for each sample, by path under `feeds/`; samples not listed are detected. */
const sampleFormats: [RegExp, string][] = [
  [/^abusech_feodotracker\/ipblocklist\.csv$/, 'feodo-csv'],
  [/^abusech_sslbl\/sslipblacklist\.csv$/, 'sslbl-csv'],
  [/^abusech_sslbl\/sslipblacklist\.txt$/, 'abusech-txt'],
  [/^abusech_threatfox\/.*\.ndjson$/, 'threatfox-json'],
  [/^abusech_urlhaus\/.*\.csv$/, 'urlhaus-csv'],
  [/^(abusech_sslbl|abusech_threatfox)\/criticalpath-.*\.txt$/, 'plain'],
  [/^emergingthreats_botcc\/.*\.rules$/, 'et-botcc'],
  [/^emergingthreats_compromised\//, 'et-compromised'],
  [/^hosts_lists\/.*\.hosts\.txt$/, 'hosts'],
  [/^hosts_lists\/.*\.dnsmasq\.txt$/, 'dnsmasq'],
  [/^hosts_lists\/.*\.ip\.txt$/, 'plain'],
  [/^maltrail\//, 'maltrail'],
  [/^misp_feed\/.*\/manifest\.json$/, 'misp-manifest'],
  [/^misp_feed\/.*\/[0-9a-f-]{36}\.json$/, 'misp-event'],
  [/^openphish\/.*-domains\.txt$/, 'plain'],
  [/^rpz\//, 'rpz'],
  [/^spamhaus_drop\/secops-mirror-/, 'spamhaus-drop'],
  [/^spamhaus_drop\/asn_drop\.json$/, 'spamhaus-asn-drop'],
  [/^stix2\/oasis-examples\/.*\.json$/, 'stix2'],
  [/^wazuh_cdb_lists\//, 'wazuh-cdb'],
  [/^dataplane\/intelmq\/.*\.txt$/, 'dataplane'],
];

/** Not feeds: provenance notes, read-mes and the STIX JSON schemas. */
function isFeedSample(relative: string): boolean {
  const base = path.basename(relative);
  if (base === 'PROVENANCE.md' || base === 'README.md' || base.endsWith('.license')) return false;
  if (relative.startsWith('stix2/schemas/')) return false;
  return !base.endsWith('.expected.json');
}

/** Files the IntelMQ expectations name as inputs (scored against those expectations instead). */
function intelmqInputs(feedsDir: string, folder: string): Set<string> {
  const used = new Set<string>();
  const dir = path.join(feedsDir, folder, 'intelmq');
  if (!existsSync(dir)) return used;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.expected.json')) continue;
    const doc = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    for (const key of ['data_files_read', 'inline_inputs_written'] as const) {
      const named = doc[key];
      if (typeof named !== 'object' || named === null) continue;
      const names = key === 'data_files_read' ? Object.keys(named) : Object.values(named).map(String);
      for (const name of names) used.add(`${folder}/intelmq/${name}`);
    }
  }
  return used;
}

function walk(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const relative = prefix ? `${prefix}/${name}` : name;
    if (statSync(full).isDirectory()) out.push(...walk(full, relative));
    else out.push(relative);
  }
  return out;
}

export interface SampleScore {
  /** path under `feeds/` */
  sample: string;
  format: string | null;
  detected: boolean;
  lines: number;
  items: number;
  distinct: number;
  parserRejections: number;
  normaliserRejections: number;
  outcome: ParseOutcome;
  /** what `detectFeedFormat` makes of the sample on its own (null: it refuses to guess) */
  detectedAs: string | null;
}

/** Every sample without expected output, parsed and counted. */
export function scoreSamples(corpusDir: string = defaultCorpusDir): SampleScore[] {
  const feedsDir = path.join(corpusDir, 'feeds');
  if (!existsSync(feedsDir)) return [];
  const used = new Set<string>();
  for (const folder of readdirSync(feedsDir)) {
    for (const file of intelmqInputs(feedsDir, folder)) used.add(file);
  }
  // The dataplane test reads its files without naming them; they are scored as samples.
  return walk(feedsDir)
    .filter(
      (relative) =>
        isFeedSample(relative) && (!relative.includes('/intelmq/') || /^dataplane\//.test(relative)),
    )
    .filter((relative) => !used.has(relative))
    .map((relative) => scoreSample(feedsDir, relative));
}

export function sampleInput(feedsDir: string, relative: string): FeedInput {
  return {
    name: path.basename(relative),
    origin: `file ${relative}`,
    lines: splitLines(readFileSync(path.join(feedsDir, relative), 'utf8')),
  };
}

function scoreSample(feedsDir: string, relative: string): SampleScore {
  const input = sampleInput(feedsDir, relative);
  const wanted = sampleFormats.find(([pattern]) => pattern.test(relative))?.[1] ?? null;
  const outcome = parseInput(input, wanted);
  return {
    sample: relative,
    format: outcome.format,
    detected: outcome.detected,
    lines: input.lines.length,
    items: outcome.items.length,
    distinct: outcome.values.size,
    parserRejections: outcome.rejections.length,
    normaliserRejections: outcome.refused.length,
    outcome,
    detectedAs: chooseFormat(input, null).id,
  };
}
