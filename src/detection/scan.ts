/**
 * The scan pipeline: log lines in, detections out, with counts of what was read. Per file, the
 * first lines choose the parser (see `format-selector.ts`); every event then goes through the
 * matcher. Two entry points: {@link scanLines} for any line source, and {@link scanChunks} for raw
 * bytes (plain or gzip) — the fast path, which splits lines itself so that the per-line work is
 * synchronous and only detections cross an `await`.
 */
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { excerpt } from '../intel/model.js';
import { chooseFormat, LineReader } from './format-selector.js';
import type { ChunkFilter, LineFilter } from './fast-path/index.js';
import type { Detection, IndicatorMatcher } from './matcher.js';
import { defaultParseContext, type LogFormatDefinition, type ParseContext } from './model.js';

/** Lines read before a file's format is chosen. */
export const SAMPLE_LINES = 50;
/** Not-understood lines kept per format. */
export const SAMPLES_PER_FORMAT = 20;
const PROGRESS_EVERY = 65_536;
/** A "line" longer than this without a line end is cut (binary input must not grow memory). */
const MAX_LINE = 1 << 20;

export interface ScanSample {
  file: string;
  line: number;
  text: string;
}

export interface ScanCounters {
  files: number;
  lines: number;
  /** bytes read (compressed size for gzip input; characters + 1 per line for {@link scanLines}) */
  bytes: number;
  /** lines that gave an event */
  parsed: number;
  /** lines a parser recognised that carry no event (headers, statistics), and blank lines */
  withoutEvent: number;
  notUnderstood: number;
  /** lines not parsed because no value in them could match an indicator (see `prefilter`) */
  skipped: number;
  detections: number;
  /** up to {@link SAMPLES_PER_FORMAT} not-understood lines per format id (`unknown`: no format) */
  samples: Record<string, ScanSample[]>;
  /** the format chosen for each file */
  formats: { file: string; format: string | null; mixed: boolean }[];
}

export function newScanCounters(): ScanCounters {
  return {
    files: 0,
    lines: 0,
    bytes: 0,
    parsed: 0,
    withoutEvent: 0,
    notUnderstood: 0,
    skipped: 0,
    detections: 0,
    samples: {},
    formats: [],
  };
}

export interface ScanOptions {
  matcher: IndicatorMatcher;
  /** formats to detect among */
  formats: readonly LogFormatDefinition[];
  /** read every line with this format (no detection, no fallback) */
  format?: LogFormatDefinition;
  /**
   * The file's format, already chosen from its first lines by the caller (a worker scanning a
   * later part of a file): no sampling, and lines it cannot read fall back as usual. The file is
   * not added to `counters.formats` (the part holding the file's start reports it).
   */
  chosen?: LogFormatDefinition;
  context?: ParseContext;
  /** filled in place; pass one object to add up several files */
  counters?: ScanCounters;
  /** the file's name, for detections' origin and for samples (default `-`) */
  file?: string;
  /** a fresh instance of a format for one file (stateful formats) */
  instantiate?: (format: LogFormatDefinition) => LogFormatDefinition;
  /** a leading UTF-8 BOM is dropped (default true; false for a part that does not start the file) */
  bom?: boolean;
  /** called every 65 536 lines and at the end of the file */
  onProgress?: (counters: ScanCounters) => void;
  /**
   * Formats whose lines may be checked on their raw bytes before parsing ({@link scanChunks}
   * only): a line in which no value could match an indicator is then counted as skipped and not
   * parsed. Only for formats that write names and addresses verbatim. Default: none.
   */
  prefilter?: (format: LogFormatDefinition) => boolean;
  /**
   * With `prefilter`: use a format's byte-level fast path (see `fast-path/`) where it has one
   * (default true; false leaves the general prefilter alone, for comparisons).
   */
  fastPath?: boolean;
}

