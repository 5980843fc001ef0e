/**
 * Turns a feed's parsed items into one observation per distinct indicator: normalised, with the
 * source's defaults filled in and duplicates within the file merged. Pure; the importer stores
 * the result.
 */
import type { FeedItem, FeedRejection, IndicatorType, ThreatType } from '../model.js';
import { excerpt, threatTypes } from '../model.js';
import { normaliseIndicator } from '../normalise.js';

export interface SourceDefaults {
  threatType: ThreatType | null;
  family: string | null;
  confidence: number;
  expiryDays: number;
  /** added to every indicator of the source (e.g. the campaign tag) */
  tags?: string[];
}

export interface Observation {
  type: IndicatorType;
  value: string;
  exactDomain: boolean;
  threatType: ThreatType | null;
  family: string | null;
  confidence: number;
  tags: string[];
  firstSeen: string;
  lastSeen: string;
  /** when the feed states one; otherwise the importer applies the source's policy */
  expiresAt: string | null;
  description: string | null;
  port: number | null;
  line: number;
}

const knownThreatTypes = new Set<string>(threatTypes);

export function observationKey(type: string, value: string): string {
  return `${type}\u0000${value}`;
}

function isoOrNull(value: string | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** Free text from a feed, without control characters (PostgreSQL refuses NUL in text). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

function normaliseFamily(family: string | undefined | null): string | null {
  const text = family === undefined || family === null ? undefined : clean(family).toLowerCase();
  return text ? text.slice(0, 100) : null;
}

/** Collects observations; `add` returns a rejection when the item's value is unusable. */
export class ObservationSet {
  readonly byKey = new Map<string, Observation>();

  constructor(
    private readonly defaults: SourceDefaults,
    private readonly now: string,
  ) {}

  get size(): number {
    return this.byKey.size;
  }

  add(item: FeedItem): FeedRejection | null {
    const normalised = normaliseIndicator(item.value, item.type, { exactDomain: item.exactDomain === true });
    if (!normalised.ok) return { line: item.line, reason: normalised.reason, text: excerpt(item.value) };
    const { type, value, exactDomain } = normalised.indicator;
    const threatType =
      item.threatType && knownThreatTypes.has(item.threatType) ? item.threatType : this.defaults.threatType;
    const confidence = Math.max(0, Math.min(100, Math.round(item.confidence ?? this.defaults.confidence)));
    const firstSeen = isoOrNull(item.firstSeen) ?? this.now;
    const lastSeen = isoOrNull(item.lastSeen) ?? this.now;
    const observation: Observation = {
      type,
      value,
      exactDomain,
      threatType,
      family: normaliseFamily(item.family) ?? normaliseFamily(this.defaults.family),
      confidence,
      tags: [
        ...new Set(
          [...(item.tags ?? []), ...(this.defaults.tags ?? [])]
            .map((t) => clean(t).toLowerCase().slice(0, 100))
            .filter(Boolean),
        ),
      ]
        .sort()
        .slice(0, 50),
      firstSeen: firstSeen < lastSeen ? firstSeen : lastSeen,
      lastSeen: lastSeen > firstSeen ? lastSeen : firstSeen,
      expiresAt: isoOrNull(item.expiresAt),
      description: item.description === undefined ? null : clean(item.description).slice(0, 500) || null,
      port:
        item.port !== undefined && Number.isInteger(item.port) && item.port > 0 && item.port < 65536
          ? item.port
          : null,
      line: item.line,
    };
    const key = observationKey(type, value);
    const existing = this.byKey.get(key);
    this.byKey.set(key, existing ? mergeObservations(existing, observation) : observation);
    return null;
  }
}

/** The same indicator twice in one file: keep the strongest claim and the widest time span. */
export function mergeObservations(a: Observation, b: Observation): Observation {
  const stronger = b.confidence > a.confidence ? b : a;
  return {
    ...stronger,
    exactDomain: a.exactDomain && b.exactDomain,
    family: stronger.family ?? a.family ?? b.family,
    threatType: stronger.threatType ?? a.threatType ?? b.threatType,
    tags: [...new Set([...a.tags, ...b.tags])].sort().slice(0, 50),
    firstSeen: a.firstSeen < b.firstSeen ? a.firstSeen : b.firstSeen,
    lastSeen: a.lastSeen > b.lastSeen ? a.lastSeen : b.lastSeen,
    expiresAt:
      a.expiresAt === null || b.expiresAt === null
        ? (a.expiresAt ?? b.expiresAt)
        : a.expiresAt > b.expiresAt
          ? a.expiresAt
          : b.expiresAt,
    line: Math.min(a.line, b.line),
  };
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}
