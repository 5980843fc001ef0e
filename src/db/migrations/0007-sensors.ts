/**
 * Sensors: the server's Ed25519 signing key for indicator bundles, the published bundle versions
 * with their members (one compact line per indicator, exactly as shipped) and the change log that
 * makes delta updates possible, and each sensor's last heartbeat.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId } from './columns.js';

type Db = Kysely<unknown>;

export function sensors(dialect: Dialect) {
  return {
    async up(db: Db): Promise<void> {
      await withId(db.schema.createTable('sensor_signing_keys'), dialect)
        .addColumn('key_id', 'text', (c) => c.notNull().unique())
        .addColumn('public_key_pem', 'text', (c) => c.notNull())
        .addColumn('private_key_pem', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('sensor_bundle_versions'), dialect)
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('indicator_count', 'integer', (c) => c.notNull())
        .addColumn('added', 'integer', (c) => c.notNull())
        .addColumn('removed', 'integer', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sensor_bundle_members')
        .addColumn('indicator_id', 'bigint', (c) => c.primaryKey())
        .addColumn('line', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('sensor_bundle_changes'), dialect)
        .addColumn('version', 'bigint', (c) =>
          c.notNull().references('sensor_bundle_versions.id').onDelete('cascade'),
        )
        .addColumn('indicator_id', 'bigint', (c) => c.notNull())
        .addColumn('op', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sensor_bundle_changes_version')
        .on('sensor_bundle_changes')
        .columns(['version', 'indicator_id'])
        .execute();

      await withId(db.schema.createTable('sensors'), dialect)
        .addColumn('token_id', 'bigint', (c) =>
          c.notNull().unique().references('api_tokens.id').onDelete('cascade'),
        )
        .addColumn('organisation_id', 'bigint', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('hostname', 'text')
        .addColumn('address', 'text')
        .addColumn('first_contact_at', 'text', (c) => c.notNull())
        .addColumn('last_contact_at', 'text', (c) => c.notNull())
        .addColumn('last_heartbeat_at', 'text')
        .addColumn('version', 'text')
        .addColumn('bundle_version', 'integer')
        .addColumn('bundle_generated_at', 'text')
        .addColumn('lines_per_second', 'real')
        .addColumn('lines_total', 'bigint')
        .addColumn('lines_not_understood', 'bigint')
        .addColumn('files_followed', 'integer')
        .addColumn('queue_length', 'integer')
        .addColumn('detections_uploaded', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('sensors_organisation').on('sensors').column('organisation_id').execute();
    },
    async down(): Promise<void> {
      throw new Error('the sensors migration cannot be reverted');
    },
  };
}