/** One file's scan, fed line by line; synchronous. */
export class FileScanner {
  readonly counters: ScanCounters;
  private readonly file: string;
  private sample: string[] | null = [];
  private reader: LineReader | null = null;
  private lineNumber = 0;
  private formatKey = 'unknown';
  /** set once the format is chosen: the raw-line test that may rule a line out before parsing */
  lineFilter: LineFilter | null = null;
  /** set with {@link lineFilter} where the format has a whole-chunk reader (see `fast-path/kernel/`) */
  chunkFilter: ChunkFilter | null = null;

  constructor(private readonly options: ScanOptions) {
    this.counters = options.counters ?? newScanCounters();
    this.file = options.file ?? '-';
    if (options.chosen === undefined) {
      this.counters.files++;
      return;
    }
    const context = options.context ?? defaultParseContext();
    const choice = { format: options.chosen, mixed: false, votes: [] };
    const instantiate = options.instantiate ? { instantiate: options.instantiate } : {};
    this.sample = null;
    this.reader = new LineReader(options.formats, context, { choice, ...instantiate });
    this.formatKey = options.chosen.id;
    this.setFilter(options.prefilter?.(options.chosen) === true ? options.chosen : null);
  }

  /** Takes the next line; returns its detections, or null (most lines). */
  line(text: string): Detection[] | null {
    if (this.sample !== null) {
      this.sample.push(text);
      if (this.sample.length < SAMPLE_LINES) return null;
      return this.start();
    }
    return this.process(text);
  }

  /** Ends the file: lines still held for format detection are read now. */
  end(): Detection[] | null {
    const out = this.sample !== null ? this.start() : null;
    this.options.onProgress?.(this.counters);
    return out;
  }

  private start(): Detection[] | null {
    const sample = this.sample!;
    this.sample = null;
    const { options } = this;
    const context = options.context ?? defaultParseContext();
    const instantiate = options.instantiate ? { instantiate: options.instantiate } : {};
    if (options.format) {
      this.reader = new LineReader(options.formats, context, { forced: options.format, ...instantiate });
      this.formatKey = options.format.id;
      this.counters.formats.push({ file: this.file, format: options.format.id, mixed: false });
      this.setFilter(options.prefilter?.(options.format) === true ? options.format : null);
    } else {
      const choice = chooseFormat(sample, options.formats);
      this.reader = new LineReader(options.formats, context, { choice, ...instantiate });
      this.formatKey = choice.format?.id ?? 'unknown';
      this.counters.formats.push({ file: this.file, format: choice.format?.id ?? null, mixed: choice.mixed });
      const format = choice.format;
      this.setFilter(
        format !== null && !choice.mixed && options.prefilter?.(format) === true ? format : null,
      );
    }
    let out: Detection[] | null = null;
    for (const text of sample) {
      const found = this.process(text);
      if (found !== null) (out ??= []).push(...found);
    }
    return out;
  }

  /**
   * Rebuilds the line filter against the matcher `options.matcher` now returns: a long-running
   * reader (the sensor) swaps indicator tables when a bundle arrives, and a filter built on the old
   * tables would rule out lines that hit the new indicators.
   */
  refreshFilter(): void {
    this.setFilter(this.filterFormat);
  }

  private filterFormat: LogFormatDefinition | null = null;

  private setFilter(format: LogFormatDefinition | null): void {
    this.filterFormat = format;
    const fast = this.options.fastPath !== false;
    this.lineFilter = format === null ? null : this.options.matcher.lineFilter(format.id, fast);
    this.chunkFilter = format === null ? null : this.options.matcher.chunkFilter(format.id, fast);
  }

  /** Counts a line the prefilter ruled out. */
  skip(): void {
    this.skipMany(1);
  }

  /**
   * A line as bytes: counted as skipped when the line filter rules it out, else decoded and read
   * as {@link line} reads it.
   */
  lineBytes(bytes: Buffer, start: number, end: number): Detection[] | null {
    const filter = this.lineFilter;
    if (filter !== null && !filter(bytes, start, end)) {
      this.skip();
      return null;
    }
    return this.line(bytes.toString('utf8', start, end));
  }

