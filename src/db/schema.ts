/**
 * Row types of every table, as Kysely sees them. Timestamps are ISO-8601 UTC text and dates are
 * `YYYY-MM-DD` text on both backends, so comparisons and sorting behave the same on SQLite and
 * PostgreSQL; booleans are 0/1 integers for the same reason.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Id = Generated<number>;

export interface OrganisationKindsTable {
  code: string;
  name_vi: string;
  name_en: string;
  rank: number;
}

export interface OrganisationsTable {
  id: Id;
  code: string;
  name: string;
  kind: string;
  parent_id: number | null;
  /** Materialised ancestry, `/1/5/23/`, so a subtree is one indexed prefix match. */
  path: string;
  valid_from: string | null;
  valid_to: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrganisationSuccessionsTable {
  predecessor_id: number;
  successor_id: number;
  effective_date: string;
}

export interface OrganisationIpRangesTable {
  id: Id;
  organisation_id: number;
  cidr: string;
  family: number;
  created_at: string;
}

export interface OrganisationAsnsTable {
  id: Id;
  organisation_id: number;
  asn: number;
}

export interface OrganisationDomainsTable {
  id: Id;
  organisation_id: number;
  domain: string;
}

export interface OrganisationWebsitesTable {
  id: Id;
  organisation_id: number;
  url: string;
}

export interface OrganisationContactsTable {
  id: Id;
  organisation_id: number;
  name: string;
  role: string;
  email: string | null;
  phone: string | null;
}

export interface UsersTable {
  id: Id;
  organisation_id: number;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  must_change_password: number;
  disabled: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface UserRolesTable {
  user_id: number;
  role: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Id;
  organisation_id: number;
  name: string;
  purpose: string;
  token_hash: string;
  prefix: string;
  created_by_user_id: number | null;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  id: Id;
  at: string;
  actor_type: string;
  actor_id: number | null;
  actor_label: string;
  organisation_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  request_ip: string | null;
}

export interface FeedSourcesTable {
  id: Id;
  name: string;
  title: string;
  /** URL (http/https) or local file path; null for sources fed only by uploads */
  location: string | null;
  /** format id, or null to detect it on each run */
  format: string | null;
  options_json: string | null;
  schedule_minutes: number | null;
  default_threat_type: string | null;
  default_family: string | null;
  default_confidence: ColumnType<number, number | undefined, number>;
  /** how long an indicator stays active after this source last listed it */
  expiry_days: ColumnType<number, number | undefined, number>;
  max_bytes: ColumnType<number, number | undefined, number>;
  enabled: ColumnType<number, number | undefined, number>;
  etag: string | null;
  last_modified: string | null;
  last_run_at: string | null;
  last_status: string | null;
  last_error: string | null;
  last_count: number | null;
  created_at: string;
  updated_at: string;
}

export interface FeedRunsTable {
  id: Id;
  source_id: number;
  trigger: string;
  actor_label: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  format: string | null;
  bytes: number;
  lines: number;
  items: number;
  added: number;
  updated: number;
  unchanged: number;
  delisted: number;
  expired: number;
  allowlisted: number;
  rejected: number;
  rejections_json: string | null;
  message: string | null;
}

export interface IndicatorsTable {
  id: Id;
  type: string;
  value: string;
  exact_domain: number;
  threat_type: string | null;
  family: string | null;
  confidence: number;
  tags_json: string;
  first_seen: string;
  last_seen: string;
  /** the latest expiry over its sources; past it, the indicator no longer matches */
  expires_at: string | null;
  source_count: number;
  /** why it is never distributed or matched, when an allowlist covers it */
  allowlist_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface IndicatorSourcesTable {
  indicator_id: number;
  source_id: number;
  /** 1 while the source's latest import lists it */
  listed: number;
  first_seen: string;
  last_seen: string;
  expires_at: string | null;
  threat_type: string | null;
  family: string | null;
  confidence: number;
  tags_json: string;
  description: string | null;
  port: number | null;
}

export interface AllowlistEntriesTable {
  id: Id;
  list: string;
  kind: string;
  value: string;
  reason: string;
  shipped: number;
  created_at: string;
}

export interface DetectionsTable {
  id: Id;
  organisation_id: number;
  detected_at: string;
  event_time: string | null;
  source_ip: string | null;
  source_port: number | null;
  destination_ip: string | null;
  destination_port: number | null;
  dns_question_name: string | null;
  url_original: string | null;
  action: string | null;
  device: string | null;
  log_format: string;
  indicator_id: number | null;
  indicator_type: string;
  indicator_value: string;
  matched: string;
  how: string;
  internal_host: string | null;
  family: string | null;
  threat_type: string | null;
  /** the log line, truncated to 2 KB */
  raw_line: string | null;
  /** hash of organisation, indicator and raw line: storing a scan twice stores it once */
  dedupe_key: string;
}

// --- sensors (0007-sensors) ---
export interface SensorSigningKeysTable {
  id: Generated<number>;
  /** first 16 hex digits of the SHA-256 of the public key (SPKI DER) */
  key_id: string;
  public_key_pem: string;
  private_key_pem: string;
  created_at: string;
}

export interface SensorBundleVersionsTable {
  id: Generated<number>;
  created_at: string;
  indicator_count: number;
  added: number;
  removed: number;
  /** cheap summary of the indicator tables; an unchanged fingerprint skips the full comparison */
  fingerprint: string;
}

export interface SensorBundleMembersTable {
  indicator_id: number;
  /** the indicator as shipped in a bundle (one NDJSON line) */
  line: string;
  digest: string;
  /** bundle version that last added or changed it */
  version: number;
}

export interface SensorBundleChangesTable {
  id: Generated<number>;
  version: number;
  indicator_id: number;
  op: 'add' | 'remove';
}

export interface SensorsTable {
  id: Generated<number>;
  token_id: number;
  organisation_id: number;
  hostname: string | null;
  address: string | null;
  first_contact_at: string;
  last_contact_at: string;
  last_heartbeat_at: string | null;
  version: string | null;
  bundle_version: number | null;
  bundle_generated_at: string | null;
  lines_per_second: number | null;
  lines_total: number | null;
  lines_not_understood: number | null;
  files_followed: number | null;
  queue_length: number | null;
  detections_uploaded: Generated<number>;
}

export interface Database {
  organisation_kinds: OrganisationKindsTable;
  organisations: OrganisationsTable;
  organisation_successions: OrganisationSuccessionsTable;
  organisation_ip_ranges: OrganisationIpRangesTable;
  organisation_asns: OrganisationAsnsTable;
  organisation_domains: OrganisationDomainsTable;
  organisation_websites: OrganisationWebsitesTable;
  organisation_contacts: OrganisationContactsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  feed_sources: FeedSourcesTable;
  feed_runs: FeedRunsTable;
  indicators: IndicatorsTable;
  indicator_sources: IndicatorSourcesTable;
  allowlist_entries: AllowlistEntriesTable;
  detections: DetectionsTable;
  sensor_signing_keys: SensorSigningKeysTable;
  sensor_bundle_versions: SensorBundleVersionsTable;
  sensor_bundle_members: SensorBundleMembersTable;
  sensor_bundle_changes: SensorBundleChangesTable;
  sensors: SensorsTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type NewOrganisationRow = Insertable<OrganisationsTable>;
export type UserRow = Selectable<UsersTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type { ColumnType };
