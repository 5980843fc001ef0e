/**
 * Fast path of FortiGate `key=value` lines (space-separated, as FortiOS writes them by default) on
 * their raw bytes. The pairs are walked exactly as `KvCursor` walks them (quoted values with
 * backslash escapes, bare words skipped), and every value of a key the parser takes an address
 * from (`srcip`, `dstip`, `src`, `dst`, `remip`, `userip`, `ip`, `locip`) is probed as an IPv4
 * address. A line whose event could carry anything else the matcher checks — a host, URL or
 * queried name, DNS answers, an address in `ui=`/`sproc=`, an IPv6 or decorated address — and a
 * line the parser would not read bare (syslog envelope, CEF, comma-separated pairs, fewer than
 * three pairs) is {@link UNSURE}. Pure; no string is made.
 */
import type { IndicatorTable } from '../indicator-table.js';
import { ipv4At, ipv4MightHit } from './probes.js';
import { PARSE, SKIP, UNSURE, type Verdict } from './verdict.js';

/** Separators of pairs in space-separated mode (`KvCursor`'s gaps). */
const GAP = new Uint8Array(256);
GAP[32] = GAP[9] = GAP[10] = GAP[13] = 1;

/** What a key means to the fast path. */
const OTHER = 0;
const ADDRESS = 1;
const REFUSE = 2;
const KEYS = new Map<string, number>([
  ['srcip', ADDRESS],
  ['dstip', ADDRESS],
  ['src', ADDRESS],
  ['dst', ADDRESS],
  ['remip', ADDRESS],
  ['userip', ADDRESS],
  ['ip', ADDRESS],
  ['locip', ADDRESS],
  ['ui', REFUSE],
  ['sproc', REFUSE],
  ['hostname', REFUSE],
  ['dhost', REFUSE],
  ['url', REFUSE],
  ['request', REFUSE],
  ['qname', REFUSE],
  ['ipaddr', REFUSE],
]);
/** Keys by length and last two bytes: most keys are told apart without reading them all. */
const BY_SHAPE = new Map<number, [Uint8Array, number][]>();
for (const [key, kind] of KEYS) {
  const shape = shapeOf(key.length, key.charCodeAt(key.length - 2), key.charCodeAt(key.length - 1));
  const list = BY_SHAPE.get(shape) ?? [];
  list.push([Uint8Array.from(key, (c) => c.charCodeAt(0)), kind]);
  BY_SHAPE.set(shape, list);
}
const SHAPES = new Uint8Array(1 << 16);
for (const shape of BY_SHAPE.keys()) SHAPES[shape & 0xffff] = 1;

function shapeOf(length: number, a: number, b: number): number {
  return ((length * 31 + a) * 131 + b) & 0xffff;
}

function keyKind(b: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length < 2 || length > 8) return OTHER;
  const shape = shapeOf(length, b[end - 2]!, b[end - 1]!);
  if (SHAPES[shape] === 0) return OTHER;
  const list = BY_SHAPE.get(shape);
  if (list === undefined) return OTHER;
  for (const [key, kind] of list) {
    if (key.length !== length) continue;
    let same = true;
    for (let k = 0; k < length; k++) if (b[start + k] !== key[k]) same = false;
    if (same) return kind;
  }
  return OTHER;
}

/** The separator `separatorOf` chooses (space or comma), reading after the first `=` at `eq`. */
function separatorAfter(b: Uint8Array, eq: number, end: number): number {
  for (let i = eq + 1; i < end && i < eq + 200; i++) {
    const c = b[i]!;
    if (c === 34) {
      let close = i + 1;
      while (close < end && b[close] !== 34) close++;
      if (close >= end) return 32;
      i = close;
      continue;
    }
    if (c === 32) return 32;
    if (c === 44) return 44;
  }
  return 32;
}

export function fortigateVerdict(t: IndicatorTable, b: Uint8Array, start: number, end: number): Verdict {
  // Bare FortiOS text starts with a lower-case key of four letters or more (`date=`, `logver=`), so
  // neither a syslog header nor `CEF:` in the first four bytes, where the parser looks for it.
  let i = start;
  while (i < end && ((b[i]! >= 97 && b[i]! <= 122) || b[i] === 95)) i++;
  if (i - start < 4 || b[i] !== 61 || separatorAfter(b, i, end) !== 32) return UNSURE;
  i = start;
  let pairs = 0;
  let hit = false;
  for (;;) {
    while (i < end && GAP[b[i]!] === 1) i++;
    if (i >= end) break;
    const keyStart = i;
    while (i < end) {
      const c = b[i]!;
      if (c === 61 || GAP[c] === 1) break;
      i++;
    }
    if (i >= end || b[i] !== 61 || i === keyStart) {
      while (i < end && GAP[b[i]!] === 0) i++;
      continue;
    }
    const kind = keyKind(b, keyStart, i);
    pairs++;
    i++;
    let valueStart = i;
    let valueEnd: number;
    if (i < end && b[i] === 34) {
      valueStart = ++i;
      while (i < end) {
        const c = b[i]!;
        if (c === 92 && i + 1 < end) {
          if (kind !== OTHER) return UNSURE; // an escaped value: let the parser unescape it
          i += 2;
          continue;
        }
        if (c === 34) break;
        i++;
      }
      valueEnd = i < end ? i : end;
      i = i < end ? i + 1 : end;
    } else {
      while (i < end && GAP[b[i]!] === 0) i++;
      valueEnd = i;
    }
    if (kind === OTHER) continue;
    if (kind === REFUSE) return UNSURE;
    const key = ipv4At(b, valueStart, valueEnd);
    if (key >= 0) {
      if (!hit && ipv4MightHit(t, key)) hit = true;
      continue;
    }
    // `cleanIp` also reads `[…]`, `…%zone` and IPv6: not ours to judge
    for (let k = valueStart; k < valueEnd; k++) {
      const v = b[k]!;
      if (v === 58 || v === 91 || v === 37) return UNSURE;
    }
  }
  if (pairs < 3) return UNSURE;
  return hit ? PARSE : SKIP;
}
