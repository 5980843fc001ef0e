/** Column helpers shared by migrations: the few places where SQLite and PostgreSQL differ. */
import type { CreateTableBuilder } from 'kysely';
import type { Dialect } from '../database.js';

/** An auto-incrementing integer primary key named `id`. */
export function withId<T extends string>(
  table: CreateTableBuilder<T>,
  dialect: Dialect,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'sqlite'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn('id', 'bigserial', (c) => c.primaryKey());
}
