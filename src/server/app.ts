/**
 * Builds the Fastify server: validation with zod, the OpenAPI document, authentication of every
 * request (session cookie with CSRF check, or bearer token), the uniform error shape, health
 * endpoints, the capability routes and the web UI.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Services } from '../app/services.js';
import { registerAuditRoutes } from '../audit/routes.js';
import { registerAuthRoutes } from '../auth/routes.js';
import type { SessionContext } from '../auth/auth-service.js';
import type { Actor } from '../authz/actor.js';
import type { Config } from '../config/config.js';
import { registerFleetRoutes } from '../fleet/routes.js';
import { registerIntelRoutes } from '../intel/routes.js';
import { registerDistributionRoutes } from '../distribution/routes.js';
import { registerHostRoutes } from '../hosts/routes.js';
import { registerSelfcheckRoutes } from '../selfcheck/routes.js';
import { registerNotificationRoutes } from '../mail/routes.js';
import { registerInterchangeRoutes } from '../organisations/interchange-routes.js';
import { registerOrganisationRoutes } from '../organisations/routes.js';
import { registerTokenRoutes } from '../tokens/routes.js';
import { registerUserRoutes } from '../users/routes.js';
import { registerCampaignRoutes } from '../campaigns/routes.js';
import { registerReportRoutes } from '../reports/routes.js';
import type { AccessRule } from './access.js';
import type { RequestContext } from './context.js';
import { AppError, forbidden, unauthenticated } from './errors.js';

export const sessionCookie = 'lamsach_session';

/** A registered route as the server knows it; tests walk this list. */
export interface RouteEntry {
  method: string;
  url: string;
  access: AccessRule | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeCatalog: RouteEntry[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionContext | null;
    context(): Promise<RequestContext>;
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));

function defaultWebDir(): string {
  // src/server → ../../dist/web ; dist/server → ../web
  const candidates = [path.resolve(here, '../web'), path.resolve(here, '../../dist/web')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates[0]!;
}

export interface AppOptions {
  config: Config;
  services: Services;
  logger: Logger | false;
}

export async function buildApp({ config, services, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger === false ? undefined : logger,
    logger: logger === false ? false : undefined,
    trustProxy: config.trustProxy
      ? config.trustProxy
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : false,
    bodyLimit: 10 * 1024 * 1024,
  }) as unknown as FastifyInstance;
  const catalog: RouteEntry[] = [];
  app.decorate('routeCatalog', catalog);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') catalog.push({ method, url: route.url, access: route.config?.access });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'lamsach API',
        description: 'National malware-cleanup campaign platform',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: sessionCookie },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  // One scope computation per request, shared by the entry check and the handler.
  const contexts = new WeakMap<FastifyRequest, Promise<RequestContext>>();
  app.decorateRequest('context', function (this: FastifyRequest) {
    let context = contexts.get(this);
    if (!context) {
      context = services.contextFor(this.actor, this.ip);
      contexts.set(this, context);
    }
    return context;
  });

  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      request.actor = await services.auth.tokenActor(header.slice('Bearer '.length).trim());
      if (!request.actor) throw unauthenticated('the API token is unknown, expired or revoked');
      return;
    }
    const cookie = request.cookies[sessionCookie];
    if (!cookie) return;
    const session = await services.auth.session(cookie);
    if (!session) return;
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    if (unsafe && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError(
        403,
        'csrf_failed',
        'missing or wrong x-csrf-token header; reload the page and try again',
      );
    }
    request.session = session;
    request.actor = session.actor;
  });

  // Enforce each route's declared entry condition; finer checks happen in the services.
  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access.kind === 'public') return;
    const actor = request.actor;
    if (!actor) throw unauthenticated();
    if (access.kind === 'sensor') {
      if (actor.type !== 'token' || actor.purpose !== 'sensor')
        throw forbidden('this endpoint is for sensors (an API token of purpose sensor)');
      return;
    }
    if (access.kind === 'session') {
      if (actor.type !== 'user') throw forbidden('this endpoint is for signed-in users');
      return;
    }
    if (actor.type === 'user' && actor.mustChangePassword) {
      throw new AppError(403, 'password_change_required', 'change your one-time password first');
    }
    if (actor.type === 'token') {
      const allowed =
        access.kind === 'administrator' || access.kind === 'national-administrator'
          ? []
          : (access.tokens ?? []);
      if (!allowed.includes(actor.purpose))
        throw forbidden(`a ${actor.purpose} token may not call this endpoint`);
    }
    if (access.kind === 'administrator' && !services.authz.hasRole(actor, ['administrator'])) {
      throw forbidden('only administrators may do this');
    }
    if (access.kind === 'national-administrator') {
      const ctx = await request.context();
      if (!services.authz.isNationalAdministrator(ctx.actor, ctx.scope))
        throw forbidden('only administrators at the national level may do this');
    }
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status === 429) {
        const wait = error.details.find((d) => d.path === 'retryAfter')?.message;
        if (wait) void reply.header('retry-after', wait);
      }
      return reply
        .status(error.status)
        .send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({
        path: `${error.validationContext ?? ''}${v.instancePath.replaceAll('/', '.')}`.replace(/^\./, ''),
        message: v.message ?? 'invalid',
      }));
      return reply.status(400).send({
        error: {
          code: 'validation_failed',
          message: details.map((d) => `${d.path}: ${d.message}`).join('; '),
          details,
        },
      });
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({
        error: { code: 'internal', message: 'internal error; the server log has the details', details: [] },
      });
    }
    return reply
      .status(status)
      .send({ error: { code: error.code ?? 'bad_request', message: error.message, details: [] } });
  });

  app.get('/healthz', { config: { access: { kind: 'public' } }, schema: { hide: true } }, async () => ({
    status: 'ok',
  }));
  app.get(
    '/readyz',
    { config: { access: { kind: 'public' } }, schema: { hide: true } },
    async (_request, reply) => {
      const ready = await services.ready();
      return reply.status(ready.ok ? 200 : 503).send(ready);
    },
  );
  app.get('/api/openapi.json', { config: { access: { kind: 'public' } }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(async (api) => {
    const z = api.withTypeProvider<ZodTypeProvider>();
    registerAuthRoutes(z, services, config);
    registerInterchangeRoutes(z, services);
    registerDistributionRoutes(z, services);
    registerOrganisationRoutes(z, services);
    registerUserRoutes(z, services);
    registerTokenRoutes(z, services);
    registerAuditRoutes(z, services);
    registerFleetRoutes(z, services);
    registerIntelRoutes(z, services);
    registerCampaignRoutes(z, services);
    registerReportRoutes(z, services);
    registerHostRoutes(z, services);
    registerSelfcheckRoutes(z, services);
    registerNotificationRoutes(z, services);
  });

  const webDir = config.webDir ?? defaultWebDir();
  if (existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(webDir), wildcard: false, index: ['index.html'] });
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) {
        return reply.type('text/html').sendFile('index.html');
      }
      return reply.status(404).send({
        error: {
          code: 'not_found',
          message: `no route ${request.method} ${request.url.split('?')[0]}`,
          details: [],
        },
      });
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({
        error: {
          code: 'not_found',
          message: request.url.startsWith('/api/')
            ? `no route ${request.method} ${request.url.split('?')[0]}`
            : 'the web UI is not built: run `npm run build`',
          details: [],
        },
      }),
    );
  }
  return app;
}
