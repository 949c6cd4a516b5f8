/**
 * Where a story is in its life, from its first and last article and the time now. Pure.
 *
 *   fading      no new article for FADING_QUIET_HOURS
 *   breaking    first seen less than BREAKING_HOURS ago (and still getting articles)
 *   developing  first seen less than SUSTAINED_AFTER_HOURS ago
 *   sustained   older than that and still getting articles
 *
 * Re-computed whenever a story gains an article and when stories are re-ranked, so a story that
 * goes quiet turns to fading without a new article.
 */
import type { StoryPhase } from "../store/schema.ts";

export const BREAKING_HOURS = 6;
export const SUSTAINED_AFTER_HOURS = 48;
export const FADING_QUIET_HOURS = 24;

export function storyPhase(span: { firstSeenAt: string; lastSeenAt: string }, now: Date): StoryPhase {
  const first = Date.parse(span.firstSeenAt);
  const last = Date.parse(span.lastSeenAt);
  if (Number.isNaN(first) || Number.isNaN(last)) {
    throw new RangeError(`storyPhase: not a time: ${span.firstSeenAt} / ${span.lastSeenAt}`);
  }
  const hours = (ms: number) => Math.max(0, now.getTime() - ms) / 3_600_000;
  if (hours(last) >= FADING_QUIET_HOURS) return "fading";
  if (hours(first) < BREAKING_HOURS) return "breaking";
  if (hours(first) < SUSTAINED_AFTER_HOURS) return "developing";
  return "sustained";
}
