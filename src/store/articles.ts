/**
 * The articles table: the source text PRISM stored for an item (full text, or the abstract
 * where the licence says so). In: what extract-article produced; out: rows for clustering and
 * analysis. One article per item and per canonical URL; clustering columns are written elsewhere.
 *
 * duplicate_of marks a syndicated copy: the article's text nearly copies an article stored
 * earlier from another source, and duplicate_of names that first copy (never another copy).
 * Copies are stored and clustered like any article but are not independent sources.
 */

import { NotFoundError } from "../lib/errors.ts";
import type { Db } from "./db.ts";
import type { ArticleRow } from "./schema.ts";

export interface ArticleInput {
  itemId: number;
  sourceId: number;
  url: string;
  title: string;
  author?: string | null;
  publishedAt: string;
  language: string;
  text: string;
  wordCount: number;
  isAbstract: boolean;
  /** The earlier article from another source that this one nearly copies (see near-duplicate.ts). */
  duplicateOf?: number | null;
  duplicateSimilarity?: number | null;
}

/** Stores an article; undefined when its item or its URL already has one (the caller decides which). */
export async function insertArticle(db: Db, input: ArticleInput, now: Date): Promise<ArticleRow | undefined> {
  return db
    .insertInto("articles")
    .values({
      item_id: input.itemId,
      source_id: input.sourceId,
      url: input.url,
      title: input.title,
      author: input.author ?? null,
      published_at: input.publishedAt,
      language: input.language,
      text: input.text,
      word_count: input.wordCount,
      is_abstract: input.isAbstract ? 1 : 0,
      duplicate_of: input.duplicateOf ?? null,
      duplicate_similarity: input.duplicateOf ? (input.duplicateSimilarity ?? null) : null,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findArticle(db: Db, id: number): Promise<ArticleRow | undefined> {
  return db.selectFrom("articles").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function getArticle(db: Db, id: number): Promise<ArticleRow> {
  const row = await findArticle(db, id);
  if (!row) throw new NotFoundError(`article ${id} not found`);
  return row;
}

export async function findArticleByUrl(db: Db, url: string): Promise<ArticleRow | undefined> {
  return db.selectFrom("articles").selectAll().where("url", "=", url).executeTakeFirst();
}

export async function findArticleByItem(db: Db, itemId: number): Promise<ArticleRow | undefined> {
  return db.selectFrom("articles").selectAll().where("item_id", "=", itemId).executeTakeFirst();
}

/** In the order of `ids`; ids with no article are left out. */
export async function listArticlesByIds(db: Db, ids: readonly number[]): Promise<ArticleRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("articles")
    .selectAll()
    .where("id", "in", [...new Set(ids)])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}

export async function countArticles(db: Db, options: { sourceId?: number } = {}): Promise<number> {
  let query = db.selectFrom("articles").select((eb) => eb.fn.countAll<string | number>().as("n"));
  if (options.sourceId !== undefined) query = query.where("source_id", "=", options.sourceId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Indexes an article's near-duplicate bands; a second call for the same article adds nothing. */
export async function insertArticleBands(
  db: Db,
  articleId: number,
  bands: readonly string[],
  publishedAt: string,
): Promise<void> {
  if (bands.length === 0) return;
  await db
    .insertInto("article_bands")
    .values(bands.map((band) => ({ band, article_id: articleId, published_at: publishedAt })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface DuplicateCandidate {
  id: number;
  source_id: number;
  text: string;
  published_at: string;
  duplicate_of: number | null;
}

/**
 * Articles sharing at least one band with `bands`, published between `from` and `to`, from
 * other sources than `excludeSourceId`; first stored first.
 */
export async function listDuplicateCandidates(
  db: Db,
  query: { bands: readonly string[]; from: string; to: string; excludeSourceId: number; limit?: number },
): Promise<DuplicateCandidate[]> {
  if (query.bands.length === 0) return [];
  const ids = db
    .selectFrom("article_bands")
    .select("article_id")
    .where("band", "in", [...query.bands])
    .where("published_at", ">=", query.from)
    .where("published_at", "<=", query.to);
  return db
    .selectFrom("articles")
    .select(["id", "source_id", "text", "published_at", "duplicate_of"])
    .where("id", "in", ids)
    .where("source_id", "!=", query.excludeSourceId)
    .orderBy("id")
    .limit(query.limit ?? 50)
    .execute();
}

/** The syndicated copies of an article (rows whose duplicate_of is `id`), oldest first. */
export async function listDuplicatesOf(db: Db, id: number): Promise<ArticleRow[]> {
  return db.selectFrom("articles").selectAll().where("duplicate_of", "=", id).orderBy("id").execute();
}

/** Which of `urls` already have an article. */
export async function listArticleUrls(db: Db, urls: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const unique = [...new Set(urls)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom("articles")
      .select("url")
      .where("url", "in", unique.slice(i, i + 500))
      .execute();
    for (const r of rows) found.add(r.url);
  }
  return found;
}
