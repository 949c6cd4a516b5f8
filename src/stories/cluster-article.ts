/**
 * cluster-article(articleId): puts one stored article into a story, joining the most similar
 * story of its time window or starting a new one, then re-profiles and re-ranks that story.
 *
 * In: an article id. Out: the story it went to, whether it joined (false = started a story) and
 * the similarity behind the decision. In the same transaction it stores the article's vectors
 * and entities, the decision with its parts, the story, the term index, and, once the story has
 * enough independent outlets, a `write-analysis {storyId}` job (one per story while queued).
 *
 * Candidates come from the term index (the article's heaviest terms and name words, inside the
 * window), never from a scan of stories, so the cost of an article does not grow with the store.
 * A near-duplicate (duplicate_of set by ingest) goes straight to the story of the article it
 * copies and adds nothing to the document frequencies: a copy is not new evidence.
 *
 * It never moves an article that is already clustered (running twice returns the first answer
 * and changes nothing) and never reads stories outside the window. Same articles in the same
 * order give the same stories, whether clustered one job at a time or in batches: every tie is
 * broken by id or term. The embeddings provider, when configured, is called before the
 * transaction; when it fails the decision is lexical.
 *
 * clusterPending (`prism cluster`) runs the same decision over every pending article, oldest
 * published first (the order the pipeline would have seen them), a batch per transaction so a
 * crash loses at most one batch, which the next run redoes.
 */
import type { Config } from "../config.ts";
import { slugify } from "../domain/slug.ts";
import type { Clock } from "../lib/clock.ts";
import { NotFoundError } from "../lib/errors.ts";
import type { Logger } from "../lib/logger.ts";
import { tokenize } from "../lib/text.ts";
import type { Db } from "../store/db.ts";
import {
  type ArticleToCluster,
  countPendingArticles,
  findArticleToCluster,
  findClusterDecision,
  findCurrentStoryOfArticle,
  insertArticleEmbedding,
  insertStory,
  listArticlesToCluster,
  listCandidateStories,
  listPendingArticleIds,
  lockStoryIndex,
  markArticleClustered,
} from "../store/stories.ts";
import { ClusterSession, cacheFor, guarded } from "./cluster-cache.ts";
import { type Embedder, embedderFor, embeddingText, embeddingToText } from "./embeddings.ts";
import { countEntities, MAX_ARTICLE_ENTITIES } from "./entities.ts";
import { refreshStory } from "./refresh-story.ts";
import { type Comparable, type Similarity, similarity } from "./similarity.ts";
import {
  roundVector,
  type TermStats,
  type TermVector,
  termCounts,
  top,
  vectorToJson,
  weighNames,
  weighTerms,
} from "./vectors.ts";

export interface ClusterDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: { cluster: Config["cluster"]; publish: Pick<Config["publish"], "minSources"> };
  /** The embeddings provider; by default the one `config.cluster.embeddings` describes, if any. */
  embedder?: Embedder | undefined;
}

export interface ClusterResult {
  articleId: number;
  storyId: number;
  /** False when the article started the story. */
  joined: boolean;
  /** To the story joined; when starting one, to the closest candidate (0 if there was none). */
  similarity: number;
  /** Set when the article is a near-duplicate that went to the story of the article it copies. */
  duplicateOf?: number;
}

// The article's heaviest terms and name words look up candidates: enough to find every story
// that shares its subject, few enough for one small index query.
const CANDIDATE_TERMS = 40;
const CANDIDATE_NAMES = 10;
// Terms in more than this share of all documents are left out of the lookup once the store has
// LOOKUP_MIN_DOCUMENTS: every story has them, so they would read most of the window's index rows
// for no information (their IDF is near its floor anyway).
const LOOKUP_MAX_DF_SHARE = 0.05;
const LOOKUP_MIN_DOCUMENTS = 1000;
// A candidate's last article is at most this long after the window: longer-running stories that
// began before the window are left out when old articles are clustered late. Far longer than
// news stories run without a pause, and irrelevant to articles clustered as they arrive.
export const LONG_STORY_MS = 14 * 24 * 3_600_000;
// Stories compared in full: the best by term overlap, which is most of the similarity.
const MAX_CANDIDATES = 15;
const HOUR_MS = 3_600_000;

