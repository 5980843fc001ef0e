/**
 * Finding address ranges claimed by more than one organisation.
 *
 * Two CIDR blocks either are disjoint or one contains the other, so after
 * sorting by (family, network address, prefix length) a single sweep with a
 * stack of "open" blocks finds every overlapping pair: the stack always holds a
 * chain of nested blocks, and a block overlaps exactly the blocks on the stack
 * when it is reached. Identical blocks share one stack entry and their claims
 * are bucketed by owner, so the work is O(n log n + n·W + k) for n ranges, k
 * reported pairs and W ≤ 129 (the deepest possible nesting of distinct blocks),
 * instead of O(n²).
 *
 * IPv4 and IPv6 blocks never overlap each other (families are compared
 * literally, see `cidr.ts`).
 */

import { cidrContains, cidrEquals, formatCidr, parseCidr, type Cidr } from './cidr.js';

export interface OwnedRange<Id = string> {
  /** CIDR text (validated with `parseCidr`) or an already parsed block. */
  readonly cidr: string | Cidr;
  readonly ownerId: Id;
  /** The owner's parent organisation; null for top-level organisations. */
  readonly parentId: Id | null;
}

export interface OverlapSide<Id = string> {
  /** Canonical CIDR text. */
  readonly cidr: string;
  readonly ownerId: Id;
  readonly parentId: Id | null;
  /** Position of this range in the input array. */
  readonly index: number;
}

export interface OverlapPair<Id = string> {
  /** The larger (or, for identical blocks, earlier listed) range. */
  readonly outer: OverlapSide<Id>;
  /** The range contained in `outer`. */
  readonly inner: OverlapSide<Id>;
  /** `equal` when both claim exactly the same block, otherwise `contains`. */
  readonly relation: 'equal' | 'contains';
}

interface Claim<Id> {
  readonly cidr: Cidr;
  readonly side: OverlapSide<Id>;
}

/** Claims on one exact block, grouped by owner (insertion-ordered). */
interface Block<Id> {
  readonly cidr: Cidr;
  readonly byOwner: Map<Id, OverlapSide<Id>[]>;
}

function toClaims<Id>(ranges: readonly OwnedRange<Id>[]): Claim<Id>[] {
  return ranges.map((range, index) => {
    let cidr: Cidr;
    if (typeof range.cidr === 'string') {
      const parsed = parseCidr(range.cidr);
      if (!parsed.ok) throw new Error(`range ${index} (owner ${String(range.ownerId)}): ${parsed.reason}`);
      cidr = parsed.value;
    } else {
      cidr = range.cidr;
    }
    return {
      cidr,
      side: { cidr: formatCidr(cidr), ownerId: range.ownerId, parentId: range.parentId, index },
    };
  });
}

function compareClaims<Id>(x: Claim<Id>, y: Claim<Id>): number {
  const a = x.cidr.network;
  const b = y.cidr.network;
  if (a.family !== b.family) return a.family - b.family;
  if (a.w0 !== b.w0) return a.w0 < b.w0 ? -1 : 1;
  if (a.w1 !== b.w1) return a.w1 < b.w1 ? -1 : 1;
  if (a.w2 !== b.w2) return a.w2 < b.w2 ? -1 : 1;
  if (a.w3 !== b.w3) return a.w3 < b.w3 ? -1 : 1;
  if (x.cidr.prefixLength !== y.cidr.prefixLength) return x.cidr.prefixLength - y.cidr.prefixLength;
  return x.side.index - y.side.index;
}

function sweep<Id>(claims: Claim<Id>[], out: OverlapPair<Id>[]): void {
  claims.sort(compareClaims);
  const stack: Block<Id>[] = [];
  for (const claim of claims) {
    while (stack.length > 0 && !cidrContains(stack[stack.length - 1]!.cidr, claim.cidr)) stack.pop();
    const top = stack[stack.length - 1];
    let block: Block<Id>;
    if (top !== undefined && cidrEquals(top.cidr, claim.cidr)) {
      block = top;
    } else {
      block = { cidr: claim.cidr, byOwner: new Map() };
      stack.push(block);
    }
    const me = claim.side;
    for (const open of stack) {
      const relation = open === block ? 'equal' : 'contains';
      for (const [owner, sides] of open.byOwner) {
        if (owner === me.ownerId) continue;
        for (const other of sides) out.push({ outer: other, inner: me, relation });
      }
    }
    const mine = block.byOwner.get(me.ownerId);
    if (mine) mine.push(me);
    else block.byOwner.set(me.ownerId, [me]);
  }
}

/**
 * Every pair of overlapping ranges held by different owners (same-owner overlaps
 * are not reported). Pairs are ordered by family and address of the inner range.
 * @throws Error when a `cidr` string is invalid (the message names the index and owner).
 */
export function findOverlaps<Id>(ranges: readonly OwnedRange<Id>[]): OverlapPair<Id>[] {
  const out: OverlapPair<Id>[] = [];
  sweep(toClaims(ranges), out);
  return out;
}

/**
 * Overlaps between sibling organisations: different owners with the same
 * `parentId` (top-level organisations, whose parent is null, are siblings of one
 * another). A parent and its own child holding nested ranges is delegation, not
 * a conflict, and is not reported here. Pairs are grouped by parent (in order of
 * first appearance), then ordered as in {@link findOverlaps}.
 * @throws Error when a `cidr` string is invalid.
 */
export function findSiblingOverlaps<Id>(ranges: readonly OwnedRange<Id>[]): OverlapPair<Id>[] {
  const groups = new Map<Id | null, Claim<Id>[]>();
  for (const claim of toClaims(ranges)) {
    const group = groups.get(claim.side.parentId);
    if (group) group.push(claim);
    else groups.set(claim.side.parentId, [claim]);
  }
  const out: OverlapPair<Id>[] = [];
  for (const claims of groups.values()) {
    if (claims.length > 1) sweep(claims, out);
  }
  return out;
}
