/**
 * Scores the infected-host report parsers against IntelMQ's expected events in the shared corpus
 * (`../shared/corpus/reports/<source>/**\/*.expected.json`), field by field. Shared by
 * test/hosts/reports-corpus.test.ts (which holds every case to the agreement recorded in
 * docs/ACCURACY.md) and scripts/eval-reports.ts (which measures and records it). Corpus files are
 * read in place, never copied.
 *
 * Each expected event is paired with the one of our records (not yet paired) that agrees with it on
 * the most fields; then every field the expectation states and we have a counterpart for is
 * compared: `source.ip`, `source.port`, `time.source` (as an instant, to the millisecond),
 * `malware.name` (lower-case), `classification.type` (through the table below), `destination.ip`,
 * `destination.port`, `source.asn`, `source.fqdn` (else `source.reverse_dns`) against our hostname,
 * `source.url` (else `destination.url`) against our url, `protocol.transport`.
 * agreement = agreeing fields / stated fields. An expected event with no record of ours disagrees on
 * every field it states.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseIp, normaliseTime } from '../../src/hosts/reports/common.js';
import { parseObservationReport } from '../../src/hosts/reports/index.js';
import { typeFromFileName } from '../../src/hosts/reports/shadowserver.js';
import type { ObservationCategory, ObservationRecord } from '../../src/hosts/observation-model.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const reportsCorpusDir = path.resolve(repoRoot, '../shared/corpus/reports');

export function hasReportsCorpus(dir: string = reportsCorpusDir): boolean {
  return existsSync(dir);
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// What we compare

/** IntelMQ's classification.type → the category we would give the same observation. */
const categoryOf: Record<string, ObservationCategory> = {
  'infected-system': 'infected',
  'system-compromise': 'compromised-website',
  blacklist: 'blocklisted',
  blocklist: 'blocklisted',
  'malware-distribution': 'blocklisted',
  phishing: 'blocklisted',
  'vulnerable-system': 'vulnerable',
  'weak-crypto': 'vulnerable',
  'brute-force': 'honeypot',
  scanner: 'honeypot',
  ddos: 'honeypot',
  proxy: 'vulnerable',
  spam: 'other',
  masquerade: 'other',
  undetermined: 'other',
  other: 'other',
};

export const comparedFields = [
  'source.ip',
  'source.port',
  'time.source',
  'malware.name',
  'classification.type',
  'destination.ip',
  'destination.port',
  'source.asn',
  'hostname',
  'url',
  'protocol.transport',
] as const;
export type ComparedField = (typeof comparedFields)[number];

function canonical(field: ComparedField, value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).trim();
  if (text === '') return null;
  switch (field) {
    case 'source.ip':
    case 'destination.ip': {
      const ip = normaliseIp(text, field);
      return typeof ip === 'string' ? ip : text;
    }
    case 'time.source': {
      const time = normaliseTime(text, field);
      return typeof time === 'string' ? time : text;
    }
    case 'classification.type':
      return categoryOf[text] ?? `(${text})`;
    case 'source.port':
    case 'destination.port':
    case 'source.asn':
      return String(Number(text));
    case 'malware.name':
    case 'hostname':
    case 'protocol.transport':
      return text.toLowerCase();
    case 'url':
      return text;
  }
}

function expectedValues(event: Json): Map<ComparedField, string> {
  const out = new Map<ComparedField, string>();
  const set = (field: ComparedField, value: unknown) => {
    const v = canonical(field, value);
    if (v !== null) out.set(field, v);
  };
  for (const field of comparedFields) {
    if (field === 'hostname') set(field, event['source.fqdn'] ?? event['source.reverse_dns']);
    else if (field === 'url') set(field, event['source.url'] ?? event['destination.url']);
    else set(field, event[field]);
  }
  return out;
}

