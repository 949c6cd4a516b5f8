import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { insertTestArticle, insertTestSource } from "../../test/support/fixtures.ts";
import { loadConfig } from "../config.ts";
import { fixedClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import { type AnalysisBody, findAnalysisByStory, insertAnalysisVersion } from "../store/analyses.ts";
import type { Db, OpenedDb } from "../store/db.ts";
import {
  findSurvivingStory,
  getStory,
  listMergedStories,
  listStories,
  listStoryArticles,
  markStoryAnalysis,
} from "../store/stories.ts";
import { clusterPending } from "./cluster-article.ts";
import { type MergeDeps, mergeStories } from "./merge-stories.ts";

interface CorpusArticle {
  event: string;
  source: string;
  publishedAt: string;
  title: string;
  text: string;
}

const corpus = (
  JSON.parse(readFileSync(new URL("./testdata/four-events.json", import.meta.url), "utf8")) as {
    articles: CorpusArticle[];
  }
).articles;
const defaults = loadConfig({});

function depsFor(db: Db, threshold = defaults.cluster.threshold): MergeDeps {
  return {
    db,
    clock: fixedClock("2026-11-26T12:00:00.000Z"),
    logger: silentLogger,
    config: { cluster: { ...defaults.cluster, threshold }, publish: { minSources: 2 } },
  };
}

/** Stores the corpus and clusters it so strictly that every article starts its own story. */
async function splitCorpus(db: Db): Promise<Map<number, CorpusArticle>> {
  const sources = new Map<string, number>();
  const byId = new Map<number, CorpusArticle>();
  for (const a of corpus) {
    if (!sources.has(a.source)) sources.set(a.source, await insertTestSource(db, { name: a.source }));
    const id = await insertTestArticle(db, {
      sourceId: sources.get(a.source)!,
      title: a.title,
      text: a.text,
      publishedAt: a.publishedAt,
    });
    byId.set(id, a);
  }
  expect(await clusterPending(depsFor(db, 0.99))).toEqual({ clustered: 12, storiesCreated: 12 });
  return byId;
}

/** An analysis of a story citing each of its articles, as write-analysis would store it. */
async function analyse(db: Db, storyId: number, headline: string): Promise<void> {
  const articles = await listStoryArticles(db, storyId);
  const sources = articles.map((a, i) => ({
    number: i + 1,
    articleId: a.id,
    outlet: a.source_name,
    title: a.title,
    url: a.url,
    author: null,
    publishedAt: a.published_at,
  }));
  const claims = articles.map((a, i) => ({
    text: a.text.split(". ")[0]!,
    citations: [{ source: i + 1, passage: a.text.split(". ")[0]! }],
  }));
  const body: AnalysisBody = {
    headline,
    dek: "A story told from the articles below, each claim cited.",
    category: "World",
    tags: [],
    sections: [
      { kind: "hook", heading: "What happened", paragraphs: [{ claims }] },
      { kind: "background", heading: "Background", paragraphs: [{ claims }] },
    ],
    stakeholders: [],
    scenarios: [],
    keyFacts: [],
    timeline: [],
    whatToWatch: [],
    sources,
  };
  await insertAnalysisVersion(
    db,
    {
      storyId,
      body,
      verification: { total: claims.length, verified: claims.length, checks: [], dropped: [] },
      html: `<p>${headline}</p>`,
      readMinutes: 2,
      engine: "builtin",
    },
    new Date("2026-11-26T12:00:00.000Z"),
  );
  await markStoryAnalysis(db, storyId, "written");
}

async function storyOf(db: Db, articleId: number): Promise<number> {
  const row = await db.selectFrom("articles").select("story_id").where("id", "=", articleId).executeTakeFirstOrThrow();
  return row.story_id!;
}

describe.each(testDialects())("merge pass on $name", ({ open }) => {
  let opened: OpenedDb;
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await opened.close();
  });

  it("joins the split pieces of each event, and never two events, even look-alikes in one country", async () => {
    const byId = await splitCorpus(opened.db);
    const result = await mergeStories(depsFor(opened.db));
    expect(result.checked).toBe(12);
    expect(result.merges).toHaveLength(8);
    const storiesByEvent = new Map<string, Set<number>>();
    const eventsByStory = new Map<number, Set<string>>();
    for (const [id, a] of byId) {
      const story = await storyOf(opened.db, id);
      storiesByEvent.set(a.event, (storiesByEvent.get(a.event) ?? new Set()).add(story));
      eventsByStory.set(story, (eventsByStory.get(story) ?? new Set()).add(a.event));
    }
    for (const stories of storiesByEvent.values()) expect(stories.size).toBe(1);
    for (const events of eventsByStory.values()) expect(events.size).toBe(1);
    expect((await listStories(opened.db)).map((s) => s.article_count)).toEqual([3, 3, 3, 3]);
  });

  it("keeps every article and every cited article reachable, and the absorbed story's analysis readable", async () => {
    const byId = await splitCorpus(opened.db);
    const quake = [...byId].filter(([, a]) => a.event === "peru-earthquake").map(([id]) => id);
    const [firstStory, secondStory, thirdStory] = await Promise.all(quake.map((id) => storyOf(opened.db, id)));
    // Two pieces of the event already have analyses; the third has none.
    await analyse(opened.db, firstStory!, "Earthquake shakes southern Peru");
    await analyse(opened.db, secondStory!, "Peru counts the damage after the earthquake");

    const { merges } = await mergeStories(depsFor(opened.db));
    const survivor = await storyOf(opened.db, quake[0]!);
    // A story with an analysis survives; the story without one never does.
    expect([firstStory, secondStory]).toContain(survivor);
    expect(survivor).not.toBe(thirdStory);
    expect(
      merges
        .filter((m) => m.survivor === survivor)
        .map((m) => m.absorbed)
        .sort(),
    ).toEqual([firstStory, secondStory, thirdStory].filter((s) => s !== survivor).sort());

    // Every article of the event is in the survivor.
    const inSurvivor = (await listStoryArticles(opened.db, survivor)).map((a) => a.id).sort();
    expect(inSurvivor).toEqual([...quake].sort());
    for (const absorbed of [firstStory!, secondStory!, thirdStory!].filter((s) => s !== survivor)) {
      const row = await getStory(opened.db, absorbed);
      expect(row.merged_into).toBe(survivor);
      expect((await findSurvivingStory(opened.db, absorbed))?.id).toBe(survivor);
      expect(await listStoryArticles(opened.db, absorbed)).toEqual([]);
    }
    expect((await listMergedStories(opened.db, survivor)).map((s) => s.id).sort()).toEqual(
      [firstStory, secondStory, thirdStory].filter((s) => s !== survivor).sort(),
    );

    // Both analyses stay, and every article either cites is stored and in the surviving story.
    for (const story of [firstStory!, secondStory!]) {
      const analysis = await findAnalysisByStory(opened.db, story);
      expect(analysis, `analysis of story ${story}`).toBeDefined();
      const version = await opened.db
        .selectFrom("analysis_versions")
        .select(["article_ids", "body"])
        .where("id", "=", analysis!.current_version_id!)
        .executeTakeFirstOrThrow();
      const cited = JSON.parse(version.article_ids) as number[];
      expect(cited.length).toBeGreaterThan(0);
      for (const articleId of cited) {
        const stored = await opened.db
          .selectFrom("articles")
          .select(["id", "story_id"])
          .where("id", "=", articleId)
          .executeTakeFirst();
        expect(stored?.story_id).toBe(survivor);
      }
    }
    // Merged stories leave the listings; the survivor is queued for a new analysis version.
    expect((await listStories(opened.db)).map((s) => s.id)).not.toContain(
      firstStory === survivor ? secondStory : firstStory,
    );
    const jobs = await opened.db.selectFrom("jobs").select("dedupe_key").where("status", "=", "queued").execute();
    expect(jobs.map((j) => j.dedupe_key)).toContain(`write-analysis:${survivor}`);
    expect(await getStory(opened.db, survivor)).toMatchObject({ article_count: 3, source_count: 3, merge_pending: 0 });
  });

  it("works through the changed stories in rounds, to the same stories", async () => {
    await splitCorpus(opened.db);
    const result = await mergeStories(depsFor(opened.db), { perRound: 5 });
    expect(result.checked).toBeGreaterThan(5);
    expect(result.merges).toHaveLength(8);
    expect((await listStories(opened.db)).map((s) => s.article_count)).toEqual([3, 3, 3, 3]);
  });

  it("changes nothing when run again", async () => {
    await splitCorpus(opened.db);
    await mergeStories(depsFor(opened.db));
    const snapshot = async () => ({
      stories: await opened.db.selectFrom("stories").selectAll().orderBy("id").execute(),
      articles: await opened.db.selectFrom("articles").select(["id", "story_id"]).orderBy("id").execute(),
      terms: await opened.db.selectFrom("story_terms").selectAll().orderBy("story_id").orderBy("term").execute(),
      jobs: await opened.db.selectFrom("jobs").select(["dedupe_key", "status"]).orderBy("id").execute(),
    });
    const before = await snapshot();
    const later = { ...depsFor(opened.db), clock: fixedClock("2026-11-27T00:00:00.000Z") };
    expect(await mergeStories(later)).toEqual({ checked: 0, merges: [] });
    expect(await snapshot()).toEqual(before);
  });

  it("merges the same way from the same stories", async () => {
    await splitCorpus(opened.db);
    const first = await mergeStories(depsFor(opened.db));
    const other = await open();
    try {
      await splitCorpus(other.db);
      const second = await mergeStories(depsFor(other.db));
      expect(second.merges.map((m) => m.similarity)).toEqual(first.merges.map((m) => m.similarity));
    } finally {
      await other.close();
    }
  });

  it("leaves alone a story too far in time from its look-alike", async () => {
    const a = await insertTestSource(opened.db);
    const b = await insertTestSource(opened.db);
    const article = corpus[0]!;
    const deps = {
      ...depsFor(opened.db, 0.99),
      config: { ...depsFor(opened.db).config, cluster: { ...defaults.cluster, threshold: 0.99, windowHours: 48 } },
    };
    await insertTestArticle(opened.db, {
      sourceId: a,
      title: article.title,
      text: article.text,
      publishedAt: "2026-11-10T00:00:00.000Z",
    });
    await insertTestArticle(opened.db, {
      sourceId: b,
      title: article.title,
      text: article.text,
      publishedAt: "2026-11-20T00:00:00.000Z",
    });
    await clusterPending(deps);
    expect(await mergeStories(deps)).toMatchObject({ checked: 2, merges: [] });
  });
});
