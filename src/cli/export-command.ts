/**
 * `lamsach export`: writes a blocklist to a file for devices on air-gapped networks — a stored
 * list (`--org CODE --list NAME`) or one described by the flags — through the same renderers and
 * filters as the device URLs. The file is written beside the target and renamed at the end, so an
 * interrupted export never leaves a half list where a device would pick it up.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { ListDefinition } from '../distribution/feed-service.js';
import { filtersInput } from '../distribution/list-service.js';
import { listFormats, type ListFormat } from '../distribution/model.js';
import { CliErrorLike } from './errors.js';
import { lineProgress } from './progress.js';
import { withRuntime } from './runtime-options.js';

interface ExportOptions {
  format?: string;
  types?: string;
  family: string[];
  minConfidence?: string;
  maxAge?: string;
  tag?: string;
  org?: string;
  list?: string;
  name: string;
  limit?: string;
  split?: boolean;
  part: string;
  output?: string;
}

const collect = (value: string, previous: string[]) => [
  ...previous,
  ...value.split(',').map((v) => v.trim()),
];

function integer(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new CliErrorLike(`${flag} takes a whole number, not "${text}"`);
  return Number(text);
}

function adHoc(options: ExportOptions, organisationId: number | null): ListDefinition {
  if (!options.format)
    throw new CliErrorLike('give --format FORMAT, or --org CODE --list NAME for a stored list');
  if (!(listFormats as readonly string[]).includes(options.format))
    throw new CliErrorLike(`unknown format "${options.format}"; use one of ${listFormats.join(', ')}`);
  const parsed = filtersInput.safeParse({
    types: options.types ? options.types.split(',').map((t) => t.trim()) : null,
    families: options.family,
    minConfidence: integer(options.minConfidence, '--min-confidence') ?? 0,
    maxAgeDays: integer(options.maxAge, '--max-age') ?? null,
    tag: options.tag ?? null,
  });
  if (!parsed.success)
    throw new CliErrorLike(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'filters'}: ${i.message}`).join('; '),
    );
  return {
    id: null,
    organisationId,
    name: options.name,
    title: `export ${options.name}`,
    format: options.format as ListFormat,
    filters: parsed.data,
    maxEntries: integer(options.limit, '--limit') ?? null,
    split: options.split === true,
    updatedAt: new Date().toISOString(),
    state: { version: null, hash: null, serial: null },
  };
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write a blocklist to a file (for devices without network access to the server)')
    .option('-f, --format <format>', `one of ${listFormats.join(', ')}`)
    .option('--types <types>', 'indicator types, comma-separated (ipv4,ipv6,cidr4,cidr6,domain,url,…)')
    .option('--family <family>', 'malware family (repeat or comma-separate)', collect, [])
    .option('--min-confidence <n>', 'minimum confidence, 0–100')
    .option('--max-age <days>', 'only indicators seen within this many days')
    .option('--tag <tag>', 'campaign tag')
    .option('--org <code>', "organisation: its own networks are left out; with --list, the list's owner")
    .option('--list <name>', 'export a stored list of --org instead of the flags')
    .option('--name <name>', 'list name used inside the file (set names, comments)', 'lamsach')
    .option('--limit <n>', "entries per file (default: the device's limit)")
    .option('--split', 'split beyond the limit into parts instead of cutting (choose one with --part)')
    .option('--part <n>', 'part to write', '1')
    .option('-o, --output <file>', 'file to write (default: standard output)')
    .action(async (options: ExportOptions, command: Command) => {
      const part = integer(options.part, '--part') ?? 1;
      if (options.list && !options.org) throw new CliErrorLike('--list needs --org CODE');
      await withRuntime(command, async ({ services }) => {
        const { lists, feeds } = services.distribution;
        let list: ListDefinition;
        if (options.list) list = await lists.byCode(options.org!, options.list);
        else
          list = adHoc(
            options,
            options.org ? (await services.organisations.findByCode(options.org, null)).id : null,
          );
        const feed = await feeds.prepare(list, part);
        const opened = await feed.open();
        const progress = lineProgress(`export ${list.name}`);
        async function* counted() {
          for await (const chunk of opened.chunks) {
            progress.update(opened.stats.written);
            yield chunk;
          }
        }
        const temporary = options.output ? `${options.output}.partial` : null;
        try {
          await pipeline(
            Readable.from(counted()),
            temporary ? createWriteStream(temporary) : process.stdout,
            {
              end: temporary !== null,
            },
          );
          if (temporary) renameSync(temporary, options.output!);
        } catch (error) {
          if (temporary) rmSync(temporary, { force: true });
          throw error;
        } finally {
          progress.done();
        }
        const s = opened.summary;
        process.stderr.write(
          `${list.name} (${list.format}): ${opened.stats.written} entries written of ${s.matched} matching` +
            (s.parts > 1 ? `, part ${s.part} of ${s.parts}` : '') +
            (s.cut ? `, ${s.cut.count} cut at the limit of ${s.limit}` : '') +
            (opened.stats.ownNetwork ? `, ${opened.stats.ownNetwork} left out as own networks` : '') +
            (options.output ? ` → ${options.output}` : '') +
            '\n',
        );
      });
    });
}