export async function clusterArticle(deps: ClusterDeps, articleId: number): Promise<ClusterResult> {
  const before = await findArticleToCluster(deps.db, articleId);
  if (!before) throw new NotFoundError(`article ${articleId} not found`);
  if (before.cluster_status === "clustered" && before.story_id !== null) return storedAnswer(deps.db, before);

  const embeddings = await embed(deps, [before]);
  const cache = cacheFor(deps.db);
  let session: ClusterSession | undefined;
  const result = await guarded(cache, () =>
    inTransaction(deps.db, async (trx) => {
      await lockStoryIndex(trx);
      const article = await findArticleToCluster(trx, articleId);
      if (!article) throw new NotFoundError(`article ${articleId} not found`);
      // Clustered meanwhile by another worker: its answer stands.
      if (article.cluster_status === "clustered" && article.story_id !== null) return storedAnswer(trx, article);
      session = new ClusterSession(trx, cache);
      const placed = await place(deps, session, article, embeddings.get(articleId));
      await session.flush();
      log(deps.logger, placed);
      return placed;
    }),
  );
  session?.committed();
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
  /** Articles per transaction. */
  batch?: number;
}

const PENDING_BATCH = 500;

/** Clusters every pending article; returns how many it clustered and how many stories they started. */
export async function clusterPending(
  deps: ClusterDeps,
  options: ClusterPendingOptions = {},
): Promise<{ clustered: number; storiesCreated: number }> {
  const total = await countPendingArticles(deps.db);
  const cache = cacheFor(deps.db);
  let clustered = 0;
  let storiesCreated = 0;
  // An id seen twice means clustering left it pending; stop rather than loop on it.
  const seen = new Set<number>();
  for (;;) {
    const ids = (await listPendingArticleIds(deps.db, options.batch ?? PENDING_BATCH)).filter((id) => !seen.has(id));
    if (ids.length === 0) break;
    for (const id of ids) seen.add(id);
    const embeddings = embedderOf(deps) ? await embed(deps, await listArticlesToCluster(deps.db, ids)) : new Map();
    let session: ClusterSession | undefined;
    const results = await guarded(cache, () =>
      inTransaction(deps.db, async (trx) => {
        await lockStoryIndex(trx);
        session = new ClusterSession(trx, cache);
        const out: ClusterResult[] = [];
        for (const article of await listArticlesToCluster(trx, ids)) {
          // Clustered meanwhile by a job: its answer stands.
          if (article.cluster_status === "clustered") continue;
          out.push(await place(deps, session, article, embeddings.get(article.id)));
        }
        await session.flush();
        return out;
      }),
    );
    session?.committed();
    for (const result of results) {
      log(deps.logger, result);
      clustered++;
      if (!result.joined) storiesCreated++;
      options.onProgress?.({ done: clustered, total: Math.max(total, clustered), result });
    }
  }
  return { clustered, storiesCreated };
}

/** The decision for one article, stored; the caller holds the story-index lock. */
async function place(
  deps: ClusterDeps,
  session: ClusterSession,
  article: ArticleToCluster,
  embedding: Float32Array | undefined,
): Promise<ClusterResult> {
  const { config, clock } = deps;
  const db = session.db;
  const now = clock.now();
  const model = embedderOf(deps)?.model;

  const counts = termCounts(article.title, article.text);
  const named = countEntities(article.title, article.text).slice(0, MAX_ARTICLE_ENTITIES);
  const stats = await session.termStats([...counts.keys(), ...named.flatMap((e) => tokenize(e.key))]);
  const vector = weighTerms(counts, stats);
  const names = weighNames(named, stats);
  const self: Comparable = {
    vector,
    names,
    embedding,
    firstSeenAt: article.published_at,
    lastSeenAt: article.published_at,
  };

  // A near-duplicate joins the story of the article it copies, when that one is clustered.
  const copied = article.duplicate_of !== null ? await findCurrentStoryOfArticle(db, article.duplicate_of) : undefined;

  let best: { storyId: number; parts: Similarity; articleCount: number } | undefined;
  let candidateCount = 0;
  if (copied === undefined) {
    const published = Date.parse(article.published_at);
    const window = config.cluster.windowHours * HOUR_MS;
    const candidates = await listCandidateStories(db, {
      since: new Date(published - window).toISOString(),
      until: new Date(published + window).toISOString(),
      latest: new Date(published + window + LONG_STORY_MS).toISOString(),
      terms: lookupTerms(vector, names, stats),
      limit: MAX_CANDIDATES,
    });
    candidateCount = candidates.length;
    const comparables = await session.comparables(
      candidates.map((c) => c.story),
      model,
    );
    for (const { story } of candidates) {
      const other = comparables.get(story.id);
      if (!other) continue;
      const parts = similarity(self, other, { embeddingWeight: config.cluster.embeddings?.weight });
      if (!best || parts.score > best.parts.score || (parts.score === best.parts.score && story.id < best.storyId)) {
        best = { storyId: story.id, parts, articleCount: story.article_count };
      }
    }
  }

  const joins = best && best.parts.score >= config.cluster.threshold ? best : undefined;
  const target = copied ?? joins?.storyId;
  const storyId =
    target ??
    (
      await insertStory(db, {
        slug: slugify(article.title),
        title: article.title,
        firstSeenAt: article.published_at,
        lastSeenAt: article.published_at,
        now: now.toISOString(),
      })
    ).id;
  const joined = target !== undefined;
  const closest = copied !== undefined ? 1 : round(best?.parts.score ?? 0);

  const stored = { terms: vectorToJson(vector), names: vectorToJson(names), entities: named.map((e) => e.key) };
  await markArticleClustered(db, article.id, {
    storyId,
    terms: stored.terms,
    names: stored.names,
    entities: JSON.stringify(stored.entities),
  });
  if (embedding && model) {
    await insertArticleEmbedding(db, {
      articleId: article.id,
      model,
      vector: embeddingToText(embedding),
      createdAt: now.toISOString(),
    });
  }
  // A copy is the same text again: counting it would make its words look common.
  if (article.duplicate_of === null) session.count(counts.keys());
  session.decide({
    article_id: article.id,
    story_id: storyId,
    joined: joined ? 1 : 0,
    similarity: closest,
    candidates: candidateCount,
    decided_at: now.toISOString(),
    detail: JSON.stringify(
      copied !== undefined
        ? { duplicateOf: article.duplicate_of }
        : best
          ? {
              closest: best.storyId,
              terms: round(best.parts.terms),
              names: round(best.parts.names),
              embedding: best.parts.embedding === null ? null : round(best.parts.embedding),
              decay: round(best.parts.decay),
              vetoed: best.parts.vetoed,
            }
          : {},
    ),
  });
  // The story's members are known to the session when it was a candidate (or is new): only the
  // article joins them.
  const previousCount = target === undefined ? 0 : target === joins?.storyId ? joins.articleCount : undefined;
  const profile = await refreshStory(db, storyId, now, {
    session,
    embeddingModel: model,
    ...(previousCount !== undefined
      ? {
          added: {
            previousCount,
            member: {
              id: article.id,
              source_id: article.source_id,
              published_at: article.published_at,
              duplicate_of: article.duplicate_of,
              terms: roundVector(vector),
              names: roundVector(names),
              entities: stored.entities,
            },
          },
        }
      : {}),
  });
  if (profile.sourceCount >= config.publish.minSources) await session.queueAnalysis(storyId, now);
  return {
    articleId: article.id,
    storyId,
    joined,
    similarity: closest,
    ...(copied !== undefined && article.duplicate_of !== null ? { duplicateOf: article.duplicate_of } : {}),
  };
}

