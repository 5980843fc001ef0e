// API calls of the infected-host, self-check and statistics pages.
import { request } from '../api.js';
import type {
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
