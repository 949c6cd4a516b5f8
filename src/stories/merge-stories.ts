/**
 * The merge pass: joins stories that are one event split in two, which incremental clustering
 * cannot avoid (the first articles of an event can differ more than later ones; an article
 * arrives before the story it belongs to has taken shape).
 *
 * In: the stories that changed since the pass last looked (merge_pending), compared with their
 * neighbours found through the term index inside the time window, never with every story.
 * Out: the merges made. Pairs are taken best first, so a story goes to its closest neighbour:
 *
 *   - a small story (at most SMALL_STORY original articles) merges at config mergeThreshold:
 *     it is one or a few articles that arrived before their event's story was clear;
 *   - two established stories merge only at ESTABLISHED_THRESHOLD: each has already turned away
 *     the other's articles many times, so only near-identical profiles are one event.
 *
 * A merge keeps everything reachable. The surviving story is the one with an analysis, else the
 * one with more outlets, then more articles, then the older. Every article of the absorbed
 * story moves to it (citations point at articles, which stay where they are in the store); the
 * absorbed row stays with merged_into set, keeping its slug and its analysis, which stays
 * readable and can point readers to the survivor; the survivor is re-profiled and, with enough
 * outlets, gets a write-analysis job so its analysis covers the joined articles. Running the
 * pass again changes nothing until a story changes.
 */
import type { Config } from "../config.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { Db } from "../store/db.ts";
import {
  findStory,
  listCandidateStories,
  listMergePendingStories,
  lockStoryIndex,
  markStoriesMergeChecked,
  markStoryMerged,
  moveStoryArticles,
  type StoryHead,
} from "../store/stories.ts";
import { LONG_STORY_MS, lookupTerms } from "./cluster-article.ts";
import { ClusterSession, cacheFor, guarded } from "./cluster-cache.ts";
import { embedderFor } from "./embeddings.ts";
import { refreshStory } from "./refresh-story.ts";
import { similarity } from "./similarity.ts";

export interface MergeDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: { cluster: Config["cluster"]; publish: Pick<Config["publish"], "minSources"> };
}

export interface Merge {
  survivor: number;
  absorbed: number;
  similarity: number;
}

export interface MergeResult {
  /** Stories compared (the changed ones). */
  checked: number;
  merges: Merge[];
}

/** Original articles up to which a story is small: it merges at the merge threshold. */
export const SMALL_STORY = 3;
/** Similarity two established stories need to merge. */
export const ESTABLISHED_THRESHOLD = 0.6;
/** Neighbours compared per story: the best by index overlap. */
const MAX_NEIGHBOURS = 25;
/** Changed stories compared per transaction (oldest first); a pass takes as many rounds as they need. */
const PENDING_PER_ROUND = 2000;
/** Rounds per pass at most, so a pass ends even while clustering keeps changing stories. */
const MAX_ROUNDS = 100;
const HOUR_MS = 3_600_000;

export async function mergeStories(deps: MergeDeps, options: { perRound?: number } = {}): Promise<MergeResult> {
  const perRound = options.perRound ?? PENDING_PER_ROUND;
  const total: MergeResult = { checked: 0, merges: [] };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const r = await mergeRound(deps, perRound);
    total.checked += r.checked;
    total.merges.push(...r.merges);
    if (r.checked < perRound) break;
  }
  return total;
}

