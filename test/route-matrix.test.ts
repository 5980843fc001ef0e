/**
 * Walks every route the server registers with callers of the owning organisation, its parent, a
 * child, a sibling, a machine token and an anonymous caller, and asserts exactly who gets in.
 * The route list comes from the server itself: a new route without an example here fails the
 * test until someone decides who may call it.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../src/app/bootstrap.js';
import { campaignInput } from '../src/campaigns/campaign-input.js';
import { feedSourceInput } from '../src/intel/feed-source-service.js';
import { listInput } from '../src/distribution/list-service.js';
import type { AccessRule } from '../src/server/access.js';
import { backends } from './support/backends.js';
import {
  authHeaders,
  createHarness,
  fixtureOrgs,
  login,
  testPassword,
  type Harness,
  type Relation,
  type Session,
} from './support/harness.js';

type Caller =
  | { name: string; kind: 'user'; relation: Relation; role: 'administrator' | 'viewer' }
  | { name: string; kind: 'token'; relation: Relation; purpose?: 'sensor' }
  | { name: string; kind: 'anonymous' };

const callers: Caller[] = [
  { name: 'owner administrator', kind: 'user', relation: 'owner', role: 'administrator' },
  { name: 'owner viewer', kind: 'user', relation: 'owner', role: 'viewer' },
  { name: 'parent administrator', kind: 'user', relation: 'root', role: 'administrator' },
  { name: 'parent viewer', kind: 'user', relation: 'root', role: 'viewer' },
  { name: 'child administrator', kind: 'user', relation: 'child', role: 'administrator' },
  { name: 'sibling administrator', kind: 'user', relation: 'sibling', role: 'administrator' },
  { name: 'owner script token', kind: 'token', relation: 'owner' },
  { name: 'sibling script token', kind: 'token', relation: 'sibling' },
  { name: 'owner sensor token', kind: 'token', relation: 'owner', purpose: 'sensor' },
  { name: 'sibling sensor token', kind: 'token', relation: 'sibling', purpose: 'sensor' },
  { name: 'anonymous', kind: 'anonymous' },
];

interface Request {
  url: string;
  payload?: unknown;
  /** statuses that mean "let through" for this example (default: any 2xx) */
  allowed?: number[];
  /** use a new session of the caller (for requests that end it) */
  freshSession?: boolean;
  /** the answer describes someone other than the caller (sign-in with another user's password) */
  skipLeakCheck?: boolean;
}

interface Fixture {
  h: Harness;
  unique: () => string;
}

