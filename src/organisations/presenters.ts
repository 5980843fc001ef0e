/** Shapes organisation rows for the API and for exports. */
import type { OrganisationRow } from '../db/schema.js';

export interface OrgSummary {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  validFrom: string | null;
  validTo: string | null;
  /** visible only as history (a predecessor of the viewer's organisations), read-only */
  historical: boolean;
}

export interface OrgRef {
  id: number;
  code: string;
  name: string;
}

export interface OrgDetail extends OrgSummary {
  ipRanges: { id: number; cidr: string }[];
  asns: { id: number; asn: number }[];
  domains: { id: number; domain: string }[];
  websites: { id: number; url: string }[];
  contacts: { id: number; name: string; role: string; email: string | null; phone: string | null }[];
  predecessors: OrgRef[];
  successors: OrgRef[];
  permissions: { canEdit: boolean; canAddChild: boolean; canEditParentFields: boolean };
}

export function presentSummary(row: OrganisationRow, historical: boolean): OrgSummary {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    parentId: row.parent_id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    historical,
  };
}
