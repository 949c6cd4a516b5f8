/**
 * Stories and the clustering index (term_df, story_terms, cluster_decisions, article
 * embeddings), plus the few article-side reads and writes clustering needs. Plain queries, one
 * per function; no scoring or similarity here beyond summing the partial dot products that pick
 * candidate stories.
 *
 * Slugs are unique: insertStory adds "-2", "-3"... to a taken one. JSON columns (centroid, names,
 * entities, score_breakdown, articles.terms, articles.names) are written by the stories stage
 * and read as text. A merged story (merged_into set) keeps its row, slug and analysis but no
 * articles; listings and candidate searches skip it.
 */
import { sql, type Updateable } from "kysely";
import { NotFoundError } from "../lib/errors.ts";
import { type Db, isPostgres } from "./db.ts";
import type { ArticleRow, ClusterDecisionRow, NewClusterDecision, StoriesTable, StoryRow } from "./schema.ts";

export type { StoryPhase } from "./schema.ts";

export type StoryAnalysisStatus = StoryRow["analysis_status"];
export type StoryUpdate = Updateable<StoriesTable>;

/** The term_df row that counts documents rather than a term; tokens never contain '#'. */
export const DOCUMENTS_KEY = "#documents";

// One clustering at a time on PostgreSQL, whatever the number of workers: two articles of the
// same event clustered at once would otherwise each start a story. The number is arbitrary
// ("PRIS" in ASCII); it only has to differ from other advisory locks in the database.
const STORY_INDEX_LOCK = 0x50524953;

// Rows per multi-row statement: well under SQLite's and PostgreSQL's parameter limits.
const CHUNK = 400;

