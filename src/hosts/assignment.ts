/**
 * Which organisation owns an observed address: the longest registered prefix that contains it,
 * otherwise the organisation that registered the report's AS number. When several organisations
 * registered the AS number, the deepest one wins if they lie on one line of descent (a unit
 * inside its province); unrelated owners leave the observation for the national level. Pure.
 */
import type { OrganisationRow } from '../db/schema.js';
import type { ParsedIp } from '../net/ip.js';
import type { PrefixIndex } from '../net/prefix-index.js';

export interface Assignment {
  organisation: OrganisationRow;
  by: 'range' | 'asn';
  matched: string;
}

export interface AssignmentIndex {
  ranges: PrefixIndex<OrganisationRow>;
  asns: Map<number, OrganisationRow[]>;
}

export function assignOwner(index: AssignmentIndex, ip: ParsedIp, asn: number | null): Assignment | null {
  const hit = index.ranges.lookupParsed(ip);
  if (hit) return { organisation: hit.value, by: 'range', matched: hit.cidr };
  if (asn === null) return null;
  const owners = index.asns.get(asn);
  if (!owners || owners.length === 0) return null;
  const deepest = owners.reduce((a, b) => (b.path.length > a.path.length ? b : a));
  if (!owners.every((o) => deepest.path.startsWith(o.path))) return null;
  return { organisation: deepest, by: 'asn', matched: `AS${asn}` };
}