function ourValues(record: ObservationRecord): Map<ComparedField, string | null> {
  return new Map<ComparedField, string | null>([
    ['source.ip', canonical('source.ip', record.ip)],
    ['source.port', canonical('source.port', record.port)],
    ['time.source', canonical('time.source', record.time)],
    ['malware.name', canonical('malware.name', record.family)],
    ['classification.type', record.category],
    ['destination.ip', canonical('destination.ip', record.destinationIp)],
    ['destination.port', canonical('destination.port', record.destinationPort)],
    ['source.asn', canonical('source.asn', record.asn)],
    ['hostname', canonical('hostname', record.hostname)],
    ['url', canonical('url', record.url)],
    ['protocol.transport', canonical('protocol.transport', record.protocol)],
  ]);
}

// ---------------------------------------------------------------------------------------------
// Which of our formats reads which IntelMQ test

interface Group {
  label: string;
  /** the Report variable whose raw is the input (else the test's data file or inline input) */
  report?: string;
  events: string[];
}

interface Spec {
  format?: string;
  groups?: Group[];
  /** not scored, and why */
  unscored?: string;
  /** expectations we cannot or do not reproduce, per field: why */
  notes?: Partial<Record<ComparedField, string>>;
  /** the whole case cannot agree, and why */
  unreachable?: string;
  /** detection alone is expected to refuse this input, and why */
  detectionRefuses?: string;
}

const accessibleNote =
  'IntelMQ files accessible-service reports as "other"; we file every exposed-service report as vulnerable (informational)';

/** Keyed by `<folder>/<expected file without .expected.json>`. */
const specs: Record<string, Spec> = {
  'anubisnetworks_sinkhole/test_parser': {
    format: 'anubisnetworks',
    groups: [
      { label: 'env', report: 'EXAMPLE_REPORT', events: ['EXAMPLE_EVENT'] },
      { label: 'env2', report: 'EXAMPLE_REPORT2', events: ['EXAMPLE_EVENT2'] },
      { label: 'http', report: 'EXAMPLE_REPORT3', events: ['EXAMPLE_EVENT3'] },
      { label: 'dns', report: 'EXAMPLE_REPORT_DNS', events: ['EXAMPLE_EVENT_DNS'] },
      { label: 'test-event', report: 'EXAMPLE_REPORT_IGNORE', events: [] },
      {
        label: 'http-host',
        report: 'EXAMPLE_REPORT_COMM_HTTP_HOST_NOT_DST_IP_RAW',
        events: ['EXAMPLE_EVENT_COMM_HTTP_HOST_NOT_DST_IP'],
      },
    ],
  },
  'cznic_haas_proki/test_parser_haas': {
    format: 'cznic-haas',
    notes: {
      'classification.type':
        'IntelMQ calls a session with a successful login "system-compromise"; the address is the attacker either way, a honeypot observation for us',
    },
  },
  'cznic_haas_proki/test_parser_proki': {
    format: 'cznic-proki',
    unscored: "IntelMQ's test builds the expected event in code; the corpus holds only the input",
  },
  'dyn_ponmocup/test_parser': {
    format: 'dyn-ponmocup',
    unreachable:
      'the sample\'s malware-IP column is "/" (anonymised) and an observation needs an address, so both rows are rejected; IntelMQ emits address-less domain events (two per row)',
  },
  'microsoft_ctip/test_parser_ctip': { format: 'microsoft-ctip' },
  'microsoft_ctip/test_parser_ctip_azure': { format: 'microsoft-ctip' },
  'spamhaus_cert/test_parser_cert': {
    format: 'spamhaus-cert',
    notes: {
      'malware.name':
        "IntelMQ renames some Spamhaus bot names (iotmirai → mirai, auto → s_other); we keep the report's own name",
      'classification.type':
        'proxyget: IntelMQ "other"; the address used a honeypot as a proxy, a honeypot observation for us',
    },
  },
  'team_cymru_cap/test_cap_program': { format: 'team-cymru-cap' },
  'team_cymru_cap/test_cap_program_new': {
    format: 'team-cymru-cap',
    unscored:
      "IntelMQ's test builds the expected events in code; the corpus holds only their common template",
  },
  'shadowserver/test_telnet': {
    format: 'shadowserver:scan_telnet',
    detectionRefuses:
      "IntelMQ names the file after its own test type (test_telnet) and the header alone fits scan_telnet and scan_vnc about equally, so detection refuses; read as shadowserver:scan_telnet, which IntelMQ's test type copies",
  },
  'shadowserver/blocklist': {
    notes: Object.fromEntries(
      (['time.source', 'classification.type', 'source.asn'] as const).map((f) => [
        f,
        'the third row lists a network (198.123.245.0/24); an observation is of one address, so that row is rejected',
      ]),
    ),
  },
  'shadowserver/device_id': {
    notes: {
      'classification.type':
        'IntelMQ "undetermined"; we file device identification with the exposed-service reports (vulnerable, informational)',
    },
  },
  'shadowserver/event4_ddos_participant': {
    notes: {
      'classification.type':
        'IntelMQ "ddos" names the event; the participating address is a bot, so infected',
    },
  },
  'shadowserver/event4_honeypot_darknet': {
    notes: {
      'classification.type':
        'IntelMQ "other"; traffic into a darknet sensor is a honeypot observation for us',
    },
  },
  'shadowserver/event4_honeypot_ddos': {
    notes: {
      'malware.name':
        'IntelMQ takes `infection` ("ddos", the attack); we take `family` ("mirai"), the malware the address runs, which is what a cleanup needs',
    },
  },
  'shadowserver/event4_sinkhole_dns': {
    notes: {
      'classification.type': 'IntelMQ "other"; an address resolving a sinkholed name is an infected host',
    },
  },
  'shadowserver/event4_sinkhole_http_referer': {
    notes: {
      'classification.type':
        'IntelMQ "other"; the address is a web site whose pages load a sinkholed URL, which we file as compromised-website',
    },
  },
  'shadowserver/population_http_proxy': { notes: { 'classification.type': accessibleNote } },
  'shadowserver/scan_http': { notes: { 'classification.type': accessibleNote } },
  'shadowserver/scan_ssl': { notes: { 'classification.type': accessibleNote } },
  'shadowserver/sandbox_dns': {
    unreachable:
      "the report names no address (a malware sample's DNS queries and answers), so there is nothing to observe and its rows are rejected; IntelMQ's events carry no address either",
  },
};