  /** Counts `count` lines in a row that the prefilter ruled out. */
  skipMany(count: number): void {
    if (count === 0) return;
    const counters = this.counters;
    const before = counters.lines;
    this.lineNumber += count;
    counters.lines += count;
    counters.skipped += count;
    if (Math.floor(before / PROGRESS_EVERY) !== Math.floor(counters.lines / PROGRESS_EVERY))
      this.options.onProgress?.(counters);
  }

  private process(text: string): Detection[] | null {
    const counters = this.counters;
    const number = ++this.lineNumber;
    counters.lines++;
    if ((counters.lines & (PROGRESS_EVERY - 1)) === 0) this.options.onProgress?.(counters);
    const reader = this.reader!;
    const event = reader.read(text);
    if (event === null) {
      if (reader.lastOutcome === 'not-understood') {
        counters.notUnderstood++;
        const key = this.formatKey;
        const kept = (counters.samples[key] ??= []);
        if (kept.length < SAMPLES_PER_FORMAT)
          kept.push({ file: this.file, line: number, text: excerpt(text) });
      } else {
        counters.withoutEvent++;
      }
      return null;
    }
    counters.parsed++;
    const found = this.options.matcher.match(event);
    if (found.length === 0) return null;
    // The matcher hands out new detections for every event: the origin is set on them in place.
    const out: Detection[] = [];
    for (const detection of found) {
      detection.origin = { file: this.file, line: number, raw: text };
      out.push(detection);
    }
    counters.detections += out.length;
    return out;
  }
}

/** Scans a stream of lines (one file). */
export async function* scanLines(
  lines: AsyncIterable<string> | Iterable<string>,
  options: ScanOptions,
): AsyncGenerator<Detection> {
  const scanner = new FileScanner(options);
  for await (const text of lines) {
    scanner.counters.bytes += text.length + 1;
    const found = scanner.line(text);
    if (found !== null) yield* found;
  }
  const rest = scanner.end();
  if (rest !== null) yield* rest;
}

/** Gzip (by its magic bytes) is inflated on the way; anything else passes through. */
async function* inflated(
  chunks: AsyncIterable<Uint8Array>,
  counted: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true) return;
  const head = first.value;
  counted(head.length);
  const rest = (async function* () {
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      counted(next.value.length);
      yield next.value;
    }
  })();
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    // zlib reads its input later than it is handed over: copies, as the source may reuse buffers
    const source = Readable.from(
      (async function* () {
        yield Buffer.from(head);
        for await (const chunk of rest) yield Buffer.from(chunk);
      })(),
    );
    yield* source.pipe(createGunzip()) as AsyncIterable<Uint8Array>;
    return;
  }
  yield head;
  yield* rest;
}

/**
 * Reads the complete lines of `buf[start, limit)` with a whole-chunk reader: only the lines it flags
 * cost JavaScript (the line filter, then parsing). Returns where the unread rest begins and how
 * many lines were read.
 */
function readWholeLines(
  scanner: FileScanner,
  reader: ChunkFilter,
  buf: Buffer,
  start: number,
  limit: number,
  keep: (hits: Detection[]) => void,
): { start: number; lines: number } {
  let lines = 0;
  for (;;) {
    const chunk = reader.scan(buf, start, limit);
    const flagged = chunk.flagged;
    let next = 0;
    for (let k = 0; k < chunk.count * 3; k += 3) {
      const index = flagged[k]!;
      const lineStart = flagged[k + 1]!;
      const lineEnd = flagged[k + 2]!;
      scanner.skipMany(index - next);
      next = index + 1;
      const hits = scanner.lineBytes(buf, lineStart, lineEnd);
      if (hits !== null) keep(hits);
    }
    scanner.skipMany(chunk.lines - next);
    start += chunk.consumed;
    lines += chunk.lines;
    if (chunk.count < reader.cap) return { start, lines };
  }
}