/** One transaction: the oldest `limit` changed stories against their neighbours. */
async function mergeRound(deps: MergeDeps, limit: number): Promise<MergeResult> {
  const cache = cacheFor(deps.db);
  let session: ClusterSession | undefined;
  const result = await guarded(cache, () =>
    deps.db.transaction().execute(async (trx) => {
      await lockStoryIndex(trx);
      const scope = new ClusterSession(trx, cache);
      session = scope;
      const now = deps.clock.now();
      const model = embedderFor(deps.config.cluster.embeddings, deps.logger)?.model;
      const pending = await listMergePendingStories(trx, limit);

      const stories = new Map<number, StoryHead>();
      for (const story of pending) stories.set(story.id, story);
      // Stories compared with their neighbours as they are now: only these count as checked.
      const compared = new Set<number>();
      // Candidate pairs, best first once sorted; keyed "low:high" so a pair is held once.
      const pairs = new Map<string, { a: number; b: number; score: number }>();
      const addPairsOf = async (story: StoryHead) => {
        compared.add(story.id);
        for (const { other, score } of await neighbours(deps, scope, story, model)) {
          stories.set(other.id, other);
          const [a, b] = story.id < other.id ? [story.id, other.id] : [other.id, story.id];
          pairs.set(`${a}:${b}`, { a, b, score });
        }
      };
      for (const story of pending) await addPairsOf(story);

      const merges: Merge[] = [];
      const gone = new Set<number>();
      for (;;) {
        let best: { a: number; b: number; score: number } | undefined;
        for (const p of pairs.values()) {
          if (
            !best ||
            p.score > best.score ||
            (p.score === best.score && (p.a < best.a || (p.a === best.a && p.b < best.b)))
          ) {
            best = p;
          }
        }
        if (!best) break;
        const [survivor, absorbed] = order(stories.get(best.a)!, stories.get(best.b)!);
        await moveStoryArticles(trx, absorbed.id, survivor.id);
        await markStoryMerged(trx, absorbed.id, survivor.id, now.toISOString());
        scope.remember(absorbed.id, null);
        const profile = await refreshStory(trx, survivor.id, now, { session: scope, embeddingModel: model });
        if (profile.sourceCount >= deps.config.publish.minSources) await scope.queueAnalysis(survivor.id, now);
        merges.push({ survivor: survivor.id, absorbed: absorbed.id, similarity: round(best.score) });
        gone.add(absorbed.id);
        // Pairs with either side are stale: the survivor looks for neighbours again as it is now.
        for (const [key, p] of pairs) {
          if (p.a === survivor.id || p.b === survivor.id || p.a === absorbed.id || p.b === absorbed.id)
            pairs.delete(key);
        }
        const fresh = await findStory(trx, survivor.id);
        if (fresh) {
          stories.set(fresh.id, fresh);
          await addPairsOf(fresh);
        }
        for (const [key, p] of pairs) if (gone.has(p.a) || gone.has(p.b)) pairs.delete(key);
      }
      // Survivors were compared again after their last merge; a neighbour only seen from a
      // compared story waits for its own turn.
      await markStoriesMergeChecked(
        trx,
        [...compared].filter((id) => !gone.has(id)),
      );
      return { checked: pending.length, merges };
    }),
  );
  session?.committed();
  for (const m of result.merges) deps.logger.debug("stories merged", { ...m });
  return result;
}

/** The stories near this one that pass the merge rule, with their similarity. */
async function neighbours(
  deps: MergeDeps,
  session: ClusterSession,
  story: StoryHead,
  model: string | undefined,
): Promise<Array<{ other: StoryHead; score: number }>> {
  const self = (await session.comparables([story], model)).get(story.id);
  if (!self) return [];
  const window = deps.config.cluster.windowHours * HOUR_MS;
  // Document frequencies leave out of the lookup the terms every story has, as for articles.
  const stats = await session.termStats([...self.vector.keys(), ...self.names.keys()]);
  const candidates = await listCandidateStories(session.db, {
    since: new Date(Date.parse(story.first_seen_at) - window).toISOString(),
    until: new Date(Date.parse(story.last_seen_at) + window).toISOString(),
    latest: new Date(Date.parse(story.last_seen_at) + window + LONG_STORY_MS).toISOString(),
    terms: lookupTerms(self.vector, self.names, stats),
    limit: MAX_NEIGHBOURS,
    exclude: story.id,
  });
  const comparables = await session.comparables(
    candidates.map((c) => c.story),
    model,
  );
  const out: Array<{ other: StoryHead; score: number }> = [];
  for (const { story: other } of candidates) {
    const them = comparables.get(other.id);
    if (!them) continue;
    const { score } = similarity(self, them, { embeddingWeight: deps.config.cluster.embeddings?.weight });
    const smaller = Math.min(originals(story), originals(other));
    const needed = smaller <= SMALL_STORY ? deps.config.cluster.mergeThreshold : ESTABLISHED_THRESHOLD;
    if (score >= needed) out.push({ other, score });
  }
  return out;
}

/** [survivor, absorbed]: analysis first, then outlets, articles, age. */
function order(a: StoryHead, b: StoryHead): [StoryHead, StoryHead] {
  const key = (s: StoryHead) => [s.analysis_status === "written" ? 1 : 0, s.source_count, originals(s), -s.id];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i]! !== kb[i]!) return ka[i]! > kb[i]! ? [a, b] : [b, a];
  }
  return [a, b];
}

function originals(s: StoryHead): number {
  return s.article_count - s.duplicate_count;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
