/**
 * `lamsach scan`: reads logs (files, gzip, folders, standard input), matches every event against
 * the indicators — from the database, or from indicator files so it runs on a laptop without a
 * server — and writes the detections as ECS NDJSON, CSV or a per-host summary. Optionally stores
 * them under an organisation (`--store --org CODE`).
 */
import { createReadStream, createWriteStream, type Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { operator } from '../app/bootstrap.js';
import type { Runtime } from '../app/runtime.js';
import { DetectionStore, detectionRow, type DetectionRow } from '../detection/detection-store.js';
import {
  indicatorsFromFiles,
  IndicatorFileError,
  matcherFromDatabase,
} from '../detection/indicator-loader.js';
import { instantiateLogFormat, logFormat, logFormats, prefilterSafe } from '../detection/logs/registry.js';
import { IndicatorMatcher, type Detection, type MatcherOptions } from '../detection/matcher.js';
import { defaultParseContext, type ParseContext } from '../detection/model.js';
import { csvHeader, csvRow } from '../detection/output/csv.js';
import { ndjsonLine } from '../detection/output/ecs.js';
import { HostSummary } from '../detection/output/summary.js';
import { scanFilesInParallel } from '../detection/parallel/parallel-scan.js';
import { fileChunks, newScanCounters, scanChunks, type ScanCounters } from '../detection/scan.js';
import { linesOf } from '../intel/import/lines.js';
import { CliErrorLike } from './errors.js';
import { lineProgress } from './progress.js';
import { withRuntime } from './runtime-options.js';

type OutputFormat = 'ndjson' | 'csv' | 'summary';

/** Control characters in log text shown on a terminal (escape sequences among them). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

interface ScanCliOptions {
  indicators?: string[];
  indicatorFormat?: string;
  format?: OutputFormat;
  logFormat?: string;
  listFormats?: boolean;
  validity: 'strict' | 'ignore';
  sinkhole?: string[];
  output?: string;
  store?: boolean;
  org?: string;
  utcOffset?: string;
  year?: string;
  prefilter: boolean;
  workers?: string;
}

/** Below this much input, starting worker threads costs more than it saves. */
const PARALLEL_BYTES = 256 << 20;

/**
 * `--workers`: a number of threads, or all cores by default when the input is files of
 * {@link PARALLEL_BYTES} or more; standard input is always read by one.
 */
export function workerCount(
  option: string | undefined,
  inputs: readonly { file?: { size: number } }[],
): number {
  const files = inputs.every((i) => i.file !== undefined);
  if (option !== undefined) {
    const n = Number(option);
    if (!Number.isInteger(n) || n < 1 || n > 256)
      throw new CliErrorLike(`--workers ${option}: give a number of threads from 1 to 256`);
    return files ? n : 1;
  }
  const bytes = inputs.reduce((sum, i) => sum + (i.file?.size ?? 0), 0);
  return files && bytes >= PARALLEL_BYTES ? availableParallelism() : 1;
}

/** `+07:00`, `-0530`, `420` (minutes) → minutes east of UTC. */
export function parseUtcOffset(text: string): number {
  const minutes = /^[+-]?\d{1,4}$/.test(text) && !/^[+-]?\d{4}$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isInteger(minutes) && Math.abs(minutes) <= 14 * 60) return minutes;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  throw new CliErrorLike(`--utc-offset ${text}: write it as +07:00, -05:30 or a number of minutes`);
}

interface Input {
  name: string;
  open(): AsyncIterable<Uint8Array>;
  /** a file's path and size (standard input has none) */
  file?: { path: string; size: number };
}

