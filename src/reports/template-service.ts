/**
 * Report templates as data: versioned form schemas stored in `report_templates`, seeded from the
 * shipped templates on first use. A shipped template whose schema changes must get a new version;
 * stored versions are never rewritten, so old reports keep the form they were filled in.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { notFound } from '../server/errors.js';
import { reportTemplate, type ReportTemplate } from './template-model.js';

export interface TemplateSummary {
  code: string;
  version: number;
  level: ReportTemplate['level'];
  title: ReportTemplate['title'];
  basis: string;
}

export class TemplateService {
  private seeded: Promise<void> | null = null;
  private readonly cache = new Map<string, ReportTemplate>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly shipped: readonly ReportTemplate[],
  ) {}

  /** Stores every shipped template version that is not stored yet; safe to call concurrently. */
  ensureShipped(): Promise<void> {
    this.seeded ??= (async () => {
      const now = new Date().toISOString();
      for (const template of this.shipped) {
        const valid = reportTemplate.parse(template);
        await this.db
          .insertInto('report_templates')
          .values({
            code: valid.code,
            version: valid.version,
            level: valid.level,
            title_vi: valid.title.vi,
            title_en: valid.title.en,
            schema_json: JSON.stringify(valid),
            created_at: now,
          })
          .onConflict((oc) => oc.columns(['code', 'version']).doNothing())
          .execute();
      }
    })().catch((error: unknown) => {
      this.seeded = null;
      throw error;
    });
    return this.seeded;
  }

  async list(): Promise<TemplateSummary[]> {
    await this.ensureShipped();
    const rows = await this.db
      .selectFrom('report_templates')
      .select(['code', 'version', 'schema_json'])
      .orderBy('code')
      .orderBy('version', 'desc')
      .execute();
    const latest = new Map<string, TemplateSummary>();
    for (const row of rows) {
      if (latest.has(row.code)) continue;
      const t = JSON.parse(row.schema_json) as ReportTemplate;
      latest.set(row.code, {
        code: t.code,
        version: t.version,
        level: t.level,
        title: t.title,
        basis: t.basis,
      });
    }
    return [...latest.values()];
  }

  /** A template version, or the latest version of the code when `version` is omitted. */
  async get(code: string, version?: number): Promise<ReportTemplate> {
    const key = `${code}@${version ?? 'latest'}`;
    const cached = version === undefined ? undefined : this.cache.get(key);
    if (cached) return cached;
    await this.ensureShipped();
    let query = this.db.selectFrom('report_templates').select('schema_json').where('code', '=', code);
    query =
      version === undefined
        ? query.orderBy('version', 'desc').limit(1)
        : query.where('version', '=', version);
    const row = await query.executeTakeFirst();
    if (!row) throw notFound(`report template ${code}${version === undefined ? '' : ` version ${version}`}`);
    const template = JSON.parse(row.schema_json) as ReportTemplate;
    if (version !== undefined) this.cache.set(key, template);
    return template;
  }
}
