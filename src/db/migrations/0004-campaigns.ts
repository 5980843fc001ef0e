/**
 * Campaigns and reports: report templates (versioned form schemas), campaigns with their legal
 * basis (letters and attached files), forwarding down the tree, reminders sent, reports and their
 * history. Attached files live in the database (base64 text, size-limited by the service) so a
 * backup of the database is a backup of everything.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId } from './columns.js';

type Db = Kysely<unknown>;

export function campaigns(dialect: Dialect) {
  return {
    async up(db: Db): Promise<void> {
      await withId(db.schema.createTable('report_templates'), dialect)
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('title_vi', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('schema_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('report_templates_code_version', ['code', 'version'])
        .execute();

      await withId(db.schema.createTable('campaigns'), dialect)
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('root_organisation_id', 'bigint', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('indicator_tag', 'text')
        .addColumn('template_code', 'text', (c) => c.notNull())
        .addColumn('template_version', 'integer', (c) => c.notNull())
        .addColumn('starts_on', 'text', (c) => c.notNull())
        .addColumn('ends_on', 'text', (c) => c.notNull())
        .addColumn('national_deadline', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('campaigns_root').on('campaigns').column('root_organisation_id').execute();

      await withId(db.schema.createTable('campaign_letters'), dialect)
        .addColumn('campaign_id', 'bigint', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('campaign_letters_campaign')
        .on('campaign_letters')
        .column('campaign_id')
        .execute();

      await withId(db.schema.createTable('campaign_files'), dialect)
        .addColumn('letter_id', 'bigint', (c) =>
          c.notNull().references('campaign_letters.id').onDelete('cascade'),
        )
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content_base64', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('campaign_files_letter').on('campaign_files').column('letter_id').execute();

      await withId(db.schema.createTable('campaign_forwardings'), dialect)
        .addColumn('campaign_id', 'bigint', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
        .addColumn('organisation_id', 'bigint', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        /** who forwarded it; null for the campaign's root, which receives it on creation */
        .addColumn('from_organisation_id', 'bigint', (c) =>
          c.references('organisations.id').onDelete('set null'),
        )
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('forwarded_at', 'text', (c) => c.notNull())
        .addColumn('forwarded_by', 'text', (c) => c.notNull())
        .addColumn('acknowledged_at', 'text')
        .addColumn('acknowledged_by', 'text')
        .addColumn('deployed_at', 'text')
        .addColumn('deployed_by', 'text')
        .addUniqueConstraint('campaign_forwardings_unique', ['campaign_id', 'organisation_id'])
        .execute();
      await db.schema
        .createIndex('campaign_forwardings_org')
        .on('campaign_forwardings')
        .column('organisation_id')
        .execute();

      await withId(db.schema.createTable('campaign_reminders'), dialect)
        .addColumn('campaign_id', 'bigint', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
        .addColumn('organisation_id', 'bigint', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        /** before | after | escalation */
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('offset_days', 'integer', (c) => c.notNull())
        .addColumn('recipients_json', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('campaign_reminders_unique', [
          'campaign_id',
          'organisation_id',
          'kind',
          'deadline',
          'offset_days',
        ])
        .execute();

      await withId(db.schema.createTable('reports'), dialect)
        .addColumn('campaign_id', 'bigint', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
        .addColumn('organisation_id', 'bigint', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('template_code', 'text', (c) => c.notNull())
        .addColumn('template_version', 'integer', (c) => c.notNull())
        /** draft | submitted | returned | resubmitted | accepted */
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('content_json', 'text', (c) => c.notNull())
        .addColumn('document_number', 'text')
        /** the official document's particulars: place, signer, recipients (JSON) */
        .addColumn('document_json', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('review_comment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text')
        .addColumn('reviewed_at', 'text')
        .addColumn('reviewed_by', 'text')
        .addUniqueConstraint('reports_campaign_org', ['campaign_id', 'organisation_id'])
        .execute();
      await db.schema.createIndex('reports_org').on('reports').column('organisation_id').execute();

      await withId(db.schema.createTable('report_history'), dialect)
        .addColumn('report_id', 'bigint', (c) => c.notNull().references('reports.id').onDelete('cascade'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_label', 'text', (c) => c.notNull())
        /** created | edited | corrected | submitted | returned | resubmitted | accepted */
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('field_id', 'text')
        .addColumn('old_value', 'text')
        .addColumn('new_value', 'text')
        .addColumn('reason', 'text')
        .execute();
      await db.schema.createIndex('report_history_report').on('report_history').column('report_id').execute();
    },
    async down(): Promise<void> {
      throw new Error('the campaigns migration cannot be reverted');
    },
  };
}
