/**
 * A story's profile, computed from its member articles every time one joins: centroid (the
 * normalised sum of member vectors), the entities most members name, outlet and article counts,
 * first and last publication times, and recent articles. Recomputing from members instead of
 * patching the stored values keeps the profile exact and lets any step run twice. Pure.
 */
import { countRecent } from "./rank-story.ts";
import { centroid, type TermVector, vectorFromJson } from "./vectors.ts";

export interface ProfileMember {
  source_id: number;
  published_at: string;
  /** JSON term vector, as clustering stored it on the article. */
  terms: string;
  /** JSON array of entity keys, best first. */
  entities: string;
}

export interface StoryProfile {
  centroid: TermVector;
  entities: string[];
  articleCount: number;
  sourceCount: number;
  firstSeenAt: string;
  lastSeenAt: string;
  recentArticleCount: number;
}

/** Entities a story keeps: more than one article's worth, since members name different actors. */
export const MAX_STORY_ENTITIES = 20;

export function profileStory(members: readonly ProfileMember[], now: Date): StoryProfile {
  if (members.length === 0) throw new Error("profileStory: a story has at least one article");
  const times = members.map((m) => new Date(m.published_at).toISOString()).sort();
  return {
    centroid: centroid(members.map((m) => vectorFromJson(m.terms))),
    entities: storyEntities(members.map((m) => parseEntities(m.entities))),
    articleCount: members.length,
    sourceCount: new Set(members.map((m) => m.source_id)).size,
    firstSeenAt: times[0]!,
    lastSeenAt: times[times.length - 1]!,
    recentArticleCount: countRecent(times, now),
  };
}

/**
 * Entities named by the most members; ties go to the one ranked higher in its articles, then to
 * the one seen first. An entity of a single article counts too, so one-article stories keep theirs.
 */
function storyEntities(lists: readonly string[][]): string[] {
  const stats = new Map<string, { members: number; rank: number; order: number }>();
  let order = 0;
  for (const list of lists) {
    list.forEach((key, rank) => {
      const s = stats.get(key);
      if (s) {
        s.members++;
        s.rank += list.length - rank;
      } else {
        stats.set(key, { members: 1, rank: list.length - rank, order: order++ });
      }
    });
  }
  return [...stats]
    .sort((a, b) => b[1].members - a[1].members || b[1].rank - a[1].rank || a[1].order - b[1].order)
    .slice(0, MAX_STORY_ENTITIES)
    .map(([key]) => key);
}

function parseEntities(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? [...new Set(parsed.filter((e): e is string => typeof e === "string"))] : [];
}
