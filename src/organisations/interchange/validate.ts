/**
 * Cross-record checks for a set of organisation records (one interchange file), shared by the
 * JSON and CSV parsers. Pure: no database, no clock unless `today` is left out.
 *
 * Reference rules (the database importer must apply the same ones to external references):
 * - `parentCode` is resolved on {@link parentResolutionDate}: the record's `validFrom`; when that is
 *   null, today — or, for a record that has already ended, its last day (`validTo` − 1).
 * - each of `predecessorCodes` is resolved by {@link predecessorRule}: the organisation with that
 *   code valid on the day before `validFrom`; when `validFrom` is null (a continuing organisation
 *   that absorbed others, e.g. Hải Phòng absorbing Hải Dương on 2025-07-01), the organisation with
 *   that code that ended most recently (the one with the latest non-null `validTo`).
 * - a code that no record of the file carries is EXTERNAL: not an error, it is reported in
 *   `externalReferences` for the importer to resolve against the database with the same rule.
 *   A code that the file does carry, but not on the date needed, is an error.
 */
import { dayBefore, isEffectiveOn, periodsOverlap, type Period } from '../periods.js';
import {
  jsonFieldName,
  MAX_REPORTED_ERRORS,
  parseOrganisationRecord,
  quoteValue,
  type FieldNamer,
  type OrganisationRecord,
  type OrganisationRecordKey,
  type ParseError,
} from './record.js';

/** How a referenced code is turned into one organisation. */
export type ReferenceRule =
  /** the organisation with the code whose period contains `date` */
  | { kind: 'valid-on'; date: string }
  /** the organisation with the code that has the latest non-null `validTo` */
  | { kind: 'latest-ended' };

/** A reference to a code that no record of the file carries. */
export interface ExternalReference {
  /** row of the referring record (as in {@link ParseError.row}) */
  row: number;
  /** code of the referring record */
  code: string;
  field: 'parentCode' | 'predecessorCodes';
  /** the referenced code */
  target: string;
  rule: ReferenceRule;
}

export interface ValidateOptions {
  /** row number of each record for messages (default: index + 1, as in a JSON file) */
  rows?: readonly number[];
  /** `YYYY-MM-DD` used for parents of open records without `validFrom` (default: today in Việt Nam, UTC+7) */
  today?: string;
  /** false: references to codes not in the file are errors instead of external references (default true) */
  allowExternal?: boolean;
  /** field names used in errors (default: JSON keys; CSV passes column names) */
  fieldName?: FieldNamer;
  /** also run the single-record schema on every record (default true; parsers pass false) */
  checkFields?: boolean;
  /** default {@link MAX_REPORTED_ERRORS} */
  maxErrors?: number;
}

export interface ValidationResult {
  /** sorted by row; at most `maxErrors` */
  errors: ParseError[];
  /** true when more errors were found than reported */
  truncated: boolean;
  /** distinct parent codes not carried by any record of the file, sorted */
  externalParentCodes: string[];
  /** distinct predecessor codes not carried by any record of the file, sorted */
  externalPredecessorCodes: string[];
  /** every external reference with the rule to resolve it, by row */
  externalReferences: ExternalReference[];
}

