/** Random secrets (session cookies, CSRF and API tokens) and their at-rest hashes. */
import { createHash, randomBytes } from 'node:crypto';

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Secrets are high-entropy random values, so a plain SHA-256 is the right at-rest hash. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
