/**
 * cluster-article(articleId): puts one stored article into a story, joining the most similar
 * story of its time window or starting a new one, then re-profiles and re-ranks that story.
 *
 * In: an article id. Out: the story it went to, whether it joined (false = started a story) and
 * the similarity behind the decision. In the same transaction it stores the article's vector and
 * entities, the decision, the story, the term index, and, once the story has enough outlets, a
 * `write-analysis {storyId}` job (one per story while queued).
 *
 * It never moves an article that is already clustered (running twice returns the first answer
 * and changes nothing) and never reads stories outside the window. Same articles in the same
 * order give the same stories: every tie is broken by id or term.
 *
 * clusterPending (`prism cluster`) runs it over every pending article, oldest published first
 * (the order the pipeline would have seen them), one transaction per article so a crash loses
 * nothing already done.
 */
import type { Config } from "../config.ts";
import { slugify } from "../domain/slug.ts";
import type { Clock } from "../lib/clock.ts";
import { NotFoundError } from "../lib/errors.ts";
import type { Logger } from "../lib/logger.ts";
import type { Db } from "../store/db.ts";
import { insertJob } from "../store/jobs.ts";
import {
  countPendingArticles,
  findArticleToCluster,
  findClusterDecision,
  insertClusterDecision,
  insertStory,
  listCandidateStories,
  listPendingArticleIds,
  listTermStats,
  lockStoryIndex,
  markArticleClustered,
  updateTermStats,
} from "../store/stories.ts";
import { extractEntities } from "./entities.ts";
import { refreshStory } from "./refresh-story.ts";
import { similarity } from "./similarity.ts";
import { termCounts, top, vectorFromJson, vectorToJson, weighTerms } from "./vectors.ts";

export interface ClusterDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: { cluster: Config["cluster"]; publish: Pick<Config["publish"], "minSources"> };
}

export interface ClusterResult {
  articleId: number;
  storyId: number;
  /** False when the article started the story. */
  joined: boolean;
  /** To the story joined; when starting one, to the closest candidate (0 if there was none). */
  similarity: number;
}

// The article's heaviest terms look up candidates: enough to find every story that shares its
// subject, few enough for one small index query.
const CANDIDATE_TERMS = 40;
// Stories compared in full: the best by term overlap, which is most of the similarity.
const MAX_CANDIDATES = 25;
const HOUR_MS = 3_600_000;

export async function clusterArticle(deps: ClusterDeps, articleId: number): Promise<ClusterResult> {
  const { db, clock, logger, config } = deps;
  const result = await inTransaction(db, async (trx) => {
    await lockStoryIndex(trx);
    const article = await findArticleToCluster(trx, articleId);
    if (!article) throw new NotFoundError(`article ${articleId} not found`);
    if (article.cluster_status === "clustered" && article.story_id !== null) {
      const decision = await findClusterDecision(trx, articleId);
      return {
        articleId,
        storyId: article.story_id,
        joined: decision ? decision.joined === 1 : true,
        similarity: decision?.similarity ?? 0,
      };
    }

    const counts = termCounts(article.title, article.text);
    const vector = weighTerms(counts, await listTermStats(trx, counts.keys()));
    const entities = extractEntities(article.title, article.text);

    // Stories whose span of articles comes within the window of this article's time.
    const published = Date.parse(article.published_at);
    const window = config.cluster.windowHours * HOUR_MS;
    const candidates = await listCandidateStories(trx, {
      since: new Date(published - window).toISOString(),
      until: new Date(published + window).toISOString(),
      terms: top(vector, CANDIDATE_TERMS),
      limit: MAX_CANDIDATES,
    });
    let best: { storyId: number; similarity: number } | undefined;
    for (const { story } of candidates) {
      const s = similarity(
        { vector, entities },
        { vector: vectorFromJson(story.centroid), entities: JSON.parse(story.entities) as string[] },
      );
      if (!best || s > best.similarity || (s === best.similarity && story.id < best.storyId)) {
        best = { storyId: story.id, similarity: s };
      }
    }

    const now = clock.now();
    const target = best && best.similarity >= config.cluster.threshold ? best : undefined;
    const storyId =
      target?.storyId ??
      (
        await insertStory(trx, {
          slug: slugify(article.title),
          title: article.title,
          firstSeenAt: article.published_at,
          lastSeenAt: article.published_at,
          now: now.toISOString(),
        })
      ).id;
    const joined = target !== undefined;
    const closest = round(best?.similarity ?? 0);

    await markArticleClustered(trx, articleId, {
      storyId,
      terms: vectorToJson(vector),
      entities: JSON.stringify(entities),
    });
    await updateTermStats(trx, counts.keys());
    await insertClusterDecision(trx, {
      article_id: articleId,
      story_id: storyId,
      joined: joined ? 1 : 0,
      similarity: closest,
      candidates: candidates.length,
      decided_at: now.toISOString(),
    });
    const profile = await refreshStory(trx, storyId, now);
    if (profile.sourceCount >= config.publish.minSources) {
      await insertJob(trx, { name: "write-analysis", payload: { storyId }, key: `write-analysis:${storyId}` }, now);
    }
    return { articleId, storyId, joined, similarity: closest };
  });
  logger.debug(result.joined ? "article joined story" : "article started story", { ...result });
  return result;
}

export interface ClusterProgress {
  done: number;
  /** Pending when the run started; articles stored meanwhile are clustered too. */
  total: number;
  result: ClusterResult;
}

export interface ClusterPendingOptions {
  onProgress?: (progress: ClusterProgress) => void;
}

const PENDING_BATCH = 200;

/** Clusters every pending article; returns how many it clustered and how many stories they started. */
export async function clusterPending(
  deps: ClusterDeps,
  options: ClusterPendingOptions = {},
): Promise<{ clustered: number; storiesCreated: number }> {
  const total = await countPendingArticles(deps.db);
  let clustered = 0;
  let storiesCreated = 0;
  // An id seen twice means clustering left it pending; stop rather than loop on it.
  const seen = new Set<number>();
  for (;;) {
    const fresh = (await listPendingArticleIds(deps.db, PENDING_BATCH)).filter((id) => !seen.has(id));
    if (fresh.length === 0) break;
    for (const id of fresh) {
      seen.add(id);
      const result = await clusterArticle(deps, id);
      clustered++;
      if (!result.joined) storiesCreated++;
      options.onProgress?.({ done: clustered, total: Math.max(total, clustered), result });
    }
  }
  return { clustered, storiesCreated };
}

/** Runs `fn` in a transaction, or inside the caller's when `db` already is one. */
function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
