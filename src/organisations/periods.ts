/**
 * Effective periods: [validFrom, validTo) with `null` meaning open-ended on that side. Dates are
 * `YYYY-MM-DD` text, so string comparison is date comparison.
 */
export interface Period {
  validFrom: string | null;
  validTo: string | null;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in `YYYY-MM-DD` form. */
export function isIsoDate(text: string): boolean {
  const m = datePattern.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export function isEffectiveOn(period: Period, date: string): boolean {
  return (
    (period.validFrom === null || period.validFrom <= date) &&
    (period.validTo === null || date < period.validTo)
  );
}

export function periodsOverlap(a: Period, b: Period): boolean {
  const aStartsBeforeBEnds = b.validTo === null || a.validFrom === null || a.validFrom < b.validTo;
  const bStartsBeforeAEnds = a.validTo === null || b.validFrom === null || b.validFrom < a.validTo;
  return aStartsBeforeBEnds && bStartsBeforeAEnds;
}

/** True when `inner` lies entirely inside `outer`. */
export function periodWithin(inner: Period, outer: Period): boolean {
  const startOk =
    outer.validFrom === null || (inner.validFrom !== null && inner.validFrom >= outer.validFrom);
  const endOk = outer.validTo === null || (inner.validTo !== null && inner.validTo <= outer.validTo);
  return startOk && endOk;
}

/** A reason the period is malformed, or null. */
export function periodProblem(period: Period): string | null {
  if (period.validFrom !== null && !isIsoDate(period.validFrom))
    return `validFrom "${period.validFrom}" is not a date (YYYY-MM-DD)`;
  if (period.validTo !== null && !isIsoDate(period.validTo))
    return `validTo "${period.validTo}" is not a date (YYYY-MM-DD)`;
  if (period.validFrom !== null && period.validTo !== null && period.validTo <= period.validFrom) {
    return `validTo ${period.validTo} must be after validFrom ${period.validFrom}`;
  }
  return null;
}
