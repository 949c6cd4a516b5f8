import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { insertTestArticle, insertTestSource } from "../../test/support/fixtures.ts";
import { NotFoundError } from "../lib/errors.ts";
import type { OpenedDb } from "./db.ts";
import {
  addTermCounts,
  countPendingArticles,
  countStories,
  findCurrentStoryOfArticle,
  findStory,
  findStoryBySlug,
  findSurvivingStory,
  getStory,
  insertArticleEmbedding,
  insertStory,
  listArticleEmbeddings,
  listArticlesToCluster,
  listCandidateStories,
  listMergedStories,
  listMergePendingStories,
  listPendingArticleIds,
  listStories,
  listStoriesSeenSince,
  listStoryArticles,
  listStoryMemberFacts,
  listStoryMemberVectors,
  listTermStats,
  markArticleClustered,
  markStoriesMergeChecked,
  markStoryAnalysis,
  markStoryMerged,
  moveStoryArticles,
  replaceStoryTerms,
  updateStory,
  updateTermStats,
} from "./stories.ts";

const now = "2026-11-27T10:00:00.000Z";

describe.each(testDialects())("story store on $name", ({ open }) => {
  let opened: OpenedDb;
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await opened.close();
  });

  const story = (slug: string, seen = "2026-11-26T12:00:00.000Z") =>
    insertStory(opened.db, { slug, title: slug, firstSeenAt: seen, lastSeenAt: seen, now });

  it("makes a taken slug unique with a numeric suffix", async () => {
    const first = await story("port-strike");
    const second = await story("port-strike");
    const third = await story("port-strike");
    await story("port-strike-ends");
    expect([first.slug, second.slug, third.slug]).toEqual(["port-strike", "port-strike-2", "port-strike-3"]);
    expect((await story("port-strike")).slug).toBe("port-strike-4");
    expect((await findStoryBySlug(opened.db, "port-strike-2"))?.id).toBe(second.id);
    expect(await countStories(opened.db)).toBe(5);
  });

  it("finds a story or says it is not there", async () => {
    const s = await story("quake");
    expect((await getStory(opened.db, s.id)).title).toBe("quake");
    expect(await findStory(opened.db, s.id + 100)).toBeUndefined();
    await expect(getStory(opened.db, s.id + 100)).rejects.toBeInstanceOf(NotFoundError);
    expect(await findStoryBySlug(opened.db, "nope")).toBeUndefined();
  });

  it("lists stories by score, best first, with a limit and a minimum of outlets", async () => {
    const low = await story("low");
    const high = await story("high");
    const mid = await story("mid");
    await updateStory(opened.db, low.id, { score: 0.5, source_count: 1 });
    await updateStory(opened.db, high.id, { score: 4.25, source_count: 3 });
    await updateStory(opened.db, mid.id, { score: 2, source_count: 2 });
    expect((await listStories(opened.db)).map((s) => s.slug)).toEqual(["high", "mid", "low"]);
    expect((await listStories(opened.db, { limit: 2 })).map((s) => s.slug)).toEqual(["high", "mid"]);
    expect((await listStories(opened.db, { limit: 2, offset: 2 })).map((s) => s.slug)).toEqual(["low"]);
    expect((await listStories(opened.db, { minSources: 2 })).map((s) => s.slug)).toEqual(["high", "mid"]);
  });

  it("marks a story's analysis status, and refuses a story that does not exist", async () => {
    const s = await story("vote");
    await markStoryAnalysis(opened.db, s.id, "written");
    const after = await getStory(opened.db, s.id);
    expect(after.analysis_status).toBe("written");
    expect(after.updated_at).toBe(s.updated_at);
    await expect(markStoryAnalysis(opened.db, s.id + 1, "skipped")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lists a story's articles oldest first with their outlet's name and homepage", async () => {
    const harbor = await insertTestSource(opened.db, { name: "Harbor Daily", homepage: "https://harbor.example" });
    const ledger = await insertTestSource(opened.db, { name: "Pacific Ledger", homepage: "https://ledger.example" });
    const s = await story("strike");
    const later = await insertTestArticle(opened.db, {
      sourceId: harbor,
      title: "Later",
      text: "b",
      publishedAt: "2026-11-26T15:00:00.000Z",
    });
    const earlier = await insertTestArticle(opened.db, {
      sourceId: ledger,
      title: "Earlier",
      text: "a",
      publishedAt: "2026-11-26T09:00:00.000Z",
    });
    const elsewhere = await insertTestArticle(opened.db, { sourceId: ledger, title: "Other", text: "c" });
    for (const id of [later, earlier])
      await markArticleClustered(opened.db, id, { storyId: s.id, terms: "{}", entities: "[]" });
    const articles = await listStoryArticles(opened.db, s.id);
    expect(articles.map((a) => [a.id, a.title, a.source_name, a.source_homepage])).toEqual([
      [earlier, "Earlier", "Pacific Ledger", "https://ledger.example"],
      [later, "Later", "Harbor Daily", "https://harbor.example"],
    ]);
    expect(articles[0]!.cluster_status).toBe("clustered");
    expect(await listPendingArticleIds(opened.db, 10)).toEqual([elsewhere]);
    expect(await countPendingArticles(opened.db)).toBe(1);
  });

  it("lists pending articles in published order", async () => {
    const src = await insertTestSource(opened.db);
    const c = await insertTestArticle(opened.db, {
      sourceId: src,
      title: "c",
      text: "c",
      publishedAt: "2026-11-26T03:00:00.000Z",
    });
    const a = await insertTestArticle(opened.db, {
      sourceId: src,
      title: "a",
      text: "a",
      publishedAt: "2026-11-26T01:00:00.000Z",
    });
    const b = await insertTestArticle(opened.db, {
      sourceId: src,
      title: "b",
      text: "b",
      publishedAt: "2026-11-26T02:00:00.000Z",
    });
    expect(await listPendingArticleIds(opened.db, 10)).toEqual([a, b, c]);
    expect(await listPendingArticleIds(opened.db, 2)).toEqual([a, b]);
  });

  it("finds candidate stories by shared terms, only inside the time window, most overlap first", async () => {
    const quake = await story("quake", "2026-11-26T10:00:00.000Z");
    const vote = await story("vote", "2026-11-26T11:00:00.000Z");
    const old = await story("old-quake", "2026-11-01T10:00:00.000Z");
    const later = await story("later-quake", "2026-12-20T10:00:00.000Z");
    await replaceStoryTerms(
      opened.db,
      quake.id,
      new Map([
        ["quake", 0.8],
        ["peru", 0.6],
      ]),
      "2026-11-26T10:00:00.000Z",
    );
    await replaceStoryTerms(
      opened.db,
      vote.id,
      new Map([
        ["vote", 0.9],
        ["peru", 0.4],
      ]),
      "2026-11-26T11:00:00.000Z",
    );
    await replaceStoryTerms(opened.db, old.id, new Map([["quake", 1]]), "2026-11-01T10:00:00.000Z");
    await replaceStoryTerms(opened.db, later.id, new Map([["quake", 1]]), "2026-12-20T10:00:00.000Z");
    const candidates = await listCandidateStories(opened.db, {
      since: "2026-11-22T12:00:00.000Z",
      until: "2026-11-30T12:00:00.000Z",
      latest: "2026-12-14T12:00:00.000Z",
      terms: new Map([
        ["quake", 0.7],
        ["peru", 0.7],
        ["lima", 0.1],
      ]),
      limit: 10,
    });
    expect(candidates.map((c) => c.story.id)).toEqual([quake.id, vote.id]);
    expect(candidates[0]!.overlap).toBeCloseTo(0.8 * 0.7 + 0.6 * 0.7, 10);
    const one = await listCandidateStories(opened.db, {
      since: "2026-11-22T12:00:00.000Z",
      until: "2026-11-30T12:00:00.000Z",
      latest: "2026-12-14T12:00:00.000Z",
      terms: new Map([["peru", 1]]),
      limit: 1,
    });
    expect(one.map((c) => c.story.id)).toEqual([quake.id]);
    const notQuake = await listCandidateStories(opened.db, {
      since: "2026-11-22T12:00:00.000Z",
      until: "2026-11-30T12:00:00.000Z",
      latest: "2026-12-14T12:00:00.000Z",
      terms: new Map([["peru", 1]]),
      limit: 5,
      exclude: quake.id,
    });
    expect(notQuake.map((c) => c.story.id)).toEqual([vote.id]);
    // A story that began before the window and ran on far past it is found only when the bound allows.
    const long = await insertStory(opened.db, {
      slug: "long-war",
      title: "long-war",
      firstSeenAt: "2026-11-20T00:00:00.000Z",
      lastSeenAt: "2026-12-20T00:00:00.000Z",
      now,
    });
    await replaceStoryTerms(opened.db, long.id, new Map([["siege", 1]]), "2026-12-20T00:00:00.000Z");
    const siege = (latest: string) =>
      listCandidateStories(opened.db, {
        since: "2026-11-22T12:00:00.000Z",
        until: "2026-11-30T12:00:00.000Z",
        latest,
        terms: new Map([["siege", 1]]),
        limit: 5,
      });
    expect(await siege("2026-12-14T12:00:00.000Z")).toEqual([]);
    expect((await siege("2026-12-31T00:00:00.000Z")).map((c) => c.story.id)).toEqual([long.id]);
  });

  it("replaces a story's terms rather than adding to them", async () => {
    const s = await story("quake");
    await replaceStoryTerms(opened.db, s.id, new Map([["quake", 1]]), "2026-11-26T12:00:00.000Z");
    await replaceStoryTerms(opened.db, s.id, new Map([["tremor", 1]]), "2026-11-26T12:00:00.000Z");
    const window = {
      since: "2026-11-25T00:00:00.000Z",
      until: "2026-11-28T00:00:00.000Z",
      latest: "2026-12-12T00:00:00.000Z",
      limit: 5,
    };
    expect(await listCandidateStories(opened.db, { ...window, terms: new Map([["quake", 1]]) })).toEqual([]);
    expect(await listCandidateStories(opened.db, { ...window, terms: new Map([["tremor", 1]]) })).toHaveLength(1);
  });

  it("counts documents and the documents each term occurs in", async () => {
    expect(await listTermStats(opened.db, ["peru"])).toEqual({ documents: 0, df: new Map() });
    await updateTermStats(opened.db, ["peru", "quake", "peru"]);
    await updateTermStats(opened.db, ["peru", "vote"]);
    const terms = Array.from({ length: 900 }, (_, i) => `t${i}`);
    await updateTermStats(opened.db, terms);
    const stats = await listTermStats(opened.db, ["peru", "quake", "vote", "lima", ...terms]);
    expect(stats.documents).toBe(3);
    expect(stats.df.get("peru")).toBe(2);
    expect(stats.df.get("quake")).toBe(1);
    expect(stats.df.has("lima")).toBe(false);
    expect(stats.df.get("t899")).toBe(1);
    expect(stats.df.size).toBe(903);
  });

  it("adds a batch's document counts in one go", async () => {
    await addTermCounts(
      opened.db,
      new Map([
        ["peru", 2],
        ["quake", 1],
      ]),
      3,
    );
    await addTermCounts(
      opened.db,
      new Map([
        ["peru", 1],
        ["never", 0],
      ]),
      1,
    );
    await addTermCounts(opened.db, new Map(), 0);
    const stats = await listTermStats(opened.db, ["peru", "quake", "never"]);
    expect(stats).toEqual({
      documents: 4,
      df: new Map([
        ["peru", 3],
        ["quake", 1],
      ]),
    });
  });

  it("merges a story into another: articles move, the pointer is kept one step long, listings skip it", async () => {
    const src = await insertTestSource(opened.db);
    const [a, b, c] = [await story("a"), await story("b"), await story("c")];
    const inB = await insertTestArticle(opened.db, { sourceId: src, title: "b1", text: "b" });
    const inC = await insertTestArticle(opened.db, { sourceId: src, title: "c1", text: "c" });
    await markArticleClustered(opened.db, inB, { storyId: b.id, terms: "{}", entities: "[]" });
    await markArticleClustered(opened.db, inC, { storyId: c.id, terms: "{}", entities: "[]" });
    await replaceStoryTerms(opened.db, b.id, new Map([["quake", 1]]), "2026-11-26T12:00:00.000Z");

    expect(await moveStoryArticles(opened.db, b.id, c.id)).toBe(1);
    await markStoryMerged(opened.db, b.id, c.id, now);
    expect(await findCurrentStoryOfArticle(opened.db, inB)).toBe(c.id);
    // c merges into a: b's pointer follows.
    await moveStoryArticles(opened.db, c.id, a.id);
    await markStoryMerged(opened.db, c.id, a.id, now);
    expect((await getStory(opened.db, b.id)).merged_into).toBe(a.id);
    expect((await findSurvivingStory(opened.db, b.id))?.id).toBe(a.id);
    expect((await findSurvivingStory(opened.db, a.id))?.id).toBe(a.id);
    expect(await findSurvivingStory(opened.db, a.id + 100)).toBeUndefined();
    expect((await listMergedStories(opened.db, a.id)).map((s) => s.id)).toEqual([b.id, c.id]);
    expect((await listStories(opened.db)).map((s) => s.id)).toEqual([a.id]);
    expect((await listStoriesSeenSince(opened.db, "2026-01-01T00:00:00.000Z")).map((s) => s.id)).toEqual([a.id]);
    expect(await findCurrentStoryOfArticle(opened.db, inC)).toBe(a.id);
    // Out of the term index.
    const window = {
      since: "2026-11-25T00:00:00.000Z",
      until: "2026-11-28T00:00:00.000Z",
      latest: "2026-12-12T00:00:00.000Z",
      limit: 5,
    };
    expect(await listCandidateStories(opened.db, { ...window, terms: new Map([["quake", 1]]) })).toEqual([]);
  });

  it("lists stories the merge pass has not seen since they changed", async () => {
    const [a, b] = [await story("a"), await story("b")];
    expect((await listMergePendingStories(opened.db, 10)).map((s) => s.id)).toEqual([a.id, b.id]);
    await markStoriesMergeChecked(opened.db, [a.id]);
    expect((await listMergePendingStories(opened.db, 10)).map((s) => s.id)).toEqual([b.id]);
  });

  it("reads a story's members: all their facts, and the vectors of the newest originals", async () => {
    const src = await insertTestSource(opened.db);
    const s = await story("quake");
    const ids: number[] = [];
    for (const [hour, copy] of [
      [9, false],
      [10, false],
      [11, true],
    ] as const) {
      const id = await insertTestArticle(opened.db, {
        sourceId: src,
        title: `t${hour}`,
        text: "x",
        publishedAt: `2026-11-26T${String(hour).padStart(2, "0")}:00:00.000Z`,
      });
      await markArticleClustered(opened.db, id, {
        storyId: s.id,
        terms: `{"t${hour}":1}`,
        names: "{}",
        entities: "[]",
      });
      if (copy) await opened.db.updateTable("articles").set({ duplicate_of: ids[0]! }).where("id", "=", id).execute();
      ids.push(id);
    }
    expect((await listStoryMemberFacts(opened.db, s.id)).map((f) => [f.id, f.duplicate_of])).toEqual([
      [ids[0], null],
      [ids[1], null],
      [ids[2], ids[0]],
    ]);
    expect((await listStoryMemberVectors(opened.db, s.id, 5)).map((m) => m.terms)).toEqual(['{"t9":1}', '{"t10":1}']);
    expect((await listStoryMemberVectors(opened.db, s.id, 1)).map((m) => m.id)).toEqual([ids[1]]);
    expect(
      (await listArticlesToCluster(opened.db, [ids[2]!, 999_999, ids[0]!])).map((a) => [a.id, a.duplicate_of]),
    ).toEqual([
      [ids[2], ids[0]],
      [ids[0], null],
    ]);
  });

  it("keeps one embedding per article, found by model", async () => {
    const src = await insertTestSource(opened.db);
    const id = await insertTestArticle(opened.db, { sourceId: src, title: "t", text: "x" });
    await insertArticleEmbedding(opened.db, { articleId: id, model: "m1", vector: "AAAA", createdAt: now });
    await insertArticleEmbedding(opened.db, { articleId: id, model: "m2", vector: "BBBB", createdAt: now });
    expect(await listArticleEmbeddings(opened.db, [id], "m2")).toEqual(new Map([[id, "BBBB"]]));
    expect(await listArticleEmbeddings(opened.db, [id], "m1")).toEqual(new Map());
  });
});
