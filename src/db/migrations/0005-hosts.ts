/**
 * Infected hosts: observations imported from national reports (with their import runs), host
 * records per organisation with their lifecycle transitions and notes, the self-check reference
 * tables (malware families, recommended tools, current software versions) and notification
 * channels with a delivery log (which also carries the digest throttle).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { shippedFamilies, shippedTools, shippedVersions } from '../../selfcheck/shipped.js';
import type { Database } from '../schema.js';
import { withId } from './columns.js';

type Db = Kysely<unknown>;

export function hosts(dialect: Dialect) {
  return {
    async up(db: Db): Promise<void> {
      await withId(db.schema.createTable('observation_imports'), dialect)
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('report_type', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text', (c) => c.notNull())
        .addColumn('records', 'integer', (c) => c.notNull())
        .addColumn('inserted', 'integer', (c) => c.notNull())
        .addColumn('duplicates', 'integer', (c) => c.notNull())
        .addColumn('assigned', 'integer', (c) => c.notNull())
        .addColumn('unassigned', 'integer', (c) => c.notNull())
        .addColumn('rejected', 'integer', (c) => c.notNull())
        .addColumn('rejections_json', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('hosts'), dialect)
        .addColumn('organisation_id', 'bigint', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .addColumn('families_json', 'text', (c) => c.notNull())
        .addColumn('observation_count', 'integer', (c) => c.notNull())
        .addColumn('detection_count', 'integer', (c) => c.notNull())
        .addColumn('status_changed_at', 'text', (c) => c.notNull())
        .addColumn('notified_at', 'text')
        .addColumn('cleaned_at', 'text')
        .addColumn('verified_at', 'text')
        .addColumn('reopened_at', 'text')
        .addColumn('reopen_evidence_json', 'text')
        .addColumn('assignee_user_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('hosts_organisation_address', ['organisation_id', 'address'])
        .execute();
      await db.schema.createIndex('hosts_address').on('hosts').column('address').execute();
      await db.schema.createIndex('hosts_status').on('hosts').columns(['status', 'cleaned_at']).execute();

      await withId(db.schema.createTable('observations'), dialect)
        .addColumn('import_id', 'bigint', (c) =>
          c.notNull().references('observation_imports.id').onDelete('cascade'),
        )
        .addColumn('organisation_id', 'bigint', (c) => c.references('organisations.id').onDelete('set null'))
        .addColumn('assigned_by', 'text')
        .addColumn('matched', 'text')
        .addColumn('host_id', 'bigint', (c) => c.references('hosts.id').onDelete('set null'))
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('port', 'integer')
        .addColumn('observed_at', 'text', (c) => c.notNull())
        .addColumn('family', 'text')
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('asn', 'bigint')
        .addColumn('hostname', 'text')
        .addColumn('url', 'text')
        .addColumn('protocol', 'text')
        .addColumn('destination_ip', 'text')
        .addColumn('destination_port', 'integer')
        .addColumn('raw_json', 'text', (c) => c.notNull())
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .execute();
      await db.schema
        .createIndex('observations_organisation_time')
        .on('observations')
        .columns(['organisation_id', 'observed_at'])
        .execute();
      await db.schema
        .createIndex('observations_ip')
        .on('observations')
        .columns(['ip', 'observed_at'])
        .execute();
      await db.schema.createIndex('observations_host').on('observations').column('host_id').execute();
      await db.schema.createIndex('observations_time').on('observations').column('observed_at').execute();

      // The public self-check looks detections up by address alone.
      await db.schema
        .createIndex('detections_source_ip')
        .on('detections')
        .columns(['source_ip', 'detected_at'])
        .execute();
      await db.schema
        .createIndex('detections_internal_host_only')
        .on('detections')
        .columns(['internal_host', 'detected_at'])
        .execute();

      await withId(db.schema.createTable('host_transitions'), dialect)
        .addColumn('host_id', 'bigint', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
        .addColumn('organisation_id', 'bigint', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('evidence_json', 'text')
        .execute();
      await db.schema
        .createIndex('host_transitions_host')
        .on('host_transitions')
        .columns(['host_id', 'id'])
        .execute();
      await db.schema
        .createIndex('host_transitions_day')
        .on('host_transitions')
        .columns(['organisation_id', 'day'])
        .execute();

      await withId(db.schema.createTable('host_notes'), dialect)
        .addColumn('host_id', 'bigint', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('author_label', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('host_notes_host').on('host_notes').columns(['host_id', 'id']).execute();

      await db.schema
        .createTable('host_sync_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('malware_families')
        .addColumn('family', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description_vi', 'text', (c) => c.notNull())
        .addColumn('description_en', 'text', (c) => c.notNull())
        .addColumn('cleanup_vi', 'text', (c) => c.notNull())
        .addColumn('cleanup_en', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('selfcheck_tools'), dialect)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('description_vi', 'text', (c) => c.notNull())
        .addColumn('description_en', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('software_versions')
        .addColumn('product', 'text', (c) => c.primaryKey())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('current_version', 'text', (c) => c.notNull())
        .addColumn('minimum_version', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('notification_webhooks')
        .addColumn('organisation_id', 'bigint', (c) =>
          c.primaryKey().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('notification_deliveries'), dialect)
        .addColumn('organisation_id', 'bigint', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('hosts', 'integer', (c) => c.notNull())
        .addColumn('recipients', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .execute();
      await db.schema
        .createIndex('notification_deliveries_org')
        .on('notification_deliveries')
        .columns(['organisation_id', 'channel', 'at'])
        .execute();

      // The starting point of the admin-edited reference tables.
      const typed = db as unknown as Kysely<Database>;
      const now = new Date().toISOString();
      await typed
        .insertInto('malware_families')
        .values(
          shippedFamilies.map((f) => ({
            family: f.family,
            name: f.name,
            description_vi: f.descriptionVi,
            description_en: f.descriptionEn,
            cleanup_vi: f.cleanupVi,
            cleanup_en: f.cleanupEn,
            updated_at: now,
          })),
        )
        .execute();
      await typed
        .insertInto('selfcheck_tools')
        .values(
          shippedTools.map((t, i) => ({
            name: t.name,
            url: t.url,
            description_vi: t.descriptionVi,
            description_en: t.descriptionEn,
            position: i,
            updated_at: now,
          })),
        )
        .execute();
      await typed
        .insertInto('software_versions')
        .values(
          shippedVersions.map((v) => ({
            product: v.product,
            label: v.label,
            kind: v.kind,
            current_version: v.currentVersion,
            minimum_version: v.minimumVersion,
            updated_at: now,
          })),
        )
        .execute();
    },
    async down(): Promise<void> {
      throw new Error('the hosts migration cannot be reverted');
    },
  };
}
