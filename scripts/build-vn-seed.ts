/**
 * Builds the project's committed province seed, `src/organisations/seed/vn-provinces.json`, from
 * the shared reference list `../shared/data/vn-provinces.json` (paths relative to the repository
 * root).
 *
 *   npx tsx scripts/build-vn-seed.ts [input.json] [output.json]
 *
 * Output (lamsach-organisations JSON): the national centre NCSC, then every province before and
 * after the reorganisation of 1 July 2025 as a child of NCSC:
 * - a new province whose code AND name equal exactly one of its predecessors is the same,
 *   continuing organisation: one record without dates, whose `predecessorCodes` list the
 *   provinces it absorbed (e.g. 31 Hải Phòng ← 30 Hải Dương);
 * - any other new province (new code or new name, e.g. 15 Lào Cai ← 10 Lào Cai + 15 Yên Bái,
 *   46 Huế ← 46 Thừa Thiên Huế) is a new record from 2025-07-01 listing all its predecessors;
 * - every pre-2025 province that does not continue ends on 2025-07-01 (exclusive).
 * Kinds: all are `province`; whether a unit is a tỉnh or a thành phố trực thuộc trung ương is not
 * part of the kind. Names are the plain names of the reference list ("Đồng Nai").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { serialiseOrganisationsJson } from '../src/organisations/interchange/json.js';
import { formatParseError, type OrganisationRecord } from '../src/organisations/interchange/record.js';
import { validateOrganisationRecords } from '../src/organisations/interchange/validate.js';

export const REORGANISATION_DATE = '2025-07-01';
export const NATIONAL_CENTRE_CODE = 'NCSC';
export const NATIONAL_CENTRE_NAME = 'Trung tâm Giám sát an toàn không gian mạng quốc gia';

const provinceSchema = z.object({
  code: z.string().regex(/^\d{2}$/),
  name: z.string().min(1),
  kind: z.string().min(1),
});

export const referenceListSchema = z.object({
  about: z.string().min(1),
  before_2025_07_01: z.array(provinceSchema),
  from_2025_07_01: z.array(
    provinceSchema.extend({ mergedFrom: z.array(z.string().regex(/^\d{2}$/)).min(1) }),
  ),
});

export type ReferenceList = z.infer<typeof referenceListSchema>;

function record(
  fields: Pick<OrganisationRecord, 'code' | 'name' | 'kind'> & Partial<OrganisationRecord>,
): OrganisationRecord {
  return {
    parentCode: null,
    validFrom: null,
    validTo: null,
    predecessorCodes: [],
    ipRanges: [],
    asns: [],
    domains: [],
    websites: [],
    contacts: [],
    ...fields,
  };
}

/** The seed records for a reference list. Throws when the list is inconsistent. */
export function buildVnProvinceRecords(list: ReferenceList): OrganisationRecord[] {
  const before = new Map<string, { code: string; name: string }>();
  for (const p of list.before_2025_07_01) {
    if (before.has(p.code)) throw new Error(`pre-2025 code ${p.code} appears twice`);
    before.set(p.code, { code: p.code, name: p.name.normalize('NFC').trim() });
  }
  const absorbedBy = new Map<string, string>();
  for (const p of list.from_2025_07_01) {
    for (const old of p.mergedFrom) {
      if (!before.has(old)) throw new Error(`${p.code} ${p.name}: mergedFrom ${old} is not a pre-2025 code`);
      const other = absorbedBy.get(old);
      if (other !== undefined)
        throw new Error(`pre-2025 code ${old} is merged into both ${other} and ${p.code}`);
      absorbedBy.set(old, p.code);
    }
  }
  for (const code of before.keys()) {
    if (!absorbedBy.has(code)) throw new Error(`pre-2025 code ${code} is not merged into any new province`);
  }

  const records: OrganisationRecord[] = [
    record({ code: NATIONAL_CENTRE_CODE, name: NATIONAL_CENTRE_NAME, kind: 'national_centre' }),
  ];
  const continuing = new Set<string>();
  for (const p of list.from_2025_07_01) {
    const name = p.name.normalize('NFC').trim();
    const same = p.mergedFrom.filter((old) => old === p.code && before.get(old)?.name === name);
    if (same.length === 1) {
      continuing.add(p.code);
      records.push(
        record({
          code: p.code,
          name,
          kind: 'province',
          parentCode: NATIONAL_CENTRE_CODE,
          predecessorCodes: p.mergedFrom.filter((old) => old !== p.code),
        }),
      );
    } else {
      records.push(
        record({
          code: p.code,
          name,
          kind: 'province',
          parentCode: NATIONAL_CENTRE_CODE,
          validFrom: REORGANISATION_DATE,
          predecessorCodes: [...p.mergedFrom],
        }),
      );
    }
  }
  for (const old of before.values()) {
    if (continuing.has(old.code)) continue;
    records.push(
      record({
        code: old.code,
        name: old.name,
        kind: 'province',
        parentCode: NATIONAL_CENTRE_CODE,
        validTo: REORGANISATION_DATE,
      }),
    );
  }
  return records;
}

/** The seed file text for a reference list (validated; throws on any problem). */
export function buildVnProvinceSeed(list: ReferenceList): string {
  const records = buildVnProvinceRecords(list);
  const check = validateOrganisationRecords(records, { allowExternal: false, today: REORGANISATION_DATE });
  if (check.errors.length > 0) {
    throw new Error(`the generated seed is invalid:\n${check.errors.map(formatParseError).join('\n')}`);
  }
  return serialiseOrganisationsJson(records, { source: list.about });
}

function main(argv: readonly string[]): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const input = resolve(root, argv[0] ?? '../shared/data/vn-provinces.json');
  const output = resolve(root, argv[1] ?? 'src/organisations/seed/vn-provinces.json');
  const list = referenceListSchema.parse(JSON.parse(readFileSync(input, 'utf8')));
  writeFileSync(output, buildVnProvinceSeed(list), 'utf8');
  const records = buildVnProvinceRecords(list);
  process.stdout.write(`wrote ${records.length} organisations to ${output}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
