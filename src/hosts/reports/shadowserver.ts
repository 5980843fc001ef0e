/**
 * Shadowserver reports: one CSV per report type, columns named by a header that drifts over the
 * years (columns are added, reordered, renamed), so every value is found by header name. The report
 * type comes from the file name (`2024-07-04-event4_sinkhole_http-…csv`) or, failing that, from the
 * header, compared with every type's columns in the published schema (`shadowserver-schema.ts`).
 * Shadowserver writes every timestamp in UTC. The family is the `family` column, else `infection`,
 * else `tag` — for scan reports that is the service label (`smb`, `ssl,vpn`), kept as the report's
 * own name for what it saw.
 */
import type { ObservationCategory, ObservationParseResult } from '../observation-model.js';
import {
  buildRecord,
  categoryFromClassification,
  lowerOrNull,
  normaliseAsn,
  normaliseIp,
  normalisePort,
  normaliseTime,
  Problem,
  textOrNull,
} from './common.js';
import { readCsv, readHeader, rowObject, sniffDelimiter } from './csv.js';
import {
  baseName,
  ReportFormatError,
  type Confidence,
  type ReportFormat,
  type ReportInput,
} from './format.js';
import { shadowserverFieldSets, shadowserverTypeTable } from './shadowserver-schema.js';

export interface ShadowserverType {
  id: string;
  name: string;
  classification: string | null;
  fields: ReadonlySet<string>;
  category: ObservationCategory;
  /** the transport the type implies when rows have no protocol column (`scan_smb`: tcp) */
  transport: string | null;
}

/** Our category for a report type: what the address in it did, as a cleanup campaign sees it. */
export function shadowserverCategory(id: string, classification: string | null): ObservationCategory {
  if (/^event[46]_honeypot_/.test(id)) return 'honeypot';
  // A referer report names web sites whose pages load a sinkholed URL: the site is compromised.
  if (/^compromised_website|_sinkhole_http_referer$/.test(id)) return 'compromised-website';
  if (/^(blocklist|malware_url|phish_url|spam_url|sandbox_)/.test(id)) return 'blocklisted';
  if (
    /sinkhole|^event[46]_ddos_participant|^compromised_iot|^ransomware_victim|^drone|^botnet_drone/.test(id)
  ) {
    return 'infected';
  }
  if (/^(scan6?_|population6?_|device_id|special|vulnerable_|accessible_)/.test(id)) return 'vulnerable';
  return categoryFromClassification(classification);
}

const types = new Map<string, ShadowserverType>(
  Object.entries(shadowserverTypeTable).map(([id, [name, classification, set, transport]]) => [
    id,
    {
      id,
      name,
      classification,
      fields: new Set((shadowserverFieldSets[set] ?? '').split(',')),
      category: shadowserverCategory(id, classification),
      transport,
    },
  ]),
);

// Types the schema no longer lists but older reports (and IntelMQ's samples) still carry.
for (const [id, name, like] of [['phish_url', 'Phish-URL', 'malware_url']] as const) {
  const base = types.get(like);
  if (base && !types.has(id)) types.set(id, { ...base, id, name, category: shadowserverCategory(id, null) });
}

export function shadowserverType(id: string): ShadowserverType | undefined {
  return types.get(id);
}

export function shadowserverTypeIds(): string[] {
  return [...types.keys()];
}

/** The report type a Shadowserver file name states (`2024-07-04-scan_ssl-123-sample.csv`, `scan_ssl.csv`). */
export function typeFromFileName(fileName: string): string | null {
  const stem = baseName(fileName).replace(/\.(csv|txt)(\.gz)?$/, '');
  const withoutDate = stem.replace(/^\d{4}-\d{2}-\d{2}-/, '');
  const candidate = withoutDate.split('-')[0] ?? '';
  return types.has(candidate) ? candidate : null;
}

export interface HeaderMatch {
  /** the best-matching types (several when they come within the margin) */
  ids: string[];
  score: number;
}

/**
 * Header columns drift, so a type is not recognised by an exact match but by similarity: the
 * Jaccard index of the header's names and each type's columns. Old headers are often a subset of
 * several types' columns, so every type within `HEADER_MARGIN` of the best counts as a candidate —
 * a near-tie is a guess, and we do not guess.
 */
