/**
 * Detections: log events that hit an indicator, stored under the organisation whose logs they came
 * from. `dedupe_key` (a hash of the organisation, the indicator and the raw line) makes storing the
 * same scan twice a no-op. The indicator is referenced loosely (set null when it is deleted): its
 * type and value are copied, so a detection stays readable after the indicator is gone.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId } from './columns.js';

type Db = Kysely<unknown>;

export function detections(dialect: Dialect) {
  return {
    async up(db: Db): Promise<void> {
      await withId(db.schema.createTable('detections'), dialect)
        .addColumn('organisation_id', 'bigint', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('detected_at', 'text', (c) => c.notNull())
        .addColumn('event_time', 'text')
        .addColumn('source_ip', 'text')
        .addColumn('source_port', 'integer')
        .addColumn('destination_ip', 'text')
        .addColumn('destination_port', 'integer')
        .addColumn('dns_question_name', 'text')
        .addColumn('url_original', 'text')
        .addColumn('action', 'text')
        .addColumn('device', 'text')
        .addColumn('log_format', 'text', (c) => c.notNull())
        .addColumn('indicator_id', 'bigint', (c) => c.references('indicators.id').onDelete('set null'))
        .addColumn('indicator_type', 'text', (c) => c.notNull())
        .addColumn('indicator_value', 'text', (c) => c.notNull())
        .addColumn('matched', 'text', (c) => c.notNull())
        .addColumn('how', 'text', (c) => c.notNull())
        .addColumn('internal_host', 'text')
        .addColumn('family', 'text')
        .addColumn('threat_type', 'text')
        .addColumn('raw_line', 'text')
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .execute();
      await db.schema
        .createIndex('detections_organisation_time')
        .on('detections')
        .columns(['organisation_id', 'event_time'])
        .execute();
      await db.schema
        .createIndex('detections_internal_host')
        .on('detections')
        .columns(['organisation_id', 'internal_host'])
        .execute();
      await db.schema.createIndex('detections_indicator').on('detections').column('indicator_id').execute();
    },
    async down(): Promise<void> {
      throw new Error('the detections migration cannot be reverted');
    },
  };
}
