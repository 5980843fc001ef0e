/** The sensor's calls to the lamsach server (bearer token, JSON, timeouts). */
import type { PublicSigningKey } from '../fleet/signing-key.js';
import type { Heartbeat, WireDetection } from '../fleet/wire.js';

export class ServerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface FetchedBundle {
  bytes: Buffer;
  signature: string;
  keyId: string;
}

export class ServerClient {
  private readonly base: string;

  constructor(
    server: string,
    private readonly token: string,
    /** aborts calls in flight when the sensor stops */
    private readonly stop: AbortSignal,
    private readonly timeoutMs = 60_000,
  ) {
    this.base = server.replace(/\/+$/, '');
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.stop]),
      });
    } catch (error) {
      // fetch says only "fetch failed"; the reason (ECONNREFUSED, a TLS problem…) is its cause.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new Error(`${method} ${this.base}${path}: ${reason}`);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let message = text.slice(0, 500);
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new ServerError(response.status, `${method} ${path}: HTTP ${response.status} ${message}`);
    }
    return response;
  }

  async key(): Promise<PublicSigningKey> {
    return (await (await this.request('GET', '/api/sensor/key')).json()) as PublicSigningKey;
  }

  async bundle(since: number | null): Promise<FetchedBundle> {
    const response = await this.request(
      'GET',
      `/api/sensor/bundle${since === null ? '' : `?since=${since}`}`,
    );
    return {
      bytes: Buffer.from(await response.arrayBuffer()),
      signature: response.headers.get('x-lamsach-signature') ?? '',
      keyId: response.headers.get('x-lamsach-key-id') ?? '',
    };
  }

  async upload(detections: readonly WireDetection[]): Promise<{ accepted: string[]; inserted: number }> {
    const response = await this.request('POST', '/api/sensor/detections', { detections });
    return (await response.json()) as { accepted: string[]; inserted: number };
  }

  async heartbeat(heartbeat: Heartbeat): Promise<void> {
    await this.request('POST', '/api/sensor/heartbeat', heartbeat);
  }
}
