/**
 * Microsoft Cyber Threat Intelligence Program (CTIP) infected-device feed, in both shapes it has had:
 * the Interflow JSON array (`networksourceipv4`, `externalid`, `firstreporteddatetime` …) and the
 * Azure JSON Lines (`SourceIp`, `ThreatCode`, `DateTimeReceivedUtc` …). Every record is a device
 * seen at a Microsoft sinkhole, so the category is always `infected`; the family is the threat code
 * Microsoft names (`B67-SS-TINBA` → `b67-ss-tinba`). Times are UTC.
 */
import {
  buildRecord,
  firstJsonRecord,
  flattenRaw,
  isObject,
  isoFromMillis,
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
import type { ObservationParseResult } from '../observation-model.js';

const SOURCE = 'microsoft-ctip';

/** Windows FILETIME (100 ns ticks since 1601-01-01 UTC) → ISO; the Azure feed's exact receive time. */
export function fileTimeToIso(ticks: number): string | null {
  return isoFromMillis(ticks / 10_000 - 11_644_473_600_000);
}

function isInterflow(record: unknown): boolean {
  return isObject(record) && ('networksourceipv4' in record || 'networksourceipv6' in record);
}

function isAzure(record: unknown): boolean {
  return isObject(record) && 'SourceIp' in record && ('DataFeed' in record || 'ThreatCode' in record);
}

/** Interflow sometimes lists several destinations (`192.0.2.1, 192.0.2.1`); the first one is kept. */
function firstOfList(value: string | null): string | null {
  return value === null ? null : (value.split(',')[0] ?? '').trim();
}

function interflow(record: Record<string, unknown>): RowOutcome {
  const ipField = memberText(record, 'networksourceipv4') ? 'networksourceipv4' : 'networksourceipv6';
  const destField = memberText(record, 'networkdestinationipv4')
    ? 'networkdestinationipv4'
    : 'networkdestinationipv6';
  return buildRecord({
    ip: normaliseIp(memberText(record, ipField), ipField),
    time: normaliseTime(memberText(record, 'firstreporteddatetime'), 'firstreporteddatetime'),
    category: 'infected',
    source: SOURCE,
    raw: flattenRaw(record),
    port: normalisePort(memberText(record, 'networksourceport'), 'networksourceport'),
    family: memberText(record, 'externalid'),
    asn: normaliseAsn(memberText(record, 'networksourceasn'), 'networksourceasn'),
    destinationIp: normaliseIp(firstOfList(memberText(record, destField)), destField),
    destinationPort: normalisePort(
      firstOfList(memberText(record, 'networkdestinationport')),
      'networkdestinationport',
    ),
  });
}

function azureTime(record: Record<string, unknown>): string | null | Problem {
  const ticks = record['DateTimeReceivedUtc'];
  if (typeof ticks === 'number') {
    return fileTimeToIso(ticks) ?? new Problem(`DateTimeReceivedUtc ${ticks} is not a time`);
  }
  // The text form reads "Sunday May 24 2020 22:45:28.4870" (UTC).
  const text = memberText(record, 'DateTimeReceivedUtcTxt');
  const m = text ? /^\w+ (\w+) (\d{1,2}) (\d{4}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/.exec(text.trim()) : null;
  if (!m) return text ? new Problem(`DateTimeReceivedUtcTxt ${JSON.stringify(text)} is not a time`) : null;
  const month = new Date(`${m[1]} 1, 2000 UTC`).getUTCMonth() + 1;
  if (!Number.isFinite(month))
    return new Problem(`DateTimeReceivedUtcTxt ${JSON.stringify(text)} is not a time`);
  return normaliseTime(
    `${m[3]}-${String(month).padStart(2, '0')}-${m[2]!.padStart(2, '0')} ${m[4]}`,
    'DateTimeReceivedUtcTxt',
  );
}

function azure(record: Record<string, unknown>): RowOutcome {
  const host = memberText(record, 'HttpInfo', 'HttpHost');
  const request = memberText(record, 'HttpInfo', 'HttpRequest');
  return buildRecord({
    ip: normaliseIp(memberText(record, 'SourceIp'), 'SourceIp'),
    time: azureTime(record),
    category: 'infected',
    source: SOURCE,
    raw: flattenRaw(record),
    port: normalisePort(memberText(record, 'SourcePort'), 'SourcePort'),
    family: memberText(record, 'ThreatCode') ?? memberText(record, 'Malware'),
    asn: normaliseAsn(memberText(record, 'SourceIpInfo', 'SourceIpAsnNumber'), 'SourceIpAsnNumber'),
    url: host ? `http://${host}${request?.startsWith('/') ? request : '/'}` : null,
    destinationIp: normaliseIp(memberText(record, 'DestinationIp'), 'DestinationIp'),
    destinationPort: normalisePort(memberText(record, 'DestinationPort'), 'DestinationPort'),
  });
}

function parseCtip(input: ReportInput): ObservationParseResult {
  const { items, rejected } = readJsonRecords(input.lines, input.text);
  const result: ObservationParseResult = { reportType: SOURCE, records: [], rejected: [...rejected] };
  for (const { line, value } of items) {
    const outcome = isInterflow(value)
      ? interflow(value as Record<string, unknown>)
      : isAzure(value)
        ? azure(value as Record<string, unknown>)
        : new Problem('not a CTIP record (no networksourceipv4/SourceIp member)');
    if (outcome instanceof Problem) result.rejected.push({ line, reason: outcome.reason });
    else result.records.push(outcome);
  }
  return result;
}

export const ctipFormat: ReportFormat = {
  id: 'microsoft-ctip',
  label: 'Microsoft CTIP infected devices (Interflow JSON or Azure JSON Lines)',
  detect(input): Confidence {
    const first = firstJsonRecord(input.lines, input.text);
    return isInterflow(first) || isAzure(first) ? 2 : 0;
  },
  parse: parseCtip,
};
