/** HTTP routes of observations and host records: validate, get the request context, call a service. */
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { idParam, isoDate, type ZodApp } from '../server/zod-app.js';
import { hostStatuses, manualStatuses } from './lifecycle.js';

const page = {
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
};
const orgParams = z.object({ id: idParam });
const hostParams = z.object({ id: idParam });
const mappingText = z
  .string()
  .max(2000)
  .regex(
    /^\s*[^=,]+=[^=,]+(\s*,\s*[^=,]+=[^=,]+)*\s*$/,
    'a mapping is column=field pairs separated by commas',
  );
const change = {
  status: z.enum(manualStatuses).optional(),
  assigneeUserId: idParam.nullable().optional(),
  note: z.string().trim().min(1).max(5000).optional(),
};

export function parseMapping(text: string): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const [column, field] = pair.split('=').map((s) => s.trim());
    // The parsers key the mapping by our field name (field → the column that holds it).
    if (column && field) mapping[field] = column;
  }
  return mapping;
}

/** Today and 30 days before it, the default period of the figures. */
function defaultPeriod(from: string | undefined, to: string | undefined): { from: string; to: string } {
  const end = to ?? new Date().toISOString().slice(0, 10);
  const start = from ?? new Date(Date.parse(`${end}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  return { from: start, to: end };
}

export function registerHostRoutes(app: ZodApp, services: Services): void {
  const tags = ['hosts'];
  const { hosts } = services;

  app.get(
    '/api/observations/formats',
    { config: { access: { kind: 'authenticated' } }, schema: { tags } },
    async () => ({ items: hosts.importer.formats }),
  );

  app.post(
    '/api/observations/import',
    {
      config: { access: { kind: 'national-administrator' } },
      bodyLimit: 60 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Import an infected-host report file (Shadowserver, Team Cymru, CTIP, Spamhaus, CZ.NIC, CSV)',
        body: z.object({
          content: z.string().min(1).max(50_000_000),
          fileName: z.string().trim().min(1).max(200),
          format: z.string().max(64).optional(),
          mapping: z.union([mappingText, z.record(z.string().max(200), z.string().max(200))]).optional(),
        }),
      },
    },
    async (request) => {
      const { content, fileName, format, mapping } = request.body;
      return hosts.importer.importFile(await request.context(), {
        fileName,
        text: content,
        ...(format ? { format } : {}),
        ...(mapping ? { mapping: typeof mapping === 'string' ? parseMapping(mapping) : mapping } : {}),
        trigger: 'upload',
      });
    },
  );

  app.get(
    '/api/observations/imports',
    {
      config: { access: { kind: 'national-administrator' } },
      schema: { tags, querystring: z.object({ limit: page.limit }) },
    },
    async (request) => ({
      items: await hosts.observations.imports(await request.context(), request.query.limit),
    }),
  );

  app.get(
    '/api/observations/unassigned',
    {
      config: { access: { kind: 'national-administrator' } },
      schema: {
        tags,
        summary: 'Observations no registered range or AS number owns',
        querystring: z.object(page),
      },
    },
    async (request) => hosts.observations.unassigned(await request.context(), request.query),
  );

  app.get(
    '/api/organisations/:id/observations',
    {
      config: { access: { kind: 'organisation', action: 'read', tokens: ['script'] } },
      schema: {
        tags,
        params: orgParams,
        querystring: z.object({
          ...page,
          ip: z.string().max(64).optional(),
          family: z.string().max(200).optional(),
        }),
      },
    },
    async (request) =>
      hosts.observations.forOrganisation(await request.context(), request.params.id, request.query),
  );

  app.get(
    '/api/organisations/:id/hosts',
    {
      config: { access: { kind: 'organisation', action: 'read', tokens: ['script'] } },
      schema: {
        tags,
        summary: 'Host records of the organisation and its subtree',
        params: orgParams,
        querystring: z.object({
          ...page,
          status: z.enum(hostStatuses).optional(),
          family: z.string().max(200).optional(),
          q: z.string().max(255).optional(),
          assigneeId: idParam.optional(),
        }),
      },
    },
    async (request) => hosts.service.list(await request.context(), request.params.id, request.query),
  );

  app.get(
    '/api/organisations/:id/host-figures',
    {
      config: { access: { kind: 'organisation', action: 'read', tokens: ['script'] } },
      schema: {
        tags,
        summary: 'Infected, notified, cleaned and verified hosts rolled up the tree, by unit, family and day',
        params: orgParams,
        querystring: z.object({ from: isoDate.optional(), to: isoDate.optional() }),
      },
    },
    async (request) =>
      hosts.service.figures(
        await request.context(),
        request.params.id,
        defaultPeriod(request.query.from, request.query.to),
      ),
  );

  app.get(
    '/api/hosts/check',
    {
      config: { access: { kind: 'authenticated', tokens: ['script'] } },
      schema: {
        tags,
        summary: 'Host records for an address or range inside the caller’s subtree',
        querystring: z.object({ value: z.string().trim().min(1).max(100) }),
      },
    },
    async (request) => hosts.service.check(await request.context(), request.query.value),
  );

  app.get(
    '/api/hosts/:id',
    {
      config: { access: { kind: 'organisation', action: 'read', tokens: ['script'] } },
      schema: { tags, params: hostParams },
    },
    async (request) => hosts.service.detail(await request.context(), request.params.id),
  );

  app.patch(
    '/api/hosts/:id',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: { tags, params: hostParams, body: z.object(change).strict() },
    },
    async (request) => {
      const [view] = await hosts.service.change(await request.context(), [request.params.id], request.body);
      return view;
    },
  );

  app.post(
    '/api/hosts/bulk',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: {
        tags,
        summary: 'One change (status, assignee, note) to many hosts; all or none',
        body: z.object({ ids: z.array(idParam).min(1).max(1000), ...change }).strict(),
      },
    },
    async (request) => {
      const { ids, ...rest } = request.body;
      return { items: await hosts.service.change(await request.context(), ids, rest) };
    },
  );
}
