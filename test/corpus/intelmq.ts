/**
 * Scores our feed parsers against the IntelMQ expectations in the shared sample corpus
 * (`../shared/corpus/feeds/<folder>/intelmq/*.expected.json`). Shared by the corpus test, which
 * holds every feed to the agreement recorded in docs/ACCURACY.md, and by scripts/eval-feeds.ts,
 * which measures and records it. Corpus files are read in place, never copied.
 *
 * Scoring. IntelMQ states several fields per event, and some of them are context derived from the
 * indicator (the host of a URL, the announcing network of an address). So per expected event the
 * most specific indicator is REQUIRED (url, then fqdn, ip, network, hash, asn) and the others are
 * OPTIONAL: we lose nothing for leaving them out and are not punished for emitting them.
 *   agreement = |ours ∩ (required ∪ optional)| / |ours ∪ required|
 * which is the Jaccard index when every event states one indicator. Both sides go through
 * `normaliseIndicator`, so spelling differences do not count; an expected value our normaliser
 * refuses is kept as written (lower-case) and therefore counts as missed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeedParserOptions } from '../../src/intel/feeds/format.js';
import { detectFeedFormat, feedFormat } from '../../src/intel/feeds/registry.js';
import type { FeedItem, FeedRejection, IndicatorType } from '../../src/intel/model.js';
import { normaliseIndicator } from '../../src/intel/normalise.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const defaultCorpusDir = path.resolve(repoRoot, '../shared/corpus');

// ---------------------------------------------------------------------------------------------
// Which of our formats reads which IntelMQ test, and how its variables pair up

interface GroupSpec {
  /** shown after the test name, e.g. `#DOMAIN` */
  label: string;
  /** the Report variable whose `raw` is the input */
  report?: string;
  /** or a data file beside the expected file */
  file?: string;
  events: string[];
  format?: string;
  /** the IntelMQ test checks only some of the events the input yields */
  partial?: boolean;
}

interface CaseSpec {
  format?: string;
  /** a feed we deliberately do not read, and why */
  unsupported?: string;
  partial?: boolean;
  /** the feed lists destinations (C2 servers seen from the victim), so `destination.*` count too */
  destination?: boolean;
  groups?: GroupSpec[];
  options?: FeedParserOptions;
}

/** Keyed by `<corpus folder>/<expected file without .expected.json>`. */
const specs: Record<string, CaseSpec> = {
  'abusech_feodotracker/test_feodotracker': {
    unsupported:
      "Feodo Tracker's HTML browse page (IntelMQ's generic HTML-table parser); we import the published CSV/JSON blocklists (feodo-csv, feodo-json) instead",
  },
  'abusech_feodotracker/test_parser_feodotracker': { format: 'feodo-json' },
  'alienvault_otx/test_parser': {
    unsupported:
      'AlienVault IP reputation file (`ip#risk#reliability#…`), retired by AlienVault; OTX pulses are read by the otx format',
  },
  'alienvault_otx/test_parser_otx': { format: 'otx', partial: true },
  'bambenek/test_parser': {
    format: 'bambenek',
    groups: [
      { label: 'DOMAIN', report: 'DOMAIN_REPORT', events: ['DOMAIN_EVENTS'] },
      { label: 'IP', report: 'IP_REPORT', events: ['IP_EVENTS'] },
      { label: 'DGA', report: 'DGA_REPORT', events: ['DGA_EVENTS'] },
    ],
  },
  'blocklist_de/test_parser': { format: 'blocklist-de' },
  'blueliv_crimeserver/test_parser_crimeserver': { format: 'blueliv' },
  'ci_army/test_parser': { format: 'ci-army' },
  'cymru_full_bogons/test_full_bogons': {
    format: 'cymru-bogons',
    groups: [
      { label: 'IPv4', report: 'REPORT', events: ['EVENT1', 'EVENT2'] },
      { label: 'IPv6', report: 'V6REPO', events: ['V6EVEN'], partial: true },
    ],
  },
  'danger_rulez/test_parser': { format: 'danger-rulez' },
  'dataplane/test_parser': {
    format: 'dataplane',
    groups: [
      { label: 'sshclient', events: ['SSH_CLIENT_EVENT'] },
      { label: 'sshpwauth', file: 'sshpwauth.txt', events: ['SSH_AUTH_EVENT'] },
    ],
  },
  'dshield/test_parser_asn': { format: 'dshield-asn' },
  'dshield/test_parser_block': { format: 'dshield-block' },
  'eset/test_parser': {
    format: 'eset',
    groups: [
      { label: 'domains', report: 'EXAMPLE_REPORT', events: ['EXAMPLE_EVENT'] },
      { label: 'nxdomain', report: 'NXDOMAIN_REPORT', events: ['NXDOMAIN_EVENT'] },
    ],
  },
  'fraunhofer_dga/test_parser_dga': { format: 'fraunhofer-dga' },
  'github_strangereal_intel/test_parser': {
    unsupported:
      "not scorable: IntelMQ's test builds the expected events in code, so the expected file holds no indicator (the github-ioc format reads this feed)",
  },
  'malwarepatrol/test_parser_dansguardian': { format: 'malwarepatrol' },
  'misp/test_parser': { format: 'misp-event', partial: true },
  'openphish/test_parser': { format: 'openphish' },
  'openphish/test_parser_commercial': { format: 'openphish-commercial' },
  'phishtank/test_parser': { format: 'phishtank' },
  'spamhaus_drop/test_parser_drop': {
    groups: [
      { label: 'DROP', report: 'NETWORK_REPORT', events: ['NETWORK_EVENTS'], format: 'spamhaus-drop' },
      { label: 'ASN-DROP', report: 'ASN_REPORT', events: ['ASN_EVENTS'], format: 'spamhaus-asn-drop' },
    ],
  },
  'turris/test_parser': { format: 'turris' },
  'vxvault/test_parser': { format: 'vxvault' },
};

