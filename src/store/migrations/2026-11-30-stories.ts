/**
 * Stories, second pass. Frozen in time: later changes go in new dated files, never here.
 *
 * - stories.phase: where the story is in its life ('breaking', 'developing', 'sustained',
 *   'fading'), recomputed whenever it gains an article and when stories are re-ranked.
 * - stories.merged_into / merged_at: set when the merge pass joined this story into another.
 *   The row stays (its slug, its analysis and that analysis's citations stay readable); its
 *   articles moved to the surviving story, and it is never a candidate again. Its counts stay
 *   as they were when it was merged.
 * - stories.merge_pending: 1 when the story changed since the merge pass last looked at it, so
 *   the pass only compares what is new.
 * - stories.duplicate_count: near-duplicates (syndicated copies) among its articles, which
 *   count neither as sources nor in the rank.
 * - story_vectors: a story's centroid, name vector and embedding, out of the stories row so
 *   that the rows clustering reads for every candidate stay small (stories.centroid, from the
 *   first schema, is no longer written).
 * - articles.names: the TF-IDF vector of the words of the article's named entities (people,
 *   places, organisations), the second signal of the similarity after the term vector.
 * - cluster_decisions.detail: the parts behind a decision (term and name similarity, time decay,
 *   veto, near-duplicate link), JSON, so a clustering can be explained.
 * - story_terms_cover replaces story_terms_lookup: the same (term, last_seen_at) order with the
 *   story and weight in the index too, so a candidate search reads the index alone.
 * - article_embeddings: vectors from the optional embeddings provider (little-endian float32,
 *   base64), kept with their model so a model change never compares vectors of two models.
 */
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen against an untyped schema.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one column at a time.
  await db.schema
    .alterTable("stories")
    .addColumn("phase", "text", (c) => c.notNull().defaultTo("breaking"))
    .execute();
  await db.schema
    .alterTable("stories")
    .addColumn("merged_into", "integer", (c) => c.references("stories.id").onDelete("set null"))
    .execute();
  await db.schema.alterTable("stories").addColumn("merged_at", "text").execute();
  await db.schema
    .alterTable("stories")
    .addColumn("merge_pending", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable("stories")
    .addColumn("duplicate_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("articles")
    .addColumn("names", "text", (c) => c.notNull().defaultTo("{}"))
    .execute();
  await db.schema
    .alterTable("cluster_decisions")
    .addColumn("detail", "text", (c) => c.notNull().defaultTo("{}"))
    .execute();

  await db.schema.createIndex("stories_merged_into").on("stories").column("merged_into").execute();
  // The merge pass reads the stories that changed since it last ran.
  await db.schema
    .createIndex("stories_merge_pending")
    .on("stories")
    .columns(["merge_pending", "last_seen_at"])
    .where(sql<boolean>`merge_pending = 1`)
    .execute();

  await db.schema
    .createIndex("story_terms_cover")
    .on("story_terms")
    .columns(["term", "last_seen_at", "story_id", "weight"])
    .execute();
  await db.schema.dropIndex("story_terms_lookup").execute();

  await db.schema
    .createTable("story_vectors")
    .addColumn("story_id", "integer", (c) => c.primaryKey().references("stories.id").onDelete("cascade"))
    .addColumn("centroid", "text", (c) => c.notNull())
    .addColumn("names", "text", (c) => c.notNull())
    .addColumn("embedding", "text")
    .addColumn("embedding_model", "text")
    .execute();

  await db.schema
    .createTable("article_embeddings")
    .addColumn("article_id", "integer", (c) => c.primaryKey().references("articles.id").onDelete("cascade"))
    .addColumn("model", "text", (c) => c.notNull())
    .addColumn("vector", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("article_embeddings").ifExists().execute();
  await db.schema.dropTable("story_vectors").ifExists().execute();
  await db.schema.createIndex("story_terms_lookup").on("story_terms").columns(["term", "last_seen_at"]).execute();
  await db.schema.dropIndex("story_terms_cover").ifExists().execute();
  await db.schema.dropIndex("stories_merge_pending").ifExists().execute();
  await db.schema.dropIndex("stories_merged_into").ifExists().execute();
  await db.schema.alterTable("cluster_decisions").dropColumn("detail").execute();
  await db.schema.alterTable("articles").dropColumn("names").execute();
  for (const column of ["duplicate_count", "merge_pending", "merged_at", "merged_into", "phase"]) {
    await db.schema.alterTable("stories").dropColumn(column).execute();
  }
}
