/**
 * Dates and numbers as official documents write them. Decree 30/2020/NĐ-CP, Appendix I: the date is
 * written in full with Arabic numerals, and a day below 10 or a month 1–2 gets a leading zero
 * ("ngày 05 tháng 10 năm 2026", "ngày 28 tháng 02 năm 2023", "ngày 12 tháng 3 năm 2023") so nobody
 * can turn a 1 into 11 or 21 later. Pure; independent of the host's ICU data.
 */

export type DocumentLanguage = 'vi' | 'en';

const englishMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Parses a real calendar date `YYYY-MM-DD`; throws naming the bad value otherwise. */
export function parseIsoDate(iso: string): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (match === null) throw new Error(`date must be YYYY-MM-DD, got "${iso}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`"${iso}" is not a calendar date`);
  }
  return { year, month, day };
}

/** "ngày 05 tháng 10 năm 2026" (Vietnamese) or "5 October 2026" (English). */
export function formatDocumentDate(iso: string, language: DocumentLanguage = 'vi'): string {
  const { year, month, day } = parseIsoDate(iso);
  if (language === 'en') return `${day} ${englishMonths[month - 1]} ${year}`;
  const dd = day < 10 ? `0${day}` : String(day);
  const mm = month <= 2 ? `0${month}` : String(month);
  return `ngày ${dd} tháng ${mm} năm ${year}`;
}

/** The place-and-date line under the national motto: "Đồng Nai, ngày 05 tháng 10 năm 2026". */
export function formatPlaceAndDate(place: string, iso: string, language: DocumentLanguage = 'vi'): string {
  return `${place}, ${formatDocumentDate(iso, language)}`;
}

/**
 * An integer with thousands grouped: "1.234.567" in Vietnamese, "1,234,567" in English.
 * Figures are counts, so fractions are refused rather than rounded silently.
 */
export function formatInteger(value: number, language: DocumentLanguage = 'vi'): string {
  if (!Number.isSafeInteger(value)) throw new Error(`expected an integer, got ${value}`);
  const separator = language === 'vi' ? '.' : ',';
  const digits = String(Math.abs(value));
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const group = digits.slice(Math.max(0, end - 3), end);
    grouped = grouped === '' ? group : `${group}${separator}${grouped}`;
  }
  return value < 0 ? `-${grouped}` : grouped;
}
