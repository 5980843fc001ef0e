/**
 * The matcher's indicators, stored compactly: values as bytes in one buffer, per-indicator facts
 * in three typed columns (id; one packed word of type, threat type, confidence and port; and four
 * words of validity, family and sources), and hash tables of 32-bit slots over them — about 45
 * bytes per indicator beside the text of its value, where objects in a `Map` would cost several
 * times that. IPv4 networks sit in one table per prefix length (longest first), IPv6 networks in a
 * `PrefixIndex`. Built once (`add` each indicator, then `finish`), then only read by the matcher
 * and the prefilter, which is why the tables are public fields. Pure.
 */
import { indicatorTypes, threatTypes } from '../intel/model.js';
import { parseCidr } from '../net/cidr.js';
import { parseIpInto } from '../net/ip.js';
import { PrefixIndex } from '../net/prefix-index.js';
import {
  AddressIndex,
  ByteStore,
  hashFinish,
  shared,
  StringIndex,
  type AddressIndexSnapshot,
  type StoreSnapshot,
  type StringIndexSnapshot,
} from './compact-tables.js';
import type { Cidr } from '../net/cidr.js';
import type { DetectionIndicator, MatcherIndicator, MatcherStats, SinkholeNetwork } from './matcher.js';
import { boundSeconds, OPEN_END } from './time.js';
import { urlHost } from './url-host.js';

/**
 * `meta` word: type (bits 0–3: the index in `indicatorTypes`, or {@link EXACT_DOMAIN}), threat
 * type + 1 (4–8), confidence (9–15), port (16–31).
 */
export const TYPE_MASK = 0xf;
export const EXACT_DOMAIN = 0xf;
const THREAT_SHIFT = 4;
const CONFIDENCE_SHIFT = 9;
export const PORT_SHIFT = 16;
export const FROM = 0;
export const UNTIL = 1;
const FAMILY = 2;
const SOURCES = 3;
const DOT = 46;
const typeCode = new Map<string, number>(indicatorTypes.map((t, i) => [t, i]));
const threatCode = new Map<string, number>(threatTypes.map((t, i) => [t, i + 1]));

/** A growable typed column (doubling while loading, trimmed once loaded). */
function grow<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array>(
  array: T,
  need: number,
): T {
  if (need <= array.length) return array;
  const grown = new (array.constructor as new (n: number) => T)(Math.max(need, array.length * 2));
  grown.set(array);
  return grown;
}

function secondsToIso(seconds: number, open: number): string | null {
  return seconds === open ? null : new Date(seconds * 1000).toISOString();
}

/**
 * A finished table as plain data whose arrays live in SharedArrayBuffers: posted to worker threads,
 * it is read in place by each ({@link IndicatorTable.restore}), never copied or rebuilt.
 */
export interface TableSnapshot {
  store: StoreSnapshot;
  ids: Uint32Array | Float64Array;
  meta: Uint32Array;
  words: Uint32Array;
  families: (string | null)[];
  sourceSets: (readonly string[])[];
  domainIndex: StringIndexSnapshot | null;
  urlIndex: StringIndexSnapshot | null;
  urlHosts: { store: StoreSnapshot; index: StringIndexSnapshot } | null;
  v4: AddressIndexSnapshot | null;
  v6: AddressIndexSnapshot | null;
  network4: { length: number; index: AddressIndexSnapshot }[];
  networks6: { prefix: Cidr; values: number[] }[];
  labelMask: number;
  prefix16: Uint32Array;
  hasV6: boolean;
  minLabels: number;
  stats: MatcherStats;
}

export class IndicatorTable {
  store: ByteStore;
  // Per indicator: its id; one packed word (see TYPE_MASK); and four words: valid from, valid
  // until (seconds), family and source set (interned). Few columns: growing a column while
  // loading allocates outside the heap, and each such allocation can trigger a full collection.
  ids: Uint32Array | Float64Array;
  meta: Uint32Array;
  words: Uint32Array;
  private count = 0;
  families: (string | null)[] = [null];
  private readonly familyIds = new Map<string, number>();
  sourceSets: (readonly string[])[] = [[]];
  private readonly sourceSetIds = new Map<string, number>();

