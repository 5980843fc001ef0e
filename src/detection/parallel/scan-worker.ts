/**
 * A scan worker thread: reads the tasks (files or parts of files) the main thread hands it with
 * the shared indicator tables and posts back detections and counters. See `parallel-scan.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { instantiateLogFormat, logFormat, logFormats, prefilterSafe } from '../logs/registry.js';
import { IndicatorMatcher, type Detection } from '../matcher.js';
import { fileChunks, newScanCounters, scanChunks } from '../scan.js';
import type { FromWorker, ScanTask, ToWorker, WorkerSetup } from './messages.js';

const setup = workerData as WorkerSetup;
const matcher = IndicatorMatcher.fromSnapshot(setup.matcher);
const forced = setup.forced === null ? undefined : logFormat(setup.forced);
const port = parentPort!;
/** Detections are posted in batches: one message per detection would cost more than the scan. */
const BATCH = 256;

function post(message: FromWorker): void {
  port.postMessage(message);
}

async function run(task: ScanTask): Promise<void> {
  const counters = newScanCounters();
  const chosen = task.chosen === null ? undefined : logFormat(task.chosen);
  const before = matcher.outsideValidity;
  let reported = 0;
  const stream = fileChunks(task.path, task.range);
  const detections = scanChunks(stream, {
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
      post({ type: 'progress', lines: c.lines - reported });
      reported = c.lines;
    },
  });
  let batch: Detection[] = [];
  for await (const d of detections) {
    batch.push(d);
    if (batch.length >= BATCH) {
      post({ type: 'detections', id: task.id, detections: batch });
      batch = [];
    }
  }
  if (batch.length > 0) post({ type: 'detections', id: task.id, detections: batch });
  post({ type: 'done', id: task.id, counters, outsideValidity: matcher.outsideValidity - before });
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    port.close();
    return;
  }
  const { task } = message;
  run(task).catch((error: unknown) => {
    const e = error as NodeJS.ErrnoException;
    post({ type: 'failed', id: task.id, message: e.message ?? String(error), code: e.code, path: e.path });
  });
});
