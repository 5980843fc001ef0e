import { describe, expect, it } from 'vitest';
import type { OrganisationRow } from '../db/schema.js';
import { parseCidr } from '../net/cidr.js';
import { parseIp } from '../net/ip.js';
import { PrefixIndex } from '../net/prefix-index.js';
import { assignOwner } from './assignment.js';

const org = (id: number, path: string) => ({ id, path, code: `O${id}` }) as OrganisationRow;

describe('owner assignment', () => {
  const ranges = new PrefixIndex<OrganisationRow>();
  const cidr = (text: string) => {
    const parsed = parseCidr(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.value;
  };
  ranges.insert(cidr('10.0.0.0/8'), org(1, '/1/'));
  ranges.insert(cidr('10.1.0.0/16'), org(2, '/1/2/'));
  const asns = new Map([
    [64500, [org(2, '/1/2/'), org(5, '/1/2/5/')]],
    [64501, [org(2, '/1/2/'), org(3, '/1/3/')]],
  ]);
  const ip = (text: string) => parseIp(text)!;

  it('prefers the longest prefix over the AS number', () => {
    expect(assignOwner({ ranges, asns }, ip('10.1.2.3'), 64501)).toMatchObject({
      organisation: { id: 2 },
      by: 'range',
      matched: '10.1.0.0/16',
    });
  });

  it('falls back to the deepest AS owner on one line of descent, and gives up on unrelated owners', () => {
    expect(assignOwner({ ranges, asns }, ip('192.0.2.1'), 64500)).toMatchObject({
      organisation: { id: 5 },
      by: 'asn',
      matched: 'AS64500',
    });
    expect(assignOwner({ ranges, asns }, ip('192.0.2.1'), 64501)).toBeNull();
    expect(assignOwner({ ranges, asns }, ip('192.0.2.1'), null)).toBeNull();
  });
});
