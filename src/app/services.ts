/**
 * The composition root's product: every service wired to one database handle. Created once per
 * process by `createServices`; nothing here is a module-level singleton, so tests build as many
 * independent instances as they like.
 */
import { sql } from 'kysely';
import { AuditService } from '../audit/audit-service.js';
import { AuthService } from '../auth/auth-service.js';
import { RateLimiter } from '../auth/rate-limiter.js';
import type { Actor } from '../authz/actor.js';
import { Authorizer } from '../authz/authorizer.js';
import type { Config } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import { OrganisationImporter } from '../organisations/import-service.js';
import { OrganisationService } from '../organisations/organisation-service.js';
import { OwnedDataService } from '../organisations/owned-data-service.js';
import { OwnershipService } from '../organisations/ownership-service.js';
import type { RequestContext } from '../server/context.js';
import { unauthenticated } from '../server/errors.js';
import { TokenService } from '../tokens/token-service.js';
import { AllowlistService } from '../intel/allowlist-service.js';
import { FeedPullService } from '../intel/feed-pull-service.js';
import { FeedSourceService } from '../intel/feed-source-service.js';
import { FeedImportService } from '../intel/import/feed-import-service.js';
import { IndicatorService } from '../intel/indicator-service.js';
import { UserService } from '../users/user-service.js';
import { DetectionStore } from '../detection/detection-store.js';
import { BundleService } from '../fleet/bundle-service.js';
import { FleetService } from '../fleet/fleet-service.js';
import { SigningKeyStore } from '../fleet/signing-key.js';
import { FeedService } from '../distribution/feed-service.js';
import { ListService } from '../distribution/list-service.js';
import { CampaignService } from '../campaigns/campaign-service.js';
import { ReminderService } from '../campaigns/reminder-service.js';
import { OrganisationTreeCache } from '../campaigns/tree-cache.js';
import { HostRecordFigures } from '../reports/host-figures.js';
import { ReportService } from '../reports/report-service.js';
import { shippedReportKit } from '../reports/shipped-kit.js';
import { TemplateService } from '../reports/template-service.js';
// infected hosts (issue #6)
import { HostService } from '../hosts/host-service.js';
import { HostStore } from '../hosts/host-store.js';
import { ObservationImportService } from '../hosts/observation-import-service.js';
import { reportParsers } from '../hosts/observation-parser.js';
import { ObservationService } from '../hosts/observation-service.js';
import { scanReportFolder } from '../hosts/report-folder.js';
import { PeriodicTasks, type PeriodicTask } from '../hosts/scheduler.js';
import { SelfcheckService } from '../selfcheck/selfcheck-service.js';
import { Mailer } from '../mail/mailer.js';
import { NotificationService } from '../mail/notification-service.js';

export interface Services {
  database: DatabaseHandle;
  authz: Authorizer;
  auth: AuthService;
  organisations: OrganisationService;
  ownedData: OwnedDataService;
  ownership: OwnershipService;
  importer: OrganisationImporter;
  users: UserService;
  tokens: TokenService;
  audit: AuditService;
  intel: {
    sources: FeedSourceService;
    importer: FeedImportService;
    pull: FeedPullService;
    indicators: IndicatorService;
    allowlists: AllowlistService;
  };
  campaigns: CampaignService;
  reminders: ReminderService;
  reports: ReportService;
  reportTemplates: TemplateService;
  campaignFileMaxBytes: number;
  hosts: {
    store: HostStore;
    service: HostService;
    importer: ObservationImportService;
    observations: ObservationService;
    /** background work started by `lamsach serve` */
    tasks: PeriodicTasks;
  };
  selfcheck: SelfcheckService;
  notifications: NotificationService;
  /** e-mail through the configured SMTP server (digests, campaign reminders) */
  mailer: Mailer;
  distribution: {
    lists: ListService;
    feeds: FeedService;
  };
  fleet: { keys: SigningKeyStore; bundles: BundleService; sensors: FleetService };
  contextFor(actor: Actor | null, ip: string | null): Promise<RequestContext>;
  ready(): Promise<{ ok: boolean; database: string; error?: string }>;
}

