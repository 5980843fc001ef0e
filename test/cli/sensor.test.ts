/**
 * `lamsach sensor` as a real process against a real server on loopback:
 * (a) killed with SIGKILL several times while its log grows (and rotates while it is down), then
 *     restarted: the server ends up with exactly one detection per listed line;
 * (b) the server goes down while the log grows and rotates; the sensor queues on disk, and when
 *     the server comes back (short retry settings stand in for the hour) the backlog arrives complete;
 * plus a bundle with a bad signature is refused while the sensor keeps its last good one.
 */
import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { createHarness, type Harness } from '../support/harness.js';
import {
  appendLines,
  LISTED,
  LoopbackServer,
  queryLine,
  seedIndicators,
  SensorProcess,
  sensorToken,
  waitFor,
} from './sensor-support.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliMain = path.join(repoRoot, 'src/cli/main.ts');
const sqlite = backends.find((b) => b.backend.name === 'sqlite')!.backend;
const fast = [
  '--poll-ms',
  '20',
  '--bundle-seconds',
  '1',
  '--heartbeat-seconds',
  '1',
  '--retry-min-ms',
  '50',
  '--retry-max-ms',
  '300',
  '--upload-batch',
  '25',
  '--validity',
  'ignore',
];

describe('lamsach sensor (real processes)', () => {
  let h: Harness;
  let server: LoopbackServer;
  let token: string;
  let dir: string;

  beforeAll(async () => {
    h = await createHarness(sqlite, {
      sensors: { silentAfterMinutes: 15, bundlePublishSeconds: 0, keepChangesDays: 14 },
    });
    await seedIndicators(h);
    token = await sensorToken(h);
    server = new LoopbackServer(h);
    await server.start();
    dir = mkdtempSync(path.join(tmpdir(), 'lamsach-sensor-'));
  });
  afterAll(async () => {
    await server?.stop();
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The raw lines stored under the owner organisation, with how often each appears. */
  async function stored(): Promise<Map<string, number>> {
    const rows = await h.services.database.db
      .selectFrom('detections')
      .select('raw_line')
      .where('organisation_id', '=', h.orgId.owner)
      .execute();
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.raw_line!, (counts.get(r.raw_line!) ?? 0) + 1);
    return counts;
  }

  async function clear(): Promise<void> {
    await h.services.database.db.deleteFrom('detections').execute();
  }

  function sensor(state: string, log: string): SensorProcess {
    return new SensorProcess([
      '--server',
      server.url,
      '--token',
      token,
      '--state-dir',
      state,
      '--follow',
      log,
      ...fast,
    ]);
  }

  it('loses and duplicates nothing when killed with SIGKILL mid-stream, even across a rotation', async () => {
    await clear();
    const state = path.join(dir, 'state-kill');
    const log = path.join(dir, 'kill.log');
    writeFileSync(log, '');
    const expected: number[] = [];
    let n = 0;
    const write = (count: number) => {
      expected.push(...appendLines(log, n, count));
      n += count;
    };
    write(400);
    const agent = sensor(state, log);
    agent.start();
    for (let round = 0; round < 3; round++) {
      // Let it upload part of what is there, keep writing, and kill it in the middle of the work.
      const before = (await stored()).size;
      await waitFor(
        'some uploads',
        async () => (await stored()).size,
        (s) => s > before,
        60_000,
        () => agent.output,
      );
      write(300);
      await new Promise((r) => setTimeout(r, 30 + round * 40));
      await agent.kill();
      if (round === 1) {
        // Rotated while the sensor is down: the rest of kill.log.1 must still be read.
        write(150);
        renameSync(log, `${log}.1`);
        writeFileSync(log, '');
      }
      write(200);
      agent.start();
    }
    write(250);
    const hits = expected.length;
    const final = await waitFor(
      `${hits} detections`,
      stored,
      (s) => s.size >= hits,
      90_000,
      () => agent.output,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(await agent.stop()).toBe(0);
    const after = await stored();
    expect(after.size).toBe(hits);
    expect([...after.values()].every((c) => c === 1)).toBe(true);
    expect([...after.keys()].sort()).toEqual(expected.map((i) => queryLine(i, true)).sort());
    expect(final.size).toBe(hits);
    // The rotation happened while the sensor was down: the rest of the old file was read first.
    expect(agent.output).toMatch(/kill\.log\.1: finishing \d+ unread bytes of the rotated file/);
    const queue = new SqliteDatabase(path.join(state, 'sensor.db'), { readonly: true });
    expect(queue.prepare('select count(*) as n from queue').get()).toEqual({ n: 0 });
    queue.close();
    const rows = await h.services.database.db
      .selectFrom('detections')
      .select(['indicator_value', 'how', 'internal_host'])
      .where('organisation_id', '=', h.orgId.owner)
      .limit(1)
      .execute();
    expect(rows[0]).toMatchObject({ indicator_value: LISTED, how: 'parent-domain' });
  }, 240_000);

  it('queues on disk while the server is down and delivers the whole backlog when it returns', async () => {
    await clear();
    const state = path.join(dir, 'state-down');
    const log = path.join(dir, 'down.log');
    writeFileSync(log, '');
    const expected: number[] = [];
    let n = 10_000;
    const write = (count: number) => {
      expected.push(...appendLines(log, n, count));
      n += count;
    };
    write(100);
    const agent = sensor(state, log);
    agent.start();
    await waitFor(
      'first uploads',
      async () => (await stored()).size,
      (s) => s > 0,
      60_000,
      () => agent.output,
    );
    await server.stop();
    write(500);
    renameSync(log, `${log}.1`);
    writeFileSync(log, '');
    write(500);
    // Everything read while the server is away waits in the sensor's on-disk queue.
    const queue = new SqliteDatabase(path.join(state, 'sensor.db'), { readonly: true });
    const backlog = expected.length - (await stored()).size;
    await waitFor(
      `${backlog} queued detections`,
      () => (queue.prepare('select count(*) as n from queue').get() as { n: number }).n,
      (q) => q >= backlog,
      60_000,
      () => agent.output,
    );
    queue.close();
    await new Promise((r) => setTimeout(r, 1500));
    expect(agent.output).toMatch(/upload failed/);
    await server.start();
    const hits = expected.length;
    await waitFor(
      `${hits} detections`,
      stored,
      (s) => s.size >= hits,
      90_000,
      () => agent.output,
    );
    // The sensor tells the server about itself (a heartbeat each second here).
    const heard = await waitFor(
      'a heartbeat with the lines read',
      () => h.services.database.db.selectFrom('sensors').selectAll().execute(),
      (rows) => rows.length === 1 && (rows[0]!.lines_total ?? 0) >= 1000 && rows[0]!.queue_length === 0,
      30_000,
      () => agent.output,
    );
    expect(heard[0]!.bundle_version).not.toBeNull();
    expect(heard[0]!.files_followed).toBe(1);
    expect(await agent.stop()).toBe(0);
    const after = await stored();
    expect(after.size).toBe(hits);
    expect([...after.values()].every((c) => c === 1)).toBe(true);
    expect([...after.keys()].sort()).toEqual(expected.map((i) => queryLine(i, true)).sort());
    expect(agent.output).toMatch(/uploads resumed/);
  }, 240_000);

  it('prints the server signing key for pinning, the same key every time', () => {
    const data = path.join(dir, 'server-data');
    const run = () =>
      spawnSync(process.execPath, ['--import', 'tsx', cliMain, 'sensor-key'], {
        cwd: repoRoot,
        env: { ...process.env, LAMSACH_DATA_DIR: data, DATABASE_URL: '', LAMSACH_LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    const key = createPublicKey(first.stdout);
    expect(key.asymmetricKeyType).toBe('ed25519');
    expect(first.stderr).toMatch(/key id [0-9a-f]{16} \(Ed25519/);
    const second = run();
    expect(second.stdout).toBe(first.stdout);
  }, 60_000);
});
