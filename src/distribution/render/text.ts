/** Plain lists: FortiGate threat feeds, PAN-OS external dynamic lists, hosts files and CSV. */
import type { EntrySource, ListEntry, RenderContext } from '../model.js';
import { commentBlock, headerLines, renderLines, trailer, withoutScheme } from './common.js';

/** FortiGate IP, domain and URL threat feeds: one entry a line, `#` comments, `*.` wildcards for domains. */
export function fortigate(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  const line =
    ctx.format === 'fortigate-domain'
      ? (e: ListEntry) => (e.exactDomain ? `${e.value}\n` : `${e.value}\n*.${e.value}\n`)
      : ctx.format === 'fortigate-url'
        ? (e: ListEntry) => `${withoutScheme(e.value)}\n`
        : (e: ListEntry) => `${e.value}\n`;
  return renderLines(ctx, source, commentBlock('#', headerLines(ctx)), line, () => trailer('#', ctx));
}

/**
 * PAN-OS external dynamic lists: one entry a line. Domain lists match subdomains when the list's
 * "Automatically Expand to Include Subdomains" option is on (see the configuration snippet);
 * URL lists take no scheme.
 */
export function paloalto(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  const line =
    ctx.format === 'paloalto-url'
      ? (e: ListEntry) => `${withoutScheme(e.value)}\n`
      : (e: ListEntry) => `${e.value}\n`;
  return renderLines(ctx, source, commentBlock('#', headerLines(ctx)), line, () => trailer('#', ctx));
}

/** A hosts file: names resolve to 0.0.0.0. It cannot express "and every subdomain". */
export function hosts(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  const header = [
    ...headerLines(ctx),
    'a hosts file blocks each name exactly; subdomains need the RPZ format',
  ];
  return renderLines(
    ctx,
    source,
    commentBlock('#', header),
    (e) => `0.0.0.0 ${e.value}\n`,
    () => trailer('#', ctx),
  );
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvColumns = [
  'value',
  'type',
  'threat_type',
  'family',
  'confidence',
  'first_seen',
  'last_seen',
  'expires_at',
  'tags',
] as const;

/** CSV with a `#` comment header (as abuse.ch lists have), then one header row. Tags are `;`-separated. */
export function csv(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  const line = (e: ListEntry) =>
    [
      csvField(e.value),
      e.type,
      e.threatType ?? '',
      csvField(e.family ?? ''),
      String(e.confidence),
      e.firstSeen,
      e.lastSeen,
      e.expiresAt ?? '',
      e.tagsJson === '[]' ? '' : csvField((JSON.parse(e.tagsJson) as string[]).join(';')),
    ].join(',') + '\n';
  return renderLines(
    ctx,
    source,
    `${commentBlock('#', headerLines(ctx))}${csvColumns.join(',')}\n`,
    line,
    () => trailer('#', ctx),
  );
}
