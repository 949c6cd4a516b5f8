/**
 * Rows for tests that need a source, an item or an article in the store without running ingest.
 * Inserted with plain Kysely so that they do not depend on the stage under test.
 */
import type { Db } from "../../src/store/db.ts";
import { countWords } from "../../src/domain/read-time.ts";

let counter = 0;

export async function insertTestSource(
  db: Db,
  fields: Partial<{ name: string; feedUrl: string; homepage: string; allowPrivate: boolean }> = {},
): Promise<number> {
  counter++;
  const row = await db
    .insertInto("sources")
    .values({
      name: fields.name ?? `Test Outlet ${counter}`,
      homepage: fields.homepage ?? `https://outlet${counter}.example`,
      feed_url: fields.feedUrl ?? `https://outlet${counter}.example/feed-${counter}.xml`,
      language: "en",
      licence_mode: "full",
      allow_private: fields.allowPrivate ? 1 : 0,
      active: 1,
      error_count: 0,
      created_at: "2026-11-20T00:00:00.000Z",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface TestArticle {
  sourceId: number;
  title: string;
  text: string;
  publishedAt?: string;
  url?: string;
  author?: string;
}

/** Inserts an item and its article; returns the article id. */
export async function insertTestArticle(db: Db, a: TestArticle): Promise<number> {
  counter++;
  const url = a.url ?? `https://outlet.example/a/${counter}`;
  const publishedAt = a.publishedAt ?? "2026-11-26T12:00:00.000Z";
  const item = await db
    .insertInto("items")
    .values({
      source_id: a.sourceId,
      guid: url,
      url,
      title: a.title,
      author: a.author ?? null,
      summary: null,
      content_html: null,
      language: "en",
      published_at: publishedAt,
      status: "stored",
      drop_reason: null,
      created_at: publishedAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const article = await db
    .insertInto("articles")
    .values({
      item_id: item.id,
      source_id: a.sourceId,
      url,
      title: a.title,
      author: a.author ?? null,
      published_at: publishedAt,
      language: "en",
      text: a.text,
      word_count: countWords(a.text),
      is_abstract: 0,
      cluster_status: "pending",
      created_at: publishedAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return article.id;
}
