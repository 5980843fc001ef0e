/**
 * Blocklists for devices: the formats devices pull natively, what each accepts, the vendor entry
 * limits, and the entry and context shapes every renderer reads. Pure; no I/O.
 */
import type { IndicatorType } from '../intel/model.js';

export const listFormats = [
  'fortigate-ip',
  'fortigate-domain',
  'fortigate-url',
  'paloalto-ip',
  'paloalto-domain',
  'paloalto-url',
  'mikrotik',
  'ipset',
  'nftables',
  'nftables-set',
  'rpz',
  'hosts',
  'suricata-rules',
  'suricata-dataset-domains',
  'suricata-dataset-ips',
  'zeek-intel',
  'csv',
  'stix',
] as const;
export type ListFormat = (typeof listFormats)[number];

const ips: IndicatorType[] = ['ipv4', 'ipv6', 'cidr4', 'cidr6'];

export interface FormatSpec {
  /** indicator types the format can express; a list's type filter narrows this */
  types: readonly IndicatorType[];
  /**
   * Entries one list (or part) may hold on the device, null when the format has no limit. Stated
   * by the vendors: FortiOS before 7.4.4 takes 10 MB or 131 072 lines per threat feed (later
   * versions count per model, 300 000 IP entries on every range); PAN-OS external dynamic lists
   * are capped per list and per firewall model, 50 000 being the common per-list figure.
   */
  limit: number | null;
  /** the device's own rule, said in the header when entries are cut */
  limitSource: string | null;
  contentType: string;
  extension: string;
  /** how a comment line starts; null when the format has none (the header then goes into HTTP headers only) */
  comment: '#' | ';' | null;
}

const text = 'text/plain; charset=utf-8';
const fortigateLimit = 'FortiOS threat feeds: 131 072 entries / 10 MB per file before 7.4.4';
const paloaltoLimit = 'PAN-OS external dynamic list: 50 000 entries per list (model-dependent)';

export const formatSpecs: Record<ListFormat, FormatSpec> = {
  'fortigate-ip': {
    types: ips,
    limit: 131_072,
    limitSource: fortigateLimit,
    contentType: text,
    extension: 'txt',
    comment: '#',
  },
  'fortigate-domain': {
    types: ['domain'],
    limit: 131_072,
    limitSource: fortigateLimit,
    contentType: text,
    extension: 'txt',
    comment: '#',
  },
  'fortigate-url': {
    types: ['url'],
    limit: 131_072,
    limitSource: fortigateLimit,
    contentType: text,
    extension: 'txt',
    comment: '#',
  },
  'paloalto-ip': {
    types: ips,
    limit: 50_000,
    limitSource: paloaltoLimit,
    contentType: text,
    extension: 'txt',
    comment: '#',
  },
  'paloalto-domain': {
    types: ['domain'],
    limit: 50_000,
    limitSource: paloaltoLimit,
    contentType: text,
    extension: 'txt',
    comment: '#',
  },
  'paloalto-url': {
    types: ['url'],
    limit: 50_000,
    limitSource: paloaltoLimit,
    contentType: text,
    extension: 'txt',
    comment: '#',
  },
  mikrotik: { types: ips, limit: null, limitSource: null, contentType: text, extension: 'rsc', comment: '#' },
  ipset: { types: ips, limit: null, limitSource: null, contentType: text, extension: 'ipset', comment: '#' },
  nftables: { types: ips, limit: null, limitSource: null, contentType: text, extension: 'nft', comment: '#' },
  'nftables-set': {
    types: ips,
    limit: null,
    limitSource: null,
    contentType: text,
    extension: 'nft',
    comment: '#',
  },
  rpz: {
    types: ['domain', ...ips],
    limit: null,
    limitSource: null,
    contentType: text,
    extension: 'zone',
    comment: ';',
  },
  hosts: {
    types: ['domain'],
    limit: null,
    limitSource: null,
    contentType: text,
    extension: 'txt',
    comment: '#',
  },
  'suricata-rules': {
    types: ['domain', 'url', ...ips],
    limit: null,
    limitSource: null,
    contentType: text,
    extension: 'rules',
    comment: '#',
  },
  'suricata-dataset-domains': {
    types: ['domain'],
    limit: null,
    limitSource: null,
    contentType: text,
    extension: 'lst',
    comment: null,
  },
  'suricata-dataset-ips': {
    types: ['ipv4', 'ipv6'],
    limit: null,
    limitSource: null,
    contentType: text,
    extension: 'lst',
    comment: null,
  },
  'zeek-intel': {
    types: [...ips, 'domain', 'url', 'md5', 'sha1', 'sha256'],
    limit: null,
    limitSource: null,
    contentType: text,
    extension: 'dat',
    comment: '#',
  },
  csv: {
    types: [...ips, 'domain', 'url', 'md5', 'sha1', 'sha256', 'asn'],
    limit: null,
    limitSource: null,
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    comment: '#',
  },
  stix: {
    types: [...ips, 'domain', 'url', 'md5', 'sha1', 'sha256', 'asn'],
    limit: null,
    limitSource: null,
    contentType: 'application/json; charset=utf-8',
    extension: 'json',
    comment: null,
  },
};