  // Loading only: entries per table, dropped once the tables are built.
  private loading: {
    domains: Int32Array;
    domainCount: number;
    urls: Int32Array;
    urlCount: number;
    urlHosts: Set<string>;
    keys4: Int32Array;
    refs4: Int32Array;
    count4: number;
    keys6: Int32Array;
    refs6: Int32Array;
    count6: number;
    netKeys4: Int32Array;
    netLengths4: Uint8Array;
    netRefs4: Int32Array;
    netCount4: number;
  } | null;

  domainIndex: StringIndex | null = null;
  urlIndex: StringIndex | null = null;
  urlHostIndex: StringIndex | null = null;
  private urlHostStore: ByteStore | null = null;
  v4: AddressIndex | null = null;
  v6: AddressIndex | null = null;
  /** IPv4 networks: one table per prefix length, longest first, keyed by the masked address */
  network4: { length: number; index: AddressIndex }[] = [];
  /** IPv6 networks (few in practice) */
  readonly networks6 = new PrefixIndex<number>();
  readonly sinkholes = new PrefixIndex<number>();
  readonly sinkholeList: DetectionIndicator[] = [];
  /** bit k set: some domain indicator has k labels (bit 31: 31 or more) */
  labelMask = 0;
  /** bit n set: some IPv4 indicator (address or network) lies in n.0.0.0/16 — internal
   * addresses, never listed, are turned away without touching the large tables */
  prefix16: Uint32Array = new Uint32Array(2048);
  hasV6 = false;
  /** fewest labels of a domain indicator or URL host (runs with fewer cannot be one) */
  minLabels = 1;

  stats: MatcherStats = {
    loaded: 0,
    domains: 0,
    urls: 0,
    addresses: 0,
    networks: 0,
    allowlisted: 0,
    unsupported: 0,
    invalid: 0,
    duplicates: 0,
  };
  private readonly scratch = new Int32Array(4);
  private readonly views = new Map<number, DetectionIndicator>();

  constructor(expectedCount: number, sinkholes: readonly (string | SinkholeNetwork)[] = []) {
    const expected = Math.max(1024, expectedCount);
    // Database ids fit 32 bits in practice: 4 bytes each, and 8 only if one does not (see `add`).
    this.ids = new Uint32Array(expected);
    this.meta = new Uint32Array(expected);
    this.words = new Uint32Array(expected * 4);
    this.store = new ByteStore(expected);
    // Sized for the worst case (every indicator of one type): a few bytes each, for a moment.
    this.loading = {
      domains: new Int32Array(expected),
      domainCount: 0,
      urls: new Int32Array(64),
      urlCount: 0,
      urlHosts: new Set(),
      keys4: new Int32Array(expected),
      refs4: new Int32Array(expected),
      count4: 0,
      keys6: new Int32Array(256),
      refs6: new Int32Array(64),
      count6: 0,
      netKeys4: new Int32Array(1024),
      netLengths4: new Uint8Array(1024),
      netRefs4: new Int32Array(1024),
      netCount4: 0,
    };
    for (const sinkhole of sinkholes) this.addSinkhole(sinkhole);
  }

  /**
   * The hash of every domain indicator's value, in indicator order, as the domain index computes
   * it (so a name whose hash is not among them is not in the index). Read in order, for speed.
   */
  domainHashes(): Uint32Array {
    const domain = typeCode.get('domain')!;
    const isDomain = (ref: number) => {
      const code = this.meta[ref]! & TYPE_MASK;
      return code === domain || code === EXACT_DOMAIN;
    };
    let count = 0;
    for (let ref = 0; ref < this.count; ref++) if (isDomain(ref)) count++;
    const out = new Uint32Array(count);
    let k = 0;
    for (let ref = 0; ref < this.count; ref++) if (isDomain(ref)) out[k++] = this.store.hash(ref);
    return out;
  }

