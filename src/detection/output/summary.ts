/**
 * The human summary of a scan: one row per internal host (the machine that looked up or contacted
 * something listed) with when it was first and last seen doing so, how many hits, how many distinct
 * indicators and which families — the list a cleanup team works through. Pure: collect with
 * {@link HostSummary.add}, print with {@link HostSummary.render}.
 */
import type { Detection } from '../matcher.js';

interface HostRow {
  host: string;
  first: string | null;
  last: string | null;
  hits: number;
  indicators: Set<string>;
  families: Map<string, number>;
  threats: Map<string, number>;
}

/** Distinct indicators remembered per host; past it the count is a lower bound ("1000+"). */
const MAX_INDICATORS = 1000;

function bump(map: Map<string, number>, key: string | null): void {
  if (key !== null) map.set(key, (map.get(key) ?? 0) + 1);
}

function top(map: Map<string, number>, n: number): string {
  const sorted = [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const names = sorted.slice(0, n).map(([k]) => k);
  return sorted.length > n ? `${names.join(', ')} +${sorted.length - n}` : names.join(', ');
}

/** Log text is hostile: control characters (terminal escapes among them) are shown as `?`. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** `2024-05-01T10:00:00.000Z` → `2024-05-01 10:00:00` (UTC, as logged). */
function shortTime(iso: string | null): string {
  return iso === null ? '-' : iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}

export class HostSummary {
  private readonly rows = new Map<string, HostRow>();

  add(d: Detection): void {
    const key = d.internalHost ?? '(unknown)';
    let row = this.rows.get(key);
    if (row === undefined) {
      row = {
        host: key,
        first: null,
        last: null,
        hits: 0,
        indicators: new Set(),
        families: new Map(),
        threats: new Map(),
      };
      this.rows.set(key, row);
    }
    row.hits++;
    const time = d.event.time ?? null;
    if (time !== null) {
      if (row.first === null || time < row.first) row.first = time;
      if (row.last === null || time > row.last) row.last = time;
    }
    if (row.indicators.size < MAX_INDICATORS) row.indicators.add(`${d.indicator.type}:${d.indicator.value}`);
    bump(row.families, d.indicator.family);
    bump(row.threats, d.indicator.threatType);
  }

  get hosts(): number {
    return this.rows.size;
  }

  /** The aligned table, hosts with the most hits first; a line saying so when there is none. */
  render(): string {
    if (this.rows.size === 0) return 'No detections.\n';
    const header = [
      'internal host',
      'first seen (UTC)',
      'last seen (UTC)',
      'hits',
      'indicators',
      'families',
      'threat types',
    ];
    const numeric = [false, false, false, true, true, false, false];
    const rows = [...this.rows.values()]
      .sort((a, b) => b.hits - a.hits || a.host.localeCompare(b.host))
      .map((r) => [
        printable(r.host).slice(0, 60),
        shortTime(r.first),
        shortTime(r.last),
        r.hits.toLocaleString('en'),
        `${r.indicators.size.toLocaleString('en')}${r.indicators.size >= MAX_INDICATORS ? '+' : ''}`,
        printable(top(r.families, 3)) || '-',
        top(r.threats, 3) || '-',
      ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd();
    return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
  }
}
