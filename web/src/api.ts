// A small typed client for the lamsach API: same-origin cookies, CSRF header on
// every non-GET request, and a typed ApiError for every failure.
import type {
  AllowlistCreate,
  AllowlistEntry,
  AllowlistPage,
  AuditItem,
  CheckResult,
  FeedFormat,
  FeedImportBody,
  FeedRun,
  FeedRunReport,
  FeedSourceInput,
  FeedSourceView,
  IndicatorDetail,
  IndicatorQuery,
  IndicatorView,
  LookupResult,
  OrgCreate,
  OrgDetail,
  OrgItemBodies,
  OrgItemKind,
  OrgItemResults,
  OrgPatch,
  OrgSummary,
  OrganisationKind,
  Contact,
  SessionInfo,
  TokenCreate,
  TokenItem,
  UserCreate,
  UserItem,
  SensorView,
} from './types.js';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** Codes produced by the client itself rather than by the server. */
export const CLIENT_ERROR_CODES = { network: 'network_error', badResponse: 'bad_response' } as const;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  /** Seconds from a retry-after header (rate limiting), if the server sent one. */
  readonly retryAfter: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    details: ErrorDetail[] = [],
    retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type AuthListener = (error: ApiError) => void;
let authListener: AuthListener | null = null;

/**
 * Registers the one listener told when a request fails because the session ended
 * (401 unauthenticated) or a password change is required (403 password_change_required).
 */
export function onAuthProblem(listener: AuthListener | null): void {
  authListener = listener;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseDetails(v: unknown): ErrorDetail[] {
  if (!Array.isArray(v)) return [];
  const out: ErrorDetail[] = [];
  for (const d of v as unknown[]) {
    if (isRecord(d)) {
      out.push({
        path: typeof d.path === 'string' ? d.path : Array.isArray(d.path) ? d.path.join('.') : '',
        message: typeof d.message === 'string' ? d.message : JSON.stringify(d),
      });
    }
  }
  return out;
}

function parseRetryAfter(header: string | null): number | null {
  if (header === null) return null;
  const s = Number(header.trim());
  if (Number.isFinite(s) && s >= 0) return Math.ceil(s);
  const when = Date.parse(header);
  if (Number.isNaN(when)) return null;
  return Math.max(0, Math.ceil((when - Date.now()) / 1000));
}

type Query = Record<string, string | number | boolean | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Do not notify the auth listener (used by login and /me, which handle 401 themselves). */
  quietAuth?: boolean;
  signal?: AbortSignal;
  /** Internal: this is the single retry after a CSRF failure. */
  csrfRetried?: boolean;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, CLIENT_ERROR_CODES.network, e instanceof Error ? e.message : String(e));
  }

  let payload: unknown = undefined;
  const text = res.status === 204 ? '' : await res.text();
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }

  if (!res.ok) {
    const err = isRecord(payload) && isRecord(payload.error) ? payload.error : null;
    const allDetails = err ? parseDetails(err.details) : [];
    // The wait may also come as a detail { path: 'retryAfter', message: '<seconds>' }; it is not a message.
    const waitDetail = allDetails.find((d) => d.path === 'retryAfter');
    const apiError = new ApiError(
      res.status,
      err && typeof err.code === 'string' ? err.code : `http_${res.status}`,
      err && typeof err.message === 'string' ? err.message : res.statusText || `HTTP ${res.status}`,
      allDetails.filter((d) => d !== waitDetail),
      parseRetryAfter(res.headers.get('retry-after') ?? waitDetail?.message ?? null),
    );
    // A stale CSRF token (e.g. the user signed in again in another tab): fetch the current one, retry once.
    if (res.status === 403 && apiError.code === 'csrf_failed' && !opts.csrfRetried && method !== 'GET') {
      let fresh: string | null = null;
      try {
        const me = await request<{ csrfToken?: unknown }>('GET', '/api/auth/me', { quietAuth: true });
        fresh = typeof me.csrfToken === 'string' ? me.csrfToken : null;
      } catch {
        fresh = null;
      }
      if (fresh !== null && fresh !== csrfToken) {
        csrfToken = fresh;
        return request<T>(method, path, { ...opts, csrfRetried: true });
      }
    }
    if (
      !opts.quietAuth &&
      authListener &&
      ((res.status === 401 && apiError.code === 'unauthenticated') ||
        (res.status === 403 && apiError.code === 'password_change_required'))
    ) {
      authListener(apiError);
    }
    throw apiError;
  }
  if (res.status !== 204 && text && payload === undefined) {
    throw new ApiError(res.status, CLIENT_ERROR_CODES.badResponse, 'Response was not JSON');
  }
  return payload as T;
}

