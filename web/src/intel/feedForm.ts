// The add/edit form of a feed source as plain data: text fields in, a checked
// FeedSourceInput (or per-field errors) out, and the PATCH body holding only what changed.
import type { MessageKey } from '../i18n/vi.js';
import { THREAT_TYPES } from '../types.js';
import type { CsvMapping, FeedSourceInput, FeedSourceView, ThreatType } from '../types.js';

export const CSV_FIELDS = [
  'value',
  'type',
  'threatType',
  'family',
  'confidence',
  'firstSeen',
  'lastSeen',
  'tags',
  'description',
  'port',
  'delimiter',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** Fields the server may name in validation details. */
export const FEED_FIELDS = [
  'name',
  'title',
  'location',
  'format',
  'csv',
  'scheduleMinutes',
  'defaultThreatType',
  'defaultFamily',
  'defaultConfidence',
  'expiryDays',
  'maxBytes',
  'enabled',
] as const;
export type FeedField = (typeof FEED_FIELDS)[number];

export interface FeedFormState {
  name: string;
  title: string;
  location: string;
  /** '' = detect automatically */
  format: string;
  csv: Record<CsvField, string>;
  scheduleMinutes: string;
  /** '' = none */
  defaultThreatType: string;
  defaultFamily: string;
  defaultConfidence: string;
  expiryDays: string;
  maxMegabytes: string;
  enabled: boolean;
}

export interface FieldProblem {
  key: MessageKey;
  params?: Record<string, number>;
}
export type FeedFormErrors = Partial<Record<FeedField, FieldProblem>>;

export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const MEBIBYTE = 1024 * 1024;
const LIMITS = {
  scheduleMinutes: [5, 10_080],
  defaultConfidence: [0, 100],
  expiryDays: [1, 3650],
  maxMegabytes: [1, 2048],
} as const;
const DEFAULT_MAX_BYTES = 200 * MEBIBYTE;

function emptyCsv(): Record<CsvField, string> {
  return Object.fromEntries(CSV_FIELDS.map((f) => [f, ''])) as Record<CsvField, string>;
}

/** A size in bytes as the form's megabyte text ("200", "0.5"). */
export function megabytesText(bytes: number): string {
  const mb = bytes / MEBIBYTE;
  return Number.isInteger(mb) ? String(mb) : String(Math.round(mb * 1000) / 1000);
}

export function emptyFeedForm(): FeedFormState {
  return {
    name: '',
    title: '',
    location: '',
    format: '',
    csv: emptyCsv(),
    scheduleMinutes: '',
    defaultThreatType: '',
    defaultFamily: '',
    defaultConfidence: '50',
    expiryDays: '30',
    maxMegabytes: megabytesText(DEFAULT_MAX_BYTES),
    enabled: true,
  };
}

/** The tab character is typed as "\t" in the delimiter box. */
const delimiterText = (d: string) => (d === '\t' ? '\\t' : d);
const delimiterValue = (s: string) => (s === '\\t' || s.toLowerCase() === 'tab' ? '\t' : s);

export function feedFormFromView(view: FeedSourceView): FeedFormState {
  const csv = emptyCsv();
  for (const f of CSV_FIELDS) {
    const v = view.csv?.[f];
    if (v !== undefined) csv[f] = f === 'delimiter' ? delimiterText(v) : v;
  }
  return {
    name: view.name,
    title: view.title,
    location: view.location ?? '',
    format: view.format ?? '',
    csv,
    scheduleMinutes: view.scheduleMinutes === null ? '' : String(view.scheduleMinutes),
    defaultThreatType: view.defaultThreatType ?? '',
    defaultFamily: view.defaultFamily ?? '',
    defaultConfidence: String(view.defaultConfidence),
    expiryDays: String(view.expiryDays),
    maxMegabytes: megabytesText(view.maxBytes),
    enabled: view.enabled,
  };
}

/** A whole number within [min, max]; empty text is `null` (the caller decides if that is allowed). */
export function parseWholeNumber(
  text: string,
  min: number,
  max: number,
): { ok: true; value: number | null } | { ok: false } {
  const s = text.trim();
  if (s === '') return { ok: true, value: null };
  if (!/^\d+$/.test(s)) return { ok: false };
  const n = Number(s);
  return n >= min && n <= max ? { ok: true, value: n } : { ok: false };
}

/** A decimal number (comma or dot) within [min, max]; empty text is `null`. */
export function parseDecimal(
  text: string,
  min: number,
  max: number,
): { ok: true; value: number | null } | { ok: false } {
  const s = text.trim().replace(',', '.');
  if (s === '') return { ok: true, value: null };
  if (!/^\d+(\.\d+)?$/.test(s)) return { ok: false };
  const n = Number(s);
  return n >= min && n <= max ? { ok: true, value: n } : { ok: false };
}

export function isValidLocation(location: string): boolean {
  return /^https?:\/\//.test(location) || location.startsWith('/') || location.startsWith('./');
}

function isThreatType(v: string): v is ThreatType {
  return (THREAT_TYPES as readonly string[]).includes(v);
}

/**
 * Checks the form and builds the input. When editing, `original` keeps the stored size
 * limit exactly as it was unless its megabyte text was changed.
 */
export function readFeedForm(
  state: FeedFormState,
  original?: FeedSourceView,
): { ok: true; input: FeedSourceInput } | { ok: false; errors: FeedFormErrors } {
  const errors: FeedFormErrors = {};
  const name = state.name.trim();
  if (!original && !NAME_PATTERN.test(name)) errors.name = { key: 'intel.feed.error.name' };
  const title = state.title.trim();
  if (!title) errors.title = { key: 'org.required' };
  const location = state.location.trim();
  if (location && !isValidLocation(location)) errors.location = { key: 'intel.feed.error.location' };

  const whole = (field: 'scheduleMinutes' | 'defaultConfidence' | 'expiryDays', required: boolean) => {
    const [min, max] = LIMITS[field];
    const r = parseWholeNumber(state[field], min, max);
    if (!r.ok || (required && r.value === null)) {
      errors[field] = { key: 'intel.feed.error.range', params: { min, max } };
      return null;
    }
    return r.value;
  };
  const scheduleMinutes = whole('scheduleMinutes', false);
  const defaultConfidence = whole('defaultConfidence', true);
  const expiryDays = whole('expiryDays', true);

  let maxBytes: number | null = null;
  if (original && state.maxMegabytes.trim() === megabytesText(original.maxBytes)) {
    maxBytes = original.maxBytes;
  } else {
    const [min, max] = LIMITS.maxMegabytes;
    const r = parseDecimal(state.maxMegabytes, min, max);
    if (!r.ok || r.value === null)
      errors.maxBytes = { key: 'intel.feed.error.megabytes', params: { min, max } };
    else maxBytes = Math.round(r.value * MEBIBYTE);
  }

  const format = state.format.trim() || null;
  let csv: CsvMapping | undefined;
  if (format === 'csv') {
    const value = state.csv.value.trim();
    if (!value) errors.csv = { key: 'intel.feed.error.csvValue' };
    csv = { value };
    for (const f of CSV_FIELDS) {
      if (f === 'value') continue;
      const raw = f === 'delimiter' ? delimiterValue(state.csv[f]) : state.csv[f].trim();
      if (raw !== '') csv[f] = raw;
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name: original ? original.name : name,
      title,
      location: location || null,
      format,
      ...(csv ? { csv } : {}),
      scheduleMinutes,
      defaultThreatType: isThreatType(state.defaultThreatType) ? state.defaultThreatType : null,
      defaultFamily: state.defaultFamily.trim() || null,
      defaultConfidence: defaultConfidence ?? 50,
      expiryDays: expiryDays ?? 30,
      maxBytes: maxBytes ?? DEFAULT_MAX_BYTES,
      enabled: state.enabled,
    },
  };
}

function sameCsv(a: CsvMapping | undefined, b: CsvMapping | undefined): boolean {
  const norm = (m: CsvMapping | undefined) =>
    JSON.stringify(
      Object.entries(m ?? {})
        .filter(([, v]) => v !== undefined && v !== '')
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
    );
  return norm(a) === norm(b);
}

/** The PATCH body: only the fields whose value differs from the stored source (never the name). */
export function feedPatch(original: FeedSourceView, input: FeedSourceInput): Partial<FeedSourceInput> {
  const patch: Partial<FeedSourceInput> = {};
  const simple = [
    'title',
    'location',
    'format',
    'scheduleMinutes',
    'defaultThreatType',
    'defaultFamily',
    'defaultConfidence',
    'expiryDays',
    'maxBytes',
    'enabled',
  ] as const;
  for (const key of simple) {
    if (input[key] !== original[key]) Object.assign(patch, { [key]: input[key] });
  }
  if (input.csv !== undefined && !sameCsv(input.csv, original.csv)) patch.csv = input.csv;
  return patch;
}

/** The body of an update: every field but the name (which identifies the source and stays). */
export function feedUpdateBody(input: FeedSourceInput): Partial<FeedSourceInput> {
  const { name: _name, ...rest } = input;
  return rest;
}
