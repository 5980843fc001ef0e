/**
 * The composition root: config → logger → database (migrated) → services → HTTP server.
 * CLI commands open a runtime, do their work through the services and close it.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { effectiveDatabaseUrl, type Config } from '../config/config.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { buildApp } from '../server/app.js';
import { ensureKinds } from './bootstrap.js';
import { createServices, type Services } from './services.js';

export interface Runtime {
  config: Config;
  database: DatabaseHandle;
  services: Services;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, options: { migrate?: boolean } = {}): Promise<Runtime> {
  const database = openDatabase(effectiveDatabaseUrl(config));
  try {
    if (options.migrate !== false) {
      await migrateToLatest(database);
      await ensureKinds(database.db);
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  const services = createServices(config, database);
  if (options.migrate !== false) await services.intel.allowlists.ensureShipped();
  return { config, database, services, close: () => database.close() };
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startServer(runtime: Runtime, logger: Logger | false): Promise<RunningServer> {
  const app = await buildApp({ config: runtime.config, services: runtime.services, logger });
  const address = await app.listen({ host: runtime.config.host, port: runtime.config.port });
  const pruner = setInterval(() => {
    runtime.services.auth
      .pruneSessions()
      .catch((error: unknown) => app.log.warn({ err: error }, 'session pruning failed'));
  }, 3_600_000);
  pruner.unref();
  return {
    app,
    url: address.replace('[::1]', 'localhost'),
    async close() {
      clearInterval(pruner);
      await app.close();
    },
  };
}