/** One example request per route, aimed at the OWNER organisation. */
const examples: Record<string, (fx: Fixture) => Promise<Request> | Request> = {
  'POST /api/auth/login': () => ({
    url: '/api/auth/login',
    payload: { username: 'owner-viewer', password: testPassword },
    skipLeakCheck: true,
  }),
  'GET /api/auth/me': () => ({ url: '/api/auth/me' }),
  'POST /api/auth/logout': () => ({ url: '/api/auth/logout', freshSession: true }),
  'POST /api/auth/password': () => ({
    url: '/api/auth/password',
    payload: { currentPassword: 'not-the-password', newPassword: 'whatever-new-password-1' },
    allowed: [400],
  }),
  'GET /api/organisation-kinds': () => ({ url: '/api/organisation-kinds' }),
  'POST /api/organisation-kinds': ({ unique }) => ({
    url: '/api/organisation-kinds',
    payload: { code: `kind_${unique()}`, nameVi: 'Loại mới', nameEn: 'New kind', rank: 75 },
  }),
  'GET /api/organisations': () => ({ url: '/api/organisations' }),
  'GET /api/organisations/:id': ({ h }) => ({ url: `/api/organisations/${h.orgId.owner}` }),
  'POST /api/organisations': ({ h, unique }) => ({
    url: '/api/organisations',
    payload: { parentId: h.orgId.owner, code: `NEW-${unique()}`, name: 'Đơn vị mới', kind: 'unit' },
  }),
  'PATCH /api/organisations/:id': ({ h, unique }) => ({
    url: `/api/organisations/${h.orgId.owner}`,
    payload: { name: `Tỉnh Chủ ${unique()}` },
  }),
  'POST /api/organisations/:id/ip-ranges': ({ h, unique }) => ({
    url: `/api/organisations/${h.orgId.owner}/ip-ranges`,
    payload: { cidr: hostRange(100, unique()) },
  }),
  'POST /api/organisations/:id/asns': ({ h, unique }) => ({
    url: `/api/organisations/${h.orgId.owner}/asns`,
    payload: { asn: 64500 + Number(unique()) },
  }),
  'POST /api/organisations/:id/domains': ({ h, unique }) => ({
    url: `/api/organisations/${h.orgId.owner}/domains`,
    payload: { domain: `d${unique()}.owner.gov.vn` },
  }),
  'POST /api/organisations/:id/websites': ({ h, unique }) => ({
    url: `/api/organisations/${h.orgId.owner}/websites`,
    payload: { url: `https://w${unique()}.owner.gov.vn/` },
  }),
  'POST /api/organisations/:id/contacts': ({ h }) => ({
    url: `/api/organisations/${h.orgId.owner}/contacts`,
    payload: { name: 'Trần Thị Bình', role: 'Chuyên viên', email: 'binh@owner.gov.vn', phone: null },
  }),
  'PATCH /api/organisations/:id/contacts/:itemId': async ({ h }) => {
    const item = await addOwned(h, 'contacts', {
      name: 'Lê Văn Cường',
      role: 'Kỹ sư',
      email: null,
      phone: null,
    });
    return { url: `/api/organisations/${h.orgId.owner}/contacts/${item}`, payload: { role: 'Trưởng nhóm' } };
  },
  'DELETE /api/organisations/:id/ip-ranges/:itemId': async ({ h, unique }) => ({
    url: `/api/organisations/${h.orgId.owner}/ip-ranges/${await addOwned(h, 'ip-ranges', { cidr: hostRange(200, unique()) })}`,
  }),
  'DELETE /api/organisations/:id/asns/:itemId': async ({ h, unique }) => ({
    url: `/api/organisations/${h.orgId.owner}/asns/${await addOwned(h, 'asns', { asn: 65000 + Number(unique()) })}`,
  }),
  'DELETE /api/organisations/:id/domains/:itemId': async ({ h, unique }) => ({
    url: `/api/organisations/${h.orgId.owner}/domains/${await addOwned(h, 'domains', { domain: `x${unique()}.owner.gov.vn` })}`,
  }),
  'DELETE /api/organisations/:id/websites/:itemId': async ({ h, unique }) => ({
    url: `/api/organisations/${h.orgId.owner}/websites/${await addOwned(h, 'websites', { url: `https://x${unique()}.owner.gov.vn/` })}`,
  }),
  'DELETE /api/organisations/:id/contacts/:itemId': async ({ h }) => ({
    url: `/api/organisations/${h.orgId.owner}/contacts/${await addOwned(h, 'contacts', { name: 'Phạm Văn Dũng', role: '', email: null, phone: null })}`,
  }),
  'GET /api/lookup': () => ({ url: '/api/lookup?ip=10.1.2.3' }),
  'GET /api/users': () => ({ url: '/api/users' }),
  'PATCH /api/users/:id': async ({ h, unique }) => {
    const ctx = await h.services.contextFor(operator('test'), null);
    const created = await h.services.users.create(ctx, {
      username: `edited-${unique()}`,
      displayName: 'Sẽ sửa',
      organisationId: h.orgId.owner,
      roles: ['viewer'],
    });
    return {
      url: `/api/users/${created.user.id}`,
      payload: { displayName: 'Đã sửa', roles: ['viewer', 'reporter'] },
    };
  },
  'POST /api/organisations/import': ({ unique }) => ({
    url: '/api/organisations/import',
    payload: {
      format: 'csv',
      content: `code,name,kind,parent_code\nIMP-${unique()},Đơn vị nhập,unit,${fixtureOrgs.owner}\n`,
    },
  }),
  'GET /api/organisations/export': () => ({ url: '/api/organisations/export?format=json' }),
  'POST /api/users': ({ h, unique }) => ({
    url: '/api/users',
    payload: {
      username: `new-user-${unique()}`,
      displayName: 'Người dùng mới',
      organisationId: h.orgId.owner,
      roles: ['viewer'],
    },
  }),
  'POST /api/users/:id/reset-password': async ({ h, unique }) => {
    const ctx = await h.services.contextFor(operator('test'), null);
    const created = await h.services.users.create(ctx, {
      username: `victim-${unique()}`,
      displayName: 'Nạn nhân',
      organisationId: h.orgId.owner,
      roles: ['viewer'],
    });
    return { url: `/api/users/${created.user.id}/reset-password` };
  },
  'GET /api/tokens': () => ({ url: '/api/tokens' }),
  'POST /api/tokens': ({ h, unique }) => ({
    url: '/api/tokens',
    payload: { name: `sensor ${unique()}`, purpose: 'sensor', organisationId: h.orgId.owner },
  }),
  'DELETE /api/tokens/:id': async ({ h, unique }) => {
    const ctx = await h.services.contextFor(operator('test'), null);
    const created = await h.services.tokens.create(ctx, {
      name: `t${unique()}`,
      purpose: 'firewall',
      organisationId: h.orgId.owner,
      expiresAt: null,
    });
    return { url: `/api/tokens/${created.item.id}` };
  },
  'GET /api/audit': () => ({ url: '/api/audit?limit=20' }),
  'GET /api/intel/indicators': () => ({ url: '/api/intel/indicators?limit=5' }),
  'GET /api/intel/indicators/:id': async ({ h }) => ({
    url: `/api/intel/indicators/${await anIndicator(h)}`,
  }),
  'GET /api/intel/check': () => ({ url: '/api/intel/check?value=evil.matrix.example' }),
  'GET /api/intel/formats': () => ({ url: '/api/intel/formats' }),
  'GET /api/intel/feeds': () => ({ url: '/api/intel/feeds' }),
  'POST /api/intel/feeds': ({ unique }) => ({
    url: '/api/intel/feeds',
    payload: { name: `matrix-${unique()}`, title: 'Matrix feed' },
  }),
  'PATCH /api/intel/feeds/:name': async ({ h, unique }) => ({
    url: `/api/intel/feeds/${await aFeed(h, unique())}`,
    payload: { title: 'Renamed' },
  }),
  'DELETE /api/intel/feeds/:name': async ({ h, unique }) => ({
    url: `/api/intel/feeds/${await aFeed(h, unique())}`,
  }),
  'GET /api/intel/feeds/:name/runs': async ({ h, unique }) => ({
    url: `/api/intel/feeds/${await aFeed(h, unique())}/runs`,
  }),
  'POST /api/intel/feeds/:name/pull': async ({ h, unique }) => ({
    url: `/api/intel/feeds/${await aFeed(h, unique())}/pull`,
    payload: {},
    allowed: [400],
  }),
  'POST /api/intel/feeds/:name/import': async ({ h, unique }) => ({
    url: `/api/intel/feeds/${await aFeed(h, unique())}/import`,
    payload: { content: '198.51.100.77\nevil.matrix.example\n', fileName: 'list.txt', format: 'plain' },
  }),
  'GET /api/intel/allowlists': () => ({ url: '/api/intel/allowlists?limit=5' }),
  'POST /api/intel/allowlists': ({ unique }) => ({
    url: '/api/intel/allowlists',
    payload: { list: 'matrix', kind: 'domain', value: `ok${unique()}.example`, reason: 'test' },
  }),
  'DELETE /api/intel/allowlists/:id': async ({ h, unique }) => {
    const ctx = await h.services.contextFor(operator('test'), null);
    const entry = await h.services.intel.allowlists.add(ctx, {
      list: 'matrix',
      kind: 'domain',
      value: `gone${unique()}.example`,
      reason: 'test',
    });
    return { url: `/api/intel/allowlists/${entry.id}` };
  },
  // Campaigns and reports (issue #7): campaigns rooted at OWNER unless the step needs a parent.
  'GET /api/campaigns': () => ({ url: '/api/campaigns' }),
  'POST /api/campaigns': ({ h, unique }) => ({
    url: '/api/campaigns',
    payload: campaignPayload(h.orgId.owner, `M-${unique()}`),
  }),
  'GET /api/campaigns/:id': async ({ h, unique }) => ({
    url: `/api/campaigns/${await aCampaign(h, 'owner', unique())}`,
  }),
  'POST /api/campaigns/:id/letters': async ({ h, unique }) => ({
    url: `/api/campaigns/${await aCampaign(h, 'owner', unique())}/letters`,
    payload: { number: '826/CATTT-NCSC', date: '2020-09-22', issuer: 'Cục An toàn thông tin' },
  }),
  'POST /api/campaigns/:id/letters/:letterId/files': async ({ h, unique }) => {
    const id = await aCampaign(h, 'owner', unique());
    const ctx = await h.services.contextFor(operator('test'), null);
    const letter = await h.services.campaigns.addLetter(ctx, id, {
      number: '1',
      date: '2020-09-22',
      issuer: 'x',
      subject: '',
    });
    return {
      url: `/api/campaigns/${id}/letters/${letter.id}/files`,
      payload: { fileName: 'phu-luc.txt', contentBase64: Buffer.from('Phụ lục').toString('base64') },
    };
  },
  'GET /api/campaigns/:id/files/:fileId': async ({ h, unique }) => {
    const id = await aCampaign(h, 'owner', unique());
    const ctx = await h.services.contextFor(operator('test'), null);
    const letter = await h.services.campaigns.addLetter(ctx, id, {
      number: '1',
      date: '2020-09-22',
      issuer: 'x',
      subject: '',
    });
    const file = await h.services.campaigns.addFile(ctx, id, letter.id, {
      fileName: 'a.txt',
      mediaType: 'text/plain',
      contentBase64: Buffer.from('a').toString('base64'),
    });
    return { url: `/api/campaigns/${id}/files/${file.id}` };
  },
  'POST /api/campaigns/:id/forward': async ({ h, unique }) => ({
    url: `/api/campaigns/${await aCampaign(h, 'owner', unique())}/forward`,
    payload: { organisationId: h.orgId.owner, deadline: '2020-10-20', note: 'Chuyển tiếp' },
  }),
  'POST /api/campaigns/:id/acknowledge': async ({ h, unique }) => ({
    url: `/api/campaigns/${await aCampaign(h, 'root', unique(), [h.orgId.owner])}/acknowledge`,
    payload: { organisationId: h.orgId.owner },
  }),
  'POST /api/campaigns/:id/deploy': async ({ h, unique }) => ({
    url: `/api/campaigns/${await aCampaign(h, 'root', unique(), [h.orgId.owner])}/deploy`,
    payload: { organisationId: h.orgId.owner },
  }),
  'GET /api/campaigns/:id/status': async ({ h, unique }) => ({
    url: `/api/campaigns/${await aCampaign(h, 'owner', unique())}/status?depth=3`,
  }),
  'GET /api/reports/templates': () => ({ url: '/api/reports/templates' }),
  'GET /api/reports': async ({ h, unique }) => ({
    url: `/api/reports?campaignId=${await aCampaign(h, 'owner', unique())}`,
  }),
  'POST /api/reports': async ({ h, unique }) => ({
    url: '/api/reports',
    payload: { campaignId: await aCampaign(h, 'owner', unique()), organisationId: h.orgId.owner },
  }),
  'GET /api/reports/:id': async ({ h, unique }) => ({
    url: `/api/reports/${await aReport(h, unique(), 'owner')}`,
  }),
  'PATCH /api/reports/:id': async ({ h, unique }) => ({
    url: `/api/reports/${await aReport(h, unique(), 'owner')}`,
    payload: { revision: 0, texts: { evaluation: 'Đã triển khai' } },
  }),
  'POST /api/reports/:id/submit': async ({ h, unique }) => ({
    url: `/api/reports/${await aReport(h, unique(), 'owner', { complete: true })}/submit`,
  }),
  'GET /api/reports/:id/export': async ({ h, unique }) => ({
    url: `/api/reports/${await aReport(h, unique(), 'owner', { complete: true })}/export?format=xlsx`,
  }),
  // The reviewer of the CHILD's report is the OWNER, which forwarded the campaign to it.
  'POST /api/reports/:id/review': async ({ h, unique }) => ({
    url: `/api/reports/${await aReport(h, unique(), 'child', { complete: true, submitted: true })}/review`,
    payload: { decision: 'accept' },
  }),
  // --- infected hosts (issue #6) ---
  'GET /api/observations/formats': () => ({ url: '/api/observations/formats' }),
  'POST /api/observations/import': () => ({
    url: '/api/observations/import',
    payload: {
      fileName: 'local-report.csv',
      content: 'timestamp,ip\n2026-10-01 00:00:00,10.1.77.1\n',
      format: 'generic-csv',
      mapping: { ip: 'ip', time: 'timestamp' },
    },
  }),
  'GET /api/observations/imports': () => ({ url: '/api/observations/imports' }),
  'GET /api/observations/unassigned': () => ({ url: '/api/observations/unassigned' }),
  'GET /api/organisations/:id/observations': ({ h }) => ({
    url: `/api/organisations/${h.orgId.owner}/observations`,
  }),
  'GET /api/organisations/:id/hosts': ({ h }) => ({ url: `/api/organisations/${h.orgId.owner}/hosts` }),
  'GET /api/organisations/:id/host-figures': ({ h }) => ({
    url: `/api/organisations/${h.orgId.owner}/host-figures`,
  }),
  'GET /api/hosts/check': () => ({ url: '/api/hosts/check?value=10.1.77.0/24' }),
  'GET /api/hosts/:id': async ({ h }) => ({ url: `/api/hosts/${await aHost(h)}` }),
  'PATCH /api/hosts/:id': async ({ h }) => ({
    url: `/api/hosts/${await aHost(h)}`,
    payload: { note: 'Đã liên hệ đơn vị' },
  }),
  'POST /api/hosts/bulk': async ({ h }) => ({
    url: '/api/hosts/bulk',
    payload: { ids: [await aHost(h)], note: 'Ghi chú chung' },
  }),
  'GET /api/public/check': () => ({ url: '/api/public/check' }),
  // Every province with its count is public by design (aggregates, never addresses).
  'GET /api/public/stats': () => ({ url: '/api/public/stats', skipLeakCheck: true }),
  'GET /api/selfcheck/reference': () => ({ url: '/api/selfcheck/reference' }),
  'PUT /api/selfcheck/families/:family': ({ unique }) => ({
    url: `/api/selfcheck/families/fam-${unique()}`,
    payload: {
      name: 'Họ mã độc',
      descriptionVi: 'Mô tả',
      descriptionEn: 'Description',
      cleanupVi: 'Cách gỡ',
      cleanupEn: 'How to clean',
    },
  }),
  'DELETE /api/selfcheck/families/:family': async ({ h, unique }) => {
    const ctx = await h.services.contextFor(operator('test'), null);
    const family = `gone-${unique()}`;
    await h.services.selfcheck.saveFamily(ctx, {
      family,
      name: 'X',
      descriptionVi: 'x',
      descriptionEn: 'x',
      cleanupVi: 'x',
      cleanupEn: 'x',
    });
    return { url: `/api/selfcheck/families/${family}` };
  },
  'PUT /api/selfcheck/tools': () => ({
    url: '/api/selfcheck/tools',
    payload: { items: [{ name: 'Công cụ', url: 'https://tool.example/', descriptionVi: 'Miễn phí' }] },
  }),
  'PUT /api/selfcheck/versions/:product': () => ({
    url: '/api/selfcheck/versions/chrome',
    payload: { label: 'Google Chrome', kind: 'browser', currentVersion: '150', minimumVersion: '148' },
  }),
  'GET /api/organisations/:id/notifications': ({ h }) => ({
    url: `/api/organisations/${h.orgId.owner}/notifications`,
  }),
  'POST /api/organisations/:id/digest': ({ h }) => ({ url: `/api/organisations/${h.orgId.owner}/digest` }),
  'PUT /api/organisations/:id/webhook': ({ h }) => ({
    url: `/api/organisations/${h.orgId.owner}/webhook`,
    payload: { url: 'http://127.0.0.1:9/hook', enabled: false },
  }),
  'DELETE /api/organisations/:id/webhook': async ({ h }) => {
    const ctx = await h.services.contextFor(operator('test'), null);
    await h.services.notifications.setWebhook(ctx, h.orgId.owner, {
      url: 'http://127.0.0.1:9/x',
      enabled: false,
    });
    return { url: `/api/organisations/${h.orgId.owner}/webhook` };
  },
  'GET /api/distribution/lists': ({ h }) => ({
    url: `/api/distribution/lists?organisationId=${h.orgId.owner}`,
  }),
  'POST /api/distribution/lists': ({ h, unique }) => ({
    url: '/api/distribution/lists',
    payload: {
      organisationId: h.orgId.owner,
      name: `m-${unique()}`,
      title: 'Danh sách',
      format: 'fortigate-ip',
    },
  }),
  'GET /api/distribution/lists/:id': async ({ h, unique }) => ({
    url: `/api/distribution/lists/${await aList(h, unique())}`,
  }),
  'PATCH /api/distribution/lists/:id': async ({ h, unique }) => ({
    url: `/api/distribution/lists/${await aList(h, unique())}`,
    payload: { title: 'Đổi tên' },
  }),
  'DELETE /api/distribution/lists/:id': async ({ h, unique }) => ({
    url: `/api/distribution/lists/${await aList(h, unique())}`,
  }),
  'POST /api/distribution/lists/:id/token': async ({ h, unique }) => ({
    url: `/api/distribution/lists/${await aList(h, unique())}/token`,
  }),
  'GET /api/distribution/lists/:id/content': async ({ h, unique }) => ({
    url: `/api/distribution/lists/${await aList(h, unique())}/content`,
  }),
  // --- sensors ---
  'GET /api/sensor/key': () => ({ url: '/api/sensor/key' }),
  'GET /api/sensor/bundle': () => ({ url: '/api/sensor/bundle?since=0' }),
  'POST /api/sensor/detections': ({ unique }) => ({
    url: '/api/sensor/detections',
    payload: { detections: [sensorDetection(unique())] },
  }),
  'POST /api/sensor/heartbeat': () => ({
    url: '/api/sensor/heartbeat',
    payload: {
      hostname: 'sensor-1',
      version: '0.1.0',
      bundleVersion: null,
      bundleGeneratedAt: null,
      linesPerSecond: 0,
      linesTotal: 0,
      linesNotUnderstood: 0,
      filesFollowed: 0,
      queueLength: 0,
    },
  }),
  'GET /api/sensors': () => ({ url: '/api/sensors' }),
};

