/**
 * AssemblyScript source of the scan kernel (`scan-kernel.wasm`, built by `npm run build:kernel`;
 * `kernel.test.ts` checks that the committed binary is this source's).
 *
 * It runs a format's fast-path decision (`../bind-query.ts`, `../fortigate.ts`) over every complete
 * line of a chunk in one call, so a line that cannot hit costs no JavaScript at all: the same
 * checks on the same bytes, but the last step asks Bloom filters of the indicators (see `kernel.ts`)
 * instead of the indexes. A line is *flagged* unless that decision is "skip"; the flag is a
 * superset of what the JavaScript fast path parses, and the caller runs the JavaScript path on
 * flagged lines only. Memory is laid out by the caller; nothing is allocated.
 */
import { bindFlagged, bindReset } from './bind.as';
import { at, nextLineEnd } from './common.as';
import { fortigateFlagged } from './fortigate.as';

/** The formats, as `kernel.ts` names them. */
const BIND: u32 = 0;

/** Lines looked at by the last {@link scan}. */
export let lines: u32 = 0;
/** Bytes of the chunk the last {@link scan} consumed (through the last line end it read). */
export let consumed: u32 = 0;

/**
 * Reads the complete lines of `[data, data + length)` as lines of `format` (0: BIND query log,
 * 1: FortiGate) (`\n` or `\r\n` ends; the 16 bytes after
 * the data must be readable and hold a `\n`). Each flagged line is written to `out` as three u32:
 * its index among the lines read, and its start and end offsets from `data`. Stops after `cap`
 * flagged lines; {@link lines} and {@link consumed} say how far it read. Returns the number of
 * flagged lines.
 */
export function scan(format: u32, data: u32, length: u32, tables: u32, out: u32, cap: u32): u32 {
  const limit = data + length;
  let start = data;
  bindReset();
  let count: u32 = 0;
  let index: u32 = 0;
  while (start < limit && count < cap) {
    const newline = nextLineEnd(start);
    if (newline >= limit) break;
    const end = newline > start && at(newline - 1) == 13 ? newline - 1 : newline;
    if (format == BIND ? bindFlagged(tables, start, end) : fortigateFlagged(tables, start, end)) {
      const slot = out + count * 12;
      store<u32>(slot, index);
      store<u32>(slot, start - data, 4);
      store<u32>(slot, end - data, 8);
      count++;
    }
    index++;
    start = newline + 1;
  }
  lines = index;
  consumed = start - data;
  return count;
}
