/**
 * The organisation kinds a fresh installation starts with. Kinds are data: an administrator can
 * add more, so the interchange formats accept any well-formed kind code and leave it to the
 * importer to check it against the `organisation_kinds` table.
 */
export interface OrganisationKind {
  /** stable code used in records and files, lower-case `[a-z0-9_]` */
  code: string;
  /** Vietnamese label shown to users */
  nameVi: string;
  /** English label */
  nameEn: string;
  /** display order (lower first), roughly from the top of the campaign chain downwards */
  rank: number;
  /** when set, the kind no longer exists from this date (exclusive end, `YYYY-MM-DD`) */
  validTo: string | null;
}

export const DEFAULT_ORGANISATION_KINDS: readonly OrganisationKind[] = [
  {
    code: 'national_centre',
    nameVi: 'Trung tâm quốc gia',
    nameEn: 'National centre',
    rank: 10,
    validTo: null,
  },
  { code: 'ministry', nameVi: 'Bộ, ngành', nameEn: 'Ministry or central agency', rank: 20, validTo: null },
  {
    code: 'province',
    nameVi: 'Tỉnh, thành phố',
    nameEn: 'Province or centrally-governed city',
    rank: 30,
    validTo: null,
  },
  { code: 'department', nameVi: 'Sở, ban, ngành', nameEn: 'Department or agency', rank: 40, validTo: null },
  // District-level administrative units were abolished on 1 July 2025 (two-level local government).
  { code: 'district', nameVi: 'Quận, huyện', nameEn: 'District', rank: 50, validTo: '2025-07-01' },
  { code: 'commune', nameVi: 'Xã, phường', nameEn: 'Commune or ward', rank: 60, validTo: null },
  { code: 'unit', nameVi: 'Đơn vị', nameEn: 'Unit', rank: 70, validTo: null },
  {
    code: 'state_company',
    nameVi: 'Doanh nghiệp nhà nước',
    nameEn: 'State-owned enterprise',
    rank: 80,
    validTo: null,
  },
  { code: 'bank', nameVi: 'Ngân hàng', nameEn: 'Bank', rank: 90, validTo: null },
];
