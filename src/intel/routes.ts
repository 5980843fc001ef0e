/** HTTP routes of threat intelligence: indicators, check, feeds, allowlists. */
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { idParam, type ZodApp } from '../server/zod-app.js';
import { allowlistKinds } from './allowlist-service.js';
import { feedSourceInput, feedSourcePatch } from './feed-source-service.js';
import { feedFormats } from './feeds/registry.js';
import { indicatorTypes, threatTypes } from './model.js';

const nameParams = z.object({ name: z.string().min(1).max(64) });
const paging = {
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};

export function registerIntelRoutes(app: ZodApp, services: Services): void {
  const tags = ['intel'];
  const { intel } = services;

  app.get(
    '/api/intel/indicators',
    {
      config: { access: { kind: 'authenticated', tokens: ['script'] } },
      schema: {
        tags,
        querystring: z.object({
          q: z.string().max(300).optional(),
          type: z.enum(indicatorTypes).optional(),
          threatType: z.enum(threatTypes).optional(),
          family: z.string().max(100).optional(),
          source: z.string().max(64).optional(),
          status: z.enum(['active', 'expired', 'allowlisted']).optional(),
          ...paging,
        }),
      },
    },
    async (request) => intel.indicators.search(request.query),
  );

  app.get(
    '/api/intel/indicators/:id',
    {
      config: { access: { kind: 'authenticated', tokens: ['script'] } },
      schema: { tags, params: z.object({ id: idParam }) },
    },
    async (request) => intel.indicators.detail(request.params.id),
  );

  app.get(
    '/api/intel/check',
    {
      config: { access: { kind: 'authenticated', tokens: ['script'] } },
      schema: {
        tags,
        summary: 'Explain whether and why a value matches the indicators',
        querystring: z.object({ value: z.string().trim().min(1).max(2000) }),
      },
    },
    async (request) => intel.indicators.check(request.query.value),
  );

  app.get(
    '/api/intel/formats',
    { config: { access: { kind: 'authenticated', tokens: ['script'] } }, schema: { tags } },
    async () => ({
      items: feedFormats.map((f) => ({ id: f.id, title: f.title })),
    }),
  );

  app.get(
    '/api/intel/feeds',
    { config: { access: { kind: 'national-administrator' } }, schema: { tags } },
    async (request) => ({ items: await intel.sources.list(await request.context()) }),
  );

  app.post(
    '/api/intel/feeds',
    { config: { access: { kind: 'national-administrator' } }, schema: { tags, body: feedSourceInput } },
    async (request, reply) =>
      reply.status(201).send(await intel.sources.create(await request.context(), request.body)),
  );

  app.patch(
    '/api/intel/feeds/:name',
    {
      config: { access: { kind: 'national-administrator' } },
      schema: { tags, params: nameParams, body: feedSourcePatch },
    },
    async (request) => intel.sources.update(await request.context(), request.params.name, request.body),
  );

  app.delete(
    '/api/intel/feeds/:name',
    { config: { access: { kind: 'national-administrator' } }, schema: { tags, params: nameParams } },
    async (request, reply) => {
      await intel.sources.remove(await request.context(), request.params.name);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/intel/feeds/:name/runs',
    {
      config: { access: { kind: 'national-administrator' } },
      schema: {
        tags,
        params: nameParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) }),
      },
    },
    async (request) => ({
      items: await intel.sources.runs(await request.context(), request.params.name, request.query.limit),
    }),
  );

  app.post(
    '/api/intel/feeds/:name/pull',
    {
      config: { access: { kind: 'national-administrator' } },
      schema: {
        tags,
        params: nameParams,
        body: z.object({ confirmShrink: z.boolean().default(false) }).default({ confirmShrink: false }),
      },
    },
    async (request) =>
      intel.pull.pull(await request.context(), request.params.name, {
        trigger: 'manual',
        confirmShrink: request.body.confirmShrink,
      }),
  );

  app.post(
    '/api/intel/feeds/:name/import',
    {
      config: { access: { kind: 'national-administrator' } },
      // Files up to 50 MB, and JSON escaping makes the body larger than the file.
      bodyLimit: 60 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import an uploaded feed file into a source (for air-gapped sites)',
        params: nameParams,
        body: z.object({
          content: z.string().min(1).max(50_000_000),
          fileName: z.string().max(200).optional(),
          format: z.string().max(64).optional(),
          confirmShrink: z.boolean().default(false),
        }),
      },
    },
    async (request) => {
      const { content, fileName, format, confirmShrink } = request.body;
      const report = await intel.importer.run(await request.context(), {
        source: request.params.name,
        lines: (async function* () {
          yield* content.split(/\r?\n/);
        })(),
        ...(fileName ? { name: fileName } : {}),
        ...(format ? { format } : {}),
        trigger: 'upload',
        confirmShrink,
        bytes: () => Buffer.byteLength(content),
      });
      intel.indicators.invalidate();
      return report;
    },
  );

  app.get(
    '/api/intel/allowlists',
    {
      config: { access: { kind: 'authenticated', tokens: ['script'] } },
      schema: {
        tags,
        querystring: z.object({
          list: z.string().max(64).optional(),
          q: z.string().max(300).optional(),
          ...paging,
        }),
      },
    },
    async (request) => intel.allowlists.list(await request.context(), request.query),
  );

  app.post(
    '/api/intel/allowlists',
    {
      config: { access: { kind: 'national-administrator' } },
      schema: {
        tags,
        body: z.object({
          list: z
            .string()
            .trim()
            .regex(
              /^[a-z0-9][a-z0-9._-]{0,63}$/,
              'a list name has lower-case letters, digits, dot, underscore or hyphen',
            ),
          kind: z.enum(allowlistKinds),
          value: z.string().trim().min(1).max(2000),
          reason: z.string().trim().min(1).max(500),
        }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await intel.allowlists.add(await request.context(), request.body)),
  );

  app.delete(
    '/api/intel/allowlists/:id',
    {
      config: { access: { kind: 'national-administrator' } },
      schema: { tags, params: z.object({ id: idParam }) },
    },
    async (request, reply) => {
      await intel.allowlists.remove(await request.context(), request.params.id);
      return reply.status(204).send();
    },
  );
}
