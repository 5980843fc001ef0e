/**
 * The server's background work for infected hosts: picking up detections and computing
 * verification, importing the watched folder, and sending due digests. Each task runs on its own
 * interval and never overlaps itself; a failure is logged and retried on the next tick.
 */
import type { Logger } from 'pino';
import type { RequestContext } from '../server/context.js';

export interface PeriodicTask {
  name: string;
  intervalMs: number;
  run: (ctx: RequestContext) => Promise<unknown>;
}

export class PeriodicTasks {
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly tasks: readonly PeriodicTask[]) {}

  start(context: () => Promise<RequestContext>, logger: Pick<Logger, 'info' | 'warn'>): void {
    for (const task of this.tasks) {
      let running = false;
      const tick = async () => {
        if (running) return;
        running = true;
        try {
          const result = await task.run(await context());
          logger.info({ task: task.name, result }, 'scheduled task done');
        } catch (error) {
          logger.warn({ task: task.name, err: error }, 'scheduled task failed');
        } finally {
          running = false;
        }
      };
      const timer = setInterval(() => void tick(), task.intervalMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }
}
