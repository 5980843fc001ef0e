/** Indicators for tests: a plain list imported into a feed source, as `lamsach feeds import` would. */
import { operator } from '../../src/app/bootstrap.js';
import { feedSourceInput } from '../../src/intel/feed-source-service.js';
import type { Harness } from './harness.js';

/** Creates the feed source `source` when it does not exist yet, then imports `values` into it. */
export async function importIndicators(
  h: Harness,
  source: string,
  values: readonly string[],
  title = source,
): Promise<void> {
  const ctx = await h.services.contextFor(operator('test'), null);
  const existing = await h.services.database.db
    .selectFrom('feed_sources')
    .select('id')
    .where('name', '=', source)
    .executeTakeFirst();
  if (!existing) await h.services.intel.sources.create(ctx, feedSourceInput.parse({ name: source, title }));
  await h.services.intel.importer.run(ctx, {
    source,
    lines: (async function* () {
      yield* values;
    })(),
    format: 'plain',
    trigger: 'cli',
  });
}