export async function findStory(db: Db, id: number): Promise<StoryRow | undefined> {
  return db.selectFrom("stories").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function getStory(db: Db, id: number): Promise<StoryRow> {
  const story = await findStory(db, id);
  if (!story) throw new NotFoundError(`story ${id} not found`);
  return story;
}

export async function findStoryBySlug(db: Db, slug: string): Promise<StoryRow | undefined> {
  return db.selectFrom("stories").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export interface ListStoriesOptions {
  limit?: number;
  offset?: number;
  /** Only stories covered by at least this many outlets. */
  minSources?: number;
}

/** Stories by score, best first (ties: most recently seen, then newest); merged ones left out. */
export async function listStories(db: Db, options: ListStoriesOptions = {}): Promise<StoryRow[]> {
  let query = db.selectFrom("stories").selectAll().where("merged_into", "is", null);
  if (options.minSources !== undefined) query = query.where("source_count", ">=", options.minSources);
  return query
    .orderBy("score", "desc")
    .orderBy("last_seen_at", "desc")
    .orderBy("id", "desc")
    .limit(options.limit ?? 50)
    .offset(options.offset ?? 0)
    .execute();
}

export async function countStories(db: Db): Promise<number> {
  const row = await db
    .selectFrom("stories")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Stories with an article at or after `since` (by index on last_seen_at), newest first; merged ones left out. */
export async function listStoriesSeenSince(db: Db, since: string): Promise<StoryRow[]> {
  return db
    .selectFrom("stories")
    .selectAll()
    .where("last_seen_at", ">=", since)
    .where("merged_into", "is", null)
    .orderBy("last_seen_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

export interface CandidateQuery {
  /** The story's newest article is at or after this time... */
  since: string;
  /** ...and its oldest at or before this one. */
  until: string;
  /**
   * The newest article no later than this (a bound on the index range). Stories reaching past it
   * began long before and ran on long after the window, or are newer than the window: reading
   * past it would read every later story when old stories are compared (a backfill).
   */
  latest: string;
  /** The article's heaviest terms with their weights. */
  terms: ReadonlyMap<string, number>;
  limit: number;
  /** A story never to return (the merge pass looking for a story's neighbours). */
  exclude?: number;
}

/** What a candidate search returns of a story: enough to rank, order and decide, no vectors. */
export type StoryHead = Pick<
  StoryRow,
  | "id"
  | "article_count"
  | "duplicate_count"
  | "source_count"
  | "analysis_status"
  | "first_seen_at"
  | "last_seen_at"
  | "merge_pending"
>;

const HEAD = [
  "id",
  "article_count",
  "duplicate_count",
  "source_count",
  "analysis_status",
  "first_seen_at",
  "last_seen_at",
  "merge_pending",
] as const;

export interface CandidateStory {
  story: StoryHead;
  /** Dot product of the query terms with the story's indexed terms: a lower bound of their cosine. */
  overlap: number;
}

/**
 * Stories in the time window that share terms with an article, most overlap first (ties: lower
 * id). Found through story_terms (term, last_seen_at): the window bounds the index range, so old
 * stories are never read.
 */
export async function listCandidateStories(db: Db, q: CandidateQuery): Promise<CandidateStory[]> {
  const terms = [...q.terms.keys()];
  if (terms.length === 0 || q.limit <= 0) return [];
  // The covering index (term, last_seen_at, story_id, weight) answers this alone; the window
  // bounds each term's range, so old stories are never read.
  const matches = await db
    .selectFrom("story_terms")
    .select(["story_id", "term", "weight"])
    .where("term", "in", terms)
    .where("last_seen_at", ">=", q.since)
    .where("last_seen_at", "<=", q.latest)
    .execute();
  const overlap = new Map<number, number>();
  for (const m of matches) {
    if (m.story_id === q.exclude) continue;
    overlap.set(m.story_id, (overlap.get(m.story_id) ?? 0) + m.weight * (q.terms.get(m.term) ?? 0));
  }
  const best = [...overlap].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, q.limit);
  if (best.length === 0) return [];
  const heads = new Map(
    (
      await db
        .selectFrom("stories")
        .select(HEAD)
        .where(
          "id",
          "in",
          best.map(([id]) => id),
        )
        .execute()
    ).map((h) => [h.id, h]),
  );
  // Index rows carry a rounded-up time: the story's own times decide. A story that began after
  // the window (an article arriving late) is not a candidate either.
  return best.flatMap(([id, o]) => {
    const story = heads.get(id);
    return story && story.last_seen_at >= q.since && story.first_seen_at <= q.until ? [{ story, overlap: o }] : [];
  });
}

export interface StoryVectorsRow {
  id: number;
  /** The story's article count: the vectors are of the story at this count. */
  article_count: number;
  centroid: string;
  names: string;
  embedding: string | null;
  embedding_model: string | null;
}

/** The stored vectors of these stories (stories never profiled are left out). */
export async function listStoryVectors(db: Db, ids: readonly number[]): Promise<StoryVectorsRow[]> {
  const out: StoryVectorsRow[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    out.push(
      ...(await db
        .selectFrom("story_vectors as v")
        .innerJoin("stories as s", "s.id", "v.story_id")
        .select(["s.id", "s.article_count", "v.centroid", "v.names", "v.embedding", "v.embedding_model"])
        .where("v.story_id", "in", ids.slice(i, i + CHUNK))
        .execute()),
    );
  }
  return out;
}

export interface StoryVectors {
  centroid: string;
  names: string;
  /** Leave out to keep the stored embedding as it is. */
  embedding?: { vector: string; model: string } | null;
}

export async function saveStoryVectors(db: Db, storyId: number, v: StoryVectors): Promise<void> {
  const embedding =
    v.embedding === undefined
      ? {}
      : { embedding: v.embedding?.vector ?? null, embedding_model: v.embedding?.model ?? null };
  await db
    .insertInto("story_vectors")
    .values({ story_id: storyId, centroid: v.centroid, names: v.names, ...embedding })
    .onConflict((oc) => oc.column("story_id").doUpdateSet({ centroid: v.centroid, names: v.names, ...embedding }))
    .execute();
}

/** Replaces a story's rows in the term index. */
export async function replaceStoryTerms(
  db: Db,
  storyId: number,
  terms: ReadonlyMap<string, number>,
  lastSeenAt: string,
): Promise<void> {
  await db.deleteFrom("story_terms").where("story_id", "=", storyId).execute();
  await insertStoryTerms(db, storyId, terms, lastSeenAt);
}

/** Adds and removes some of a story's rows in the term index (their time unchanged). */
export async function updateStoryTerms(
  db: Db,
  storyId: number,
  change: { add: ReadonlyMap<string, number>; remove: readonly string[]; lastSeenAt: string },
): Promise<void> {
  for (let i = 0; i < change.remove.length; i += CHUNK) {
    await db
      .deleteFrom("story_terms")
      .where("story_id", "=", storyId)
      .where("term", "in", change.remove.slice(i, i + CHUNK))
      .execute();
  }
  await insertStoryTerms(db, storyId, change.add, change.lastSeenAt);
}

async function insertStoryTerms(
  db: Db,
  storyId: number,
  terms: ReadonlyMap<string, number>,
  lastSeenAt: string,
): Promise<void> {
  const rows = [...terms].map(([term, weight]) => ({ story_id: storyId, term, weight, last_seen_at: lastSeenAt }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto("story_terms")
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

export interface NewStory {
  /** Made unique with "-2", "-3"... when taken. */
  slug: string;
  title: string;
  firstSeenAt: string;
  lastSeenAt: string;
  now: string;
}

export async function insertStory(db: Db, story: NewStory): Promise<StoryRow> {
  let slug = story.slug;
  // Usually free: one lookup in the slug index. Only a taken slug reads its numbered siblings
  // (a LIKE, which no index serves).
  const free = !(await db.selectFrom("stories").select("id").where("slug", "=", slug).executeTakeFirst());
  if (!free) {
    const taken = new Set(
      (await db.selectFrom("stories").select("slug").where("slug", "like", `${story.slug}-%`).execute()).map(
        (r) => r.slug,
      ),
    );
    for (let n = 2; ; n++) {
      slug = `${story.slug}-${n}`;
      if (!taken.has(slug)) break;
    }
  }
  return db
    .insertInto("stories")
    .values({
      slug,
      title: story.title,
      first_seen_at: story.firstSeenAt,
      last_seen_at: story.lastSeenAt,
      updated_at: story.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateStory(db: Db, id: number, fields: StoryUpdate): Promise<void> {
  await db.updateTable("stories").set(fields).where("id", "=", id).execute();
}

/** Records where a story's analysis stands; updated_at is left alone (the story's content did not change). */
export async function markStoryAnalysis(db: Db, storyId: number, status: StoryAnalysisStatus): Promise<void> {
  const result = await db
    .updateTable("stories")
    .set({ analysis_status: status })
    .where("id", "=", storyId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new NotFoundError(`story ${storyId} not found`);
}

export type StoryArticle = ArticleRow & { source_name: string; source_homepage: string | null };

/** A story's articles with their outlet's name and homepage, oldest first. */
export async function listStoryArticles(db: Db, storyId: number): Promise<StoryArticle[]> {
  return db
    .selectFrom("articles")
    .innerJoin("sources", "sources.id", "articles.source_id")
    .selectAll("articles")
    .select(["sources.name as source_name", "sources.homepage as source_homepage"])
    .where("articles.story_id", "=", storyId)
    .orderBy("articles.published_at")
    .orderBy("articles.id")
    .execute();
}

/** Every member of a story: what its counts, outlets and time span are computed from. */
export interface StoryMemberFact {
  id: number;
  source_id: number;
  published_at: string;
  duplicate_of: number | null;
}

export async function listStoryMemberFacts(db: Db, storyId: number): Promise<StoryMemberFact[]> {
  return db
    .selectFrom("articles")
    .select(["id", "source_id", "published_at", "duplicate_of"])
    .where("story_id", "=", storyId)
    .orderBy("published_at")
    .orderBy("id")
    .execute();
}

export interface StoryMemberVectors {
  id: number;
  published_at: string;
  terms: string;
  names: string;
  entities: string;
}

/**
 * The newest `limit` original members of a story with their vectors, returned oldest first;
 * the newest members of any kind when the story has no original (only near-duplicates).
 */
export async function listStoryMemberVectors(db: Db, storyId: number, limit: number): Promise<StoryMemberVectors[]> {
  const newest = (originalsOnly: boolean) => {
    let q = db
      .selectFrom("articles")
      .select(["id", "published_at", "terms", "names", "entities"])
      .where("story_id", "=", storyId);
    if (originalsOnly) q = q.where("duplicate_of", "is", null);
    return q.orderBy("published_at", "desc").orderBy("id", "desc").limit(limit).execute();
  };
  let rows = await newest(true);
  if (rows.length === 0) rows = await newest(false);
  return rows.reverse();
}

/** Original articles (near-duplicates left out) published at or after `since`, per story. */
export async function countRecentArticlesByStory(
  db: Db,
  storyIds: readonly number[],
  since: string,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (let i = 0; i < storyIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom("articles")
      .select(["story_id", (eb) => eb.fn.countAll<string | number>().as("n")])
      .where("story_id", "in", storyIds.slice(i, i + CHUNK))
      .where("published_at", ">=", since)
      .where("duplicate_of", "is", null)
      .groupBy("story_id")
      .execute();
    for (const r of rows) if (r.story_id !== null) counts.set(r.story_id, Number(r.n));
  }
  return counts;
}

export type ArticleToCluster = Pick<
  ArticleRow,
  "id" | "source_id" | "title" | "text" | "published_at" | "cluster_status" | "story_id" | "duplicate_of"
>;

const TO_CLUSTER = [
  "id",
  "source_id",
  "title",
  "text",
  "published_at",
  "cluster_status",
  "story_id",
  "duplicate_of",
] as const;

export async function findArticleToCluster(db: Db, id: number): Promise<ArticleToCluster | undefined> {
  return db.selectFrom("articles").select(TO_CLUSTER).where("id", "=", id).executeTakeFirst();
}

/** The articles with these ids, in the order of `ids` (ids not stored are skipped). */
export async function listArticlesToCluster(db: Db, ids: readonly number[]): Promise<ArticleToCluster[]> {
  const byId = new Map<number, ArticleToCluster>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom("articles")
      .select(TO_CLUSTER)
      .where("id", "in", ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) byId.set(r.id, r);
  }
  return ids.flatMap((id) => {
    const a = byId.get(id);
    return a ? [a] : [];
  });
}

/**
 * The story an article is in now: its story, or the one that story was merged into. Undefined
 * while the article is not clustered.
 */
export async function findCurrentStoryOfArticle(db: Db, articleId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom("articles as a")
    .innerJoin("stories as s", "s.id", "a.story_id")
    .select(["s.id", "s.merged_into"])
    .where("a.id", "=", articleId)
    .executeTakeFirst();
  return row ? (row.merged_into ?? row.id) : undefined;
}

/** Ids of articles waiting to be clustered, in published order (ties: id). */
export async function listPendingArticleIds(db: Db, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom("articles")
    .select("id")
    .where("cluster_status", "=", "pending")
    .orderBy("published_at")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function countPendingArticles(db: Db): Promise<number> {
  const row = await db
    .selectFrom("articles")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("cluster_status", "=", "pending")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface ArticleClustering {
  storyId: number;
  /** JSON of the article's term vector. */
  terms: string;
  /** JSON of the article's name vector. */
  names?: string;
  /** JSON array of entity keys. */
  entities: string;
}

export async function markArticleClustered(db: Db, articleId: number, c: ArticleClustering): Promise<void> {
  await db
    .updateTable("articles")
    .set({
      story_id: c.storyId,
      cluster_status: "clustered",
      terms: c.terms,
      names: c.names ?? "{}",
      entities: c.entities,
    })
    .where("id", "=", articleId)
    .execute();
}

/** Document frequencies of these terms, and the number of documents counted. */
export async function listTermStats(
  db: Db,
  terms: Iterable<string>,
): Promise<{ documents: number; df: Map<string, number> }> {
  const wanted = [DOCUMENTS_KEY, ...new Set(terms)];
  const df = new Map<string, number>();
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const rows = await db
      .selectFrom("term_df")
      .select(["term", "df"])
      .where("term", "in", wanted.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) df.set(r.term, r.df);
  }
  const documents = df.get(DOCUMENTS_KEY) ?? 0;
  df.delete(DOCUMENTS_KEY);
  return { documents, df };
}

/** Counts one more document containing each of these terms. */
export async function updateTermStats(db: Db, terms: Iterable<string>): Promise<void> {
  await addTermCounts(db, new Map([...new Set(terms)].map((t) => [t, 1])), 1);
}

/**
 * Adds `documents` to the document count and each term's count to its document frequency: the
 * increments of a batch of articles, written once.
 */
export async function addTermCounts(db: Db, counts: ReadonlyMap<string, number>, documents: number): Promise<void> {
  // Sorted, so concurrent writers take row locks in the same order.
  const rows = [
    ...(documents > 0 ? [{ term: DOCUMENTS_KEY, df: documents }] : []),
    ...[...counts]
      .filter(([, n]) => n > 0)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([term, df]) => ({ term, df })),
  ];
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto("term_df")
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.column("term").doUpdateSet({ df: sql<number>`term_df.df + excluded.df` }))
      .execute();
  }
}

export async function insertClusterDecision(db: Db, row: NewClusterDecision): Promise<void> {
  await db.insertInto("cluster_decisions").values(row).execute();
}

export async function insertClusterDecisions(db: Db, rows: readonly NewClusterDecision[]): Promise<void> {
  // Seven columns a row: well under the parameter limits.
  for (let i = 0; i < rows.length; i += CHUNK / 4) {
    await db
      .insertInto("cluster_decisions")
      .values(rows.slice(i, i + CHUNK / 4))
      .execute();
  }
}

export async function findClusterDecision(db: Db, articleId: number): Promise<ClusterDecisionRow | undefined> {
  return db.selectFrom("cluster_decisions").selectAll().where("article_id", "=", articleId).executeTakeFirst();
}

/**
 * Serialises clustering on PostgreSQL until the transaction ends. On SQLite there is one writer
 * and Kysely runs one transaction at a time, so there is nothing to take.
 */
export async function lockStoryIndex(db: Db): Promise<void> {
  if (isPostgres(db)) await sql`select pg_advisory_xact_lock(${sql.lit(STORY_INDEX_LOCK)})`.execute(db);
}

/** The stories the merge pass has not compared since they last changed, oldest first. */
export async function listMergePendingStories(db: Db, limit: number): Promise<StoryRow[]> {
  return db
    .selectFrom("stories")
    .selectAll()
    .where("merge_pending", "=", 1)
    .where("merged_into", "is", null)
    .orderBy("id")
    .limit(limit)
    .execute();
}

export async function markStoriesMergeChecked(db: Db, ids: readonly number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    await db
      .updateTable("stories")
      .set({ merge_pending: 0 })
      .where("id", "in", ids.slice(i, i + CHUNK))
      .execute();
  }
}

/** Moves every article of one story to another; returns how many moved. */
export async function moveStoryArticles(db: Db, from: number, to: number): Promise<number> {
  const result = await db.updateTable("articles").set({ story_id: to }).where("story_id", "=", from).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Records that `absorbed` was merged into `survivor`: the pointer (and every older pointer to
 * the absorbed story, so chains stay one step long), no rank, out of the term index. Its row,
 * slug and analysis stay.
 */
export async function markStoryMerged(db: Db, absorbed: number, survivor: number, at: string): Promise<void> {
  await db
    .updateTable("stories")
    .set({ merged_into: survivor, merged_at: at, score: 0, merge_pending: 0 })
    .where("id", "=", absorbed)
    .execute();
  await db.updateTable("stories").set({ merged_into: survivor }).where("merged_into", "=", absorbed).execute();
  await db.deleteFrom("story_terms").where("story_id", "=", absorbed).execute();
  await db.deleteFrom("story_vectors").where("story_id", "=", absorbed).execute();
}

/** The story, or the story it was merged into. */
export async function findSurvivingStory(db: Db, id: number): Promise<StoryRow | undefined> {
  const story = await findStory(db, id);
  if (!story || story.merged_into === null) return story;
  return findStory(db, story.merged_into);
}

/** Stories merged into this one, oldest first. */
export async function listMergedStories(db: Db, survivorId: number): Promise<StoryRow[]> {
  return db.selectFrom("stories").selectAll().where("merged_into", "=", survivorId).orderBy("id").execute();
}

export async function insertArticleEmbedding(
  db: Db,
  row: { articleId: number; model: string; vector: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto("article_embeddings")
    .values({ article_id: row.articleId, model: row.model, vector: row.vector, created_at: row.createdAt })
    .onConflict((oc) => oc.column("article_id").doUpdateSet({ model: row.model, vector: row.vector }))
    .execute();
}

/** Stored embeddings of these articles made by `model`: article id -> base64 vector. */
export async function listArticleEmbeddings(
  db: Db,
  articleIds: readonly number[],
  model: string,
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < articleIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom("article_embeddings")
      .select(["article_id", "vector"])
      .where("article_id", "in", articleIds.slice(i, i + CHUNK))
      .where("model", "=", model)
      .execute();
    for (const r of rows) out.set(r.article_id, r.vector);
  }
  return out;
}
