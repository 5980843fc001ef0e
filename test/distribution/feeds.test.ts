/**
 * Blocklists end to end on both databases: list definitions with audit, device tokens in the path
 * and in the header, revocation and rotation, ETag/304, gzip, filters, allowlists (stored and the
 * organisation's own networks at render time), vendor limits cut or split, and the RPZ serial.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import type { IssuedList, ListView } from '../../src/distribution/list-service.js';
import { feedSourceInput } from '../../src/intel/feed-source-service.js';
import type { RequestContext } from '../../src/server/context.js';
import { auditSince, call, lastAuditId } from '../support/api.js';
import { backends } from '../support/backends.js';
import { createHarness, login, type Harness, type Session } from '../support/harness.js';

async function* linesFrom(text: string): AsyncGenerator<string> {
  yield* text.split('\n');
}

/** Entry lines only (no comments, no blank lines), sorted: lists stream in storage order. */
const entries = (text: string) =>
  text
    .split('\n')
    .filter((l) => l && !l.startsWith('#') && !l.startsWith(';'))
    .sort();

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `blocklists on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      let ctx: RequestContext;
      let admin: Session;
      const run = (source: string, text: string) =>
        h.services.intel.importer.run(ctx, {
          source,
          lines: linesFrom(text),
          format: 'plain',
          trigger: 'cli',
        });
      const create = async (body: Record<string, unknown>): Promise<IssuedList> => {
        const response = await call(h, admin, 'POST', '/api/distribution/lists', {
          organisationId: h.orgId.owner,
          title: 'Danh sách chặn',
          ...body,
        });
        expect(response.statusCode, response.body).toBe(201);
        return response.json<IssuedList>();
      };
      const pull = (path: string, headers: Record<string, string> = {}) =>
        h.app.inject({ method: 'GET', url: path, headers });

      beforeAll(async () => {
        h = await createHarness(backend);
        ctx = await h.services.contextFor(operator('test'), null);
        admin = await login(h.app, 'owner-administrator');
        await h.services.intel.sources.create(
          ctx,
          feedSourceInput.parse({
            name: 'high',
            title: 'High',
            defaultConfidence: 90,
            defaultFamily: 'emotet',
            tags: ['Chiến-dịch-2026'],
          }),
        );
        await h.services.intel.sources.create(
          ctx,
          feedSourceInput.parse({
            name: 'low',
            title: 'Low',
            defaultConfidence: 40,
            defaultFamily: 'qakbot',
          }),
        );
        // 10.1.5.5 is inside the owner's network and 8.8.8.8 a public resolver: allowlisted on import.
        await run('high', '185.220.101.1\n185.220.101.2\nevil-high.example\n10.1.5.5\n8.8.8.8');
        await run('low', '91.92.93.9\nevil-low.example\n2a0e:97c0:abc::1');
      }, 60_000);
      afterAll(async () => h?.close());

      it('creates a list with its own firewall token, audited, and serves it at the token path', async () => {
        const before = await lastAuditId(h);
        const issued = await create({ name: 'fw-ip', format: 'fortigate-ip' });
        expect(issued.token).toMatch(/^lsk_/);
        expect(issued.path).toBe(`/feeds/d/${issued.token}/fw-ip.txt`);
        expect(issued.item.limit).toBe(131_072);
        const audit = await auditSince(h, before);
        expect(audit.map((a) => a.action).sort()).toEqual(['blocklist.create', 'token.create']);

        const response = await pull(issued.path);
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(response.body.startsWith('# lamsach blocklist fw-ip: Danh sách chặn\n')).toBe(true);
        expect(response.body).toContain('# entries: 4 of 4 matching indicators\n');
        // allowlisted addresses never appear
        expect(entries(response.body)).toEqual([
          '185.220.101.1',
          '185.220.101.2',
          '2a0e:97c0:abc::1',
          '91.92.93.9',
        ]);
        expect(response.headers['x-lamsach-entries']).toBe('4');
      });

      it('answers 304 to a matching If-None-Match, gzips when asked, and changes its ETag after an import', async () => {
        const issued = await create({ name: 'etag', format: 'paloalto-domain' });
        const first = await pull(issued.path);
        const etag = String(first.headers.etag);
        expect(etag).toMatch(/^W\/"/);
        const again = await pull(issued.path, { 'if-none-match': etag });
        expect(again.statusCode).toBe(304);
        expect(again.body).toBe('');

        const zipped = await pull(issued.path, { 'accept-encoding': 'br, gzip;q=0.8' });
        expect(zipped.headers['content-encoding']).toBe('gzip');
        const text = gunzipSync(zipped.rawPayload).toString('utf8');
        expect(entries(text)).toEqual(entries(first.body));
        expect(entries(text)).toEqual(['evil-high.example', 'evil-low.example']);
        const refused = await pull(issued.path, { 'accept-encoding': 'gzip;q=0' });
        expect(refused.headers['content-encoding']).toBeUndefined();

        await run('low', '91.92.93.9\nevil-low.example\n2a0e:97c0:abc::1\nnew-low.example');
        const changed = await pull(issued.path, { 'if-none-match': etag });
        expect(changed.statusCode).toBe(200);
        expect(changed.headers.etag).not.toBe(etag);
        expect(entries(changed.body)).toContain('new-low.example');
      });

      it('applies filters: confidence, family, tag, types, age', async () => {
        const get = async (name: string, filters: Record<string, unknown>) =>
          entries((await pull((await create({ name, format: 'csv', filters })).path)).body)
            .filter((l) => !l.startsWith('value,'))
            .map((l) => l.split(',')[0]);
        expect(await get('f-conf', { minConfidence: 60 })).toEqual([
          '185.220.101.1',
          '185.220.101.2',
          'evil-high.example',
        ]);
        expect(new Set(await get('f-family', { families: ['QakBot'] }))).toEqual(
          new Set(['91.92.93.9', 'evil-low.example', '2a0e:97c0:abc::1', 'new-low.example']),
        );
        expect(await get('f-tag', { tag: 'chiến-dịch-2026', types: ['domain'] })).toEqual([
          'evil-high.example',
        ]);
        expect(await get('f-v6', { types: ['ipv6', 'cidr6'] })).toEqual(['2a0e:97c0:abc::1']);
        expect(await get('f-age', { maxAgeDays: 1 })).toHaveLength(7);
      });

      it('refuses types the format cannot carry, naming the field', async () => {
        const response = await call(h, admin, 'POST', '/api/distribution/lists', {
          organisationId: h.orgId.owner,
          name: 'bad-types',
          title: 'x',
          format: 'hosts',
          filters: { types: ['ipv4'] },
        });
        expect(response.statusCode).toBe(400);
        expect(response.json<{ error: { details: { path: string }[] } }>().error.details[0]!.path).toBe(
          'filters.types',
        );
      });

      it('cuts at the limit by priority and says so, or splits into parts', async () => {
        const cut = await pull((await create({ name: 'cut', format: 'paloalto-ip', maxEntries: 2 })).path);
        expect(entries(cut.body)).toEqual(['185.220.101.1', '185.220.101.2']);
        expect(cut.body).toContain('# entries: 2 of 4 matching indicators\n');
        expect(cut.body).toContain('# cut: 2 lower-priority entries left out, from confidence 40');
        expect(cut.headers['x-lamsach-cut']).toBe('2');

        const split = await create({ name: 'split', format: 'paloalto-ip', maxEntries: 3, split: true });
        const one = await pull(split.path);
        const two = await pull(`${split.path}?part=2`);
        expect(entries(one.body)).toEqual(['185.220.101.1', '185.220.101.2', '2a0e:97c0:abc::1']);
        expect(entries(two.body)).toEqual(['91.92.93.9']);
        expect(two.body).toContain('part 2 of 2');
        expect(one.headers.etag).not.toBe(two.headers.etag);
        expect((await pull(`${split.path}?part=3`)).statusCode).toBe(404);
      });

      it('leaves out ranges the organisation added since the last import, and changes the ETag', async () => {
        const issued = await create({ name: 'own', format: 'fortigate-ip' });
        const before = await pull(issued.path);
        expect(entries(before.body)).toContain('185.220.101.1');
        const added = await h.services.ownedData.add(ctx, h.orgId.child, 'ip-ranges', {
          cidr: '185.220.101.0/30',
        });
        const after = await pull(issued.path, { 'if-none-match': String(before.headers.etag) });
        expect(after.statusCode).toBe(200);
        expect(entries(after.body)).toEqual(['2a0e:97c0:abc::1', '91.92.93.9']);
        expect(after.body).toContain("2 entries; 2 left out as the organisation's own networks or domains");
        await h.services.ownedData.remove(ctx, h.orgId.child, 'ip-ranges', added.id);
      });

      it('refuses revoked tokens at once, other lists of the token, and other organisations', async () => {
        const issued = await create({ name: 'revoke', format: 'mikrotik' });
        const other = await create({ name: 'other', format: 'hosts' });
        expect((await pull(issued.path)).statusCode).toBe(200);
        // the token opens its own list only
        expect((await pull(`/feeds/d/${issued.token}/other.txt`)).statusCode).toBe(404);
        // header form
        const bearer = await pull('/feeds/revoke.rsc', { authorization: `Bearer ${issued.token}` });
        expect(bearer.statusCode).toBe(200);
        expect(bearer.body).toContain(
          '/ip firewall address-list add list=lamsach-revoke address=185.220.101.2',
        );
        expect((await pull('/feeds/other.txt', { authorization: `Bearer ${issued.token}` })).statusCode).toBe(
          404,
        );

        const rotated = await call(h, admin, 'POST', `/api/distribution/lists/${issued.item.id}/token`);
        expect(rotated.statusCode).toBe(200);
        const fresh = rotated.json<IssuedList>();
        expect((await pull(issued.path)).statusCode).toBe(401);
        expect((await pull(fresh.path)).statusCode).toBe(200);

        const revoke = await call(h, admin, 'DELETE', `/api/tokens/${fresh.item.token!.id}`);
        expect(revoke.statusCode).toBe(204);
        expect((await pull(fresh.path)).statusCode).toBe(401);
        expect((await pull('/feeds/revoke.rsc', { authorization: `Bearer ${fresh.token}` })).statusCode).toBe(
          401,
        );
        expect((await pull(other.path)).statusCode).toBe(200);

        // a script token is no device token
        const script = await h.services.tokens.create(ctx, {
          name: 'script',
          purpose: 'script',
          organisationId: h.orgId.owner,
          expiresAt: null,
        });
        expect((await pull(`/feeds/d/${script.token}/other.txt`)).statusCode).toBe(401);
        expect((await pull('/feeds/other.txt', { authorization: `Bearer ${script.token}` })).statusCode).toBe(
          403,
        );

        // the sibling's administrator neither sees nor changes the owner's lists
        const sibling = await login(h.app, 'sibling-administrator');
        expect((await call(h, sibling, 'GET', `/api/distribution/lists/${other.item.id}`)).statusCode).toBe(
          404,
        );
        expect(
          (await call(h, sibling, 'PATCH', `/api/distribution/lists/${other.item.id}`, { title: 'x' }))
            .statusCode,
        ).toBe(404);
        const list = await call(h, admin, 'GET', `/api/distribution/lists?organisationId=${h.orgId.owner}`);
        expect(list.json<{ items: ListView[] }>().items.map((l) => l.name)).toContain('other');
      });

      it('updates and deletes lists with audit rows; deleting revokes the token', async () => {
        const issued = await create({ name: 'change', format: 'hosts' });
        const before = await lastAuditId(h);
        const patched = await call(h, admin, 'PATCH', `/api/distribution/lists/${issued.item.id}`, {
          filters: { minConfidence: 80 },
        });
        expect(patched.statusCode).toBe(200);
        expect(entries((await pull(issued.path)).body)).toEqual(['0.0.0.0 evil-high.example']);
        const removed = await call(h, admin, 'DELETE', `/api/distribution/lists/${issued.item.id}`);
        expect(removed.statusCode).toBe(204);
        expect((await pull(issued.path)).statusCode).toBe(401);
        expect((await auditSince(h, before)).map((a) => a.action)).toEqual([
          'blocklist.update',
          'token.revoke',
          'blocklist.remove',
        ]);
      });

      it('keeps the RPZ serial while the content stays, raises it when the content changes', async () => {
        const issued = await create({ name: 'rpz', format: 'rpz', filters: { types: ['domain'] } });
        const serialOf = (text: string) => Number(/SOA \S+ \S+ \( (\d+) /.exec(text)![1]);
        const first = await pull(issued.path);
        expect(first.body).toContain('evil-high.example CNAME .\n*.evil-high.example CNAME .\n');
        const serial = serialOf(first.body);
        // an address changes the ETag version but not this domain-only zone
        await run(
          'high',
          '185.220.101.1\n185.220.101.2\nevil-high.example\n10.1.5.5\n8.8.8.8\n185.220.101.3',
        );
        const second = await pull(issued.path);
        expect(second.headers.etag).not.toBe(first.headers.etag);
        expect(serialOf(second.body)).toBe(serial);
        await run(
          'high',
          '185.220.101.1\n185.220.101.2\nevil-high.example\n10.1.5.5\n8.8.8.8\n185.220.101.3\nnew-high.example',
        );
        const third = await pull(issued.path);
        expect(serialOf(third.body)).toBeGreaterThan(serial);
        expect(third.body).toContain('new-high.example CNAME .');
      });

      it('lets members read the content through the API with their session', async () => {
        const issued = await create({ name: 'api', format: 'stix' });
        const viewer = await login(h.app, 'owner-viewer');
        const response = await call(h, viewer, 'GET', `/api/distribution/lists/${issued.item.id}/content`);
        expect(response.statusCode).toBe(200);
        const bundle = response.json<{ objects: { type: string; pattern?: string }[] }>();
        expect(bundle.objects.filter((o) => o.type === 'indicator').length).toBeGreaterThanOrEqual(4);
        expect(bundle.objects.some((o) => o.pattern === "[ipv4-addr:value = '8.8.8.8']")).toBe(false);
      });
    },
  );
}
