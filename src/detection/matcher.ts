/**
 * The indicator matcher: which indicators a log event hits, and how. Pure and built for the hot
 * path — a miss allocates nothing, and a million indicators cost tens of bytes each (see
 * `indicator-table.ts`); `prefilter.ts` answers the same question on a raw line's bytes.
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
import type { IndicatorType, ThreatType } from '../intel/model.js';
import { normaliseIndicator } from '../intel/normalise.js';
import { parseIpInto } from '../net/ip.js';
import { HASH_SEED, hashFinish } from './compact-tables.js';
import {
  EXACT_DOMAIN,
  FROM,
  IndicatorTable,
  PORT_SHIFT,
  TYPE_MASK,
  UNTIL,
  type TableSnapshot,
} from './indicator-table.js';
import type { LogEvent } from './model.js';
import { chunkFilterFor, lineFilterFor, type ChunkFilter, type LineFilter } from './fast-path/index.js';
import { mightMatchBytes as prefilter } from './prefilter.js';
import { isoSeconds } from './time.js';
import { hostBounds, hostRange, urlHostRange } from './url-host.js';

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

/** A matcher as plain data for worker threads: its tables in shared memory, its options. */
export interface MatcherSnapshot {
  table: TableSnapshot;
  validity: 'strict' | 'ignore';
  nowSeconds: number;
  sinkholes: readonly (string | SinkholeNetwork)[];
}

const DOT = 46;
const NONE: readonly Detection[] = Object.freeze([]);
/** Constructor argument of {@link IndicatorMatcher.fromBatches}: indicators are added afterwards. */
const LATER: unique symbol = Symbol('later');

export class IndicatorMatcher {
  private table: IndicatorTable;
  private snapshot: MatcherSnapshot | null = null;
  private readonly strict: boolean;
  private readonly nowSeconds: number;
  private readonly sinkholes: readonly (string | SinkholeNetwork)[];
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

  constructor(
    indicators: Iterable<MatcherIndicator> | typeof LATER | TableSnapshot,
    options: MatcherOptions = {},
  ) {
    const expected = options.expectedCount ?? (Array.isArray(indicators) ? indicators.length : 0);
    this.sinkholes = options.sinkholes ?? [];
    this.table =
      indicators !== LATER && 'prefix16' in indicators
        ? IndicatorTable.restore(indicators, this.sinkholes)
        : new IndicatorTable(expected, this.sinkholes);
    this.strict = options.validity !== 'ignore';
    const now = options.now ?? Date.now();
    this.nowSeconds = Math.floor((typeof now === 'number' ? now : now.getTime()) / 1000);
    if (indicators === LATER || 'prefix16' in indicators) return;
    for (const indicator of indicators) this.table.add(indicator);
    this.table.finish();
  }

  /** Builds a matcher from batches that arrive asynchronously (database pages), one at a time. */
  static async fromBatches(
    batches: AsyncIterable<Iterable<MatcherIndicator>>,
    options: MatcherOptions = {},
  ): Promise<IndicatorMatcher> {
    const matcher = new IndicatorMatcher(LATER, options);
    for await (const batch of batches) for (const indicator of batch) matcher.table.add(indicator);
    matcher.table.finish();
    return matcher;
  }

  /**
   * This matcher as plain data whose tables sit in shared memory, for worker threads
   * ({@link fromSnapshot}): each reads the same tables in place instead of rebuilding them. Made
   * once; this matcher then reads the shared copy as well.
   */
  share(): MatcherSnapshot {
    if (this.snapshot !== null) return this.snapshot;
    this.snapshot = {
      table: this.table.share(),
      validity: this.strict ? 'strict' : 'ignore',
      nowSeconds: this.nowSeconds,
      sinkholes: this.sinkholes,
    };
    // From now on this thread reads the shared copy too, so the tables are held once.
    this.table = IndicatorTable.restore(this.snapshot.table, this.sinkholes);
    return this.snapshot;
  }

  /** A matcher over a {@link share}d snapshot: the same answers, no rebuilding. */
  static fromSnapshot(snapshot: MatcherSnapshot): IndicatorMatcher {
    return new IndicatorMatcher(snapshot.table, {
      validity: snapshot.validity,
      now: snapshot.nowSeconds * 1000,
      sinkholes: snapshot.sinkholes,
    });
  }

  get stats(): MatcherStats {
    return this.table.stats;
  }

  /** Bytes held by the compact tables (the IPv6 network trie and the interned names are not counted). */
  get byteLength(): number {
    return this.table.byteLength;
  }

  /**
   * Whether a raw log line could hold a value that hits an indicator: the prefilter (see
   * `prefilter.ts`), sound for formats that write names and addresses verbatim.
   */
  mightMatchBytes(bytes: Uint8Array, start: number, end: number): boolean {
    return prefilter(this.table, bytes, start, end);
  }

  /**
   * The raw-line test for lines of one format the prefilter is sound for: the format's byte-level
   * fast path (`fast-path/`) when it has one and `fast` is set, else the prefilter.
   */
  lineFilter(formatId: string, fast = true): LineFilter {
    return lineFilterFor(this.table, formatId, fast);
  }