/** A distinct /32 inside OWNER's 10.1.0.0/16 for the n-th request (more callers, more requests). */
function hostRange(base: number, n: string): string {
  return `10.1.${base + Math.floor(Number(n) / 256)}.${Number(n) % 256}/32`;
}

/** A detection as a sensor uploads it. */
function sensorDetection(suffix: string) {
  const raw = `05-Jan-2026 08:00:00.000 client @0x1 10.1.0.5#5353 (x${suffix}.evil.example): query: x${suffix}.evil.example IN A +`;
  return {
    id: createHash('sha256').update(raw).digest('hex'),
    indicator: {
      id: null,
      type: 'domain',
      value: 'evil.example',
      exactDomain: false,
      threatType: null,
      family: null,
      confidence: 50,
      sources: ['matrix'],
      port: null,
      validFrom: null,
      validUntil: null,
    },
    field: 'dns.question.name',
    how: 'parent-domain',
    direction: 'outbound',
    observed: `x${suffix}.evil.example`,
    matched: 'evil.example',
    internalHost: '10.1.0.5',
    event: { format: 'bind-query', sourceIp: '10.1.0.5', dnsQuestionName: `x${suffix}.evil.example` },
    source: '/var/log/named/query.log',
    line: 1,
    raw,
  };
}

