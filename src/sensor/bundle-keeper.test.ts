import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, indicatorLine, keyIdOf, removeLine } from '../fleet/bundle-format.js';
import type { MatcherIndicator } from '../detection/matcher.js';
import { BundleKeeper } from './bundle-keeper.js';
import type { SensorLog } from './log.js';
import { StateStore } from './state-store.js';

const pair = generateKeyPairSync('ed25519');
const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const indicator = (id: number, value: string): MatcherIndicator => ({
  id,
  type: 'domain',
  value,
  exactDomain: false,
  validFrom: null,
  validUntil: null,
  threatType: 'c2',
  family: null,
  confidence: 80,
  sources: ['feed'],
  port: null,
});

function bundle(
  kind: 'full' | 'delta',
  version: number,
  since: number | null,
  lines: string[],
  key = pair.privateKey,
) {
  const header = {
    format: BUNDLE_FORMAT,
    kind,
    version,
    since,
    generatedAt: new Date().toISOString(),
    indicators: 0,
  };
  const bytes = gzipSync(`${JSON.stringify(header)}\n${lines.map((l) => `${l}\n`).join('')}`);
  return { bytes, signature: sign(null, bytes, key).toString('base64') };
}

describe('BundleKeeper', () => {
  let dir: string;
  let store: StateStore;
  const messages: string[] = [];
  const log: SensorLog = {
    info: (m) => messages.push(m),
    warn: (m) => messages.push(m),
    error: (m) => messages.push(m),
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lamsach-keeper-'));
    store = new StateStore(dir);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies a full bundle and deltas, and replays them verified after a restart', () => {
    const keeper = new BundleKeeper(store, log);
    keeper.pin(pem, keyIdOf(pair.publicKey), 'test');
    const full = bundle('full', 1, null, [
      indicatorLine(indicator(1, 'a.example')),
      indicatorLine(indicator(2, 'b.example')),
    ]);
    expect(keeper.apply(full.bytes, full.signature)).toMatchObject({ ok: true, changed: true });
    const delta = bundle('delta', 2, 1, [indicatorLine(indicator(3, 'c.example')), removeLine(1)]);
    expect(keeper.apply(delta.bytes, delta.signature)).toMatchObject({ ok: true, changed: true });
    expect([...keeper.indicators.values()].map((i) => i.value).sort()).toEqual(['b.example', 'c.example']);
    expect(keeper.since).toBe(2);

    const restarted = new BundleKeeper(store, log);
    expect(restarted.loadPersisted()).toBe(true);
    expect(restarted.version).toBe(2);
    expect([...restarted.indicators.keys()].sort()).toEqual([2, 3]);
  });

  it('refuses a bundle signed by another key or altered, and keeps the last good set', () => {
    const keeper = new BundleKeeper(store, log);
    keeper.pin(pem, keyIdOf(pair.publicKey), 'test');
    const good = bundle('full', 1, null, [indicatorLine(indicator(1, 'a.example'))]);
    keeper.apply(good.bytes, good.signature);
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = bundle('full', 2, null, [indicatorLine(indicator(9, 'google.com'))], other);
    const refused = keeper.apply(forged.bytes, forged.signature);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok ? '' : refused.reason).toMatch(/signature does not verify with the pinned key/);
    const altered = bundle('full', 3, null, [indicatorLine(indicator(1, 'a.example'))]);
    altered.bytes[altered.bytes.length - 6]! ^= 0xff;
    expect(keeper.apply(altered.bytes, altered.signature)).toMatchObject({ ok: false });
    expect(keeper.version).toBe(1);
    expect([...keeper.indicators.values()].map((i) => i.value)).toEqual(['a.example']);
    // A delta for another base version does not apply either.
    const stray = bundle('delta', 5, 4, [removeLine(1)]);
    expect(keeper.apply(stray.bytes, stray.signature)).toMatchObject({ ok: false });
    expect(keeper.indicators.size).toBe(1);
    const restarted = new BundleKeeper(store, log);
    restarted.loadPersisted();
    expect(restarted.version).toBe(1);
  });
});
