import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildVnProvinceSeed, referenceListSchema } from '../../../scripts/build-vn-seed.js';
import { cidrContains, cidrsOverlap, parseCidr, type Cidr } from '../../net/cidr.js';
import { parseOrganisationsCsv, serialiseOrganisationsCsv } from '../interchange/csv.js';
import { parseOrganisationsJson, serialiseOrganisationsJson } from '../interchange/json.js';
import { parseOrganisationRecord, type OrganisationRecord } from '../interchange/record.js';
import { validateOrganisationRecords } from '../interchange/validate.js';
import { isEffectiveOn } from '../periods.js';
import { demoOrganisations } from './demo.js';
import { DEFAULT_ORGANISATION_KINDS } from './kinds.js';

const seedPath = fileURLToPath(new URL('./vn-provinces.json', import.meta.url));
const referencePath = fileURLToPath(new URL('../../../../shared/data/vn-provinces.json', import.meta.url));

function loadSeed(): { records: OrganisationRecord[]; source: string | undefined } {
  const parsed = parseOrganisationsJson(readFileSync(seedPath, 'utf8'), { allowExternal: false });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors, null, 2));
  return { records: parsed.records, source: parsed.source };
}

function only(records: readonly OrganisationRecord[], code: string, date: string): OrganisationRecord {
  const found = records.filter((r) => r.code === code && isEffectiveOn(r, date));
  expect(found, `${code} on ${date}`).toHaveLength(1);
  const [record] = found;
  if (!record) throw new Error('unreachable');
  return record;
}

describe('Vietnamese province seed', () => {
  const { records, source } = loadSeed();
  const provinces = records.filter((r) => r.kind === 'province');

  it('is a valid lamsach-organisations file with its attribution', () => {
    expect(source).toMatch(/GSO letter 915\/CTK-CSCL/);
    expect(only(records, 'NCSC', '2025-01-01')).toMatchObject({
      name: 'Trung tâm Giám sát an toàn không gian mạng quốc gia',
      kind: 'national_centre',
      parentCode: null,
      validFrom: null,
      validTo: null,
    });
    expect(provinces.every((p) => p.parentCode === 'NCSC')).toBe(true);
  });

  it('has 63 provinces before 1 July 2025 and 34 from then on', () => {
    expect(provinces.filter((p) => isEffectiveOn(p, '2025-06-30'))).toHaveLength(63);
    expect(provinces.filter((p) => isEffectiveOn(p, '2025-07-01'))).toHaveLength(34);
    expect(provinces.filter((p) => isEffectiveOn(p, '2020-01-01'))).toHaveLength(63);
    expect(provinces.filter((p) => isEffectiveOn(p, '2030-01-01'))).toHaveLength(34);
  });

  it('maps Lào Cai ← Lào Cai + Yên Bái as a new organisation under the code of Yên Bái', () => {
    const laoCai = only(records, '15', '2025-07-01');
    expect(laoCai).toMatchObject({
      name: 'Lào Cai',
      validFrom: '2025-07-01',
      validTo: null,
      predecessorCodes: ['10', '15'],
    });
    expect(only(records, '10', '2025-06-30')).toMatchObject({
      name: 'Lào Cai',
      validFrom: null,
      validTo: '2025-07-01',
    });
    expect(only(records, '15', '2025-06-30')).toMatchObject({
      name: 'Yên Bái',
      validFrom: null,
      validTo: '2025-07-01',
    });
    expect(records.filter((r) => r.code === '10' && isEffectiveOn(r, '2025-07-01'))).toEqual([]);
  });

  it('continues Hải Phòng, which absorbs Hải Dương', () => {
    const haiPhong = records.filter((r) => r.code === '31');
    expect(haiPhong).toEqual([
      expect.objectContaining({
        name: 'Hải Phòng',
        validFrom: null,
        validTo: null,
        predecessorCodes: ['30'],
      }),
    ]);
    expect(only(records, '30', '2025-06-30')).toMatchObject({ name: 'Hải Dương', validTo: '2025-07-01' });
    expect(records.filter((r) => r.code === '30' && isEffectiveOn(r, '2025-07-01'))).toEqual([]);
  });

  it('continues unchanged provinces and those keeping code and name', () => {
    for (const [code, name, predecessors] of [
      ['01', 'Hà Nội', []],
      ['04', 'Cao Bằng', []],
      ['08', 'Tuyên Quang', ['02']],
      ['75', 'Đồng Nai', ['70']],
      ['79', 'Hồ Chí Minh', ['74', '77']],
    ] as const) {
      expect(records.filter((r) => r.code === code)).toEqual([
        expect.objectContaining({
          name,
          validFrom: null,
          validTo: null,
          predecessorCodes: [...predecessors],
        }),
      ]);
    }
  });

  it('starts Huế as a new organisation succeeding Thừa Thiên Huế', () => {
    expect(only(records, '46', '2025-07-01')).toMatchObject({
      name: 'Huế',
      validFrom: '2025-07-01',
      predecessorCodes: ['46'],
    });
    expect(only(records, '46', '2025-06-30')).toMatchObject({
      name: 'Thừa Thiên Huế',
      validTo: '2025-07-01',
    });
  });

  it('starts Bắc Ninh anew (code of Bắc Giang, name of Bắc Ninh)', () => {
    expect(only(records, '24', '2025-07-01')).toMatchObject({
      name: 'Bắc Ninh',
      validFrom: '2025-07-01',
      predecessorCodes: ['24', '27'],
    });
    expect(only(records, '24', '2025-06-30')).toMatchObject({ name: 'Bắc Giang', validTo: '2025-07-01' });
    expect(only(records, '27', '2025-06-30')).toMatchObject({ name: 'Bắc Ninh', validTo: '2025-07-01' });
  });

  it('is what the build script makes of the shared reference list', () => {
    if (!existsSync(referencePath)) return; // the shared data lives outside the repository
    const list = referenceListSchema.parse(JSON.parse(readFileSync(referencePath, 'utf8')));
    // Compared after re-serialising, so a code formatter run over the file does not matter.
    expect(serialiseOrganisationsJson(records, { source })).toBe(buildVnProvinceSeed(list));
  });
});