// ---------------------------------------------------------------------------------------------
// Cases: one input, its expected events and the format we read it with

/** What one expected event claims, normalised. */
export interface ExpectedEvent {
  required: string;
  optional: string[];
  /** `malware.name`, lower-case */
  family: string | null;
  /** the event's decoded raw record, to scope partial tests */
  raw: string;
}

export interface FeedInput {
  /** the file name the feed would have (for detection and name-aware formats) */
  name: string;
  /** where the text came from, for people */
  origin: string;
  lines: string[];
}

export interface FeedCase {
  id: string;
  folder: string;
  unsupported: string | null;
  partial: boolean;
  /** the format we were told to use (null: detect) */
  format: string | null;
  options: FeedParserOptions;
  input: FeedInput | null;
  events: ExpectedEvent[];
  /** expected values our normaliser refuses (kept as written) */
  refusedExpected: string[];
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits text the way the importer's line reader does (`\n` or `\r\n`, BOM dropped). */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function decodeBase64(text: string): string {
  return Buffer.from(text, 'base64').toString('utf8');
}

/** IntelMQ's inline `RAW` strings are base64, as a report's `raw` is; other inline inputs are text. */
function readInline(file: string): string {
  const text = readFileSync(file, 'utf8');
  const compact = text.trim();
  return /\.RAW/.test(path.basename(file)) && /^[A-Za-z0-9+/]+=*$/.test(compact)
    ? decodeBase64(compact)
    : text;
}

const hashFields: Record<string, IndicatorType> = {
  'malware.hash.md5': 'md5',
  'malware.hash.sha1': 'sha1',
  'malware.hash.sha256': 'sha256',
};

/** The indicator fields of an event, most specific first. */
function indicatorFields(prefix: 'source' | 'destination'): [string, IndicatorType | undefined][] {
  return [
    [`${prefix}.url`, 'url'],
    [`${prefix}.fqdn`, 'domain'],
    [`${prefix}.ip`, undefined],
    [`${prefix}.network`, undefined],
    ...Object.entries(hashFields),
    [`${prefix}.asn`, 'asn'],
  ];
}

/** Normalised form of an expected value; refused values stay as written so they count as missed. */
function expectedValue(raw: unknown, hint: IndicatorType | undefined, refused: string[]): string | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const text = String(raw);
  const result = normaliseIndicator(text, hint);
  if (result.ok) return result.indicator.value;
  refused.push(text);
  return text.trim().toLowerCase();
}

function toEvents(
  values: unknown[],
  template: Json,
  destination: boolean,
  refused: string[],
): ExpectedEvent[] {
  const events: ExpectedEvent[] = [];
  for (const value of values) {
    if (!isRecord(value)) continue;
    const event = { ...template, ...value };
    const found: string[] = [];
    for (const prefix of destination ? (['source', 'destination'] as const) : (['source'] as const)) {
      for (const [field, hint] of indicatorFields(prefix)) {
        const v = expectedValue(event[field], hint, refused);
        if (v !== null && !found.includes(v)) found.push(v);
      }
    }
    const [required, ...optional] = found;
    if (required === undefined) continue;
    const family = typeof event['malware.name'] === 'string' ? event['malware.name'].toLowerCase() : null;
    const raw = typeof event['raw__decoded'] === 'string' ? event['raw__decoded'] : '';
    events.push({ required, optional, family, raw });
  }
  return events;
}

