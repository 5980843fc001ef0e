/**
 * Adding up the counters of the parts of a scan in their order, as one thread reading them one
 * after the other would have counted. Pure.
 */
import { SAMPLES_PER_FORMAT, type ScanCounters } from '../scan.js';

/**
 * Adds `part` (a file, or a part of one whose lines are numbered from 1) to `into`. `lineOffset`:
 * lines of the same file before the part. `starts`: the part starts its file (only such a part
 * counts the file and its format).
 */
export function addCounters(
  into: ScanCounters,
  part: ScanCounters,
  lineOffset: number,
  starts: boolean,
): void {
  into.lines += part.lines;
  into.bytes += part.bytes;
  into.parsed += part.parsed;
  into.withoutEvent += part.withoutEvent;
  into.notUnderstood += part.notUnderstood;
  into.skipped += part.skipped;
  into.detections += part.detections;
  if (starts) {
    into.files += part.files;
    into.formats.push(...part.formats);
  }
  for (const [format, samples] of Object.entries(part.samples)) {
    const kept = (into.samples[format] ??= []);
    for (const s of samples) {
      if (kept.length >= SAMPLES_PER_FORMAT) break;
      kept.push({ ...s, line: s.line + lineOffset });
    }
  }
}
