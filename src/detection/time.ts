/**
 * ISO-8601 timestamps to whole seconds since 1970, fast: the matcher compares an event's time
 * with indicator validity windows only when a candidate hit is found, but building a matcher
 * converts two timestamps per indicator, a million times. Pure.
 */

/** Seconds for "open" bounds: 0 = since forever, {@link OPEN_END} = never expires. */
export const OPEN_END = 0xffffffff;

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Days from 1970-01-01 to the civil date (proleptic Gregorian). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)` → seconds (rounded down); other shapes go through
 * `Date.parse`. NaN when the text is not a time.
 */
export function isoSeconds(text: string): number {
  if (
    text.length >= 20 &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58
  ) {
    const t = text.charCodeAt(10);
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    const hour = digits(text, 11, 2);
    const minute = digits(text, 14, 2);
    const second = digits(text, 17, 2);
    let i = 19;
    if (text.charCodeAt(i) === 46) {
      i++;
      while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    }
    let offset = -1;
    const z = text.charCodeAt(i);
    if ((z === 90 || z === 122) && i === text.length - 1) offset = 0;
    else if ((z === 43 || z === 45) && i === text.length - 6 && text.charCodeAt(i + 3) === 58) {
      const h = digits(text, i + 1, 2);
      const m = digits(text, i + 4, 2);
      if (h >= 0 && m >= 0) offset = (z === 45 ? -1 : 1) * (h * 3600 + m * 60);
    }
    if (
      (t === 84 || t === 116 || t === 32) &&
      year >= 0 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 60 &&
      offset !== -1
    ) {
      return daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
    }
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? Number.NaN : Math.floor(ms / 1000);
}

/** A validity bound as stored by the matcher: clamped to 0…OPEN_END, `open` for null/unreadable. */
export function boundSeconds(value: string | null | undefined, open: number): number {
  if (value === null || value === undefined || value === '') return open;
  const s = isoSeconds(value);
  if (Number.isNaN(s)) return open;
  return s < 0 ? 0 : s >= OPEN_END ? OPEN_END - 1 : s;
}