function flatten(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Variables with no `raw` and no indicator are templates IntelMQ merges into each event. */
function templateOf(variables: Json): Json {
  const template: Json = {};
  for (const value of Object.values(variables)) {
    if (isRecord(value) && value['__type'] !== 'Report' && !('raw' in value)) Object.assign(template, value);
  }
  delete template['__type'];
  return template;
}

/** Every IntelMQ expected file under `<corpus>/feeds`, as cases (several per file when grouped). */
export function loadIntelmqCases(corpusDir: string = defaultCorpusDir): FeedCase[] {
  const feedsDir = path.join(corpusDir, 'feeds');
  if (!existsSync(feedsDir)) return [];
  const cases: FeedCase[] = [];
  for (const folder of readdirSync(feedsDir).sort()) {
    const dir = path.join(feedsDir, folder, 'intelmq');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.expected.json')) continue;
      cases.push(...casesOf(folder, dir, file));
    }
  }
  return cases;
}

function casesOf(folder: string, dir: string, file: string): FeedCase[] {
  const stem = file.slice(0, -'.expected.json'.length);
  const key = `${folder}/${stem}`;
  const spec = specs[key] ?? {};
  const doc = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Json;
  const variables = isRecord(doc['variables']) ? doc['variables'] : {};
  const dataFiles = isRecord(doc['data_files_read']) ? Object.keys(doc['data_files_read']) : [];
  const inline = isRecord(doc['inline_inputs_written']) ? Object.values(doc['inline_inputs_written']) : [];
  const template = templateOf(variables);
  const destination = spec.destination === true;

  const groups: GroupSpec[] = spec.groups ?? [
    {
      label: '',
      events: Object.keys(variables).filter((name) =>
        flatten(variables[name]).some((v) => isRecord(v) && v['__type'] !== 'Report' && 'raw' in v),
      ),
    },
  ];
  return groups.map((group) => {
    const refused: string[] = [];
    const eventValues = group.events.flatMap((name) => flatten(variables[name]));
    const events = toEvents(eventValues, template, destination, refused);
    const input = inputOf(dir, variables, group, dataFiles, inline.map(String), eventValues);
    return {
      id: group.label ? `${key}#${group.label}` : key,
      folder,
      unsupported: spec.unsupported ?? null,
      partial: group.partial ?? spec.partial ?? false,
      format: group.format ?? spec.format ?? null,
      options: spec.options ?? {},
      input,
      events,
      refusedExpected: refused,
    };
  });
}

/**
 * The feed text, in order of preference: the group's report or data file, the file's only report,
 * its only data file, its only inline input, and last the expected events' own raw lines.
 */
function inputOf(
  dir: string,
  variables: Json,
  group: GroupSpec,
  dataFiles: string[],
  inline: string[],
  eventValues: unknown[],
): FeedInput | null {
  const fromFile = (name: string): FeedInput | null => {
    const file = path.join(dir, name);
    if (!existsSync(file)) return null;
    return { name, origin: `file ${name}`, lines: splitLines(readInline(file)) };
  };
  const fromReport = (name: string): FeedInput | null => {
    const report = variables[name];
    if (!isRecord(report) || typeof report['raw'] !== 'string') return null;
    const url = typeof report['feed.url'] === 'string' ? report['feed.url'] : '';
    const feedName = url ? (url.split('/').pop() ?? name) : name;
    return { name: feedName, origin: `report ${name}`, lines: splitLines(decodeBase64(report['raw'])) };
  };
  if (group.report) return fromReport(group.report);
  if (group.file) return fromFile(group.file);
  const reports = Object.keys(variables).filter(
    (k) => isRecord(variables[k]) && variables[k]['__type'] === 'Report',
  );
  if (reports.length === 1) return fromReport(reports[0]!);
  if (dataFiles.length === 1) return fromFile(dataFiles[0]!);
  if (inline.length === 1) return fromFile(inline[0]!);
  // The test's report was not a literal: rebuild the feed from the lines the events came from.
  const lines = eventValues.flatMap((v) =>
    isRecord(v) && typeof v['raw__decoded'] === 'string' ? splitLines(v['raw__decoded']) : [],
  );
  return lines.length > 0
    ? { name: 'feed.txt', origin: 'raw lines of the expected events', lines: [...new Set(lines)] }
    : null;
}

// ---------------------------------------------------------------------------------------------
// Running a parser over an input

export interface ParseOutcome {
  /** the format used, null when none was given and detection refused */
  format: string | null;
  detected: boolean;
  items: FeedItem[];
  rejections: FeedRejection[];
  /** items whose value the normaliser refused */
  refused: { item: FeedItem; reason: string }[];
  /** normalised value → family (first stated) */
  values: Map<string, string | null>;
  /** the parser threw: a bug, whatever the input */
  error: string | null;
}

export function chooseFormat(
  input: FeedInput,
  wanted: string | null,
): { id: string | null; detected: boolean } {
  if (wanted !== null && feedFormat(wanted)) return { id: wanted, detected: false };
  const detection = detectFeedFormat({ name: input.name, lines: input.lines.slice(0, 200) });
  return detection.ok ? { id: detection.format.id, detected: true } : { id: null, detected: true };
}