function specFor(folder: string, stem: string): Spec {
  const spec = specs[`${folder}/${stem}`] ?? {};
  return folder === 'shadowserver' ? { format: 'shadowserver', ...spec } : spec;
}

// ---------------------------------------------------------------------------------------------
// Cases

export interface ReportCase {
  id: string;
  source: string;
  format: string | null;
  unscored: string | null;
  unreachable: string | null;
  detectionRefuses: string | null;
  notes: Partial<Record<ComparedField, string>>;
  input: { fileName: string; text: string } | null;
  events: Map<ComparedField, string>[];
}

function decode(raw: string): string {
  return Buffer.from(raw, 'base64').toString('utf8');
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (name.endsWith('.expected.json')) out.push(full);
  }
  return out;
}

export function loadReportCases(dir: string = reportsCorpusDir): ReportCase[] {
  if (!existsSync(dir)) return [];
  const cases: ReportCase[] = [];
  for (const file of walk(dir)) {
    const relative = path.relative(dir, file);
    const folder = relative.split(path.sep)[0]!;
    const stem = path.basename(file).slice(0, -'.expected.json'.length);
    cases.push(...casesOf(folder, stem, file));
  }
  return cases;
}

function casesOf(folder: string, stem: string, file: string): ReportCase[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Json;
  const variables = isRecord(doc['variables']) ? doc['variables'] : {};
  const spec = specFor(folder, stem);
  const dir = path.dirname(file);
  const template: Json = {};
  for (const value of Object.values(variables)) {
    if (isRecord(value) && value['__type'] === 'Event' && !('raw' in value)) Object.assign(template, value);
  }
  const eventsOf = (names: string[]): Map<ComparedField, string>[] =>
    names
      .flatMap((name) => {
        const value = variables[name];
        return Array.isArray(value) ? (value as unknown[]) : [value];
      })
      .filter(isRecord)
      .map((event) => expectedValues({ ...template, ...event }));
  const reports = Object.keys(variables).filter(
    (k) => isRecord(variables[k]) && variables[k]['__type'] === 'Report',
  );
  const groups: Group[] = spec.groups ?? [
    {
      label: '',
      events: Object.keys(variables).filter((name) => {
        const value = variables[name];
        if (Array.isArray(value)) return true;
        return isRecord(value) && value['__type'] !== 'Report' && 'raw' in value;
      }),
    },
  ];
  return groups.map((group) => {
    const reportName = group.report ?? (reports.length === 1 ? reports[0] : undefined);
    const report = reportName ? variables[reportName] : undefined;
    const declaredName =
      isRecord(report) && typeof report['extra.file_name'] === 'string' ? report['extra.file_name'] : null;
    return {
      id: `${folder}/${stem}${group.label ? `#${group.label}` : ''}`,
      source: folder,
      format: spec.format ?? null,
      unscored: spec.unscored ?? null,
      unreachable: spec.unreachable ?? null,
      detectionRefuses: spec.detectionRefuses ?? null,
      notes: spec.notes ?? {},
      input: inputOf(dir, doc, group, isRecord(report) ? report : null, declaredName),
      events: eventsOf(group.events),
    };
  });
}

