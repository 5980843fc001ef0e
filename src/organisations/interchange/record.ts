/**
 * One organisation as it travels in an interchange file (JSON or CSV), and the zod schema that
 * turns untrusted input into that canonical form.
 *
 * The schema only checks a record on its own. Checks that need the other records of the file
 * (duplicate codes, parents, predecessors, cycles, periods) live in `validate.ts`.
 *
 * Canonical form produced by the schema:
 * - text is trimmed and Unicode NFC-normalised (so "Hà Nội" typed on a keyboard that produces
 *   combining marks equals the precomposed form), runs of whitespace in names become one space;
 * - empty strings in nullable fields become `null`; missing list fields become `[]`;
 * - `kind` is lower-cased; CIDRs and domains are canonicalised by `src/net`; ASNs are numbers;
 *   websites are WHATWG-serialised URLs (`https://example.gov.vn/`);
 * - duplicate entries in `predecessorCodes`, `ipRanges`, `asns`, `domains` and `websites` are
 *   dropped (first one kept), otherwise list order is preserved.
 */
import { z } from 'zod';
import { normaliseCidr } from '../../net/cidr.js';
import { normaliseDomain } from '../../net/domain.js';
import { isIsoDate } from '../periods.js';

export interface OrganisationContact {
  name: string;
  role: string;
  email: string | null;
  phone: string | null;
}

export interface OrganisationRecord {
  /** 1..64 characters of `[A-Za-z0-9._-]`; unique among organisations whose periods overlap. */
  code: string;
  /** 1..300 characters, trimmed, NFC. */
  name: string;
  /** organisation kind code, e.g. `province` (see `seed/kinds.ts`); lower-case `[a-z0-9_]`. */
  kind: string;
  /** resolved at `validFrom` (see `parentResolutionDate` in validate.ts); null = a root. */
  parentCode: string | null;
  /** `YYYY-MM-DD`, inclusive; null = since before records began. */
  validFrom: string | null;
  /** `YYYY-MM-DD`, exclusive; null = still valid. */
  validTo: string | null;
  /** resolved on the day before `validFrom` (see `predecessorRule` in validate.ts). */
  predecessorCodes: string[];
  /** canonical CIDR text (`normaliseCidr`). */
  ipRanges: string[];
  /** 1..4294967295 */
  asns: number[];
  /** canonical domain names (`normaliseDomain`). */
  domains: string[];
  /** absolute http(s) URLs. */
  websites: string[];
  contacts: OrganisationContact[];
}

export type OrganisationRecordKey = keyof OrganisationRecord;

/** Keys in the order they are written by the serialisers. */
export const ORGANISATION_RECORD_KEYS = [
  'code',
  'name',
  'kind',
  'parentCode',
  'validFrom',
  'validTo',
  'predecessorCodes',
  'ipRanges',
  'asns',
  'domains',
  'websites',
  'contacts',
] as const satisfies readonly OrganisationRecordKey[];

/** CSV column name of each record key (the CSV header uses these, in this order). */
export const CSV_COLUMN_OF_KEY: Readonly<Record<OrganisationRecordKey, string>> = {
  code: 'code',
  name: 'name',
  kind: 'kind',
  parentCode: 'parent_code',
  validFrom: 'valid_from',
  validTo: 'valid_to',
  predecessorCodes: 'predecessor_codes',
  ipRanges: 'ip_ranges',
  asns: 'asns',
  domains: 'domains',
  websites: 'websites',
  contacts: 'contacts',
};

/** How a format names a record field in messages: JSON uses the key, CSV the column name. */
export type FieldNamer = (key: OrganisationRecordKey) => string;
export const jsonFieldName: FieldNamer = (key) => key;
export const csvFieldName: FieldNamer = (key) => CSV_COLUMN_OF_KEY[key];

/** One problem found in an interchange file. */
export interface ParseError {
  /**
   * Where the user finds the problem: CSV — the spreadsheet row (header = 1, first data row = 2,
   * blank rows count); JSON — the 1-based index in the `organisations` array. 0 = the file as a
   * whole (e.g. JSON syntax, missing `format`).
   */
  row: number;
  /** field (JSON key or CSV column) when the problem is in one field */
  field?: string;
  /** a sentence naming the offending value */
  message: string;
}

/** At most this many errors are reported for one file. */
export const MAX_REPORTED_ERRORS = 100;