function campaignPayload(rootOrganisationId: number, code: string) {
  return {
    code,
    title: 'Chiến dịch thử',
    rootOrganisationId,
    templateCode: 'NCSC-2020-NATIONAL',
    startsOn: '2020-09-22',
    endsOn: '2020-12-31',
    nationalDeadline: '2020-10-28',
  };
}

/** A campaign rooted at `root`, forwarded by the root to `forwardTo` (none by default). */
async function aCampaign(
  h: Harness,
  root: 'owner' | 'root',
  suffix: string,
  forwardTo: number[] = [],
): Promise<number> {
  const ctx = await h.services.contextFor(operator('test'), null);
  const created = await h.services.campaigns.create(
    ctx,
    campaignInput.parse(campaignPayload(h.orgId[root], `MX-${suffix}`)),
  );
  if (forwardTo.length)
    await h.services.campaigns.forward(ctx, created.id, {
      organisationId: h.orgId[root],
      childIds: forwardTo,
      deadline: '2020-10-20',
      note: '',
    });
  return created.id;
}

/** A report of `who` in a campaign rooted at OWNER (forwarded to CHILD when the child reports). */
async function aReport(
  h: Harness,
  suffix: string,
  who: 'owner' | 'child',
  options: { complete?: boolean; submitted?: boolean } = {},
): Promise<number> {
  const ctx = await h.services.contextFor(operator('test'), null);
  const campaignId = await aCampaign(h, 'owner', suffix, who === 'child' ? [h.orgId.child] : []);
  const report = await h.services.reports.create(ctx, { campaignId, organisationId: h.orgId[who] });
  if (options.complete)
    await h.services.reports.update(ctx, report.id, { revision: 0, texts: { evaluation: 'Đã triển khai' } });
  if (options.submitted) await h.services.reports.submit(ctx, report.id);
  return report.id;
}

