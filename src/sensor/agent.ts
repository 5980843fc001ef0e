/**
 * The running sensor: follows files and receives syslog, matches every line against the last good
 * indicator bundle, queues detections on disk and uploads them, refreshes the bundle and sends
 * heartbeats. Four independent loops, so a server that is down only slows the upload and the
 * refresh: reading and matching go on, and the queue holds the backlog until the server is back.
 */
import { createPublicKey } from 'node:crypto';
import { IndicatorMatcher } from '../detection/matcher.js';
import { keyIdOf } from '../fleet/bundle-format.js';
import { newScanCounters } from '../detection/scan.js';
import type { ParseContext } from '../detection/model.js';
import type { WireDetection } from '../fleet/wire.js';
import { BundleKeeper } from './bundle-keeper.js';
import { FileFollower } from './follower.js';
import { StreamScanner, type ScanSetup } from './line-scanner.js';
import type { SensorLog } from './log.js';
import { ServerClient, ServerError } from './server-client.js';
import { StateStore, type QueuedDetection } from './state-store.js';
import { SyslogListener, type SyslogListenOptions, type SyslogTransport } from './syslog-listener.js';

export interface AgentOptions {
  server: string;
  token: string;
  stateDir: string;
  follow: string[];
  syslog: SyslogListenOptions | null;
  /** PEM of the server's signing key; without it the key is pinned on first contact */
  serverKeyPem: string | null;
  validity: 'strict' | 'ignore';
  context: ParseContext;
  format?: string;
  fromEnd: boolean;
  hostname: string;
  version: string;
  pollMs: number;
  bundleSeconds: number;
  heartbeatSeconds: number;
  uploadBatch: number;
  retryMinMs: number;
  retryMaxMs: number;
}

/** Syslog messages held while no bundle is loaded yet; beyond this the oldest are dropped. */
const MAX_HELD_MESSAGES = 100_000;

export class SensorAgent {
  private readonly store: StateStore;
  private readonly keeper: BundleKeeper;
  private readonly client: ServerClient;
  private matcher: IndicatorMatcher | null = null;
  private readonly setup: ScanSetup;
  private readonly followers: FileFollower[];
  private readonly peers = new Map<string, StreamScanner>();
  private held: { key: string; message: string }[] = [];
  private listener: SyslogListener | null = null;
  private readonly stopping = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private lastHeartbeat = { at: Date.now(), lines: 0 };
  /** detections the server acknowledged since start */
  uploaded = 0;

  constructor(
    private readonly options: AgentOptions,
    private readonly log: SensorLog,
  ) {
    this.store = new StateStore(options.stateDir);
    this.keeper = new BundleKeeper(this.store, log);
    this.client = new ServerClient(options.server, options.token, this.stopping.signal);
    this.setup = {
      matcher: () => this.matcher!,
      context: options.context,
      counters: newScanCounters(),
      ...(options.format === undefined ? {} : { format: options.format }),
    };
    this.followers = options.follow.map(
      (file) =>
        new FileFollower(file, this.store, new StreamScanner(file, this.setup), log, {
          chunkBytes: 1 << 20,
          fromEnd: options.fromEnd,
        }),
    );
  }

  get syslogPorts(): { udp: number | null; tcp: number | null } {
    return this.listener?.ports() ?? { udp: null, tcp: null };
  }

  async start(): Promise<void> {
    const { options, log } = this;
    if (options.serverKeyPem !== null) {
      this.keeper.pin(
        options.serverKeyPem,
        keyIdOf(createPublicKey(options.serverKeyPem)),
        'from --server-key',
      );
    }
    if (this.keeper.loadPersisted()) {
      this.rebuild();
      log.info(
        `loaded the stored bundle v${this.keeper.version} (${this.keeper.indicators.size} indicators)`,
      );
    }
    const queued = this.store.queueLength();
    if (queued > 0) log.info(`${queued} detection(s) waiting in the queue from before`);
    if (options.syslog) {
      this.listener = new SyslogListener(options.syslog, (t, peer, m) => this.receive(t, peer, m), log);
      await this.listener.start();
    }
    this.loops.push(this.bundleLoop(), this.readLoop(), this.uploadLoop(), this.heartbeatLoop());
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.listener?.stop();
    await Promise.allSettled(this.loops);
    if (this.matcher !== null) this.flushSyslog();
    for (const f of this.followers) f.close();
    this.store.close();
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.stopping.signal;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private rebuild(): void {
    this.matcher = new IndicatorMatcher(this.keeper.indicators.values(), {
      validity: this.options.validity,
      expectedCount: this.keeper.indicators.size,
    });
  }

  private async refreshBundle(): Promise<void> {
    if (this.keeper.publicKeyPem === null) {
      const key = await this.client.key();
      this.keeper.pin(
        key.publicKeyPem,
        key.keyId,
        'trust on first use: check it against `GET /api/sensor/key`',
      );
    }
    const fetched = await this.client.bundle(this.keeper.since);
    const outcome = this.keeper.apply(fetched.bytes, fetched.signature);
    if (!outcome.ok) {
      const keeping = this.keeper.version === null ? 'no bundle yet' : `keeping v${this.keeper.version}`;
      this.log.error(`refused the bundle from the server: ${outcome.reason}; ${keeping}`);
      return;
    }
    if (outcome.changed) {
      this.rebuild();
      this.log.info(
        `bundle v${outcome.header.version} (${outcome.header.kind}) applied: ${this.keeper.indicators.size} indicators`,
      );
    }
  }

  private async bundleLoop(): Promise<void> {
    let delay = this.options.retryMinMs;
    let failing = false;
    while (!this.stopped) {
      try {
        await this.refreshBundle();
        if (failing) this.log.info('server reachable again');
        failing = false;
        delay = this.options.retryMinMs;
        await this.sleep(this.options.bundleSeconds * 1000);
      } catch (error) {
        if (!failing) {
          const using =
            this.keeper.version === null
              ? 'no bundle yet: waiting'
              : `working on bundle v${this.keeper.version}`;
          this.log.warn(`bundle refresh failed (${(error as Error).message}); ${using}`);
        }
        failing = true;
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.options.retryMaxMs);
      }
    }
  }

