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
  listArticlesByIds,
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
});
