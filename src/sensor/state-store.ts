/**
 * The sensor's durable state: one SQLite file in the state directory holding the upload queue,
 * the follow offsets (by inode) and a few settings. Detections and the offset they lead up to are
 * written in ONE transaction with `synchronous = FULL` (fsync on commit): after a crash the file
 * either holds both or neither, so a restart neither loses lines nor queues them twice. Detections
 * leave the queue only when the server has acknowledged them.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { WireDetection } from '../fleet/wire.js';

export interface QueuedDetection {
  seq: number;
  id: string;
  detection: WireDetection;
}

export interface OffsetCommit {
  /** `dev:ino` of the file */
  key: string;
  path: string;
  offset: number;
}

export class StateStore {
  private readonly db: SqliteDatabase.Database;
  private readonly insert: SqliteDatabase.Statement;
  private readonly saveOffset: SqliteDatabase.Statement;
  private readonly commitTx: (detections: readonly WireDetection[], offset: OffsetCommit | null) => number;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.db = new SqliteDatabase(path.join(dir, 'sensor.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      create table if not exists queue (
        seq integer primary key autoincrement,
        id text not null unique,
        body text not null,
        queued_at text not null
      );
      create table if not exists rejected (
        id text primary key,
        body text not null,
        reason text not null,
        at text not null
      );
      create table if not exists offsets (
        file_key text primary key,
        path text not null,
        offset integer not null,
        updated_at text not null
      );
      create table if not exists settings (key text primary key, value text not null);
    `);
    this.insert = this.db.prepare('insert or ignore into queue (id, body, queued_at) values (?, ?, ?)');
    this.saveOffset = this.db.prepare(
      `insert into offsets (file_key, path, offset, updated_at) values (?, ?, ?, ?)
       on conflict (file_key) do update set path = excluded.path, offset = excluded.offset, updated_at = excluded.updated_at`,
    );
    this.commitTx = this.db.transaction(
      (detections: readonly WireDetection[], offset: OffsetCommit | null) => {
        const at = new Date().toISOString();
        let added = 0;
        for (const d of detections) added += this.insert.run(d.id, JSON.stringify(d), at).changes;
        if (offset) this.saveOffset.run(offset.key, offset.path, offset.offset, at);
        return added;
      },
    );
  }

  /**
   * Queues detections and, in the same transaction, moves a file's offset past the lines they came
   * from. A detection already queued (same id) is not queued again. Returns how many were new.
   */
  commit(detections: readonly WireDetection[], offset: OffsetCommit | null = null): number {
    if (detections.length === 0 && offset === null) return 0;
    return this.commitTx(detections, offset);
  }

  offset(key: string): number | null {
    const row = this.db.prepare('select offset from offsets where file_key = ?').get(key) as
      { offset: number } | undefined;
    return row?.offset ?? null;
  }

  /** The oldest queued detections. */
  peek(limit: number): QueuedDetection[] {
    const rows = this.db.prepare('select seq, id, body from queue order by seq limit ?').all(limit) as {
      seq: number;
      id: string;
      body: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, id: r.id, detection: JSON.parse(r.body) as WireDetection }));
  }

  /** Removes detections the server acknowledged. */
  acknowledge(ids: readonly string[]): void {
    const remove = this.db.prepare('delete from queue where id = ?');
    this.db.transaction(() => {
      for (const id of ids) remove.run(id);
    })();
  }

  /** Moves a detection the server refuses for good out of the queue, keeping it for inspection. */
  reject(item: QueuedDetection, reason: string): void {
    this.db.transaction(() => {
      this.db
        .prepare('insert or replace into rejected (id, body, reason, at) values (?, ?, ?, ?)')
        .run(item.id, JSON.stringify(item.detection), reason, new Date().toISOString());
      this.db.prepare('delete from queue where id = ?').run(item.id);
    })();
  }

  queueLength(): number {
    return (this.db.prepare('select count(*) as n from queue').get() as { n: number }).n;
  }

  setting(key: string): string | null {
    const row = this.db.prepare('select value from settings where key = ?').get(key) as
      { value: string } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: string, value: string | null): void {
    if (value === null) this.db.prepare('delete from settings where key = ?').run(key);
    else
      this.db
        .prepare(
          'insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
        )
        .run(key, value);
  }

  close(): void {
    this.db.close();
  }
}
