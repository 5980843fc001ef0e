/**
 * The sensor API on both databases: bundles signed with the key the server publishes, deltas
 * carrying exactly what changed (adds, allowlisted removals), a tampered bundle failing
 * verification, idempotent detection uploads stored under the token's organisation with an audit
 * row, heartbeats shown to the organisation's subtree only, and the silent warning.
 */
import { gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import { parseBundle, verifyBundle, type ParsedBundle } from '../../src/fleet/bundle-format.js';
import type { SensorView } from '../../src/fleet/fleet-service.js';
import type { PublicSigningKey } from '../../src/fleet/signing-key.js';
import { detectionId, toWire } from '../../src/fleet/wire.js';
import { IndicatorMatcher } from '../../src/detection/matcher.js';
import { backends } from '../support/backends.js';
import { call, callWithToken } from '../support/api.js';
import { createHarness, login, type Harness } from '../support/harness.js';
import { importIndicators } from '../support/indicators.js';

function read(response: LightMyRequestResponse, key: PublicSigningKey): ParsedBundle {
  expect(response.statusCode, response.body).toBe(200);
  const bytes = response.rawPayload;
  expect(verifyBundle(bytes, String(response.headers['x-lamsach-signature']), key.publicKeyPem)).toBe(true);
  expect(response.headers['x-lamsach-key-id']).toBe(key.keyId);
  return parseBundle(gunzipSync(bytes).toString('utf8'));
}

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `sensor API on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      let token: string;
      let siblingToken: string;
      let key: PublicSigningKey;

      beforeAll(async () => {
        h = await createHarness(backend, {
          sensors: { silentAfterMinutes: 10, bundlePublishSeconds: 0, keepChangesDays: 14 },
        });
        const ctx = await h.services.contextFor(operator('test'), null);
        const make = async (organisationId: number, name: string) =>
          (await h.services.tokens.create(ctx, { name, purpose: 'sensor', organisationId, expiresAt: null }))
            .token;
        token = await make(h.orgId.owner, 'sensor owner');
        siblingToken = await make(h.orgId.sibling, 'sensor sibling');
        await importIndicators(h, 'feed-a', ['evil-one.example', 'evil-two.example', '45.9.148.77']);
        const response = await call(h, null, 'GET', '/api/sensor/key');
        expect(response.statusCode).toBe(200);
        key = response.json<PublicSigningKey>();
      });
      afterAll(async () => h?.close());

      it('publishes one Ed25519 key, and signs full bundles and deltas with it', async () => {
        expect(key.algorithm).toBe('Ed25519');
        expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
        const again = (await call(h, null, 'GET', '/api/sensor/key')).json<PublicSigningKey>();
        expect(again.keyId).toBe(key.keyId);

        const full = read(await callWithToken(h, token, 'GET', '/api/sensor/bundle'), key);
        expect(full.header.kind).toBe('full');
        expect(full.adds.map((i) => i.value).sort()).toEqual([
          '45.9.148.77',
          'evil-one.example',
          'evil-two.example',
        ]);
        expect(full.adds.every((i) => i.sources?.[0] === 'feed-a')).toBe(true);
        const v1 = full.header.version;

        const same = read(await callWithToken(h, token, 'GET', `/api/sensor/bundle?since=${v1}`), key);
        expect(same.header).toMatchObject({ kind: 'delta', since: v1, version: v1, indicators: 3 });
        expect(same.adds).toEqual([]);
        expect(same.removes).toEqual([]);

        await importIndicators(h, 'feed-b', ['evil-three.example']);
        const ctx = await h.services.contextFor(operator('test'), null);
        await h.services.intel.allowlists.add(ctx, {
          list: 'local',
          kind: 'domain',
          value: 'evil-two.example',
          reason: 'our own test domain',
        });
        const delta = read(await callWithToken(h, token, 'GET', `/api/sensor/bundle?since=${v1}`), key);
        expect(delta.header.kind).toBe('delta');
        expect(delta.header.version).toBeGreaterThan(v1);
        expect(delta.adds.map((i) => i.value)).toEqual(['evil-three.example']);
        const removed = full.adds.find((i) => i.value === 'evil-two.example')!.id;
        expect(delta.removes).toEqual([removed]);
        expect(delta.header.indicators).toBe(3);

        // An unknown base version gets the whole set.
        const unknown = read(await callWithToken(h, token, 'GET', '/api/sensor/bundle?since=999999'), key);
        expect(unknown.header.kind).toBe('full');
        expect(unknown.adds.map((i) => i.value).sort()).toEqual([
          '45.9.148.77',
          'evil-one.example',
          'evil-three.example',
        ]);
      });

      it('gives a signature that fails on tampered bytes or another key', async () => {
        const response = await callWithToken(h, token, 'GET', '/api/sensor/bundle');
        const signature = String(response.headers['x-lamsach-signature']);
        const bytes = Buffer.from(response.rawPayload);
        expect(verifyBundle(bytes, signature, key.publicKeyPem)).toBe(true);
        bytes[bytes.length - 5]! ^= 1;
        expect(verifyBundle(bytes, signature, key.publicKeyPem)).toBe(false);
        const { generateKeyPairSync } = await import('node:crypto');
        const other = generateKeyPairSync('ed25519')
          .publicKey.export({ type: 'spki', format: 'pem' })
          .toString();
        expect(verifyBundle(response.rawPayload, signature, other)).toBe(false);
      });

      it('refuses sensor endpoints to users and other tokens, and sensor tokens elsewhere', async () => {
        const admin = await login(h.app, 'owner-administrator');
        expect((await call(h, admin, 'GET', '/api/sensor/bundle')).statusCode).toBe(403);
        expect((await callWithToken(h, token, 'GET', '/api/organisations')).statusCode).toBe(403);
        expect((await call(h, null, 'GET', '/api/sensor/bundle')).statusCode).toBe(401);
      });

      it('stores uploads once under the token organisation and acknowledges duplicates', async () => {
        const full = read(await callWithToken(h, token, 'GET', '/api/sensor/bundle'), key);
        const matcher = new IndicatorMatcher(full.adds, { validity: 'ignore' });
        const raw =
          '05-Jan-2026 08:00:03.123 client @0x7f 10.1.0.4#5353 (a.evil-one.example): query: a.evil-one.example IN A + (10.0.0.53)';
        const found = matcher.match({
          format: 'bind-query',
          sourceIp: '10.1.0.4',
          dnsQuestionName: 'a.evil-one.example',
        });
        expect(found).toHaveLength(1);
        const detection = { ...found[0]!, origin: { file: '/var/log/query.log', line: 4, raw } };
        const wire = toWire(detection);
        expect(wire.id).toBe(detectionId(detection));
        const first = await callWithToken(h, token, 'POST', '/api/sensor/detections', {
          detections: [wire, wire],
        });
        expect(first.statusCode, first.body).toBe(200);
        expect(first.json()).toEqual({ accepted: [wire.id, wire.id], inserted: 1, duplicates: 1 });
        const again = await callWithToken(h, token, 'POST', '/api/sensor/detections', { detections: [wire] });
        expect(again.json()).toEqual({ accepted: [wire.id], inserted: 0, duplicates: 1 });
        const rows = await h.services.database.db.selectFrom('detections').selectAll().execute();
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          organisation_id: h.orgId.owner,
          indicator_value: 'evil-one.example',
          internal_host: '10.1.0.4',
          raw_line: raw,
          how: 'parent-domain',
        });
        expect(rows[0]!.indicator_id).toBe(wire.indicator.id);
        const audit = await h.services.database.db
          .selectFrom('audit_log')
          .selectAll()
          .where('action', '=', 'detection.store')
          .execute();
        expect(audit.map((a) => a.actor_label)).toEqual(['token:sensor owner', 'token:sensor owner']);
        // Another organisation's sensor sending the same line stores its own row.
        const other = await callWithToken(h, siblingToken, 'POST', '/api/sensor/detections', {
          detections: [wire],
        });
        expect(other.json()).toMatchObject({ inserted: 1 });
        // A bad batch names the problem and stores nothing.
        const bad = await callWithToken(h, token, 'POST', '/api/sensor/detections', {
          detections: [{ ...wire, id: 'nope' }],
        });
        expect(bad.statusCode).toBe(400);
        expect(bad.body).toMatch(/detections\.0\.id/);
      });

      it('records heartbeats and shows sensors to their subtree, with a silent warning', async () => {
        const beat = {
          hostname: 'dns-1',
          version: '0.1.0',
          bundleVersion: 3,
          bundleGeneratedAt: new Date(Date.now() - 120_000).toISOString(),
          linesPerSecond: 12.5,
          linesTotal: 1000,
          linesNotUnderstood: 7,
          filesFollowed: 2,
          queueLength: 0,
        };
        const response = await callWithToken(h, token, 'POST', '/api/sensor/heartbeat', beat);
        expect(response.statusCode, response.body).toBe(200);
        const owner = await login(h.app, 'owner-viewer');
        const listed = (await call(h, owner, 'GET', '/api/sensors')).json<{
          silentAfterMinutes: number;
          items: SensorView[];
        }>();
        expect(listed.silentAfterMinutes).toBe(10);
        expect(listed.items).toHaveLength(1);
        const mine = listed.items[0]!;
        expect(mine).toMatchObject({
          name: 'sensor owner',
          hostname: 'dns-1',
          version: '0.1.0',
          bundleVersion: 3,
          linesPerSecond: 12.5,
          linesNotUnderstood: 7,
          filesFollowed: 2,
          detectionsUploaded: 1,
          silent: false,
        });
        expect(mine.bundleAgeSeconds).toBeGreaterThanOrEqual(119);
        const parent = await login(h.app, 'root-viewer');
        const all = (await call(h, parent, 'GET', '/api/sensors')).json<{ items: SensorView[] }>();
        expect(all.items.map((s) => s.name).sort()).toEqual(['sensor owner', 'sensor sibling']);
        const child = await login(h.app, 'child-administrator');
        expect((await call(h, child, 'GET', '/api/sensors')).json<{ items: SensorView[] }>().items).toEqual(
          [],
        );

        await h.services.database.db
          .updateTable('sensors')
          .set({ last_contact_at: new Date(Date.now() - 11 * 60_000).toISOString() })
          .where('id', '=', mine.id)
          .execute();
        const later = (await call(h, owner, 'GET', '/api/sensors')).json<{ items: SensorView[] }>();
        expect(later.items[0]).toMatchObject({ silent: true });
        expect(later.items[0]!.silentForSeconds).toBeGreaterThanOrEqual(660);
        const registered = await h.services.database.db
          .selectFrom('audit_log')
          .select('actor_label')
          .where('action', '=', 'sensor.register')
          .execute();
        expect(registered.map((r) => r.actor_label).sort()).toEqual([
          'token:sensor owner',
          'token:sensor sibling',
        ]);
      });
    },
  );
}
