/** What every renderer shares: the header text, and streaming lines in large chunks. */
import type { IndicatorType } from '../../intel/model.js';
import { formatSpecs, type EntrySource, type ListEntry, type RenderContext } from '../model.js';

/** Chunks near this size keep per-write overhead negligible without holding much in memory. */
const CHUNK = 64 * 1024;

const number = (n: number) => n.toLocaleString('en').replaceAll(',', ' ');

/** The filters in one line, e.g. `types=domain; families=emotet; min confidence=60; max age=30 days`. */
export function describeFilters(ctx: RenderContext): string {
  const f = ctx.filters;
  const types = (f.types ?? formatSpecs[ctx.format].types).filter((t) =>
    formatSpecs[ctx.format].types.includes(t),
  );
  const parts = [`types=${types.join(',')}`];
  if (f.families.length) parts.push(`families=${f.families.join(',')}`);
  if (f.minConfidence > 0) parts.push(`min confidence=${f.minConfidence}`);
  if (f.maxAgeDays !== null) parts.push(`max age=${f.maxAgeDays} days`);
  if (f.tag !== null) parts.push(`tag=${f.tag}`);
  return parts.join('; ');
}

/** The header every commented format starts with: list, filters, counts, and what was cut. */
export function headerLines(ctx: RenderContext): string[] {
  const s = ctx.summary;
  const spec = formatSpecs[ctx.format];
  const lines = [
    `lamsach blocklist ${ctx.name}: ${ctx.title}`,
    `format ${ctx.format}, generated ${ctx.generatedAt} by ${ctx.producer}`,
    `filters: ${describeFilters(ctx)}; allowlisted and expired indicators are never listed`,
    `entries: ${number(s.included)} of ${number(s.matched)} matching indicators` +
      (s.parts > 1 ? `, part ${s.part} of ${s.parts}` : ''),
  ];
  if (s.limit !== null && s.matched > s.limit) {
    lines.push(
      `limit: ${number(s.limit)} entries per list (${spec.limitSource ?? 'set on this list'}); ` +
        'the entries kept are those of highest confidence, then most recently seen',
    );
    if (s.parts > 1) lines.push(`split: parts 1 to ${s.parts}, selected with ?part=N`);
  }
  if (s.cut)
    lines.push(
      `cut: ${number(s.cut.count)} lower-priority entries left out, from confidence ${s.cut.confidence} ` +
        `last seen ${s.cut.lastSeen} down`,
    );
  return lines;
}

export function commentBlock(marker: string, lines: string[]): string {
  return lines.map((l) => `${marker} ${l}\n`).join('');
}

export function trailer(marker: string, ctx: RenderContext): string {
  const dropped = ctx.stats.ownNetwork
    ? `; ${number(ctx.stats.ownNetwork)} left out as the organisation's own networks or domains`
    : '';
  return `${marker} end of list ${ctx.name}: ${number(ctx.stats.written)} entries${dropped}\n`;
}

/**
 * Streams `prologue`, one text per entry (empty to skip it), then `epilogue()` — evaluated at the
 * end so it can report counts. Entries count as written when they produce text.
 */
export async function* renderLines(
  ctx: RenderContext,
  source: EntrySource,
  prologue: string,
  line: (entry: ListEntry) => string,
  epilogue: () => string,
  types?: readonly IndicatorType[],
): AsyncGenerator<string> {
  let buffer = prologue;
  for await (const page of source(types)) {
    for (const entry of page) {
      const text = line(entry);
      if (text === '') continue;
      ctx.stats.written++;
      buffer += text;
    }
    if (buffer.length >= CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  buffer += epilogue();
  if (buffer) yield buffer;
}

/** `https://a.example/x` → `a.example/x`: URL lists of firewalls take no scheme. */
export function withoutScheme(url: string): string {
  const i = url.indexOf('://');
  return i < 0 ? url : url.slice(i + 3);
}
