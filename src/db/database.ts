/**
 * Opens the configured database: an embedded SQLite file (WAL, foreign keys on) or PostgreSQL.
 * Everything dialect-specific about connecting lives here and in the migrations.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';
/** Anything queries can run on: the database itself or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Human-readable location without credentials, for logs. */
  description: string;
  close(): Promise<void>;
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}

export function openDatabase(url: string): DatabaseHandle {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect: 'sqlite', description: `sqlite ${file}`, close: () => db.destroy() };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    // int8 (counts, bigserial) as numbers: every id and count we store is far below 2^53.
    const builtin: (oid: number) => (value: string) => unknown = (oid) =>
      // eslint-disable-next-line @typescript-eslint/no-unsafe-return -- pg types its parsers as any
      pg.types.getTypeParser(oid, 'text');
    const getTypeParser = (oid: number) => (oid === 20 ? (value: string) => Number(value) : builtin(oid));
    // A per-pool parser table: the global pg.types stays untouched for other users of pg.
    const types = { getTypeParser };
    const pool = new pg.Pool({ connectionString: url, max: 10, types });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', description: redact(url), close: () => db.destroy() };
  }
  throw new Error(`unsupported database URL "${redact(url)}": use sqlite:FILE or postgres://…`);
}