async function walk(dir: string, out: string[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new CliErrorLike(`cannot read the folder ${dir}: ${(error as Error).message}`);
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}

/** Files named on the command line, folders walked recursively in name order, `-` = stdin. */
export async function expandInputs(args: readonly string[]): Promise<Input[]> {
  if (args.length === 0) args = ['-'];
  const inputs: Input[] = [];
  for (const arg of args) {
    if (arg === '-') {
      if (process.stdin.isTTY) process.stderr.write('reading logs from standard input (end with Ctrl-D)\n');
      inputs.push({ name: '-', open: () => process.stdin });
      continue;
    }
    let info;
    try {
      info = await stat(arg);
    } catch {
      throw new CliErrorLike(`cannot read ${arg}: no such file or folder`);
    }
    const files: string[] = [];
    if (info.isDirectory()) await walk(arg, files);
    else files.push(arg);
    for (const file of files)
      inputs.push({
        name: file,
        open: () => fileChunks(file),
        file: { path: file, size: file === arg ? info.size : (await stat(file)).size },
      });
  }
  return inputs;
}

async function loadMatcher(
  o: ScanCliOptions,
  runtime: Runtime | null,
  options: MatcherOptions,
): Promise<{ matcher: IndicatorMatcher; fromFiles: boolean }> {
  const started = performance.now();
  let matcher: IndicatorMatcher;
  if (o.indicators && o.indicators.length > 0) {
    const inputs = o.indicators.map((file) => ({
      name: path.basename(file),
      lines: linesOf(createReadStream(file)).lines,
      ...(o.indicatorFormat ? { format: o.indicatorFormat } : {}),
    }));
    let loaded;
    try {
      loaded = await indicatorsFromFiles(inputs);
    } catch (error) {
      if (error instanceof IndicatorFileError) throw new CliErrorLike(error.message);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new CliErrorLike(
          `cannot read the indicator file ${(error as NodeJS.ErrnoException).path ?? ''}: no such file`,
        );
      throw error;
    }
    for (const r of loaded.reports) {
      process.stderr.write(
        `indicators: ${r.name} (${r.format}): ${r.indicators.toLocaleString('en')} indicators, ${r.allowlisted} allowlisted, ${r.rejected} rejected\n`,
      );
      for (const j of r.rejections.slice(0, 3)) process.stderr.write(`  line ${j.line}: ${j.reason}\n`);
    }
    matcher = new IndicatorMatcher(loaded.indicators, options);
  } else {
    matcher = await matcherFromDatabase(runtime!.database.db, options);
  }
  const s = matcher.stats;
  process.stderr.write(
    `indicators loaded: ${s.loaded.toLocaleString('en')} (${s.domains.toLocaleString('en')} domains, ${s.urls.toLocaleString('en')} URLs, ${s.addresses.toLocaleString('en')} addresses, ${s.networks.toLocaleString('en')} networks) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return { matcher, fromFiles: Boolean(o.indicators && o.indicators.length > 0) };
}

/** Waits for the stream to take more when it asks to (a slow pipe must not make us buffer). */
async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

function printCounters(
  counters: ScanCounters,
  matcher: IndicatorMatcher,
  seconds: number,
  workers: number,
  err: NodeJS.WritableStream,
): void {
  const n = (v: number) => v.toLocaleString('en');
  const rate = counters.lines / Math.max(seconds, 0.001);
  const mbs = counters.bytes / 1e6 / Math.max(seconds, 0.001);
  const peak = process.resourceUsage().maxRSS / 1024;
  err.write(
    `scanned ${n(counters.files)} file(s), ${n(counters.lines)} lines in ${seconds.toFixed(1)} s (${n(Math.round(rate))} lines/s, ${mbs.toFixed(0)} MB/s, ${workers} thread(s); peak memory ${peak.toFixed(0)} MB)\n`,
  );
  err.write(
    `  events ${n(counters.parsed)}, without event ${n(counters.withoutEvent)}, not understood ${n(counters.notUnderstood)}, detections ${n(counters.detections)}\n`,
  );
  if (counters.skipped > 0) {
    err.write(
      `  ${n(counters.skipped)} lines held nothing any indicator could match and were not parsed (--no-prefilter parses every line)\n`,
    );
  }
  for (const f of counters.formats.slice(0, 20))
    err.write(
      `  ${f.file}: ${f.format ?? 'no known format'}${f.mixed ? ' (mixed formats: chosen per line)' : ''}\n`,
    );
  if (counters.formats.length > 20) err.write(`  … and ${counters.formats.length - 20} more files\n`);
  for (const [format, samples] of Object.entries(counters.samples)) {
    err.write(`  not understood (${format}), for example:\n`);
    for (const s of samples.slice(0, 3))
      err.write(`    ${s.file}:${s.line}: ${s.text.replace(CONTROL, '?')}\n`);
  }
  if (matcher.outsideValidity > 0) {
    err.write(
      `  ${n(matcher.outsideValidity)} candidate match(es) fell outside the indicators' validity; --validity ignore reports them\n`,
    );
  }
}

