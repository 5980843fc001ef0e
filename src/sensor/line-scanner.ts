/**
 * One log stream (a followed file, a syslog peer) read through the detection engine. The scan's
 * `FileScanner` holds the first lines back to choose the format; a stream never ends, so every
 * batch is closed with `end()`: all lines handed in are matched before the caller commits the
 * offset past them. The matcher is looked up on every line, so a new bundle applies at once.
 */
import { instantiateLogFormat, logFormat, logFormats } from '../detection/logs/registry.js';
import type { IndicatorMatcher } from '../detection/matcher.js';
import type { ParseContext } from '../detection/model.js';
import { FileScanner, type ScanCounters } from '../detection/scan.js';
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

  constructor(name: string, setup: ScanSetup) {
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
    });
  }

  /** Matches the lines; returns their detections in upload form. */
  lines(texts: readonly string[]): WireDetection[] {
    const out: WireDetection[] = [];
    for (const text of texts) {
      const found = this.scanner.line(text);
      if (found !== null) for (const d of found) out.push(toWire(d));
    }
    const held = this.scanner.end();
    if (held !== null) for (const d of held) out.push(toWire(d));
    return out;
  }
}