/** A host of the OWNER organisation, made from one imported observation. */
async function aHost(h: Harness): Promise<number> {
  const ctx = await h.services.contextFor(operator('test'), null);
  await h.services.hosts.importer.importParsed(
    ctx,
    {
      reportType: 'test',
      records: [
        {
          ip: '10.1.77.1',
          port: null,
          time: '2026-10-01T00:00:00.000Z',
          family: 'mirai',
          category: 'infected',
          source: 'test',
          asn: null,
          hostname: null,
          url: null,
          protocol: null,
          destinationIp: null,
          destinationPort: null,
          raw: {},
        },
      ],
      rejected: [],
    },
    { fileName: 'matrix.csv', trigger: 'cli' },
  );
  const host = await h.services.database.db
    .selectFrom('hosts')
    .select('id')
    .where('address', '=', '10.1.77.1')
    .executeTakeFirstOrThrow();
  return host.id;
}

/** A feed source made by the operator (national feeds are not organisation data). */
async function aFeed(h: Harness, suffix: string): Promise<string> {
  const ctx = await h.services.contextFor(operator('test'), null);
  return (
    await h.services.intel.sources.create(
      ctx,
      feedSourceInput.parse({ name: `feed-${suffix}`, title: 'Feed' }),
    )
  ).name;
}

