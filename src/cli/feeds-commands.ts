/** `lamsach feeds …` and `lamsach intel …`: threat-intelligence feeds and indicator checks. */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { operator } from '../app/bootstrap.js';
import type { Services } from '../app/services.js';
import { feedSourceInput } from '../intel/feed-source-service.js';
import { feedFormats } from '../intel/feeds/registry.js';
import type { FeedRunReport } from '../intel/import/feed-import-service.js';
import type { IndicatorStatus } from '../intel/indicator-service.js';
import { indicatorTypes, type IndicatorType } from '../intel/model.js';
import { linesOf } from '../intel/import/lines.js';
import { CliErrorLike } from './errors.js';
import { lineProgress } from './progress.js';
import { withRuntime } from './runtime-options.js';

const cli = () => operator(`cli:${process.env.USER ?? 'operator'}`);

export function printRunReport(report: FeedRunReport, out: NodeJS.WriteStream = process.stdout): void {
  const rows: [string, number | string][] = [
    ['status', report.status],
    ['format', report.format ?? '?'],
    ['lines', report.lines],
    ['indicators (distinct)', report.distinct],
    ['added', report.added],
    ['updated', report.updated],
    ['unchanged', report.unchanged],
    ['no longer listed', report.delisted],
    ['expired', report.expired],
    ['allowlisted', report.allowlisted],
    ['rejected', report.rejected],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  out.write(`${report.source} (run ${report.runId})\n`);
  for (const [k, v] of rows)
    out.write(`  ${k.padEnd(width)}  ${typeof v === 'number' ? v.toLocaleString('en') : v}\n`);
  if (report.message) out.write(`  ${report.message}\n`);
  for (const r of report.rejections.slice(0, 20)) out.write(`  line ${r.line}: ${r.reason}\n`);
  if (report.rejected > 20)
    out.write(`  … ${report.rejected - 20} more rejected lines (see the run in the web UI)\n`);
}

async function ensureSource(services: Services, name: string, create: boolean): Promise<void> {
  if (await services.intel.sources.row(name)) return;
  if (!create)
    throw new CliErrorLike(
      `there is no feed source named ${name}; add it with \`lamsach feeds add ${name} --title …\` or pass --create`,
    );
  await services.intel.sources.create(
    await services.contextFor(cli(), null),
    feedSourceInput.parse({ name, title: name }),
  );
  process.stderr.write(
    `created feed source ${name} (file imports only; defaults: confidence 50, expiry 30 days)\n`,
  );
}

export function registerFeedCommands(program: Command): void {
  const feeds = program.command('feeds').description('threat-intelligence feeds: sources, imports, pulls');

  feeds
    .command('formats')
    .description('list the feed formats lamsach reads')
    .action(() => {
      for (const f of feedFormats) process.stdout.write(`${f.id.padEnd(22)} ${f.title}\n`);
    });

  feeds
    .command('list')
    .description('list feed sources with their last run')
    .action(async (_o: unknown, command: Command) => {
      await withRuntime(command, async ({ services }) => {
        for (const s of await services.intel.sources.list(await services.contextFor(cli(), null))) {
          process.stdout.write(
            `${s.name.padEnd(24)} ${String(s.listed).padStart(9)} listed  ${s.lastStatus ?? 'never run'}${s.lastRunAt ? ` ${s.lastRunAt}` : ''}  ${s.location ?? '(file imports)'}\n`,
          );
        }
      });
    });

  feeds
    .command('add')
    .description('add a feed source')
    .argument('<name>', 'short name, e.g. feodo')
    .requiredOption('-t, --title <title>', 'what the feed is')
    .option('-l, --location <url-or-path>', 'http(s) URL or file path to pull from')
    .option('-f, --format <format>', 'feed format (see `lamsach feeds formats`); default: detect')
    .option('--schedule <minutes>', 'pull every N minutes', (v) => Number(v))
    .option('--threat-type <type>', 'default threat type')
    .option('--family <family>', 'default malware family')
    .option('--confidence <0-100>', 'default confidence', (v) => Number(v))
    .option('--expiry-days <days>', 'days an indicator stays active after the feed stops listing it', (v) =>
      Number(v),
    )
    .action(
      async (
        name: string,
        o: {
          title: string;
          location?: string;
          format?: string;
          schedule?: number;
          threatType?: string;
          family?: string;
          confidence?: number;
          expiryDays?: number;
        },
        command: Command,
      ) => {
        const parsed = feedSourceInput.safeParse({
          name,
          title: o.title,
          location: o.location ?? null,
          format: o.format ?? null,
          scheduleMinutes: o.schedule ?? null,
          defaultThreatType: o.threatType ?? null,
          defaultFamily: o.family ?? null,
          ...(o.confidence !== undefined ? { defaultConfidence: o.confidence } : {}),
          ...(o.expiryDays !== undefined ? { expiryDays: o.expiryDays } : {}),
        });
        if (!parsed.success)
          throw new CliErrorLike(
            parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          );
        await withRuntime(command, async ({ services }) => {
          const created = await services.intel.sources.create(
            await services.contextFor(cli(), null),
            parsed.data,
          );
          process.stdout.write(`added feed source ${created.name}\n`);
        });
      },
    );

  feeds
    .command('import')
    .description('import a feed file (plain or .gz) into a source — for air-gapped sites')
    .argument('<file>', 'the feed file, or - for standard input')
    .requiredOption('-s, --source <name>', 'the feed source it belongs to')
    .option('-f, --format <format>', 'feed format; default: the source’s, or detected')
    .option('--create', 'create the source if it does not exist')
    .option('--confirm-shrink', 'apply even if the feed shrank by more than half')
    .action(
      async (
        file: string,
        o: { source: string; format?: string; create?: boolean; confirmShrink?: boolean },
        command: Command,
      ) => {
        await withRuntime(command, async ({ services }) => {
          await ensureSource(services, o.source, o.create === true);
          let stream: ReturnType<typeof createReadStream> | NodeJS.ReadStream;
          try {
            stream = file === '-' ? process.stdin : createReadStream(file);
          } catch (error) {
            throw new CliErrorLike(`cannot read ${file}: ${(error as Error).message}`);
          }
          const { lines, bytes } = linesOf(stream as AsyncIterable<Uint8Array>);
          const progress = lineProgress(`importing ${path.basename(file)}`);
          try {
            const report = await services.intel.importer.run(await services.contextFor(cli(), null), {
              source: o.source,
              lines,
              name: file === '-' ? 'stdin' : path.basename(file).replace(/\.gz$/, ''),
              ...(o.format ? { format: o.format } : {}),
              trigger: 'cli',
              confirmShrink: o.confirmShrink === true,
              bytes,
              onProgress: progress.update,
            });
            progress.done();
            printRunReport(report);
            if (report.status === 'held') process.exitCode = 3;
          } catch (error) {
            progress.done();
            if ((error as NodeJS.ErrnoException).code === 'ENOENT')
              throw new CliErrorLike(`cannot read ${file}: no such file`);
            throw error;
          }
        });
      },
    );

  feeds
    .command('pull')
    .description('download a source now (conditional request)')
    .argument('<name>')
    .option('--confirm-shrink', 'apply even if the feed shrank by more than half')
    .action(async (name: string, o: { confirmShrink?: boolean }, command: Command) => {
      await withRuntime(command, async ({ services }) => {
        const report = await services.intel.pull.pull(await services.contextFor(cli(), null), name, {
          trigger: 'cli',
          confirmShrink: o.confirmShrink === true,
        });
        printRunReport(report);
        if (report.status === 'held') process.exitCode = 3;
      });
    });

  const intel = program
    .command('intel')
    .description('indicators: check values against the threat intelligence');
  intel
    .command('search')
    .description('search indicators (value substring) with filters; a table, or JSON lines with --json')
    .argument('[query]', 'part of the value, e.g. a domain or an address prefix')
    .option('--type <type>', `one of ${indicatorTypes.join(', ')}`)
    .option('--threat-type <type>', 'e.g. c2, phishing, malware-distribution')
    .option('--family <family>', 'malware family')
    .option('--source <name>', 'feed source name')
    .option('--status <status>', 'active, expired or allowlisted')
    .option('--limit <n>', 'at most this many', (v) => Number(v), 50)
    .option('--json', 'print JSON lines')
    .action(
      async (
        query: string | undefined,
        o: {
          type?: string;
          threatType?: string;
          family?: string;
          source?: string;
          status?: string;
          limit: number;
          json?: boolean;
        },
        command: Command,
      ) => {
        if (o.type !== undefined && !(indicatorTypes as readonly string[]).includes(o.type))
          throw new CliErrorLike(`unknown type "${o.type}"; use one of ${indicatorTypes.join(', ')}`);
        if (o.status !== undefined && !['active', 'expired', 'allowlisted'].includes(o.status))
          throw new CliErrorLike('--status is active, expired or allowlisted');
        if (!Number.isInteger(o.limit) || o.limit < 1 || o.limit > 100_000)
          throw new CliErrorLike('--limit is a whole number from 1 to 100000');
        await withRuntime(command, async ({ services }) => {
          const found = await services.intel.indicators.search({
            q: query,
            type: o.type as IndicatorType | undefined,
            threatType: o.threatType,
            family: o.family,
            source: o.source,
            status: o.status as IndicatorStatus | undefined,
            limit: o.limit,
            offset: 0,
          });
          if (o.json) {
            for (const item of found.items) process.stdout.write(`${JSON.stringify(item)}\n`);
            return;
          }
          const rows = found.items.map((i) => [
            i.value,
            i.type,
            i.threatType ?? '',
            i.family ?? '',
            String(i.confidence),
            String(i.sourceCount),
            i.lastSeen.slice(0, 10),
            i.status,
          ]);
          const header = ['value', 'type', 'threat', 'family', 'conf', 'sources', 'last seen', 'status'];
          const widths = header.map((h, c) =>
            Math.min(60, Math.max(h.length, ...rows.map((r) => r[c]!.length))),
          );
          const line = (cells: string[]) =>
            cells.map((cell, c) => cell.slice(0, 60).padEnd(widths[c]!)).join('  ');
          process.stdout.write(`${line(header)}\n`);
          for (const row of rows) process.stdout.write(`${line(row)}\n`);
          process.stdout.write(`${found.items.length} of ${found.total.toLocaleString('en')} indicators\n`);
        });
      },
    );

  intel
    .command('check')
    .description('explain whether a value (IP, network, domain, URL, hash, AS number) matches the indicators')
    .argument('<values...>')
    .option('--json', 'print JSON')
    .action(async (values: string[], o: { json?: boolean }, command: Command) => {
      await withRuntime(command, async ({ services }) => {
        for (const value of values) {
          const result = await services.intel.indicators.check(value);
          if (o.json) {
            process.stdout.write(`${JSON.stringify(result)}\n`);
            continue;
          }
          process.stdout.write(
            `${value}: ${result.verdict}${result.normalised && result.normalised.value !== value ? ` (as ${result.normalised.type} ${result.normalised.value})` : ''}\n`,
          );
          if (result.allowlisted) process.stdout.write(`  allowlisted: ${result.allowlisted}\n`);
          for (const m of result.matches) {
            const i = m.indicator;
            process.stdout.write(
              `  ${m.explanation}\n    ${[i.threatType, i.family, `confidence ${i.confidence}`, `seen ${i.firstSeen.slice(0, 10)} – ${i.lastSeen.slice(0, 10)}`].filter(Boolean).join(', ')}\n`,
            );
          }
        }
      });
    });
}