  /**
   * Every IPv4 address indicator with 32, and every IPv4 network with its prefix length, as the
   * scan kernel files them (`(key ^ length × 0x9e3779b1)`, finished): what `ipv4MightHit` can find.
   */
  addressHashes(): Uint32Array {
    const parts = [
      { keys: this.v4?.keys() ?? new Int32Array(0), length: 32 },
      ...this.network4.map(({ length, index }) => ({ keys: index.keys(), length })),
    ];
    const out = new Uint32Array(parts.reduce((sum, part) => sum + part.keys.length, 0));
    let n = 0;
    for (const { keys, length } of parts) {
      const salt = Math.imul(length, 0x9e3779b1);
      for (let k = 0; k < keys.length; k++) out[n++] = hashFinish(keys[k]! ^ salt);
    }
    return out;
  }

  /** Bytes held by the compact tables (the IPv6 network trie and the interned names are not counted). */
  get byteLength(): number {
    const columns = [this.ids, this.meta, this.words];
    let total = this.store.byteLength;
    for (const c of columns) total += c.byteLength;
    for (const index of [this.domainIndex, this.urlIndex, this.urlHostIndex, this.v4, this.v6])
      total += index?.byteLength ?? 0;
    for (const { index } of this.network4) total += index.byteLength;
    return total + this.prefix16.byteLength;
  }

  private addSinkhole(entry: string | SinkholeNetwork): void {
    const { cidr, name } = typeof entry === 'string' ? { cidr: entry, name: undefined } : entry;
    const parsed = parseCidr(cidr.includes('/') ? cidr : `${cidr}/${cidr.includes(':') ? 128 : 32}`);
    if (!parsed.ok) throw new RangeError(`sinkhole ${JSON.stringify(cidr)}: ${parsed.reason}`);
    const family = parsed.value.network.family;
    this.sinkholes.insert(parsed.value, this.sinkholeList.length);
    const value = cidr.trim();
    this.sinkholeList.push({
      id: null,
      type: family === 4 ? 'cidr4' : 'cidr6',
      value,
      exactDomain: false,
      threatType: 'c2',
      family: null,
      confidence: 80,
      sources: [name ?? 'sinkhole'],
      port: null,
      validFrom: null,
      validUntil: null,
    });
  }

  private intern(family: string | null): number {
    if (family === null || family === '') return 0;
    let id = this.familyIds.get(family);
    if (id === undefined) {
      id = this.families.length;
      this.families.push(family);
      this.familyIds.set(family, id);
    }
    return id;
  }

  private internSources(sources: readonly string[] | undefined): number {
    if (sources === undefined || sources.length === 0) return 0;
    const key = sources.length === 1 ? sources[0]! : sources.join('\u0000');
    let id = this.sourceSetIds.get(key);
    if (id === undefined) {
      id = this.sourceSets.length;
      this.sourceSets.push(Object.freeze([...sources]));
      this.sourceSetIds.set(key, id);
    }
    return id;
  }