/** `row 7: ip_ranges: "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8?` */
export function formatParseError(error: ParseError): string {
  const where = error.row === 0 ? 'file' : `row ${error.row}`;
  return error.field === undefined
    ? `${where}: ${error.message}`
    : `${where}: ${error.field}: ${error.message}`;
}

// ---------------------------------------------------------------------------------------------
// limits and small helpers

export const MAX_CODE_LENGTH = 64;
export const MAX_NAME_LENGTH = 300;
export const MAX_CONTACT_TEXT_LENGTH = 200;
export const MAX_LIST_ITEMS = 10_000;
export const MAX_URL_LENGTH = 2048;
export const MAX_ASN = 4_294_967_295;

const CODE_PATTERN = /^[A-Za-z0-9._-]+$/;
const KIND_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const DMY_DATE = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;
/** C0/C1 controls, and format characters (zero-width, bidi overrides) that can disguise text. */
const UNSAFE_TEXT = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const EMAIL_PATTERN =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const PHONE_PATTERN = /^\+?[0-9 ().-]+$/;

/** A value quoted for a message: JSON string syntax, long values cut (hostile input stays short). */
export function quoteValue(value: string, max = 60): string {
  const head = value.slice(0, max * 2 + 2);
  const chars = Array.from(head);
  const cut = chars.length > max || head.length < value.length;
  return JSON.stringify(cut ? `${chars.slice(0, max).join('')}…` : value);
}

/** What a non-text JSON value is, for "expected text" messages. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return quoteValue(value);
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Result of checking one field value: the canonical value, or a sentence naming the problem. */
export type Check<T> = { ok: true; value: T } | { ok: false; message: string };
const good = <T>(value: T): Check<T> => ({ ok: true, value });
const bad = <T>(message: string): Check<T> => ({ ok: false, message });

function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** NFC, trimmed, inner whitespace collapsed; rejects control and format characters. */
function cleanText(value: string, what: string): Check<string> {
  const text = value.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (UNSAFE_TEXT.test(text)) {
    return bad(`${what} ${quoteValue(text)} contains a control or invisible formatting character`);
  }
  return good(text);
}

// ---------------------------------------------------------------------------------------------
// field checks (exported for the CSV parser and for callers that edit single fields)

export function checkCode(value: unknown): Check<string> {
  if (value === undefined) return bad('is missing');
  if (typeof value !== 'string') {
    return bad(
      typeof value === 'number'
        ? `must be text, not ${describeValue(value)}; write codes in quotes, e.g. "01"`
        : `must be text, not ${describeValue(value)}`,
    );
  }
  const code = value.trim();
  if (code.length === 0) return bad('is empty');
  if (code.length > MAX_CODE_LENGTH) {
    return bad(
      `${quoteValue(code)} is ${code.length} characters long; at most ${MAX_CODE_LENGTH} are allowed`,
    );
  }
  if (!CODE_PATTERN.test(code)) {
    return bad(
      `${quoteValue(code)} is not a valid code; codes may contain only letters A-Z, digits, ".", "_" and "-"`,
    );
  }
  return good(code);
}

export function checkName(value: unknown): Check<string> {
  if (value === undefined) return bad('is missing');
  if (typeof value !== 'string') return bad(`must be text, not ${describeValue(value)}`);
  if (value.length > MAX_NAME_LENGTH * 8) {
    return bad(
      `${quoteValue(value)} is ${value.length} characters long; at most ${MAX_NAME_LENGTH} are allowed`,
    );
  }
  const cleaned = cleanText(value, 'name');
  if (!cleaned.ok) return cleaned;
  const name = cleaned.value;
  if (name.length === 0) return bad('is empty');
  const length = codePointLength(name);
  if (length > MAX_NAME_LENGTH) {
    return bad(`${quoteValue(name)} is ${length} characters long; at most ${MAX_NAME_LENGTH} are allowed`);
  }
  return good(name);
}

