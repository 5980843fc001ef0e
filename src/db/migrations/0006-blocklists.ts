/**
 * Blocklists for devices: each organisation's list definitions (name, format, filters, limit) and
 * the device token that guards each. The content columns remember the last rendered state, so a
 * DNS zone's serial changes only when its entries do. Three indexes serve the list queries: the
 * priority order (confidence, then recency) and the cheap change checks behind ETags.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId } from './columns.js';

type Db = Kysely<unknown>;

export function blocklists(dialect: Dialect) {
  return {
    async up(db: Db): Promise<void> {
      await withId(db.schema.createTable('distribution_lists'), dialect)
        .addColumn('organisation_id', 'bigint', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('filters_json', 'text', (c) => c.notNull())
        .addColumn('max_entries', 'integer')
        .addColumn('split', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('token_id', 'bigint', (c) => c.references('api_tokens.id').onDelete('set null'))
        .addColumn('content_version', 'text')
        .addColumn('content_hash', 'text')
        .addColumn('serial', 'bigint')
        .addColumn('content_changed_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('distribution_lists_name')
        .on('distribution_lists')
        .columns(['organisation_id', 'name'])
        .unique()
        .execute();
      await db.schema
        .createIndex('indicators_priority')
        .on('indicators')
        .columns(['confidence', 'last_seen', 'id'])
        .execute();
      await db.schema.createIndex('indicators_updated').on('indicators').column('updated_at').execute();
      await db.schema.createIndex('indicators_last_seen').on('indicators').column('last_seen').execute();
    },
    async down(): Promise<void> {
      throw new Error('the blocklists migration cannot be reverted');
    },
  };
}
