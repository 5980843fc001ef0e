/** HTTP routes of the organisation tree: validate, get the request context, call a service. */
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { idParam, isoDate, type ZodApp } from '../server/zod-app.js';
import type { OwnedKind } from './owned-data-service.js';

const orgParams = z.object({ id: idParam });
const itemParams = z.object({ id: idParam, itemId: idParam });
const nullableDate = isoDate.nullable();
const contactBody = z.object({
  name: z.string().trim().min(1).max(200),
  role: z.string().trim().max(200).default(''),
  email: z.email().max(254).nullable().default(null),
  phone: z
    .string()
    .trim()
    .max(50)
    .regex(/^[0-9+() .-]*$/, 'a phone number has digits, spaces and + ( ) . - only')
    .nullable()
    .default(null),
});

const ownedBodies: Record<OwnedKind, z.ZodType> = {
  'ip-ranges': z.object({ cidr: z.string().trim().min(1).max(100) }),
  asns: z.object({ asn: z.union([z.number().int(), z.string().trim().max(20)]) }),
  domains: z.object({ domain: z.string().trim().min(1).max(300) }),
  websites: z.object({ url: z.string().trim().min(1).max(2000) }),
  contacts: contactBody,
};

export function registerOrganisationRoutes(app: ZodApp, services: Services): void {
  const tags = ['organisations'];

  app.get(
    '/api/organisation-kinds',
    { config: { access: { kind: 'authenticated', tokens: ['script'] } }, schema: { tags } },
    async () => ({
      items: await services.organisations.kinds(),
    }),
  );

  app.post(
    '/api/organisation-kinds',
    {
      config: { access: { kind: 'national-administrator' } },
      schema: {
        tags,
        body: z.object({
          code: z
            .string()
            .trim()
            .regex(/^[a-z][a-z0-9_]{1,63}$/, 'a kind code has lower-case letters, digits and underscores'),
          nameVi: z.string().trim().min(1).max(100),
          nameEn: z.string().trim().min(1).max(100),
          rank: z.number().int().min(0).max(1000),
        }),
      },
    },
    async (request, reply) => {
      await services.organisations.addKind(await request.context(), request.body);
      return reply.status(201).send({ items: await services.organisations.kinds() });
    },
  );

  app.get(
    '/api/organisations',
    {
      config: { access: { kind: 'authenticated', tokens: ['script'] } },
      schema: {
        tags,
        summary: 'Organisations visible to the caller, as the tree was on a date',
        querystring: z.object({ at: isoDate.optional(), includeEnded: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request) => {
      const at = request.query.at ?? null;
      const includeEnded = request.query.includeEnded === 'true';
      return { at, items: await services.organisations.list(await request.context(), { at, includeEnded }) };
    },
  );

  app.get(
    '/api/organisations/:id',
    {
      config: { access: { kind: 'organisation', action: 'read', tokens: ['script'] } },
      schema: { tags, params: orgParams },
    },
    async (request) => services.organisations.detail(await request.context(), request.params.id),
  );

  app.post(
    '/api/organisations',
    {
      config: { access: { kind: 'organisation', action: 'add-child' } },
      schema: {
        tags,
        body: z.object({
          parentId: idParam,
          code: z
            .string()
            .trim()
            .regex(/^[A-Za-z0-9._-]{1,64}$/, 'a code has 1–64 letters, digits, dot, underscore or hyphen'),
          name: z.string().trim().min(1).max(300),
          kind: z.string().trim().min(1).max(64),
          validFrom: nullableDate.optional(),
          validTo: nullableDate.optional(),
        }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.organisations.create(await request.context(), request.body)),
  );

  app.patch(
    '/api/organisations/:id',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: {
        tags,
        params: orgParams,
        body: z
          .object({
            name: z.string().trim().min(1).max(300),
            code: z
              .string()
              .trim()
              .regex(/^[A-Za-z0-9._-]{1,64}$/),
            kind: z.string().trim().min(1).max(64),
            validFrom: nullableDate,
            validTo: nullableDate,
          })
          .partial()
          .strict(),
      },
    },
    async (request) =>
      services.organisations.update(await request.context(), request.params.id, request.body),
  );

  for (const kind of Object.keys(ownedBodies) as OwnedKind[]) {
    app.post(
      `/api/organisations/:id/${kind}`,
      {
        config: { access: { kind: 'organisation', action: 'edit' } },
        schema: { tags, params: orgParams, body: ownedBodies[kind] },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await services.ownedData.add(await request.context(), request.params.id, kind, request.body)),
    );
    app.delete(
      `/api/organisations/:id/${kind}/:itemId`,
      { config: { access: { kind: 'organisation', action: 'edit' } }, schema: { tags, params: itemParams } },
      async (request, reply) => {
        await services.ownedData.remove(
          await request.context(),
          request.params.id,
          kind,
          request.params.itemId,
        );
        return reply.status(204).send();
      },
    );
  }

  app.patch(
    '/api/organisations/:id/contacts/:itemId',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: { tags, params: itemParams, body: contactBody.partial().strict() },
    },
    async (request) =>
      services.ownedData.updateContact(
        await request.context(),
        request.params.id,
        request.params.itemId,
        request.body,
      ),
  );

  app.get(
    '/api/lookup',
    {
      config: { access: { kind: 'authenticated', tokens: ['script'] } },
      schema: {
        tags,
        summary: 'The organisation that owns an IP address (longest prefix) or a domain',
        querystring: z
          .object({
            ip: z.string().trim().max(100).optional(),
            domain: z.string().trim().max(300).optional(),
            at: isoDate.optional(),
          })
          .refine(
            (q) => (q.ip === undefined) !== (q.domain === undefined),
            'give exactly one of ip or domain',
          ),
      },
    },
    async (request) => services.ownership.lookup(await request.context(), request.query),
  );
}
