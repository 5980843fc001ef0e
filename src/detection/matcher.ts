/**
 * The indicator matcher: which indicators a log event hits, and how. Pure and built for the hot
 * path — a miss allocates nothing, and a million indicators cost tens of bytes each (values as
 * bytes in one buffer, per-indicator facts in typed arrays; see `compact-tables.ts`).
 *
 * What is checked depends on what the event is:
 * - a web event (it has a URL or a host): the canonical URL against URL indicators (only when its
 *   host is the host of some URL indicator, so canonicalising is rare), the host as a domain or
 *   address (`url-host`, or `parent-domain`), and the destination address. A URL that is only a
 *   path (`/x.php`, a web server's access log) means the client is the remote side: then the
 *   source address is checked instead, as an inbound connection;
 * - a DNS event (a queried name and no URL): the name and each parent against domain indicators,
 *   and the answers against the sinkhole networks (a hit on the name with `how: 'sinkhole'`);
 * - anything else (a flow): the destination address (outbound) and the source address (inbound).
 * Domains match the name itself (`exact`) or a listed parent (`parent-domain`) unless the
 * indicator is exact-domain; addresses match exactly or inside a listed network, the longest
 * prefix first. For each value checked only the most specific applicable indicator is reported.
 *
 * Applicable means: the event's time lies in [validFrom, validUntil) at one-second precision
 * (`validity: 'strict'`; events without a time are taken at "now"), and an indicator with a port
 * is hit only on that port of its own side (destination port outbound, source port inbound). An
 * event whose port is unknown, or a DNS lookup, is not filtered by port: a lookup of a C2 name is
 * worth reporting whatever port the C2 listens on. Allowlisted indicators are never loaded, and
 * of two indicators with the same type and value the first is kept.
 */
import type { LogEvent } from './model.js';
import { indicatorTypes, type IndicatorType, type ThreatType, threatTypes } from '../intel/model.js';
import { normaliseIndicator } from '../intel/normalise.js';
import { parseCidr } from '../net/cidr.js';
import { parseIpInto } from '../net/ip.js';
import { PrefixIndex } from '../net/prefix-index.js';
import { AddressIndex, ByteStore, HASH_SEED, hashFinish, StringIndex } from './compact-tables.js';
import { boundSeconds, isoSeconds, OPEN_END } from './time.js';

/** An indicator as the matcher takes it (values already normalised, as the database holds them). */
export interface MatcherIndicator {
  /** database id, or any number the caller uses to find it again */
  id: number;
  type: IndicatorType;
  value: string;
  exactDomain: boolean;
  /** ISO-8601; the indicator matches no event before it (first seen). Null: always did. */
  validFrom: string | null;
  /** ISO-8601; the indicator matches no event from then on (expiry). Null: never expires. */
  validUntil: string | null;
  threatType: ThreatType | null;
  family: string | null;
  confidence: number;
  sources?: readonly string[];
  /** destination port the indicator is about (a C2 port); null or absent: any port */
  port?: number | null;
  /** allowlisted indicators are skipped when loading */
  allowlisted?: boolean;
}

export type MatchHow = 'exact' | 'parent-domain' | 'inside-cidr' | 'url-host' | 'sinkhole';
/** Which field of the event was checked (ECS names). */
export type MatchField = 'dns.question.name' | 'url.original' | 'url.domain' | 'destination.ip' | 'source.ip';
export type MatchDirection = 'outbound' | 'inbound';

/** The indicator of a detection; `id` is null for a sinkhole hit (no stored indicator). */
export interface DetectionIndicator {
  id: number | null;
  type: IndicatorType;
  value: string;
  exactDomain: boolean;
  threatType: ThreatType | null;
  family: string | null;
  confidence: number;
  sources: readonly string[];
  port: number | null;
  validFrom: string | null;
  validUntil: string | null;
}

/** Where a detection's line came from (set by the scan pipeline). */
export interface DetectionOrigin {
  file: string;
  line: number;
  raw: string;
}

