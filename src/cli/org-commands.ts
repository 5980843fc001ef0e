/** `lamsach org …`: import, export and seed the organisation tree. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadSeed, operator } from '../app/bootstrap.js';
import { parseOrganisationsCsv, serialiseOrganisationsCsv } from '../organisations/interchange/csv.js';
import { parseOrganisationsJson, serialiseOrganisationsJson } from '../organisations/interchange/json.js';
import { formatParseError } from '../organisations/interchange/record.js';
import { exportOrganisations } from '../organisations/export-service.js';
import { isIsoDate } from '../organisations/periods.js';
import { CliErrorLike } from './errors.js';
import { withRuntime } from './runtime-options.js';

type Format = 'csv' | 'json';

function formatOf(file: string, explicit: string | undefined): Format {
  const format = explicit ?? path.extname(file).slice(1).toLowerCase();
  if (format === 'csv' || format === 'json') return format;
  throw new CliErrorLike(
    `cannot tell the format of "${file}": name it .csv or .json, or pass --format csv|json`,
  );
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new CliErrorLike(`cannot read ${file}: ${(error as Error).message}`);
  }
}

export function registerOrgCommands(program: Command): void {
  const org = program.command('org').description('the organisation tree: import, export, seed');

  org
    .command('import')
    .description('import organisations from a CSV or JSON file (all or nothing)')
    .argument('<file>', 'file to import, or - for standard input (then --format is required)')
    .option('-f, --format <format>', 'csv or json (default: from the file extension)')
    .option('-n, --dry-run', 'check everything and report, but change nothing')
    .action(async (file: string, options: { format?: string; dryRun?: boolean }, command: Command) => {
      const format = formatOf(file, options.format);
      const text = readInput(file);
      const parsed = format === 'csv' ? parseOrganisationsCsv(text) : parseOrganisationsJson(text);
      if (!parsed.ok) {
        const lines = parsed.errors.map((e) => `  - ${formatParseError(e)}`).join('\n');
        throw new CliErrorLike(
          `${file} was not imported: ${parsed.errors.length}${parsed.truncated ? '+' : ''} problem(s):\n${lines}`,
        );
      }
      // CSV: the header is row 1; JSON: rows are 1-based indexes of the organisations array.
      const rows = parsed.records.map((_, i) => (format === 'csv' ? i + 2 : i + 1));
      await withRuntime(command, async ({ services }) => {
        const ctx = await services.contextFor(operator(`cli:${process.env.USER ?? 'operator'}`), null);
        const report = await services.importer.import(ctx, parsed.records, {
          dryRun: options.dryRun === true,
          rows,
        });
        process.stdout.write(
          `${options.dryRun ? 'dry run, nothing changed: would have ' : ''}created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, successions added ${report.successions}\n`,
        );
      });
    });

  org
    .command('export')
    .description('export the organisation tree to a CSV or JSON file')
    .argument('<file>', 'file to write, or - for standard output (then --format is required)')
    .option('-f, --format <format>', 'csv or json (default: from the file extension)')
    .option('--at <date>', 'only organisations effective on this date (YYYY-MM-DD); default: every period')
    .action(async (file: string, options: { format?: string; at?: string }, command: Command) => {
      const format = formatOf(file, options.format);
      if (options.at !== undefined && !isIsoDate(options.at))
        throw new CliErrorLike(`--at "${options.at}" is not a date (YYYY-MM-DD)`);
      await withRuntime(command, async ({ services, database }) => {
        const ctx = await services.contextFor(operator(), null);
        const records = await exportOrganisations(database.db, services.authz, ctx, {
          at: options.at ?? null,
        });
        const text =
          format === 'csv' ? serialiseOrganisationsCsv(records) : serialiseOrganisationsJson(records);
        if (file === '-') process.stdout.write(text);
        else {
          writeFileSync(file, text);
          process.stderr.write(`wrote ${records.length} organisations to ${file}\n`);
        }
      });
    });

  org
    .command('seed')
    .description(
      "load the shipped seed: the national centre and Vietnam's provinces before and after 1 July 2025",
    )
    .option('--demo', 'also load the demo organisation tree (ministry, departments, units, ranges, contacts)')
    .action(async (options: { demo?: boolean }, command: Command) => {
      await withRuntime(command, async ({ services }) => {
        const report = await loadSeed(services, { demo: options.demo === true });
        process.stdout.write(
          `seed loaded: created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, successions added ${report.successions}\n`,
        );
      });
    });
}
