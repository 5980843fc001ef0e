// API calls of the infected-host, self-check and statistics pages.
import { request } from '../api.js';
import type {
  FamilyInfo,
  ToolInfo,
  HostDetail,
  HostFigures,
  HostStatus,
  HostView,
  ManualStatus,
  ObservationView,
  PublicCheck,
  PublicStats,
} from './types.js';

export interface HostChange {
  status?: ManualStatus;
  assigneeUserId?: number | null;
  note?: string;
}

export const hostsApi = {
  hosts: (orgId: number, q: { status?: HostStatus | ''; q?: string; limit?: number }, signal?: AbortSignal) =>
    request<{ items: HostView[]; total: number }>('GET', `/api/organisations/${orgId}/hosts`, {
      query: { status: q.status, q: q.q, limit: q.limit ?? 200 },
      signal,
    }),
  host: (id: number, signal?: AbortSignal) => request<HostDetail>('GET', `/api/hosts/${id}`, { signal }),
  changeHost: (id: number, body: HostChange) => request<HostView>('PATCH', `/api/hosts/${id}`, { body }),
  bulk: (ids: number[], body: HostChange) =>
    request<{ items: HostView[] }>('POST', '/api/hosts/bulk', { body: { ids, ...body } }),
  figures: (orgId: number, q: { from?: string; to?: string }, signal?: AbortSignal) =>
    request<HostFigures>('GET', `/api/organisations/${orgId}/host-figures`, { query: q, signal }),
  unassigned: (signal?: AbortSignal) =>
    request<{ items: ObservationView[]; total: number }>('GET', '/api/observations/unassigned', {
      query: { limit: 200 },
      signal,
    }),
  publicCheck: (hints: Record<string, string>, signal?: AbortSignal) =>
    request<PublicCheck>('GET', '/api/public/check', { query: hints, signal, quietAuth: true }),
  publicStats: (signal?: AbortSignal) =>
    request<PublicStats>('GET', '/api/public/stats', { signal, quietAuth: true }),
};

export interface NotificationOverview {
  webhook: { url: string; enabled: boolean; updatedAt: string } | null;
  nextDigestAt: string | null;
  deliveries: {
    id: number;
    channel: string;
    at: string;
    status: string;
    hosts: number;
    attempts: number;
    error: string | null;
  }[];
}

export interface DigestOutcome {
  status: 'sent' | 'failed' | 'nothing-to-send' | 'throttled';
  hosts: number;
  nextAllowedAt?: string;
  channels: { channel: string; status: string; detail: string }[];
}

export interface VersionRow {
  product: string;
  label: string;
  kind: 'browser' | 'os';
  currentVersion: string;
  minimumVersion: string;
}

export const notifyApi = {
  overview: (orgId: number, signal?: AbortSignal) =>
    request<NotificationOverview>('GET', `/api/organisations/${orgId}/notifications`, { signal }),
  digest: (orgId: number) => request<DigestOutcome>('POST', `/api/organisations/${orgId}/digest`),
  setWebhook: (orgId: number, body: { url: string; enabled: boolean }) =>
    request<{ url: string; enabled: boolean; secret: string }>('PUT', `/api/organisations/${orgId}/webhook`, {
      body,
    }),
  removeWebhook: (orgId: number) => request<void>('DELETE', `/api/organisations/${orgId}/webhook`),
  reference: (signal?: AbortSignal) =>
    request<{ families: FamilyInfo[]; tools: ToolInfo[]; versions: VersionRow[] }>(
      'GET',
      '/api/selfcheck/reference',
      { signal },
    ),
  saveVersion: (row: VersionRow) =>
    request<VersionRow>('PUT', `/api/selfcheck/versions/${encodeURIComponent(row.product)}`, {
      body: {
        label: row.label,
        kind: row.kind,
        currentVersion: row.currentVersion,
        minimumVersion: row.minimumVersion,
      },
    }),
  saveFamily: (f: FamilyInfo) =>
    request<FamilyInfo>('PUT', `/api/selfcheck/families/${encodeURIComponent(f.family)}`, {
      body: {
        name: f.name,
        descriptionVi: f.descriptionVi,
        descriptionEn: f.descriptionEn,
        cleanupVi: f.cleanupVi,
        cleanupEn: f.cleanupEn,
      },
    }),
  saveTools: (items: Omit<ToolInfo, 'id'>[]) =>
    request<{ items: ToolInfo[] }>('PUT', '/api/selfcheck/tools', { body: { items } }),
};

export interface ImportReport {
  importId: number;
  fileName: string;
  reportType: string;
  records: number;
  inserted: number;
  duplicates: number;
  assigned: number;
  unassigned: number;
  rejected: number;
  rejections: { line: number; reason: string }[];
  hostsCreated: number;
  hostsReopened: number;
}

export const importApi = {
  formats: (signal?: AbortSignal) =>
    request<{ items: { id: string; label: string }[] }>('GET', '/api/observations/formats', { signal }),
  importReport: (body: { fileName: string; content: string; format?: string; mapping?: string }) =>
    request<ImportReport>('POST', '/api/observations/import', { body }),
  imports: (signal?: AbortSignal) =>
    request<{
      items: (Omit<ImportReport, 'importId' | 'hostsCreated' | 'hostsReopened'> & {
        id: number;
        startedAt: string;
        actor: string;
        trigger: string;
      })[];
    }>('GET', '/api/observations/imports', { query: { limit: 20 }, signal }),
  check: (value: string, signal?: AbortSignal) =>
    request<{ query: string; items: HostView[]; total: number }>('GET', '/api/hosts/check', {
      query: { value },
      signal,
    }),
};
