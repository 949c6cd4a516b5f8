/**
 * The articles table: the source text PRISM stored for an item (full text, or the abstract
 * where the licence says so). In: what extract-article produced; out: rows for clustering and
 * analysis. One article per item and per canonical URL; clustering columns are written elsewhere.
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
