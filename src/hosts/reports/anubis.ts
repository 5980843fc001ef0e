/**
 * AnubisNetworks (Bitsight) sinkhole stream: one JSON object per event, in the older shape
 * (`env.remote_addr`, `trojanfamily`) or the newer one (`src`/`dst`, `malw.family`, `comm.http`),
 * with `_ts` in Unix seconds (UTC) and the AS of the source in `_geo_src_ip` / `_geo_env_remote_addr`.
 * A file may hold one pretty-printed object, an array of them, or JSON Lines.
 */
import type { ObservationParseResult } from '../observation-model.js';
import {
  buildRecord,
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

const SOURCE = 'anubisnetworks';

/** The provider's own test events, not infections. */
const testFamilies = new Set(['testsinkholingloss']);

function isAnubis(record: unknown): boolean {
  return (
    isObject(record) && '_ts' in record && ('src' in record || 'env' in record || 'trojanfamily' in record)
  );
}

function anubisRecord(record: Record<string, unknown>): RowOutcome {
  const family = memberText(record, 'malw', 'family') ?? memberText(record, 'trojanfamily');
  if (family !== null && testFamilies.has(family.toLowerCase())) {
    return new Problem(`a test event of the provider (${family}), not an infection`);
  }
  const host = memberText(record, 'comm', 'http', 'host');
  const path = memberText(record, 'comm', 'http', 'path');
  return buildRecord({
    ip: normaliseIp(memberText(record, 'src', 'ip') ?? memberText(record, 'env', 'remote_addr'), 'src.ip'),
    time: normaliseTime(memberText(record, '_ts'), '_ts'),
    category: 'infected',
    source: SOURCE,
    raw: flattenRaw(record),
    port: normalisePort(
      memberText(record, 'src', 'port') ?? memberText(record, 'env', 'remote_port'),
      'src.port',
    ),
    family,
    asn: normaliseAsn(
      memberText(record, '_geo_src_ip', 'asn') ?? memberText(record, '_geo_env_remote_addr', 'asn'),
      'asn',
    ),
    url: host ? `http://${host}${path?.startsWith('/') ? path : '/'}` : null,
    destinationIp: normaliseIp(
      memberText(record, 'dst', 'ip') ?? memberText(record, 'env', 'server_addr'),
      'dst.ip',
    ),
    destinationPort: normalisePort(
      memberText(record, 'dst', 'port') ?? memberText(record, 'env', 'server_port'),
      'dst.port',
    ),
  });
}

function parseAnubis(input: ReportInput): ObservationParseResult {
  const { items, rejected } = readJsonRecords(input.lines, input.text);
  const result: ObservationParseResult = { reportType: SOURCE, records: [], rejected: [...rejected] };
  for (const { line, value } of items) {
    const outcome = isObject(value) ? anubisRecord(value) : new Problem('the record is not a JSON object');
    if (outcome instanceof Problem) result.rejected.push({ line, reason: outcome.reason });
    else result.records.push(outcome);
  }
  return result;
}

export const anubisFormat: ReportFormat = {
  id: 'anubisnetworks',
  label: 'AnubisNetworks / Bitsight sinkhole (JSON)',
  detect(input): Confidence {
    return isAnubis(firstJsonRecord(input.lines, input.text)) ? 2 : 0;
  },
  parse: parseAnubis,
};
