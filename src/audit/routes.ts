/** The audit trail, for administrators. */
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { idParam, type ZodApp } from '../server/zod-app.js';

export function registerAuditRoutes(app: ZodApp, services: Services): void {
  app.get(
    '/api/audit',
    {
      config: { access: { kind: 'administrator' } },
      schema: {
        tags: ['audit'],
        querystring: z.object({
          organisationId: idParam.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          before: idParam.optional(),
        }),
      },
    },
    async (request) => ({ items: await services.audit.list(await request.context(), request.query) }),
  );
}
