/**
 * CZ.NIC's two feeds: HaaS (Honeypot as a Service — a JSON array of SSH sessions against their
 * honeypots: `time`, `ip`, `login_successful`, `commands` …) and PROKI (a JSON object whose `data`
 * holds events already written in IntelMQ's field names: `source.ip`, `time.source`,
 * `classification.type` …). Times carry their zone.
 */
import type { ObservationParseResult } from '../observation-model.js';
import {
  buildRecord,
  categoryFromClassification,
  firstJsonRecord,
  flattenRaw,
  isObject,
  memberText,
  normaliseAsn,
  normaliseIp,
  normalisePort,
  normaliseTime,
  Problem,
  readJsonRecords,
  type RowOutcome,
} from './common.js';
import type { Confidence, ReportFormat, ReportInput } from './format.js';

function collect(
  reportType: string,
  input: ReportInput,
  unwrap: (doc: unknown) => unknown[] | null,
  read: (record: Record<string, unknown>) => RowOutcome,
): ObservationParseResult {
  const { items, rejected } = readJsonRecords(input.lines, input.text, unwrap);
  const result: ObservationParseResult = { reportType, records: [], rejected: [...rejected] };
  for (const { line, value } of items) {
    const outcome = isObject(value) ? read(value) : new Problem('the record is not a JSON object');
    if (outcome instanceof Problem) result.rejected.push({ line, reason: outcome.reason });
    else result.records.push(outcome);
  }
  return result;
}

function isHaas(record: unknown): boolean {
  return isObject(record) && 'ip' in record && ('login_successful' in record || 'time_closed' in record);
}

function haasRecord(record: Record<string, unknown>): RowOutcome {
  return buildRecord({
    ip: normaliseIp(memberText(record, 'ip'), 'ip'),
    time: normaliseTime(memberText(record, 'time'), 'time'),
    category: 'honeypot',
    source: 'cznic-haas',
    raw: flattenRaw(record),
    // HaaS honeypots are SSH servers: the attacker always connected to port 22 over TCP.
    protocol: 'tcp',
    destinationPort: 22,
  });
}

export const haasFormat: ReportFormat = {
  id: 'cznic-haas',
  label: 'CZ.NIC HaaS honeypot sessions (JSON)',
  detect(input): Confidence {
    return isHaas(firstJsonRecord(input.lines, input.text)) ? 2 : 0;
  },
  parse: (input) =>
    collect(
      'cznic-haas',
      input,
      (doc) => (Array.isArray(doc) ? (doc as unknown[]) : isObject(doc) ? [doc] : null),
      haasRecord,
    ),
};

function prokiData(doc: unknown): unknown[] | null {
  if (isObject(doc) && Array.isArray(doc['data'])) return doc['data'] as unknown[];
  return Array.isArray(doc) ? (doc as unknown[]) : null;
}

function isProki(doc: unknown): boolean {
  const data = prokiData(doc);
  return data !== null && isObject(data[0]) && 'source.ip' in data[0];
}

function prokiRecord(record: Record<string, unknown>): RowOutcome {
  const field = (name: string) => memberText(record, name);
  return buildRecord({
    ip: normaliseIp(field('source.ip'), 'source.ip'),
    time: normaliseTime(field('time.source') ?? field('time.observation'), 'time.source'),
    category: categoryFromClassification(field('classification.type')),
    source: 'cznic-proki',
    raw: flattenRaw(record),
    port: normalisePort(field('source.port'), 'source.port'),
    family: field('malware.name'),
    asn: normaliseAsn(field('source.asn'), 'source.asn'),
    hostname: field('source.fqdn') ?? field('source.reverse_dns'),
    url: field('source.url'),
    protocol: field('protocol.transport'),
    destinationIp: normaliseIp(field('destination.ip'), 'destination.ip'),
    destinationPort: normalisePort(field('destination.port'), 'destination.port'),
  });
}

export const prokiFormat: ReportFormat = {
  id: 'cznic-proki',
  label: 'CZ.NIC PROKI (JSON, IntelMQ fields)',
  detect(input): Confidence {
    // firstJsonRecord answers the whole document for an object.
    return isProki(firstJsonRecord(input.lines, input.text)) ? 2 : 0;
  },
  parse: (input) => collect('cznic-proki', input, prokiData, prokiRecord),
};
