// Shapes of the lamsach HTTP API as seen by the web UI.

export type Role = 'administrator' | 'analyst' | 'reporter' | 'viewer';
export const ALL_ROLES: readonly Role[] = ['administrator', 'analyst', 'reporter', 'viewer'];

export interface OrgRef {
  id: number;
  code: string;
  name: string;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  organisation: OrgRef;
  roles: Role[];
  mustChangePassword: boolean;
}

export interface SessionInfo {
  user: Me;
  csrfToken: string;
}

export interface OrganisationKind {
  code: string;
  nameVi: string;
  nameEn: string;
  rank: number;
}

export interface OrgSummary {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  validFrom: string | null;
  validTo: string | null;
  historical: boolean;
}

export interface IpRange {
  id: number;
  cidr: string;
}
export interface Asn {
  id: number;
  asn: number;
}
export interface Domain {
  id: number;
  domain: string;
}
export interface Website {
  id: number;
  url: string;
}
export interface Contact {
  id: number;
  name: string;
  role: string;
  email: string | null;
  phone: string | null;
}

export interface OrgPermissions {
  canEdit: boolean;
  canAddChild: boolean;
  canEditParentFields: boolean;
}

export interface OrgDetail extends OrgSummary {
  ipRanges: IpRange[];
  asns: Asn[];
  domains: Domain[];
  websites: Website[];
  contacts: Contact[];
  predecessors: OrgRef[];
  successors: OrgRef[];
  permissions: OrgPermissions;
}

export interface OrgCreate {
  parentId: number;
  code: string;
  name: string;
  kind: string;
  validFrom?: string | null;
}

export interface OrgPatch {
  name?: string;
  code?: string;
  kind?: string;
  validFrom?: string | null;
  validTo?: string | null;
}

/** The per-organisation lists and what each one's POST body looks like. */
export interface OrgItemBodies {
  'ip-ranges': { cidr: string };
  asns: { asn: number };
  domains: { domain: string };
  websites: { url: string };
  contacts: { name: string; role: string; email: string | null; phone: string | null };
}
export interface OrgItemResults {
  'ip-ranges': IpRange;
  asns: Asn;
  domains: Domain;
  websites: Website;
  contacts: Contact;
}
export type OrgItemKind = keyof OrgItemBodies;

export interface LookupResult {
  query: string;
  owner: OrgSummary | null;
  matched: string | null;
}

export interface UserItem {
  id: number;
  username: string;
  displayName: string;
  organisation: OrgRef;
  roles: Role[];
  disabled: boolean;
  lastLoginAt: string | null;
}

export interface UserCreate {
  username: string;
  displayName: string;
  organisationId: number;
  roles: Role[];
}

export type TokenPurpose = 'sensor' | 'firewall' | 'script';
export const ALL_PURPOSES: readonly TokenPurpose[] = ['sensor', 'firewall', 'script'];

export interface TokenItem {
  id: number;
  name: string;
  purpose: TokenPurpose;
  organisation: OrgRef;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
}

export interface TokenCreate {
  name: string;
  purpose: TokenPurpose;
  organisationId: number;
  expiresAt?: string | null;
}

export interface AuditItem {
  id: number;
  at: string;
  actor: string;
  organisation: OrgRef | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

// --- threat intelligence ---

// The vocabularies and view types come from the server's own modules (pure, type-only where not).
export { indicatorTypes as INDICATOR_TYPES, threatTypes as THREAT_TYPES } from '../../src/intel/model.js';
import type { IndicatorType, ThreatType } from '../../src/intel/model.js';
export type { IndicatorType, ThreatType };

export const INDICATOR_STATUSES = ['active', 'expired', 'allowlisted'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

import type { IndicatorSourceView, IndicatorView } from '../../src/intel/indicator-service.js';
export type { IndicatorSourceView, IndicatorView };

export type IndicatorDetail = IndicatorView & { sources: IndicatorSourceView[] };

export interface IndicatorQuery {
  q?: string;
  type?: string;
  threatType?: string;
  family?: string;
  source?: string;
  status?: string;
  limit?: number;
  offset?: number;
}

export type MatchHow = 'exact' | 'parent-domain' | 'inside-cidr' | 'url-host';

export interface CheckMatch {
  how: MatchHow;
  /** the indicator value that matched (e.g. the parent domain or the network) */
  matched: string;
  /** the server's English explanation; the UI builds its own sentence from the fields */
  explanation: string;
  indicator: IndicatorView;
  sources: IndicatorSourceView[];
}

export type Verdict = 'listed' | 'allowlisted' | 'expired' | 'not-listed';

export interface CheckResult {
  query: string;
  normalised: { type: IndicatorType; value: string } | null;
  verdict: Verdict;
  /** why the value itself is allowlisted, even when no feed lists it */
  allowlisted: string | null;
  matches: CheckMatch[];
}

export interface FeedFormat {
  id: string;
  title: string;
}

/** Column mapping for the generic CSV format: which header holds what. */
export interface CsvMapping {
  value: string;
  type?: string;
  threatType?: string;
  family?: string;
  confidence?: string;
  firstSeen?: string;
  lastSeen?: string;
  tags?: string;
  description?: string;
  port?: string;
  delimiter?: string;
}

export interface FeedSourceInput {
  name: string;
  title: string;
  location: string | null;
  format: string | null;
  csv?: CsvMapping;
  scheduleMinutes: number | null;
  defaultThreatType: ThreatType | null;
  defaultFamily: string | null;
  defaultConfidence: number;
  expiryDays: number;
  maxBytes: number;
  enabled: boolean;
}

export type FeedRunStatus = 'applied' | 'held' | 'failed' | 'not-modified';
export type FeedRunTrigger = 'cli' | 'upload' | 'schedule' | 'manual';

export interface FeedSourceView extends FeedSourceInput {
  id: number;
  etag: string | null;
  lastModified: string | null;
  lastRunAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
  lastCount: number | null;
  listed: number;
  createdAt: string;
  updatedAt: string;
}

export interface FeedRejection {
  line: number;
  reason: string;
  text: string;
}

/** The numbers a run reports about the indicators it touched. */
export interface FeedRunCounts {
  added: number;
  updated: number;
  unchanged: number;
  delisted: number;
  expired: number;
  allowlisted: number;
  rejected: number;
}

export interface FeedRun extends FeedRunCounts {
  id: number;
  trigger: string;
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  format: string | null;
  bytes: number;
  lines: number;
  items: number;
  rejections: FeedRejection[];
  message: string | null;
}

export interface FeedRunReport extends FeedRunCounts {
  runId: number;
  source: string;
  status: string;
  format: string | null;
  bytes: number;
  lines: number;
  items: number;
  distinct: number;
  rejections: FeedRejection[];
  message: string | null;
}

export interface FeedImportBody {
  content: string;
  fileName?: string;
  format?: string;
  confirmShrink: boolean;
}

export const ALLOWLIST_KINDS = ['cidr', 'domain', 'exact-domain', 'url'] as const;
export type AllowlistKind = (typeof ALLOWLIST_KINDS)[number];

export interface AllowlistEntry {
  id: number;
  list: string;
  kind: AllowlistKind;
  value: string;
  reason: string;
  shipped: boolean;
  createdAt: string;
}

export interface AllowlistPage {
  items: AllowlistEntry[];
  total: number;
  lists: { list: string; count: number }[];
}

export interface AllowlistCreate {
  list: string;
  kind: AllowlistKind;
  value: string;
  reason: string;
}

// --- sensors ---
export type { SensorView } from '../../src/fleet/fleet-service.js';
