/**
 * Configuration is read once, at start-up, from the environment and an optional JSON file
 * (LAMSACH_CONFIG). Every problem is collected and reported together so an operator fixes
 * the whole file in one go instead of one error per restart.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const configSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    dataDir: z.string().min(1).default('./data'),
    databaseUrl: z
      .string()
      .refine((v) => /^(postgres(ql)?:\/\/|sqlite:)/.test(v), {
        message: 'must start with postgres://, postgresql:// or sqlite:',
      })
      .optional(),
    logLevel: z.enum(logLevels).default('info'),
    sessionTtlHours: z.coerce
      .number()
      .positive()
      .max(24 * 90)
      .default(12),
    cookieSecure: z
      .enum(['auto', 'true', 'false'])
      .default('auto')
      .describe('auto: Secure cookies unless the server listens on a loopback address'),
    trustProxy: z.string().default('').describe('comma-separated addresses/CIDRs of trusted reverse proxies'),
    loginRateLimit: z
      .object({
        maxAttempts: z.coerce.number().int().positive().default(10),
        /** per client address; higher because a whole office may share one address */
        maxAttemptsPerAddress: z.coerce.number().int().positive().optional(),
        windowSeconds: z.coerce.number().int().positive().default(300),
      })
      .default({ maxAttempts: 10, windowSeconds: 300 }),
    // --- infected hosts, notifications, public self-check (issue #6) ---
    hosts: z
      .object({
        /** days without new evidence after "cleaned" before a host counts as verified */
        verifyAfterDays: z.coerce.number().int().min(1).max(365).default(14),
        /** folder scanned for report files to import (national feeds dropped by another system) */
        watchFolder: z.string().optional(),
        watchIntervalSeconds: z.coerce.number().int().min(5).default(300),
        /** how often hosts pick up new detections and verification is recomputed */
        refreshIntervalSeconds: z.coerce.number().int().min(5).default(600),
      })
      .default({ verifyAfterDays: 14, watchIntervalSeconds: 300, refreshIntervalSeconds: 600 }),
    mail: z
      .object({
        host: z.string().optional().describe('SMTP server; without it no e-mail is sent'),
        port: z.coerce.number().int().min(1).max(65535).default(587),
        secure: z
          .enum(['true', 'false'])
          .default('false')
          .describe('true: TLS from the first byte (port 465); false: STARTTLS when offered'),
        requireTls: z
          .enum(['true', 'false'])
          .default('true')
          .describe(
            'without `secure`, refuse servers that do not offer STARTTLS (loopback servers excepted)',
          ),
        user: z.string().optional(),
        pass: z.string().optional(),
        from: z.string().default('lamsach <no-reply@localhost>'),
      })
      .default({ port: 587, secure: 'false', requireTls: 'true', from: 'lamsach <no-reply@localhost>' }),
    notifications: z
      .object({
        /** at most one digest per organisation per this many hours */
        digestIntervalHours: z.coerce
          .number()
          .positive()
          .max(24 * 30)
          .default(24),
        language: z.enum(['vi', 'en']).default('vi'),
        webhookAttempts: z.coerce.number().int().min(1).max(10).default(3),
        /** minutes between scheduled digest rounds; 0 turns scheduled digests off */
        scheduleMinutes: z.coerce.number().int().min(0).default(60),
      })
      .default({ digestIntervalHours: 24, language: 'vi', webhookAttempts: 3, scheduleMinutes: 60 }),
    selfcheck: z
      .object({
        /** evidence older than this many days is not reported by the self-check */
        lookbackDays: z.coerce.number().int().min(1).max(365).default(30),
        maxRequests: z.coerce.number().int().positive().default(30),
        windowSeconds: z.coerce.number().int().positive().default(60),
      })
      .default({ lookbackDays: 30, maxRequests: 30, windowSeconds: 60 }),
    webDir: z
      .string()
      .optional()
      .describe('folder of the built web UI; defaults to dist/web beside the code'),
    // Campaigns (issue #7): reminder offsets in days around each deadline, attachment size limit.
    reminders: z
      .object({
        beforeDays: z.array(z.coerce.number().int().min(0).max(90)).default([3, 1]),
        afterDays: z.array(z.coerce.number().int().min(1).max(365)).default([1, 3, 7]),
        escalateAfterDays: z.coerce.number().int().min(1).max(365).nullable().default(3),
      })
      .default({ beforeDays: [3, 1], afterDays: [1, 3, 7], escalateAfterDays: 3 }),
    campaignFileMaxBytes: z.coerce
      .number()
      .int()
      .positive()
      .max(100 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    // --- sensors ---
    sensors: z
      .object({
        /** a sensor not heard from for longer is shown as silent */
        silentAfterMinutes: z.coerce.number().positive().default(15),
        /** how often the indicator tables are checked for a new bundle version */
        bundlePublishSeconds: z.coerce.number().int().nonnegative().default(60),
        /** how long the bundle change log is kept (older sensors then get a full bundle) */
        keepChangesDays: z.coerce.number().positive().default(14),
      })
      .default({ silentAfterMinutes: 15, bundlePublishSeconds: 60, keepChangesDays: 14 }),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Environment variable → config key. Nested keys use a dot. */
const envKeys: Record<string, string> = {
  LAMSACH_HOST: 'host',
  LAMSACH_PORT: 'port',
  PORT: 'port',
  LAMSACH_DATA_DIR: 'dataDir',
  DATABASE_URL: 'databaseUrl',
  LAMSACH_LOG_LEVEL: 'logLevel',
  LAMSACH_SESSION_TTL_HOURS: 'sessionTtlHours',
  LAMSACH_COOKIE_SECURE: 'cookieSecure',
  LAMSACH_TRUST_PROXY: 'trustProxy',
  LAMSACH_LOGIN_MAX_ATTEMPTS: 'loginRateLimit.maxAttempts',
  LAMSACH_LOGIN_WINDOW_SECONDS: 'loginRateLimit.windowSeconds',
  LAMSACH_LOGIN_MAX_ATTEMPTS_PER_ADDRESS: 'loginRateLimit.maxAttemptsPerAddress',
  LAMSACH_WEB_DIR: 'webDir',
  LAMSACH_CAMPAIGN_FILE_MAX_BYTES: 'campaignFileMaxBytes',
  // issue #6
  LAMSACH_HOSTS_VERIFY_AFTER_DAYS: 'hosts.verifyAfterDays',
  LAMSACH_OBSERVATIONS_WATCH_FOLDER: 'hosts.watchFolder',
  LAMSACH_SMTP_HOST: 'mail.host',
  LAMSACH_SMTP_PORT: 'mail.port',
  LAMSACH_SMTP_SECURE: 'mail.secure',
  LAMSACH_SMTP_REQUIRE_TLS: 'mail.requireTls',
  LAMSACH_SMTP_USER: 'mail.user',
  LAMSACH_SMTP_PASS: 'mail.pass',
  LAMSACH_MAIL_FROM: 'mail.from',
  LAMSACH_DIGEST_INTERVAL_HOURS: 'notifications.digestIntervalHours',
  LAMSACH_SENSOR_SILENT_MINUTES: 'sensors.silentAfterMinutes',
  LAMSACH_SENSOR_BUNDLE_PUBLISH_SECONDS: 'sensors.bundlePublishSeconds',
  LAMSACH_SENSOR_KEEP_CHANGES_DAYS: 'sensors.keepChangesDays',
};

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

/** Reads config from a file (if LAMSACH_CONFIG is set) overlaid with environment variables. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Record<string, unknown>> = {},
): ConfigResult {
  const problems: string[] = [];
  let raw: Record<string, unknown> = {};
  const file = env.LAMSACH_CONFIG;
  if (file) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(path.resolve(file), 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.push(`config file ${file}: must contain a JSON object`);
      } else {
        raw = parsed as Record<string, unknown>;
      }
    } catch (error) {
      problems.push(`config file ${file}: ${(error as Error).message}`);
    }
  }
  for (const [name, key] of Object.entries(envKeys)) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(raw, key, value);
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) setPath(raw, key, value);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const where = issue.path.join('.') || '(root)';
      const envName = Object.entries(envKeys).find(([, k]) => k === where)?.[0];
      problems.push(`${where}${envName ? ` (${envName})` : ''}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !result.success) return { ok: false, problems };
  return { ok: true, config: result.data };
}

/** The database URL actually used: DATABASE_URL, or the embedded SQLite file in dataDir. */
export function effectiveDatabaseUrl(config: Config): string {
  return config.databaseUrl ?? `sqlite:${path.join(config.dataDir, 'lamsach.db')}`;
}
