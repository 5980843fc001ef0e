/**
 * `lamsach scan` on several cores: files, and large plain files cut at line starts into parts,
 * are scanned by this thread and worker threads that share one copy of the indicator tables
 * (SharedArrayBuffers, see `IndicatorMatcher.share`). Detections come out in file and line order
 * with the counters added up, exactly as one thread would report them (tested). A file is cut only
 * when its format can be read from any line on: chosen from its first lines, not mixed, and
 * stateless (not Zeek TSV, whose header defines its columns); gzip files are read whole. Formats
 * come from the registry (workers cannot be handed functions).
 */
import { open, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { chooseFormat } from '../format-selector.js';
import { instantiateLogFormat, logFormats } from '../logs/registry.js';
import type { Detection, IndicatorMatcher } from '../matcher.js';
import { defaultParseContext, type LogFormatDefinition, type ParseContext } from '../model.js';
import { newScanCounters, SAMPLE_LINES, type ScanCounters } from '../scan.js';
import { addCounters } from './merge.js';
import { scanTask } from './task-scan.js';
import type { FromWorker, ScanTask, ToWorker, WorkerSetup } from './messages.js';

export interface ParallelScanOptions {
  matcher: IndicatorMatcher;
  /** worker threads (at most one per task) */
  workers: number;
  context?: ParseContext;
  /** `--log-format`: every line read with this format */
  format?: LogFormatDefinition;
  /** the raw-byte prefilter (default true) */
  prefilter?: boolean;
  /** the formats' fast paths (default true) */
  fastPath?: boolean;
  /** filled in place */
  counters?: ScanCounters;
  /** lines read so far, now and then */
  onProgress?: (lines: number) => void;
  /**
   * size of the parts a large file is cut into (default: an eighth of the file per thread, from
   * 4 to 32 MiB, so that a worker thread that starts late, cold, still finds small parts left)
   */
  partBytes?: number;
}

export interface ScanFile {
  path: string;
  /** the name detections carry (default: the path) */
  name?: string;
}

const HEAD_BYTES = 1 << 16;

/** The first lines of a file as the scan pipeline cuts them, or null when gzip or too long. */
async function headLines(path: string): Promise<string[] | null> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    const head = buf.subarray(0, bytesRead);
    if (head[0] === 0x1f && head[1] === 0x8b) return null;
    let start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const lines: string[] = [];
    for (
      let nl = head.indexOf(10, start);
      nl >= 0 && lines.length < SAMPLE_LINES;
      nl = head.indexOf(10, start)
    ) {
      const end = nl > start && head[nl - 1] === 13 ? nl - 1 : nl;
      lines.push(head.toString('utf8', start, end));
      start = nl + 1;
    }
    return lines.length === SAMPLE_LINES ? lines : null;
  } finally {
    await handle.close();
  }
}

/** Cut points just after a line end at or after each `k × size / parts`. */
async function cutPoints(path: string, size: number, parts: number): Promise<number[]> {
  const handle = await open(path, 'r');
  const cuts = [0];
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    for (let k = 1; k < parts; k++) {
      let at = Math.max(Math.floor((k * size) / parts), cuts[cuts.length - 1]! + 1);
      let cut = -1;
      while (cut < 0 && at < size) {
        const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, at - 1);
        if (bytesRead === 0) break;
        const nl = buf.subarray(0, bytesRead).indexOf(10);
        if (nl >= 0) cut = at + nl;
        else at += bytesRead;
      }
      if (cut > cuts[cuts.length - 1]! && cut < size) cuts.push(cut);
    }
  } finally {
    await handle.close();
  }
  cuts.push(size);
  return cuts;
}

/** The tasks for the files: whole files, or parts of large ones that can be read from any line. */
export async function planTasks(
  files: readonly ScanFile[],
  options: { workers: number; partBytes?: number; format?: LogFormatDefinition },
): Promise<ScanTask[]> {
  const tasks: ScanTask[] = [];
  for (const file of files) {
    const name = file.name ?? file.path;
    const whole = () => tasks.push({ id: tasks.length, path: file.path, name, range: null, chosen: null });
    const size = (await stat(file.path)).size;
    const partBytes =
      options.partBytes ?? Math.min(32 << 20, Math.max(4 << 20, Math.ceil(size / (8 * options.workers))));
    if (options.workers < 2 || size < 2 * partBytes) {
      whole();
      continue;
    }
    const lines = await headLines(file.path);
    if (lines === null) {
      whole();
      continue;
    }
    const format = options.format ?? chooseFormat(lines, logFormats);
    const chosen = 'id' in format ? format : format.mixed ? null : format.format;
    if (chosen === null || instantiateLogFormat(chosen) !== chosen) {
      whole();
      continue;
    }
    const cuts = await cutPoints(file.path, size, Math.ceil(size / partBytes));
    for (let k = 0; k + 1 < cuts.length; k++)
      tasks.push({
        id: tasks.length,
        path: file.path,
        name,
        range: { start: cuts[k]!, end: cuts[k + 1]! },
        chosen: k === 0 ? null : chosen.id,
      });
  }
  return tasks;
}

