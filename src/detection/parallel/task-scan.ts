/**
 * One scan task (a file, or a part of one) read on the current thread: what a worker thread does
 * with each task it is given, and what the main thread does with the tasks it takes itself.
 */
import { instantiateLogFormat, logFormat, logFormats, prefilterSafe } from '../logs/registry.js';
import type { Detection, IndicatorMatcher } from '../matcher.js';
import type { LogFormatDefinition } from '../model.js';
import { fileChunks, newScanCounters, scanChunks, type ScanCounters } from '../scan.js';
import type { ScanTask, WorkerSetup } from './messages.js';

/** Detections are handed over in batches: one call per detection would cost more than the scan. */
const BATCH = 256;

export interface TaskSink {
  detections(batch: Detection[]): void;
  /** lines read since the last call */
  progress(lines: number): void;
}

/** Scans a task; returns its counters and how many events fell outside their indicators' validity. */
export async function scanTask(
  task: ScanTask,
  matcher: IndicatorMatcher,
  setup: Omit<WorkerSetup, 'matcher'>,
  sink: TaskSink,
): Promise<{ counters: ScanCounters; outsideValidity: number }> {
  const counters = newScanCounters();
  const forced: LogFormatDefinition | undefined = setup.forced === null ? undefined : logFormat(setup.forced);
  const chosen = task.chosen === null ? undefined : logFormat(task.chosen);
  const before = matcher.outsideValidity;
  let reported = 0;
  const detections = scanChunks(fileChunks(task.path, task.range), {
    matcher,
    formats: logFormats,
    ...(forced !== undefined ? { format: forced } : {}),
    ...(chosen !== undefined && forced === undefined ? { chosen } : {}),
    context: setup.context,
    counters,
    file: task.name,
    instantiate: instantiateLogFormat,
    ...(setup.prefilter ? { prefilter: prefilterSafe } : {}),
    fastPath: setup.fastPath,
    bom: task.range === null || task.range.start === 0,
    onProgress: (c) => {
      sink.progress(c.lines - reported);
      reported = c.lines;
    },
  });
  let batch: Detection[] = [];
  for await (const d of detections) {
    batch.push(d);
    if (batch.length >= BATCH) {
      sink.detections(batch);
      batch = [];
    }
  }
  if (batch.length > 0) sink.detections(batch);
  return { counters, outsideValidity: matcher.outsideValidity - before };
}