export function checkKind(value: unknown): Check<string> {
  if (value === undefined) return bad('is missing');
  if (typeof value !== 'string') return bad(`must be text, not ${describeValue(value)}`);
  const kind = value.trim().toLowerCase();
  if (kind.length === 0) return bad('is empty');
  if (!KIND_PATTERN.test(kind)) {
    return bad(
      `${quoteValue(value.trim())} is not a kind code; kind codes are lower-case letters, digits and "_", e.g. "province"`,
    );
  }
  return good(kind);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export function checkOptionalCode(value: unknown): Check<string | null> {
  if (isBlank(value)) return good(null);
  return checkCode(value);
}

export function checkOptionalDate(value: unknown): Check<string | null> {
  if (isBlank(value)) return good(null);
  if (typeof value !== 'string')
    return bad(`must be a date written as text (YYYY-MM-DD), not ${describeValue(value)}`);
  const text = value.trim();
  if (DATE_SHAPE.test(text)) {
    return isIsoDate(text) ? good(text) : bad(`${quoteValue(text)} is not a real calendar date`);
  }
  const dmy = DMY_DATE.exec(text);
  if (dmy) {
    const guess = `${dmy[3]}-${dmy[2]?.padStart(2, '0')}-${dmy[1]?.padStart(2, '0')}`;
    if (isIsoDate(guess)) return bad(`${quoteValue(text)} is not in YYYY-MM-DD form; did you mean ${guess}?`);
  }
  return bad(`${quoteValue(text)} is not a date in YYYY-MM-DD form`);
}

/** Canonical CIDR via `normaliseCidr`; the message always names the value. */
export function checkCidr(value: unknown): Check<string> {
  if (typeof value !== 'string') return bad(`an IP range must be text, not ${describeValue(value)}`);
  const result = normaliseCidr(value.trim());
  if (result.ok) return good(result.value);
  return bad(namesValue(result.reason) ? result.reason : `${quoteValue(value.trim())}: ${result.reason}`);
}

export function checkDomain(value: unknown): Check<string> {
  if (typeof value !== 'string') return bad(`a domain must be text, not ${describeValue(value)}`);
  const result = normaliseDomain(value.trim());
  if (result.ok) return good(result.value);
  return bad(namesValue(result.reason) ? result.reason : `${quoteValue(value.trim())}: ${result.reason}`);
}

/** The `src/net` normalisers start their reason with the quoted input when they name it. */
function namesValue(reason: string): boolean {
  return reason.startsWith('"');
}

/** `13335`, `"13335"`, `"AS13335"`, `"as13335"`. */
export function checkAsn(value: unknown): Check<number> {
  let digits: string;
  if (typeof value === 'number') {
    digits = Number.isInteger(value) ? String(value) : '';
    if (digits === '') return bad(`AS number ${String(value)} is not a whole number`);
  } else if (typeof value === 'string') {
    const m = /^(?:AS)?(\d+)$/i.exec(value.trim());
    if (!m?.[1]) {
      return bad(`${quoteValue(value.trim())} is not an AS number; write it as 13335 or AS13335`);
    }
    digits = m[1];
    if (digits.length > 1 && digits.startsWith('0')) {
      return bad(`AS number ${quoteValue(value.trim())} has a leading zero`);
    }
  } else {
    return bad(`an AS number must be a number or text like "AS13335", not ${describeValue(value)}`);
  }
  const asn = digits.length > 10 ? Number.POSITIVE_INFINITY : Number(digits);
  if (asn < 1 || asn > MAX_ASN) {
    return bad(
      `AS number ${digits.length > 20 ? quoteValue(digits) : digits} is out of range (1 to ${MAX_ASN})`,
    );
  }
  return good(asn);
}

export function checkWebsite(value: unknown): Check<string> {
  if (typeof value !== 'string') return bad(`a website must be text, not ${describeValue(value)}`);
  const text = value.trim();
  if (text.length > MAX_URL_LENGTH) {
    return bad(
      `${quoteValue(text)} is ${text.length} characters long; at most ${MAX_URL_LENGTH} are allowed`,
    );
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    const hint = /^[a-z0-9.-]+\.[a-z]{2,}(?:[/:?#]|$)/i.test(text) ? `; did you mean https://${text}?` : '';
    return bad(`${quoteValue(text)} is not an absolute URL${hint}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return bad(`${quoteValue(text)} must start with http:// or https://`);
  }
  if (url.username !== '' || url.password !== '') {
    return bad(`${quoteValue(text)} contains a user name or password; remove it`);
  }
  if (url.hostname === '') return bad(`${quoteValue(text)} has no host name`);
  if (url.href.includes(';')) {
    return bad(`${quoteValue(text)} contains ";", which separates values in CSV files; write it as %3B`);
  }
  return good(url.href);
}

function checkContactText(value: unknown, what: string, required: boolean, label: string): Check<string> {
  if (value === undefined || value === null) {
    return required ? bad(`${label}: ${what} is missing`) : good('');
  }
  if (typeof value !== 'string') return bad(`${label}: ${what} must be text, not ${describeValue(value)}`);
  if (value.length > MAX_CONTACT_TEXT_LENGTH * 8) {
    return bad(
      `${label}: ${what} is ${value.length} characters long; at most ${MAX_CONTACT_TEXT_LENGTH} are allowed`,
    );
  }
  const cleaned = cleanText(value, what);
  if (!cleaned.ok) return bad(`${label}: ${cleaned.message}`);
  const text = cleaned.value;
  if (required && text.length === 0) return bad(`${label}: ${what} is empty`);
  if (text.includes('|') || text.includes(';')) {
    return bad(
      `${label}: ${what} ${quoteValue(text)} must not contain "|" or ";" (they separate contacts in CSV)`,
    );
  }
  const length = codePointLength(text);
  if (length > MAX_CONTACT_TEXT_LENGTH) {
    return bad(
      `${label}: ${what} is ${length} characters long; at most ${MAX_CONTACT_TEXT_LENGTH} are allowed`,
    );
  }
  return good(text);
}

function contactLabel(index: number, name: unknown): string {
  return typeof name === 'string' && name.trim() !== ''
    ? `contact ${index + 1} (${quoteValue(name.trim(), 40)})`
    : `contact ${index + 1}`;
}

/** A contact given as an object `{ name, role, email?, phone? }`. `index` is 0-based. */
export function checkContact(value: unknown, index: number): Check<OrganisationContact>[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [
      bad(
        `contact ${index + 1} must be an object with name, role, email and phone, not ${describeValue(value)}`,
      ),
    ];
  }
  const input = value as Record<string, unknown>;
  const label = contactLabel(index, input.name);
  const unknownKeys = Object.keys(input).filter((k) => !['name', 'role', 'email', 'phone'].includes(k));
  const problems: Check<OrganisationContact>[] = [];
  if (unknownKeys.length > 0) {
    problems.push(
      bad(
        `${label}: unknown field${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((k) => quoteValue(k)).join(', ')}`,
      ),
    );
  }
  const name = checkContactText(input.name, 'name', true, label);
  const role = checkContactText(input.role, 'role', false, label);
  let email: Check<string | null> = good(null);
  if (!isBlank(input.email)) {
    if (typeof input.email !== 'string') {
      email = bad(`${label}: e-mail must be text, not ${describeValue(input.email)}`);
    } else {
      const text = input.email.trim();
      email =
        text.length <= 254 && EMAIL_PATTERN.test(text)
          ? good(text)
          : bad(`${label}: e-mail ${quoteValue(text)} is not a valid e-mail address`);
    }
  }
  let phone: Check<string | null> = good(null);
  if (!isBlank(input.phone)) {
    if (typeof input.phone !== 'string') {
      phone = bad(`${label}: phone must be text, not ${describeValue(input.phone)}`);
    } else {
      const text = input.phone.trim().replace(/\s+/g, ' ');
      const digitCount = text.replace(/\D/g, '').length;
      phone =
        PHONE_PATTERN.test(text) && digitCount >= 3 && digitCount <= 20 && text.length <= 40
          ? good(text)
          : bad(
              `${label}: phone ${quoteValue(text)} is not a phone number (digits, spaces, "+", "-", ".", "(", ")")`,
            );
    }
  }
  for (const part of [name, role, email, phone]) if (!part.ok) problems.push(bad(part.message));
  if (problems.length > 0 || !name.ok || !role.ok || !email.ok || !phone.ok) return problems;
  return [good({ name: name.value, role: role.value, email: email.value, phone: phone.value })];
}

// ---------------------------------------------------------------------------------------------
// the zod schema

/** A field whose value is checked by `check`; problems become issues at the field's path. */
function field<T>(check: (value: unknown) => Check<T>) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): T => {
      const result = check(value);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    });
}

