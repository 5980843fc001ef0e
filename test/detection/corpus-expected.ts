/**
 * Reads the expected outputs of the third-party log corpus (`../shared/corpus/logs/<product>/`)
 * and reduces each sample to the core fields our log parsers promise: source/destination address
 * and port, the DNS question, the URL and the allowed/blocked decision. Shared by the per-format
 * corpus tests and the evaluation command, so every parser is scored the same way.
 *
 * Sources understood (see the corpus README):
 * - Elastic: `test-*.log` (one event per line) or `test-*.json` (`{"events": [...]}`; an event
 *   with a string `message` is that message, any other event is its JSON text) paired with
 *   `<input>-expected.json`; the time zone comes from `_tmp.tz_offset` in `<input>-config.yml`
 *   or `test-common-config.yml`.
 * - SEKOIA: `*.json` with `input.message` and `expected`.
 * - CrowdSec: `<test>/<log_file>` with `parser.assert`; the assertions of every parser stage are
 *   tied back to the input line through `Evt.Parsed["message"]` (or, lacking it, through the
 *   position when a stage saw every line).
 * Only samples whose expectation states at least one core field are yielded: a line the
 * reference parser could not read tells nothing about ours. Corpus files are read in place.
 *
 * Stable API (other engineers import it): `corpusLogsDir`, `hasCorpus`, `corpusProducts`,
 * `corpusSamples`, `compareCore`, `actionFromVerb` and the types below.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogAction, LogEvent } from '../../src/detection/model.js';
import { formatIp, parseIp } from '../../src/net/ip.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** `../shared/corpus/logs` next to the repository. */
export const corpusLogsDir = path.resolve(repoRoot, '../shared/corpus/logs');

export type CorpusSource = 'elastic' | 'sekoia' | 'crowdsec';

/** The core fields a sample's expectation states; a field left out is not checked. */
export interface ExpectedCore {
  sourceIp?: string;
  sourcePort?: number;
  destinationIp?: string;
  destinationPort?: number;
  /** lower-case, trailing dot removed */
  dnsQuestionName?: string;
  urlOriginal?: string;
  urlDomain?: string;
  /** only when the expectation names a verb we can map (see `actionFromVerb`) */
  action?: Exclude<LogAction, 'unknown'>;
}

export interface CorpusSample {
  source: CorpusSource;
  /** path under `logs/`, e.g. `bind/sekoia/query_log.json` */
  file: string;
  /** 0-based line or event number within `file` (0 for SEKOIA) */
  index: number;
  /** the raw input as a device or collector would write it */
  line: string;
  expected: ExpectedCore;
  /** time zone the reference configuration sets (Elastic `_tmp.tz_offset`), minutes east of UTC */
  utcOffsetMinutes?: number;
}

/** Is the corpus (or one product folder of it) present? */
export function hasCorpus(product?: string, logsDir: string = corpusLogsDir): boolean {
  return existsSync(product === undefined ? logsDir : productDir(product, logsDir));
}

/** Product folders present under the corpus (`bind`, `pfsense`…), sorted; empty without a corpus. */
export function corpusProducts(logsDir: string = corpusLogsDir): string[] {
  if (!existsSync(logsDir)) return [];
  return readdirSync(logsDir)
    .filter((name) => statSync(path.join(logsDir, name)).isDirectory())
    .sort();
}

/**
 * Every sample with an expected output under a product folder (`bind`, `pfsense`…, or an
 * absolute path), Elastic first, then SEKOIA, then CrowdSec, each in file-name order.
 * `onSkip` hears about files that could not be paired with their expectation.
 */
export function* corpusSamples(
  product: string,
  options: { logsDir?: string; onSkip?: (file: string, reason: string) => void } = {},
): Generator<CorpusSample> {
  const logsDir = options.logsDir ?? corpusLogsDir;
  const dir = productDir(product, logsDir);
  if (!existsSync(dir)) return;
  const skip = options.onSkip ?? (() => undefined);
  const rel = (full: string) => path.relative(logsDir, full).split(path.sep).join('/');
  const files = walk(dir);
  for (const full of files) {
    if (full.endsWith('-expected.json') && full.includes(`${path.sep}elastic${path.sep}`)) {
      yield* elasticSamples(full, rel, skip);
    }
  }
  for (const full of files) {
    if (full.endsWith('.json') && full.includes(`${path.sep}sekoia${path.sep}`)) {
      const sample = sekoiaSample(full, rel(full));
      if (sample) yield sample;
    }
  }
  for (const full of files) {
    if (path.basename(full) === 'parser.assert' && full.includes(`${path.sep}crowdsec${path.sep}`)) {
      yield* crowdsecSamples(full, rel, skip);
    }
  }
}

