/** Sign-in, sign-out, the current user and password changes. */
import { z } from 'zod';
import type { Services } from '../app/services.js';
import type { Config } from '../config/config.js';
import { sessionCookie } from '../server/app.js';
import { unauthenticated } from '../server/errors.js';
import type { ZodApp } from '../server/zod-app.js';

function secureCookies(config: Config): boolean {
  if (config.cookieSecure !== 'auto') return config.cookieSecure === 'true';
  return !['127.0.0.1', 'localhost', '::1'].includes(config.host);
}

export function registerAuthRoutes(app: ZodApp, services: Services, config: Config): void {
  const tags = ['auth'];
  app.post(
    '/api/auth/login',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags,
        body: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }),
      },
    },
    async (request, reply) => {
      const result = await services.auth.login(
        request.body.username.toLowerCase(),
        request.body.password,
        request.ip,
        request.headers['user-agent'] ?? null,
      );
      void reply.setCookie(sessionCookie, result.sessionToken, {
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies(config),
        path: '/',
        expires: result.expiresAt,
      });
      return { user: result.me, csrfToken: result.csrfToken };
    },
  );

  app.get('/api/auth/me', { config: { access: { kind: 'session' } }, schema: { tags } }, async (request) => {
    if (!request.session) throw unauthenticated();
    return {
      user: await services.auth.me(request.session.actor.userId),
      csrfToken: request.session.csrfToken,
    };
  });

  app.post(
    '/api/auth/logout',
    { config: { access: { kind: 'session' } }, schema: { tags } },
    async (request, reply) => {
      if (request.session) await services.auth.logout(request.session, request.ip);
      void reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: { kind: 'session' } },
      schema: {
        tags,
        body: z.object({
          currentPassword: z.string().min(1).max(256),
          newPassword: z.string().min(1).max(256),
        }),
      },
    },
    async (request, reply) => {
      if (!request.session) throw unauthenticated();
      await services.auth.changePassword(
        request.session.actor,
        request.body.currentPassword,
        request.body.newPassword,
        request.session.sessionId,
      );
      return reply.status(204).send();
    },
  );
}