/** A blocklist of the owner organisation, made by the operator. */
async function aList(h: Harness, suffix: string): Promise<number> {
  const ctx = await h.services.contextFor(operator('test'), null);
  return (
    await h.services.distribution.lists.create(
      ctx,
      listInput.parse({
        organisationId: h.orgId.owner,
        name: `l-${suffix}`,
        title: 'Danh sách',
        format: 'rpz',
      }),
    )
  ).item.id;
}

async function anIndicator(h: Harness): Promise<number> {
  const found = await h.services.intel.indicators.search({ limit: 1, offset: 0 });
  if (found.items[0]) return found.items[0].id;
  const ctx = await h.services.contextFor(operator('test'), null);
  await h.services.intel.sources.create(ctx, feedSourceInput.parse({ name: 'seed-feed', title: 'Seed' }));
  await h.services.intel.importer.run(ctx, {
    source: 'seed-feed',
    lines: (async function* () {
      yield 'evil.matrix.example';
    })(),
    format: 'plain',
    trigger: 'cli',
  });
  return (await h.services.intel.indicators.search({ limit: 1, offset: 0 })).items[0]!.id;
}

async function addOwned(
  h: Harness,
  kind: 'ip-ranges' | 'asns' | 'domains' | 'websites' | 'contacts',
  body: unknown,
): Promise<number> {
  const ctx = await h.services.contextFor(operator('test'), null);
  return (await h.services.ownedData.add(ctx, h.orgId.owner, kind, body)).id;
}

