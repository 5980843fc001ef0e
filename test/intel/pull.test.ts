/**
 * Pulling feeds over real HTTP on loopback: conditional requests, server errors, size limits and
 * time-outs are recorded on the source and never touch the indicators already stored.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import { feedSourceInput } from '../../src/intel/feed-source-service.js';
import { FeedPullService } from '../../src/intel/feed-pull-service.js';
import type { RequestContext } from '../../src/server/context.js';
import type { AppError } from '../../src/server/errors.js';
import { backends } from '../support/backends.js';
import { authHeaders, createHarness, login, type Harness } from '../support/harness.js';

const sqlite = backends.find((b) => b.backend.name === 'sqlite')!.backend;

describe('feed pulls over HTTP', () => {
  let h: Harness;
  let ctx: RequestContext;
  let server: Server;
  let base: string;
  let pull: FeedPullService;
  let body = '# test feed\n203.0.113.1\n203.0.113.2\nevil.pull.example\n';
  const etag = () => `"v${body.length}"`;
  const requests: { url: string; ifNoneMatch: string | undefined }[] = [];

  beforeAll(async () => {
    h = await createHarness(sqlite);
    ctx = await h.services.contextFor(operator('test'), null);
    server = createServer((req, res) => {
      requests.push({ url: req.url ?? '', ifNoneMatch: req.headers['if-none-match'] });
      if (req.url === '/feed.txt') {
        if (req.headers['if-none-match'] === etag()) return res.writeHead(304).end();
        return res.writeHead(200, { etag: etag(), 'content-type': 'text/plain' }).end(body);
      }
      if (req.url === '/feed.txt.gz')
        return res.writeHead(200, { 'content-type': 'application/gzip' }).end(gzipSync(body));
      if (req.url === '/broken') return res.writeHead(503).end('maintenance');
      if (req.url === '/huge') return res.writeHead(200).end('203.0.113.9\n'.repeat(20_000));
      if (req.url === '/slow') return; // never answers
      return res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    pull = new FeedPullService(
      h.services.authz,
      h.services.intel.sources,
      h.services.intel.importer,
      () => h.services.intel.indicators.invalidate(),
      1_000,
    );
    for (const [name, path, maxBytes] of [
      ['web', '/feed.txt', undefined],
      ['gz', '/feed.txt.gz', undefined],
      ['broken', '/broken', undefined],
      ['huge', '/huge', 10_000],
      ['slow', '/slow', undefined],
    ] as const) {
      await h.services.intel.sources.create(
        ctx,
        feedSourceInput.parse({
          name,
          title: name,
          location: `${base}${path}`,
          format: 'plain',
          ...(maxBytes ? { maxBytes } : {}),
        }),
      );
    }
  });
  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    await h?.close();
  });

  it('downloads, then asks again with the ETag and gets "not modified"', async () => {
    const first = await pull.pull(ctx, 'web', { trigger: 'manual' });
    expect(first).toMatchObject({ status: 'applied', added: 3 });
    const second = await pull.pull(ctx, 'web', { trigger: 'manual' });
    expect(second.status).toBe('not-modified');
    expect(requests.at(-1)?.ifNoneMatch).toBe(etag());
    body += 'new.pull.example\n';
    const third = await pull.pull(ctx, 'web', { trigger: 'manual' });
    expect(third).toMatchObject({ status: 'applied', added: 1, unchanged: 3 });
    expect((await h.services.intel.indicators.check('www.new.pull.example')).verdict).toBe('listed');
  });

  it('changes only the fields a PATCH names', async () => {
    const session = await login(h.app, 'root-administrator');
    const response = await h.app.inject({
      method: 'PATCH',
      url: '/api/intel/feeds/web',
      headers: authHeaders(session, 'PATCH'),
      payload: { title: 'Renamed feed' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      title: 'Renamed feed',
      location: `${base}/feed.txt`,
      format: 'plain',
    });
  });

  it('lists a scheduled source as due until it has been pulled within its schedule', async () => {
    await h.services.intel.sources.create(
      ctx,
      feedSourceInput.parse({
        name: 'hourly',
        title: 'hourly',
        location: `${base}/feed.txt`,
        format: 'plain',
        scheduleMinutes: 60,
      }),
    );
    const names = async (at: Date) => (await h.services.intel.sources.due(at)).map((s) => s.name);
    expect(await names(new Date())).toContain('hourly');
    await pull.pull(ctx, 'hourly', { trigger: 'schedule' });
    expect(await names(new Date())).not.toContain('hourly');
    expect(await names(new Date(Date.now() + 61 * 60_000))).toContain('hourly');
    expect(await names(new Date())).not.toContain('web'); // no schedule: pulled only on demand
  });

  it('reads gzip feeds', async () => {
    expect(await pull.pull(ctx, 'gz', { trigger: 'manual' })).toMatchObject({
      status: 'applied',
      distinct: 4,
    });
  });

  it('records a server error, a size overrun and a time-out without touching stored indicators', async () => {
    const before = await h.services.intel.indicators.search({ limit: 1, offset: 0 });
    const failure = (name: string) =>
      pull.pull(ctx, name, { trigger: 'manual' }).then(
        () => null,
        (error: unknown) => error as AppError,
      );
    const broken = await failure('broken');
    expect(broken?.status).toBe(502);
    expect(broken?.message).toMatch(/503/);
    const huge = await failure('huge');
    expect(huge?.status).toBe(413);
    expect(huge?.message).toMatch(/limit of 10,000 bytes/);
    const slow = await failure('slow');
    expect(slow?.status).toBe(502);
    expect(slow?.message).toMatch(/no answer within 1 seconds/);
    for (const name of ['broken', 'huge', 'slow']) {
      const source = await h.services.intel.sources.get(ctx, name);
      expect(source.lastStatus).toBe('failed');
      expect(source.lastError).toBeTruthy();
    }
    expect((await h.services.intel.indicators.search({ limit: 1, offset: 0 })).total).toBe(before.total);
  });
});
