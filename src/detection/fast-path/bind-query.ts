/**
 * Fast path of BIND 9 query-log lines on their raw bytes:
 *
 *   DD-Mmm-YYYY HH:MM:SS[.fff] [category: [severity: ]]client [@0x… ]A.B.C.D#PORT (NAME): query: NAME …
 *
 * For a line of exactly this shape `parseBindMessage` returns an event whose question name is the
 * token after the first `): query: ` — the only value the matcher checks for a DNS event when no
 * sinkholes are configured — so probing that token decides the line. Everything else (syslog
 * envelopes, views, IPv6 clients, RPZ, answers…) is {@link UNSURE}. Bytes are read in place; no
 * string is made. Pure.
 */
import type { IndicatorTable } from '../indicator-table.js';
import { ipv4At, nameVerdict } from './probes.js';
import { UNSURE, type Verdict } from './verdict.js';

const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec';
const CLIENT = [99, 108, 105, 101, 110, 116, 32]; // `client `
const QUERY = [113, 117, 101, 114, 121, 58, 32]; // `query: `

const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === 32 || c === 9;

function digits(b: Uint8Array, i: number, n: number): boolean {
  for (let k = i; k < i + n; k++) if (!isDigit(b[k]!)) return false;
  return true;
}

/** The three bytes of the last month name accepted: log lines mostly repeat it. */
let lastMonth = -1;

function month(b: Uint8Array, i: number): boolean {
  const key = ((b[i]! | 0x20) << 16) | ((b[i + 1]! | 0x20) << 8) | (b[i + 2]! | 0x20);
  if (key === lastMonth) return true;
  for (let k = 0; k < 36; k += 3) {
    if (
      MONTHS.charCodeAt(k) === key >>> 16 &&
      MONTHS.charCodeAt(k + 1) === ((key >>> 8) & 0xff) &&
      MONTHS.charCodeAt(k + 2) === (key & 0xff)
    ) {
      lastMonth = key;
      return true;
    }
  }
  return false;
}

function literal(b: Uint8Array, i: number, text: readonly number[]): boolean {
  for (let k = 0; k < text.length; k++) if (b[i + k] !== text[k]) return false;
  return true;
}

/** Where the `dd-Mmm-yyyy hh:mm:ss[.fff]` time at `i` ends (as `readBindTime` reads it), or -1. */
function timeEnd(b: Uint8Array, i: number): number {
  if (
    !digits(b, i, 2) ||
    b[i + 2] !== 45 ||
    !month(b, i + 3) ||
    b[i + 6] !== 45 ||
    !digits(b, i + 7, 4) ||
    b[i + 11] !== 32 ||
    !digits(b, i + 12, 2) ||
    b[i + 14] !== 58 ||
    !digits(b, i + 15, 2) ||
    b[i + 17] !== 58 ||
    !digits(b, i + 18, 2)
  )
    return -1;
  let j = i + 20;
  if (b[j] === 46 || b[j] === 44) {
    let k = j + 1;
    while (isDigit(b[k]!)) k++;
    if (k > j + 1) j = k;
  }
  return j;
}

export function bindQueryVerdict(t: IndicatorTable, b: Uint8Array, start: number, end: number): Verdict {
  if (end - start < 48) return UNSURE;
  let i = timeEnd(b, start);
  if (i < 0 || !isSpace(b[i]!)) return UNSURE;
  while (i < end && isSpace(b[i]!)) i++;
  // `category: ` / `severity: ` prefixes (lower-case words), as `skipPrefixes` takes them
  for (let n = 0; n < 3 && !literal(b, i, CLIENT); n++) {
    let j = i;
    while (j < end && j - i < 24) {
      const c = b[j]!;
      if ((c >= 97 && c <= 122) || c === 45 || c === 95 || isDigit(c)) j++;
      else break;
    }
    if (j === i || b[j] !== 58 || b[j + 1] !== 32) return UNSURE;
    i = j + 2;
    while (i < end && isSpace(b[i]!)) i++;
  }
  if (!literal(b, i, CLIENT)) return UNSURE;
  i += 7;
  if (b[i] === 64 && b[i + 1] === 48 && b[i + 2] === 120) {
    while (i < end && !isSpace(b[i]!)) i++;
    while (i < end && isSpace(b[i]!)) i++;
  }
  // A.B.C.D#PORT followed by ` (`
  const ip = i;
  while (i < end && (isDigit(b[i]!) || b[i] === 46)) i++;
  if (b[i] !== 35 || i - ip < 7 || ipv4At(b, ip, i) < 0) return UNSURE;
  i++;
  const port = i;
  while (i < end && isDigit(b[i]!)) i++;
  if (i === port || i - port > 5 || b[i] !== 32 || b[i + 1] !== 40) return UNSURE;
  // the first `): ` after the endpoint ends the client's name; `query: ` must follow it
  const client = i + 2;
  let close = client;
  while (close + 2 < end && !(b[close] === 41 && b[close + 1] === 58 && b[close + 2] === 32)) close++;
  if (close + 2 >= end || !literal(b, close + 3, QUERY)) return UNSURE;
  const name = close + 10;
  // The question is normally the client's name again: try that length first, so the name is read
  // once (backwards, hashing); any other shape is measured first.
  const guess = name + (close - client);
  if (guess <= end && (guess === end || isSpace(b[guess]!))) {
    const verdict = questionVerdict(t, b, name, guess);
    if (verdict !== UNSURE) return verdict;
  }
  let nameEnd = name;
  while (nameEnd < end && !isSpace(b[nameEnd]!)) nameEnd++;
  return questionVerdict(t, b, name, nameEnd);
}

/** The question `b[name, end)`: what the parser would refuse is {@link UNSURE}. */
function questionVerdict(t: IndicatorTable, b: Uint8Array, name: number, end: number): Verdict {
  const length = end - name;
  if (length === 0 || (length === 1 && b[name] === 46) || length > 1024) return UNSURE;
  return nameVerdict(t, b, name, end);
}
