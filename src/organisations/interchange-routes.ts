/** Import and export of the organisation tree over HTTP (CSV or JSON), for the web UI and scripts. */
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { AppError } from '../server/errors.js';
import { isoDate, type ZodApp } from '../server/zod-app.js';
import { exportOrganisations } from './export-service.js';
import { parseOrganisationsCsv, serialiseOrganisationsCsv } from './interchange/csv.js';
import { parseOrganisationsJson, serialiseOrganisationsJson } from './interchange/json.js';
import { formatParseError } from './interchange/record.js';

const format = z.enum(['csv', 'json']);

export function registerInterchangeRoutes(app: ZodApp, services: Services): void {
  const tags = ['organisations'];

  app.post(
    '/api/organisations/import',
    {
      config: { access: { kind: 'organisation', action: 'add-child' } },
      schema: {
        tags,
        summary: 'Import organisations from a CSV or JSON file, all or nothing',
        body: z.object({
          format,
          content: z.string().min(1).max(10_000_000),
          dryRun: z.boolean().default(false),
        }),
      },
    },
    async (request) => {
      const { content, dryRun } = request.body;
      const parsed =
        request.body.format === 'csv' ? parseOrganisationsCsv(content) : parseOrganisationsJson(content);
      if (!parsed.ok) {
        throw new AppError(
          400,
          'import_failed',
          `the file was not imported: ${parsed.errors.length}${parsed.truncated ? '+' : ''} problem(s)`,
          parsed.errors.map((e) => ({ path: `row ${e.row}`, message: formatParseError(e) })),
        );
      }
      const rows = parsed.records.map((_, i) => (request.body.format === 'csv' ? i + 2 : i + 1));
      return services.importer.import(await request.context(), parsed.records, { dryRun, rows });
    },
  );

  app.get(
    '/api/organisations/export',
    {
      config: { access: { kind: 'authenticated', tokens: ['script'] } },
      schema: {
        tags,
        summary: 'The visible organisations as a CSV or JSON file',
        querystring: z.object({ format: format.default('csv'), at: isoDate.optional() }),
      },
    },
    async (request, reply) => {
      const records = await exportOrganisations(
        services.database.db,
        services.authz,
        await request.context(),
        { at: request.query.at ?? null },
      );
      const csv = request.query.format === 'csv';
      const name = `lamsach-organisations${request.query.at ? `-${request.query.at}` : ''}.${request.query.format}`;
      return reply
        .header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(csv ? serialiseOrganisationsCsv(records) : serialiseOrganisationsJson(records));
    },
  );
}
