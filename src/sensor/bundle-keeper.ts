/**
 * The sensor's indicator set: signed bundles as received (the last full one and the deltas on
 * top), kept in the state directory and verified again with the pinned key at every start. A
 * bundle whose signature does not verify is refused and the previous set stays in use; with no
 * server the sensor keeps matching against the last good set.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { MatcherIndicator } from '../detection/matcher.js';
import { BundleFormatError, parseBundle, verifyBundle, type BundleHeader } from '../fleet/bundle-format.js';
import type { SensorLog } from './log.js';
import type { StateStore } from './state-store.js';

/** After this many deltas on a full bundle, the next request asks for a full one. */
const MAX_CHAIN = 20;

export type ApplyOutcome =
  { ok: true; changed: boolean; header: BundleHeader } | { ok: false; reason: string };

function writeDurably(file: string, bytes: Uint8Array | string): void {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export class BundleKeeper {
  readonly indicators = new Map<number, MatcherIndicator>();
  header: BundleHeader | null = null;
  private chain: string[] = [];
  private readonly dir: string;

  constructor(
    private readonly store: StateStore,
    private readonly log: SensorLog,
  ) {
    this.dir = path.join(store.dir, 'bundles');
    mkdirSync(this.dir, { recursive: true });
  }

  get publicKeyPem(): string | null {
    return this.store.setting('server-key-pem');
  }

  pin(pem: string, keyId: string, how: string): void {
    const previous = this.publicKeyPem;
    if (previous === pem) return;
    this.store.setSetting('server-key-pem', pem);
    this.store.setSetting('server-key-id', keyId);
    this.log.warn(`pinned the server's bundle signing key ${keyId} (${how})`);
  }

  get version(): number | null {
    return this.header?.version ?? null;
  }

  /** The `since` to ask the server for: the current version, or nothing when a full bundle is due. */
  get since(): number | null {
    return this.header === null || this.chain.length > MAX_CHAIN ? null : this.header.version;
  }

  /** Replays the stored chain, verifying every bundle; true when a set is loaded. */
  loadPersisted(): boolean {
    const key = this.publicKeyPem;
    const stored = JSON.parse(this.store.setting('bundle-chain') ?? '[]') as string[];
    if (key === null || stored.length === 0) return false;
    for (const name of stored) {
      let bytes: Buffer;
      let signature: string;
      try {
        bytes = readFileSync(path.join(this.dir, name));
        signature = readFileSync(path.join(this.dir, `${name}.sig`), 'utf8').trim();
      } catch (error) {
        this.log.error(
          `stored bundle ${name} is unreadable (${(error as Error).message}); using what came before`,
        );
        break;
      }
      const outcome = this.applyVerified(bytes, signature, key, false);
      if (!outcome.ok) {
        this.log.error(`stored bundle ${name} refused: ${outcome.reason}; using what came before`);
        break;
      }
      this.chain.push(name);
    }
    if (this.chain.length !== stored.length)
      this.store.setSetting('bundle-chain', JSON.stringify(this.chain));
    return this.header !== null;
  }

  /**
   * Verifies a bundle from the server and applies it. A bundle that does not verify, does not
   * parse or does not fit the current version leaves the current set untouched.
   */
  apply(bytes: Buffer, signature: string): ApplyOutcome {
    const key = this.publicKeyPem;
    if (key === null) return { ok: false, reason: 'no server key is pinned' };
    return this.applyVerified(bytes, signature, key, true);
  }

  private applyVerified(bytes: Buffer, signature: string, key: string, persist: boolean): ApplyOutcome {
    if (!verifyBundle(bytes, signature, key))
      return {
        ok: false,
        reason: `signature does not verify with the pinned key ${this.store.setting('server-key-id') ?? ''}`,
      };
    let parsed;
    try {
      parsed = parseBundle(gunzipSync(bytes).toString('utf8'));
    } catch (error) {
      const message =
        error instanceof BundleFormatError ? error.message : `not gzip (${(error as Error).message})`;
      return { ok: false, reason: message };
    }
    const { header, adds, removes } = parsed;
    if (header.kind === 'delta') {
      if (this.header === null || header.since !== this.header.version)
        return {
          ok: false,
          reason: `delta from v${header.since} does not apply to v${this.header?.version ?? 'none'}`,
        };
      if (header.version === this.header.version && adds.length === 0 && removes.length === 0)
        return { ok: true, changed: false, header };
    }
    if (header.kind === 'full') this.indicators.clear();
    for (const id of removes) this.indicators.delete(id);
    for (const indicator of adds) this.indicators.set(indicator.id, indicator);
    this.header = header;
    if (persist) {
      const name = `${String(Date.now())}-${header.kind}-v${header.version}.gz`;
      writeDurably(path.join(this.dir, `${name}.sig`), signature);
      writeDurably(path.join(this.dir, name), bytes);
      const dropped = header.kind === 'full' ? this.chain : [];
      this.chain = header.kind === 'full' ? [name] : [...this.chain, name];
      this.store.setSetting('bundle-chain', JSON.stringify(this.chain));
      for (const old of dropped) {
        rmSync(path.join(this.dir, old), { force: true });
        rmSync(path.join(this.dir, `${old}.sig`), { force: true });
      }
    }
    return { ok: true, changed: true, header };
  }
}