/**
 * Index lookup terms: the heaviest terms and name words (the larger weight of the two), without
 * the terms nearly every document has.
 */
export function lookupTerms(vector: TermVector, names: TermVector, stats?: TermStats): Map<string, number> {
  const common =
    stats && stats.documents >= LOOKUP_MIN_DOCUMENTS
      ? (t: string) => (stats.df.get(t) ?? 0) > LOOKUP_MAX_DF_SHARE * stats.documents
      : () => false;
  const out = new Map<string, number>();
  for (const [t, w] of top(vector, CANDIDATE_TERMS)) if (!common(t)) out.set(t, w);
  for (const [word, w] of top(names, CANDIDATE_NAMES))
    if (!common(word)) out.set(word, Math.max(out.get(word) ?? 0, w));
  return out;
}

function embedderOf(deps: ClusterDeps): Embedder | undefined {
  return deps.embedder ?? embedderFor(deps.config.cluster.embeddings, deps.logger);
}

/** Embeddings of the articles that will be compared (near-duplicates skip the comparison). */
async function embed(deps: ClusterDeps, articles: readonly ArticleToCluster[]): Promise<Map<number, Float32Array>> {
  const embedder = embedderOf(deps);
  const wanted = articles.filter((a) => a.cluster_status === "pending" && a.duplicate_of === null);
  if (!embedder || wanted.length === 0) return new Map();
  const answer = await embedder.embed(wanted.map((a) => embeddingText(a.title, a.text)));
  if (!answer.ok) return new Map();
  return new Map(wanted.map((a, i) => [a.id, answer.vectors[i]!]));
}

async function storedAnswer(db: Db, article: ArticleToCluster): Promise<ClusterResult> {
  const decision = await findClusterDecision(db, article.id);
  const detail = decision ? (JSON.parse(decision.detail) as { duplicateOf?: unknown }) : {};
  return {
    articleId: article.id,
    storyId: article.story_id!,
    joined: decision ? decision.joined === 1 : true,
    similarity: decision?.similarity ?? 0,
    ...(typeof detail.duplicateOf === "number" ? { duplicateOf: detail.duplicateOf } : {}),
  };
}

function log(logger: Logger, result: ClusterResult): void {
  logger.debug(result.joined ? "article joined story" : "article started story", { ...result });
}

/** Runs `fn` in a transaction, or inside the caller's when `db` already is one. */
function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