/**
 * A list field: an array (or null / missing = empty). Every bad item is reported at
 * `[field, index]`; duplicates are dropped when `unique`.
 */
function list<T>(checkItem: (value: unknown, index: number) => Check<T>[] | Check<T>, unique: boolean) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): T[] => {
      if (value === undefined || value === null) return [];
      if (!Array.isArray(value)) {
        ctx.addIssue({ code: 'custom', message: `must be a list, not ${describeValue(value)}` });
        return z.NEVER;
      }
      if (value.length > MAX_LIST_ITEMS) {
        ctx.addIssue({
          code: 'custom',
          message: `has ${value.length} entries; at most ${MAX_LIST_ITEMS} are allowed`,
        });
        return z.NEVER;
      }
      const out: T[] = [];
      const seen = new Set<string>();
      let failed = false;
      value.forEach((item: unknown, index) => {
        const raw = checkItem(item, index);
        for (const result of Array.isArray(raw) ? raw : [raw]) {
          if (!result.ok) {
            failed = true;
            ctx.addIssue({ code: 'custom', message: result.message, path: [index] });
          } else {
            const key = JSON.stringify(result.value);
            if (unique && seen.has(key)) continue;
            seen.add(key);
            out.push(result.value);
          }
        }
      });
      return failed ? z.NEVER : out;
    });
}

