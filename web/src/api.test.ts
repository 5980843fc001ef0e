import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, fieldErrors, onAuthProblem, setCsrfToken } from './api.js';

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  return vi.fn(
    async (_url: string, _init: RequestInit) =>
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  onAuthProblem(null);
});

describe('request', () => {
  it('sends the CSRF token on non-GET requests only, with same-origin credentials', async () => {
    setCsrfToken('tok123');
    const fetchMock = respond(201, { id: 5, cidr: '192.0.2.0/24' });
    vi.stubGlobal('fetch', fetchMock);
    await api.addOrgItem(7, 'ip-ranges', { cidr: '192.0.2.0/24' });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/organisations/7/ip-ranges');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['x-csrf-token']).toBe('tok123');
    expect(init.body).toBe(JSON.stringify({ cidr: '192.0.2.0/24' }));

    const getMock = respond(200, { at: null, items: [] });
    vi.stubGlobal('fetch', getMock);
    await api.organisations({ at: '2020-01-31', includeEnded: true });
    const [getUrl, getInit] = getMock.mock.calls[0]!;
    expect(getUrl).toBe('/api/organisations?at=2020-01-31&includeEnded=true');
    expect((getInit.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
  });

  it('turns error bodies into ApiError with details and retry-after', async () => {
    vi.stubGlobal(
      'fetch',
      respond(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': '42' }),
    );
    const err = await api.login('a', 'b').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 429, code: 'rate_limited', message: 'slow down', retryAfter: 42 });
  });

  it('reports an ended session to the listener, but not for /me', async () => {
    const seen: string[] = [];
    onAuthProblem((e) => seen.push(e.code));
    vi.stubGlobal('fetch', respond(401, { error: { code: 'unauthenticated', message: 'no' } }));
    await expect(api.users()).rejects.toBeInstanceOf(ApiError);
    await expect(api.me()).rejects.toBeInstanceOf(ApiError);
    expect(seen).toEqual(['unauthenticated']);
  });

  it('maps network failures to network_error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(api.tokens()).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('returns undefined for 204', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    await expect(api.revokeToken(3)).resolves.toBeUndefined();
  });
});

describe('fieldErrors', () => {
  it('assigns details to fields by the last matching path segment', () => {
    const e = new ApiError(400, 'validation_failed', 'bad', [
      { path: 'body.cidr', message: 'host bits set' },
      { path: '/name', message: 'too short' },
      { path: '', message: 'something else' },
    ]);
    expect(fieldErrors(e, ['cidr', 'name'])).toEqual({
      byField: { cidr: 'host bits set', name: 'too short' },
      other: [{ path: '', message: 'something else' }],
    });
  });
});

describe('rate limiting and CSRF recovery', () => {
  it('reads the wait from a retryAfter detail and does not list it as a message', async () => {
    vi.stubGlobal(
      'fetch',
      respond(429, {
        error: { code: 'rate_limited', message: 'wait', details: [{ path: 'retryAfter', message: '17' }] },
      }),
    );
    const err = await api.login('a', 'b').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'rate_limited', retryAfter: 17, details: [] });
  });

  it('fetches a fresh CSRF token once and retries after csrf_failed', async () => {
    setCsrfToken('old');
    const fetchMock = vi
      .fn<(url: string, init: RequestInit) => Promise<Response>>()
      .mockResolvedValueOnce(
        new Response(JSON.stringify({ error: { code: 'csrf_failed', message: 'x' } }), { status: 403 }),
      )
      .mockResolvedValueOnce(new Response(JSON.stringify({ user: {}, csrfToken: 'new' }), { status: 200 }))
      .mockResolvedValueOnce(new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    await api.revokeToken(9);
    expect(fetchMock).toHaveBeenCalledTimes(3);
    const retried = fetchMock.mock.calls[2]![1];
    expect((retried.headers as Record<string, string>)['x-csrf-token']).toBe('new');
  });
});
