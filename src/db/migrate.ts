/** Applies pending migrations in order; each migration runs in its own transaction. */
import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { DatabaseHandle } from './database.js';
import { foundation } from './migrations/0001-foundation.js';
import { intel } from './migrations/0002-intel.js';
import { detections } from './migrations/0003-detections.js';
import { campaigns } from './migrations/0004-campaigns.js';
import { hosts } from './migrations/0005-hosts.js';
import { blocklists } from './migrations/0006-blocklists.js';
import { sensors } from './migrations/0007-sensors.js';

export function migrationsFor(handle: DatabaseHandle): Record<string, Migration> {
  return {
    '0001-foundation': foundation(handle.dialect),
    '0002-intel': intel(handle.dialect),
    '0003-detections': detections(handle.dialect),
    '0007-sensors': sensors(handle.dialect),
    '0004-campaigns': campaigns(handle.dialect),
    '0005-hosts': hosts(handle.dialect),
    '0006-blocklists': blocklists(handle.dialect),
  };
}

export interface MigrationOutcome {
  applied: string[];
}

export async function migrateToLatest(handle: DatabaseHandle): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrationsFor(handle) },
    migrationTableName: 'lamsach_migrations',
    migrationLockTableName: 'lamsach_migrations_lock',
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const cause = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new Error(`database migration ${failed} failed: ${cause}`);
  }
  return {
    applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  };
}
