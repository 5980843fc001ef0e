/**
 * Follows one log file like `tail -F`, durably. The read position is stored per inode
 * (`dev:ino`) together with the detections of the lines before it (see `StateStore.commit`), so a
 * restart continues exactly where the last commit left off. Rotation by rename: the old file is
 * read to its end before the new one is opened (and at start, `FILE.1` is finished first when its
 * inode has an offset short of its size). Truncation (copytruncate, `> file`): reading restarts at 0.
 * A last line without its newline is left for the next poll, except at the end of a rotated file.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { WireDetection } from '../fleet/wire.js';
import type { SensorLog } from './log.js';
import type { StreamScanner } from './line-scanner.js';
import type { StateStore } from './state-store.js';

export interface FollowOptions {
  /** bytes read per commit */
  chunkBytes: number;
  /** a file never seen before is read from its end instead of its start */
  fromEnd: boolean;
}

const CHUNKS_PER_POLL = 8;

interface OpenFile {
  fd: number;
  key: string;
  dev: number;
  ino: number;
  position: number;
  path: string;
  /** the bytes just before `position` as last read: a file rewritten after truncation differs */
  tail: Buffer | null;
}

export class FileFollower {
  private current: OpenFile | null = null;
  private started = false;
  private readonly buffer: Buffer;

  constructor(
    readonly path: string,
    private readonly store: StateStore,
    private readonly scanner: StreamScanner,
    private readonly log: SensorLog,
    private readonly options: FollowOptions,
  ) {
    this.buffer = Buffer.alloc(options.chunkBytes);
  }

  /** the last poll stopped at its budget with more to read: poll again soon */
  behind = false;

  get following(): boolean {
    return this.current !== null;
  }

  /** Reads what was appended since the last poll; returns the number of lines read. */
  poll(): number {
    let lines = 0;
    if (!this.started) {
      this.started = true;
      lines += this.finishRotated(`${this.path}.1`);
    }
    const stat = this.statOrNull(this.path);
    const open = this.current;
    if (open !== null) {
      if (stat === null || stat.ino !== open.ino || stat.dev !== open.dev) {
        lines += this.drain(open, true);
        this.close();
        if (stat !== null) this.log.info(`${this.path}: rotated, following the new file`);
      } else if (stat.size < open.position || this.rewritten(open)) {
        this.log.warn(
          `${this.path}: truncated (now ${stat.size} bytes, was read to ${open.position}), reading from the start`,
        );
        open.position = 0;
        this.store.commit([], { key: open.key, path: open.path, offset: 0 });
      }
    }
    if (this.current === null && stat !== null) this.current = this.open(this.path, this.options.fromEnd);
    if (this.current !== null) lines += this.drain(this.current, false);
    return lines;
  }

  close(): void {
    if (this.current !== null) closeSync(this.current.fd);
    this.current = null;
  }

  private statOrNull(file: string): { ino: number; dev: number; size: number } | null {
    try {
      return statSync(file);
    } catch {
      return null;
    }
  }

  private open(file: string, fromEnd: boolean): OpenFile | null {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      this.log.warn(`${file}: cannot open (${(error as Error).message})`);
      return null;
    }
    const stat = fstatSync(fd);
    const key = `${stat.dev}:${stat.ino}`;
    const committed = this.store.offset(key);
    let position = committed ?? (fromEnd && !this.seenBefore() ? stat.size : 0);
    if (position > stat.size) position = 0;
    return { fd, key, dev: stat.dev, ino: stat.ino, position, path: file, tail: null };
  }

  /** Truncated and written again to at least the old length between two polls. */
  private rewritten(file: OpenFile): boolean {
    const tail = file.tail;
    if (tail === null || file.position < tail.length) return false;
    const now = Buffer.alloc(tail.length);
    readSync(file.fd, now, 0, tail.length, file.position - tail.length);
    return !now.equals(tail);
  }

  private seenBefore(): boolean {
    return this.store.setting(`followed:${this.path}`) !== null;
  }

  /** At start: a rotated predecessor with unread lines (the sensor was down at rotation). */
  private finishRotated(file: string): number {
    const stat = this.statOrNull(file);
    if (stat === null) return 0;
    const committed = this.store.offset(`${stat.dev}:${stat.ino}`);
    if (committed === null || committed >= stat.size) return 0;
    const open = this.open(file, false);
    if (open === null) return 0;
    this.log.info(`${file}: finishing ${stat.size - committed} unread bytes of the rotated file`);
    const lines = this.drain(open, true);
    closeSync(open.fd);
    return lines;
  }

  /** Reads complete lines from the position to the end, committing after every chunk. */
  private drain(file: OpenFile, final: boolean): number {
    this.store.setSetting(`followed:${this.path}`, '1');
    let total = 0;
    this.behind = false;
    // A big backlog is read a few chunks per poll, so uploads and heartbeats get their turn.
    for (let chunks = 1; ; chunks++) {
      const read = readSync(file.fd, this.buffer, 0, this.buffer.length, file.position);
      if (read === 0) return total;
      let end = this.buffer.lastIndexOf(10, read - 1);
      // The file's last bytes without a newline: a line still being written, unless the file is
      // finished (rotated away) or the "line" fills a whole chunk (cut there).
      const atEof = file.position + read >= fstatSync(file.fd).size;
      if (end < 0 && !(read === this.buffer.length || (final && atEof))) return total;
      if (end < 0 || (final && atEof && end < read - 1)) end = read;
      else end += 1;
      const start =
        file.position === 0 &&
        read >= 3 &&
        this.buffer[0] === 0xef &&
        this.buffer[1] === 0xbb &&
        this.buffer[2] === 0xbf
          ? 3
          : 0;
      const detections: WireDetection[] = [];
      const count = this.scanner.chunk(this.buffer, start, end, detections);
      this.scanner.flush(detections);
      file.position += end;
      file.tail = Buffer.from(this.buffer.subarray(Math.max(0, end - 256), end));
      this.store.commit(detections, { key: file.key, path: file.path, offset: file.position });
      total += count;
      if (read < this.buffer.length && !final) return total;
      if (!final && chunks >= CHUNKS_PER_POLL) {
        this.behind = true;
        return total;
      }
    }
  }
}
