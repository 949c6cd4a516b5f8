/**
 * Ingest, second pass. Frozen in time: later changes go in new dated files, never here.
 *
 * - sources.poll_reason: why the next poll is when it is ("every 15 min", "feed ttl 60 min",
 *   "Retry-After", "backoff after 3 errors"), so `prism sources list` can say it.
 *   sources.feed_ttl_minutes: the interval the feed itself asked for (RSS ttl, sy:updatePeriod),
 *   remembered for the polls answered 304, which carry no feed.
 * - articles.duplicate_of: the first stored article (from another source) whose text this one
 *   nearly copies, e.g. the same wire story on two outlets; null for an original.
 *   articles.duplicate_similarity: how much of the shorter text the longer one contains (0..1).
 * - article_bands: the MinHash LSH bands of each article's word shingles. Two texts that share
 *   one band are near-duplicate candidates, found by index instead of by comparing every pair.
 */
import { type Kysely, PostgresAdapter } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen against an untyped schema.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // SQLite's real is 8 bytes already; PostgreSQL's is 4.
  const double = db.getExecutor().adapter instanceof PostgresAdapter ? "double precision" : "real";

  // One column per statement: SQLite's ALTER TABLE adds one column at a time.
  await db.schema.alterTable("sources").addColumn("poll_reason", "text").execute();
  await db.schema.alterTable("sources").addColumn("feed_ttl_minutes", double).execute();
  await db.schema
    .alterTable("articles")
    .addColumn("duplicate_of", "integer", (c) => c.references("articles.id").onDelete("set null"))
    .execute();
  await db.schema.alterTable("articles").addColumn("duplicate_similarity", double).execute();
  await db.schema.createIndex("articles_duplicate_of").on("articles").column("duplicate_of").execute();

  await db.schema
    .createTable("article_bands")
    .addColumn("band", "text", (c) => c.notNull())
    .addColumn("article_id", "integer", (c) => c.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("published_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("article_bands_pk", ["band", "article_id"])
    .execute();
  await db.schema.createIndex("article_bands_lookup").on("article_bands").columns(["band", "published_at"]).execute();
  await db.schema.createIndex("article_bands_article").on("article_bands").column("article_id").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("article_bands").ifExists().execute();
  await db.schema.dropIndex("articles_duplicate_of").ifExists().execute();
  await db.schema.alterTable("articles").dropColumn("duplicate_similarity").execute();
  await db.schema.alterTable("articles").dropColumn("duplicate_of").execute();
  await db.schema.alterTable("sources").dropColumn("feed_ttl_minutes").execute();
  await db.schema.alterTable("sources").dropColumn("poll_reason").execute();
}
