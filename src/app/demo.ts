/**
 * `lamsach serve --demo` on an empty database: the seed and demo tree, then the demo data of
 * `demo-data.ts`, all through the services as the seed operator, so every step is validated and
 * audited exactly as if a person had done it.
 */
import { campaignInput } from '../campaigns/campaign-input.js';
import { feedSourceInput } from '../intel/feed-source-service.js';
import type { ImportReport } from '../organisations/import-service.js';
import type { RequestContext } from '../server/context.js';
import { loadSeed, operator, organisationCount } from './bootstrap.js';
import {
  demoCampaign,
  demoFeedLines,
  demoFeedSource,
  demoForwardings,
  demoHostChanges,
  demoMarks,
  demoObservations,
  demoReport,
  demoReportType,
} from './demo-data.js';
import type { Services } from './services.js';

export interface DemoSummary {
  indicators: number;
  campaign: string;
  forwarded: number;
  hosts: number;
  statusChanges: number;
  reports: number;
}

/** Loads the seed, the demo tree and the demo data; null (and nothing done) unless the database is empty. */
export async function loadDemoOnEmptyDatabase(
  services: Services,
  now = new Date(),
): Promise<{ seed: ImportReport; demo: DemoSummary } | null> {
  if ((await organisationCount(services.database.db)) > 0) return null;
  const seed = await loadSeed(services, { demo: true });
  const ctx = await services.contextFor(operator('seed'), null);
  return { seed, demo: await buildDemo(services, ctx, now) };
}

async function buildDemo(services: Services, ctx: RequestContext, now: Date): Promise<DemoSummary> {
  const today = now.toISOString().slice(0, 10);
  const idOf = async (code: string) => (await services.organisations.findByCode(code, today)).id;

  await services.intel.sources.create(ctx, feedSourceInput.parse({ ...demoFeedSource }));
  const feed = await services.intel.importer.run(ctx, {
    source: demoFeedSource.name,
    lines: toAsync(demoFeedLines()),
    name: 'minh-hoa.txt',
    trigger: 'cli',
  });
  // as the upload route does: `check` would otherwise keep answering from the index built before
  services.intel.indicators.invalidate();

  const { rootCode, ...campaign } = demoCampaign(today);
  const created = await services.campaigns.create(
    ctx,
    campaignInput.parse({ ...campaign, rootOrganisationId: await idOf(rootCode) }),
  );
  let forwarded = 0;
  for (const { from, to, deadline, note } of demoForwardings(today)) {
    const result = await services.campaigns.forward(ctx, created.id, {
      organisationId: await idOf(from),
      childIds: await Promise.all(to.map(idOf)),
      deadline,
      note,
    });
    forwarded += result.forwarded.length;
  }
  for (const { code, step } of demoMarks)
    await services.campaigns.mark(ctx, created.id, step, await idOf(code));

  const imported = await services.hosts.importer.importParsed(
    ctx,
    { reportType: demoReportType, records: demoObservations(now), rejected: [] },
    { fileName: 'minh-hoa-sinkhole.csv', trigger: 'cli' },
  );
  const hosts = await services.hosts.service.list(ctx, await idOf(rootCode), { limit: 1000, offset: 0 });
  const hostId = new Map(hosts.items.map((h) => [h.address, h.id]));
  let statusChanges = 0;
  for (const { ip, statuses, note } of demoHostChanges) {
    const id = hostId.get(ip);
    if (id === undefined) throw new Error(`demo data: no host was created for ${ip}`);
    for (const status of statuses) {
      await services.hosts.service.change(ctx, [id], { status });
      statusChanges++;
    }
    if (note) await services.hosts.service.change(ctx, [id], { note });
  }

  const report = await services.reports.create(ctx, {
    campaignId: created.id,
    organisationId: await idOf(demoReport.organisationCode),
  });
  await services.reports.update(ctx, report.id, {
    revision: report.revision,
    figures: demoReport.figures,
    texts: demoReport.texts,
  });

  return {
    indicators: feed.added,
    campaign: created.code,
    forwarded,
    hosts: imported.hostsCreated,
    statusChanges,
    reports: 1,
  };
}

async function* toAsync(lines: readonly string[]): AsyncGenerator<string> {
  yield* lines;
}

export function describeDemo(s: DemoSummary): string {
  return (
    `demo data: ${s.indicators} indicators from feed source ${demoFeedSource.name}, campaign ${s.campaign} ` +
    `forwarded to ${s.forwarded} organisations, ${s.hosts} infected hosts (${s.statusChanges} status changes), ` +
    `${s.reports} draft report`
  );
}
