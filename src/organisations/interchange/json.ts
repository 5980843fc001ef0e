/**
 * The JSON interchange format:
 *
 * ```json
 * { "format": "lamsach-organisations", "version": 1, "source": "optional attribution",
 *   "organisations": [ { "code": "NCSC", "name": "…", "kind": "national_centre", … } ] }
 * ```
 *
 * A bare array of organisations is accepted too. Record keys are those of
 * {@link OrganisationRecord}; optional ones (`parentCode`, `validFrom`, `validTo` and the lists)
 * may be left out. Error rows are 1-based indexes into the organisations array; row 0 is the
 * file as a whole.
 */
import {
  compareOrganisationRecords,
  jsonFieldName,
  MAX_REPORTED_ERRORS,
  orderedRecord,
  parseOrganisationRecord,
  quoteValue,
  type OrganisationRecord,
  type ParseError,
} from './record.js';
import { finishParse, type ParseOptions, type ParseResult } from './validate.js';

export const ORGANISATIONS_FORMAT = 'lamsach-organisations';
export const ORGANISATIONS_FORMAT_VERSION = 1;

const TOP_LEVEL_KEYS = ['format', 'version', 'source', 'organisations'];

function fileError(message: string): ParseResult {
  return { ok: false, errors: [{ row: 0, message }], truncated: false };
}

/** Parses and validates a lamsach-organisations JSON file (UTF-8 text, BOM allowed). */
export function parseOrganisationsJson(text: string, options: ParseOptions = {}): ParseResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return fileError('the file is empty');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fileError(
      `the file is not valid JSON: ${detail.length > 300 ? `${detail.slice(0, 300)}…` : detail}`,
    );
  }

  let items: unknown[];
  let source: string | undefined;
  if (Array.isArray(data)) {
    items = data;
  } else if (typeof data === 'object' && data !== null) {
    const top = data as Record<string, unknown>;
    const problems: string[] = [];
    const unknownKeys = Object.keys(top).filter((k) => !TOP_LEVEL_KEYS.includes(k));
    if (unknownKeys.length > 0) {
      problems.push(
        `unknown top-level field${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((k) => quoteValue(k)).join(', ')}; ` +
          `the fields are ${TOP_LEVEL_KEYS.join(', ')}`,
      );
    }
    if (top.format !== ORGANISATIONS_FORMAT) {
      problems.push(
        top.format === undefined
          ? `"format" is missing; it must be "${ORGANISATIONS_FORMAT}"`
          : `"format" is ${JSON.stringify(top.format)?.slice(0, 80)}; it must be "${ORGANISATIONS_FORMAT}"`,
      );
    }
    if (top.version !== ORGANISATIONS_FORMAT_VERSION) {
      problems.push(
        top.version === undefined
          ? `"version" is missing; it must be ${ORGANISATIONS_FORMAT_VERSION}`
          : `"version" ${JSON.stringify(top.version)?.slice(0, 80)} is not supported; this program reads version ${ORGANISATIONS_FORMAT_VERSION}`,
      );
    }
    if (top.source !== undefined && top.source !== null && typeof top.source !== 'string') {
      problems.push('"source" must be text');
    } else if (typeof top.source === 'string') {
      source = top.source;
    }
    if (!Array.isArray(top.organisations)) {
      problems.push('"organisations" must be a list of organisations');
    }
    if (problems.length > 0 || !Array.isArray(top.organisations)) {
      return { ok: false, errors: problems.map((message) => ({ row: 0, message })), truncated: false };
    }
    items = top.organisations;
  } else {
    return fileError(
      `the file must hold an object with "format": "${ORGANISATIONS_FORMAT}" or a list of organisations`,
    );
  }

  const parsed: { row: number; record: OrganisationRecord }[] = [];
  const errors: ParseError[] = [];
  let truncated = false;
  for (let index = 0; index < items.length; index++) {
    if (errors.length >= MAX_REPORTED_ERRORS) {
      truncated = true;
      break;
    }
    const row = index + 1;
    const result = parseOrganisationRecord(items[index], jsonFieldName);
    if (result.ok) {
      parsed.push({ row, record: result.record });
    } else {
      for (const issue of result.issues) {
        errors.push(
          issue.key === null
            ? { row, message: issue.message }
            : { row, field: issue.key, message: issue.message },
        );
      }
    }
  }
  const result = finishParse(parsed, errors, truncated, jsonFieldName, options);
  return result.ok && source !== undefined ? { ...result, source } : result;
}

export interface SerialiseJsonOptions {
  /** attribution written as the top-level `source` field */
  source?: string;
}

/**
 * Pretty JSON (2-space indent, trailing newline) in a stable order: records sorted by code, then
 * validFrom, then validTo; keys in a fixed order; every key written (null / [] when empty).
 */
export function serialiseOrganisationsJson(
  records: readonly OrganisationRecord[],
  options: SerialiseJsonOptions = {},
): string {
  const organisations = [...records].sort(compareOrganisationRecords).map(orderedRecord);
  const file =
    options.source === undefined
      ? { format: ORGANISATIONS_FORMAT, version: ORGANISATIONS_FORMAT_VERSION, organisations }
      : {
          format: ORGANISATIONS_FORMAT,
          version: ORGANISATIONS_FORMAT_VERSION,
          source: options.source,
          organisations,
        };
  return `${JSON.stringify(file, null, 2)}\n`;
}
