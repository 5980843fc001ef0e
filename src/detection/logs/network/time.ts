/**
 * Time helpers shared by the firewall, proxy and sensor parsers: epoch numbers in any unit, wall-clock
 * parts with an explicit or default UTC offset, ISO-8601 / `yyyy/mm/dd hh:mm:ss` text with any zone
 * spelling, and month names. Everything returns ISO-8601 UTC (`Date#toISOString`) or undefined; nothing
 * throws, and nothing uses regular expressions (these run once per log line).
 */

const MAX_MS = 253402300799999; // 9999-12-31T23:59:59.999Z: Date#toISOString throws beyond it

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}

/** Reads `count` decimal digits at `pos`; -1 when any is not a digit or the text ends. */
export function readDigits(text: string, pos: number, count: number): number {
  if (pos + count > text.length) return -1;
  let value = 0;
  for (let i = pos; i < pos + count; i++) {
    const ch = text.charCodeAt(i);
    if (!isDigit(ch)) return -1;
    value = value * 10 + (ch - 48);
  }
  return value;
}

/** Milliseconds since the epoch as ISO text, or undefined when out of the representable range. */
export function isoFromMillis(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_MS) return undefined;
  return new Date(Math.floor(ms)).toISOString();
}

/**
 * An epoch number as ISO text. The unit follows from the number of integer digits, because devices mix
 * them freely (FortiGate `eventtime` is seconds, microseconds or nanoseconds depending on the firmware):
 * up to 11 digits are seconds (with an optional `.fraction`), 12–14 milliseconds, 15–17 microseconds,
 * 18–20 nanoseconds.
 */
export function isoFromEpoch(text: string, start = 0, end = text.length): string | undefined {
  let i = start;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  const intDigits = i - start;
  if (intDigits === 0 || intDigits > 20) return undefined;
  let fracMs = 0;
  if (i < end) {
    if (text.charCodeAt(i) !== 46 || intDigits > 11) return undefined;
    let scale = 100;
    for (let j = i + 1; j < end; j++) {
      const ch = text.charCodeAt(j);
      if (!isDigit(ch)) return undefined;
      fracMs += (ch - 48) * scale;
      scale /= 10;
    }
  }
  let ms: number;
  if (intDigits <= 11) ms = Number(text.slice(start, start + intDigits)) * 1000 + Math.floor(fracMs);
  else if (intDigits <= 14) ms = Number(text.slice(start, start + intDigits));
  else if (intDigits <= 17) ms = Number(text.slice(start, start + intDigits - 3));
  else ms = Number(text.slice(start, start + intDigits - 6));
  return isoFromMillis(ms);
}

/**
 * Wall-clock parts (month 1–12) at `offsetMinutes` east of UTC as ISO text; undefined when a part is out
 * of range (a 31st of February, an hour 24…).
 */
export function isoFromParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  offsetMinutes: number,
): string | undefined {
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second === 60 ? 59 : second, millis);
  // Date.UTC rolls 31 Feb over to March; a rolled-over day is a malformed line, not a date.
  if (new Date(local).getUTCDate() !== day) return undefined;
  return isoFromMillis(local - offsetMinutes * 60000);
}

/**
 * A UTC offset in `text[start, end)`: `Z`, `UTC`, `GMT`, `+07`, `+0700`, `+07:00`, `UTC+2`, `GMT-03:30`.
 * @returns minutes east of UTC, or undefined when the text is not an offset.
 */
export function parseOffset(text: string, start = 0, end = text.length): number | undefined {
  let i = start;
  if (i >= end) return undefined;
  const first = text.charCodeAt(i);
  if ((first === 90 || first === 122) && end - i === 1) return 0; // Z
  if (end - i >= 3) {
    const word = text.slice(i, i + 3).toUpperCase();
    if (word === 'UTC' || word === 'GMT') {
      i += 3;
      if (i === end) return 0;
    }
  }
  const sign = text.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return undefined;
  i++;
  let digits = 0;
  let hours = 0;
  while (i < end && isDigit(text.charCodeAt(i)) && digits < 2) {
    hours = hours * 10 + (text.charCodeAt(i) - 48);
    i++;
    digits++;
  }
  if (digits === 0) return undefined;
  let minutes = 0;
  if (i < end && text.charCodeAt(i) === 58) i++;
  if (i < end) {
    const mm = readDigits(text, i, 2);
    if (mm < 0 || i + 2 !== end) return undefined;
    minutes = mm;
  }
  if (hours > 14 || minutes > 59) return undefined;
  const total = hours * 60 + minutes;
  return sign === 45 ? -total : total;
}