const VIETNAM_UTC_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Today's date in Việt Nam (UTC+7, no daylight saving), `YYYY-MM-DD`. */
export function todayInVietnam(now: Date = new Date()): string {
  return new Date(now.getTime() + VIETNAM_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** The date a record's `parentCode` is resolved on (see the module comment). */
export function parentResolutionDate(record: Period, today: string): string {
  if (record.validFrom !== null) return record.validFrom;
  if (record.validTo !== null && record.validTo <= today) return dayBefore(record.validTo);
  return today;
}

/** How a record's `predecessorCodes` are resolved (see the module comment). */
export function predecessorRule(record: Period): ReferenceRule {
  return record.validFrom !== null
    ? { kind: 'valid-on', date: dayBefore(record.validFrom) }
    : { kind: 'latest-ended' };
}

function describePeriod(p: Period): string {
  if (p.validFrom === null && p.validTo === null) return 'with no start or end date';
  if (p.validFrom === null) return `until ${p.validTo}`;
  if (p.validTo === null) return `from ${p.validFrom}`;
  return `from ${p.validFrom} until ${p.validTo}`;
}

/** Collects errors up to a limit. */
class ErrorList {
  readonly items: ParseError[] = [];
  found = 0;
  constructor(private readonly limit: number) {}
  add(row: number, field: string | undefined, message: string): void {
    this.found++;
    // Keep more than the limit while collecting: the list is sorted by row before cutting.
    if (this.items.length < this.limit * 4) {
      this.items.push(field === undefined ? { row, message } : { row, field, message });
    }
  }
}

/**
 * Checks a set of records as one file: each record's fields (unless `checkFields: false`),
 * `validTo` after `validFrom`, codes unique among overlapping periods, parents and predecessors
 * that resolve, no record its own parent or predecessor, no parent or predecessor loops, and no
 * record outliving its parent.
 */
export function validateOrganisationRecords(
  records: readonly OrganisationRecord[],
  options: ValidateOptions = {},
): ValidationResult {
  const name = options.fieldName ?? jsonFieldName;
  const today = options.today ?? todayInVietnam();
  const allowExternal = options.allowExternal ?? true;
  const limit = options.maxErrors ?? MAX_REPORTED_ERRORS;
  const rowOf = (i: number): number => options.rows?.[i] ?? i + 1;
  const errors = new ErrorList(limit);
  const fail = (i: number, key: OrganisationRecordKey | undefined, message: string) =>
    errors.add(rowOf(i), key === undefined ? undefined : name(key), message);
  const label = (j: number): string => {
    const r = records[j];
    return r ? `row ${rowOf(j)} (${quoteValue(r.name, 50)}, ${describePeriod(r)})` : `row ${rowOf(j)}`;
  };

  // 1. Single records.
  const usable: boolean[] = records.map((record, i) => {
    let ok = true;
    if (options.checkFields ?? true) {
      const parsed = parseOrganisationRecord(record, name);
      if (!parsed.ok) {
        for (const issue of parsed.issues) fail(i, issue.key ?? undefined, issue.message);
        return false;
      }
    }
    if (record.validFrom !== null && record.validTo !== null && record.validTo <= record.validFrom) {
      fail(
        i,
        'validTo',
        `${record.validTo} is not after ${name('validFrom')} ${record.validFrom}; ${name('validTo')} is exclusive (the first day the organisation no longer exists)`,
      );
      ok = false;
    }
    return ok;
  });

  // 2. Index by code, and overlapping periods under one code.
  const byCode = new Map<string, number[]>();
  records.forEach((record, i) => {
    if (!usable[i]) return;
    const list = byCode.get(record.code);
    if (list) list.push(i);
    else byCode.set(record.code, [i]);
  });
  const startOf = (i: number) => records[i]?.validFrom ?? null;
  /** codes used by overlapping periods: already reported, references to them are not checked */
  const ambiguous = new Set<string>();
  for (const list of byCode.values()) {
    list.sort((a, b) => {
      const sa = startOf(a);
      const sb = startOf(b);
      if (sa === sb) return a - b;
      if (sa === null) return -1;
      if (sb === null) return 1;
      return sa < sb ? -1 : 1;
    });
    let latest = list[0];
    for (const i of list.slice(1)) {
      const current = records[i];
      const previous = latest === undefined ? undefined : records[latest];
      if (!current || !previous || latest === undefined) continue;
      if (periodsOverlap(previous, current)) {
        ambiguous.add(current.code);
        fail(
          i,
          'code',
          `${quoteValue(current.code)} (${describePeriod(current)}) is also the code of ${label(latest)}; ` +
            'organisations with the same code must not exist at the same time',
        );
      }
      if (previous.validTo !== null && (current.validTo === null || current.validTo > previous.validTo))
        latest = i;
    }
  }

  // With no overlaps left, the periods under one code are disjoint and sorted by start, so the
  // only candidate on a date is the last one starting on or before it (binary search keeps
  // hostile files with many rows per code linear-logarithmic).
  const findOn = (code: string, date: string): number | undefined => {
    const list = byCode.get(code) ?? [];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const start = startOf(list[mid] ?? 0);
      if (start === null || start <= date) low = mid + 1;
      else high = mid;
    }
    const j = low > 0 ? list[low - 1] : undefined;
    const r = j === undefined ? undefined : records[j];
    return r !== undefined && isEffectiveOn(r, date) ? j : undefined;
  };
  const latestEnded = new Map<string, number | undefined>();
  const findLatestEnded = (code: string): number | undefined => {
    if (latestEnded.has(code)) return latestEnded.get(code);
    let best: number | undefined;
    for (const j of byCode.get(code) ?? []) {
      const end = records[j]?.validTo ?? null;
      const bestEnd = best === undefined ? null : (records[best]?.validTo ?? null);
      if (end !== null && (bestEnd === null || end > bestEnd)) best = j;
    }
    latestEnded.set(code, best);
    return best;
  };
  const carriers = (code: string): string => {
    const list = byCode.get(code) ?? [];
    const shown = list.slice(0, 3).map(label).join('; ');
    return list.length > 3 ? `${shown}; and ${list.length - 3} more` : shown;
  };

  // 3. Parents and predecessors.
  const external: ExternalReference[] = [];
  const parentOf: (number | undefined)[] = records.map(() => undefined);
  const predecessorsOf: number[][] = records.map(() => []);
  const notInFile = (
    i: number,
    key: 'parentCode' | 'predecessorCodes',
    target: string,
    rule: ReferenceRule,
  ) => {
    const record = records[i];
    if (!record) return;
    if (allowExternal) {
      external.push({ row: rowOf(i), code: record.code, field: key, target, rule });
    } else {
      fail(i, key, `${quoteValue(target)} is not the code of any organisation in this file`);
    }
  };

  records.forEach((record, i) => {
    if (!usable[i]) return;
    const parentCode = record.parentCode;
    if (parentCode !== null) {
      if (parentCode === record.code) {
        fail(
          i,
          'parentCode',
          `${quoteValue(parentCode)} is this organisation's own code; an organisation cannot be its own parent`,
        );
      } else if (!ambiguous.has(parentCode)) {
        const date = parentResolutionDate(record, today);
        if (!byCode.has(parentCode)) {
          notInFile(i, 'parentCode', parentCode, { kind: 'valid-on', date });
        } else {
          const j = findOn(parentCode, date);
          const parent = j === undefined ? undefined : records[j];
          if (j === undefined || !parent) {
            fail(
              i,
              'parentCode',
              `no organisation with code ${quoteValue(parentCode)} exists on ${date} in this file ` +
                `(${carriers(parentCode)}); the parent is looked up on ${name('validFrom')}, or today when it is empty`,
            );
          } else {
            parentOf[i] = j;
            if (parent.validTo !== null && (record.validTo === null || record.validTo > parent.validTo)) {
              fail(
                i,
                'parentCode',
                `parent ${quoteValue(parentCode)} (${label(j)}) ends on ${parent.validTo}, but this organisation ` +
                  `${record.validTo === null ? 'has no end date' : `ends later, on ${record.validTo}`}; ` +
                  `end it by ${parent.validTo} and add a new record under the successor`,
              );
            }
          }
        }
      }
    }

    const rule = predecessorRule(record);
    for (const target of record.predecessorCodes) {
      if (ambiguous.has(target)) continue;
      if (!byCode.has(target)) {
        notInFile(i, 'predecessorCodes', target, rule);
        continue;
      }
      const j = rule.kind === 'valid-on' ? findOn(target, rule.date) : findLatestEnded(target);
      if (j === undefined) {
        fail(
          i,
          'predecessorCodes',
          rule.kind === 'valid-on'
            ? `no organisation with code ${quoteValue(target)} exists on ${rule.date}, the day before ${name('validFrom')}, in this file (${carriers(target)})`
            : `no organisation with code ${quoteValue(target)} has ended in this file (${carriers(target)}); ` +
                `a predecessor of an organisation without ${name('validFrom')} must have a ${name('validTo')}`,
        );
      } else if (j === i) {
        fail(
          i,
          'predecessorCodes',
          `${quoteValue(target)} refers to this organisation itself; it cannot be its own predecessor`,
        );
      } else {
        predecessorsOf[i]?.push(j);
      }
    }
  });

  // 4. Loops.
  reportCycles(
    parentOf.map((j) => (j === undefined ? [] : [j])),
    (cycle) =>
      fail(
        minRowIndex(cycle, rowOf),
        'parentCode',
        `the parent chain loops: ${describeCycle(cycle, records, rowOf)}`,
      ),
  );
  reportCycles(predecessorsOf, (cycle) =>
    fail(
      minRowIndex(cycle, rowOf),
      'predecessorCodes',
      `the predecessor links loop: ${describeCycle(cycle, records, rowOf)}`,
    ),
  );

  return finish(errors, limit, external);
}

function finish(errors: ErrorList, limit: number, external: ExternalReference[]): ValidationResult {
  const sorted = errors.items
    .map((e, order) => ({ e, order }))
    .sort((a, b) => a.e.row - b.e.row || a.order - b.order);
  const distinct = (field: ExternalReference['field']) =>
    [...new Set(external.filter((x) => x.field === field).map((x) => x.target))].sort();
  return {
    errors: sorted.slice(0, limit).map((x) => x.e),
    truncated: errors.found > limit,
    externalParentCodes: distinct('parentCode'),
    externalPredecessorCodes: distinct('predecessorCodes'),
    externalReferences: external.sort((a, b) => a.row - b.row),
  };
}

function minRowIndex(cycle: readonly number[], rowOf: (i: number) => number): number {
  let best = cycle[0] ?? 0;
  for (const i of cycle) if (rowOf(i) < rowOf(best)) best = i;
  return best;
}

function describeCycle(
  cycle: readonly number[],
  records: readonly OrganisationRecord[],
  rowOf: (i: number) => number,
): string {
  const start = minRowIndex(cycle, rowOf);
  const at = cycle.indexOf(start);
  const ordered = [...cycle.slice(at), ...cycle.slice(0, at), start];
  const shown = ordered.slice(0, 12).map((i) => `${quoteValue(records[i]?.code ?? '?')} (row ${rowOf(i)})`);
  return ordered.length > 12 ? `${shown.join(' → ')} → …` : shown.join(' → ');
}

/**
 * Finds loops in a directed graph given as adjacency lists (iterative DFS, so deep chains do not
 * overflow the stack). Each loop is reported once, as the list of nodes in edge order.
 */
function reportCycles(edges: readonly (readonly number[])[], report: (cycle: number[]) => void): void {
  const state = new Uint8Array(edges.length); // 0 new, 1 on the current path, 2 finished
  const seen = new Set<string>();
  for (let root = 0; root < edges.length; root++) {
    if (state[root] !== 0) continue;
    const path: number[] = [root];
    const next: number[] = [0];
    state[root] = 1;
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top] ?? 0;
      const k = next[top] ?? 0;
      const out = edges[node] ?? [];
      if (k >= out.length) {
        state[node] = 2;
        path.pop();
        next.pop();
        continue;
      }
      next[top] = k + 1;
      const to = out[k] ?? 0;
      if (state[to] === 0) {
        state[to] = 1;
        path.push(to);
        next.push(0);
      } else if (state[to] === 1) {
        const cycle = path.slice(path.lastIndexOf(to));
        const key = [...cycle].sort((a, b) => a - b).join(',');
        if (!seen.has(key)) {
          seen.add(key);
          report(cycle);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// what the parsers return

export interface ParseOptions {
  /** see {@link ValidateOptions.today} */
  today?: string;
  /** see {@link ValidateOptions.allowExternal} */
  allowExternal?: boolean;
}

export type ParseResult =
  | {
      ok: true;
      /** in file order, canonical */
      records: OrganisationRecord[];
      /** parent codes the importer must find in the database (see {@link ValidationResult}) */
      externalParentCodes: string[];
      /** predecessor codes the importer must find in the database */
      externalPredecessorCodes: string[];
      /** each external reference with its row and resolution rule */
      externalReferences: ExternalReference[];
      /** JSON only: the file's `source` attribution, when present */
      source?: string;
    }
  | {
      ok: false;
      /** sorted by row, at most {@link MAX_REPORTED_ERRORS} */
      errors: ParseError[];
      /** true when there were more errors than reported */
      truncated: boolean;
    };

/**
 * Runs the cross-record checks over the records that parsed and merges their errors with the
 * per-row errors already found. The file is rejected when there is any error.
 */
export function finishParse(
  parsed: readonly { row: number; record: OrganisationRecord }[],
  rowErrors: readonly ParseError[],
  rowErrorsTruncated: boolean,
  fieldName: FieldNamer,
  options: ParseOptions,
): ParseResult {
  const validation = validateOrganisationRecords(
    parsed.map((p) => p.record),
    {
      rows: parsed.map((p) => p.row),
      today: options.today,
      allowExternal: options.allowExternal,
      fieldName,
      checkFields: false,
    },
  );
  if (rowErrors.length === 0 && validation.errors.length === 0) {
    return {
      ok: true,
      records: parsed.map((p) => p.record),
      externalParentCodes: validation.externalParentCodes,
      externalPredecessorCodes: validation.externalPredecessorCodes,
      externalReferences: validation.externalReferences,
    };
  }
  const all = [...rowErrors, ...validation.errors]
    .map((e, order) => ({ e, order }))
    .sort((a, b) => a.e.row - b.e.row || a.order - b.order)
    .map((x) => x.e);
  return {
    ok: false,
    errors: all.slice(0, MAX_REPORTED_ERRORS),
    truncated: rowErrorsTruncated || validation.truncated || all.length > MAX_REPORTED_ERRORS,
  };
}
