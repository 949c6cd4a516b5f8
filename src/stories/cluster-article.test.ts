import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { insertTestArticle, insertTestSource } from "../../test/support/fixtures.ts";
import { loadConfig } from "../config.ts";
import { fixedClock } from "../lib/clock.ts";
import { NotFoundError } from "../lib/errors.ts";
import { silentLogger } from "../lib/logger.ts";
import type { Db, OpenedDb } from "../store/db.ts";
import { getStory, listStoryArticles, listTermStats } from "../store/stories.ts";
import { type ClusterDeps, clusterArticle, clusterPending } from "./cluster-article.ts";
import { createEmbedder } from "./embeddings.ts";
import { type EmbeddingsBehaviour, startEmbeddingsServer } from "./testdata/embeddings-server.ts";

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

// The shipped defaults: this suite is what the default threshold is tuned on.
const defaults = loadConfig({});

function depsFor(
  db: Db,
  overrides: Partial<{ minSources: number; windowHours: number; threshold: number }> = {},
): ClusterDeps {
  return {
    db,
    clock: fixedClock("2026-11-26T12:00:00.000Z"),
    logger: silentLogger,
    config: {
      cluster: {
        ...defaults.cluster,
        ...(overrides.windowHours ? { windowHours: overrides.windowHours } : {}),
        ...(overrides.threshold ? { threshold: overrides.threshold } : {}),
      },
      publish: { minSources: overrides.minSources ?? defaults.publish.minSources },
    },
  };
}

/** Stores the corpus (in file order, not published order) and returns article id -> event. */
async function storeCorpus(db: Db): Promise<Map<number, CorpusArticle>> {
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
  return byId;
}

async function snapshot(db: Db) {
  return {
    stories: await db.selectFrom("stories").selectAll().orderBy("id").execute(),
    articles: await db
      .selectFrom("articles")
      .select(["id", "story_id", "cluster_status", "terms", "entities"])
      .orderBy("id")
      .execute(),
    jobs: await db.selectFrom("jobs").select(["name", "payload", "dedupe_key", "status"]).orderBy("id").execute(),
    termDf: await db.selectFrom("term_df").selectAll().orderBy("term").execute(),
    embeddings: await db.selectFrom("article_embeddings").selectAll().orderBy("article_id").execute(),
    storyTerms: await db.selectFrom("story_terms").selectAll().orderBy("story_id").orderBy("term").execute(),
    storyVectors: await db.selectFrom("story_vectors").selectAll().orderBy("story_id").execute(),
    decisions: await db.selectFrom("cluster_decisions").selectAll().orderBy("article_id").execute(),
  };
}

