/**
 * A story's profile, computed from its member articles every time one joins: centroid and
 * names (the normalised sums of member vectors), the entities most members name, counts of
 * outlets, original articles and near-duplicates, first and last publication times, and the
 * recent articles. Recomputing from members instead of patching stored values keeps the
 * profile exact and lets any step run twice. Pure.
 *
 * Near-duplicates (duplicate_of set) count in article and duplicate counts and in the time span,
 * never as outlets, recent articles or vectors: a syndicated copy adds no independent reporting.
 * The vectors come from the newest members only (the caller passes at most PROFILE_MEMBERS), so
 * the cost of a join stays flat however long a story runs, and a long story's centroid follows
 * where it is now.
 */
import { countRecent } from "./rank-story.ts";
import { centroid, MAX_NAME_TERMS, type TermVector } from "./vectors.ts";

/** Newest original members whose vectors make a story's centroid. */
export const PROFILE_MEMBERS = 50;

/** One member's facts: every member of the story. */
export interface MemberFact {
  source_id: number;
  published_at: string;
  duplicate_of: number | null;
}

/** One member's vectors: the newest original members (or any members when none is original). */
export interface MemberVectors {
  terms: TermVector;
  names: TermVector;
  /** Entity keys, best first. */
  entities: readonly string[];
}

export interface StoryProfile {
  centroid: TermVector;
  names: TermVector;
  entities: string[];
  /** Every member, near-duplicates included. */
  articleCount: number;
  duplicateCount: number;
  /** Distinct outlets among original articles. */
  sourceCount: number;
  /** Original articles per outlet, by source id ascending. */
  outletArticles: number[];
  firstSeenAt: string;
  lastSeenAt: string;
  /** Original articles in the last VELOCITY_HOURS. */
  recentArticleCount: number;
}

/** Entities a story keeps: more than one article's worth, since members name different actors. */
export const MAX_STORY_ENTITIES = 20;

export function profileStory(facts: readonly MemberFact[], vectors: readonly MemberVectors[], now: Date): StoryProfile {
  if (facts.length === 0) throw new Error("profileStory: a story has at least one article");
  const times = facts.map((m) => new Date(m.published_at).toISOString()).sort();
  const originals = facts.filter((m) => m.duplicate_of === null);
  const perOutlet = new Map<number, number>();
  for (const m of originals) perOutlet.set(m.source_id, (perOutlet.get(m.source_id) ?? 0) + 1);
  return {
    centroid: centroid(vectors.map((m) => m.terms)),
    names: centroid(
      vectors.map((m) => m.names),
      MAX_NAME_TERMS,
    ),
    entities: storyEntities(vectors.map((m) => [...new Set(m.entities)])),
    articleCount: facts.length,
    duplicateCount: facts.length - originals.length,
    sourceCount: perOutlet.size,
    outletArticles: [...perOutlet].sort((a, b) => a[0] - b[0]).map(([, n]) => n),
    firstSeenAt: times[0]!,
    lastSeenAt: times[times.length - 1]!,
    recentArticleCount: countRecent(
      originals.map((m) => m.published_at),
      now,
    ),
  };
}

/**
 * Entities named by the most members; ties go to the one ranked higher in its articles, then to
 * the one seen first. An entity of a single article counts too, so one-article stories keep theirs.
 */
function storyEntities(lists: ReadonlyArray<readonly string[]>): string[] {
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