/** Routes with no access rule: only the interactive API documentation. */
const undeclaredAllowed = (url: string) => url.startsWith('/api/docs');

/** Organisations whose subtree the relation may read (fixture tree: root ⊃ owner ⊃ child, sibling). */
const reads: Record<Relation, Relation[]> = {
  root: ['root', 'owner', 'child', 'sibling'],
  owner: ['owner', 'child'],
  child: ['child'],
  sibling: ['sibling'],
};

/** Who should get through, computed from the rule and the fixture tree, not from the authorizer. */
function expectedAllowed(access: AccessRule, caller: Caller): boolean {
  if (access.kind === 'public') return true;
  if (caller.kind === 'anonymous') return false;
  // Sensor endpoints: sensor tokens only; a sensor token calls nothing else.
  if (access.kind === 'sensor') return caller.kind === 'token' && caller.purpose === 'sensor';
  if (caller.kind === 'token' && caller.purpose === 'sensor') return false;
  if (caller.kind === 'token') {
    if (
      access.kind === 'session' ||
      access.kind === 'administrator' ||
      access.kind === 'national-administrator'
    )
      return false;
    if (!(access.tokens ?? []).includes('script')) return false;
    return (
      access.kind === 'authenticated' ||
      (access.action === 'read' && reads[caller.relation].includes('owner'))
    );
  }
  switch (access.kind) {
    case 'session':
    case 'authenticated':
      return true;
    case 'administrator':
      return caller.role === 'administrator';
    case 'national-administrator':
      return caller.role === 'administrator' && caller.relation === 'root';
    case 'organisation': {
      const canRead = reads[caller.relation].includes('owner');
      if (access.action === 'read') return canRead;
      if (access.action === 'restructure')
        return caller.role === 'administrator' && caller.relation === 'root';
      return canRead && caller.role === 'administrator';
    }
  }
}

