/** Threat intelligence: feed sources and their runs, indicators with per-source provenance, allowlists. */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId } from './columns.js';

type Db = Kysely<unknown>;

export function intel(dialect: Dialect) {
  return {
    async up(db: Db): Promise<void> {
      await withId(db.schema.createTable('feed_sources'), dialect)
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('location', 'text')
        .addColumn('format', 'text')
        .addColumn('options_json', 'text')
        .addColumn('schedule_minutes', 'integer')
        .addColumn('default_threat_type', 'text')
        .addColumn('default_family', 'text')
        .addColumn('default_confidence', 'integer', (c) => c.notNull().defaultTo(50))
        .addColumn('expiry_days', 'integer', (c) => c.notNull().defaultTo(30))
        .addColumn('max_bytes', 'bigint', (c) => c.notNull().defaultTo(200 * 1024 * 1024))
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('last_run_at', 'text')
        .addColumn('last_status', 'text')
        .addColumn('last_error', 'text')
        .addColumn('last_count', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('feed_runs'), dialect)
        .addColumn('source_id', 'bigint', (c) =>
          c.notNull().references('feed_sources.id').onDelete('cascade'),
        )
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('format', 'text')
        .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('lines', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('added', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('delisted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expired', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('allowlisted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rejections_json', 'text')
        .addColumn('message', 'text')
        .execute();
      await db.schema.createIndex('feed_runs_source').on('feed_runs').columns(['source_id', 'id']).execute();

      await withId(db.schema.createTable('indicators'), dialect)
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('exact_domain', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('threat_type', 'text')
        .addColumn('family', 'text')
        .addColumn('confidence', 'integer', (c) => c.notNull())
        .addColumn('tags_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('source_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('allowlist_reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('indicators_value')
        .on('indicators')
        .columns(['type', 'value'])
        .unique()
        .execute();
      await db.schema.createIndex('indicators_lookup').on('indicators').column('value').execute();
      await db.schema.createIndex('indicators_expiry').on('indicators').column('expires_at').execute();

      await db.schema
        .createTable('indicator_sources')
        .addColumn('indicator_id', 'bigint', (c) =>
          c.notNull().references('indicators.id').onDelete('cascade'),
        )
        .addColumn('source_id', 'bigint', (c) =>
          c.notNull().references('feed_sources.id').onDelete('cascade'),
        )
        .addColumn('listed', 'integer', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('threat_type', 'text')
        .addColumn('family', 'text')
        .addColumn('confidence', 'integer', (c) => c.notNull())
        .addColumn('tags_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('description', 'text')
        .addColumn('port', 'integer')
        .addPrimaryKeyConstraint('indicator_sources_pk', ['indicator_id', 'source_id'])
        .execute();
      await db.schema
        .createIndex('indicator_sources_source')
        .on('indicator_sources')
        .columns(['source_id', 'listed'])
        .execute();

      await withId(db.schema.createTable('allowlist_entries'), dialect)
        .addColumn('list', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('shipped', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('allowlist_entries_value')
        .on('allowlist_entries')
        .columns(['list', 'kind', 'value'])
        .unique()
        .execute();
    },
    async down(): Promise<void> {
      throw new Error('the intel migration cannot be reverted');
    },
  };
}
