/**
 * The shapes every threat-intelligence feed parser produces and every consumer (importer, matcher,
 * `intel check`, exports) reads. Pure types and constants; no I/O.
 */

/**
 * What an indicator is. CIDRs are kept apart from single addresses because they match differently;
 * `asn` (from lists such as Spamhaus ASN-DROP) is stored and checked but not matched against logs.
 */
export const indicatorTypes = [
  'ipv4',
  'ipv6',
  'cidr4',
  'cidr6',
  'domain',
  'url',
  'md5',
  'sha1',
  'sha256',
  'asn',
] as const;
export type IndicatorType = (typeof indicatorTypes)[number];

/**
 * Threat types, a small closed vocabulary so lists can be filtered across feeds. Parsers map each
 * feed's own words onto these (`c2` for "botnet C&C", `malware-distribution` for "payload delivery"…).
 */
export const threatTypes = [
  'c2',
  'botnet-infected',
  'malware-distribution',
  'malware',
  'phishing',
  'scanner',
  'brute-force',
  'spam',
  'compromised',
  'proxy',
  'tor',
  'dga',
  'cryptomining',
  'ransomware',
  'exploit',
  'ddos',
  'bogon',
  'blocklist',
  'other',
] as const;
export type ThreatType = (typeof threatTypes)[number];

/** One indicator as a feed states it, before normalisation. */
export interface FeedItem {
  /** 1-based line of the file (or 1-based record index for JSON documents) */
  line: number;
  /** the raw value: an address, network, domain, URL or hash */
  value: string;
  /** when the format says what the value is; otherwise it is inferred from the value */
  type?: IndicatorType;
  /** a domain that matches only itself, not its subdomains (e.g. a hosts-file entry) */
  exactDomain?: boolean;
  threatType?: ThreatType;
  /** malware family as the feed names it (normalised to lower-case later) */
  family?: string;
  /** 0–100 */
  confidence?: number;
  /** ISO-8601 timestamps */
  firstSeen?: string;
  lastSeen?: string;
  expiresAt?: string;
  tags?: string[];
  description?: string;
  /** destination port the feed associates with the indicator (C2 port, for example) */
  port?: number;
}

/** A line or record the parser could not use, with the reason in plain English. */
export interface FeedRejection {
  line: number;
  reason: string;
  /** the offending text, truncated to at most 200 characters */
  text: string;
}

/** Where parsers deliver results; the importer streams them into a transaction. */
export interface FeedSink {
  item(item: FeedItem): void;
  reject(rejection: FeedRejection): void;
}

/**
 * A streaming parser: fed one line at a time (without its line terminator), then `end()`.
 * Formats that are one JSON document buffer their input and emit at `end()`.
 */
export interface FeedParser {
  line(text: string, lineNumber: number, sink: FeedSink): void;
  end(sink: FeedSink): void;
}

/** Truncates text for a rejection so a hostile line cannot bloat a report. */
export function excerpt(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