/**
 * The worker's module beside this one: `.js` when built; `.ts` when run from the sources (tsx,
 * vitest), then loaded through tsx's loader, which worker threads do not inherit.
 */
function startWorker(setup: WorkerSetup): Worker {
  const ts = import.meta.url.endsWith('.ts');
  const url = new URL(`./scan-worker.${ts ? 'ts' : 'js'}`, import.meta.url);
  if (!ts) return new Worker(url, { workerData: setup });
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(
    /\.cjs$/,
    '.mjs',
  );
  const code = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(code, { eval: true, workerData: setup });
}

interface TaskState {
  task: ScanTask;
  detections: Detection[];
  done: ScanCounters | null;
}

/** Thrown into the main thread's own scan when the caller has stopped reading. */
class Stopped extends Error {}

/**
 * Scans the files on `options.workers` threads, this one included: it takes tasks from the same
 * queue as the worker threads, so nothing waits for them to start and one task starts none.
 * Detections come in file and line order.
 */
export async function* scanFilesInParallel(
  files: readonly ScanFile[],
  options: ParallelScanOptions,
): AsyncGenerator<Detection> {
  const counters = options.counters ?? newScanCounters();
  const tasks = await planTasks(files, options);
  if (tasks.length === 0) return;
  const threads = Math.max(1, Math.min(options.workers, tasks.length));
  const settings: Omit<WorkerSetup, 'matcher'> = {
    context: options.context ?? defaultParseContext(),
    prefilter: options.prefilter !== false,
    fastPath: options.fastPath !== false,
    forced: options.format?.id ?? null,
  };
  const states: TaskState[] = tasks.map((task) => ({ task, detections: [], done: null }));
  let failure: Error | null = null;
  let stopped = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  let nextTask = 0;
  const takeTask = () => (nextTask < tasks.length ? tasks[nextTask++]! : null);
  let progress = 0;
  const addProgress = (lines: number) => {
    progress += lines;
    options.onProgress?.(progress);
  };
  const workers: Worker[] = [];
  /** the task each worker is on (-1: none) */
  const busy = new Map<Worker, number>();
  const give = (worker: Worker) => {
    const task = takeTask();
    busy.set(worker, task === null ? -1 : task.id);
    const message: ToWorker = task === null ? { type: 'stop' } : { type: 'task', task };
    worker.postMessage(message);
  };
  const setup: WorkerSetup | null = threads > 1 ? { ...settings, matcher: options.matcher.share() } : null;
  for (let k = 1; k < threads; k++) {
    const worker = startWorker(setup!);
    workers.push(worker);
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          give(worker);
          return;
        case 'detections':
          states[message.id]!.detections.push(...message.detections);
          break;
        case 'progress':
          addProgress(message.lines);
          return;
        case 'done':
          states[message.id]!.done = message.counters;
          options.matcher.outsideValidity += message.outsideValidity;
          give(worker);
          break;
        case 'failed': {
          const error = new Error(message.message) as NodeJS.ErrnoException;
          if (message.code !== undefined) error.code = message.code;
          if (message.path !== undefined) error.path = message.path;
          failure ??= error;
          break;
        }
      }
      signal();
    });
    worker.on('error', (error) => {
      failure ??= error;
      signal();
    });
    worker.on('exit', (code) => {
      if ((busy.get(worker) ?? -1) >= 0) failure ??= new Error(`a scan worker stopped (exit code ${code})`);
      busy.set(worker, -1);
      signal();
    });
  }
  // This thread's share: the matcher counts its own events outside validity.
  const ownShare = (async () => {
    for (let task = takeTask(); task !== null; task = takeTask()) {
      const state = states[task.id]!;
      const { counters: done } = await scanTask(task, options.matcher, settings, {
        detections: (batch) => {
          if (stopped) throw new Stopped();
          state.detections.push(...batch);
          signal();
        },
        progress: (lines) => {
          if (stopped) throw new Stopped();
          addProgress(lines);
        },
      });
      state.done = done;
      signal();
      if (stopped || failure !== null) return;
    }
  })().catch((error: unknown) => {
    if (!(error instanceof Stopped)) failure ??= error as Error;
    signal();
  });
  try {
    let lineOffset = 0;
    for (const state of states) {
      const range = state.task.range;
      if (range === null || range.start === 0) lineOffset = 0;
      for (;;) {
        const failed = failure as Error | null;
        if (failed !== null) throw failed;
        if (state.detections.length > 0) {
          const batch = state.detections;
          state.detections = [];
          for (const d of batch) {
            if (d.origin !== undefined) d.origin.line += lineOffset;
            yield d;
          }
          continue;
        }
        if (state.done !== null) break;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      addCounters(counters, state.done, lineOffset, range === null || range.start === 0);
      lineOffset += state.done.lines;
    }
  } finally {
    stopped = true;
    await Promise.all([ownShare, ...workers.map((w) => w.terminate())]);
  }
}
