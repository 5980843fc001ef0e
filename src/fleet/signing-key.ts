/**
 * The server's Ed25519 key for signing indicator bundles. Generated on first use and kept in the
 * database (so every server process sharing the database signs with the same key); the public key
 * is published at `GET /api/sensor/key` and sensors pin it on first contact or from `--server-key`.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { operator } from '../app/bootstrap.js';
import { writeAudit } from '../audit/audit.js';
import type { Database } from '../db/schema.js';
import { keyIdOf } from './bundle-format.js';

export interface PublicSigningKey {
  keyId: string;
  algorithm: 'Ed25519';
  publicKeyPem: string;
  createdAt: string;
}

interface LoadedKey extends PublicSigningKey {
  privateKey: KeyObject;
}

export class SigningKeyStore {
  private loaded: Promise<LoadedKey> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  private async load(): Promise<LoadedKey> {
    const existing = await this.db
      .selectFrom('sensor_signing_keys')
      .selectAll()
      .orderBy('id')
      .executeTakeFirst();
    if (existing) {
      return {
        keyId: existing.key_id,
        algorithm: 'Ed25519',
        publicKeyPem: existing.public_key_pem,
        createdAt: existing.created_at,
        privateKey: createPrivateKey(existing.private_key_pem),
      };
    }
    const pair = generateKeyPairSync('ed25519');
    const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const keyId = keyIdOf(pair.publicKey);
    const createdAt = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sensor_signing_keys')
        .values({
          key_id: keyId,
          public_key_pem: publicKeyPem,
          private_key_pem: privateKeyPem,
          created_at: createdAt,
        })
        .execute();
      await writeAudit(trx, {
        actor: operator('server'),
        organisationId: null,
        action: 'sensor-key.create',
        entityType: 'sensor_signing_key',
        entityId: keyId,
        after: { keyId, algorithm: 'Ed25519' },
      });
    });
    // Another process may have created one at the same moment: the oldest key wins everywhere.
    const first = await this.db
      .selectFrom('sensor_signing_keys')
      .selectAll()
      .orderBy('id')
      .executeTakeFirstOrThrow();
    return {
      keyId: first.key_id,
      algorithm: 'Ed25519',
      publicKeyPem: first.public_key_pem,
      createdAt: first.created_at,
      privateKey: createPrivateKey(first.private_key_pem),
    };
  }

  private key(): Promise<LoadedKey> {
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = null;
      throw error;
    });
    return this.loaded;
  }

  async publicKey(): Promise<PublicSigningKey> {
    const { keyId, algorithm, publicKeyPem, createdAt } = await this.key();
    return { keyId, algorithm, publicKeyPem, createdAt };
  }

  /** Base64 Ed25519 signature of the bytes, with the id of the key that made it. */
  async sign(bytes: Uint8Array): Promise<{ keyId: string; signature: string }> {
    const key = await this.key();
    return { keyId: key.keyId, signature: sign(null, bytes, key.privateKey).toString('base64') };
  }
}

/** The public key as a KeyObject (sensor side: from a pinned PEM). */
export const publicKeyFromPem = (pem: string): KeyObject => createPublicKey(pem);
