/**
 * Per-format fast paths: for the busiest log formats, whether a raw line can hit an indicator is
 * decided on its bytes by locating the few values the parser would hand the matcher and probing the
 * indicator tables with them — no decoding, no parsing, no string. A line the fast path cannot read
 * goes to the general prefilter (`../prefilter.ts`), and a line that may hit is parsed and matched
 * as usual, so the detections are exactly those of parsing every line. Pure.
 */
import type { IndicatorTable } from '../indicator-table.js';
import { mightMatchBytes } from '../prefilter.js';
import { bindQueryVerdict } from './bind-query.js';
import { fortigateVerdict } from './fortigate.js';
import { kernelFor, kernelFormats, type KernelFormat, type ScanKernel } from './kernel/kernel.js';
import { PARSE, SKIP, type Verdict } from './verdict.js';

export type FastPath = (t: IndicatorTable, bytes: Uint8Array, start: number, end: number) => Verdict;
/** Whether a raw line could hit an indicator (false: it need not be parsed). */
export type LineFilter = (bytes: Uint8Array, start: number, end: number) => boolean;

const fastPaths = new Map<string, FastPath>([
  ['bind-query', bindQueryVerdict],
  ['fortigate', fortigateVerdict],
]);

/** The format ids that have a fast path. */
export const fastPathFormats: readonly string[] = [...fastPaths.keys()];

/**
 * The raw-line test for lines of a format the prefilter is sound for: its fast path, falling back
 * to the general prefilter, or the general prefilter alone. Sinkholes make every DNS line a
 * candidate (the answers decide), which only the general prefilter knows.
 */
export function lineFilterFor(t: IndicatorTable, formatId: string, fast = true): LineFilter {
  const path = fast && t.sinkholeList.length === 0 ? fastPaths.get(formatId) : undefined;
  if (path === undefined) return (bytes, start, end) => mightMatchBytes(t, bytes, start, end);
  return (bytes, start, end) => {
    const verdict = path(t, bytes, start, end);
    return verdict === SKIP ? false : verdict === PARSE ? true : mightMatchBytes(t, bytes, start, end);
  };
}

/** Reads whole chunks of a format's lines at once, reporting only the lines that may hit. */
export type ChunkFilter = ScanKernel;

/**
 * The chunk reader for a format, where one exists (BIND query logs and FortiGate logs, read by the
 * WebAssembly kernel on the same terms as their fast paths: so not with sinkholes, and not when
 * fast paths are off), or null: the caller then reads line by line with {@link lineFilterFor}.
 */
export function chunkFilterFor(t: IndicatorTable, formatId: string, fast = true): ChunkFilter | null {
  if (!fast || t.sinkholeList.length !== 0 || !(kernelFormats as string[]).includes(formatId)) return null;
  return kernelFor(t, formatId as KernelFormat);
}
