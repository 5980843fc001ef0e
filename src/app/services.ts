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
  fleet: { keys: SigningKeyStore; bundles: BundleService; sensors: FleetService };
  contextFor(actor: Actor | null, ip: string | null): Promise<RequestContext>;
  ready(): Promise<{ ok: boolean; database: string; error?: string }>;
}

export function createServices(config: Config, database: DatabaseHandle): Services {
  const { db } = database;
  const authz = new Authorizer(db);
  const ownership = new OwnershipService(db, authz);
  const changed = () => ownership.invalidate();
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
  const keys = new SigningKeyStore(db);
  const fleet = {
    keys,
    bundles: new BundleService(db, keys, {
      publishIntervalMs: config.sensors.bundlePublishSeconds * 1000,
      keepChangesMs: config.sensors.keepChangesDays * 86_400_000,
    }),
    sensors: new FleetService(db, authz, new DetectionStore(db, authz), config.sensors.silentAfterMinutes),
  };
  return {
    database,
    intel,
    fleet,
    authz,
    auth: new AuthService(db, limiters, config.sessionTtlHours * 3_600_000),
    organisations: new OrganisationService(db, authz, changed),
    ownedData: new OwnedDataService(db, authz, changed),
    ownership,
    importer: new OrganisationImporter(db, authz, changed),
    users: new UserService(db, authz),
    tokens: new TokenService(db, authz),
    audit: new AuditService(db, authz),
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
