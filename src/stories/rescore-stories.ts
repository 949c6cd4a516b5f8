/**
 * Re-ranks recent stories as time passes. A story's score decays from its last article, but the
 * stored score is only recomputed when an article joins, so a schedule should call this (hourly
 * is plenty) to keep `listStories` in freshness order. In: stories seen since `since` (default a
 * week: seven half-lives, below 1% of any score). Out: how many were updated.
 */
import type { Clock } from "../lib/clock.ts";
import type { Db } from "../store/db.ts";
import { countRecentArticlesByStory, listStoriesSeenSince, updateStory } from "../store/stories.ts";
import { rankStory, VELOCITY_HOURS } from "./rank-story.ts";

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
    const rank = rankStory(
      {
        sourceCount: story.source_count,
        articleCount: story.article_count,
        lastSeenAt: story.last_seen_at,
        recentArticleCount: recent.get(story.id) ?? 0,
      },
      now,
    );
    // The score only, not updated_at: nothing about the story's content changed.
    await updateStory(deps.db, story.id, { score: rank.score, score_breakdown: JSON.stringify(rank.breakdown) });
  }
  return stories.length;
}
