import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { fixtureBody, seedAnalysis } from "../web/testdata/analysis-fixture.ts";
import type { OpenedDb } from "./db.ts";
import {
  indexAnalysisForSearch,
  makeSnippet,
  parseSearchQuery,
  reindexAllForSearch,
  SNIPPET_END,
  SNIPPET_START,
  searchPublishedAnalyses,
  tagSlug,
} from "./search.ts";
import { findSiteRevision } from "./site-state.ts";

describe("search query parsing", () => {
  it("keeps at most eight lower-cased words of letters and digits, dropping every operator", () => {
    expect(parseSearchQuery('Tidal "gate" OR -flood* NEAR(x) a:b')).toEqual([
      "tidal",
      "gate",
      "or",
      "flood",
      "near",
      "x",
      "a",
      "b",
    ]);
    expect(parseSearchQuery("one two three four five six seven eight nine")).toHaveLength(8);
    expect(parseSearchQuery("정부는 발표했다")).toEqual(["정부는", "발표했다"]);
    expect(parseSearchQuery(' "* ) ')).toEqual([]);
  });

  it("makes tag slugs from words of any script", () => {
    expect(tagSlug("Climate Change!")).toBe("climate-change");
    expect(tagSlug("북한 포로")).toBe("북한-포로");
    expect(tagSlug("***")).toBe("");
  });
});

describe.each(testDialects())("search index on $name", ({ open }) => {
  let opened: OpenedDb;
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await opened.close();
  });
  const search = (q: string) => searchPublishedAnalyses(opened.db, q, { limit: 10, offset: 0 });

  async function seedIndexed(options: Parameters<typeof seedAnalysis>[1] = {}) {
    const seeded = await seedAnalysis(opened.db, options);
    await indexAnalysisForSearch(opened.db, seeded.analysisId);
    return seeded;
  }

  it("finds published analyses by headline, dek and body words, as prefixes, with a marked snippet", async () => {
    const gate = await seedIndexed();
    await seedIndexed({
      body: fixtureBody({
        headline: "Harbour Dredging Resumes in Fernbay",
        dek: "Dredgers returned to the channel after a winter pause and a dispute over contracts.",
        tags: ["dredging"],
      }),
    });
    // Both bodies tell of the gate; only one headline does.
    expect((await search("tidal")).map((h) => h.slug)[0]).toBe(gate.slug);
    expect((await search("tid")).map((h) => h.slug)[0]).toBe(gate.slug);
    expect((await search("bets")).map((h) => h.slug)).toEqual([gate.slug]);
    expect((await search("dredgers winter")).map((h) => h.headline)).toEqual(["Harbour Dredging Resumes in Fernbay"]);
    const [hit] = await search("surges bets");
    expect(hit).toMatchObject({ slug: gate.slug, category: "Climate", readMinutes: 4, sourceCount: 3 });
    expect(hit?.snippet).toContain(`${SNIPPET_START}`);
    expect(hit?.snippet).toMatch(new RegExp(`${SNIPPET_START}surges${SNIPPET_END}`, "i"));
    expect(await search("nothing-like-this-anywhere")).toEqual([]);
  });

  it("ranks a headline match above a match in the body only", async () => {
    const inBody = await seedIndexed({
      at: "2026-11-26T13:00:00.000Z",
      body: fixtureBody({
        headline: "Fernbay Council Meets Again",
        whatToWatch: ["Whether the lighthouse keeper resigns."],
      }),
    });
    const inHeadline = await seedIndexed({
      at: "2026-11-20T13:00:00.000Z",
      body: fixtureBody({ headline: "The Lighthouse Keeper of Fernbay Speaks" }),
    });
    expect((await search("lighthouse")).map((h) => h.id)).toEqual([inHeadline.analysisId, inBody.analysisId]);
  });

  it("treats query syntax as words and never fails on it", async () => {
    await seedIndexed();
    for (const q of [
      '"',
      "*",
      "tidal OR",
      "-gate",
      "gate:*",
      "NEAR(tidal gate)",
      "'; drop table analyses; --",
      "\u0000",
    ]) {
      await expect(search(q)).resolves.toBeInstanceOf(Array);
    }
    expect(await search('"tidal"')).toHaveLength(1);
  });

  it("matches Korean words with attached particles by prefix", async () => {
    await seedIndexed({
      body: fixtureBody({
        headline: "정부는 새 방조제 건설을 승인했다",
        dek: "시의회가 항구 입구에 방조제를 짓기로 결정했다.",
      }),
    });
    expect(await search("정부")).toHaveLength(1);
    expect(await search("방조제")).toHaveLength(1);
  });

  it("leaves drafts out, and removes an analysis that is no longer published", async () => {
    const draft = await seedAnalysis(opened.db, { publish: false });
    await indexAnalysisForSearch(opened.db, draft.analysisId);
    expect(await search("tidal")).toEqual([]);
    const live = await seedIndexed({ body: fixtureBody({ headline: "Fernbay Tidal Gate Approved" }) });
    expect(await search("tidal")).toHaveLength(1);
    await opened.db
      .updateTable("analyses")
      .set({ published_version_id: null })
      .where("id", "=", live.analysisId)
      .execute();
    await indexAnalysisForSearch(opened.db, live.analysisId);
    expect(await search("tidal")).toEqual([]);
    expect(await opened.db.selectFrom("analysis_tags").selectAll().execute()).toEqual([]);
  });

  it("records the tags, the published version and a new site revision, and is idempotent", async () => {
    const before = (await findSiteRevision(opened.db))?.revision ?? 0;
    const seeded = await seedIndexed();
    await indexAnalysisForSearch(opened.db, seeded.analysisId);
    const tags = await opened.db
      .selectFrom("analysis_tags")
      .select(["tag_slug", "tag", "published_at"])
      .orderBy("tag_slug")
      .execute();
    expect(tags).toEqual([
      { tag_slug: "flooding", tag: "flooding", published_at: "2026-11-26T12:00:00.000Z" },
      { tag_slug: "infrastructure", tag: "infrastructure", published_at: "2026-11-26T12:00:00.000Z" },
    ]);
    const publications = await opened.db.selectFrom("analysis_publications").selectAll().execute();
    expect(publications).toEqual([
      { version_id: seeded.versionId, analysis_id: seeded.analysisId, published_at: "2026-11-26T12:00:00.000Z" },
    ]);
    expect((await findSiteRevision(opened.db))?.revision).toBe(before + 2);
    expect(await search("tidal")).toHaveLength(1);
  });

  it("reindexes every published analysis", async () => {
    await seedAnalysis(opened.db);
    await seedAnalysis(opened.db, { body: fixtureBody({ headline: "Harbour Dredging Resumes in Fernbay" }) });
    expect(await search("fernbay")).toEqual([]);
    expect(await reindexAllForSearch(opened.db)).toBe(2);
    expect(await search("fernbay")).toHaveLength(2);
  });

  it("pages with limit and offset", async () => {
    for (let i = 0; i < 5; i++) {
      await seedIndexed({
        at: `2026-11-2${i}T10:00:00.000Z`,
        body: fixtureBody({ headline: `Fernbay harbour report ${i}` }),
      });
    }
    const first = await searchPublishedAnalyses(opened.db, "harbour report", { limit: 3, offset: 0 });
    const second = await searchPublishedAnalyses(opened.db, "harbour report", { limit: 3, offset: 3 });
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(2);
    expect(new Set([...first, ...second].map((h) => h.id)).size).toBe(5);
  });
});

