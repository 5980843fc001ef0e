/**
 * Allowlists ("warninglists"): values that must not be blocked even when a feed
 * lists them, with an explanation a person can act on ("8.8.8.8 is inside
 * 8.8.8.8/32 (resolvers: Google Public DNS)").
 *
 * Matching rules, by indicator type:
 * - address: inside an allowlisted CIDR;
 * - CIDR: inside, equal to, or containing an allowlisted CIDR (blocking a
 *   containing block would block the allowlisted addresses too);
 * - domain: equal to or under a `domain` entry; equal to an `exact-domain`
 *   entry; or a parent of any listed domain (`com`, or `google.com` when only
 *   `mail.google.com` is listed), unless the indicator itself is exact (then it
 *   blocks only its own name, not the listed child);
 * - URL: only by `url` entries, equal or as a prefix ending at a path or query
 *   boundary. A popular host does NOT allowlist its URLs: a malicious file on a
 *   popular site must stay listed;
 * - hashes and AS numbers: never.
 *
 * Pure. Checking an address allocates nothing but the hit; the other types
 * allocate at most a few substrings for map look-ups.
 */

import { formatCidr, parseCidr } from '../net/cidr.js';
import { DomainIndex, normaliseDomain } from '../net/domain.js';
import { parseIpInto } from '../net/ip.js';
import { PrefixIndex } from '../net/prefix-index.js';
import { cdnRanges } from './allowlists/data/cdn.js';
import { popularDomains } from './allowlists/data/popular-domains.js';
import { reservedBlocks } from './allowlists/data/reserved.js';
import { publicResolvers } from './allowlists/data/resolvers.js';
import { normaliseIndicator, type NormalisedIndicator } from './normalise.js';

export type AllowlistKind = 'cidr' | 'domain' | 'exact-domain' | 'url';

export interface AllowlistEntry {
  /** e.g. 'reserved', 'resolvers', 'cdn', 'popular-domains', 'own-network', or a user list name */
  list: string;
  kind: AllowlistKind;
  value: string;
  reason: string;
}

export interface AllowlistHit {
  entry: AllowlistEntry;
  /** e.g. "8.8.8.8 is inside 8.8.8.8/32 (resolvers: Google Public DNS)" */
  explanation: string;
}

export type AllowlistEntryResult = { ok: true; value: string } | { ok: false; reason: string };

/** Validates an entry and returns its canonical value (CIDR, domain or URL text). */
export function normaliseAllowlistEntry(entry: AllowlistEntry): AllowlistEntryResult {
  switch (entry.kind) {
    case 'cidr': {
      const parsed = parseCidr(entry.value);
      return parsed.ok ? { ok: true, value: formatCidr(parsed.value) } : parsed;
    }
    case 'domain':
    case 'exact-domain':
      return normaliseDomain(entry.value);
    case 'url': {
      const result = normaliseIndicator(entry.value, 'url');
      return result.ok ? { ok: true, value: result.indicator.value } : result;
    }
    default:
      return { ok: false, reason: `unknown allowlist entry kind ${JSON.stringify(entry.kind)}` };
  }
}

function source(entry: AllowlistEntry): string {
  return `${entry.list}: ${entry.reason}`;
}

function hit(entry: AllowlistEntry, explanation: string): AllowlistHit {
  return { entry, explanation };
}

/** Mask keeping the top `bits` bits of a 32-bit word (bits may be out of 0..32). */
function wordMask(bits: number): number {
  if (bits <= 0) return 0;
  if (bits >= 32) return 0xffffffff;
  return (0xffffffff << (32 - bits)) >>> 0;
}

interface Block {
  readonly words: readonly [number, number, number, number];
  readonly cidr: string;
  readonly entry: AllowlistEntry;
}