export interface Detection {
  event: LogEvent;
  indicator: DetectionIndicator;
  field: MatchField;
  /** the event's value that was checked, e.g. `a.b.evil.com` */
  observed: string;
  /** the indicator value that matched, e.g. `evil.com` (a parent) or `203.0.113.0/24` */
  matched: string;
  how: MatchHow;
  /** inbound: the listed address was the one connecting in */
  direction: MatchDirection;
  /** the side that is not the indicator (the client that looked up or connected), when known */
  internalHost: string | null;
  origin?: DetectionOrigin;
}

export interface SinkholeNetwork {
  cidr: string;
  /** who runs it, reported as the hit's source */
  name?: string;
}

export interface MatcherOptions {
  /** strict (default): an indicator matches only events inside its validity; ignore: always */
  validity?: 'strict' | 'ignore';
  /** the time of events that have none (default: when the matcher is built) */
  now?: Date | number;
  /** networks whose addresses DNS servers hand out for sinkholed names */
  sinkholes?: readonly (string | SinkholeNetwork)[];
  /** how many indicators to expect, when `indicators` is not an array (saves regrowing) */
  expectedCount?: number;
}

export interface MatcherStats {
  loaded: number;
  domains: number;
  urls: number;
  addresses: number;
  networks: number;
  allowlisted: number;
  /** hashes and AS numbers: kept in the database, never seen in logs */
  unsupported: number;
  invalid: number;
  duplicates: number;
}

/**
 * `meta` word: type (bits 0–3: the index in `indicatorTypes`, or {@link EXACT_DOMAIN}), threat
 * type + 1 (4–8), confidence (9–15), port (16–31).
 */
const TYPE_MASK = 0xf;
const EXACT_DOMAIN = 0xf;
const THREAT_SHIFT = 4;
const CONFIDENCE_SHIFT = 9;
const PORT_SHIFT = 16;
const FROM = 0;
const UNTIL = 1;
const FAMILY = 2;
const SOURCES = 3;
const DOT = 46;
const NONE: readonly Detection[] = Object.freeze([]);
/** Bytes that make up names and addresses in a raw line: `A–Z a–z 0–9 . - _`. */
const RUN_BYTE = new Uint8Array(256);
/** Bytes of IPv6 text: hex digits, `:` and `.`. */
const HEX6_BYTE = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  RUN_BYTE[c] = alnum || c === 46 || c === 45 || c === 95 ? 1 : 0;
  HEX6_BYTE[c] = (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46 ? 1 : 0;
}

/** Constructor argument of {@link IndicatorMatcher.fromBatches}: indicators are added afterwards. */
const LATER: unique symbol = Symbol('later');
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

