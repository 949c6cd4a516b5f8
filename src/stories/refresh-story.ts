/**
 * Brings one story up to date with its member articles: profile (centroid, names, entities,
 * counts, first and last seen), rank with its breakdown, phase, embedding, and its rows in the
 * term index; marks it for the merge pass. Call it inside the transaction that changed the
 * story's membership. Returns the profile it stored; never enqueues anything.
 */
import type { Db } from "../store/db.ts";
import {
  listArticleEmbeddings,
  replaceStoryTerms,
  type StoryUpdate,
  type StoryVectors,
  saveStoryVectors,
  updateStory,
  updateStoryTerms,
} from "../store/stories.ts";
import { type CachedMember, ClusterCache, ClusterSession, type IndexedTerms } from "./cluster-cache.ts";
import { embeddingFromText, embeddingToText, meanEmbedding } from "./embeddings.ts";
import { profileStory, type StoryProfile } from "./profile-story.ts";
import { rankStory } from "./rank-story.ts";
import { storyPhase } from "./story-phase.ts";
import { roundVector, type TermVector, top, vectorToJson } from "./vectors.ts";

/**
 * A story's rows in the term index: its heaviest centroid terms and name words. Enough for an
 * article on the same event to share several with it; few enough that a join rewrites little.
 * Each row weighs 1: the lookup ranks candidates by the article's weights of the terms they
 * share, so a join that leaves the set of terms as it was writes nothing.
 */
export const INDEX_TERMS = 40;
export const INDEX_NAMES = 10;
/**
 * Index rows carry the story's last-seen time rounded up to this step (a superset of the window
 * for the lookup; the story's own times decide), so that they change a few times a day, not at
 * every join.
 */
export const INDEX_SEEN_STEP_HOURS = 6;

export interface RefreshOptions {
  /** The clustering transaction's session (its caches); without one the members are read. */
  session?: ClusterSession;
  /** The embeddings model in use: the story's embedding is the mean of its members' by this model. */
  embeddingModel?: string | undefined;
  /** The member just added and the story's article count before it, so members need not be read again. */
  added?: { member: CachedMember; previousCount: number };
}

export async function refreshStory(
  db: Db,
  storyId: number,
  now: Date,
  options: RefreshOptions = {},
): Promise<StoryProfile> {
  const session = options.session ?? new ClusterSession(db, new ClusterCache());
  const indexed = options.added ? session.entry(storyId, options.added.previousCount)?.indexed : undefined;
  const { facts, members } = await session.members(storyId, options.added?.previousCount, options.added?.member);
  const profile = profileStory(facts, members, now);
  const rank = rankStory(
    {
      sourceCount: profile.sourceCount,
      articleCount: profile.articleCount - profile.duplicateCount,
      duplicateCount: profile.duplicateCount,
      outletArticles: profile.outletArticles,
      lastSeenAt: profile.lastSeenAt,
      recentArticleCount: profile.recentArticleCount,
    },
    now,
  );
  const centroid = vectorToJson(profile.centroid);
  const names = vectorToJson(profile.names);
  const fields: StoryUpdate = {
    entities: JSON.stringify(profile.entities),
    article_count: profile.articleCount,
    duplicate_count: profile.duplicateCount,
    source_count: profile.sourceCount,
    first_seen_at: profile.firstSeenAt,
    last_seen_at: profile.lastSeenAt,
    score: rank.score,
    score_breakdown: JSON.stringify(rank.breakdown),
    phase: storyPhase(profile, now),
    merge_pending: 1,
    updated_at: now.toISOString(),
  };
  const vectors: StoryVectors = { centroid, names };
  let embedding: Float32Array | undefined;
  if (options.embeddingModel) {
    const stored = await listArticleEmbeddings(
      db,
      members.map((m) => m.id),
      options.embeddingModel,
    );
    embedding = meanEmbedding(members.flatMap((m) => (stored.has(m.id) ? [embeddingFromText(stored.get(m.id)!)] : [])));
    vectors.embedding = embedding ? { vector: embeddingToText(embedding), model: options.embeddingModel } : null;
  }
  await updateStory(db, storyId, fields);
  await saveStoryVectors(db, storyId, vectors);
  const index = { terms: indexTerms(profile.centroid, profile.names), seenAt: indexSeenAt(profile.lastSeenAt) };
  await writeIndex(db, storyId, indexed, index);
  // What a later read of the row would give: the stored (rounded) vectors.
  session.remember(storyId, {
    articleCount: profile.articleCount,
    centroid: roundVector(profile.centroid),
    names: roundVector(profile.names),
    embedding: embedding ? embeddingFromText(embeddingToText(embedding)) : undefined,
    embeddingModel: embedding ? (options.embeddingModel ?? null) : null,
    facts,
    members,
    indexed: index,
  });
  return profile;
}

/** Brings the story's index rows from what they hold (when known) to what they should. */
async function writeIndex(db: Db, storyId: number, was: IndexedTerms | undefined, now: IndexedTerms): Promise<void> {
  if (!was || was.seenAt !== now.seenAt) {
    await replaceStoryTerms(db, storyId, now.terms, now.seenAt);
    return;
  }
  const add = new Map([...now.terms].filter(([t]) => !was.terms.has(t)));
  const remove = [...was.terms.keys()].filter((t) => !now.terms.has(t));
  if (add.size > 0 || remove.length > 0) await updateStoryTerms(db, storyId, { add, remove, lastSeenAt: now.seenAt });
}

/** The last-seen time rounded up to the next INDEX_SEEN_STEP_HOURS boundary (UTC). */
export function indexSeenAt(lastSeenAt: string): string {
  const step = INDEX_SEEN_STEP_HOURS * 3_600_000;
  return new Date(Math.ceil(Date.parse(lastSeenAt) / step) * step).toISOString();
}

/** The terms a story is found by: top centroid terms and top name words, each weighing 1. */
export function indexTerms(centroid: TermVector, names: TermVector): Map<string, number> {
  const out = new Map<string, number>();
  for (const term of top(centroid, INDEX_TERMS).keys()) out.set(term, 1);
  for (const word of top(names, INDEX_NAMES).keys()) out.set(word, 1);
  return out;
}