for (const { backend, available, reason } of backends) {
  describe.skipIf(!available)(
    `route access matrix on ${backend.name}${available ? '' : ` (skipped: ${reason})`}`,
    () => {
      let h: Harness;
      const sessions = new Map<string, Session>();
      const tokens = new Map<string, string>();
      let counter = 0;
      const fx = (): Fixture => ({ h, unique: () => String(++counter) });

      beforeAll(async () => {
        h = await createHarness(backend);
        for (const caller of callers) {
          if (caller.kind === 'user')
            sessions.set(caller.name, await login(h.app, `${caller.relation}-${caller.role}`));
        }
        const ctx = await h.services.contextFor(operator('test'), null);
        for (const relation of ['owner', 'sibling'] as const) {
          tokens.set(
            `${relation} script token`,
            (
              await h.services.tokens.create(ctx, {
                name: `script ${relation}`,
                purpose: 'script',
                organisationId: h.orgId[relation],
                expiresAt: null,
              })
            ).token,
          );
          tokens.set(
            `${relation} sensor token`,
            (
              await h.services.tokens.create(ctx, {
                name: `sensor ${relation}`,
                purpose: 'sensor',
                organisationId: h.orgId[relation],
                expiresAt: null,
              })
            ).token,
          );
        }
      });
      afterAll(async () => h?.close());

      it('every route declares who may call it and has an example here', () => {
        const routes = h.app.routeCatalog.filter((r) => r.url.startsWith('/api/'));
        const problems = routes.flatMap((r) => {
          const key = `${r.method} ${r.url}`;
          if (!r.access) return undeclaredAllowed(r.url) ? [] : [`${key}: no config.access`];
          return r.access.kind === 'public' && r.url === '/api/openapi.json'
            ? []
            : examples[key]
              ? []
              : [`${key}: no example in route-matrix.test.ts`];
        });
        expect(problems).toEqual([]);
        expect(routes.length).toBeGreaterThan(20);
      });

      it('lets exactly the expected callers through on every route', async () => {
        const failures: string[] = [];
        const routes = h.app.routeCatalog.filter((r) => r.access && examples[`${r.method} ${r.url}`]);
        for (const route of routes) {
          for (const caller of callers) {
            const request = await examples[`${route.method} ${route.url}`]!(fx());
            let headers: Record<string, string> = {};
            if (caller.kind === 'user') {
              const session = request.freshSession
                ? await login(h.app, `${caller.relation}-${caller.role}`)
                : sessions.get(caller.name)!;
              headers = authHeaders(session, route.method);
            } else if (caller.kind === 'token') {
              const token = tokens.get(caller.name);
              if (!token) continue;
              headers = { authorization: `Bearer ${token}` };
            }
            const response = await h.app.inject({
              method: route.method as 'GET',
              url: request.url,
              headers,
              ...(request.payload === undefined ? {} : { payload: request.payload as object }),
            });
            const allowedStatuses = request.allowed ?? [];
            const passed =
              (response.statusCode >= 200 && response.statusCode < 300) ||
              allowedStatuses.includes(response.statusCode);
            const denied =
              [401, 403, 404].includes(response.statusCode) && !allowedStatuses.includes(response.statusCode);
            const expected = expectedAllowed(route.access!, caller);
            if (expected && !passed)
              failures.push(
                `${route.method} ${route.url} as ${caller.name}: expected access, got ${response.statusCode} ${response.body.slice(0, 200)}`,
              );
            if (!expected && !denied)
              failures.push(
                `${route.method} ${route.url} as ${caller.name}: expected denial, got ${response.statusCode} ${response.body.slice(0, 200)}`,
              );
            if (!expected && caller.kind === 'anonymous' && response.statusCode !== 401)
              failures.push(
                `${route.method} ${route.url} anonymous: expected 401, got ${response.statusCode}`,
              );
            // Nothing of an organisation outside the caller's subtree may appear in any answer.
            if (caller.kind !== 'anonymous' && passed && !request.skipLeakCheck) {
              const foreign = (Object.keys(fixtureOrgs) as Relation[])
                .filter((r) => !reads[caller.relation].includes(r))
                .map((r) => fixtureOrgs[r]);
              const leaked = foreign.filter((code) => response.body.includes(code));
              if (leaked.length)
                failures.push(`${route.method} ${route.url} as ${caller.name}: leaked ${leaked.join(', ')}`);
            }
          }
        }
        expect(failures).toEqual([]);
      }, 120_000);
    },
  );
}
