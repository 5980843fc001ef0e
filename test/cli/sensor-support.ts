/**
 * A real sensor process against a real server on loopback: the server is the test harness
 * listening on 127.0.0.1 (it can be stopped and started again on the same port), the sensor is
 * `node --import tsx src/cli/main.ts sensor …` (one process, so SIGKILL hits the sensor itself).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { operator } from '../../src/app/bootstrap.js';
import { buildApp } from '../../src/server/app.js';
import type { Harness } from '../support/harness.js';
import { importIndicators } from '../support/indicators.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const main = path.join(root, 'src/cli/main.ts');

export const LISTED = 'bad-actor.example';

/** A BIND query-log line; `hit` lines ask for a subdomain of the listed domain. Every line is distinct. */
export function queryLine(n: number, hit: boolean): string {
  const name = hit ? `h${n}.c2.${LISTED}` : `www${n}.clean.example`;
  const client = `10.1.0.${(n % 200) + 1}`;
  return `05-Jan-2026 08:00:00.${String(n % 1000).padStart(3, '0')} client @0x7f62b80115d0 ${client}#${1024 + (n % 60000)} (${name}): query: ${name} IN A + (10.0.0.53)`;
}

/** Appends lines n0…n0+count-1 (every 7th a hit); returns the hit numbers. */
export function appendLines(file: string, n0: number, count: number): number[] {
  const hits: number[] = [];
  const lines: string[] = [];
  for (let n = n0; n < n0 + count; n++) {
    const hit = n % 7 === 3;
    if (hit) hits.push(n);
    lines.push(queryLine(n, hit));
  }
  appendFileSync(file, `${lines.join('\n')}\n`);
  return hits;
}

export async function seedIndicators(h: Harness): Promise<void> {
  await importIndicators(h, 'local', [LISTED, '45.9.148.77'], 'Local');
}

export async function sensorToken(h: Harness): Promise<string> {
  const ctx = await h.services.contextFor(operator('test'), null);
  return (
    await h.services.tokens.create(ctx, {
      name: 'sensor-under-test',
      purpose: 'sensor',
      organisationId: h.orgId.owner,
      expiresAt: null,
    })
  ).token;
}

/** The harness's services behind an HTTP server on loopback that can go down and come back. */
export class LoopbackServer {
  private app: FastifyInstance | null = null;
  port = 0;

  constructor(private readonly h: Harness) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const app = await buildApp({ config: this.h.config, services: this.h.services, logger: false });
    await app.listen({ host: '127.0.0.1', port: this.port });
    this.port = (app.server.address() as { port: number }).port;
    this.app = app;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    this.app = null;
  }
}

export class SensorProcess {
  private child: ChildProcess | null = null;
  output = '';
  exited: Promise<number | null> = Promise.resolve(null);

  constructor(private readonly args: string[]) {}

  start(): void {
    // node with the tsx loader, not the tsx wrapper: the signal must reach the sensor itself.
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'sensor', ...this.args], {
      cwd: root,
      env: { ...process.env, LAMSACH_LOG_LEVEL: 'info', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.child = child;
  }

  /** SIGKILL: no chance to flush anything. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = null;
  }

  async stop(): Promise<number | null> {
    this.child?.kill('SIGTERM');
    const code = await this.exited;
    this.child = null;
    return code;
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
  diagnostics: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})\n${diagnostics()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
