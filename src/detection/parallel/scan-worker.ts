/**
 * A scan worker thread: reads the tasks (files or parts of files) the main thread hands it with
 * the shared indicator tables and posts back detections and counters. See `parallel-scan.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { IndicatorMatcher } from '../matcher.js';
import type { FromWorker, ScanTask, ToWorker, WorkerSetup } from './messages.js';
import { scanTask } from './task-scan.js';

const setup = workerData as WorkerSetup;
const matcher = IndicatorMatcher.fromSnapshot(setup.matcher);
const port = parentPort!;

function post(message: FromWorker): void {
  port.postMessage(message);
}

async function run(task: ScanTask): Promise<void> {
  const { counters, outsideValidity } = await scanTask(task, matcher, setup, {
    detections: (detections) => post({ type: 'detections', id: task.id, detections }),
    progress: (lines) => post({ type: 'progress', lines }),
  });
  post({ type: 'done', id: task.id, counters, outsideValidity });
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
post({ type: 'ready' });
