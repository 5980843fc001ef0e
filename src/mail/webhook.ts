/**
 * Webhook deliveries: a JSON POST signed with HMAC-SHA256 over "<timestamp>.<body>", so the
 * receiver can check both who sent it and that it is fresh (headers X-Lamsach-Timestamp and
 * X-Lamsach-Signature: sha256=<hex>). Failed attempts (network errors, 5xx, 429) are retried with
 * a growing pause; other 4xx answers are final.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const timestampHeader = 'x-lamsach-timestamp';
export const signatureHeader = 'x-lamsach-signature';

export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): true when the signature matches. */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface WebhookOutcome {
  ok: boolean;
  attempts: number;
  status: number | null;
  error: string | null;
}

export async function deliverWebhook(
  url: string,
  secret: string,
  payload: unknown,
  options: { attempts: number; backoffMs?: number; timeoutMs?: number; now?: () => Date } = { attempts: 3 },
): Promise<WebhookOutcome> {
  const body = JSON.stringify(payload);
  const backoff = options.backoffMs ?? 1000;
  let last: WebhookOutcome = { ok: false, attempts: 0, status: null, error: null };
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, backoff * 2 ** (attempt - 2)));
    const timestamp = String(Math.floor((options.now?.() ?? new Date()).getTime() / 1000));
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'lamsach-webhook/1',
          [timestampHeader]: timestamp,
          [signatureHeader]: signPayload(secret, timestamp, body),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true, attempts: attempt, status: response.status, error: null };
      last = { ok: false, attempts: attempt, status: response.status, error: `HTTP ${response.status}` };
      if (response.status < 500 && response.status !== 429) return last;
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      last = { ok: false, attempts: attempt, status: null, error: cause ?? (error as Error).message };
    }
  }
  return last;
}