/** A difference between what a parser produced and what the corpus expects. */
export interface CoreMismatch {
  field: keyof ExpectedCore;
  expected: string | number;
  actual: string | number | undefined;
}

/**
 * Fields of `expected` that `event` does not reproduce. Addresses are compared in canonical
 * form, names lower-case without the trailing dot; an `unknown` action counts as absent.
 */
export function compareCore(event: LogEvent | null | undefined, expected: ExpectedCore): CoreMismatch[] {
  const out: CoreMismatch[] = [];
  const check = (
    field: keyof ExpectedCore,
    want: string | number | undefined,
    got: string | number | undefined,
  ) => {
    if (want === undefined) return;
    if (got === undefined || want !== got) out.push({ field, expected: want, actual: got });
  };
  check('sourceIp', canonicalIp(expected.sourceIp), canonicalIp(event?.sourceIp));
  check('sourcePort', expected.sourcePort, event?.sourcePort);
  check('destinationIp', canonicalIp(expected.destinationIp), canonicalIp(event?.destinationIp));
  check('destinationPort', expected.destinationPort, event?.destinationPort);
  check('dnsQuestionName', canonicalName(expected.dnsQuestionName), canonicalName(event?.dnsQuestionName));
  check('urlOriginal', expected.urlOriginal, event?.urlOriginal);
  check('urlDomain', canonicalName(expected.urlDomain), canonicalName(event?.urlDomain));
  check('action', expected.action, event?.action === 'unknown' ? undefined : event?.action);
  return out;
}

const blockedVerbs = new Set([
  'block',
  'blocked',
  'deny',
  'denied',
  'drop',
  'dropped',
  'reject',
  'rejected',
  'block-url',
  'drop-all',
  'reset-both',
  'reset-client',
  'reset-server',
  'packet dropped',
]);
const allowedVerbs = new Set([
  'accept',
  'accepted',
  'allow',
  'allowed',
  'pass',
  'passthrough',
  'permit',
  'permitted',
]);

/** Maps a device's or reference parser's verb to allowed/blocked; undefined when it says neither. */
export function actionFromVerb(verb: unknown): Exclude<LogAction, 'unknown'> | undefined {
  if (typeof verb !== 'string') return undefined;
  const v = verb.trim().toLowerCase();
  if (blockedVerbs.has(v)) return 'blocked';
  if (allowedVerbs.has(v)) return 'allowed';
  return undefined;
}

// ---------------------------------------------------------------------------------------------

