/**
 * The committed Shadowserver table must be what scripts/build-shadowserver-schema.ts makes of the
 * schema in the corpus, so a schema update cannot be half-applied. Skipped without the corpus.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defaultSchemaFile,
  renderShadowserverSchema,
  schemaTarget,
} from '../../scripts/shadowserver-schema-source.js';

const present = existsSync(defaultSchemaFile);
if (!present) console.warn('\n⚠ Shadowserver schema check SKIPPED: no corpus schema at ../shared/corpus.\n');

describe.skipIf(!present)('generated Shadowserver table', () => {
  it('matches the schema in the corpus (rerun scripts/build-shadowserver-schema.ts if not)', async () => {
    const { text, types } = await renderShadowserverSchema();
    expect(types).toBeGreaterThan(100);
    expect(readFileSync(schemaTarget, 'utf8')).toBe(text);
  });
});
