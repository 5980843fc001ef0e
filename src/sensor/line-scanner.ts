/**
 * One log stream (a followed file, a syslog peer) read through the detection engine. The scan's
 * `FileScanner` holds the first lines back to choose the format; a stream never ends, so every
 * batch is closed with `end()`: all lines handed in are matched before the caller commits the
 * offset past them. The matcher is looked up on every line, so a new bundle applies at once.
 */
import { instantiateLogFormat, logFormat, logFormats, prefilterSafe } from '../detection/logs/registry.js';
import type { Detection, IndicatorMatcher } from '../detection/matcher.js';
import type { ParseContext } from '../detection/model.js';
import { FileScanner, readLines, type ScanCounters } from '../detection/scan.js';
import { toWire, type WireDetection } from '../fleet/wire.js';

export interface ScanSetup {
  /** the current matcher (changes when a bundle arrives) */
  matcher: () => IndicatorMatcher;
  context: ParseContext;
  /** shared by every stream: lines, not understood… for heartbeats */
  counters: ScanCounters;
  /** read every line with this format instead of detecting it */
  format?: string;
}

export class StreamScanner {
  private readonly scanner: FileScanner;
  /** the matcher the scanner's line filter was built on */
  private filterMatcher: IndicatorMatcher | null = null;

  constructor(
    name: string,
    private readonly setup: ScanSetup,
  ) {
    const forced = setup.format === undefined ? undefined : logFormat(setup.format);
    this.scanner = new FileScanner({
      get matcher() {
        return setup.matcher();
      },
      formats: logFormats,
      ...(forced ? { format: forced } : {}),
      instantiate: instantiateLogFormat,
      context: setup.context,
      counters: setup.counters,
      file: name,
      prefilter: prefilterSafe,
    });
  }

  /**
   * The lines of `buffer[start, end)` (a chunk of a followed file: complete lines, and a last one
   * without a line end when the file is finished), read as the scan reads a file's chunks: a line
   * in which nothing could match an indicator is counted and skipped without being decoded or
   * parsed, and BIND and FortiGate lines go through the scan kernel. Returns how many lines.
   */
  chunk(buffer: Buffer, start: number, end: number, out: WireDetection[]): number {
    this.refresh();
    const keep = (hits: Detection[]) => {
      for (const d of hits) out.push(toWire(d));
    };
    const read = readLines(this.scanner, buffer, start, keep, end);
    if (read.start >= end) return read.lines;
    const last = this.scanner.lineBytes(buffer, read.start, buffer[end - 1] === 13 ? end - 1 : end);
    if (last !== null) keep(last);
    return read.lines + 1;
  }

  /** Rebuilds the line filters when a bundle has brought a new matcher. */
  private refresh(): void {
    const matcher = this.setup.matcher();
    if (matcher !== this.filterMatcher) {
      this.filterMatcher = matcher;
      this.scanner.refreshFilter();
    }
  }

  /** Ends a batch: lines held back for format detection are matched now. */
  flush(out: WireDetection[]): void {
    const held = this.scanner.end();
    if (held !== null) for (const d of held) out.push(toWire(d));
  }

  /** Matches the lines; returns their detections in upload form. */
  lines(texts: readonly string[]): WireDetection[] {
    const out: WireDetection[] = [];
    for (const text of texts) {
      const found = this.scanner.line(text);
      if (found !== null) for (const d of found) out.push(toWire(d));
    }
    this.flush(out);
    return out;
  }
}
