/**
 * HTTP routes of blocklists: definitions under `/api/distribution/lists`, and the feeds devices
 * pull — `/feeds/d/<token>/<list>.<ext>` for devices that cannot send headers, `/feeds/<list>`
 * with `Authorization: Bearer`. Feeds answer 304 to a matching If-None-Match before anything is
 * rendered, gzip when the device accepts it, and stream.
 */
import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { notFound } from '../server/errors.js';
import { idParam, type ZodApp } from '../server/zod-app.js';
import type { ListDefinition } from './feed-service.js';
import { listInput, listPatch } from './list-service.js';

const partQuery = z.object({ part: z.coerce.number().int().min(1).max(1000).default(1) });
/** `name.ext` or `name`; names never contain dots. */
const fileParam = z.string().min(1).max(80);
const listName = (file: string) => file.replace(/\.[a-z0-9]+$/i, '');

export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return coding.trim() === 'gzip' && (q === undefined || Number(q.slice(2)) > 0);
  });
}

export function registerDistributionRoutes(app: ZodApp, services: Services): void {
  const tags = ['distribution'];
  const { lists, feeds } = services.distribution;

  async function sendFeed(request: FastifyRequest, reply: FastifyReply, list: ListDefinition, part: number) {
    const feed = await feeds.prepare(list, part);
    void reply
      .header('etag', feed.etag)
      .header('cache-control', 'no-cache')
      .header('vary', 'accept-encoding');
    if (etagMatches(request.headers['if-none-match'], feed.etag)) return reply.status(304).send();
    const opened = await feed.open();
    const s = opened.summary;
    void reply
      .type(feed.contentType)
      .header('content-disposition', `inline; filename="${feed.fileName}"`)
      .header('x-lamsach-matched', String(s.matched))
      .header('x-lamsach-entries', String(s.included))
      .header('x-lamsach-part', `${s.part}/${s.parts}`);
    if (s.limit !== null) void reply.header('x-lamsach-limit', String(s.limit));
    if (s.cut) void reply.header('x-lamsach-cut', String(s.cut.count));
    const body = Readable.from(opened.chunks);
    if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(body);
    const gzip = createGzip();
    pipeline(body, gzip, (error) => {
      if (error) request.log.warn({ err: error }, 'blocklist stream failed');
    });
    return reply.header('content-encoding', 'gzip').send(gzip);
  }

  app.get(
    '/feeds/d/:token/:file',
    {
      // The token in the path is the credential, checked by the service. Request logging would
      // write it into the server log with the URL, so this route logs warnings only.
      logLevel: 'warn',
      config: { access: { kind: 'public' } },
      schema: {
        tags,
        summary: 'A blocklist for devices that cannot send headers (device token in the path)',
        params: z.object({ token: z.string().min(1).max(200), file: fileParam }),
        querystring: partQuery,
      },
    },
    async (request, reply) =>
      sendFeed(
        request,
        reply,
        await lists.forToken(request.params.token, listName(request.params.file)),
        request.query.part,
      ),
  );

  app.get(
    '/feeds/:file',
    {
      config: { access: { kind: 'authenticated', tokens: ['firewall'] } },
      schema: {
        tags,
        summary: 'A blocklist, device token in `Authorization: Bearer`',
        params: z.object({ file: fileParam }),
        querystring: partQuery,
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      if (actor?.type !== 'token') throw notFound(`list ${listName(request.params.file)}`);
      const list = await lists.byTokenId(actor.tokenId, actor.organisationId, listName(request.params.file));
      return sendFeed(request, reply, list, request.query.part);
    },
  );

  app.get(
    '/api/distribution/lists',
    {
      config: { access: { kind: 'organisation', action: 'read' } },
      schema: { tags, querystring: z.object({ organisationId: idParam }) },
    },
    async (request) => ({
      items: await lists.list(await request.context(), request.query.organisationId),
    }),
  );

  app.post(
    '/api/distribution/lists',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: { tags, body: listInput },
    },
    async (request, reply) =>
      reply.status(201).send(await lists.create(await request.context(), request.body)),
  );

  app.get(
    '/api/distribution/lists/:id',
    {
      config: { access: { kind: 'organisation', action: 'read' } },
      schema: { tags, params: z.object({ id: idParam }) },
    },
    async (request) => lists.get(await request.context(), request.params.id),
  );

  app.patch(
    '/api/distribution/lists/:id',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: { tags, params: z.object({ id: idParam }), body: listPatch },
    },
    async (request) => lists.update(await request.context(), request.params.id, request.body),
  );

  app.delete(
    '/api/distribution/lists/:id',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: { tags, params: z.object({ id: idParam }) },
    },
    async (request, reply) => {
      await lists.remove(await request.context(), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/distribution/lists/:id/token',
    {
      config: { access: { kind: 'organisation', action: 'edit' } },
      schema: {
        tags,
        summary: 'Issue a new device token; the old one stops working',
        params: z.object({ id: idParam }),
      },
    },
    async (request) => lists.rotateToken(await request.context(), request.params.id),
  );

  app.get(
    '/api/distribution/lists/:id/content',
    {
      config: { access: { kind: 'organisation', action: 'read' } },
      schema: {
        tags,
        summary: 'The list as its device receives it (for checking and manual download)',
        params: z.object({ id: idParam }),
        querystring: partQuery,
      },
    },
    async (request, reply) =>
      sendFeed(
        request,
        reply,
        await lists.definition(await request.context(), request.params.id),
        request.query.part,
      ),
  );
}