function inputOf(
  dir: string,
  doc: Json,
  group: Group,
  report: Json | null,
  declaredName: string | null,
): { fileName: string; text: string } | null {
  const fromReport = (): { fileName: string; text: string } | null =>
    report && typeof report['raw'] === 'string'
      ? { fileName: declaredName ?? 'report.json', text: decode(report['raw']) }
      : null;
  if (group.report) return fromReport();
  const named = [
    ...(isRecord(doc['data_files_read']) ? Object.keys(doc['data_files_read']) : []),
    ...(isRecord(doc['inline_inputs_written'])
      ? Object.values(doc['inline_inputs_written']).map(String)
      : []),
  ];
  if (named.length === 1) {
    const local = path.join(dir, path.basename(named[0]!));
    if (existsSync(local)) {
      return { fileName: declaredName ?? path.basename(local), text: readFileSync(local, 'utf8') };
    }
  }
  return fromReport();
}

// ---------------------------------------------------------------------------------------------
// Scoring

export interface FieldTally {
  agree: number;
  stated: number;
  /** a few disagreements: expected → ours */
  misses: string[];
}

export interface CaseScore {
  id: string;
  source: string;
  format: string | null;
  /** what detection alone picks (null: it refuses) */
  detected: string | null;
  /** Shadowserver: the report type read from the header alone, file name withheld ('refused' when it will not guess) */
  headerOnly: string | null;
  /** Shadowserver: the report type the file name states (null when it names none we know) */
  namedType: string | null;
  expected: number;
  records: number;
  rejected: number;
  fields: Map<ComparedField, FieldTally>;
  agree: number;
  stated: number;
  error: string | null;
  rejections: string[];
  unreachable: string | null;
  detectionRefuses: string | null;
  notes: Partial<Record<ComparedField, string>>;
}

/** `shadowserver:scan_telnet` → `shadowserver`. */
export function formatId(format: string | null): string | null {
  return format === null ? null : (format.split(':')[0] ?? null);
}

export function agreementOf(score: { agree: number; stated: number }): number {
  return score.stated === 0 ? 1 : score.agree / score.stated;
}

function detectedFormat(input: { fileName: string; text: string }): string | null {
  try {
    return parseObservationReport(input).reportType.split(':')[0] ?? null;
  } catch {
    return null;
  }
}

