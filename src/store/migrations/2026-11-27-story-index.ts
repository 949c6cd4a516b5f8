/**
 * The clustering index. Frozen in time: later changes go in new dated files, never here.
 *
 * - term_df: in how many clustered articles each term occurs (the IDF of TF-IDF), kept up to
 *   date as articles are clustered; the row with term '#documents' holds the number of articles
 *   counted (tokens never contain '#').
 * - story_terms: each story's centroid terms with the story's last_seen_at, so the stories that
 *   share an article's terms inside the time window are found by index, never by a scan.
 * - cluster_decisions: which story each article went to and why (joined or started, similarity),
 *   so a clustering can be explained and re-running it returns the same answer.
 */
import { type Kysely, PostgresAdapter } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen against an untyped schema.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // SQLite's real is 8 bytes already; PostgreSQL's is 4, too coarse to compare similarities.
  const double = db.getExecutor().adapter instanceof PostgresAdapter ? "double precision" : "real";

  await db.schema
    .createTable("term_df")
    .addColumn("term", "text", (c) => c.primaryKey())
    .addColumn("df", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("story_terms")
    .addColumn("story_id", "integer", (c) => c.notNull().references("stories.id").onDelete("cascade"))
    .addColumn("term", "text", (c) => c.notNull())
    .addColumn("weight", double, (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("story_terms_pk", ["story_id", "term"])
    .execute();
  await db.schema.createIndex("story_terms_lookup").on("story_terms").columns(["term", "last_seen_at"]).execute();

  await db.schema
    .createTable("cluster_decisions")
    .addColumn("article_id", "integer", (c) => c.primaryKey().references("articles.id").onDelete("cascade"))
    .addColumn("story_id", "integer", (c) => c.notNull().references("stories.id").onDelete("cascade"))
    .addColumn("joined", "integer", (c) => c.notNull())
    .addColumn("similarity", double, (c) => c.notNull())
    .addColumn("candidates", "integer", (c) => c.notNull())
    .addColumn("decided_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("cluster_decisions_story").on("cluster_decisions").column("story_id").execute();

  // `prism cluster` takes pending articles in published order.
  await db.schema
    .createIndex("articles_cluster_pending")
    .on("articles")
    .columns(["cluster_status", "published_at", "id"])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("articles_cluster_pending").ifExists().execute();
  for (const table of ["cluster_decisions", "story_terms", "term_df"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