export function parseInput(
  input: FeedInput,
  wanted: string | null,
  options: FeedParserOptions = {},
): ParseOutcome {
  const { id, detected } = chooseFormat(input, wanted);
  const outcome: ParseOutcome = {
    format: id,
    detected,
    items: [],
    rejections: [],
    refused: [],
    values: new Map(),
    error: null,
  };
  const definition = id === null ? undefined : feedFormat(id);
  if (!definition) return outcome;
  const sink = {
    item: (item: FeedItem) => outcome.items.push(item),
    reject: (rejection: FeedRejection) => outcome.rejections.push(rejection),
  };
  try {
    const parser = definition.create({ name: input.name, ...options });
    input.lines.forEach((text, i) => parser.line(text, i + 1, sink));
    parser.end(sink);
  } catch (error) {
    outcome.error = error instanceof Error ? error.message : String(error);
  }
  for (const item of outcome.items) {
    const result = normaliseIndicator(item.value, item.type, { exactDomain: item.exactDomain === true });
    if (!result.ok) {
      outcome.refused.push({ item, reason: result.reason });
      continue;
    }
    const family = item.family?.trim().toLowerCase() || null;
    const known = outcome.values.get(result.indicator.value);
    if (known === undefined || (known === null && family !== null))
      outcome.values.set(result.indicator.value, family);
  }
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Scores

export interface FeedScore {
  id: string;
  format: string | null;
  detected: boolean;
  expected: number;
  ours: number;
  matched: number;
  agreement: number;
  /** events stating a family, and how many of them we name the same way */
  familyExpected: number;
  familyMatched: number;
  missed: string[];
  extra: string[];
  familyMisses: { value: string; expected: string; ours: string | null }[];
  outcome: ParseOutcome;
  /** what `detectFeedFormat` makes of the input on its own (null: it refuses to guess) */
  detectedAs: string | null;
}

function familyToken(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Same family when equal ignoring case and punctuation, or one of our `a/b/c` aliases. */
export function sameFamily(expected: string, ours: string | null): boolean {
  if (ours === null) return false;
  const want = familyToken(expected);
  if (familyToken(ours) === want) return true;
  return ours.split(/[/,;|]|\s+-\s+|\s+/).some((part) => familyToken(part) === want);
}

/** `value` occurs in `raw` as a whole token, not inside a longer URL or name. */
export function occursAsToken(raw: string, value: string): boolean {
  if (value === '') return false;
  const boundary = (ch: string | undefined) => ch === undefined || /[\s"',;|[\]{}()<>]/.test(ch);
  for (let at = raw.indexOf(value); at !== -1; at = raw.indexOf(value, at + 1)) {
    if (boundary(raw[at - 1]) && boundary(raw[at + value.length])) return true;
  }
  return false;
}

export function scoreCase(feed: FeedCase): FeedScore | null {
  if (feed.unsupported !== null || feed.input === null || feed.events.length === 0) return null;
  const outcome = parseInput(feed.input, feed.format, feed.options);
  const required = new Set(feed.events.map((e) => e.required));
  const claimed = new Set(feed.events.flatMap((e) => [e.required, ...e.optional]));
  let ours = [...outcome.values.keys()];
  if (feed.partial) {
    // Only the events the test checks are expected; judge only what we read from those records.
    const inScope = new Set<string>();
    for (const item of outcome.items) {
      if (feed.events.some((e) => occursAsToken(e.raw, item.value.trim()))) {
        const result = normaliseIndicator(item.value, item.type, { exactDomain: item.exactDomain === true });
        if (result.ok) inScope.add(result.indicator.value);
      }
    }
    ours = ours.filter((v) => inScope.has(v));
  }
  const oursSet = new Set(ours);
  const matched = ours.filter((v) => claimed.has(v)).length;
  const union = new Set([...ours, ...required]).size;
  const familyEvents = feed.events.filter((e) => e.family !== null);
  const familyMisses = familyEvents
    .filter((e) => !sameFamily(e.family!, outcome.values.get(e.required) ?? null))
    .map((e) => ({ value: e.required, expected: e.family!, ours: outcome.values.get(e.required) ?? null }));
  return {
    id: feed.id,
    format: outcome.format,
    detected: outcome.detected,
    expected: required.size,
    ours: oursSet.size,
    matched,
    agreement: union === 0 ? 1 : matched / union,
    familyExpected: familyEvents.length,
    familyMatched: familyEvents.length - familyMisses.length,
    missed: [...required].filter((v) => !oursSet.has(v)),
    extra: ours.filter((v) => !claimed.has(v)),
    familyMisses,
    outcome,
    detectedAs: chooseFormat(feed.input, null).id,
  };
}