export function scoreCase(c: ReportCase): CaseScore {
  const score: CaseScore = {
    id: c.id,
    source: c.source,
    format: c.format,
    detected: null,
    headerOnly: null,
    namedType: null,
    expected: c.events.length,
    records: 0,
    rejected: 0,
    fields: new Map(comparedFields.map((f) => [f, { agree: 0, stated: 0, misses: [] }])),
    agree: 0,
    stated: 0,
    error: null,
    rejections: [],
    unreachable: c.unreachable,
    detectionRefuses: c.detectionRefuses,
    notes: c.notes,
  };
  if (!c.input) {
    score.error = 'no input found for this test';
    return score;
  }
  score.detected = detectedFormat(c.input);
  if (c.source === 'shadowserver') {
    const named = typeFromFileName(c.input.fileName);
    score.namedType = named ? `shadowserver:${named}` : null;
    try {
      score.headerOnly = parseObservationReport({ fileName: 'upload.csv', text: c.input.text }).reportType;
    } catch {
      score.headerOnly = 'refused';
    }
  }
  let records: ObservationRecord[] = [];
  try {
    const result = parseObservationReport({ ...c.input, ...(c.format ? { format: c.format } : {}) });
    records = result.records;
    score.rejected = result.rejected.length;
    score.rejections = result.rejected.slice(0, 3).map((r) => `line ${r.line}: ${r.reason}`);
  } catch (error) {
    score.error = error instanceof Error ? error.message : String(error);
  }
  score.records = records.length;
  const ours = records.map(ourValues);
  const used = new Set<number>();
  for (const expected of c.events) {
    let best = -1;
    let bestAgree = -1;
    ours.forEach((values, i) => {
      if (used.has(i)) return;
      let agree = 0;
      for (const [field, value] of expected) if (values.get(field) === value) agree++;
      if (agree > bestAgree) {
        best = i;
        bestAgree = agree;
      }
    });
    if (best !== -1) used.add(best);
    const values = best === -1 ? null : ours[best]!;
    for (const [field, value] of expected) {
      const tally = score.fields.get(field)!;
      tally.stated++;
      const actual = values?.get(field) ?? null;
      if (actual === value) tally.agree++;
      else if (tally.misses.length < 2) tally.misses.push(`${value} → ${actual ?? '(none)'}`);
    }
  }
  for (const tally of score.fields.values()) {
    score.agree += tally.agree;
    score.stated += tally.stated;
  }
  return score;
}

/** What an unscored case's input still yields: it must at least parse into records. */
export function sampleOutcome(c: ReportCase): { records: number; rejected: number; error: string | null } {
  if (!c.input) return { records: 0, rejected: 0, error: 'no input found' };
  try {
    const result = parseObservationReport({ ...c.input, ...(c.format ? { format: c.format } : {}) });
    return { records: result.records.length, rejected: result.rejected.length, error: null };
  } catch (error) {
    return { records: 0, rejected: 0, error: error instanceof Error ? error.message : String(error) };
  }
}

export function scoreReports(dir: string = reportsCorpusDir): {
  scores: CaseScore[];
  unscored: ReportCase[];
} {
  const cases = loadReportCases(dir);
  return {
    scores: cases.filter((c) => c.unscored === null).map(scoreCase),
    unscored: cases.filter((c) => c.unscored !== null),
  };
}

// ---------------------------------------------------------------------------------------------
// docs/ACCURACY.md

