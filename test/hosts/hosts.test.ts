/** Observations → hosts on both databases: assignment, idempotence, lifecycle, reopening, verification, scope. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/app/bootstrap.js';
import { HostStore } from '../../src/hosts/host-store.js';
import type { RequestContext } from '../../src/server/context.js';
import { auditSince, call, lastAuditId, userContext } from '../support/api.js';
import { backends } from '../support/backends.js';
import { createHarness, login, type Harness } from '../support/harness.js';
import { observation } from './support.js';

const day = (n: number) => new Date(Date.UTC(2026, 9, 1 + n, 8)).toISOString();

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `infected hosts on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      let system: RequestContext;
      beforeAll(async () => {
        h = await createHarness(backend);
        system = await h.services.contextFor(operator('test'), null);
        await h.services.ownedData.add(system, h.orgId.sibling, 'asns', { asn: 64999 });
        h.services.ownership.invalidate();
      });
      afterAll(async () => h?.close());

      it('assigns by longest prefix, then AS number, and lists the rest for the national level', async () => {
        const before = await lastAuditId(h);
        const report = await h.services.hosts.importer.importParsed(
          system,
          {
            reportType: 'shadowserver:event4_sinkhole',
            records: [
              observation('10.1.5.5', day(0)),
              observation('10.1.2.9', day(0), { family: 'emotet' }),
              observation('192.0.2.10', day(0), { asn: 64999 }),
              observation('198.51.100.99', day(0)),
              observation('not-an-ip', day(0)),
              observation('10.1.5.5', day(0)),
            ],
            rejected: [{ line: 9, reason: 'missing ip column' }],
          },
          { fileName: 'event4.csv', trigger: 'cli' },
        );
        expect(report).toMatchObject({
          records: 6,
          inserted: 4,
          duplicates: 1,
          assigned: 3,
          unassigned: 1,
          rejected: 2,
          hostsCreated: 3,
        });
        expect(report.rejections.map((r) => r.line)).toEqual([5, 9]);
        expect(report.rejections[0]!.reason).toContain('not-an-ip');
        const audit = await auditSince(h, before);
        expect(audit.map((a) => a.action)).toContain('observations.import');
        expect(audit.filter((a) => a.action === 'host.status')).toHaveLength(3);

        const { db } = h.services.database;
        const rows = await db
          .selectFrom('observations')
          .select(['ip', 'organisation_id', 'assigned_by', 'matched'])
          .execute();
        const byIp = new Map(rows.map((r) => [r.ip, r]));
        expect(byIp.get('10.1.5.5')).toMatchObject({
          organisation_id: h.orgId.owner,
          assigned_by: 'range',
          matched: '10.1.0.0/16',
        });
        expect(byIp.get('10.1.2.9')).toMatchObject({
          organisation_id: h.orgId.child,
          matched: '10.1.2.0/24',
        });
        expect(byIp.get('192.0.2.10')).toMatchObject({
          organisation_id: h.orgId.sibling,
          assigned_by: 'asn',
          matched: 'AS64999',
        });
        expect(byIp.get('198.51.100.99')?.organisation_id).toBeNull();

        const runs = await h.services.hosts.observations.imports(system, 10);
        expect(runs[0]).toMatchObject({ fileName: 'event4.csv', inserted: 4, rejected: 2 });
        expect(runs[0]!.rejections[1]).toEqual({ line: 9, reason: 'missing ip column' });
      });

      it('stores nothing new when the same report comes again', async () => {
        const report = await h.services.hosts.importer.importParsed(
          system,
          {
            reportType: 'shadowserver:event4_sinkhole',
            records: [observation('10.1.5.5', day(0))],
            rejected: [],
          },
          { fileName: 'event4-again.csv', trigger: 'cli' },
        );
        expect(report).toMatchObject({ inserted: 0, duplicates: 1, hostsCreated: 0 });
      });

      it('only national administrators import; organisations read their own subtree', async () => {
        const province = await userContext(h, 'owner-administrator');
        await expect(
          h.services.hosts.importer.importParsed(
            province,
            { reportType: 'x', records: [], rejected: [] },
            {
              fileName: 'x',
              trigger: 'upload',
            },
          ),
        ).rejects.toMatchObject({ status: 403 });
        const owner = await login(h.app, 'owner-viewer');
        const list = await call(h, owner, 'GET', `/api/organisations/${h.orgId.owner}/hosts`);
        expect(list.statusCode).toBe(200);
        const addresses = list
          .json<{ items: { address: string }[] }>()
          .items.map((i) => i.address)
          .sort();
        expect(addresses).toEqual(['10.1.2.9', '10.1.5.5']);
        const siblingHost = await h.services.database.db
          .selectFrom('hosts')
          .select('id')
          .where('organisation_id', '=', h.orgId.sibling)
          .executeTakeFirstOrThrow();
        expect((await call(h, owner, 'GET', `/api/hosts/${siblingHost.id}`)).statusCode).toBe(404);
        const obs = await call(h, owner, 'GET', `/api/organisations/${h.orgId.owner}/observations`);
        expect(obs.json<{ total: number }>().total).toBe(2);
        const national = await login(h.app, 'root-administrator');
        const unassigned = await call(h, national, 'GET', '/api/observations/unassigned');
        expect(unassigned.json<{ items: { ip: string }[] }>().items.map((i) => i.ip)).toEqual([
          '198.51.100.99',
        ]);
        expect((await call(h, owner, 'GET', '/api/observations/unassigned')).statusCode).toBe(403);
        const check = await call(h, owner, 'GET', '/api/hosts/check?value=10.1.0.0/16');
        expect(check.json<{ total: number }>().total).toBe(2);
        const outside = await call(h, owner, 'GET', '/api/hosts/check?value=192.0.2.10');
        expect(outside.json<{ total: number }>().total).toBe(0);
      });

      it('moves through the lifecycle, reopens on newer evidence and says which, verifies when quiet', async () => {
        const { db } = h.services.database;
        const host = await db
          .selectFrom('hosts')
          .selectAll()
          .where('address', '=', '10.1.5.5')
          .executeTakeFirstOrThrow();
        const admin = await login(h.app, 'owner-administrator');
        const viewer = await login(h.app, 'owner-viewer');
        expect(
          (await call(h, viewer, 'PATCH', `/api/hosts/${host.id}`, { status: 'acknowledged' })).statusCode,
        ).toBe(403);
        const verified = await call(h, admin, 'PATCH', `/api/hosts/${host.id}`, { status: 'verified' });
        expect(verified.statusCode).toBe(400);
        const viewerId = (
          await db
            .selectFrom('users')
            .select('id')
            .where('username', '=', 'owner-viewer')
            .executeTakeFirstOrThrow()
        ).id;
        const cleaned = await call(h, admin, 'PATCH', `/api/hosts/${host.id}`, {
          status: 'cleaned',
          assigneeUserId: viewerId,
          note: 'Đã cài lại hệ điều hành',
        });
        expect(cleaned.statusCode).toBe(200);
        expect(cleaned.json()).toMatchObject({ status: 'cleaned', assignee: { id: viewerId } });

        // An old report (evidence before the cleaning) does not reopen the host.
        await h.services.hosts.importer.importParsed(
          system,
          { reportType: 'r', records: [observation('10.1.5.5', day(-3), { port: 1 })], rejected: [] },
          { fileName: 'old.csv', trigger: 'cli' },
        );
        expect(
          (await db.selectFrom('hosts').select('status').where('id', '=', host.id).executeTakeFirstOrThrow())
            .status,
        ).toBe('cleaned');

        // Not yet quiet long enough: nothing is verified.
        const later = (days: number) => new HostStore(db, 14, () => new Date(Date.now() + days * 86_400_000));
        expect(await later(13).verify(operator('scheduler'))).toBe(0);
        expect(await later(15).verify(operator('scheduler'))).toBe(1);
        const detail = await call(h, viewer, 'GET', `/api/hosts/${host.id}`);
        const body = detail.json<{
          host: { status: string };
          transitions: { to: string }[];
          notes: { text: string }[];
          timeline: unknown[];
        }>();
        expect(body.host.status).toBe('verified');
        expect(body.transitions.map((t) => t.to)).toEqual(['verified', 'cleaned', 'new']);
        expect(body.notes[0]!.text).toBe('Đã cài lại hệ điều hành');
        expect(body.timeline).toHaveLength(2);

        // A detection by a sensor after the cleaning reopens it and names itself as the reason.
        const when = new Date(Date.now() + 60_000).toISOString();
        await db
          .insertInto('detections')
          .values({
            organisation_id: h.orgId.owner,
            detected_at: when,
            event_time: when,
            source_ip: '10.1.5.5',
            log_format: 'suricata-eve',
            indicator_type: 'domain',
            indicator_value: 'c2.example',
            matched: 'c2.example',
            how: 'exact',
            family: 'qakbot',
            dedupe_key: `reopen-${backend.name}`,
          })
          .execute();
        const refreshed = await h.services.hosts.store.refresh(operator('scheduler'));
        expect(refreshed).toMatchObject({ detections: 1, reopened: 1 });
        const reopened = await call(h, viewer, 'GET', `/api/hosts/${host.id}`);
        const view = reopened.json<{
          host: { status: string; families: string[]; reopenEvidence: { kind: string; family: string } };
        }>();
        expect(view.host.status).toBe('reopened');
        expect(view.host.reopenEvidence).toMatchObject({ kind: 'detection', family: 'qakbot' });
        expect(view.host.families).toEqual(['mirai', 'qakbot']);
        // The watermark keeps a second refresh from counting the detection again.
        expect((await h.services.hosts.store.refresh(operator('scheduler'))).detections).toBe(0);
      });

      it('applies bulk changes all or none', async () => {
        const { db } = h.services.database;
        const ids = (await db.selectFrom('hosts').select('id').orderBy('id').execute()).map((r) => r.id);
        const admin = await login(h.app, 'owner-administrator');
        // The sibling's host is in the list: nothing changes, and it is "not found".
        const refused = await call(h, admin, 'POST', '/api/hosts/bulk', { ids, status: 'acknowledged' });
        expect(refused.statusCode).toBe(404);
        const ownerHosts = (
          await db
            .selectFrom('hosts')
            .select(['id', 'status'])
            .where('organisation_id', 'in', [h.orgId.owner, h.orgId.child])
            .execute()
        ).filter((r) => r.status !== 'acknowledged');
        const done = await call(h, admin, 'POST', '/api/hosts/bulk', {
          ids: ownerHosts.map((r) => r.id),
          status: 'acknowledged',
        });
        expect(done.statusCode).toBe(200);
        expect(
          done.json<{ items: { status: string }[] }>().items.every((i) => i.status === 'acknowledged'),
        ).toBe(true);
      });

      it('rolls figures up the tree', async () => {
        const owner = await userContext(h, 'owner-viewer');
        const today = new Date().toISOString().slice(0, 10);
        const figures = await h.services.hosts.service.figures(owner, h.orgId.owner, {
          from: '2026-09-25',
          to: today,
        });
        expect(figures.totals.total).toBe(2);
        expect(figures.units.map((u) => [u.organisation.id, u.total])).toEqual([[h.orgId.child, 1]]);
        expect(figures.own.total).toBe(1);
        expect(figures.families.map((f) => f.family)).toContain('emotet');
        // The verification was computed by a clock 15 days ahead.
        const ahead = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
        const found = await h.services.hosts.service.hostFigures(owner, h.orgId.owner, {
          from: '2026-09-25',
          to: ahead,
        });
        expect(found).toEqual({ found: 2, cleaned: 1, verified: 1 });
        const national = await userContext(h, 'root-viewer');
        expect(
          (await h.services.hosts.service.figures(national, h.orgId.root, { from: today, to: today })).totals
            .total,
        ).toBe(3);
      });
    },
  );
}