export class IndicatorMatcher {
  private readonly strict: boolean;
  private readonly nowSeconds: number;
  private readonly store: ByteStore;
  // Per indicator: its id; one packed word (see `pack`); and four words: valid from, valid
  // until (seconds), family and source set (interned). Few columns: growing a column while
  // loading allocates outside the heap, and each such allocation can trigger a full collection.
  private ids: Float64Array;
  private meta: Uint32Array;
  private words: Uint32Array;
  private count = 0;
  private readonly families: (string | null)[] = [null];
  private readonly familyIds = new Map<string, number>();
  private readonly sourceSets: (readonly string[])[] = [[]];
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
  } | null;

  private domainIndex: StringIndex | null = null;
  private urlIndex: StringIndex | null = null;
  private urlHostIndex: StringIndex | null = null;
  private v4: AddressIndex | null = null;
  private v6: AddressIndex | null = null;
  private readonly networks = new PrefixIndex<number>();
  private readonly sinkholes = new PrefixIndex<number>();
  private readonly sinkholeList: DetectionIndicator[] = [];
  /** bit k set: some domain indicator has k labels (bit 31: 31 or more) */
  private labelMask = 0;
  // Prefilter only (see `mightMatchBytes`): IPv4 networks by masked address, and their lengths.
  private network4Index: AddressIndex | null = null;
  private network4Lengths: number[] = [];
  /** bit n set: some IPv4 indicator (address or network) lies in n.0.0.0/16 — internal
   * addresses, never listed, are turned away without touching the large tables */
  private readonly prefix16 = new Uint32Array(2048);
  private hasV6 = false;
  /** fewest labels of a domain indicator or URL host (runs with fewer cannot be one) */
  private minLabels = 1;

  readonly stats: MatcherStats = {
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
  /** candidate hits dropped because the event lay outside the indicator's validity */
  outsideValidity = 0;

  // Per-event scratch.
  private readonly ipScratch = new Int32Array(4);
  private event: LogEvent | null = null;
  private eventSeconds = Number.NaN;
  private out: Detection[] | null = null;
  private outRefs: number[] = [];
  private wholeName = false;
  private ipHow: MatchHow = 'exact';
  private ipMatched = '';
  private readonly views = new Map<number, DetectionIndicator>();

  constructor(indicators: Iterable<MatcherIndicator> | typeof LATER, options: MatcherOptions = {}) {
    const expected = Math.max(
      1024,
      options.expectedCount ?? (Array.isArray(indicators) ? indicators.length : 0),
    );
    this.ids = new Float64Array(expected);
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
    };
    this.strict = options.validity !== 'ignore';
    const now = options.now ?? Date.now();
    this.nowSeconds = Math.floor((typeof now === 'number' ? now : now.getTime()) / 1000);
    for (const sinkhole of options.sinkholes ?? []) this.addSinkhole(sinkhole);
    if (indicators === LATER) return;
    for (const indicator of indicators) this.add(indicator);
    this.finish();
  }

  /** Builds a matcher from batches that arrive asynchronously (database pages), one at a time. */
  static async fromBatches(
    batches: AsyncIterable<Iterable<MatcherIndicator>>,
    options: MatcherOptions = {},
  ): Promise<IndicatorMatcher> {
    const matcher = new IndicatorMatcher(LATER, options);
    for await (const batch of batches) for (const indicator of batch) matcher.add(indicator);
    matcher.finish();
    return matcher;
  }

  /** Bytes held by the compact tables (the CIDR trie and the interned names are not counted). */
  get byteLength(): number {
    const columns = [this.ids, this.meta, this.words];
    let total = this.store.byteLength;
    for (const c of columns) total += c.byteLength;
    for (const index of [this.domainIndex, this.urlIndex, this.urlHostIndex, this.v4, this.v6])
      total += index?.byteLength ?? 0;
    return total;
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

  private add(indicator: MatcherIndicator): void {
    const load = this.loading!;
    if (indicator.allowlisted === true) {
      this.stats.allowlisted++;
      return;
    }
    const type = indicator.type;
    let value = indicator.value;
    const scratch = this.ipScratch;
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
    this.ids[ref] = indicator.id;
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
        if (cidr?.ok) this.networks.insert(cidr.value, ref);
        this.stats.networks++;
        break;
      default:
        break;
    }
  }

  private finish(): void {
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
    const networkKeys: number[] = [];
    const networkRefs: number[] = [];
    const lengths = new Set<number>();
    for (const m of this.networks.entries()) {
      duplicates += m.values.length - 1;
      if (m.prefix.network.family === 6) {
        this.hasV6 = true;
        continue;
      }
      networkKeys.push(m.prefix.network.w0 | 0);
      networkRefs.push(m.value);
      lengths.add(m.prefix.prefixLength);
    }
    if (networkKeys.length > 0)
      this.network4Index = new AddressIndex(1, Int32Array.from(networkKeys), networkRefs);
    for (let k = 0; k < load.count4; k++) this.markPrefix16(load.keys4[k]! >>> 16, 1);
    for (const m of this.networks.entries()) {
      const length = m.prefix.prefixLength;
      if (m.prefix.network.family === 4)
        this.markPrefix16(m.prefix.network.w0 >>> 16, length >= 16 ? 1 : 2 ** (16 - length));
    }
    this.network4Lengths = [...lengths].sort((a, b) => b - a);
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

  /**
   * Whether a raw log line could hold a value that hits an indicator — a superset test on bytes,
   * run before parsing so that lines which cannot match are never parsed. Sound for formats that
   * write names and addresses verbatim (the scan pipeline keeps a list): every run of
   * `[A-Za-z0-9._-]` is checked as a domain (each parent too), a URL host and a dotted IPv4
   * address (exact, or inside a listed network of any listed length); IPv6-looking text is parsed
   * when IPv6 indicators exist. Validity, ports and sides are ignored (the full match decides), and
   * anything unusual — a byte above 127, a backslash (escapes), `%` when URL indicators exist, or
   * configured sinkholes — answers true.
   */
  mightMatchBytes(bytes: Uint8Array, start: number, end: number): boolean {
    if (this.sinkholeList.length > 0) return true;
    const percentMatters = this.urlIndex !== null;
    const names = this.domainIndex !== null || this.urlHostIndex !== null;
    const addresses = this.v4 !== null || this.network4Index !== null;
    const minLabels = this.minLabels;
    let i = start;
    while (i < end) {
      let c = bytes[i]!;
      if (RUN_BYTE[c] === 0) {
        if (c >= 128 || c === 92 || (c === 37 && percentMatters)) return true;
        i++;
        continue;
      }
      // A run of name bytes: count its dots, see whether it is all digits and dots (an IPv4
      // candidate) and whether its last label is all digits (then it is no name).
      const run = i;
      let dots = 0;
      let numeric = true;
      let digitLabel = true;
      for (;;) {
        if (c === DOT) {
          dots++;
          if (i + 1 < end && RUN_BYTE[bytes[i + 1]!] === 1 && bytes[i + 1] !== DOT) digitLabel = true;
        } else if (c < 48 || c > 57) {
          numeric = false;
          digitLabel = false;
        }
        if (++i >= end) break;
        c = bytes[i]!;
        if (RUN_BYTE[c] === 0) break;
      }
      if (numeric) {
        if (addresses && dots >= 3 && this.ipv4MightMatch(bytes, run, i)) return true;
        if (this.urlHostIndex !== null && this.runMightMatch(bytes, run, i)) return true;
      } else if (names && !digitLabel && dots + 1 >= minLabels && this.runMightMatch(bytes, run, i)) {
        return true;
      }
    }
    return this.hasV6 && this.v6LineMightMatch(bytes, start, end);
  }

  /** IPv6-looking text (three colons, or two with `::`; a time such as 10:00:00 is neither). */
  private v6LineMightMatch(bytes: Uint8Array, start: number, end: number): boolean {
    let hexRun = -1;
    let colons = 0;
    let double = false;
    for (let i = start; i <= end; i++) {
      const c = i < end ? bytes[i]! : 32;
      if (HEX6_BYTE[c] === 1) {
        if (hexRun < 0) {
          hexRun = i;
          colons = 0;
          double = false;
        }
        if (c === 58) {
          colons++;
          if (i > hexRun && bytes[i - 1] === 58) double = true;
        }
      } else if (hexRun >= 0) {
        if ((colons >= 3 || (double && colons >= 2)) && this.v6MightMatch(bytes, hexRun, i)) return true;
        hexRun = -1;
      }
    }
    return false;
  }

  /** A run of name bytes as a domain (each parent too) and as a URL host. */
  private runMightMatch(bytes: Uint8Array, start: number, end: number): boolean {
    while (end > start && bytes[end - 1] === DOT) end--;
    if (end <= start) return false;
    const domains = this.domainIndex;
    const mask = this.labelMask;
    let hash = HASH_SEED | 0;
    let whole = 0;
    let labels = 0;
    for (let i = end - 1; i >= start - 1; i--) {
      let c = i >= start ? bytes[i]! : DOT;
      if (c !== DOT) {
        if (c >= 65 && c <= 90) c += 32;
        hash = Math.imul(hash ^ c, 0x01000193);
        continue;
      }
      labels++;
      if (i < start) whole = hashFinish(hash);
      if (
        domains !== null &&
        i + 1 < end &&
        (mask & (1 << (labels < 31 ? labels : 31))) !== 0 &&
        domains.findBytes(bytes, i + 1, end, hashFinish(hash)) >= 0
      )
        return true;
      hash = Math.imul(hash ^ DOT, 0x01000193);
    }
    return this.urlHostIndex !== null && this.urlHostIndex.findBytes(bytes, start, end, whole) >= 0;
  }

  private markPrefix16(first: number, count: number): void {
    for (let p = first; p < first + count && p < 65536; p++) this.prefix16[p >>> 5]! |= 1 << (p & 31);
  }

  private maybeListed4(key: number): boolean {
    return (this.prefix16[key >>> 21]! & (1 << ((key >>> 16) & 31))) !== 0;
  }

  /** A dotted quad (digits and three dots) against addresses and networks. */
  private ipv4MightMatch(bytes: Uint8Array, start: number, end: number): boolean {
    while (end > start && bytes[end - 1] === DOT) end--;
    let key = 0;
    let count = 0;
    let octet = 0;
    let digits = 0;
    for (let i = start; i <= end; i++) {
      const c = i < end ? bytes[i]! : DOT;
      if (c === DOT) {
        if (digits === 0 || octet > 255 || ++count > 4) return false;
        key = key * 256 + octet;
        octet = 0;
        digits = 0;
      } else {
        octet = octet * 10 + (c - 48);
        digits++;
      }
    }
    if (count !== 4 || !this.maybeListed4(key)) return false;
    key |= 0;
    if (this.v4 !== null && this.v4.find4(key) >= 0) return true;
    const networks = this.network4Index;
    if (networks === null) return false;
    for (const length of this.network4Lengths) {
      if (networks.find4(length === 0 ? 0 : key & (-1 << (32 - length))) >= 0) return true;
    }
    return false;
  }

  private v6MightMatch(bytes: Uint8Array, start: number, end: number): boolean {
    if (end - start > 45) return false;
    const text = String.fromCharCode(...bytes.subarray(start, end));
    const s = this.ipScratch;
    if (parseIpInto(text, s) !== 6) return false;
    if (this.v6 !== null && this.v6.find6(s[0]!, s[1]!, s[2]!, s[3]!) >= 0) return true;
    return this.networks.lookup(text) !== null;
  }

  /** The indicators an event hits (a shared empty array when none: treat the result as read-only). */
  match(event: LogEvent): readonly Detection[] {
    this.event = event;
    this.eventSeconds = Number.NaN;
    this.out = null;
    const url = event.urlOriginal;
    const host = event.urlDomain;
    if (url !== undefined || host !== undefined) this.matchWeb(event, url, host);
    else if (event.dnsQuestionName !== undefined) this.matchDns(event, event.dnsQuestionName);
    else this.matchFlow(event);
    const out = this.out;
    this.event = null;
    if (out === null) return NONE;
    this.out = null;
    this.outRefs.length = 0;
    return out;
  }

  private matchDns(event: LogEvent, name: string): void {
    if (this.domainIndex !== null && name.length > 0) {
      const ref = this.scanDomain(name, 0, name.length);
      if (ref >= 0)
        this.hit(
          ref,
          'dns.question.name',
          name,
          this.wholeName ? 'exact' : 'parent-domain',
          'outbound',
          event.sourceIp,
        );
    }
    const answers = event.dnsAnswers;
    if (answers !== undefined && this.sinkholeList.length > 0) {
      for (const answer of answers) {
        const m = this.sinkholes.lookup(answer);
        if (m === null) continue;
        this.hitIndicator(
          -1 - m.value,
          this.sinkholeList[m.value]!,
          'dns.question.name',
          name,
          m.cidr,
          'sinkhole',
          'outbound',
          event.sourceIp,
        );
        break;
      }
    }
  }

  private matchFlow(event: LogEvent): void {
    const destination = event.destinationIp;
    if (destination !== undefined)
      this.checkAddress(
        destination,
        event.destinationPort,
        'exact',
        'destination.ip',
        'outbound',
        event.sourceIp,
      );
    const source = event.sourceIp;
    if (source !== undefined)
      this.checkAddress(source, event.sourcePort, 'exact', 'source.ip', 'inbound', event.destinationIp);
  }

  private matchWeb(event: LogEvent, url: string | undefined, host: string | undefined): void {
    const pathOnly = url !== undefined && url.charCodeAt(0) === 47 && url.charCodeAt(1) !== 47;
    if (url !== undefined && url.length > 0 && this.urlIndex !== null)
      this.checkUrl(event, url, host, pathOnly);
    if (pathOnly) {
      // A web server's own access log: the listed party would be the client.
      if (event.sourceIp !== undefined)
        this.checkAddress(
          event.sourceIp,
          event.sourcePort,
          'exact',
          'source.ip',
          'inbound',
          event.destinationIp ?? host ?? null,
        );
      return;
    }
    const port = event.destinationPort;
    if (host !== undefined && host.length > 0) {
      this.checkHost(host, 0, host.length, port, 'url.domain', event.sourceIp);
    } else if (url !== undefined && urlHostRange(url)) {
      this.checkHost(url, rangeStart, rangeEnd, port, 'url.original', event.sourceIp);
    } else if (event.dnsQuestionName !== undefined && event.dnsQuestionName.length > 0) {
      const name = event.dnsQuestionName;
      this.checkHost(name, 0, name.length, port, 'url.domain', event.sourceIp);
    }
    const destination = event.destinationIp;
    if (destination !== undefined)
      this.checkAddress(destination, port, 'exact', 'destination.ip', 'outbound', event.sourceIp);
  }

  /** A URL's host as a domain or an address (`url-host` when the indicator is the host itself). */
  private checkHost(
    text: string,
    start: number,
    end: number,
    port: number | undefined,
    field: MatchField,
    internal: string | undefined,
  ): void {
    if (!hostBounds(text, start, end)) return;
    const s = rangeStart;
    const e = rangeEnd;
    const last = text.charCodeAt(e - 1);
    // A name's last label is never all digits, and only an IPv6 address keeps a colon here.
    const colon = text.indexOf(':', s);
    const numeric = (last >= 48 && last <= 57) || (colon >= 0 && colon < e);
    if (numeric && (this.v4 !== null || this.v6 !== null || this.networks.size > 0)) {
      const ip = s === 0 && e === text.length ? text : text.slice(s, e);
      if (parseIpInto(ip, this.ipScratch) !== 0) {
        this.checkAddress(ip, port, 'url-host', field, 'outbound', internal);
        return;
      }
    }
    if (this.domainIndex === null) return;
    const ref = this.scanDomain(text, s, e);
    if (ref < 0) return;
    const observed = s === 0 && e === text.length ? text : text.slice(s, e);
    this.hit(ref, field, observed, this.wholeName ? 'url-host' : 'parent-domain', 'outbound', internal);
  }

  private checkUrl(event: LogEvent, url: string, host: string | undefined, pathOnly: boolean): void {
    const hosts = this.urlHostIndex!;
    let candidates: string[];
    if (pathOnly) {
      if (host === undefined || !hostBounds(host, 0, host.length)) return;
      if (hosts.find(host, rangeStart, rangeEnd, hosts.hashOf(host, rangeStart, rangeEnd)) < 0) return;
      candidates = [`http://${host}${url}`, `https://${host}${url}`];
    } else {
      if (!urlHostRange(url) || !hostBounds(url, rangeStart, rangeEnd)) return;
      if (hosts.find(url, rangeStart, rangeEnd, hosts.hashOf(url, rangeStart, rangeEnd)) < 0) return;
      candidates = [url];
    }
    const index = this.urlIndex!;
    for (const candidate of candidates) {
      const normal = normaliseIndicator(candidate, 'url');
      if (!normal.ok) continue;
      const value = normal.indicator.value;
      const ref = index.find(value, 0, value.length, index.hashOf(value, 0, value.length));
      if (ref >= 0 && this.applicable(ref, pathOnly ? undefined : event.destinationPort)) {
        this.hit(
          ref,
          'url.original',
          url,
          'exact',
          pathOnly ? 'inbound' : 'outbound',
          pathOnly ? (event.destinationIp ?? host ?? null) : event.sourceIp,
        );
        return;
      }
    }
  }

  /**
   * The longest applicable domain indicator covering `text[start, end)`, or -1; sets
   * `wholeName` when it is the name itself. Walks the name backwards once (see compact-tables).
   */
  private scanDomain(text: string, start: number, end: number): number {
    const index = this.domainIndex!;
    if (end > start && text.charCodeAt(end - 1) === DOT) end--;
    if (end <= start || end - start > 253) return -1;
    const mask = this.labelMask;
    // hashStep/foldCase/HASH_SEED inlined: this loop runs over every character of every name.
    let hash = HASH_SEED | 0;
    let labels = 0;
    let best = -1;
    for (let i = end - 1; i >= start - 1; i--) {
      let c = i >= start ? text.charCodeAt(i) : DOT;
      if (c !== DOT) {
        if (c >= 65 && c <= 90) c += 32;
        hash = Math.imul(hash ^ c, 0x01000193);
        continue;
      }
      labels++;
      if (i + 1 < end && (mask & (1 << (labels < 31 ? labels : 31))) !== 0) {
        const ref = index.find(text, i + 1, end, hashFinish(hash));
        if (ref >= 0) {
          const whole = i + 1 === start;
          if ((whole || (this.meta[ref]! & TYPE_MASK) !== EXACT_DOMAIN) && this.applicable(ref, undefined)) {
            best = ref;
            this.wholeName = whole;
          }
        }
      }
      hash = Math.imul(hash ^ DOT, 0x01000193);
    }
    return best;
  }

  /** An address against exact address indicators, then networks (longest prefix first). */
  private checkAddress(
    ip: string,
    port: number | undefined,
    exactHow: MatchHow,
    field: MatchField,
    direction: MatchDirection,
    internal: string | null | undefined,
  ): void {
    const ref = this.findAddress(ip, port, exactHow);
    if (ref >= 0) this.hit(ref, field, ip, this.ipHow, direction, internal, this.ipMatched);
  }

  private findAddress(ip: string, port: number | undefined, exactHow: MatchHow): number {
    const s = this.ipScratch;
    const family = parseIpInto(ip, s);
    if (family === 0) return -1;
    if (family === 4 || (s[0] === 0 && s[1] === 0 && s[2] === 0xffff)) {
      if (!this.maybeListed4(family === 4 ? s[0]! >>> 0 : s[3]! >>> 0)) return -1;
      if (this.v4 !== null) {
        const ref = this.v4.find4(family === 4 ? s[0]! : s[3]!);
        if (ref >= 0 && this.applicable(ref, port)) return this.addressHit(ref, exactHow);
      }
    } else if (this.v6 !== null) {
      const ref = this.v6.find6(s[0]!, s[1]!, s[2]!, s[3]!);
      if (ref >= 0 && this.applicable(ref, port)) return this.addressHit(ref, exactHow);
    }
    if (this.networks.size === 0) return -1;
    const longest = this.networks.lookup(ip);
    if (longest === null) return -1;
    if (this.applicable(longest.value, port))
      return this.addressHit(longest.value, 'inside-cidr', longest.cidr);
    for (const m of this.networks.lookupAll(ip)) {
      if (m !== longest && this.applicable(m.value, port))
        return this.addressHit(m.value, 'inside-cidr', m.cidr);
    }
    return -1;
  }

  private addressHit(ref: number, how: MatchHow, matched?: string): number {
    this.ipHow = how;
    this.ipMatched = matched ?? this.store.text(ref);
    return ref;
  }

  private applicable(ref: number, port: number | undefined): boolean {
    if (port !== undefined) {
      const wanted = this.meta[ref]! >>> PORT_SHIFT;
      if (wanted !== 0 && wanted !== port) return false;
    }
    if (!this.strict) return true;
    let t = this.eventSeconds;
    if (Number.isNaN(t)) {
      const time = this.event?.time;
      t = time === undefined ? Number.NaN : isoSeconds(time);
      if (Number.isNaN(t)) t = this.nowSeconds;
      this.eventSeconds = t;
    }
    if (t >= this.words[ref * 4 + FROM]! && t < this.words[ref * 4 + UNTIL]!) return true;
    this.outsideValidity++;
    return false;
  }

  private hit(
    ref: number,
    field: MatchField,
    observed: string,
    how: MatchHow,
    direction: MatchDirection,
    internal: string | null | undefined,
    matched?: string,
  ): void {
    this.hitIndicator(
      ref,
      this.view(ref),
      field,
      observed,
      matched ?? this.store.text(ref),
      how,
      direction,
      internal,
    );
  }

  private hitIndicator(
    ref: number,
    indicator: DetectionIndicator,
    field: MatchField,
    observed: string,
    matched: string,
    how: MatchHow,
    direction: MatchDirection,
    internal: string | null | undefined,
  ): void {
    if (this.out === null) {
      this.out = [];
      this.outRefs.length = 0;
    } else if (this.outRefs.includes(ref)) {
      return;
    }
    this.outRefs.push(ref);
    this.out.push({
      event: this.event!,
      indicator,
      field,
      observed,
      matched,
      how,
      direction,
      internalHost: internal ?? null,
    });
  }

  /** The indicator behind a hit, as an object (cached: the same indicators tend to hit again). */
  private view(ref: number): DetectionIndicator {
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

// The host range of the last `urlHostRange` call (module scratch: matching is synchronous).
let rangeStart = 0;
let rangeEnd = 0;

/**
 * Finds the host (with any port) of a URL as logged: `scheme://[user@]host[:port]/…`, `//host/…`
 * or `host[:port]/…` (proxy CONNECT lines). Sets `rangeStart`/`rangeEnd`; false when there is none.
 */
function urlHostRange(url: string): boolean {
  let start = 0;
  const scheme = url.indexOf('://');
  if (scheme > 0 && scheme <= 10) {
    let letters = true;
    for (let i = 0; i < scheme; i++) {
      const c = url.charCodeAt(i) | 32;
      if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46))
        letters = false;
    }
    if (letters) start = scheme + 3;
  } else if (url.charCodeAt(0) === 47 && url.charCodeAt(1) === 47) {
    start = 2;
  }
  let end = start;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 47 || c === 63 || c === 35) break;
    end++;
  }
  const at = url.lastIndexOf('@', end - 1);
  if (at >= start) start = at + 1;
  if (end <= start) return false;
  rangeStart = start;
  rangeEnd = end;
  return true;
}

/**
 * Narrows `text[start, end)` from `host[:port]` or `[v6][:port]` to the bare host (a single colon
 * is a port; several mean an IPv6 address without brackets). Sets `rangeStart`/`rangeEnd`.
 */
function hostBounds(text: string, start: number, end: number): boolean {
  let s = start;
  let e = end;
  if (text.charCodeAt(s) === 91) {
    const close = text.indexOf(']', s);
    if (close < 0 || close > e) return false;
    s++;
    e = close;
  } else {
    const colon = text.indexOf(':', s);
    if (colon >= 0 && colon < e) {
      const second = text.indexOf(':', colon + 1);
      if (second < 0 || second >= e) e = colon;
    }
  }
  if (e > s && text.charCodeAt(e - 1) === DOT) e--;
  rangeStart = s;
  rangeEnd = e;
  return e > s;
}

/** The host of a canonical URL indicator, without brackets or port; null when there is none. */
function urlHost(url: string): string | null {
  if (!urlHostRange(url) || !hostBounds(url, rangeStart, rangeEnd)) return null;
  return url.slice(rangeStart, rangeEnd);
}