  private async readLoop(): Promise<void> {
    while (!this.stopped) {
      if (this.matcher !== null) {
        for (const follower of this.followers) {
          try {
            follower.poll();
          } catch (error) {
            this.log.error(`${follower.path}: ${(error as Error).message}`);
          }
        }
        this.flushSyslog();
      }
      if (this.followers.some((f) => f.behind)) await new Promise((resolve) => setImmediate(resolve));
      else await this.sleep(this.options.pollMs);
    }
  }

  private receive(transport: SyslogTransport, peer: string, message: string): void {
    this.held.push({ key: `syslog-${transport}://${peer}`, message });
    if (this.held.length > MAX_HELD_MESSAGES) {
      const dropped = this.held.length - MAX_HELD_MESSAGES;
      this.held = this.held.slice(dropped);
      this.log.warn(`no bundle yet: dropped ${dropped} held syslog message(s)`);
    }
  }

  private flushSyslog(): void {
    if (this.held.length === 0) return;
    const byPeer = new Map<string, string[]>();
    for (const { key, message } of this.held) {
      const list = byPeer.get(key);
      if (list) list.push(message);
      else byPeer.set(key, [message]);
    }
    this.held = [];
    const detections: WireDetection[] = [];
    for (const [key, messages] of byPeer) {
      let scanner = this.peers.get(key);
      if (!scanner) this.peers.set(key, (scanner = new StreamScanner(key, this.setup)));
      detections.push(...scanner.lines(messages));
    }
    this.store.commit(detections);
  }

  private async uploadBatch(items: QueuedDetection[]): Promise<void> {
    try {
      const answer = await this.client.upload(items.map((i) => i.detection));
      this.store.acknowledge(answer.accepted);
      this.uploaded += answer.accepted.length;
    } catch (error) {
      // A batch the server refuses as invalid: find the bad detections one by one, set them aside.
      if (!(error instanceof ServerError) || error.status !== 400) throw error;
      if (items.length === 1) {
        this.store.reject(items[0]!, error.message);
        this.log.error(`detection ${items[0]!.id} refused by the server and set aside: ${error.message}`);
        return;
      }
      for (const item of items) await this.uploadBatch([item]);
    }
  }

  private async uploadLoop(): Promise<void> {
    let delay = this.options.retryMinMs;
    let failing = false;
    while (!this.stopped) {
      const items = this.store.peek(this.options.uploadBatch);
      if (items.length === 0) {
        await this.sleep(this.options.pollMs);
        continue;
      }
      try {
        await this.uploadBatch(items);
        if (failing) this.log.info(`uploads resumed; ${this.store.queueLength()} detection(s) still queued`);
        failing = false;
        delay = this.options.retryMinMs;
      } catch (error) {
        if (!failing)
          this.log.warn(
            `upload failed (${(error as Error).message}); ${this.store.queueLength()} detection(s) kept in the queue, retrying`,
          );
        failing = true;
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.options.retryMaxMs);
      }
    }
  }

  /** Numbers for the heartbeat (and the log). */
  status() {
    const counters = this.setup.counters;
    const now = Date.now();
    const seconds = Math.max(0.001, (now - this.lastHeartbeat.at) / 1000);
    const rate = (counters.lines - this.lastHeartbeat.lines) / seconds;
    return {
      hostname: this.options.hostname,
      version: this.options.version,
      bundleVersion: this.keeper.version,
      bundleGeneratedAt: this.keeper.header?.generatedAt ?? null,
      linesPerSecond: Math.round(rate * 10) / 10,
      linesTotal: counters.lines,
      linesNotUnderstood: counters.notUnderstood,
      filesFollowed: this.followers.filter((f) => f.following).length,
      queueLength: this.store.queueLength(),
    };
  }

  private async heartbeatLoop(): Promise<void> {
    let failing = false;
    while (!this.stopped) {
      const status = this.status();
      try {
        await this.client.heartbeat(status);
        this.lastHeartbeat = { at: Date.now(), lines: status.linesTotal };
        failing = false;
      } catch (error) {
        if (!failing) this.log.warn(`heartbeat failed (${(error as Error).message})`);
        failing = true;
      }
      await this.sleep(this.options.heartbeatSeconds * 1000);
    }
  }
}
