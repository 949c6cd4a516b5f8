/**
 * Re-ranks recent stories as time passes. A story's score decays from its last article and its
 * phase turns to fading when it goes quiet, but both are only recomputed when an article joins,
 * so a schedule should call this (hourly is plenty) to keep `listStories` in order and phases
 * true. In: stories seen since `since` (default a week: seven half-lives, below 1% of any
 * score), merged ones left out. Out: how many were updated.
 */
import type { Clock } from "../lib/clock.ts";
import type { Db } from "../store/db.ts";
import { countRecentArticlesByStory, listStoriesSeenSince, updateStory } from "../store/stories.ts";
import { rankStory, VELOCITY_HOURS } from "./rank-story.ts";
import { storyPhase } from "./story-phase.ts";

export interface RescoreDeps {
  db: Db;
  clock: Clock;
}

const WEEK_MS = 7 * 24 * 3_600_000;

export async function rescoreStories(deps: RescoreDeps, options: { since?: Date } = {}): Promise<number> {
  const now = deps.clock.now();
  const since = options.since ?? new Date(now.getTime() - WEEK_MS);
  const stories = await listStoriesSeenSince(deps.db, since.toISOString());
  const recent = await countRecentArticlesByStory(
    deps.db,
    stories.map((s) => s.id),
    new Date(now.getTime() - VELOCITY_HOURS * 3_600_000).toISOString(),
  );
  for (const story of stories) {
    const stored = JSON.parse(story.score_breakdown) as { evenness?: unknown };
    const rank = rankStory(
      {
        sourceCount: story.source_count,
        articleCount: story.article_count - story.duplicate_count,
        duplicateCount: story.duplicate_count,
        ...(typeof stored.evenness === "number" ? { evenness: stored.evenness } : {}),
        lastSeenAt: story.last_seen_at,
        recentArticleCount: recent.get(story.id) ?? 0,
      },
      now,
    );
    // Score and phase only, not updated_at: nothing about the story's content changed.
    await updateStory(deps.db, story.id, {
      score: rank.score,
      score_breakdown: JSON.stringify(rank.breakdown),
      phase: storyPhase({ firstSeenAt: story.first_seen_at, lastSeenAt: story.last_seen_at }, now),
    });
  }
  return stories.length;
}
