/** HTTP routes of campaign reports: templates, create pre-filled, edit, submit, review. */
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { idParam, type ZodApp } from '../server/zod-app.js';
import { reportCreateInput, reportUpdateInput, reviewInput } from './report-input.js';

const params = z.object({ id: idParam });

export function registerReportRoutes(app: ZodApp, services: Services): void {
  const tags = ['reports'];
  const { reports } = services;

  app.get(
    '/api/reports/templates',
    { config: { access: { kind: 'authenticated' } }, schema: { tags } },
    async () => ({
      items: await services.reportTemplates.list(),
    }),
  );

  app.get(
    '/api/reports',
    {
      config: { access: { kind: 'organisation', action: 'read' } },
      schema: { tags, querystring: z.object({ campaignId: z.coerce.number().int().positive() }) },
    },
    async (request) => ({ items: await reports.list(await request.context(), request.query.campaignId) }),
  );

  app.post(
    '/api/reports',
    {
      config: { access: { kind: 'organisation', action: 'report' } },
      schema: { tags, body: reportCreateInput },
    },
    async (request, reply) =>
      reply.status(201).send(await reports.create(await request.context(), request.body)),
  );

  app.get(
    '/api/reports/:id',
    { config: { access: { kind: 'organisation', action: 'read' } }, schema: { tags, params } },
    async (request) => reports.detail(await request.context(), request.params.id),
  );

  app.patch(
    '/api/reports/:id',
    {
      config: { access: { kind: 'organisation', action: 'report' } },
      schema: { tags, params, body: reportUpdateInput },
    },
    async (request) => reports.update(await request.context(), request.params.id, request.body),
  );

  app.post(
    '/api/reports/:id/submit',
    { config: { access: { kind: 'organisation', action: 'report' } }, schema: { tags, params } },
    async (request) => reports.submit(await request.context(), request.params.id),
  );

  app.post(
    '/api/reports/:id/review',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: { tags, params, body: reviewInput },
    },
    async (request) => reports.review(await request.context(), request.params.id, request.body),
  );

  app.get(
    '/api/reports/:id/export',
    {
      config: { access: { kind: 'organisation', action: 'read' } },
      schema: {
        tags,
        params,
        querystring: z.object({ format: z.enum(['docx', 'xlsx']), lang: z.enum(['vi', 'en']).default('vi') }),
      },
    },
    async (request, reply) => {
      const file = await reports.exportFile(
        await request.context(),
        request.params.id,
        request.query.format,
        request.query.lang,
      );
      return reply
        .header('content-type', file.mediaType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.content);
    },
  );
}