async function runScan(files: string[], o: ScanCliOptions, runtime: Runtime | null): Promise<void> {
  const forced = o.logFormat ? logFormat(o.logFormat) : undefined;
  if (o.logFormat && !forced)
    throw new CliErrorLike(`unknown log format "${o.logFormat}"; see \`lamsach scan --list-formats\``);
  const inputs = await expandInputs(files);
  const workers = workerCount(o.workers, inputs);
  const context: ParseContext = defaultParseContext();
  if (o.utcOffset !== undefined) context.utcOffsetMinutes = parseUtcOffset(o.utcOffset);
  if (o.year !== undefined) {
    const year = Number(o.year);
    if (!Number.isInteger(year) || year < 1970 || year > 2100)
      throw new CliErrorLike(`--year ${o.year}: give a year such as 2025`);
    context.year = year;
  }
  let matcherOptions: MatcherOptions = { validity: o.validity };
  if (o.sinkhole && o.sinkhole.length > 0) matcherOptions = { ...matcherOptions, sinkholes: o.sinkhole };
  let loaded;
  try {
    loaded = await loadMatcher(o, runtime, matcherOptions);
  } catch (error) {
    if (error instanceof RangeError) throw new CliErrorLike(error.message);
    throw error;
  }
  const { matcher, fromFiles } = loaded;

  const toTerminal = !o.output && process.stdout.isTTY === true;
  const format: OutputFormat = o.format ?? (toTerminal ? 'summary' : 'ndjson');
  const out: NodeJS.WritableStream = o.output ? createWriteStream(o.output) : process.stdout;
  out.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`lamsach: cannot write the output: ${error.message}\n`);
    process.exit(1);
  });
  const scanTime = new Date().toISOString();
  const summary = new HostSummary();
  const rows: DetectionRow[] = [];
  const store = o.store ? new DetectionStore(runtime!.database.db, runtime!.services.authz) : null;
  const ctx = store
    ? await runtime!.services.contextFor(operator(`cli:${process.env.USER ?? 'operator'}`), null)
    : null;
  const org = store ? await store.organisationByCode(ctx!, o.org!) : null;
  if (format === 'csv') await write(out, csvHeader());

  const counters = newScanCounters();
  const progress = lineProgress('scanning');
  const started = performance.now();
  const emit = async (d: Detection) => {
    if (format === 'ndjson') await write(out, ndjsonLine(d, scanTime));
    else if (format === 'csv') await write(out, csvRow(d));
    else summary.add(d);
    if (org) {
      const row = detectionRow(d, org.id);
      rows.push(fromFiles ? { ...row, indicator_id: null } : row);
    }
  };
  try {
    if (workers > 1) {
      const detections = scanFilesInParallel(
        inputs.map((i) => ({ path: i.file!.path, name: i.name })),
        {
          matcher,
          workers,
          context,
          ...(forced ? { format: forced } : {}),
          prefilter: o.prefilter,
          counters,
          onProgress: (lines) => progress.update(lines),
        },
      );
      for await (const d of detections) await emit(d);
    }
    for (const input of workers > 1 ? [] : inputs) {
      const detections = scanChunks(input.open(), {
        matcher,
        formats: logFormats,
        ...(forced ? { format: forced } : {}),
        context,
        counters,
        file: input.name,
        instantiate: instantiateLogFormat,
        ...(o.prefilter ? { prefilter: prefilterSafe } : {}),
        onProgress: (c) => progress.update(c.lines),
      });
      for await (const d of detections) await emit(d);
    }
  } catch (error) {
    progress.done();
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR')
      throw new CliErrorLike(`a gzip file is damaged: ${e.message}`);
    if (e.code === 'EISDIR' || e.code === 'EACCES' || e.code === 'ENOENT')
      throw new CliErrorLike(`cannot read ${e.path ?? 'a file'}: ${e.message}`);
    throw error;
  }
  progress.done();
  if (format === 'summary') await write(out, summary.render());
  if (o.output)
    await new Promise<void>((resolve) => (out as ReturnType<typeof createWriteStream>).end(resolve));
  printCounters(counters, matcher, (performance.now() - started) / 1000, workers, process.stderr);
  if (store && org && ctx) {
    const report = await store.store(ctx, org.id, rows, {
      files: counters.formats.map((f) => f.file).slice(0, 100),
      lines: counters.lines,
      detections: counters.detections,
    });
    process.stderr.write(
      `stored under ${org.code}: ${report.inserted.toLocaleString('en')} new detection(s), ${report.duplicates.toLocaleString('en')} already stored\n`,
    );
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description(
      'scan logs (DNS, firewall, proxy, Zeek, Suricata…) for indicators: files, .gz, folders or standard input',
    )
    .argument('[files...]', 'log files or folders (read recursively); - or nothing for standard input')
    .option(
      '-i, --indicators <file>',
      'indicator file in any feed format (.gz too) instead of the database — no server needed; repeatable',
      collect,
      [],
    )
    .option(
      '--indicator-format <id>',
      'feed format of the indicator files (see `lamsach feeds formats`); default: detect',
    )
    .addOption(
      new Option(
        '-f, --format <format>',
        'output: summary (default on a terminal), ndjson (ECS, default otherwise) or csv',
      ).choices(['ndjson', 'csv', 'summary']),
    )
    .option('-l, --log-format <id>', 'read every line with this log format instead of detecting it')
    .option('--list-formats', 'list the log formats and exit')
    .addOption(
      new Option(
        '--validity <mode>',
        'strict: an indicator matches only events inside its validity; ignore: any time',
      )
        .choices(['strict', 'ignore'])
        .default('strict'),
    )
    .option(
      '--sinkhole <cidr>',
      'a network DNS answers point to for sinkholed names (a hit on the queried name); repeatable',
      collect,
      [],
    )
    .option('-o, --output <file>', 'write detections to this file instead of standard output')
    .option('--store', 'store the detections in the database under --org')
    .option('--org <code>', 'organisation the logs belong to (with --store)')
    .option('--utc-offset <offset>', 'time zone of log times that have none, e.g. +07:00 (default +07:00)')
    .option('--year <year>', 'year of syslog times that have none (default: this year)')
    .option(
      '-w, --workers <n>',
      'threads to scan with, this one included (default: all cores for files of 256 MB or more, else 1; standard input: 1)',
    )
    .option(
      '--no-prefilter',
      'parse every line, even those in which no value could match an indicator (slower; exact counts)',
    )
    .action(async (files: string[], o: ScanCliOptions, command: Command) => {
      if (o.listFormats) {
        for (const f of logFormats) process.stdout.write(`${f.id.padEnd(20)} ${f.title}\n`);
        return;
      }
      if (o.store && !o.org)
        throw new CliErrorLike('--store needs --org CODE: the organisation whose logs these are');
      if (o.org && !o.store) throw new CliErrorLike('--org is only used with --store');
      const needsDatabase = o.store === true || !o.indicators || o.indicators.length === 0;
      if (needsDatabase) await withRuntime(command, (runtime) => runScan(files, o, runtime));
      else await runScan(files, o, null);
    });
}
