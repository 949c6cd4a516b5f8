import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { insertTestSource } from "../../test/support/fixtures.ts";
import { NotFoundError } from "../lib/errors.ts";
import {
  type ArticleInput,
  countArticles,
  findArticle,
  findArticleByItem,
  findArticleByUrl,
  getArticle,
  insertArticle,
  insertArticleBands,
  listArticlesByIds,
  listArticleUrls,
  listDuplicateCandidates,
  listDuplicatesOf,
} from "./articles.ts";
import type { OpenedDb } from "./db.ts";
import { insertItem } from "./items.ts";

describe.each(testDialects())("articles on $name", ({ open }) => {
  let opened: OpenedDb;
  let sourceId: number;
  beforeEach(async () => {
    opened = await open();
    sourceId = await insertTestSource(opened.db);
  });
  afterEach(async () => {
    await opened.close();
  });
  const now = new Date("2026-11-27T10:00:00.000Z");

  async function article(slug: string, fields: Partial<ArticleInput> = {}) {
    const item = await insertItem(
      opened.db,
      { sourceId, guid: slug, url: `https://outlet.example/${slug}`, title: slug, status: "stored" },
      now,
    );
    const input: ArticleInput = {
      itemId: item!.id,
      sourceId,
      url: `https://outlet.example/${slug}`,
      title: `Title ${slug}`,
      publishedAt: "2026-11-26T08:00:00.000Z",
      language: "en",
      text: "Some text.",
      wordCount: 2,
      isAbstract: false,
      ...fields,
    };
    return { input, row: await insertArticle(opened.db, input, now) };
  }

  it("stores an article and finds it by id, URL and item", async () => {
    const { input, row } = await article("a", { isAbstract: true, author: "Jo" });
    expect(row).toMatchObject({
      title: "Title a",
      is_abstract: 1,
      author: "Jo",
      story_id: null,
      cluster_status: "pending",
    });
    expect(await findArticle(opened.db, row!.id)).toEqual(row);
    expect(await getArticle(opened.db, row!.id)).toEqual(row);
    expect(await findArticleByUrl(opened.db, input.url)).toEqual(row);
    expect(await findArticleByItem(opened.db, input.itemId)).toEqual(row);
    await expect(getArticle(opened.db, row!.id + 100)).rejects.toThrow(NotFoundError);
  });

  it("refuses a second article for the same URL or the same item", async () => {
    const { input } = await article("b");
    const other = await insertItem(
      opened.db,
      { sourceId, guid: "b2", url: input.url, title: "b2", status: "stored" },
      now,
    );
    expect(await insertArticle(opened.db, { ...input, itemId: other!.id }, now)).toBeUndefined();
    expect(await insertArticle(opened.db, { ...input, url: "https://outlet.example/elsewhere" }, now)).toBeUndefined();
    expect(await countArticles(opened.db)).toBe(1);
  });

  it("lists articles in the order of the ids asked for, skipping missing ones", async () => {
    const a = (await article("x")).row!;
    const b = (await article("y")).row!;
    const c = (await article("z")).row!;
    expect((await listArticlesByIds(opened.db, [c.id, a.id, 9999, b.id])).map((r) => r.id)).toEqual([c.id, a.id, b.id]);
    expect(await listArticlesByIds(opened.db, [])).toEqual([]);
    expect(await countArticles(opened.db, { sourceId })).toBe(3);
    expect(await countArticles(opened.db, { sourceId: sourceId + 100 })).toBe(0);
  });

  it("links a copy to its first copy and lists the copies of an article", async () => {
    const original = (await article("orig")).row!;
    const copy = (await article("copy", { duplicateOf: original.id, duplicateSimilarity: 0.93 })).row!;
    expect(copy).toMatchObject({ duplicate_of: original.id, duplicate_similarity: 0.93 });
    expect(original).toMatchObject({ duplicate_of: null, duplicate_similarity: null });
    expect((await listDuplicatesOf(opened.db, original.id)).map((r) => r.id)).toEqual([copy.id]);
    expect(await listArticleUrls(opened.db, ["https://outlet.example/copy", "https://outlet.example/none"])).toEqual(
      new Set(["https://outlet.example/copy"]),
    );
  });

  it("finds near-duplicate candidates by shared band, inside the time window, from other sources only", async () => {
    const other = await insertTestSource(opened.db);
    const near = (await article("near", { sourceId: other, publishedAt: "2026-11-26T08:00:00.000Z" })).row!;
    const far = (await article("far", { sourceId: other, publishedAt: "2026-10-01T08:00:00.000Z" })).row!;
    const own = (await article("own", { publishedAt: "2026-11-26T09:00:00.000Z" })).row!;
    const elsewhere = (await article("else", { sourceId: other, publishedAt: "2026-11-26T10:00:00.000Z" })).row!;
    await insertArticleBands(opened.db, near.id, ["b00:aaaa", "b01:bbbb"], near.published_at);
    await insertArticleBands(opened.db, near.id, ["b00:aaaa"], near.published_at);
    await insertArticleBands(opened.db, far.id, ["b00:aaaa"], far.published_at);
    await insertArticleBands(opened.db, own.id, ["b01:bbbb"], own.published_at);
    await insertArticleBands(opened.db, elsewhere.id, ["b02:cccc"], elsewhere.published_at);

    const found = await listDuplicateCandidates(opened.db, {
      bands: ["b00:aaaa", "b01:bbbb", "b05:ffff"],
      from: "2026-11-23T00:00:00.000Z",
      to: "2026-11-29T00:00:00.000Z",
      excludeSourceId: sourceId,
    });
    expect(found.map((r) => r.id)).toEqual([near.id]);
    expect(found[0]).toMatchObject({ source_id: other, text: "Some text.", duplicate_of: null });
    expect(await listDuplicateCandidates(opened.db, { bands: [], from: "", to: "9", excludeSourceId: 0 })).toEqual([]);
  });

  it("keeps a copy when its first copy is deleted, as an original", async () => {
    const original = (await article("o2")).row!;
    const copy = (await article("c2", { duplicateOf: original.id, duplicateSimilarity: 1 })).row!;
    await opened.db.deleteFrom("articles").where("id", "=", original.id).execute();
    expect(await findArticle(opened.db, copy.id)).toMatchObject({ duplicate_of: null });
  });
});
