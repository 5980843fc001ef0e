// API calls of campaigns and reports; the shapes are the server's own types.
import { request } from '../api.js';
import type {
  CampaignDetail,
  CampaignSummary,
  ForwardingView,
} from '../../../src/campaigns/campaign-service.js';
import type { CampaignInput, ForwardInput } from '../../../src/campaigns/campaign-input.js';
import type { StatusMatrix } from '../../../src/campaigns/status-matrix.js';
import type { TemplateSummary } from '../../../src/reports/template-service.js';
import type { ReportDetail, ReportSummary } from '../../../src/reports/report-service.js';
import type { ReportUpdateInput } from '../../../src/reports/report-input.js';

export type { CampaignDetail, CampaignSummary, ForwardingView, StatusMatrix, ReportDetail, ReportSummary };
export type { MatrixRow } from '../../../src/campaigns/status-matrix.js';
export type { TemplateField } from '../../../src/reports/template-model.js';

export type CampaignCreate = Omit<CampaignInput, 'letters' | 'description' | 'indicatorTag'> & {
  description?: string;
  indicatorTag?: string | null;
  letters?: { number: string; date: string; issuer: string; subject?: string }[];
};

export const campaignApi = {
  list: (signal?: AbortSignal) => request<{ items: CampaignSummary[] }>('GET', '/api/campaigns', { signal }),
  templates: (signal?: AbortSignal) =>
    request<{ items: TemplateSummary[] }>('GET', '/api/reports/templates', { signal }),
  create: (body: CampaignCreate) => request<CampaignDetail>('POST', '/api/campaigns', { body }),
  detail: (id: number, signal?: AbortSignal) =>
    request<CampaignDetail>('GET', `/api/campaigns/${id}`, { signal }),
  addLetter: (id: number, body: { number: string; date: string; issuer: string; subject?: string }) =>
    request<unknown>('POST', `/api/campaigns/${id}/letters`, { body }),
  addFile: (
    id: number,
    letterId: number,
    body: { fileName: string; mediaType: string; contentBase64: string },
  ) => request<unknown>('POST', `/api/campaigns/${id}/letters/${letterId}/files`, { body }),
  forward: (id: number, body: Partial<ForwardInput> & { deadline: string }) =>
    request<{ forwarded: number[]; alreadyReceived: number[] }>('POST', `/api/campaigns/${id}/forward`, {
      body,
    }),
  mark: (id: number, step: 'acknowledge' | 'deploy') =>
    request<ForwardingView>('POST', `/api/campaigns/${id}/${step}`, { body: {} }),
  status: (id: number, q: { organisationId?: number | null; depth?: number }, signal?: AbortSignal) =>
    request<StatusMatrix>('GET', `/api/campaigns/${id}/status`, {
      query: { organisationId: q.organisationId ?? undefined, depth: q.depth },
      signal,
    }),
  reports: (campaignId: number, signal?: AbortSignal) =>
    request<{ items: ReportSummary[] }>('GET', '/api/reports', { query: { campaignId }, signal }),
  createReport: (campaignId: number) =>
    request<ReportDetail>('POST', '/api/reports', { body: { campaignId } }),
  report: (id: number, signal?: AbortSignal) =>
    request<ReportDetail>('GET', `/api/reports/${id}`, { signal }),
  updateReport: (id: number, body: ReportUpdateInput) =>
    request<ReportDetail>('PATCH', `/api/reports/${id}`, { body }),
  submitReport: (id: number) => request<ReportDetail>('POST', `/api/reports/${id}/submit`),
  reviewReport: (id: number, decision: 'accept' | 'return', comment: string) =>
    request<ReportDetail>('POST', `/api/reports/${id}/review`, { body: { decision, comment } }),
  exportUrl: (id: number, format: 'docx' | 'xlsx', lang: 'vi' | 'en') =>
    `/api/reports/${id}/export?format=${format}&lang=${lang}`,
  fileUrl: (campaignId: number, fileId: number) => `/api/campaigns/${campaignId}/files/${fileId}`,
};