/**
 * Date and time text: `yyyy-mm-dd` or `yyyy/mm/dd`, then `T` or spaces, `hh:mm[:ss[.fraction]]`, then an
 * optional zone (`Z`, `±hh[:]mm`, ` UTC`…). Lines without a zone are read at `defaultOffsetMinutes`.
 */
export function isoFromDateTime(
  text: string,
  defaultOffsetMinutes: number,
  start = 0,
  end = text.length,
): string | undefined {
  const year = readDigits(text, start, 4);
  if (year < 0 || start + 10 > end) return undefined;
  const sep = text.charCodeAt(start + 4);
  if ((sep !== 45 && sep !== 47) || text.charCodeAt(start + 7) !== sep) return undefined;
  const month = readDigits(text, start + 5, 2);
  const day = readDigits(text, start + 8, 2);
  let i = start + 10;
  if (i < end && (text.charCodeAt(i) === 84 || text.charCodeAt(i) === 32)) i++;
  else if (i === end) return isoFromParts(year, month, day, 0, 0, 0, 0, defaultOffsetMinutes);
  else return undefined;
  while (i < end && text.charCodeAt(i) === 32) i++;
  return timeOfDay(text, i, end, year, month, day, defaultOffsetMinutes);
}

/** `hh:mm[:ss[.fraction]][zone]` at `pos` on the given day. */
export function timeOfDay(
  text: string,
  pos: number,
  end: number,
  year: number,
  month: number,
  day: number,
  defaultOffsetMinutes: number,
): string | undefined {
  const hour = readDigits(text, pos, 2);
  if (hour < 0 || text.charCodeAt(pos + 2) !== 58) return undefined;
  const minute = readDigits(text, pos + 3, 2);
  if (minute < 0) return undefined;
  let i = pos + 5;
  let second = 0;
  let millis = 0;
  if (i < end && text.charCodeAt(i) === 58) {
    second = readDigits(text, i + 1, 2);
    if (second < 0) return undefined;
    i += 3;
    if (i < end && (text.charCodeAt(i) === 46 || text.charCodeAt(i) === 44)) {
      i++;
      let scale = 100;
      while (i < end && isDigit(text.charCodeAt(i))) {
        millis += (text.charCodeAt(i) - 48) * scale;
        scale /= 10;
        i++;
      }
      millis = Math.floor(millis);
    }
  }
  if (i > end) return undefined;
  while (i < end && text.charCodeAt(i) === 32) i++;
  let offset = defaultOffsetMinutes;
  if (i < end) {
    const parsed = parseOffset(text, i, end);
    if (parsed === undefined) return undefined;
    offset = parsed;
  }
  return isoFromParts(year, month, day, hour, minute, second, millis, offset);
}

const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec';

/** `Jan`…`Dec` (any case) at `pos` as 1–12, or 0. */
export function monthFromName(text: string, pos: number): number {
  if (pos + 3 > text.length) return 0;
  const word = text.slice(pos, pos + 3).toLowerCase();
  const index = MONTHS.indexOf(word);
  return index >= 0 && index % 3 === 0 ? index / 3 + 1 : 0;
}

/**
 * `Mon dd yyyy hh:mm:ss` (CEF `rt`/`start`, ASA timestamps) or `Mon dd hh:mm:ss` (no year: `year` is
 * used) at `offsetMinutes`.
 */
export function isoFromMonthName(
  text: string,
  offsetMinutes: number,
  year: number,
  start = 0,
  end = text.length,
): string | undefined {
  const month = monthFromName(text, start);
  if (month === 0 || text.charCodeAt(start + 3) !== 32) return undefined;
  let i = start + 4;
  if (text.charCodeAt(i) === 32) i++;
  let day = 0;
  while (i < end && isDigit(text.charCodeAt(i)) && day < 100) day = day * 10 + (text.charCodeAt(i++) - 48);
  if (text.charCodeAt(i) !== 32) return undefined;
  i++;
  let y = year;
  if (text.charCodeAt(i + 4) === 32 && readDigits(text, i, 4) >= 0) {
    y = readDigits(text, i, 4);
    i += 5;
  }
  return timeOfDay(text, i, end, y, month, day, offsetMinutes);
}