describe('demo organisations', () => {
  const demo = demoOrganisations();
  const seed = loadSeed().records;

  it('validates together with the seed, with every reference resolved', () => {
    const result = validateOrganisationRecords([...seed, ...demo], { allowExternal: false });
    expect(result.errors).toEqual([]);
    expect(result.externalReferences).toEqual([]);
    // Independent of the day the test runs.
    for (const today of ['2024-01-01', '2025-03-01', '2025-06-30', '2025-07-01', '2030-01-01']) {
      expect(validateOrganisationRecords([...seed, ...demo], { allowExternal: false, today }).errors).toEqual(
        [],
      );
    }
  });

  it('refers only to the national centre and seed provinces outside itself', () => {
    const result = validateOrganisationRecords(demo, { today: '2026-01-01' });
    expect(result.errors).toEqual([]);
    expect(result.externalParentCodes).toEqual(['08', '30', '31', '75', 'NCSC']);
    expect(result.externalPredecessorCodes).toEqual([]);
  });

  it('is in canonical form, and survives JSON and CSV', () => {
    for (const record of demo) expect(parseOrganisationRecord(record)).toEqual({ ok: true, record });
    const viaJson = parseOrganisationsJson(serialiseOrganisationsJson([...seed, ...demo]), {
      allowExternal: false,
    });
    const viaCsv = parseOrganisationsCsv(serialiseOrganisationsCsv([...seed, ...demo]), {
      allowExternal: false,
    });
    expect(viaJson.ok && viaJson.records.length).toBe(seed.length + demo.length);
    expect(viaCsv.ok && viaCsv.records).toEqual(viaJson.ok && viaJson.records);
  });

  it('models the restructurings', () => {
    const byCode = new Map(demo.map((r) => [r.code, r]));
    expect(byCode.get('DN.STTTT')).toMatchObject({ parentCode: '75', validTo: '2025-03-01' });
    expect(byCode.get('DN.SKHCN')).toMatchObject({
      parentCode: '75',
      validTo: null,
      predecessorCodes: ['DN.STTTT'],
    });
    expect(byCode.get('HD.CHILINH')).toMatchObject({
      kind: 'district',
      parentCode: '30',
      validTo: '2025-07-01',
    });
    const communes = demo.filter((r) => r.parentCode === 'HD.CHILINH');
    expect(communes).toHaveLength(2);
    for (const c of communes) expect(c).toMatchObject({ kind: 'commune', validTo: '2025-07-01' });
    expect(byCode.get('HP.CHILINH')).toMatchObject({
      kind: 'commune',
      parentCode: '31',
      validFrom: '2025-07-01',
      predecessorCodes: communes.map((c) => c.code),
    });
    expect(demo.filter((r) => r.parentCode === 'BKHCN')).toHaveLength(3);
    expect(demo.filter((r) => r.parentCode === 'DN.SYT')).toHaveLength(2);
    expect(demo.filter((r) => r.parentCode === 'TQ.CTHADS')).toHaveLength(2);
    expect(
      demo
        .filter((r) => r.parentCode === 'NCSC')
        .map((r) => r.kind)
        .sort(),
    ).toEqual(['bank', 'ministry', 'state_company']);
  });

  it('uses documentation IP ranges only, without overlaps', () => {
    const documentation = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'].map(cidr);
    const all = demo.flatMap((r) => r.ipRanges.map((text) => ({ code: r.code, text, block: cidr(text) })));
    expect(all.length).toBeGreaterThan(20);
    for (const range of all) {
      expect(
        documentation.some((d) => cidrContains(d, range.block)),
        range.text,
      ).toBe(true);
    }
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const a = all[i];
        const b = all[j];
        if (a && b)
          expect(cidrsOverlap(a.block, b.block), `${a.code} ${a.text} / ${b.code} ${b.text}`).toBe(false);
      }
    }
  });

  it('uses example e-mail addresses, documentation ASNs and known kinds', () => {
    const kinds = new Set(DEFAULT_ORGANISATION_KINDS.map((k) => k.code));
    for (const record of [...seed, ...demo]) expect(kinds.has(record.kind), record.kind).toBe(true);
    for (const record of demo) {
      for (const c of record.contacts) expect(c.email ?? '').toMatch(/@example\.(gov|com)\.vn$/);
      for (const asn of record.asns) expect(asn >= 64496 && asn <= 64511).toBe(true);
      expect(record.contacts.length).toBeGreaterThan(0);
    }
  });

  it('returns a fresh array each time', () => {
    const first = demoOrganisations();
    first[0]?.ipRanges.push('192.0.2.255/32');
    expect(demoOrganisations()[0]?.ipRanges).not.toContain('192.0.2.255/32');
  });
});

describe('organisation kinds', () => {
  it('lists the default kinds once each, in rank order', () => {
    const codes = DEFAULT_ORGANISATION_KINDS.map((k) => k.code);
    expect(codes).toEqual([
      'national_centre',
      'ministry',
      'province',
      'department',
      'district',
      'commune',
      'unit',
      'state_company',
      'bank',
    ]);
    const ranks = DEFAULT_ORGANISATION_KINDS.map((k) => k.rank);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(DEFAULT_ORGANISATION_KINDS.find((k) => k.code === 'district')).toMatchObject({
      nameVi: 'Quận, huyện',
      validTo: '2025-07-01',
    });
  });
});

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}
