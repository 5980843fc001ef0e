/**
 * Detections as CSV: a header, then one row per detection. Safe to open in a spreadsheet: a cell
 * that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so a
 * hostile log line ("=HYPERLINK(…)" in a URL) is shown as text, never run as a formula. Pure.
 */
import { stringify } from 'csv-stringify/sync';
import type { Detection } from '../matcher.js';

export const csvColumns = [
  'time',
  'source_ip',
  'source_port',
  'destination_ip',
  'destination_port',
  'dns_question_name',
  'url_original',
  'action',
  'device_action',
  'device',
  'log_format',
  'file',
  'line',
  'field',
  'observed',
  'matched',
  'how',
  'direction',
  'internal_host',
  'indicator_id',
  'indicator_type',
  'indicator_value',
  'threat_type',
  'family',
  'confidence',
  'sources',
] as const;

/** Neutralises spreadsheet formulas (OWASP "CSV injection"). */
export function safeCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  const c = text.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 ? `'${text}` : text;
}

export function csvHeader(): string {
  return stringify([[...csvColumns]]);
}

export function csvRow(d: Detection): string {
  const e = d.event;
  const i = d.indicator;
  const cells = [
    e.time,
    e.sourceIp,
    e.sourcePort,
    e.destinationIp,
    e.destinationPort,
    e.dnsQuestionName,
    e.urlOriginal,
    e.action,
    e.rawAction,
    e.device,
    e.format,
    d.origin?.file,
    d.origin?.line,
    d.field,
    d.observed,
    d.matched,
    d.how,
    d.direction,
    d.internalHost,
    i.id,
    i.type,
    i.value,
    i.threatType,
    i.family,
    i.confidence,
    i.sources.join(' '),
  ];
  return stringify([cells.map(safeCell)]);
}