/**
 * Untrusted input (a JSON object) → canonical {@link OrganisationRecord}. Unknown keys are errors.
 * Error messages name the offending value; issue paths start with the record key.
 */
export const organisationRecordSchema = z.strictObject({
  code: field(checkCode),
  name: field(checkName),
  kind: field(checkKind),
  parentCode: field(checkOptionalCode),
  validFrom: field(checkOptionalDate),
  validTo: field(checkOptionalDate),
  predecessorCodes: list(checkCode, true),
  ipRanges: list(checkCidr, true),
  asns: list(checkAsn, true),
  domains: list(checkDomain, true),
  websites: list(checkWebsite, true),
  contacts: list(checkContact, false),
});

// Compile-time proof that the schema produces exactly the interface.
type SchemaOutput = z.output<typeof organisationRecordSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _schemaMatchesInterface: Same<SchemaOutput, OrganisationRecord> = true;

/** A problem with one record, with the record key it belongs to (null = the record as a whole). */
export interface RecordIssue {
  key: OrganisationRecordKey | null;
  message: string;
}

function isRecordKey(value: unknown): value is OrganisationRecordKey {
  return typeof value === 'string' && (ORGANISATION_RECORD_KEYS as readonly string[]).includes(value);
}

/** Turns zod issues of {@link organisationRecordSchema} into {@link RecordIssue}s. */
export function recordIssues(error: z.ZodError, name: FieldNamer = jsonFieldName): RecordIssue[] {
  return error.issues.map((issue): RecordIssue => {
    const head = issue.path[0];
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => quoteValue(k)).join(', ');
      const known = ORGANISATION_RECORD_KEYS.map(name).join(', ');
      return {
        key: null,
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}; the fields are ${known}`,
      };
    }
    if (issue.path.length === 0 && issue.code === 'invalid_type') {
      return { key: null, message: 'each organisation must be an object with code, name and kind' };
    }
    return { key: isRecordKey(head) ? head : null, message: issue.message };
  });
}

/** Checks one record on its own (no cross-record checks). */
export function parseOrganisationRecord(
  input: unknown,
  name: FieldNamer = jsonFieldName,
): { ok: true; record: OrganisationRecord } | { ok: false; issues: RecordIssue[] } {
  const result = organisationRecordSchema.safeParse(input);
  return result.success
    ? { ok: true, record: result.data }
    : { ok: false, issues: recordIssues(result.error, name) };
}

// ---------------------------------------------------------------------------------------------
// ordering

function compareNullable(a: string | null, b: string | null, nullFirst: boolean): number {
  if (a === b) return 0;
  if (a === null) return nullFirst ? -1 : 1;
  if (b === null) return nullFirst ? 1 : -1;
  return a < b ? -1 : 1;
}

/** Stable file order: by code (code-unit order), then validFrom (open start first), then validTo (open end last). */
export function compareOrganisationRecords(a: OrganisationRecord, b: OrganisationRecord): number {
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return compareNullable(a.validFrom, b.validFrom, true) || compareNullable(a.validTo, b.validTo, false);
}

/** A copy of the record with keys in {@link ORGANISATION_RECORD_KEYS} order (for stable output). */
export function orderedRecord(record: OrganisationRecord): OrganisationRecord {
  return {
    code: record.code,
    name: record.name,
    kind: record.kind,
    parentCode: record.parentCode,
    validFrom: record.validFrom,
    validTo: record.validTo,
    predecessorCodes: [...record.predecessorCodes],
    ipRanges: [...record.ipRanges],
    asns: [...record.asns],
    domains: [...record.domains],
    websites: [...record.websites],
    contacts: record.contacts.map((c) => ({ name: c.name, role: c.role, email: c.email, phone: c.phone })),
  };
}
