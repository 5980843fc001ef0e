/** HTTP routes of campaigns: create, legal basis, forwarding, acknowledgement, status matrix. */
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { idParam, type ZodApp } from '../server/zod-app.js';
import { campaignInput, fileInput, forwardInput, letterInput } from './campaign-input.js';

const params = z.object({ id: idParam });
const markBody = z.object({ organisationId: z.number().int().positive().optional() });

export function registerCampaignRoutes(app: ZodApp, services: Services): void {
  const tags = ['campaigns'];
  const { campaigns } = services;

  app.get(
    '/api/campaigns',
    { config: { access: { kind: 'authenticated' } }, schema: { tags } },
    async (request) => ({
      items: await campaigns.list(await request.context()),
    }),
  );

  app.post(
    '/api/campaigns',
    { config: { access: { kind: 'organisation', action: 'edit' } }, schema: { tags, body: campaignInput } },
    async (request, reply) =>
      reply.status(201).send(await campaigns.create(await request.context(), request.body)),
  );

  app.get(
    '/api/campaigns/:id',
    { config: { access: { kind: 'organisation', action: 'read' } }, schema: { tags, params } },
    async (request) => campaigns.detail(await request.context(), request.params.id),
  );

  app.post(
    '/api/campaigns/:id/letters',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: { tags, params, body: letterInput },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await campaigns.addLetter(await request.context(), request.params.id, request.body)),
  );

  app.post(
    '/api/campaigns/:id/letters/:letterId/files',
    {
      // base64 grows a file by a third; the service enforces the configured size limit
      bodyLimit: Math.ceil(services.campaignFileMaxBytes * 1.4) + 64 * 1024,
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: { tags, params: z.object({ id: idParam, letterId: idParam }), body: fileInput },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await campaigns.addFile(
            await request.context(),
            request.params.id,
            request.params.letterId,
            request.body,
          ),
        ),
  );

  app.get(
    '/api/campaigns/:id/files/:fileId',
    {
      config: { access: { kind: 'organisation', action: 'read' } },
      schema: { tags, params: z.object({ id: idParam, fileId: idParam }) },
    },
    async (request, reply) => {
      const file = await campaigns.file(await request.context(), request.params.id, request.params.fileId);
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .send(file.content);
    },
  );

  app.post(
    '/api/campaigns/:id/forward',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: { tags, params, body: forwardInput },
    },
    async (request) => campaigns.forward(await request.context(), request.params.id, request.body),
  );

  for (const step of ['acknowledge', 'deploy'] as const) {
    app.post(
      `/api/campaigns/:id/${step}`,
      {
        config: { access: { kind: 'organisation', action: 'report' } },
        schema: { tags, params, body: markBody },
      },
      async (request) =>
        campaigns.mark(await request.context(), request.params.id, step, request.body.organisationId),
    );
  }

  app.get(
    '/api/campaigns/:id/status',
    {
      config: { access: { kind: 'organisation', action: 'read' } },
      schema: {
        tags,
        params,
        querystring: z.object({
          organisationId: z.coerce.number().int().positive().optional(),
          depth: z.coerce.number().int().min(0).max(50).default(1),
        }),
      },
    },
    async (request) =>
      campaigns.status(await request.context(), request.params.id, {
        organisationId: request.query.organisationId,
        depth: request.query.depth,
      }),
  );
}