function productDir(product: string, logsDir: string): string {
  return path.isAbsolute(product) ? product : path.join(logsDir, product);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

function canonicalIp(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const ip = parseIp(text);
  return ip ? formatIp(ip) : text;
}

function canonicalName(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const lower = text.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function port(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
}

function hasAny(core: ExpectedCore): boolean {
  return Object.values(core).some((v) => v !== undefined);
}

/** Core fields of an ECS-shaped document (Elastic and SEKOIA both write ECS). */
function coreFromEcs(doc: Json): ExpectedCore {
  const source = obj(doc.source);
  const destination = obj(doc.destination);
  const question = obj(obj(doc.dns)?.question);
  const url = obj(doc.url);
  const event = obj(doc.event);
  const core: ExpectedCore = {
    sourceIp: str(source?.ip),
    sourcePort: port(source?.port),
    destinationIp: str(destination?.ip),
    destinationPort: port(destination?.port),
    dnsQuestionName: canonicalName(str(question?.name)),
    urlOriginal: str(url?.original),
    urlDomain: str(url?.domain),
    action: ecsAction(doc, event),
  };
  return core;
}

function ecsAction(doc: Json, event: Json | undefined): ExpectedCore['action'] {
  // SEKOIA states the decision in action.type; ECS in event.type (allowed/denied), then the verb.
  const fromSekoia = actionFromVerb(obj(doc.action)?.type);
  if (fromSekoia) return fromSekoia;
  const types = event?.type;
  if (Array.isArray(types)) {
    if (types.includes('denied')) return 'blocked';
    if (types.includes('allowed')) return 'allowed';
  }
  return actionFromVerb(event?.action);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function sekoiaSample(full: string, file: string): CorpusSample | null {
  const doc = obj(readJson(full));
  const message = doc ? str(obj(doc.input)?.message) : undefined;
  const expected = doc ? obj(doc.expected) : undefined;
  if (message === undefined || !expected) return null;
  const core = coreFromEcs(expected);
  return hasAny(core) ? { source: 'sekoia', file, index: 0, line: message, expected: core } : null;
}

function* elasticSamples(
  expectedFile: string,
  rel: (full: string) => string,
  skip: (file: string, reason: string) => void,
): Generator<CorpusSample> {
  const inputFile = expectedFile.slice(0, -'-expected.json'.length);
  const file = rel(inputFile);
  const docs = obj(readJson(expectedFile))?.expected;
  if (!Array.isArray(docs) || !existsSync(inputFile)) {
    skip(rel(expectedFile), 'no readable `expected` array or no input file beside it');
    return;
  }
  let inputs: string[];
  if (inputFile.endsWith('.json')) {
    const events = obj(readJson(inputFile))?.events;
    if (!Array.isArray(events)) {
      skip(file, 'input has no `events` array');
      return;
    }
    inputs = events.map((e) => str(obj(e)?.message) ?? JSON.stringify(e));
  } else {
    inputs = readFileSync(inputFile, 'utf8').split(/\r?\n/);
    if (inputs.at(-1) === '') inputs.pop();
  }
  const utcOffsetMinutes = elasticOffset(inputFile);
  // Elastic drops some events in its pipelines; pair by event.original when the counts differ.
  const byIndex = docs.length === inputs.length;
  for (let i = 0; i < docs.length; i++) {
    const doc = obj(docs[i]);
    if (!doc) continue;
    let index = i;
    if (!byIndex) {
      const original = str(obj(doc.event)?.original);
      index = original === undefined ? -1 : inputs.indexOf(original);
      if (index < 0) {
        skip(file, `expected event ${i} cannot be paired with an input line (counts differ)`);
        continue;
      }
    }
    const line = inputs[index];
    const core = coreFromEcs(doc);
    if (line === undefined || !hasAny(core)) continue;
    const sample: CorpusSample = { source: 'elastic', file, index, line, expected: core };
    if (utcOffsetMinutes !== undefined) sample.utcOffsetMinutes = utcOffsetMinutes;
    yield sample;
  }
}

/** `_tmp.tz_offset: -04:00` (or `+0700`, `Z`, `UTC`) from the test's own or the common config. */
function elasticOffset(inputFile: string): number | undefined {
  for (const config of [
    `${inputFile}-config.yml`,
    path.join(path.dirname(inputFile), 'test-common-config.yml'),
  ]) {
    if (!existsSync(config)) continue;
    const m = /tz_offset:\s*["']?([^\s"']+)/.exec(readFileSync(config, 'utf8'));
    if (!m?.[1]) continue;
    const value = m[1];
    if (value === 'Z' || value === 'UTC') return 0;
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(value);
    if (z?.[2] && z[3]) return (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
    return undefined; // a named zone: its offset depends on the date, leave it to the caller
  }
  return undefined;
}

interface CrowdsecGroup {
  success: boolean;
  parsed: Map<string, string>;
  meta: Map<string, string>;
}

const assertLine =
  /^results\["([^"]+)"\]\["([^"]*)"\]\[(\d+)\]\.(Success == (true|false)|Evt\.(Parsed|Meta)\["([^"]+)"\] == "((?:[^"\\]|\\.)*)")\s*$/;

function* crowdsecSamples(
  assertFile: string,
  rel: (full: string) => string,
  skip: (file: string, reason: string) => void,
): Generator<CorpusSample> {
  const dir = path.dirname(assertFile);
  const configFile = path.join(dir, 'config.yaml');
  const logName = existsSync(configFile)
    ? /^log_file:\s*(\S+)/m.exec(readFileSync(configFile, 'utf8'))?.[1]
    : undefined;
  const logFile = logName ? path.join(dir, logName) : undefined;
  if (!logFile || !existsSync(logFile)) {
    skip(rel(assertFile), 'no log_file named in config.yaml, or it is missing');
    return;
  }
  const lines = readFileSync(logFile, 'utf8').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();

  // stage → parser → index → what the assertions say about that event
  const stages = new Map<string, Map<string, Map<number, CrowdsecGroup>>>();
  for (const text of readFileSync(assertFile, 'utf8').split(/\r?\n/)) {
    const m = assertLine.exec(text);
    if (!m) continue;
    const [, stage = '', parser = '', idx = '0', , success, kind, key = '', rawValue = ''] = m;
    let parsers = stages.get(stage);
    if (!parsers) stages.set(stage, (parsers = new Map<string, Map<number, CrowdsecGroup>>()));
    let events = parsers.get(parser);
    if (!events) parsers.set(parser, (events = new Map<number, CrowdsecGroup>()));
    let group = events.get(Number(idx));
    if (!group) events.set(Number(idx), (group = { success: false, parsed: new Map(), meta: new Map() }));
    if (success !== undefined) group.success = success === 'true';
    else (kind === 'Parsed' ? group.parsed : group.meta).set(key, unescapeGo(rawValue));
  }

  const perLine = new Map<number, ExpectedCore>();
  for (const [stage, parsers] of stages) {
    if (stage === 'success') continue;
    for (const events of parsers.values()) {
      const sawEveryLine = events.size === lines.length;
      const taken = new Set<number>();
      for (const [idx, group] of [...events].sort((a, b) => a[0] - b[0])) {
        if (!group.success) continue;
        const core = coreFromCrowdsec(group);
        if (!hasAny(core)) continue;
        const lineNo = crowdsecLine(group, idx, lines, taken, sawEveryLine);
        if (lineNo < 0) {
          skip(rel(assertFile), `${stage} event ${idx} cannot be tied to a line of ${logName}`);
          continue;
        }
        taken.add(lineNo);
        perLine.set(lineNo, { ...perLine.get(lineNo), ...defined(core) });
      }
    }
  }
  const file = rel(logFile);
  for (const [index, expected] of [...perLine].sort((a, b) => a[0] - b[0])) {
    const line = lines[index];
    if (line !== undefined) yield { source: 'crowdsec', file, index, line, expected };
  }
}

function crowdsecLine(
  group: CrowdsecGroup,
  idx: number,
  lines: string[],
  taken: Set<number>,
  sawEveryLine: boolean,
): number {
  const message = group.parsed.get('message');
  if (message !== undefined) {
    for (let i = 0; i < lines.length; i++) {
      if (!taken.has(i) && lines[i]?.endsWith(message)) return i;
    }
    return -1;
  }
  return sawEveryLine && idx < lines.length ? idx : -1;
}

function coreFromCrowdsec(group: CrowdsecGroup): ExpectedCore {
  const p = (...keys: string[]) => {
    for (const key of keys) {
      const v = group.parsed.get(key);
      if (v !== undefined && v !== '') return v;
    }
    return undefined;
  };
  const m = (key: string) => str(group.meta.get(key));
  return {
    sourceIp: p('src_ip', 'source_ip', 'remote_addr') ?? m('source_ip'),
    sourcePort: port(p('src_port', 'source_port', 'remote_port') ?? m('source_port')),
    destinationIp: p('dst_ip', 'dest_ip'),
    destinationPort: port(p('dst_port', 'dest_port') ?? m('dst_port')),
    action: actionFromVerb(p('action') ?? m('action')),
  };
}

function defined(core: ExpectedCore): ExpectedCore {
  const out: ExpectedCore = {};
  for (const [key, value] of Object.entries(core) as [keyof ExpectedCore, unknown][]) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** CrowdSec writes assertion strings with Go escapes (`\"`, `\\`, `\t`). */
function unescapeGo(text: string): string {
  if (!text.includes('\\')) return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}
