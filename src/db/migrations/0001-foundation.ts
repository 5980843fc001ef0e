/** Organisations, users, sessions, API tokens and the audit log. */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { withId } from './columns.js';

type Db = Kysely<unknown>;

export function foundation(dialect: Dialect) {
  return {
    async up(db: Db): Promise<void> {
      await db.schema
        .createTable('organisation_kinds')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name_vi', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('rank', 'integer', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('organisations'), dialect)
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().references('organisation_kinds.code'))
        .addColumn('parent_id', 'bigint', (c) => c.references('organisations.id'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text')
        .addColumn('valid_to', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('organisations_path').on('organisations').column('path').execute();
      await db.schema.createIndex('organisations_parent').on('organisations').column('parent_id').execute();
      await db.schema
        .createIndex('organisations_code_from')
        .on('organisations')
        .columns(['code', 'valid_from'])
        .unique()
        .execute();

      await db.schema
        .createTable('organisation_successions')
        .addColumn('predecessor_id', 'bigint', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('successor_id', 'bigint', (c) =>
          c.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('effective_date', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('organisation_successions_pk', ['predecessor_id', 'successor_id'])
        .execute();
      await db.schema
        .createIndex('organisation_successions_successor')
        .on('organisation_successions')
        .column('successor_id')
        .execute();

      const owned = async (
        table: string,
        columns: (t: CreateTableBuilder<string, 'id'>) => CreateTableBuilder<string, 'id'>,
        unique?: string,
      ) => {
        let builder = withId(db.schema.createTable(table), dialect).addColumn(
          'organisation_id',
          'bigint',
          (c) => c.notNull().references('organisations.id').onDelete('cascade'),
        );
        builder = columns(builder);
        await builder.execute();
        await db.schema.createIndex(`${table}_org`).on(table).column('organisation_id').execute();
        if (unique) {
          await db.schema
            .createIndex(`${table}_unique`)
            .on(table)
            .columns(['organisation_id', unique])
            .unique()
            .execute();
        }
      };
      await owned(
        'organisation_ip_ranges',
        (t) =>
          t
            .addColumn('cidr', 'text', (c) => c.notNull())
            .addColumn('family', 'integer', (c) => c.notNull())
            .addColumn('created_at', 'text', (c) => c.notNull()),
        'cidr',
      );
      await owned('organisation_asns', (t) => t.addColumn('asn', 'bigint', (c) => c.notNull()), 'asn');
      await owned('organisation_domains', (t) => t.addColumn('domain', 'text', (c) => c.notNull()), 'domain');
      await owned('organisation_websites', (t) => t.addColumn('url', 'text', (c) => c.notNull()), 'url');
      await owned('organisation_contacts', (t) =>
        t
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('email', 'text')
          .addColumn('phone', 'text'),
      );
      await db.schema.createIndex('organisation_asns_asn').on('organisation_asns').column('asn').execute();
      await db.schema
        .createIndex('organisation_domains_domain')
        .on('organisation_domains')
        .column('domain')
        .execute();

      await withId(db.schema.createTable('users'), dialect)
        .addColumn('organisation_id', 'bigint', (c) => c.notNull().references('organisations.id'))
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('last_login_at', 'text')
        .execute();
      await db.schema.createIndex('users_org').on('users').column('organisation_id').execute();

      await db.schema
        .createTable('user_roles')
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await withId(db.schema.createTable('api_tokens'), dialect)
        .addColumn('organisation_id', 'bigint', (c) => c.notNull().references('organisations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_by_user_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();

      await withId(db.schema.createTable('audit_log'), dialect)
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'bigint')
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'bigint')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text')
        .addColumn('before_json', 'text')
        .addColumn('after_json', 'text')
        .addColumn('request_ip', 'text')
        .execute();
      await db.schema
        .createIndex('audit_log_org')
        .on('audit_log')
        .columns(['organisation_id', 'id'])
        .execute();
      // Audit rows are append-only; refuse updates and deletes at the database level too.
      if (dialect === 'sqlite') {
        await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(
          db,
        );
        await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(
          db,
        );
      } else {
        await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(
          db,
        );
        await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(
          db,
        );
      }
    },
    async down(): Promise<void> {
      throw new Error('the foundation migration cannot be reverted');
    },
  };
}