function compareWords(a: Block, b: Block): number {
  for (let i = 0; i < 4; i++) {
    const d = a.words[i]! - b.words[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Allowlisted networks of one family sorted by network address, to answer
 * "does any allowlisted block lie inside this range?" by binary search (the
 * prefix trie answers only "which blocks contain this address?").
 */
class SortedBlocks {
  private readonly keys: Uint32Array;
  private readonly blocks: Block[];

  constructor(blocks: Block[]) {
    this.blocks = blocks.sort(compareWords);
    this.keys = new Uint32Array(blocks.length * 4);
    blocks.forEach((b, i) => this.keys.set(b.words, i * 4));
  }

  /** Compares block `index` with the address in `words` (unsigned, word by word). */
  private compare(index: number, words: Uint32Array): number {
    const base = index * 4;
    for (let i = 0; i < 4; i++) {
      const d = this.keys[base + i]! - words[i]!;
      if (d !== 0) return d;
    }
    return 0;
  }

  /** First block whose network address lies in [first, last], or null. */
  firstWithin(first: Uint32Array, last: Uint32Array): Block | null {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(mid, first) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.blocks.length && this.compare(lo, last) <= 0) return this.blocks[lo]!;
    return null;
  }
}

export interface AllowlistIndexOptions {
  /** Called for each invalid entry (which is then skipped) instead of throwing. */
  onInvalid?: (entry: AllowlistEntry, message: string) => void;
}

export class AllowlistIndex {
  private readonly cidrs = new PrefixIndex<AllowlistEntry>();
  private readonly sorted4: SortedBlocks;
  private readonly sorted6: SortedBlocks;
  private readonly domains = new DomainIndex<AllowlistEntry>();
  private readonly exactDomains = new Map<string, AllowlistEntry>();
  /** Every proper parent of a listed domain → the first listed domain under it. */
  private readonly parents = new Map<string, { domain: string; entry: AllowlistEntry }>();
  private readonly urls = new Map<string, AllowlistEntry>();
  private readonly scratch = new Int32Array(4);
  private readonly first = new Uint32Array(4);
  private readonly last = new Uint32Array(4);
  private count = 0;

  /**
   * @throws Error naming the list and value when an entry is invalid (see
   *   {@link normaliseAllowlistEntry}), unless `options.onInvalid` is given: then the
   *   entry is skipped and reported, so one bad stored row cannot stop every import.
   */
  constructor(entries: Iterable<AllowlistEntry>, options: AllowlistIndexOptions = {}) {
    const blocks4: Block[] = [];
    const blocks6: Block[] = [];
    for (const entry of entries) {
      const normal = normaliseAllowlistEntry(entry);
      if (!normal.ok) {
        const message = `allowlist ${JSON.stringify(entry.list)} entry ${JSON.stringify(entry.value)}: ${normal.reason}`;
        if (options.onInvalid === undefined) throw new Error(message);
        options.onInvalid(entry, message);
        continue;
      }
      const value = normal.value;
      switch (entry.kind) {
        case 'cidr': {
          const parsed = parseCidr(value);
          if (!parsed.ok) throw new Error(parsed.reason); // unreachable: validated above
          const { network } = parsed.value;
          this.cidrs.insert(parsed.value, entry);
          const block: Block = {
            words: [network.w0, network.w1, network.w2, network.w3],
            cidr: value,
            entry,
          };
          (network.family === 4 ? blocks4 : blocks6).push(block);
          break;
        }
        case 'domain':
          this.domains.insert(value, entry);
          this.addParents(value, entry);
          break;
        case 'exact-domain':
          if (!this.exactDomains.has(value)) this.exactDomains.set(value, entry);
          this.addParents(value, entry);
          break;
        case 'url':
          if (!this.urls.has(value)) this.urls.set(value, entry);
          break;
      }
      this.count++;
    }
    this.sorted4 = new SortedBlocks(blocks4);
    this.sorted6 = new SortedBlocks(blocks6);
  }

  /** Number of entries indexed. */
  get size(): number {
    return this.count;
  }

  private addParents(domain: string, entry: AllowlistEntry): void {
    for (let dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
      const parent = domain.slice(dot + 1);
      if (!this.parents.has(parent)) this.parents.set(parent, { domain, entry });
    }
  }

  /** The first allowlist entry that keeps `indicator` from being blocked, or null. */
  check(indicator: NormalisedIndicator): AllowlistHit | null {
    switch (indicator.type) {
      case 'ipv4':
      case 'ipv6':
        return this.checkAddress(indicator.value);
      case 'cidr4':
      case 'cidr6':
        return this.checkNetwork(indicator.value);
      case 'domain':
        return this.checkDomain(indicator.value, indicator.exactDomain);
      case 'url':
        return this.checkUrl(indicator.value);
      case 'md5':
      case 'sha1':
      case 'sha256':
      case 'asn':
        return null;
    }
  }

  private checkAddress(address: string): AllowlistHit | null {
    const match = this.cidrs.lookup(address);
    return match === null
      ? null
      : hit(match.value, `${address} is inside ${match.cidr} (${source(match.value)})`);
  }

  private checkNetwork(value: string): AllowlistHit | null {
    const slash = value.indexOf('/');
    if (slash < 0) return this.checkAddress(value);
    let length = 0;
    for (let i = slash + 1; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c < 48 || c > 57 || i > slash + 3) return null;
      length = length * 10 + (c - 48);
    }
    const address = value.slice(0, slash);
    const family = parseIpInto(address, this.scratch);
    if (family === 0 || slash === value.length - 1 || length > (family === 4 ? 32 : 128)) return null;

    // An allowlisted block containing the network address either contains the indicator or lies inside it.
    const around = this.cidrs.lookup(address);
    if (around !== null) {
      const aroundLength =
        around.prefix.network.family === family
          ? around.prefix.prefixLength
          : 96 + around.prefix.prefixLength;
      const why = source(around.value);
      if (aroundLength === length) return hit(around.value, `${value} equals ${around.cidr} (${why})`);
      if (aroundLength < length) return hit(around.value, `${value} is inside ${around.cidr} (${why})`);
      return hit(
        around.value,
        `${value} contains ${around.cidr} (${why}); blocking it would block allowlisted addresses`,
      );
    }
    // Otherwise only a block starting later in the range can overlap it. (Families are compared
    // literally here; the normaliser turns IPv4-mapped networks into IPv4 ones beforehand.)
    const s = this.scratch;
    const first = this.first;
    const last = this.last;
    for (let i = 0; i < 4; i++) {
      const mask = family === 4 ? (i === 0 ? wordMask(length) : 0) : wordMask(length - i * 32);
      first[i] = (s[i]! & mask) >>> 0;
      last[i] = family === 4 && i > 0 ? 0 : (first[i]! | ~mask) >>> 0;
    }
    const inside = (family === 4 ? this.sorted4 : this.sorted6).firstWithin(first, last);
    if (inside === null) return null;
    return hit(
      inside.entry,
      `${value} contains ${inside.cidr} (${source(inside.entry)}); blocking it would block allowlisted addresses`,
    );
  }

  private checkDomain(name: string, exact: boolean): AllowlistHit | null {
    const exactEntry = this.exactDomains.get(name);
    if (exactEntry !== undefined) return hit(exactEntry, `${name} is allowlisted (${source(exactEntry)})`);
    const match = this.domains.lookupNormalised(name);
    if (match !== null) {
      const why = source(match.value);
      if (match.domain === name) return hit(match.value, `${name} is allowlisted (${why})`);
      return hit(match.value, `${name} is a subdomain of ${match.domain} (${why})`);
    }
    if (exact) return null;
    const child = this.parents.get(name);
    if (child === undefined) return null;
    return hit(
      child.entry,
      `${name} is a parent of ${child.domain} (${source(child.entry)}); blocking it would block that allowlisted domain`,
    );
  }

  private checkUrl(url: string): AllowlistHit | null {
    if (this.urls.size === 0) return null;
    const equal = this.urls.get(url);
    if (equal !== undefined) return hit(equal, `${url} is allowlisted (${source(equal)})`);
    // Canonical URLs always have "/" right after the authority; prefixes may only end at "/" or "?".
    const scheme = url.indexOf('://');
    const pathStart = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
    if (pathStart < 0) return null;
    for (let i = url.length - 1; i >= pathStart; i--) {
      const c = url.charCodeAt(i);
      if (c !== 47 && c !== 63) continue;
      // The longer candidate first: an entry ending with the boundary character itself.
      const through = url.slice(0, i + 1);
      const entry = this.urls.get(through);
      if (entry !== undefined) return hit(entry, `${url} starts with ${through} (${source(entry)})`);
      if (i === pathStart) continue; // "scheme://host" without "/" is never a canonical entry
      const before = url.slice(0, i);
      const other = this.urls.get(before);
      if (other !== undefined) return hit(other, `${url} starts with ${before} (${source(other)})`);
    }
    return null;
  }
}

/** Every shipped allowlist: reserved blocks, public resolvers, CDN ranges and popular domains. */
export function defaultAllowlistEntries(): AllowlistEntry[] {
  const entries: AllowlistEntry[] = [];
  for (const [value, reason] of reservedBlocks)
    entries.push({ list: 'reserved', kind: 'cidr', value, reason });
  for (const [value, reason] of publicResolvers)
    entries.push({ list: 'resolvers', kind: 'cidr', value, reason });
  for (const [value, reason] of cdnRanges) entries.push({ list: 'cdn', kind: 'cidr', value, reason });
  for (const [value, reason] of popularDomains) {
    entries.push({ list: 'popular-domains', kind: 'domain', value, reason });
  }
  return entries;
}