  /**
   * The whole-chunk reader for lines of one format (see `fast-path/kernel/`), or null when the
   * format has none: lines it flags still go through {@link lineFilter}.
   */
  chunkFilter(formatId: string, fast = true): ChunkFilter | null {
    return chunkFilterFor(this.table, formatId, fast);
  }

  /**
   * The indicators an event hits: new detection objects on every call (callers may add an
   * `origin`), in a shared empty array when there is none (treat the array as read-only).
   */
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
    if (this.table.domainIndex !== null && name.length > 0) {
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
    if (answers !== undefined && this.table.sinkholeList.length > 0) {
      for (const answer of answers) {
        const m = this.table.sinkholes.lookup(answer);
        if (m === null) continue;
        this.hitIndicator(
          -1 - m.value,
          this.table.sinkholeList[m.value]!,
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
    if (url !== undefined && url.length > 0 && this.table.urlIndex !== null)
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
      this.checkHost(url, hostRange.start, hostRange.end, port, 'url.original', event.sourceIp);
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
    const s = hostRange.start;
    const e = hostRange.end;
    const last = text.charCodeAt(e - 1);
    // A name's last label is never all digits, and only an IPv6 address keeps a colon here.
    const colon = text.indexOf(':', s);
    const numeric = (last >= 48 && last <= 57) || (colon >= 0 && colon < e);
    if (
      numeric &&
      (this.table.v4 !== null ||
        this.table.v6 !== null ||
        this.table.network4.length > 0 ||
        this.table.networks6.size > 0)
    ) {
      const ip = s === 0 && e === text.length ? text : text.slice(s, e);
      if (parseIpInto(ip, this.ipScratch) !== 0) {
        this.checkAddress(ip, port, 'url-host', field, 'outbound', internal);
        return;
      }
    }
    if (this.table.domainIndex === null) return;
    const ref = this.scanDomain(text, s, e);
    if (ref < 0) return;
    const observed = s === 0 && e === text.length ? text : text.slice(s, e);
    this.hit(ref, field, observed, this.wholeName ? 'url-host' : 'parent-domain', 'outbound', internal);
  }

  private checkUrl(event: LogEvent, url: string, host: string | undefined, pathOnly: boolean): void {
    const hosts = this.table.urlHostIndex!;
    let candidates: string[];
    if (pathOnly) {
      if (host === undefined || !hostBounds(host, 0, host.length)) return;
      if (
        hosts.find(host, hostRange.start, hostRange.end, hosts.hashOf(host, hostRange.start, hostRange.end)) <
        0
      )
        return;
      candidates = [`http://${host}${url}`, `https://${host}${url}`];
    } else {
      if (!urlHostRange(url) || !hostBounds(url, hostRange.start, hostRange.end)) return;
      if (
        hosts.find(url, hostRange.start, hostRange.end, hosts.hashOf(url, hostRange.start, hostRange.end)) < 0
      )
        return;
      candidates = [url];
    }
    const index = this.table.urlIndex!;
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
    const index = this.table.domainIndex!;
    if (end > start && text.charCodeAt(end - 1) === DOT) end--;
    if (end <= start || end - start > 253) return -1;
    const mask = this.table.labelMask;
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
          if (
            (whole || (this.table.meta[ref]! & TYPE_MASK) !== EXACT_DOMAIN) &&
            this.applicable(ref, undefined)
          ) {
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
      // IPv4, or IPv4-mapped IPv6 (as dual-stack sockets report it), which counts as IPv4.
      const key = family === 4 ? s[0]! : s[3]!;
      if (!this.table.maybeListed4(key >>> 0)) return -1;
      if (this.table.v4 !== null) {
        const ref = this.table.v4.find4(key);
        if (ref >= 0 && this.applicable(ref, port)) return this.addressHit(ref, exactHow);
      }
      // Longest prefix first; a network whose window or port rules the event out gives way to a
      // shorter one.
      for (const { length, index } of this.table.network4) {
        const ref = index.find4(length === 0 ? 0 : key & (-1 << (32 - length)));
        if (ref >= 0 && this.applicable(ref, port)) return this.addressHit(ref, 'inside-cidr');
      }
      return -1;
    }
    if (this.table.v6 !== null) {
      const ref = this.table.v6.find6(s[0]!, s[1]!, s[2]!, s[3]!);
      if (ref >= 0 && this.applicable(ref, port)) return this.addressHit(ref, exactHow);
    }
    if (this.table.networks6.size === 0) return -1;
    const longest = this.table.networks6.lookup(ip);
    if (longest === null) return -1;
    if (this.applicable(longest.value, port)) return this.addressHit(longest.value, 'inside-cidr');
    for (const m of this.table.networks6.lookupAll(ip)) {
      if (m !== longest && this.applicable(m.value, port)) return this.addressHit(m.value, 'inside-cidr');
    }
    return -1;
  }

  private addressHit(ref: number, how: MatchHow): number {
    this.ipHow = how;
    this.ipMatched = this.table.store.text(ref);
    return ref;
  }

  private applicable(ref: number, port: number | undefined): boolean {
    if (port !== undefined) {
      const wanted = this.table.meta[ref]! >>> PORT_SHIFT;
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
    if (t >= this.table.words[ref * 4 + FROM]! && t < this.table.words[ref * 4 + UNTIL]!) return true;
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
      this.table.view(ref),
      field,
      observed,
      matched ?? this.table.store.text(ref),
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
}