  add(indicator: MatcherIndicator): void {
    const load = this.loading!;
    if (indicator.allowlisted === true) {
      this.stats.allowlisted++;
      return;
    }
    const type = indicator.type;
    let value = indicator.value;
    const scratch = this.scratch;
    let family: 0 | 4 | 6 = 0;
    switch (type) {
      case 'domain':
        value = value.toLowerCase();
        if (value.endsWith('.')) value = value.slice(0, -1);
        if (value.length === 0 || value.length > 253) return void this.stats.invalid++;
        break;
      case 'url':
        if (urlHost(value) === null) return void this.stats.invalid++;
        break;
      case 'ipv4':
      case 'ipv6':
        family = parseIpInto(value, scratch);
        if (family === 0) return void this.stats.invalid++;
        break;
      case 'cidr4':
      case 'cidr6':
        break;
      case 'md5':
      case 'sha1':
      case 'sha256':
      case 'asn':
        this.stats.unsupported++;
        return;
      default:
        this.stats.unsupported++;
        return;
    }
    let cidr: ReturnType<typeof parseCidr> | null = null;
    if (type === 'cidr4' || type === 'cidr6') {
      cidr = parseCidr(value);
      if (!cidr.ok) return void this.stats.invalid++;
    }
    const ref = this.store.add(value);
    if (ref < 0) return void this.stats.invalid++;
    const n = ref + 1;
    if (n > this.ids.length) {
      this.ids = grow(this.ids, n);
      this.meta = grow(this.meta, n);
      this.words = grow(this.words, n * 4);
    }
    const port = indicator.port;
    const threat = indicator.threatType === null ? 0 : (threatCode.get(indicator.threatType) ?? 0);
    const confidence = Math.max(0, Math.min(100, Math.round(indicator.confidence))) | 0;
    const id = indicator.id;
    if (this.ids instanceof Uint32Array && !(Number.isInteger(id) && id >= 0 && id <= 0xffffffff))
      this.ids = Float64Array.from(this.ids);
    this.ids[ref] = id;
    this.meta[ref] =
      (type === 'domain' && indicator.exactDomain ? EXACT_DOMAIN : typeCode.get(type)!) +
      threat * 2 ** THREAT_SHIFT +
      confidence * 2 ** CONFIDENCE_SHIFT +
      (port !== null && port !== undefined && Number.isInteger(port) && port > 0 && port < 65536 ? port : 0) *
        2 ** PORT_SHIFT;
    const w = ref * 4;
    this.words[w + FROM] = boundSeconds(indicator.validFrom, 0);
    this.words[w + UNTIL] = boundSeconds(indicator.validUntil, OPEN_END);
    this.words[w + FAMILY] = this.intern(indicator.family);
    this.words[w + SOURCES] = this.internSources(indicator.sources);
    this.count = n;
    this.stats.loaded++;
    switch (type) {
      case 'domain': {
        load.domains = grow(load.domains, load.domainCount + 1);
        load.domains[load.domainCount++] = ref;
        let labels = 1;
        for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === DOT) labels++;
        this.labelMask |= 1 << Math.min(labels, 31);
        this.stats.domains++;
        break;
      }
      case 'url':
        load.urls = grow(load.urls, load.urlCount + 1);
        load.urls[load.urlCount++] = ref;
        load.urlHosts.add(urlHost(value)!.toLowerCase());
        this.stats.urls++;
        break;
      case 'ipv4':
      case 'ipv6': {
        const mapped = family === 6 && scratch[0] === 0 && scratch[1] === 0 && scratch[2] === 0xffff;
        if (family === 4 || mapped) {
          load.keys4 = grow(load.keys4, load.count4 + 1);
          load.refs4 = grow(load.refs4, load.count4 + 1);
          load.keys4[load.count4] = mapped ? scratch[3]! : scratch[0]!;
          load.refs4[load.count4++] = ref;
        } else {
          load.keys6 = grow(load.keys6, (load.count6 + 1) * 4);
          load.refs6 = grow(load.refs6, load.count6 + 1);
          load.keys6.set(scratch, load.count6 * 4);
          load.refs6[load.count6++] = ref;
        }
        this.stats.addresses++;
        break;
      }
      case 'cidr4':
      case 'cidr6':
        if (cidr?.ok && cidr.value.network.family === 4) {
          const n4 = load.netCount4 + 1;
          load.netKeys4 = grow(load.netKeys4, n4);
          load.netLengths4 = grow(load.netLengths4, n4);
          load.netRefs4 = grow(load.netRefs4, n4);
          load.netKeys4[load.netCount4] = cidr.value.network.w0 | 0;
          load.netLengths4[load.netCount4] = cidr.value.prefixLength;
          load.netRefs4[load.netCount4++] = ref;
        } else if (cidr?.ok) {
          this.networks6.insert(cidr.value, ref);
        }
        this.stats.networks++;
        break;
      default:
        break;
    }
  }

  finish(): void {
    const load = this.loading!;
    this.loading = null;
    const n = this.count;
    this.store.trim();
    if (this.ids.length > n) {
      this.ids = this.ids.slice(0, n);
      this.meta = this.meta.slice(0, n);
      this.words = this.words.slice(0, n * 4);
    }
    let duplicates = 0;
    if (load.domainCount > 0) {
      this.domainIndex = new StringIndex(this.store, load.domains.subarray(0, load.domainCount), true);
      duplicates += this.domainIndex.duplicates.length;
    }
    if (load.urlCount > 0) {
      this.urlIndex = new StringIndex(this.store, load.urls.subarray(0, load.urlCount), false);
      duplicates += this.urlIndex.duplicates.length;
      const hosts = new ByteStore();
      const entries: number[] = [];
      for (const host of load.urlHosts) {
        const entry = hosts.add(host);
        if (entry >= 0) entries.push(entry);
      }
      hosts.trim();
      this.urlHostStore = hosts;
      this.urlHostIndex = new StringIndex(hosts, entries, true);
    }
    if (load.count4 > 0) {
      this.v4 = new AddressIndex(1, load.keys4, load.refs4.subarray(0, load.count4));
      duplicates += this.v4.duplicates.length;
    }
    if (load.count6 > 0) {
      this.v6 = new AddressIndex(4, load.keys6, load.refs6.subarray(0, load.count6));
      duplicates += this.v6.duplicates.length;
    }
    for (let length = 32; length >= 0; length--) {
      const keys: number[] = [];
      const refs: number[] = [];
      for (let k = 0; k < load.netCount4; k++) {
        if (load.netLengths4[k] !== length) continue;
        keys.push(load.netKeys4[k]!);
        refs.push(load.netRefs4[k]!);
        const first = load.netKeys4[k]! >>> 16;
        this.markPrefix16(first, length >= 16 ? 1 : 2 ** (16 - length));
      }
      if (keys.length === 0) continue;
      const index = new AddressIndex(1, Int32Array.from(keys), refs);
      duplicates += index.duplicates.length;
      this.network4.push({ length, index });
    }
    for (let k = 0; k < load.count4; k++) this.markPrefix16(load.keys4[k]! >>> 16, 1);
    for (const m of this.networks6.entries()) duplicates += m.values.length - 1;
    if (this.networks6.size > 0) this.hasV6 = true;
    if (this.v6 !== null) this.hasV6 = true;
    let fewest = 32;
    for (let k = 1; k < 32; k++) {
      if ((this.labelMask & (1 << k)) !== 0) {
        fewest = k;
        break;
      }
    }
    for (const host of load.urlHosts) fewest = Math.min(fewest, host.split('.').length);
    this.minLabels = fewest;
    this.stats.duplicates = duplicates;
    this.stats.loaded -= duplicates;
  }

  /** The finished table in shared memory (see {@link TableSnapshot}); this table is left as it was. */
  share(): TableSnapshot {
    if (this.loading !== null) throw new Error('IndicatorTable.share: the table is not finished');
    let urlHosts: TableSnapshot['urlHosts'] = null;
    if (this.urlHostIndex !== null && this.urlHostStore !== null)
      urlHosts = { store: this.urlHostStore.share(), index: this.urlHostIndex.share() };
    return {
      store: this.store.share(),
      ids: shared(this.ids),
      meta: shared(this.meta),
      words: shared(this.words),
      families: [...this.families],
      sourceSets: this.sourceSets.map((s) => [...s]),
      domainIndex: this.domainIndex?.share() ?? null,
      urlIndex: this.urlIndex?.share() ?? null,
      urlHosts,
      v4: this.v4?.share() ?? null,
      v6: this.v6?.share() ?? null,
      network4: this.network4.map(({ length, index }) => ({ length, index: index.share() })),
      networks6: [...this.networks6.entries()].map((m) => ({ prefix: m.prefix, values: [...m.values] })),
      labelMask: this.labelMask,
      prefix16: shared(this.prefix16),
      hasV6: this.hasV6,
      minLabels: this.minLabels,
      stats: { ...this.stats },
    };
  }

  /** A finished table reading a snapshot's arrays in place; the sinkholes are given again. */
  static restore(s: TableSnapshot, sinkholes: readonly (string | SinkholeNetwork)[] = []): IndicatorTable {
    const t = new IndicatorTable(0, sinkholes);
    t.loading = null;
    t.store = ByteStore.restore(s.store);
    t.ids = s.ids;
    t.meta = s.meta;
    t.words = s.words;
    t.count = s.ids.length;
    t.families = s.families;
    t.sourceSets = s.sourceSets.map((set) => Object.freeze(set));
    t.domainIndex =
      s.domainIndex === null ? null : new StringIndex(t.store, s.domainIndex, s.domainIndex.fold);
    t.urlIndex = s.urlIndex === null ? null : new StringIndex(t.store, s.urlIndex, s.urlIndex.fold);
    if (s.urlHosts !== null) {
      t.urlHostStore = ByteStore.restore(s.urlHosts.store);
      t.urlHostIndex = new StringIndex(t.urlHostStore, s.urlHosts.index, s.urlHosts.index.fold);
    }
    t.v4 = s.v4 === null ? null : new AddressIndex(1, s.v4);
    t.v6 = s.v6 === null ? null : new AddressIndex(4, s.v6);
    t.network4 = s.network4.map(({ length, index }) => ({ length, index: new AddressIndex(1, index) }));
    for (const { prefix, values } of s.networks6) for (const v of values) t.networks6.insert(prefix, v);
    t.labelMask = s.labelMask;
    t.prefix16 = s.prefix16;
    t.hasV6 = s.hasV6;
    t.minLabels = s.minLabels;
    t.stats = { ...s.stats };
    return t;
  }

  private markPrefix16(first: number, count: number): void {
    for (let p = first; p < first + count && p < 65536; p++) this.prefix16[p >>> 5]! |= 1 << (p & 31);
  }

  /** Whether an IPv4 address (unsigned) lies in a /16 that holds some listed address or network. */
  maybeListed4(key: number): boolean {
    return (this.prefix16[key >>> 21]! & (1 << ((key >>> 16) & 31))) !== 0;
  }

  /** The indicator behind a hit, as an object (cached: the same indicators tend to hit again). */
  view(ref: number): DetectionIndicator {
    const cached = this.views.get(ref);
    if (cached !== undefined) return cached;
    if (this.views.size >= 10_000) this.views.clear();
    const meta = this.meta[ref]!;
    const threat = (meta >>> THREAT_SHIFT) & 0x1f;
    const port = meta >>> PORT_SHIFT;
    const code = meta & TYPE_MASK;
    const w = ref * 4;
    const view: DetectionIndicator = Object.freeze({
      id: this.ids[ref]!,
      type: code === EXACT_DOMAIN ? 'domain' : indicatorTypes[code]!,
      value: this.store.text(ref),
      exactDomain: code === EXACT_DOMAIN,
      threatType: threat === 0 ? null : threatTypes[threat - 1]!,
      family: this.families[this.words[w + FAMILY]!] ?? null,
      confidence: (meta >>> CONFIDENCE_SHIFT) & 0x7f,
      sources: this.sourceSets[this.words[w + SOURCES]!] ?? [],
      port: port === 0 ? null : port,
      validFrom: secondsToIso(this.words[w + FROM]!, 0),
      validUntil: secondsToIso(this.words[w + UNTIL]!, OPEN_END),
    });
    this.views.set(ref, view);
    return view;
  }
}
