/** API token administration. */
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { tokenPurposes } from '../authz/actor.js';
import { idParam, type ZodApp } from '../server/zod-app.js';

export function registerTokenRoutes(app: ZodApp, services: Services): void {
  const tags = ['tokens'];
  app.get(
    '/api/tokens',
    { config: { access: { kind: 'administrator' } }, schema: { tags } },
    async (request) => ({
      items: await services.tokens.list(await request.context()),
    }),
  );

  app.post(
    '/api/tokens',
    {
      config: { access: { kind: 'organisation', action: 'manage-access' } },
      schema: {
        tags,
        body: z.object({
          name: z.string().trim().min(1).max(100),
          purpose: z.enum(tokenPurposes),
          organisationId: idParam,
          expiresAt: z.iso.datetime().nullable().default(null),
        }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.tokens.create(await request.context(), request.body)),
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { access: { kind: 'organisation', action: 'manage-access' } },
      schema: { tags, params: z.object({ id: idParam }) },
    },
    async (request, reply) => {
      await services.tokens.revoke(await request.context(), request.params.id);
      return reply.status(204).send();
    },
  );
}
