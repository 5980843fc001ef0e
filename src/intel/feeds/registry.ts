/**
 * Every feed format lamsach reads, and format detection: the most confident detector wins, and
 * when no detector is sure enough, the answer says which formats came closest instead of guessing.
 */
import type { FeedFormatDefinition, FeedSample } from './format.js';
import { structuredFormats } from './structured/index.js';
import { textFormats } from './text/index.js';

export const feedFormats: readonly FeedFormatDefinition[] = [...textFormats, ...structuredFormats];

const byId = new Map(feedFormats.map((f) => [f.id, f]));

export function feedFormat(id: string): FeedFormatDefinition | undefined {
  return byId.get(id);
}

export type Detection =
  | { ok: true; format: FeedFormatDefinition; score: number; runnersUp: { id: string; score: number }[] }
  | { ok: false; reason: string; candidates: { id: string; score: number }[] };

/** Below this, a detection is a guess and is refused. */
const minimumScore = 0.15;

export function detectFeedFormat(sample: FeedSample): Detection {
  const scored = feedFormats
    .map((format) => {
      let score = 0;
      try {
        score = format.detect(sample);
      } catch {
        score = 0;
      }
      return { format, score: Number.isFinite(score) ? score : 0 };
    })
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  const candidates = scored
    .slice(0, 3)
    .filter((s) => s.score > 0)
    .map((s) => ({ id: s.format.id, score: Math.round(s.score * 100) / 100 }));
  if (!best || best.score < minimumScore) {
    const looked =
      sample.lines.find((l) => l.trim() !== '' && !l.startsWith('#'))?.slice(0, 80) ?? '(no content)';
    return {
      ok: false,
      reason: `cannot tell the feed format${sample.name ? ` of ${sample.name}` : ''} (first data line: "${looked}"); give it with --format (one of ${feedFormats.map((f) => f.id).join(', ')})`,
      candidates,
    };
  }
  const second = scored[1];
  if (second && second.score >= best.score && best.score < 0.9) {
    return {
      ok: false,
      reason: `the feed could be ${best.format.id} or ${second.format.id}; give the format with --format`,
      candidates,
    };
  }
  return { ok: true, format: best.format, score: best.score, runnersUp: candidates.slice(1) };
}
