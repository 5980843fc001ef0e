// Shared fixtures for the interchange tests (excluded from the build by tsconfig.build.json).
import type { OrganisationRecord } from '../record.js';

export function rec(fields: Partial<OrganisationRecord> & { code: string }): OrganisationRecord {
  return {
    name: `Đơn vị ${fields.code}`,
    kind: 'unit',
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

/** A small tree using every field, with Vietnamese text and a restructuring. Canonical and in stable order. */
export function sampleRecords(): OrganisationRecord[] {
  return [
    rec({
      code: '30',
      name: 'Hải Dương',
      kind: 'province',
      parentCode: 'NCSC',
      validTo: '2025-07-01',
    }),
    rec({
      code: '31',
      name: 'Hải Phòng',
      kind: 'province',
      parentCode: 'NCSC',
      predecessorCodes: ['30'],
      domains: ['haiphong.gov.vn'],
    }),
    rec({
      code: 'HD.CHILINH',
      name: 'Thành phố Chí Linh',
      kind: 'district',
      parentCode: '30',
      validTo: '2025-07-01',
      ipRanges: ['203.0.113.0/27', '2001:db8:300::/48'],
      asns: [64496, 64497],
      domains: ['chilinh.haiduong.gov.vn', 'xn--chlinh-4va.vn'],
      websites: ['https://chilinh.haiduong.gov.vn/', 'http://chilinh.haiduong.gov.vn:8080/tin-tuc?id=1'],
      contacts: [
        {
          name: 'Nguyễn Thị Hải Yến',
          role: 'Chánh Văn phòng',
          email: 'yennth@example.gov.vn',
          phone: '0220 000 0101',
        },
        { name: 'Trịnh Văn Nam', role: '', email: null, phone: null },
        { name: 'Đặng Quỳnh Anh', role: 'Chuyên viên', email: null, phone: '+84 220 000 0102' },
      ],
    }),
    rec({
      code: 'HP.CHILINH',
      name: 'Phường Chí Linh',
      kind: 'commune',
      parentCode: '31',
      validFrom: '2025-07-01',
      predecessorCodes: ['HD.CHILINH'],
    }),
    rec({
      code: 'NCSC',
      name: 'Trung tâm Giám sát an toàn không gian mạng quốc gia',
      kind: 'national_centre',
    }),
  ];
}
