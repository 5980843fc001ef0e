// Shapes of the infected-host, self-check and statistics API answers used by the web UI.
export type HostStatus =
  'new' | 'notified' | 'acknowledged' | 'being-cleaned' | 'cleaned' | 'verified' | 'reopened';
export const hostStatuses: HostStatus[] = [
  'new',
  'notified',
  'acknowledged',
  'being-cleaned',
  'cleaned',
  'verified',
  'reopened',
];
export const manualStatuses = ['notified', 'acknowledged', 'being-cleaned', 'cleaned'] as const;
export type ManualStatus = (typeof manualStatuses)[number];

export interface Evidence {
  kind: 'observation' | 'detection';
  id: number;
  time: string;
  family: string | null;
  source: string;
}

export interface HostView {
  id: number;
  organisation: { id: number; code: string; name: string };
  address: string;
  kind: string;
  status: HostStatus;
  firstSeen: string;
  lastSeen: string;
  families: string[];
  observations: number;
  detections: number;
  statusChangedAt: string;
  notifiedAt: string | null;
  cleanedAt: string | null;
  verifiedAt: string | null;
  reopenedAt: string | null;
  reopenEvidence: Evidence | null;
  assignee: { id: number; name: string } | null;
}

export interface HostDetail {
  host: HostView;
  timeline: (Evidence & { detail: string })[];
  transitions: {
    id: number;
    at: string;
    from: string | null;
    to: string;
    actor: string;
    evidence: unknown;
  }[];
  notes: { id: number; at: string; author: string; text: string }[];
}

export interface StatusCounts {
  total: number;
  infected: number;
  notified: number;
  cleaned: number;
  verified: number;
}

export interface HostFigures {
  organisation: { id: number; code: string; name: string };
  period: { from: string; to: string };
  totals: StatusCounts;
  inPeriod: { found: number; cleaned: number; verified: number };
  own: StatusCounts;
  units: ({ organisation: { id: number; code: string; name: string } } & StatusCounts)[];
  families: ({ family: string } & StatusCounts)[];
  days: {
    day: string;
    found: number;
    notified: number;
    cleaned: number;
    verified: number;
    reopened: number;
  }[];
}

export interface ObservationView {
  id: number;
  ip: string;
  port: number | null;
  time: string;
  family: string | null;
  category: string;
  source: string;
  asn: number | null;
  organisation: { id: number; code: string; name: string } | null;
}

export interface FamilyInfo {
  family: string;
  name: string;
  descriptionVi: string;
  descriptionEn: string;
  cleanupVi: string;
  cleanupEn: string;
}

export interface ToolInfo {
  id: number;
  name: string;
  url: string;
  descriptionVi: string;
  descriptionEn: string;
}

export interface SoftwareVerdict {
  product: string | null;
  name: string;
  version: string | null;
  verdict: 'current' | 'outdated' | 'unknown';
  currentVersion: string | null;
}

export interface PublicCheck {
  ip: string;
  listed: boolean;
  lookbackDays: number;
  findings: {
    family: string | null;
    firstSeen: string;
    lastSeen: string;
    sightings: number;
    info: FamilyInfo | null;
  }[];
  tools: ToolInfo[];
  browser: SoftwareVerdict;
  os: SoftwareVerdict;
}

export interface PublicStats {
  from: string;
  to: string;
  total: number;
  provinces: { code: string; name: string; listed: number }[];
  families: { family: string; listed: number }[];
  days: { day: string; listed: number }[];
}