/** What a list selects. Allowlisted and expired indicators are never selected, whatever the filters. */
export interface ListFilters {
  /** null: every type the format accepts */
  types: IndicatorType[] | null;
  /** lower-case malware families; empty: any */
  families: string[];
  minConfidence: number;
  maxAgeDays: number | null;
  /** campaign tag an indicator (through its sources) must carry */
  tag: string | null;
}

export const noFilters: ListFilters = {
  types: null,
  families: [],
  minConfidence: 0,
  maxAgeDays: null,
  tag: null,
};

/** One indicator as a renderer sees it. */
export interface ListEntry {
  id: number;
  type: IndicatorType;
  value: string;
  exactDomain: boolean;
  threatType: string | null;
  family: string | null;
  confidence: number;
  firstSeen: string;
  lastSeen: string;
  expiresAt: string | null;
  /** JSON array as stored; parsed only by the formats that print tags */
  tagsJson: string;
}

/** Entries in priority order, in pages; `types` asks for a subset (formats that group by family). */
export type EntrySource = (types?: readonly IndicatorType[]) => AsyncIterable<readonly ListEntry[]>;

export interface ListSummary {
  /** indicators that pass the filters */
  matched: number;
  /** of which this output carries (before the own-network check at render time) */
  included: number;
  /** entries per part (the device limit or the list's own); null when unlimited */
  limit: number | null;
  part: number;
  parts: number;
  /** entries left out because the list is not split, with the first one that did not fit */
  cut: { count: number; confidence: number; lastSeen: string } | null;
}

/** Counted while the list streams: what the renderer wrote, what the last-moment checks dropped. */
export interface RenderStats {
  written: number;
  /** inside the organisation's own networks or domains (checked again at render time) */
  ownNetwork: number;
}

export interface RenderContext {
  /** list name: letters, digits, '-' and '_' (safe in every device syntax) */
  name: string;
  title: string;
  format: ListFormat;
  filters: ListFilters;
  summary: ListSummary;
  generatedAt: string;
  /** RPZ SOA serial; changes only when the content does */
  serial: number;
  /** who produced the list, named in headers and STIX identity */
  producer: string;
  stats: RenderStats;
}

/** Lists names are used verbatim in device configuration, so they stay within a safe alphabet. */
export const listNamePattern = /^[a-z0-9][a-z0-9_-]{0,47}$/;

/** Entries per part, and how many parts, for `matched` indicators. */
export function partition(matched: number, limit: number | null): { limit: number | null; parts: number } {
  if (limit === null || matched <= limit) return { limit, parts: 1 };
  return { limit, parts: Math.ceil(matched / limit) };
}
