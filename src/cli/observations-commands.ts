/** `lamsach observations …` and `lamsach hosts …`: infected-host reports and host records. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { operator } from '../app/bootstrap.js';
import type { ObservationImportReport } from '../hosts/observation-import-service.js';
import { scanReportFolder } from '../hosts/report-folder.js';
import { parseMapping } from '../hosts/routes.js';
import { CliErrorLike } from './errors.js';
import { withRuntime } from './runtime-options.js';

const cli = () => operator(`cli:${process.env.USER ?? 'operator'}`);

export function printImportReport(
  report: ObservationImportReport,
  out: NodeJS.WriteStream = process.stdout,
): void {
  const rows: [string, number | string][] = [
    ['report type', report.reportType],
    ['records', report.records],
    ['stored', report.inserted],
    ['already stored', report.duplicates],
    ['assigned to an organisation', report.assigned],
    ['unassigned (national level)', report.unassigned],
    ['new hosts', report.hostsCreated],
    ['reopened hosts', report.hostsReopened],
    ['rejected', report.rejected],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  out.write(`${report.fileName} (import ${report.importId})\n`);
  for (const [k, v] of rows)
    out.write(`  ${k.padEnd(width)}  ${typeof v === 'number' ? v.toLocaleString('en') : v}\n`);
  for (const r of report.rejections.slice(0, 20)) out.write(`  line ${r.line}: ${r.reason}\n`);
  if (report.rejected > 20)
    out.write(`  … ${report.rejected - 20} more rejected lines (see the import in the web UI)\n`);
}

export function registerObservationCommands(program: Command): void {
  const observations = program
    .command('observations')
    .description('infected-host reports from national feeds (Shadowserver, Team Cymru, CTIP, …)');

  observations
    .command('formats')
    .description('list the report formats lamsach reads')
    .action(async (_o: unknown, command: Command) => {
      await withRuntime(command, async ({ services }) => {
        for (const f of services.hosts.importer.formats)
          process.stdout.write(`${f.id.padEnd(32)} ${f.label}\n`);
      });
    });

  observations
    .command('import')
    .description('import a report file: observations are assigned to organisations and hosts updated')
    .argument('<file>', 'the report file')
    .option('-f, --format <format>', 'report format (see `lamsach observations formats`); default: detect')
    .option(
      '-m, --mapping <pairs>',
      'generic CSV: column=field pairs separated by commas, e.g. src=ip,seen=time',
    )
    .action(async (file: string, o: { format?: string; mapping?: string }, command: Command) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new CliErrorLike(`cannot read ${file}: ${(error as Error).message}`);
      }
      const mapping = o.mapping ? parseMapping(o.mapping) : undefined;
      if (o.mapping && Object.keys(mapping ?? {}).length === 0)
        throw new CliErrorLike('--mapping needs column=field pairs separated by commas');
      await withRuntime(command, async ({ services }) => {
        const report = await services.hosts.importer.importFile(await services.contextFor(cli(), null), {
          fileName: path.basename(file),
          text,
          ...(o.format ? { format: o.format } : {}),
          ...(mapping ? { mapping } : {}),
          trigger: 'cli',
        });
        printImportReport(report);
      });
    });

  observations
    .command('scan-folder')
    .description('import every settled file of a folder once (the watched folder of the server)')
    .argument('[dir]', 'folder to scan; default: hosts.watchFolder from the configuration')
    .action(async (dir: string | undefined, _o: unknown, command: Command) => {
      await withRuntime(command, async ({ services, config }) => {
        const folder = dir ?? config.hosts.watchFolder;
        if (!folder) throw new CliErrorLike('give a folder or set hosts.watchFolder in the configuration');
        const results = await scanReportFolder(
          services.hosts.importer,
          await services.contextFor(cli(), null),
          folder,
          0,
        );
        for (const r of results) {
          if (r.report) printImportReport(r.report);
          else process.stdout.write(`${r.file}: failed: ${r.error ?? ''}\n`);
        }
        if (results.length === 0) process.stdout.write(`no files to import in ${folder}\n`);
        if (results.some((r) => r.error)) process.exitCode = 1;
      });
    });

  const hosts = program.command('hosts').description('infected host records');
  hosts
    .command('refresh')
    .description(
      'pick up new detections and mark quiet cleaned hosts verified (the server does this on a schedule)',
    )
    .action(async (_o: unknown, command: Command) => {
      await withRuntime(command, async ({ services }) => {
        const report = await services.hosts.store.refresh(cli());
        process.stdout.write(
          `detections read ${report.detections}, new hosts ${report.created}, reopened ${report.reopened}, verified ${report.verified}\n`,
        );
      });
    });
}
