/**
 * The databases every repository and API test runs on: a fresh SQLite file always, and a fresh
 * PostgreSQL database when a server answers (LAMSACH_TEST_PG_URL, default the local test server).
 * Without a server the PostgreSQL half is skipped with a visible message — unless
 * LAMSACH_TEST_REQUIRE_PG=1 (CI), where an unreachable server fails the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Opens an empty database of this kind; `dispose` removes it. */
  open: () => Promise<{ handle: DatabaseHandle; dispose: () => Promise<void> }>;
}

export const pgAdminUrl = process.env.LAMSACH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: pgAdminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const sqlite: Backend = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(path.join(tmpdir(), 'lamsach-test-'));
    const handle = openDatabase(`sqlite:${path.join(dir, 'test.db')}`);
    return {
      handle,
      async dispose() {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: Backend = {
  name: 'postgres',
  async open() {
    const name = `lamsach_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(pgAdminUrl);
    url.pathname = `/${name}`;
    const handle = openDatabase(url.toString());
    return {
      handle,
      async dispose() {
        await handle.close();
        const cleanup = new pg.Client({ connectionString: pgAdminUrl });
        await cleanup.connect();
        // Dropping `with (force)` while the pool's last connections are still closing makes the
        // server terminate them, and pg reports that as an unhandled error in whichever test file
        // runs next: wait for them to go, and force only if they never do.
        for (let attempt = 0; ; attempt++) {
          try {
            await cleanup.query(`drop database if exists ${name}${attempt >= 50 ? ' with (force)' : ''}`);
            break;
          } catch (error) {
            if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        await cleanup.end();
      },
    };
  },
};

const pgProblem = await postgresReachable();
if (pgProblem !== null) {
  if (process.env.LAMSACH_TEST_REQUIRE_PG === '1') {
    throw new Error(
      `PostgreSQL is required (LAMSACH_TEST_REQUIRE_PG=1) but ${pgAdminUrl} is unreachable: ${pgProblem}`,
    );
  }
  console.warn(
    `\n⚠ PostgreSQL tests SKIPPED: ${pgAdminUrl} is unreachable (${pgProblem}). Set LAMSACH_TEST_PG_URL to run them.\n`,
  );
}

/** Every backend with a flag saying whether it can run here. */
export const backends: { backend: Backend; available: boolean; reason: string }[] = [
  { backend: sqlite, available: true, reason: '' },
  { backend: postgres, available: pgProblem === null, reason: pgProblem ?? '' },
];
