/**
 * `npx tsx scripts/build-shadowserver-schema.ts [reports.json]`: rebuilds the Shadowserver report table
 * `src/hosts/reports/shadowserver-schema.ts` from The Shadowserver Foundation's published report
 * schema (default ../shared/corpus/reports/shadowserver/report_schema/reports.json). See
 * scripts/shadowserver-schema-source.ts for what is kept.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultSchemaFile, renderShadowserverSchema, schemaTarget } from './shadowserver-schema-source.js';

const source = path.resolve(process.argv[2] ?? defaultSchemaFile);
const { text, types, fieldSets } = await renderShadowserverSchema(source);
writeFileSync(schemaTarget, text);
console.log(
  `${types} report types, ${fieldSets} column lists → ${path.relative(process.cwd(), schemaTarget)}`,
);
