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
