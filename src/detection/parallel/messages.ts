/** Messages between `lamsach scan`'s main thread and its scan workers (plain data only). */
import type { MatcherSnapshot } from '../matcher.js';
import type { Detection } from '../matcher.js';
import type { ParseContext } from '../model.js';
import type { ScanCounters } from '../scan.js';

/** What every worker is started with. */
export interface WorkerSetup {
  matcher: MatcherSnapshot;
  context: ParseContext;
  prefilter: boolean;
  fastPath: boolean;
  /** `--log-format`: read every line with this format id */
  forced: string | null;
}

/** One file, or one part of a file cut at a line start. */
export interface ScanTask {
  id: number;
  /** the path to read */
  path: string;
  /** the name detections and samples carry */
  name: string;
  /** byte range [start, end) of a part; null for the whole file (plain or gzip) */
  range: { start: number; end: number } | null;
  /** a part after the first: the format chosen from the file's first lines (its id) */
  chosen: string | null;
}

export type ToWorker = { type: 'task'; task: ScanTask } | { type: 'stop' };

export type FromWorker =
  /** set up: the worker takes its first task only now, so none waits for a thread still starting */
  | { type: 'ready' }
  | { type: 'detections'; id: number; detections: Detection[] }
  | { type: 'progress'; lines: number }
  | { type: 'done'; id: number; counters: ScanCounters; outsideValidity: number }
  | { type: 'failed'; id: number; message: string; code: string | undefined; path: string | undefined };
