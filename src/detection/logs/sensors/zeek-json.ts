/**
 * Zeek logs written as JSON (`LogAscii::use_json`, JSON streaming with `_path`), one object per line:
 * `{"ts":1521911720.86,"uid":"C…","id.orig_h":"10.0.0.1","id.orig_p":41772,…,"query":"example.com"}`.
 * Nested `{"id":{"orig_h":…}}` objects (some shippers un-flatten dotted keys) are read too. The log
 * type comes from `_path` when present, else from the fields; field meanings: see `zeek-fields.ts`.
 * Splunk search exports (`{"result":{"_raw":"<the Zeek line>"}}`) are unwrapped.
 */
import type { LogFormatDefinition, ParseOutcome } from '../../model.js';
import { zeekEvent } from './zeek-fields.js';

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length === 0 || value === '-' ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  return undefined;
}

function parseZeekJson(line: string): ParseOutcome {
  const trimmed = line.trim();
  if (trimmed.charCodeAt(0) !== 123) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  let record = parsed as Record<string, unknown>;
  // a Splunk export wraps the original line: {"result":{"_raw":"{…zeek json…}"}}
  const result = record.result;
  if (
    typeof result === 'object' &&
    result !== null &&
    typeof (result as Record<string, unknown>)._raw === 'string'
  ) {
    try {
      const inner: unknown = JSON.parse((result as Record<string, unknown>)._raw as string);
      if (typeof inner === 'object' && inner !== null && !Array.isArray(inner))
        record = inner as Record<string, unknown>;
    } catch {
      return null;
    }
  }
  const id = record.id;
  const nested =
    typeof id === 'object' && id !== null && !Array.isArray(id) ? (id as Record<string, unknown>) : undefined;
  const get = (name: string): string | undefined => {
    if (nested !== undefined && name.startsWith('id.')) return textOf(nested[name.slice(3)]);
    return textOf(record[name]);
  };
  let answers: string[] | undefined;
  if (Array.isArray(record.answers)) {
    answers = [];
    for (const answer of record.answers) if (typeof answer === 'string') answers.push(answer);
  }
  const path = typeof record._path === 'string' ? record._path : undefined;
  return zeekEvent('zeek-json', path, get, answers);
}

export const zeekJsonFormat: LogFormatDefinition = {
  id: 'zeek-json',
  title: 'Zeek logs, one JSON object per line (conn, dns, http, ssl…)',
  detect(line) {
    if (line.charCodeAt(0) !== 123) return 0;
    if (line.includes('"id.orig_h"') && line.includes('"uid"')) return 0.95;
    if (line.includes('"orig_h"') && line.includes('"uid"')) return 0.85;
    // a Splunk export: the Zeek record is the escaped JSON text of result._raw
    if (line.includes('"_raw":"{') && line.includes('\\"id.orig_h\\"') && line.includes('\\"uid\\"'))
      return 0.9;
    return 0;
  },
  parse(line) {
    try {
      return parseZeekJson(line);
    } catch {
      return null;
    }
  },
};
