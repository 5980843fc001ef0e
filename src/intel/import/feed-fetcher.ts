/**
 * Opens a feed's location: an http(s) URL with conditional requests (ETag / If-Modified-Since),
 * a timeout and a size limit, or a local file. Returns lines to parse, or "not modified".
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { linesOf, type LineStream } from './lines.js';

export type FetchOutcome =
  | { status: 'not-modified' }
  | ({ status: 'ok'; name: string; etag: string | null; lastModified: string | null } & LineStream);

export interface FetchOptions {
  etag: string | null;
  lastModified: string | null;
  maxBytes: number;
  timeoutMs?: number;
  userAgent?: string;
}

export class FeedFetchError extends Error {}

export async function openFeedLocation(location: string, options: FetchOptions): Promise<FetchOutcome> {
  if (!/^https?:\/\//i.test(location)) {
    const file = path.resolve(location);
    return {
      status: 'ok',
      name: path.basename(file),
      etag: null,
      lastModified: null,
      ...linesOf(createReadStream(file), options.maxBytes),
    };
  }
  const headers: Record<string, string> = {
    'user-agent': options.userAgent ?? 'lamsach-feed-fetcher',
    'accept-encoding': 'gzip',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  let response: Response;
  try {
    response = await fetch(location, {
      headers,
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${(options.timeoutMs ?? 120_000) / 1000} seconds`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new FeedFetchError(`cannot download ${location}: ${reason}`);
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 'not-modified' };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new FeedFetchError(
      `cannot download ${location}: the server answered ${response.status} ${response.statusText}`,
    );
  }
  const declared = Number(response.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body.cancel();
    throw new FeedFetchError(
      `cannot download ${location}: it is ${declared.toLocaleString('en')} bytes, over the limit of ${options.maxBytes.toLocaleString('en')}`,
    );
  }
  const body = response.body as unknown as AsyncIterable<Uint8Array>;
  return {
    status: 'ok',
    name: path.basename(new URL(location).pathname) || 'feed',
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    ...linesOf(body, options.maxBytes),
  };
}
