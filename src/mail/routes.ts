/** HTTP routes of notifications: digests on demand, the webhook of an organisation, the delivery log. */
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { idParam, type ZodApp } from '../server/zod-app.js';

const orgParams = z.object({ id: idParam });

export function registerNotificationRoutes(app: ZodApp, services: Services): void {
  const tags = ['notifications'];
  const { notifications } = services;

  app.get(
    '/api/organisations/:id/notifications',
    {
      config: { access: { kind: 'organisation', action: 'read' } },
      schema: { tags, summary: 'Webhook, next allowed digest and recent deliveries', params: orgParams },
    },
    async (request) => notifications.overview(await request.context(), request.params.id),
  );

  app.post(
    '/api/organisations/:id/digest',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: {
        tags,
        summary: 'Send the digest of new and reopened hosts now (unless one went out within the interval)',
        params: orgParams,
      },
    },
    async (request) => notifications.digest(await request.context(), request.params.id),
  );

  app.put(
    '/api/organisations/:id/webhook',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: {
        tags,
        params: orgParams,
        body: z.object({
          url: z.string().trim().min(1).max(2000),
          enabled: z.boolean().default(true),
          secret: z.string().min(16).max(200).optional(),
        }),
      },
    },
    async (request) => notifications.setWebhook(await request.context(), request.params.id, request.body),
  );

  app.delete(
    '/api/organisations/:id/webhook',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: { tags, params: orgParams },
    },
    async (request, reply) => {
      await notifications.removeWebhook(await request.context(), request.params.id);
      return reply.status(204).send();
    },
  );
}
