/**
 * Public self-check benchmark: requests per second and p99 latency of `GET /api/public/check`
 * (the full server: hooks, rate limiter, two indexed queries over 20,000 observations, reference
 * tables, User-Agent parsing) next to a bare Fastify route answering `{"ok":true}`, both on
 * loopback in the same process and the same run, driven by the same keep-alive load loop
 * (CONNECTIONS concurrent requests for DURATION_MS each).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { ensureKinds, operator } from '../src/app/bootstrap.js';
import { createServices } from '../src/app/services.js';
import { configSchema } from '../src/config/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { ObservationRecord } from '../src/hosts/observation-model.js';
import { buildApp } from '../src/server/app.js';
import type { BenchResult } from './types.js';

const OBSERVATIONS = 20_000;
const CONNECTIONS = 16;
const DURATION_MS = 8000;
const WARMUP_MS = 1500;
const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36';

interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

function ip(i: number): string {
  return `203.0.${(i >> 8) & 255}.${i & 255}`;
}

/** Keeps CONNECTIONS requests in flight until the time is up; latencies in milliseconds. */
async function load(port: number, urlPath: string, durationMs: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const end = performance.now() + durationMs;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      // Half the visitors are listed: the addresses cycle through the observed range and beyond it.
      const visitor = ip(counter++ % (OBSERVATIONS / 2));
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: urlPath,
          agent,
          headers: { 'x-forwarded-for': visitor, 'user-agent': UA },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) errors++;
            latencies.push(performance.now() - started);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const worker = async () => {
    while (performance.now() < end) await one();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    errors,
  };
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lamsach-bench-selfcheck-'));
  const handle = openDatabase(`sqlite:${path.join(dir, 'bench.db')}`);
  try {
    await migrateToLatest(handle);
    await ensureKinds(handle.db);
    const config = {
      ...configSchema.parse({ logLevel: 'silent', trustProxy: '127.0.0.1' }),
      selfcheck: { lookbackDays: 30, maxRequests: 1_000_000_000, windowSeconds: 60 },
    };
    const services = createServices(config, handle);
    const ctx = await services.contextFor(operator('bench'), null);
    const now = Date.now();
    const records: ObservationRecord[] = Array.from({ length: OBSERVATIONS }, (_, i) => ({
      ip: ip(i % (OBSERVATIONS / 4)),
      port: 1024 + (i % 5000),
      time: new Date(now - (i % 20) * 86_400_000).toISOString(),
      family: ['mirai', 'conficker', 'emotet', 'glupteba'][i % 4]!,
      category: 'infected',
      source: 'bench',
      asn: null,
      hostname: null,
      url: null,
      protocol: 'tcp',
      destinationIp: null,
      destinationPort: null,
      raw: {},
    }));
    await services.hosts.importer.importParsed(
      ctx,
      { reportType: 'bench', records, rejected: [] },
      { fileName: 'bench', trigger: 'cli' },
    );
    const app = await buildApp({ config, services, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const bare = Fastify({ logger: false });
    bare.get('/bare', async () => ({ ok: true }));
    await bare.listen({ host: '127.0.0.1', port: 0 });
    try {
      const ourPort = (app.server.address() as AddressInfo).port;
      const barePort = (bare.server.address() as AddressInfo).port;
      await load(ourPort, '/api/public/check', WARMUP_MS);
      await load(barePort, '/bare', WARMUP_MS);
      const ours = await load(ourPort, '/api/public/check', DURATION_MS);
      const reference = await load(barePort, '/bare', DURATION_MS);
      const ms = (v: number) => v.toFixed(2);
      return [
        {
          name: `GET /api/public/check (${CONNECTIONS} connections, ${OBSERVATIONS.toLocaleString('en')} observations)`,
          ours: { opsPerSec: ours.perSecond },
          reference: { name: 'bare Fastify route', opsPerSec: reference.perSecond },
          ratio: ours.perSecond / reference.perSecond,
          note:
            `p50/p99 latency ${ms(ours.p50)}/${ms(ours.p99)} ms vs ${ms(reference.p50)}/${ms(reference.p99)} ms; ` +
            `${ours.requests.toLocaleString('en')} and ${reference.requests.toLocaleString('en')} requests, ` +
            `${ours.errors + reference.errors} errors; load generator in the same process`,
        },
      ];
    } finally {
      await app.close();
      await bare.close();
    }
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
