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
    webDir: z
      .string()
      .optional()
      .describe('folder of the built web UI; defaults to dist/web beside the code'),
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
