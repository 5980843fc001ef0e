/**
 * The public self-check and statistics (no sign-in; the address is the connection's own, so there
 * is no parameter to ask about anyone else) and the national administrators' reference tables.
 */
import { z } from 'zod';
import type { Services } from '../app/services.js';
import type { ZodApp } from '../server/zod-app.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const familyBody = z.object({
  name: text(200),
  descriptionVi: text(5000),
  descriptionEn: text(5000),
  cleanupVi: text(5000),
  cleanupEn: text(5000),
});
const toolBody = z.object({
  name: text(200),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  descriptionVi: z.string().trim().max(2000).default(''),
  descriptionEn: z.string().trim().max(2000).default(''),
});
const versionPattern = /^\d+(\.\d+){0,3}$/;
const versionBody = z.object({
  label: text(100),
  kind: z.enum(['browser', 'os']),
  currentVersion: z
    .string()
    .regex(versionPattern, 'a version is numbers separated by dots, e.g. 142 or 17.5'),
  minimumVersion: z
    .string()
    .regex(versionPattern, 'a version is numbers separated by dots, e.g. 142 or 17.5'),
});
const key = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'a key has lower-case letters, digits, dot, underscore or hyphen');

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function registerSelfcheckRoutes(app: ZodApp, services: Services): void {
  const tags = ['self-check'];
  const { selfcheck } = services;

  app.get(
    '/api/public/check',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags,
        summary: "Is the caller's own address listed; is the browser or operating system out of date",
        // Client hints read by the page's script (navigator.userAgentData) when headers lack them.
        querystring: z.object({
          platform: z.string().max(100).optional(),
          platformVersion: z.string().max(100).optional(),
          fullVersionList: z.string().max(1000).optional(),
        }),
      },
    },
    async (request, reply) => {
      const h = request.headers;
      const q = request.query;
      void reply.header('cache-control', 'no-store');
      return selfcheck.publicCheck(request.ip, header(h['user-agent']) ?? '', {
        brands: header(h['sec-ch-ua']),
        fullVersionList: q.fullVersionList ?? header(h['sec-ch-ua-full-version-list']),
        platform: q.platform ?? header(h['sec-ch-ua-platform']),
        platformVersion: q.platformVersion ?? header(h['sec-ch-ua-platform-version']),
      });
    },
  );

  app.get(
    '/api/public/stats',
    {
      config: { access: { kind: 'public' } },
      schema: { tags, summary: 'Listed addresses by province, family and day (aggregates only)' },
    },
    async () => selfcheck.publicStats(),
  );

  app.get(
    '/api/selfcheck/reference',
    { config: { access: { kind: 'authenticated' } }, schema: { tags } },
    async () => ({
      families: await selfcheck.families(),
      tools: await selfcheck.tools(),
      versions: await selfcheck.versions(),
    }),
  );

  app.put(
    '/api/selfcheck/families/:family',
    {
      config: { access: { kind: 'national-administrator' } },
      schema: { tags, params: z.object({ family: key }), body: familyBody },
    },
    async (request) =>
      selfcheck.saveFamily(await request.context(), { family: request.params.family, ...request.body }),
  );

  app.delete(
    '/api/selfcheck/families/:family',
    {
      config: { access: { kind: 'national-administrator' } },
      schema: { tags, params: z.object({ family: key }) },
    },
    async (request, reply) => {
      await selfcheck.removeFamily(await request.context(), request.params.family);
      return reply.status(204).send();
    },
  );

  app.put(
    '/api/selfcheck/tools',
    {
      config: { access: { kind: 'national-administrator' } },
      schema: { tags, body: z.object({ items: z.array(toolBody).max(50) }) },
    },
    async (request) => ({ items: await selfcheck.replaceTools(await request.context(), request.body.items) }),
  );

  app.put(
    '/api/selfcheck/versions/:product',
    {
      config: { access: { kind: 'national-administrator' } },
      schema: { tags, params: z.object({ product: key }), body: versionBody },
    },
    async (request) =>
      selfcheck.saveVersion(await request.context(), { product: request.params.product, ...request.body }),
  );
}
