/** Firewall scripts: MikroTik RouterOS address lists, ipset restore files and nftables sets. */
import type { EntrySource, ListEntry, RenderContext } from '../model.js';
import { commentBlock, headerLines, renderLines, trailer } from './common.js';

const isV6 = (e: ListEntry) => e.type === 'ipv6' || e.type === 'cidr6';

/**
 * A RouterOS script for `/import`: the previous entries of the list are removed, then every
 * address is added with its full command path (IPv4 and IPv6 live in different menus).
 */
export function mikrotik(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  const list = `lamsach-${ctx.name}`;
  const prologue =
    commentBlock('#', headerLines(ctx)) +
    `/ip firewall address-list remove [find where list="${list}"]\n` +
    `/ipv6 firewall address-list remove [find where list="${list}"]\n`;
  const v4 = `/ip firewall address-list add list=${list} address=`;
  const v6 = `/ipv6 firewall address-list add list=${list} address=`;
  return renderLines(
    ctx,
    source,
    prologue,
    (e) => `${isV6(e) ? v6 : v4}${e.value}\n`,
    () => trailer('#', ctx),
  );
}

/** ipset set names are at most 31 characters. */
export function ipsetNames(name: string): { v4: string; v6: string } {
  const base = `ls-${name}`.slice(0, 22);
  return { v4: `${base}-v4`, v6: `${base}-v6` };
}

/**
 * Fixed set parameters: `create -exist` fails when an existing set differs, and maxelem only caps
 * (memory grows with the entries), so one generous value serves every list size.
 */
const ipsetParams = 'hashsize 65536 maxelem 16777216';

/**
 * An `ipset restore` file that fills new sets and swaps them in at the end, so the live sets are
 * never empty or half-filled while a large list loads.
 */
export function ipset(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  const { v4, v6 } = ipsetNames(ctx.name);
  const create = (set: string, family: string) =>
    `create ${set} hash:net family ${family} ${ipsetParams} -exist\n`;
  const prologue =
    commentBlock('#', headerLines(ctx)) +
    create(`${v4}-new`, 'inet') +
    create(`${v6}-new`, 'inet6') +
    `flush ${v4}-new\nflush ${v6}-new\n`;
  const epilogue = () =>
    create(v4, 'inet') +
    create(v6, 'inet6') +
    `swap ${v4}-new ${v4}\nswap ${v6}-new ${v6}\ndestroy ${v4}-new\ndestroy ${v6}-new\n` +
    trailer('#', ctx);
  const add4 = `add ${v4}-new `;
  const add6 = `add ${v6}-new `;
  return renderLines(ctx, source, prologue, (e) => `${isV6(e) ? add6 : add4}${e.value}\n`, epilogue);
}

/** nft identifiers: letters, digits and underscores. */
export function nftNames(name: string): { table: string; v4: string; v6: string } {
  const base = name.replaceAll('-', '_');
  return { table: 'lamsach', v4: `${base}_v4`, v6: `${base}_v6` };
}

const setDeclaration = (set: string, type: string) =>
  `add set inet lamsach ${set} { type ${type}; flags interval; auto-merge; }\n`;

/** Elements go in batches: one `add element` command per address would make `nft -f` crawl. */
const BATCH = 1000;

/**
 * An `nft -f` script: the table and two interval sets are declared (created when missing),
 * flushed, and refilled with `add element` batches; nft applies the file as one transaction.
 */
export async function* nftables(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  const { v4, v6 } = nftNames(ctx.name);
  let out =
    commentBlock('#', headerLines(ctx)) +
    'add table inet lamsach\n' +
    setDeclaration(v4, 'ipv4_addr') +
    setDeclaration(v6, 'ipv6_addr') +
    `flush set inet lamsach ${v4}\nflush set inet lamsach ${v6}\n`;
  const pending: Record<'v4' | 'v6', string[]> = { v4: [], v6: [] };
  const flush = (family: 'v4' | 'v6') => {
    const batch = pending[family];
    if (batch.length === 0) return '';
    pending[family] = [];
    return `add element inet lamsach ${family === 'v4' ? v4 : v6} { ${batch.join(', ')} }\n`;
  };
  for await (const page of source()) {
    for (const e of page) {
      const family = isV6(e) ? 'v6' : 'v4';
      pending[family].push(e.value);
      ctx.stats.written++;
      if (pending[family].length === BATCH) out += flush(family);
    }
    if (out.length >= 64 * 1024) {
      yield out;
      out = '';
    }
  }
  yield out + flush('v4') + flush('v6') + trailer('#', ctx);
}

/**
 * The same sets as one declarative nftables file (`table … { set … { elements = { … } } }`),
 * read in two passes, IPv4 then IPv6, because each set's elements must be contiguous.
 */
export async function* nftablesSet(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  const { v4, v6 } = nftNames(ctx.name);
  yield (
    commentBlock('#', headerLines(ctx)) +
    'add table inet lamsach\n' +
    setDeclaration(v4, 'ipv4_addr') +
    setDeclaration(v6, 'ipv6_addr') +
    `flush set inet lamsach ${v4}\nflush set inet lamsach ${v6}\n` +
    'table inet lamsach {\n'
  );
  for (const [set, type, types] of [
    [v4, 'ipv4_addr', ['ipv4', 'cidr4']],
    [v6, 'ipv6_addr', ['ipv6', 'cidr6']],
  ] as const) {
    let out = `\tset ${set} {\n\t\ttype ${type}\n\t\tflags interval\n\t\tauto-merge\n`;
    let first = true;
    for await (const page of source(types)) {
      for (const e of page) {
        out += first ? `\t\telements = {\n\t\t\t${e.value}` : `,\n\t\t\t${e.value}`;
        first = false;
        ctx.stats.written++;
      }
      if (out.length >= 64 * 1024) {
        yield out;
        out = '';
      }
    }
    yield `${out}${first ? '' : '\n\t\t}\n'}\t}\n`;
  }
  yield `}\n${trailer('#', ctx)}`;
}
