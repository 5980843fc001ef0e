/**
 * Sensor endpoints (sensor tokens only): signed indicator bundles, detection uploads and
 * heartbeats; the public signing key; and the list of sensors for signed-in users.
 */
import { z } from 'zod';
import type { Services } from '../app/services.js';
import type { ZodApp } from '../server/zod-app.js';
import { heartbeatBody, wireDetection } from './wire.js';

export const MAX_UPLOAD_BATCH = 500;

export function registerFleetRoutes(app: ZodApp, services: Services): void {
  const tags = ['sensors'];
  const { fleet } = services;

  app.get('/api/sensor/key', { config: { access: { kind: 'public' } }, schema: { tags } }, async () =>
    fleet.keys.publicKey(),
  );

  app.get(
    '/api/sensor/bundle',
    {
      config: { access: { kind: 'sensor' } },
      schema: {
        tags,
        querystring: z.object({ since: z.coerce.number().int().nonnegative().optional() }),
      },
    },
    async (request, reply) => {
      const ctx = await request.context();
      await fleet.sensors.touch(ctx);
      const bundle = await fleet.bundles.bundle(request.query.since ?? null);
      return reply
        .header('content-type', 'application/gzip')
        .header('x-lamsach-bundle-kind', bundle.kind)
        .header('x-lamsach-bundle-version', String(bundle.version))
        .header('x-lamsach-signature', bundle.signature)
        .header('x-lamsach-key-id', bundle.keyId)
        .send(bundle.bytes);
    },
  );

  app.post(
    '/api/sensor/detections',
    {
      bodyLimit: 64 * 1024 * 1024,
      config: { access: { kind: 'sensor' } },
      schema: { tags, body: z.object({ detections: z.array(wireDetection).max(MAX_UPLOAD_BATCH) }) },
    },
    async (request) => fleet.sensors.upload(await request.context(), request.body.detections),
  );

  app.post(
    '/api/sensor/heartbeat',
    { config: { access: { kind: 'sensor' } }, schema: { tags, body: heartbeatBody } },
    async (request) => {
      await fleet.sensors.touch(await request.context(), request.body);
      return { ok: true, serverTime: new Date().toISOString() };
    },
  );

  app.get(
    '/api/sensors',
    { config: { access: { kind: 'authenticated' } }, schema: { tags } },
    async (request) => fleet.sensors.list(await request.context()),
  );
}