export const reportSectionTitle = '## Infected-host reports';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function renderReportSection(
  scores: CaseScore[],
  unscored: ReportCase[],
  command: string,
  date: string,
): string {
  const agree = scores.reduce((n, s) => n + s.agree, 0);
  const stated = scores.reduce((n, s) => n + s.stated, 0);
  const detectedRight = scores.filter((s) => s.detected === formatId(s.format)).length;
  const out: string[] = [
    reportSectionTitle,
    '',
    `Measured on ${date} with \`${command}\` against the shared corpus (\`../shared/corpus/reports\`):`,
    `${scores.length} IntelMQ parser tests scored, ${agree} of ${stated} stated field values agree (${stated === 0 ? '—' : ((agree / stated) * 100).toFixed(1)} %);`,
    `detection alone (no format given) picks the format used for ${detectedRight} of ${scores.length} inputs.`,
    'The corpus test (`test/hosts/reports-corpus.test.ts`) fails when a case scores below the agreement recorded',
    'here or detection stops picking its format, so these numbers can only improve: rerun the command to record an improvement.',
    '',
    'How a case is scored: the IntelMQ test input is parsed with `parseObservationReport` (the format named in',
    '`test/hosts/report-scoring.ts`; the file name IntelMQ gives the report, so Shadowserver types come from it).',
    'Each expected event is paired with the record of ours that agrees with it on most fields, then every field the',
    'expectation states is compared: `source.ip`, `source.port`, `time.source` (instant, to the millisecond),',
    '`malware.name` (lower-case), `classification.type` (through a table from IntelMQ’s vocabulary to our categories),',
    '`destination.ip`/`.port`, `source.asn`, `source.fqdn` (else `source.reverse_dns`) as our hostname,',
    '`source.url` (else `destination.url`) as our url, `protocol.transport`. Agreement = agreeing / stated values.',
    '',
    'Shadowserver names every report file with its type, and that is how the type is read here. The last column shows',
    'what the header alone yields when the file name is withheld: the type, or `refused` when several types fit about',
    'equally well (old headers are often a subset of several types’ columns). The test fails if it ever yields a wrong type.',
    '',
  ];
  const sources = [...new Set(scores.map((s) => s.source))];
  for (const source of sources) {
    out.push(`### ${source}`, '');
    out.push(
      '| case | format | detected as | expected | records | rejected | agreeing | agreement | type from header alone |',
    );
    out.push('|---|---|---|--:|--:|--:|--:|--:|---|');
    for (const s of scores.filter((x) => x.source === source)) {
      out.push(
        `| ${s.id} | ${s.format ?? '—'} | ${s.detected ?? 'refused'} | ${s.expected} | ${s.records} | ${s.rejected} | ${s.agree}/${s.stated} | ${agreementOf(s).toFixed(3)} | ${s.headerOnly ?? '—'} |`,
      );
    }
    out.push('');
  }
  out.push('### Where agreement is below 1, and why', '');
  out.push(
    'Examples read `expected → ours`; IntelMQ’s classification is shown translated into our categories.',
    '',
  );
  for (const s of scores.filter((x) => x.agree < x.stated)) {
    if (s.unreachable) {
      out.push(`- ${s.id}: ${cell(s.unreachable)}.`);
      continue;
    }
    for (const [field, tally] of s.fields) {
      if (tally.agree === tally.stated) continue;
      const why = s.notes[field] ?? 'not explained yet';
      out.push(
        `- ${s.id}, \`${field}\` ${tally.agree}/${tally.stated} (e.g. ${tally.misses.map((m) => `\`${cell(m)}\``).join(', ')}): ${cell(why)}.`,
      );
    }
  }
  const refusals = scores.filter((x) => x.detectionRefuses);
  if (refusals.length > 0) {
    out.push('', '### Where detection alone refuses', '');
    for (const s of refusals) out.push(`- ${s.id}: ${cell(s.detectionRefuses ?? '')}.`);
  }
  out.push('', '### Not scored', '');
  for (const c of unscored) {
    const outcome = sampleOutcome(c);
    const yields = outcome.error
      ? `reading it fails: ${cell(outcome.error)}`
      : `its input parses into ${outcome.records} records, ${outcome.rejected} rejected`;
    out.push(`- ${c.id} (${c.format ?? '—'}): ${cell(c.unscored ?? '')}; ${yields}.`);
  }
  out.push('');
  return out.join('\n');
}

export function replaceReportSection(doc: string, section: string): string {
  const start = doc.indexOf(`${reportSectionTitle}\n`);
  if (start === -1) return `${doc.trimEnd()}\n\n${section}`;
  const end = doc.indexOf('\n## ', start + reportSectionTitle.length);
  return `${doc.slice(0, start)}${section}${end === -1 ? '' : doc.slice(end + 1)}`;
}

/** case id → recorded agreement. */
export function recordedReportAgreements(doc: string): Map<string, number> {
  const start = doc.indexOf(`${reportSectionTitle}\n`);
  if (start === -1) return new Map();
  const end = doc.indexOf('\n## ', start + reportSectionTitle.length);
  const rows = doc
    .slice(start, end === -1 ? undefined : end)
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| case'))
    .map((l) => l.split('|').map((c) => c.trim()));
  return new Map(rows.map((cells) => [cells[1]!, Number(cells[8])]));
}