describe.each(testDialects())("clustering on $name", ({ open }) => {
  let opened: OpenedDb;
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await opened.close();
  });

  it("groups twelve articles about four events, two of them look-alikes per country, into exactly those four stories", async () => {
    const byId = await storeCorpus(opened.db);
    const result = await clusterPending(depsFor(opened.db));
    expect(result).toEqual({ clustered: 12, storiesCreated: 4 });

    const rows = await opened.db.selectFrom("articles").select(["id", "story_id"]).execute();
    const eventsByStory = new Map<number, Set<string>>();
    const storiesByEvent = new Map<string, Set<number>>();
    for (const row of rows) {
      const event = byId.get(row.id)!.event;
      eventsByStory.set(row.story_id!, (eventsByStory.get(row.story_id!) ?? new Set()).add(event));
      storiesByEvent.set(event, (storiesByEvent.get(event) ?? new Set()).add(row.story_id!));
    }
    expect([...eventsByStory.values()].map((events) => [...events])).toHaveLength(4);
    for (const events of eventsByStory.values()) expect(events.size).toBe(1);
    for (const stories of storiesByEvent.values()) expect(stories.size).toBe(1);

    // Each story: three outlets, titled after its first article, spanning its articles' times.
    const quakeStory = [...storiesByEvent.get("peru-earthquake")!][0]!;
    const story = await getStory(opened.db, quakeStory);
    expect(story).toMatchObject({
      slug: "strong-earthquake-shakes-southern-peru-killing-at-least-six",
      title: "Strong earthquake shakes southern Peru, killing at least six",
      article_count: 3,
      source_count: 3,
      first_seen_at: "2026-11-25T11:20:00.000Z",
      last_seen_at: "2026-11-26T07:40:00.000Z",
    });
    expect(JSON.parse(story.entities)).toEqual(expect.arrayContaining(["arequipa", "lucia ferreyra", "chala"]));
    expect(story.score).toBeGreaterThan(0);
    expect(JSON.parse(story.score_breakdown)).toMatchObject({ sources: 3, articles: 3, score: story.score });
    const vectors = await opened.db
      .selectFrom("story_vectors")
      .selectAll()
      .where("story_id", "=", quakeStory)
      .executeTakeFirstOrThrow();
    expect(Object.keys(JSON.parse(vectors.centroid))).toEqual(expect.arrayContaining(["earthquake", "arequipa"]));
    expect(Object.keys(JSON.parse(vectors.names))).toEqual(expect.arrayContaining(["arequipa"]));
    expect((await listStoryArticles(opened.db, quakeStory)).map((a) => a.source_name)).toEqual([
      "Harbor Daily",
      "Andes Observer",
      "Pacific Ledger",
    ]);
  });

  it("reports which articles joined and which started a story", async () => {
    const byId = await storeCorpus(opened.db);
    const results: Array<{ event: string; joined: boolean; similarity: number }> = [];
    await clusterPending(depsFor(opened.db), {
      onProgress: ({ result, done, total }) => {
        expect(total).toBe(12);
        expect(done).toBe(results.length + 1);
        results.push({
          event: byId.get(result.articleId)!.event,
          joined: result.joined,
          similarity: result.similarity,
        });
      },
    });
    const starters = results.filter((r) => !r.joined).map((r) => r.event);
    expect(starters).toEqual(["korea-shipyard-strike", "korea-rate-cut", "peru-mining-law", "peru-earthquake"]);
    for (const r of results.filter((r) => r.joined))
      expect(r.similarity).toBeGreaterThanOrEqual(defaults.cluster.threshold);
    for (const r of results.filter((r) => !r.joined)) expect(r.similarity).toBeLessThan(defaults.cluster.threshold);
  });

  it("changes nothing when the same articles are clustered again", async () => {
    const byId = await storeCorpus(opened.db);
    const deps = depsFor(opened.db);
    const first = new Map<number, unknown>();
    for (const id of [...byId.keys()].sort((a, b) =>
      byId.get(a)!.publishedAt.localeCompare(byId.get(b)!.publishedAt),
    )) {
      first.set(id, await clusterArticle(deps, id));
    }
    const before = await snapshot(opened.db);
    const later = { ...deps, clock: fixedClock("2026-11-29T00:00:00.000Z") };
    for (const id of byId.keys()) expect(await clusterArticle(later, id)).toEqual(first.get(id));
    expect(await clusterPending(later)).toEqual({ clustered: 0, storiesCreated: 0 });
    expect(await snapshot(opened.db)).toEqual(before);
  });

  it("makes the same stories from the same articles in the same order", async () => {
    await storeCorpus(opened.db);
    await clusterPending(depsFor(opened.db));
    const other = await open();
    try {
      await storeCorpus(other.db);
      await clusterPending(depsFor(other.db));
      const shape = async (db: Db) =>
        await db
          .selectFrom("stories as s")
          .innerJoin("story_vectors as v", "v.story_id", "s.id")
          .select(["s.slug", "s.article_count", "v.centroid", "s.entities", "s.score"])
          .orderBy("s.slug")
          .execute();
      expect(await shape(other.db)).toEqual(await shape(opened.db));
    } finally {
      await other.close();
    }
  });

  it("queues write-analysis once a story has two outlets, once, and never for a single-outlet story", async () => {
    const deps = depsFor(opened.db, { minSources: 2 });
    const [first, second, third] = corpus.filter((a) => a.event === "peru-earthquake");
    const harbor = await insertTestSource(opened.db, { name: "Harbor Daily" });
    const andes = await insertTestSource(opened.db, { name: "Andes Observer" });
    const ledger = await insertTestSource(opened.db, { name: "Pacific Ledger" });
    const add = (sourceId: number, a: CorpusArticle, suffix = "") =>
      insertTestArticle(opened.db, { sourceId, title: a.title + suffix, text: a.text, publishedAt: a.publishedAt });
    const jobs = () => opened.db.selectFrom("jobs").select(["name", "payload", "dedupe_key"]).execute();

    const a = await clusterArticle(deps, await add(harbor, first!));
    expect(a.joined).toBe(false);
    expect(await jobs()).toEqual([]);
    // A second article from the same outlet is still one outlet.
    const b = await clusterArticle(deps, await add(harbor, second!, " (update)"));
    expect(b).toMatchObject({ storyId: a.storyId, joined: true });
    expect(await jobs()).toEqual([]);

    const c = await clusterArticle(deps, await add(andes, third!));
    expect(c).toMatchObject({ storyId: a.storyId, joined: true });
    const expected = [
      {
        name: "write-analysis",
        payload: JSON.stringify({ storyId: a.storyId }),
        dedupe_key: `write-analysis:${a.storyId}`,
      },
    ];
    expect(await jobs()).toEqual(expected);
    await clusterArticle(deps, await add(ledger, third!, " (analysis)"));
    expect(await jobs()).toEqual(expected);
    expect((await getStory(opened.db, a.storyId)).source_count).toBe(3);

    // A single-outlet story elsewhere gets no job.
    const other = corpus.find((x) => x.event === "korea-rate-cut")!;
    const d = await clusterArticle(deps, await add(ledger, other));
    expect(d.joined).toBe(false);
    expect(await jobs()).toEqual(expected);
  });

  it("starts a new story, with a unique slug, for the same event outside the time window", async () => {
    const src = await insertTestSource(opened.db);
    const other = await insertTestSource(opened.db);
    const a = corpus[0]!;
    const deps = depsFor(opened.db, { windowHours: 48 });
    const first = await clusterArticle(
      deps,
      await insertTestArticle(opened.db, {
        sourceId: src,
        title: a.title,
        text: a.text,
        publishedAt: "2026-11-10T00:00:00.000Z",
      }),
    );
    const tooLate = await clusterArticle(
      deps,
      await insertTestArticle(opened.db, {
        sourceId: other,
        title: a.title,
        text: a.text,
        publishedAt: "2026-11-13T00:00:00.000Z",
      }),
    );
    expect(tooLate.joined).toBe(false);
    expect(tooLate.similarity).toBe(0);
    expect(tooLate.storyId).not.toBe(first.storyId);
    const slugs = [(await getStory(opened.db, first.storyId)).slug, (await getStory(opened.db, tooLate.storyId)).slug];
    expect(slugs).toEqual([
      "court-orders-striking-shipyard-workers-back-to-geoje-docks",
      "court-orders-striking-shipyard-workers-back-to-geoje-docks-2",
    ]);
    // Inside the window, it joins the nearer story.
    const inside = await clusterArticle(
      deps,
      await insertTestArticle(opened.db, {
        sourceId: other,
        title: a.title,
        text: a.text,
        publishedAt: "2026-11-12T00:00:00.000Z",
      }),
    );
    expect(inside).toMatchObject({ joined: true });
  });

  it("clusters inside the caller's transaction when given one", async () => {
    const src = await insertTestSource(opened.db);
    const a = corpus[0]!;
    const id = await insertTestArticle(opened.db, {
      sourceId: src,
      title: a.title,
      text: a.text,
      publishedAt: a.publishedAt,
    });
    await expect(
      opened.db.transaction().execute(async (trx) => {
        await clusterArticle({ ...depsFor(opened.db), db: trx }, id);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(
      (await opened.db.selectFrom("articles").select("cluster_status").where("id", "=", id).executeTakeFirstOrThrow())
        .cluster_status,
    ).toBe("pending");
    expect(await opened.db.selectFrom("stories").selectAll().execute()).toEqual([]);
  });

  it("throws NotFoundError for an article that is not stored", async () => {
    await expect(clusterArticle(depsFor(opened.db), 999)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("gives the same stories clustered one job at a time as in batches", async () => {
    const byId = await storeCorpus(opened.db);
    const deps = depsFor(opened.db);
    const ordered = [...byId.keys()].sort(
      (a, b) => byId.get(a)!.publishedAt.localeCompare(byId.get(b)!.publishedAt) || a - b,
    );
    for (const id of ordered) await clusterArticle(deps, id);
    const other = await open();
    try {
      await storeCorpus(other.db);
      await clusterPending(depsFor(other.db), { batch: 5 });
      const shape = async (db: Db) => ({
        stories: await db
          .selectFrom("stories as s")
          .innerJoin("story_vectors as v", "v.story_id", "s.id")
          .select([
            "s.slug",
            "s.article_count",
            "s.source_count",
            "v.centroid",
            "v.names",
            "s.entities",
            "s.score",
            "s.phase",
          ])
          .orderBy("s.slug")
          .execute(),
        decisions: (
          await db
            .selectFrom("cluster_decisions")
            .select(["joined", "similarity", "candidates", "detail"])
            .orderBy("article_id")
            .execute()
        ).map((d) => ({ ...d, detail: JSON.parse(d.detail) as Record<string, unknown> })),
        df: await db.selectFrom("term_df").selectAll().orderBy("term").execute(),
      });
      const one = await shape(opened.db);
      const batched = await shape(other.db);
      expect(batched.stories).toEqual(one.stories);
      expect(batched.df).toEqual(one.df);
      // Story ids differ between the two stores; everything else about each decision is the same.
      expect(batched.decisions.map(({ detail: { closest: _, ...rest }, ...d }) => ({ ...d, rest }))).toEqual(
        one.decisions.map(({ detail: { closest: _, ...rest }, ...d }) => ({ ...d, rest })),
      );
    } finally {
      await other.close();
    }
  });

  it("records the parts behind each decision", async () => {
    await storeCorpus(opened.db);
    await clusterPending(depsFor(opened.db));
    const decisions = await opened.db
      .selectFrom("cluster_decisions")
      .select(["joined", "similarity", "detail"])
      .execute();
    const joined = decisions.filter((d) => d.joined === 1).map((d) => JSON.parse(d.detail) as Record<string, unknown>);
    expect(joined.length).toBe(8);
    for (const d of joined) {
      expect(d).toMatchObject({ vetoed: false, embedding: null, decay: expect.any(Number) });
      expect(d.terms as number).toBeGreaterThan(0);
      expect(d.names as number).toBeGreaterThan(0);
    }
  });

  it("sends a near-duplicate to the story of the article it copies and never counts it as a source", async () => {
    const [first, second] = corpus.filter((a) => a.event === "peru-earthquake");
    const harbor = await insertTestSource(opened.db, { name: "Harbor Daily" });
    const wire = await insertTestSource(opened.db, { name: "Wire Reprints" });
    const andes = await insertTestSource(opened.db, { name: "Andes Observer" });
    const deps = depsFor(opened.db, { minSources: 2 });
    const original = await insertTestArticle(opened.db, {
      sourceId: harbor,
      title: first!.title,
      text: first!.text,
      publishedAt: first!.publishedAt,
    });
    const a = await clusterArticle(deps, original);
    const copyId = await insertTestArticle(opened.db, {
      sourceId: wire,
      title: `Wire: ${first!.title}`,
      text: first!.text,
      publishedAt: second!.publishedAt,
    });
    await opened.db
      .updateTable("articles")
      .set({ duplicate_of: original, duplicate_similarity: 0.97 })
      .where("id", "=", copyId)
      .execute();
    const documentsBefore = (await listTermStats(opened.db, [])).documents;

    const copy = await clusterArticle(deps, copyId);
    expect(copy).toMatchObject({ storyId: a.storyId, joined: true, similarity: 1, duplicateOf: original });
    expect(await clusterArticle(deps, copyId)).toEqual(copy);
    const story = await getStory(opened.db, a.storyId);
    expect(story).toMatchObject({ article_count: 2, duplicate_count: 1, source_count: 1 });
    expect(JSON.parse(story.score_breakdown)).toMatchObject({ sources: 1, articles: 1, duplicates: 1 });
    // Not a second source: no analysis yet, and the copy's words are not counted again.
    expect(await opened.db.selectFrom("jobs").selectAll().execute()).toEqual([]);
    expect((await listTermStats(opened.db, [])).documents).toBe(documentsBefore);

    // An independent outlet makes two sources.
    const independent = await insertTestArticle(opened.db, {
      sourceId: andes,
      title: second!.title,
      text: second!.text,
      publishedAt: second!.publishedAt,
    });
    expect(await clusterArticle(deps, independent)).toMatchObject({ storyId: a.storyId, joined: true });
    expect(await getStory(opened.db, a.storyId)).toMatchObject({
      article_count: 3,
      duplicate_count: 1,
      source_count: 2,
    });
    expect(await opened.db.selectFrom("jobs").select("dedupe_key").execute()).toEqual([
      { dedupe_key: `write-analysis:${a.storyId}` },
    ]);
  });

  describe.each<EmbeddingsBehaviour>(["ok", "error-500", "hang"])(
    "with an embeddings provider that answers %s",
    (behaviour) => {
      it(
        behaviour === "ok"
          ? "blends the embeddings in and stores them"
          : "falls back to terms and names, with the stories they make alone",
        async () => {
          const server = await startEmbeddingsServer(behaviour);
          try {
            const byId = await storeCorpus(opened.db);
            const timeoutMs = behaviour === "hang" ? 300 : 10_000;
            const config = { url: server.url, model: "test-embed", apiKey: undefined, timeoutMs, weight: 0.3 };
            const deps = { ...depsFor(opened.db), embedder: createEmbedder(config, { logger: silentLogger }) };
            deps.config = { ...deps.config, cluster: { ...deps.config.cluster, embeddings: config } };
            await clusterPending(deps, { batch: 4 });
            const embedded = await opened.db.selectFrom("article_embeddings").select(["article_id", "model"]).execute();
            const stories = await opened.db
              .selectFrom("story_vectors")
              .select(["embedding", "embedding_model"])
              .execute();
            const details = (
              await opened.db.selectFrom("cluster_decisions").select("detail").where("joined", "=", 1).execute()
            ).map((d) => JSON.parse(d.detail) as { embedding: number | null });
            if (behaviour === "ok") {
              expect(embedded).toHaveLength(12);
              expect(stories.every((s) => s.embedding !== null && s.embedding_model === "test-embed")).toBe(true);
              expect(details.every((d) => typeof d.embedding === "number")).toBe(true);
            } else {
              expect(embedded).toEqual([]);
              expect(details.every((d) => d.embedding === null)).toBe(true);
              // The provider was tried once, then left alone for its cool-down.
              expect(server.requests).toHaveLength(1);
            }
            // Either way, the four events.
            const rows = await opened.db.selectFrom("articles").select(["id", "story_id"]).execute();
            const events = new Map<number, Set<string>>();
            for (const r of rows)
              events.set(r.story_id!, (events.get(r.story_id!) ?? new Set()).add(byId.get(r.id)!.event));
            expect(events.size).toBe(4);
            for (const e of events.values()) expect(e.size).toBe(1);
          } finally {
            await server.close();
          }
        },
      );
    },
  );
});
