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

// Campaigns and reports (migration 0004-campaigns).
export interface ReportTemplatesTable {
  id: Id;
  code: string;
  version: number;
  level: string;
  title_vi: string;
  title_en: string;
  /** the whole ReportTemplate as JSON */
  schema_json: string;
  created_at: string;
}

export interface CampaignsTable {
  id: Id;
  code: string;
  title: string;
  description: string;
  root_organisation_id: number;
  indicator_tag: string | null;
  template_code: string;
  template_version: number;
  starts_on: string;
  ends_on: string;
  national_deadline: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface CampaignLettersTable {
  id: Id;
  campaign_id: number;
  number: string;
  date: string;
  issuer: string;
  subject: string;
  created_at: string;
}

export interface CampaignFilesTable {
  id: Id;
  letter_id: number;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  content_base64: string;
  created_at: string;
}

export interface CampaignForwardingsTable {
  id: Id;
  campaign_id: number;
  organisation_id: number;
  from_organisation_id: number | null;
  deadline: string;
  note: string;
  forwarded_at: string;
  forwarded_by: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  deployed_at: string | null;
  deployed_by: string | null;
}

export interface CampaignRemindersTable {
  id: Id;
  campaign_id: number;
  organisation_id: number;
  kind: string;
  deadline: string;
  offset_days: number;
  recipients_json: string;
  sent_at: string;
}

export interface ReportsTable {
  id: Id;
  campaign_id: number;
  organisation_id: number;
  template_code: string;
  template_version: number;
  status: string;
  content_json: string;
  document_number: string | null;
  document_json: string;
  revision: number;
  review_comment: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
}

export interface ReportHistoryTable {
  id: Id;
  report_id: number;
  at: string;
  actor_label: string;
  action: string;
  field_id: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
}

// --- infected hosts (0005-hosts) ---
export interface ObservationImportsTable {
  id: Id;
  /** upload | cli | folder */
  trigger: string;
  actor_label: string;
  file_name: string;
  report_type: string;
  started_at: string;
  finished_at: string;
  records: number;
  inserted: number;
  duplicates: number;
  assigned: number;
  unassigned: number;
  rejected: number;
  /** [{ line, reason }] */
  rejections_json: string;
}

export interface ObservationsTable {
  id: Id;
  import_id: number;
  /** null: no registered range or AS number owns the address (listed for the national level) */
  organisation_id: number | null;
  /** range | asn */
  assigned_by: string | null;
  /** the CIDR or AS number that decided the owner */
  matched: string | null;
  host_id: number | null;
  ip: string;
  port: number | null;
  observed_at: string;
  family: string | null;
  category: string;
  source: string;
  asn: number | null;
  hostname: string | null;
  url: string | null;
  protocol: string | null;
  destination_ip: string | null;
  destination_port: number | null;
  raw_json: string;
  dedupe_key: string;
}

export interface HostsTable {
  id: Id;
  organisation_id: number;
  /** the infected address, or the internal host name/address a sensor saw */
  address: string;
  /** address | internal */
  kind: string;
  status: string;
  first_seen: string;
  last_seen: string;
  /** sorted JSON array of family names */
  families_json: string;
  observation_count: number;
  detection_count: number;
  status_changed_at: string;
  notified_at: string | null;
  cleaned_at: string | null;
  verified_at: string | null;
  reopened_at: string | null;
  /** the evidence that reopened the host */
  reopen_evidence_json: string | null;
  assignee_user_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface HostTransitionsTable {
  id: Id;
  host_id: number;
  organisation_id: number;
  at: string;
  day: string;
  from_status: string | null;
  to_status: string;
  actor_label: string;
  evidence_json: string | null;
}

export interface HostNotesTable {
  id: Id;
  host_id: number;
  at: string;
  author_label: string;
  text: string;
}

export interface HostSyncStateTable {
  key: string;
  value: string;
}

export interface MalwareFamiliesTable {
  family: string;
  name: string;
  description_vi: string;
  description_en: string;
  cleanup_vi: string;
  cleanup_en: string;
  updated_at: string;
}

export interface SelfcheckToolsTable {
  id: Id;
  name: string;
  url: string;
  description_vi: string;
  description_en: string;
  position: number;
  updated_at: string;
}

export interface SoftwareVersionsTable {
  product: string;
  label: string;
  /** browser | os */
  kind: string;
  current_version: string;
  /** versions below this are out of support */
  minimum_version: string;
  updated_at: string;
}

export interface NotificationWebhooksTable {
  organisation_id: number;
  url: string;
  secret: string;
  enabled: number;
  updated_at: string;
}

export interface NotificationDeliveriesTable {
  id: Id;
  organisation_id: number;
  /** email | webhook */
  channel: string;
  at: string;
  /** sent | failed */
  status: string;
  hosts: number;
  recipients: string;
  attempts: number;
  error: string | null;
}

export interface DistributionListsTable {
  id: Id;
  organisation_id: number;
  name: string;
  title: string;
  format: string;
  filters_json: string;
  /** entries per list or part; null: the format's vendor limit */
  max_entries: number | null;
  /** 1: entries beyond the limit go to further parts (`?part=N`) instead of being cut */
  split: number;
  /** the device token that may pull this list */
  token_id: number | null;
  /** the last rendered state: change version, hash of the entries, the zone serial derived from it */
  content_version: string | null;
  content_hash: string | null;
  serial: number | null;
  content_changed_at: string | null;
  created_at: string;
  updated_at: string;
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
  distribution_lists: DistributionListsTable;
  report_templates: ReportTemplatesTable;
  campaigns: CampaignsTable;
  campaign_letters: CampaignLettersTable;
  campaign_files: CampaignFilesTable;
  campaign_forwardings: CampaignForwardingsTable;
  campaign_reminders: CampaignRemindersTable;
  reports: ReportsTable;
  report_history: ReportHistoryTable;
  // infected hosts (0005-hosts)
  observation_imports: ObservationImportsTable;
  observations: ObservationsTable;
  hosts: HostsTable;
  host_transitions: HostTransitionsTable;
  host_notes: HostNotesTable;
  host_sync_state: HostSyncStateTable;
  malware_families: MalwareFamiliesTable;
  selfcheck_tools: SelfcheckToolsTable;
  software_versions: SoftwareVersionsTable;
  notification_webhooks: NotificationWebhooksTable;
  notification_deliveries: NotificationDeliveriesTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type NewOrganisationRow = Insertable<OrganisationsTable>;
export type UserRow = Selectable<UsersTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type { ColumnType };