export function typesFromHeader(header: readonly string[]): HeaderMatch {
  const names = new Set(header.map((h) => h.trim().toLowerCase()).filter((h) => h !== ''));
  const scored: [string, number][] = [];
  for (const type of types.values()) {
    let shared = 0;
    for (const name of names) if (type.fields.has(name)) shared++;
    if (shared > 0) scored.push([type.id, shared / (names.size + type.fields.size - shared)]);
  }
  const best = Math.max(0, ...scored.map(([, score]) => score));
  const ids = scored.filter(([, score]) => score >= best - HEADER_MARGIN).map(([id]) => id);
  return { ids: best > 0 ? ids : [], score: best };
}

/** How close to the best match another type must come to count as a candidate too. */
const HEADER_MARGIN = 0.05;

/** Below this similarity a header is not taken for a Shadowserver report. */
const MIN_HEADER_SCORE = 0.5;

function headerOf(input: ReportInput): { header: string[]; delimiter: string; index: number } | null {
  const index = input.lines.findIndex((l) => l.trim() !== '');
  if (index === -1) return null;
  const line = input.lines[index]!;
  const delimiter = sniffDelimiter(line);
  return { header: readHeader(line, delimiter).map((h) => h.toLowerCase()), delimiter, index };
}

function looksLikeShadowserver(header: readonly string[]): boolean {
  return header.includes('timestamp') && typesFromHeader(header).score >= MIN_HEADER_SCORE;
}

/** Decides the report type, or explains why it cannot. */
function resolveType(input: ReportInput, header: readonly string[], requested?: string): ShadowserverType {
  if (requested) {
    const type = types.get(requested);
    if (!type) throw new ReportFormatError(`unknown Shadowserver report type ${JSON.stringify(requested)}`);
    return type;
  }
  const named = typeFromFileName(input.fileName);
  if (named) return types.get(named)!;
  const match = typesFromHeader(header);
  if (match.score < MIN_HEADER_SCORE || match.ids.length === 0) {
    throw new ReportFormatError(
      'cannot tell which Shadowserver report this is: the file name names no report type and the header matches none; name the type (format "shadowserver:<type>")',
    );
  }
  const ids = match.ids.length > 1 ? byAddressFamily(match.ids, input, header) : match.ids;
  if (ids.length === 1) return types.get(ids[0]!)!;
  if (match.ids.length > 1) {
    throw new ReportFormatError(
      `the header fits several Shadowserver report types about equally well (${ids.join(', ')}); name one as format "shadowserver:<type>" or keep the report's original file name`,
    );
  }
  return types.get(match.ids[0]!)!;
}

/** IPv6 report types: `event6_…`, `scan6_…`, `population6_…`, `device_id6`, `compromised_website6`. */
export function isIPv6Type(id: string): boolean {
  return /^[a-z]+6_/.test(id) || /[a-z]6$/.test(id);
}

/**
 * The IPv4 and IPv6 editions of a report have the same columns; the addresses in the rows tell them
 * apart. Other ties are left standing.
 */
function byAddressFamily(ids: string[], input: ReportInput, header: readonly string[]): string[] {
  const column = ['ip', 'src_ip', 'http_referer_ip', 'dst_ip']
    .map((c) => header.indexOf(c))
    .find((i) => i >= 0);
  if (column === undefined) return ids;
  const found = headerOf(input);
  if (!found) return ids;
  const sample = readCsv(input.lines.slice(0, found.index + 51), found.index + 1, found.delimiter).rows;
  const families = new Set(sample.map((r) => (r.fields[column] ?? '').includes(':')));
  if (families.size !== 1) return ids;
  const v6 = families.has(true);
  return ids.filter((id) => isIPv6Type(id) === v6);
}

function pick(row: Record<string, string>, columns: readonly string[]): string | null {
  return pickColumn(row, columns)?.[1] ?? null;
}

/** The first of `columns` with a value, and the value (so a problem can name the column). */
function pickColumn(row: Record<string, string>, columns: readonly string[]): [string, string] | null {
  for (const column of columns) {
    const value = row[column];
    if (value !== undefined && value.trim() !== '') return [column, value];
  }
  return null;
}