export function createServices(config: Config, database: DatabaseHandle): Services {
  const { db } = database;
  const authz = new Authorizer(db);
  const ownership = new OwnershipService(db, authz);
  const campaignTree = new OrganisationTreeCache(db);
  const changed = () => {
    ownership.invalidate();
    campaignTree.invalidate();
  };
  const { maxAttempts, maxAttemptsPerAddress, windowSeconds } = config.loginRateLimit;
  const limiters = {
    user: new RateLimiter(maxAttempts, windowSeconds * 1000),
    address: new RateLimiter(maxAttemptsPerAddress ?? maxAttempts * 5, windowSeconds * 1000),
  };
  const allowlists = new AllowlistService(db, authz);
  const sources = new FeedSourceService(db, authz);
  const feedImporter = new FeedImportService(db, authz, sources, allowlists);
  const indicators = new IndicatorService(db, allowlists);
  const intel = {
    sources,
    importer: feedImporter,
    pull: new FeedPullService(authz, sources, feedImporter, () => indicators.invalidate()),
    indicators,
    allowlists,
  };
  const reportTemplates = new TemplateService(db, shippedReportKit.templates);
  const campaigns = new CampaignService(
    db,
    authz,
    reportTemplates,
    campaignTree,
    config.campaignFileMaxBytes,
  );
  const hostStore = new HostStore(
    db,
    config.hosts.verifyAfterDays,
    () => new Date(),
    database.dialect === 'postgres',
  );
  const selfcheck = new SelfcheckService(
    db,
    authz,
    new RateLimiter(config.selfcheck.maxRequests, config.selfcheck.windowSeconds * 1000),
    config.selfcheck.lookbackDays,
  );
  const importer = new ObservationImportService(db, authz, ownership, hostStore, reportParsers, () =>
    selfcheck.invalidateListed(),
  );
  const hostTasks: PeriodicTask[] = [
    {
      name: 'hosts.refresh',
      intervalMs: config.hosts.refreshIntervalSeconds * 1000,
      run: async (ctx) => {
        const report = await hostStore.refresh(ctx.actor);
        if (report.detections > 0) selfcheck.invalidateListed();
        return report;
      },
    },
  ];
  const { watchFolder } = config.hosts;
  if (watchFolder)
    hostTasks.push({
      name: 'observations.folder',
      intervalMs: config.hosts.watchIntervalSeconds * 1000,
      run: (ctx) => scanReportFolder(importer, ctx, watchFolder),
    });
  const mailer = new Mailer(config.mail);
  const notifications = new NotificationService(db, authz, mailer, config.notifications);
  if (config.notifications.scheduleMinutes > 0)
    hostTasks.push({
      name: 'notifications.digests',
      intervalMs: config.notifications.scheduleMinutes * 60_000,
      run: (ctx) => notifications.runDue(ctx),
    });
  const hosts = {
    tasks: new PeriodicTasks(hostTasks),
    store: hostStore,
    service: new HostService(db, authz),
    importer,
    observations: new ObservationService(db, authz),
  };
  const keys = new SigningKeyStore(db);
  const fleet = {
    keys,
    bundles: new BundleService(db, keys, {
      publishIntervalMs: config.sensors.bundlePublishSeconds * 1000,
      keepChangesMs: config.sensors.keepChangesDays * 86_400_000,
    }),
    sensors: new FleetService(db, authz, new DetectionStore(db, authz), config.sensors.silentAfterMinutes),
  };
  const reports = new ReportService(
    db,
    authz,
    campaigns,
    reportTemplates,
    new HostRecordFigures(hostStore, hosts.service),
    shippedReportKit,
  );
  return {
    database,
    intel,
    fleet,
    hosts,
    campaigns,
    reminders: new ReminderService(db, config.reminders),
    reports,
    reportTemplates,
    campaignFileMaxBytes: config.campaignFileMaxBytes,
    notifications,
    mailer,
    selfcheck,
    authz,
    auth: new AuthService(db, limiters, config.sessionTtlHours * 3_600_000),
    organisations: new OrganisationService(db, authz, changed),
    ownedData: new OwnedDataService(db, authz, changed),
    ownership,
    importer: new OrganisationImporter(db, authz, changed),
    users: new UserService(db, authz),
    tokens: new TokenService(db, authz),
    audit: new AuditService(db, authz),
    distribution: { lists: new ListService(db, authz), feeds: new FeedService(db) },
    async contextFor(actor, ip) {
      if (!actor) throw unauthenticated();
      return { actor, scope: await authz.scopeOf(actor), ip };
    },
    async ready() {
      try {
        await sql`select 1`.execute(db);
        return { ok: true, database: database.dialect };
      } catch (error) {
        return { ok: false, database: database.dialect, error: (error as Error).message };
      }
    },
  };
}
