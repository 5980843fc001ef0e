/** User administration. */
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { roles } from '../authz/actor.js';
import { idParam, type ZodApp } from '../server/zod-app.js';

export function registerUserRoutes(app: ZodApp, services: Services): void {
  const tags = ['users'];
  app.get(
    '/api/users',
    { config: { access: { kind: 'administrator' } }, schema: { tags } },
    async (request) => ({
      items: await services.users.list(await request.context()),
    }),
  );

  app.post(
    '/api/users',
    {
      config: { access: { kind: 'organisation', action: 'manage-access' } },
      schema: {
        tags,
        body: z.object({
          username: z.string().trim().min(2).max(64),
          displayName: z.string().trim().min(1).max(200),
          email: z.email().nullable().optional(),
          organisationId: idParam,
          roles: z.array(z.enum(roles)).min(1),
        }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.users.create(await request.context(), request.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: { kind: 'organisation', action: 'manage-access' } },
      schema: {
        tags,
        params: z.object({ id: idParam }),
        body: z
          .object({
            displayName: z.string().trim().min(1).max(200),
            roles: z.array(z.enum(roles)).min(1),
            disabled: z.boolean(),
          })
          .partial()
          .strict(),
      },
    },
    async (request) => services.users.update(await request.context(), request.params.id, request.body),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      config: { access: { kind: 'organisation', action: 'manage-access' } },
      schema: { tags, params: z.object({ id: idParam }) },
    },
    async (request) => services.users.resetPassword(await request.context(), request.params.id),
  );
}