describe("snippets", () => {
  it("marks the words that match, in the window with the most different terms, and cuts with ellipses", () => {
    const text = `${"filler ".repeat(40)}The tidal gate was approved. ${"more ".repeat(10)}Crews fear the gates will block the channel. ${"tail ".repeat(40)}`;
    const snippet = makeSnippet(text, ["gate", "crews"]);
    expect(snippet.startsWith("… ")).toBe(true);
    expect(snippet.endsWith(" …")).toBe(true);
    expect(snippet).toContain(`${SNIPPET_START}gate${SNIPPET_END} was approved`);
    expect(snippet).toContain(`${SNIPPET_START}Crews${SNIPPET_END}`);
    expect(snippet).toContain(`${SNIPPET_START}gates${SNIPPET_END}`);
  });

  it("matches inflected forms by their head and returns the start when nothing matches", () => {
    expect(makeSnippet("Storm surges flooded the town.", ["floods"])).toBe(
      `Storm surges ${SNIPPET_START}flooded${SNIPPET_END} the town.`,
    );
    expect(makeSnippet("정부는 방조제를 승인했다", ["정부"])).toBe(
      `${SNIPPET_START}정부는${SNIPPET_END} 방조제를 승인했다`,
    );
    expect(makeSnippet("Nothing here at all.", ["tidal"])).toBe("Nothing here at all.");
    expect(makeSnippet("", ["tidal"])).toBe("");
  });
});
