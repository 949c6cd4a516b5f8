/**
 * Brings one story up to date with its member articles: profile (centroid, entities, counts,
 * first and last seen), rank, and its rows in the term index. Call it inside the transaction
 * that changed the story's membership. Returns the profile it stored; never enqueues anything.
 */
import type { Db } from "../store/db.ts";
import { listStoryMembers, replaceStoryTerms, updateStory } from "../store/stories.ts";
import { profileStory, type StoryProfile } from "./profile-story.ts";
import { rankStory } from "./rank-story.ts";
import { vectorToJson } from "./vectors.ts";

export async function refreshStory(db: Db, storyId: number, now: Date): Promise<StoryProfile> {
  const profile = profileStory(await listStoryMembers(db, storyId), now);
  const rank = rankStory(
    {
      sourceCount: profile.sourceCount,
      articleCount: profile.articleCount,
      lastSeenAt: profile.lastSeenAt,
      recentArticleCount: profile.recentArticleCount,
    },
    now,
  );
  await updateStory(db, storyId, {
    centroid: vectorToJson(profile.centroid),
    entities: JSON.stringify(profile.entities),
    article_count: profile.articleCount,
    source_count: profile.sourceCount,
    first_seen_at: profile.firstSeenAt,
    last_seen_at: profile.lastSeenAt,
    score: rank.score,
    score_breakdown: JSON.stringify(rank.breakdown),
    updated_at: now.toISOString(),
  });
  await replaceStoryTerms(db, storyId, profile.centroid, profile.lastSeenAt);
  return profile;
}