/**
 * Reads the complete lines of `buf[start, limit)`, line by line until the format is chosen and
 * then with the format's whole-chunk reader if it has one. Returns where the unread rest begins
 * (after the last line end) and how many lines were read. Exported for the sensor, which reads
 * followed files in chunks too.
 */
export function readLines(
  scanner: FileScanner,
  buf: Buffer,
  start: number,
  keep: (hits: Detection[]) => void,
  limit = buf.length,
): { start: number; lines: number } {
  let lines = 0;
  for (
    let newline = buf.indexOf(10, start);
    newline >= 0 && newline < limit && scanner.chunkFilter === null;
    newline = buf.indexOf(10, start)
  ) {
    const hits = scanner.lineBytes(
      buf,
      start,
      newline > start && buf[newline - 1] === 13 ? newline - 1 : newline,
    );
    if (hits !== null) keep(hits);
    start = newline + 1;
    lines++;
  }
  if (scanner.chunkFilter === null) return { start, lines };
  const whole = readWholeLines(scanner, scanner.chunkFilter, buf, start, limit, keep);
  return { start: whole.start, lines: lines + whole.lines };
}

const asBuffer = (chunk: Uint8Array): Buffer =>
  Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/**
 * Scans one file's bytes (plain or gzip; UTF-8, `\n` or `\r\n` line ends, a leading BOM
 * dropped). Lines are cut on the bytes and decoded one by one, so a line the prefilter rules out
 * is never decoded or parsed. A chunk is read before the next one is asked for and nothing is kept
 * of it, so the source may hand the same buffer again (see {@link fileChunks}).
 */
export async function* scanChunks(
  chunks: AsyncIterable<Uint8Array>,
  options: ScanOptions,
): AsyncGenerator<Detection> {
  const scanner = new FileScanner(options);
  const counters = scanner.counters;
  /** the start of a line the last chunk did not end (a copy) */
  let carry: Buffer | null = null;
  let first = true;
  let found: Detection[] | null = null;
  const keep = (hits: Detection[]) => (found ??= []).push(...hits);
  for await (const chunk of inflated(chunks, (n) => (counters.bytes += n))) {
    let buf = asBuffer(chunk);
    let start = 0;
    if (carry !== null) {
      const newline = buf.indexOf(10);
      if (newline < 0 || first) {
        buf = Buffer.concat([carry, buf]);
      } else {
        // the line across the two chunks alone, then this chunk in place
        readLines(scanner, Buffer.concat([carry, buf.subarray(0, newline + 1)]), 0, keep);
        start = newline + 1;
      }
      carry = null;
    }
    if (first) {
      // a BOM split across chunks (a pipe may hand over a byte at a time) is waited for
      if (buf.length < 3 && buf[0] === 0xef && (buf.length < 2 || buf[1] === 0xbb)) {
        carry = Buffer.from(buf);
        continue;
      }
      first = false;
      if (options.bom !== false && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
    }
    start = readLines(scanner, buf, start, keep).start;
    if (start < buf.length) {
      carry = Buffer.from(buf.subarray(start));
      if (carry.length > MAX_LINE) {
        const hits = scanner.line(carry.toString('utf8'));
        if (hits !== null) keep(hits);
        carry = null;
      }
    }
    if (found !== null) {
      const out: Detection[] = found;
      found = null;
      yield* out;
    }
  }
  if (carry !== null && carry.length > 0) {
    const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
    const hits = scanner.line(carry.toString('utf8', 0, end));
    if (hits !== null) yield* hits;
  }
  const rest = scanner.end();
  if (rest !== null) yield* rest;
}

/**
 * A plain file's bytes (or `[start, end)` of them) in chunks of `size` bytes, all read into one
 * buffer: each chunk is valid only until the next is asked for, which {@link scanChunks} allows.
 */
export async function* fileChunks(
  path: string,
  range: { start: number; end: number } | null = null,
  size = 1 << 20,
): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafeSlow(size);
    let position = range?.start ?? 0;
    const end = range?.end ?? Number.POSITIVE_INFINITY;
    while (position < end) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(size, end - position), position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