export const api = {
  // --- session ---
  login: (username: string, password: string) =>
    request<SessionInfo>('POST', '/api/auth/login', { body: { username, password }, quietAuth: true }),
  me: () => request<SessionInfo>('GET', '/api/auth/me', { quietAuth: true }),
  logout: () => request<void>('POST', '/api/auth/logout', { quietAuth: true }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/api/auth/password', { body: { currentPassword, newPassword }, quietAuth: true }),

  // --- organisations ---
  organisationKinds: () => request<{ items: OrganisationKind[] }>('GET', '/api/organisation-kinds'),
  organisations: (q: { at?: string | null; includeEnded?: boolean } = {}, signal?: AbortSignal) =>
    request<{ at: string | null; items: OrgSummary[] }>('GET', '/api/organisations', {
      query: { at: q.at ?? undefined, includeEnded: q.includeEnded ? 'true' : undefined },
      signal,
    }),
  organisation: (id: number, signal?: AbortSignal) =>
    request<OrgDetail>('GET', `/api/organisations/${id}`, { signal }),
  createOrganisation: (body: OrgCreate) => request<OrgDetail>('POST', '/api/organisations', { body }),
  updateOrganisation: (id: number, body: OrgPatch) =>
    request<OrgDetail>('PATCH', `/api/organisations/${id}`, { body }),
  addOrgItem: <K extends OrgItemKind>(orgId: number, kind: K, body: OrgItemBodies[K]) =>
    request<OrgItemResults[K]>('POST', `/api/organisations/${orgId}/${kind}`, { body }),
  deleteOrgItem: (orgId: number, kind: OrgItemKind, itemId: number) =>
    request<void>('DELETE', `/api/organisations/${orgId}/${kind}/${itemId}`),
  updateContact: (orgId: number, itemId: number, body: Partial<OrgItemBodies['contacts']>) =>
    request<Contact>('PATCH', `/api/organisations/${orgId}/contacts/${itemId}`, { body }),

  lookup: (q: { ip: string } | { domain: string }) =>
    request<LookupResult>('GET', '/api/lookup', { query: q }),

  // --- administration ---
  users: () => request<{ items: UserItem[] }>('GET', '/api/users'),
  createUser: (body: UserCreate) =>
    request<{ user: UserItem; oneTimePassword: string }>('POST', '/api/users', { body }),
  resetPassword: (id: number) =>
    request<{ oneTimePassword: string }>('POST', `/api/users/${id}/reset-password`),

  tokens: () => request<{ items: TokenItem[] }>('GET', '/api/tokens'),
  createToken: (body: TokenCreate) =>
    request<{ token: string; item: TokenItem }>('POST', '/api/tokens', { body }),
  revokeToken: (id: number) => request<void>('DELETE', `/api/tokens/${id}`),

  audit: (q: { organisationId?: number | null; limit?: number; before?: number | null }) =>
    request<{ items: AuditItem[] }>('GET', '/api/audit', {
      query: {
        organisationId: q.organisationId ?? undefined,
        limit: q.limit ?? 50,
        before: q.before ?? undefined,
      },
    }),

  // --- threat intelligence ---
  indicators: (q: IndicatorQuery, signal?: AbortSignal) =>
    request<{ items: IndicatorView[]; total: number }>('GET', '/api/intel/indicators', {
      query: { ...q },
      signal,
    }),
  indicator: (id: number, signal?: AbortSignal) =>
    request<IndicatorDetail>('GET', `/api/intel/indicators/${id}`, { signal }),
  checkIndicator: (value: string, signal?: AbortSignal) =>
    request<CheckResult>('GET', '/api/intel/check', { query: { value }, signal }),
  feedFormats: (signal?: AbortSignal) =>
    request<{ items: FeedFormat[] }>('GET', '/api/intel/formats', { signal }),
  /** National administrators only: anyone else gets 403. */
  feeds: (signal?: AbortSignal) =>
    request<{ items: FeedSourceView[] }>('GET', '/api/intel/feeds', { signal }),
  createFeed: (body: FeedSourceInput) => request<FeedSourceView>('POST', '/api/intel/feeds', { body }),
  updateFeed: (name: string, body: Partial<FeedSourceInput>) =>
    request<FeedSourceView>('PATCH', `/api/intel/feeds/${encodeURIComponent(name)}`, { body }),
  deleteFeed: (name: string) => request<void>('DELETE', `/api/intel/feeds/${encodeURIComponent(name)}`),
  feedRuns: (name: string, limit = 20, signal?: AbortSignal) =>
    request<{ items: FeedRun[] }>('GET', `/api/intel/feeds/${encodeURIComponent(name)}/runs`, {
      query: { limit },
      signal,
    }),
  pullFeed: (name: string, confirmShrink = false) =>
    request<FeedRunReport>('POST', `/api/intel/feeds/${encodeURIComponent(name)}/pull`, {
      body: { confirmShrink },
    }),
  importFeed: (name: string, body: FeedImportBody) =>
    request<FeedRunReport>('POST', `/api/intel/feeds/${encodeURIComponent(name)}/import`, { body }),
  allowlists: (q: { list?: string; q?: string; limit?: number; offset?: number }, signal?: AbortSignal) =>
    request<AllowlistPage>('GET', '/api/intel/allowlists', { query: { ...q }, signal }),
  addAllowlistEntry: (body: AllowlistCreate) =>
    request<AllowlistEntry>('POST', '/api/intel/allowlists', { body }),
  removeAllowlistEntry: (id: number) => request<void>('DELETE', `/api/intel/allowlists/${id}`),

  // --- sensors ---
  sensors: (signal?: AbortSignal) =>
    request<{ silentAfterMinutes: number; items: SensorView[] }>('GET', '/api/sensors', { signal }),
};

/**
 * Splits an error's details into per-field messages keyed by the last segment of
 * each detail's path ("body.cidr", "/cidr" and "cidr" all become "cidr"), plus the rest.
 */
export function fieldErrors(
  error: unknown,
  fields: readonly string[],
): { byField: Record<string, string>; other: ErrorDetail[] } {
  const byField: Record<string, string> = {};
  const other: ErrorDetail[] = [];
  if (!isApiError(error)) return { byField, other };
  for (const d of error.details) {
    const segments = d.path.split(/[./[\]]+/).filter(Boolean);
    const field = [...segments].reverse().find((s) => fields.includes(s));
    if (field !== undefined) {
      byField[field] = byField[field] ? `${byField[field]}; ${d.message}` : d.message;
    } else {
      other.push(d);
    }
  }
  return { byField, other };
}
