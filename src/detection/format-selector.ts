/**
 * Which parser reads which line. A file is usually one format: the first lines decide it (each
 * line votes for the format that is surest of it), and every line is then given to that parser.
 * A line it cannot read — or every line, when the first lines disagree (a syslog server's file
 * mixing devices) — goes to the formats that recognise that line. A line nobody reads is "not
 * understood": counted and sampled by the caller, never fatal. Pure; formats are passed in.
 */
import type { LogEvent, LogFormatDefinition, ParseContext } from './model.js';

/** A detector below this is not taken for a claim on the line. */
export const MIN_LINE_SCORE = 0.3;
/** Below this share of the recognised sample lines, a file is treated as mixed. */
const DOMINANT_SHARE = 0.8;

export interface FormatChoice {
  /** the file's format, or null when no line of the sample was recognised */
  format: LogFormatDefinition | null;
  /** the sample's lines did not agree: choose per line */
  mixed: boolean;
  /** formats that won sample lines, with how many, most first */
  votes: { id: string; lines: number }[];
}

function score(format: LogFormatDefinition, line: string): number {
  try {
    const s = format.detect(line);
    return Number.isFinite(s) ? s : 0;
  } catch {
    return 0;
  }
}

/** The format surest of `line` (first in `formats` on a tie), or null below {@link MIN_LINE_SCORE}. */
export function bestFormatFor(
  line: string,
  formats: readonly LogFormatDefinition[],
  except?: LogFormatDefinition,
): LogFormatDefinition | null {
  let best: LogFormatDefinition | null = null;
  let bestScore = MIN_LINE_SCORE - Number.EPSILON;
  for (const format of formats) {
    if (format === except) continue;
    const s = score(format, line);
    if (s > bestScore) {
      best = format;
      bestScore = s;
    }
  }
  return best;
}

/** Decides a file's format from its first lines (blank lines do not vote). */
export function chooseFormat(
  sample: readonly string[],
  formats: readonly LogFormatDefinition[],
): FormatChoice {
  const tally = new Map<LogFormatDefinition, number>();
  let recognised = 0;
  for (const line of sample) {
    if (line.trim() === '') continue;
    const best = bestFormatFor(line, formats);
    if (best === null) continue;
    recognised++;
    tally.set(best, (tally.get(best) ?? 0) + 1);
  }
  const ranked = [...tally].sort((a, b) => b[1] - a[1] || formats.indexOf(a[0]) - formats.indexOf(b[0]));
  const votes = ranked.map(([format, lines]) => ({ id: format.id, lines }));
  const top = ranked[0];
  if (top === undefined) return { format: null, mixed: true, votes };
  return { format: top[0], mixed: top[1] < recognised * DOMINANT_SHARE, votes };
}

/** What became of one line. */
export type LineOutcome = 'event' | 'no-event' | 'not-understood' | 'blank';

/**
 * Reads the lines of one file. `forced` disables detection and fallback; otherwise `choice` (from
 * {@link chooseFormat}) sets the first parser tried. Formats may be replaced per file by
 * `instantiate` (stateful readers such as Zeek TSV, whose header defines its columns).
 */
export class LineReader {
  /** set by {@link read}: the format that read the last line, if any */
  lastFormat: LogFormatDefinition | null = null;
  /** set by {@link read} */
  lastOutcome: LineOutcome = 'blank';
  private readonly primary: LogFormatDefinition | null;
  private readonly formats: readonly LogFormatDefinition[];
  private readonly mixed: boolean;
  private readonly forced: boolean;
  private recent: LogFormatDefinition | null = null;

  constructor(
    formats: readonly LogFormatDefinition[],
    private readonly context: ParseContext,
    options: {
      forced?: LogFormatDefinition;
      choice?: FormatChoice;
      instantiate?: (format: LogFormatDefinition) => LogFormatDefinition;
    },
  ) {
    const instantiate = options.instantiate ?? ((f: LogFormatDefinition) => f);
    this.formats = formats.map(instantiate);
    const at = (format: LogFormatDefinition | null | undefined) => {
      if (!format) return null;
      const i = formats.indexOf(format);
      return i >= 0 ? this.formats[i]! : instantiate(format);
    };
    this.forced = options.forced !== undefined;
    this.primary = at(options.forced ?? options.choice?.format);
    this.mixed = !this.forced && (options.choice?.mixed ?? true);
    this.recent = this.primary;
  }

  /** The event on `line`, or null (see {@link lastOutcome} for why). Never throws. */
  read(line: string): LogEvent | null {
    this.lastFormat = null;
    if (line.length === 0 || isBlank(line)) {
      this.lastOutcome = 'blank';
      return null;
    }
    const primary = this.primary;
    if (primary !== null && !this.mixed) {
      const event = this.tryParse(primary, line);
      if (event !== null) return this.settle(primary, event, true);
      if (this.forced) return this.settle(primary, null, score(primary, line) >= MIN_LINE_SCORE);
      return this.fallback(line, primary);
    }
    const recent = this.recent;
    if (recent !== null && score(recent, line) >= MIN_LINE_SCORE) {
      const event = this.tryParse(recent, line);
      if (event !== null) return this.settle(recent, event, true);
    }
    return this.fallback(line, recent);
  }

  private fallback(line: string, tried: LogFormatDefinition | null): LogEvent | null {
    const other = bestFormatFor(line, this.formats, tried ?? undefined);
    if (other !== null) {
      const event = this.tryParse(other, line);
      if (event !== null) {
        this.recent = other;
        return this.settle(other, event, true);
      }
      return this.settle(other, null, true);
    }
    return this.settle(tried, null, tried !== null && score(tried, line) >= MIN_LINE_SCORE);
  }

  /**
   * Records the outcome. A line a parser recognises but that carries no event (a header, a
   * statistics line) was understood; anything else was not.
   */
  private settle(
    format: LogFormatDefinition | null,
    event: LogEvent | null,
    recognised: boolean,
  ): LogEvent | null {
    this.lastFormat = format;
    this.lastOutcome = event !== null ? 'event' : recognised ? 'no-event' : 'not-understood';
    return event;
  }

  private tryParse(format: LogFormatDefinition, line: string): LogEvent | null {
    try {
      return format.parse(line, this.context);
    } catch {
      return null;
    }
  }
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