/** The URL a row names: a full `url`, else `http_url` joined to its host. */
function urlOf(row: Record<string, string>, host: string | null): string | null {
  let url = pick(row, ['url', 'http_url']);
  if (!url) return null;
  // Some reports keep the whole request line: `GET /path HTTP/1.1`.
  const request = /^[A-Z]+ (\S+) HTTP\/\d(?:\.\d)?$/.exec(url.trim());
  if (request) url = request[1]!;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url.trim();
  if (!host) return null;
  const path = url.trim().startsWith('/') ? url.trim() : `/${url.trim()}`;
  return `http://${host}${path}`;
}

export function parseShadowserver(input: ReportInput, requested?: string): ObservationParseResult {
  const found = headerOf(input);
  if (!found) return { reportType: 'shadowserver', records: [], rejected: [] };
  const type = resolveType(input, found.header, requested);
  const source = `shadowserver:${type.id}`;
  // In a DDoS-target report the address in our network is the target (dst), not the attacker.
  const target = /_ddos_target$/.test(type.id);
  const side = target ? 'dst' : 'src';
  const other = target ? 'src' : 'dst';
  const { rows, rejected } = readCsv(input.lines, found.index + 1, found.delimiter);
  const result: ObservationParseResult = { reportType: source, records: [], rejected: [...rejected] };
  // Event reports (src_/dst_ columns) describe a connection; the others describe one host.
  const isEvent = !found.header.includes('ip');
  for (const { line, fields } of rows) {
    const row = rowObject(found.header, fields);
    const address = pickColumn(row, ['ip', `${side}_ip`, 'http_referer_ip']);
    const port = pickColumn(row, ['port', `${side}_port`, 'http_referer_port']);
    const asn = pickColumn(row, ['asn', `${side}_asn`, 'http_referer_asn']);
    // Outside event reports the host name may only be stated as the site's name (compromised websites).
    const hostname = pick(
      row,
      isEvent ? [`${side}_hostname`, 'http_referer_hostname'] : ['hostname', 'host', 'http_host'],
    );
    // Event reports name the server the infected host called; others the observed host's own site.
    const urlHost = isEvent
      ? pick(row, ['http_host', `${other}_ip`])
      : pick(row, ['http_host', 'host', 'hostname', 'ip']);
    const outcome = buildRecord({
      ip: normaliseIp(address?.[1], address?.[0] ?? 'ip'),
      time: normaliseTime(row['timestamp'], 'timestamp'),
      category: type.category,
      source,
      raw: row,
      port: normalisePort(port?.[1], port?.[0] ?? 'port'),
      family: lowerOrNull(pick(row, ['family', 'infection', 'tag'])),
      asn: normaliseAsn(asn?.[1], asn?.[0] ?? 'asn'),
      hostname: textOrNull(hostname),
      url: urlOf(row, urlHost),
      protocol: textOrNull(row['protocol']) ?? type.transport,
      destinationIp: normaliseIp(pick(row, [`${other}_ip`]), `${other}_ip`),
      destinationPort: normalisePort(pick(row, [`${other}_port`]), `${other}_port`),
    });
    if (outcome instanceof Problem) result.rejected.push({ line, reason: outcome.reason });
    else result.records.push(outcome);
  }
  if (!found.header.some((h) => ['ip', 'src_ip', 'dst_ip', 'http_referer_ip'].includes(h))) {
    // The cause is the report type, not the rows: say so in each rejection.
    result.rejected = result.rejected.map((r) =>
      r.reason === 'the row names no IP address'
        ? { ...r, reason: `report type ${type.id} names no IP address column` }
        : r,
    );
  }
  return result;
}

export const shadowserverFormat: ReportFormat = {
  id: 'shadowserver',
  label: 'Shadowserver (every report type; detected by file name or header)',
  detect(input): Confidence {
    const found = headerOf(input);
    if (!found || !found.header.includes('timestamp')) return 0;
    if (typeFromFileName(input.fileName)) return 2;
    return looksLikeShadowserver(found.header) ? 2 : 0;
  },
  parse: parseShadowserver,
};
