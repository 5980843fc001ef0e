/**
 * The contract between infected-host report parsers (Shadowserver, Team Cymru CAP, Microsoft CTIP,
 * Spamhaus CERT, CZ.NIC, generic CSV) and the observation store. Pure types only.
 */

export const observationCategories = [
  'infected', // a sinkhole or botnet observation of the address itself
  'honeypot', // the address attacked a honeypot
  'blocklisted',
  'compromised-website',
  'vulnerable', // an exposed or vulnerable service (informational)
  'other',
] as const;
export type ObservationCategory = (typeof observationCategories)[number];

/** One observation of one address, as a report states it (before it is assigned to an organisation). */
export interface ObservationRecord {
  /** the observed (infected/offending) address, normalised (IPv6 compressed) */
  ip: string;
  port: number | null;
  /** ISO 8601 UTC */
  time: string;
  /** malware family / infection name, lower-case, as the report names it (null if none) */
  family: string | null;
  category: ObservationCategory;
  /** the report kind, e.g. `shadowserver:event4_sinkhole`, `team-cymru-cap`, `microsoft-ctip` */
  source: string;
  asn: number | null;
  hostname: string | null;
  url: string | null;
  protocol: string | null;
  destinationIp: string | null;
  destinationPort: number | null;
  /** the row as the report wrote it (header name → value), for the record */
  raw: Record<string, string>;
}

export interface ObservationRejection {
  /** 1-based line (or record) number */
  line: number;
  reason: string;
}

export interface ObservationParseResult {
  /** the detected report kind */
  reportType: string;
  records: ObservationRecord[];
  rejected: ObservationRejection[];
}
