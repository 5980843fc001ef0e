// API calls of the blocklist page; the shapes come from the server module.
import type { IssuedList, ListView } from '../../../src/distribution/list-service.js';
import type { ListFilters, ListFormat } from '../../../src/distribution/model.js';
import { request } from '../api.js';

export interface ListDraft {
  organisationId: number;
  name: string;
  title: string;
  format: ListFormat;
  filters: ListFilters;
  maxEntries: number | null;
  split: boolean;
}

export const distributionApi = {
  lists: (organisationId: number, signal?: AbortSignal) =>
    request<{ items: ListView[] }>('GET', '/api/distribution/lists', { query: { organisationId }, signal }),
  create: (draft: ListDraft) => request<IssuedList>('POST', '/api/distribution/lists', { body: draft }),
  rotate: (id: number) => request<IssuedList>('POST', `/api/distribution/lists/${id}/token`),
  remove: (id: number) => request<void>('DELETE', `/api/distribution/lists/${id}`),
};
