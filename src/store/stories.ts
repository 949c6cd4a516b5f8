/**
 * Stories and the clustering index (term_df, story_terms, cluster_decisions), plus the few
 * article-side reads and writes clustering needs. Plain queries, one per function; no scoring
 * or similarity here beyond summing the partial dot products that pick candidate stories.
 *
 * Slugs are unique: insertStory adds "-2", "-3"... to a taken one. JSON columns (centroid,
 * entities, score_breakdown, articles.terms) are written by the stories stage and read as text.
 */
import { sql, type Updateable } from "kysely";
import { NotFoundError } from "../lib/errors.ts";
import { type Db, isPostgres } from "./db.ts";
import type { ArticleRow, ClusterDecisionRow, StoriesTable, StoryRow } from "./schema.ts";

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

/** Stories by score, best first (ties: most recently seen, then newest). */
export async function listStories(db: Db, options: ListStoriesOptions = {}): Promise<StoryRow[]> {
  let query = db.selectFrom("stories").selectAll();
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

/** Stories with an article at or after `since` (by index on last_seen_at), newest first. */
export async function listStoriesSeenSince(db: Db, since: string): Promise<StoryRow[]> {
  return db
    .selectFrom("stories")
    .selectAll()
    .where("last_seen_at", ">=", since)
    .orderBy("last_seen_at", "desc")
    .orderBy("id", "desc")
    .execute();
}

export interface CandidateQuery {
  /** The story's newest article is at or after this time... */
  since: string;
  /** ...and its oldest at or before this one. */
  until: string;
  /** The article's heaviest terms with their weights. */
  terms: ReadonlyMap<string, number>;
  limit: number;
}

export interface CandidateStory {
  story: StoryRow;
  /** Dot product of the query terms with the story's centroid: a lower bound of their cosine. */
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
  const matches = await db
    .selectFrom("story_terms as st")
    .innerJoin("stories as s", "s.id", "st.story_id")
    .select(["st.story_id", "st.term", "st.weight"])
    .where("st.term", "in", terms)
    .where("st.last_seen_at", ">=", q.since)
    .where("s.first_seen_at", "<=", q.until)
    .execute();
  const overlap = new Map<number, number>();
  for (const m of matches) {
    overlap.set(m.story_id, (overlap.get(m.story_id) ?? 0) + m.weight * (q.terms.get(m.term) ?? 0));
  }
  const best = [...overlap].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, q.limit);
  if (best.length === 0) return [];
  const stories = await db
    .selectFrom("stories")
    .selectAll()
    .where(
      "id",
      "in",
      best.map(([id]) => id),
    )
    .execute();
  const byId = new Map(stories.map((s) => [s.id, s]));
  return best.flatMap(([id, o]) => {
    const story = byId.get(id);
    return story ? [{ story, overlap: o }] : [];
  });
}

/** Replaces a story's rows in the term index with its current centroid. */
export async function replaceStoryTerms(
  db: Db,
  storyId: number,
  terms: ReadonlyMap<string, number>,
  lastSeenAt: string,
): Promise<void> {
  await db.deleteFrom("story_terms").where("story_id", "=", storyId).execute();
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
  const taken = new Set(
    (
      await db
        .selectFrom("stories")
        .select("slug")
        .where((eb) => eb.or([eb("slug", "=", story.slug), eb("slug", "like", `${story.slug}-%`)]))
        .execute()
    ).map((r) => r.slug),
  );
  let slug = story.slug;
  for (let n = 2; taken.has(slug); n++) slug = `${story.slug}-${n}`;
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

export interface StoryMember {
  id: number;
  source_id: number;
  published_at: string;
  terms: string;
  entities: string;
}

/** What a story's centroid, entities and rank are computed from, oldest first. */
export async function listStoryMembers(db: Db, storyId: number): Promise<StoryMember[]> {
  return db
    .selectFrom("articles")
    .select(["id", "source_id", "published_at", "terms", "entities"])
    .where("story_id", "=", storyId)
    .orderBy("published_at")
    .orderBy("id")
    .execute();
}

/** Articles published at or after `since`, per story, for the stories given. */
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
      .groupBy("story_id")
      .execute();
    for (const r of rows) if (r.story_id !== null) counts.set(r.story_id, Number(r.n));
  }
  return counts;
}

export type ArticleToCluster = Pick<
  ArticleRow,
  "id" | "source_id" | "title" | "text" | "published_at" | "cluster_status" | "story_id"
>;

export async function findArticleToCluster(db: Db, id: number): Promise<ArticleToCluster | undefined> {
  return db
    .selectFrom("articles")
    .select(["id", "source_id", "title", "text", "published_at", "cluster_status", "story_id"])
    .where("id", "=", id)
    .executeTakeFirst();
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
  /** JSON array of entity keys. */
  entities: string;
}

export async function markArticleClustered(db: Db, articleId: number, c: ArticleClustering): Promise<void> {
  await db
    .updateTable("articles")
    .set({ story_id: c.storyId, cluster_status: "clustered", terms: c.terms, entities: c.entities })
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
  // Sorted, so concurrent writers take row locks in the same order.
  const rows = [DOCUMENTS_KEY, ...[...new Set(terms)].sort()].map((term) => ({ term, df: 1 }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto("term_df")
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.column("term").doUpdateSet({ df: sql<number>`term_df.df + 1` }))
      .execute();
  }
}

export async function insertClusterDecision(db: Db, row: ClusterDecisionRow): Promise<void> {
  await db.insertInto("cluster_decisions").values(row).execute();
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
