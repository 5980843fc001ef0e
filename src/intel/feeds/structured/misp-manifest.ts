/**
 * `misp-manifest`: a MISP feed's `manifest.json` (event UUID → {info, Tag, timestamp…}). It lists
 * events, not indicators, so the parser imports nothing and says why; {@link mispManifestEventIds}
 * gives the feed fetcher the `<uuid>.json` event files to download and import as `misp-event`.
 */
import type { FeedSink } from '../../model.js';
import type { FeedFormatDefinition, FeedSample } from '../format.js';
import { isRecord, jsonExcerpt, sampleName, sampleText } from './common.js';
import { createJsonInput } from './json-input.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function manifestIds(value: unknown): string[] {
  if (!isRecord(value)) return [];
  // Only UUID keys: the fetcher builds `<uuid>.json` URLs from them, so nothing else may pass.
  return Object.keys(value).filter((key) => uuidPattern.test(key) && isRecord(value[key]));
}

/**
 * Event UUIDs listed by a MISP feed `manifest.json`, in file order; the fetcher downloads
 * `<uuid>.json` beside the manifest for each. Returns [] for anything that is not a manifest.
 */
export function mispManifestEventIds(text: string): string[] {
  try {
    return manifestIds(JSON.parse(text) as unknown);
  } catch {
    return [];
  }
}

function handleManifest(value: unknown, sink: FeedSink): void {
  const ids = manifestIds(value);
  const reason =
    ids.length > 0
      ? `this is a MISP feed manifest listing ${ids.length} event(s), not indicators; each event must be fetched as <uuid>.json from the same location and imported as misp-event`
      : 'expected a MISP feed manifest (an object keyed by event UUID) but found no event entries';
  sink.reject({ line: 1, reason, text: jsonExcerpt(ids.slice(0, 5)) });
}

function detectManifest(sample: FeedSample): number {
  const text = sampleText(sample);
  const shaped =
    /^\s*\{\s*"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"\s*:\s*\{/i.test(text) &&
    /"info"\s*:/.test(text) &&
    !/"Attribute"\s*:/.test(text);
  const named = sampleName(sample) === 'manifest.json';
  if (shaped) return named ? 1 : 0.9;
  return named ? 0.6 : 0;
}

export const mispManifestFormat: FeedFormatDefinition = {
  id: 'misp-manifest',
  title: 'MISP feed manifest.json (lists events to fetch; holds no indicators)',
  create: () => createJsonInput({ jsonLines: false, handle: (v, _origin, sink) => handleManifest(v, sink) }),
  detect: detectManifest,
};
