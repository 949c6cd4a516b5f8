import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { insertTestArticle, insertTestSource } from "../../test/support/fixtures.ts";
import { loadConfig } from "../config.ts";
import { publishAnalysis } from "../editorial/publish.ts";
import { fixedClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import {
  type AnalysisBody,
  findAnalysisByStory,
  findAnalysisVersionByNumber,
  findPublishedAnalysisBySlug,
  getAnalysis,
  listAnalysisVersions,
  listVersions,
} from "../store/analyses.ts";
import type { OpenedDb } from "../store/db.ts";
import type { AnalysisEngine } from "./engine.ts";
import { createBuiltinEngine } from "./engines/builtin.ts";
import { addFixtureArticle, insertFixtureStory } from "./testdata/insert-fixture-story.ts";
import { loadStoryFixture } from "./testdata/load-fixture.ts";
import { type WriteAnalysisDeps, writeAnalysis } from "./write-analysis.ts";

const fixture = loadStoryFixture("mpox-emergency");
const config = loadConfig({ LOG_LEVEL: "silent" });
const render = (body: AnalysisBody) =>
  `<article><h1>${body.headline}</h1>${body.sections
    .map(
      (s) =>
        `<h2>${s.heading}</h2>${s.paragraphs.map((p) => `<p>${p.claims.map((c) => c.text).join(" ")}</p>`).join("")}`,
    )
    .join("")}</article>`;

describe.each(testDialects())("writeAnalysis on $name", ({ open }) => {
  let opened: OpenedDb;
  let deps: WriteAnalysisDeps;
  beforeEach(async () => {
    opened = await open();
    deps = {
      db: opened.db,
      clock: fixedClock("2026-11-27T12:00:00.000Z"),
      logger: silentLogger,
      config,
      engine: createBuiltinEngine(),
      renderAnalysis: render,
    };
  });
  afterEach(async () => {
    await opened.close();
  });

  const publishJobs = () =>
    opened.db.selectFrom("jobs").select(["payload", "status"]).where("name", "=", "publish").execute();
  const storyStatus = async (id: number) =>
    (await opened.db.selectFrom("stories").select("analysis_status").where("id", "=", id).executeTakeFirstOrThrow())
      .analysis_status;

  it("stores a verified version, marks the story written and enqueues publish once", async () => {
    const { storyId, articleIds } = await insertFixtureStory(opened.db, fixture);
    const result = await writeAnalysis(deps, storyId);
    expect(result).toMatchObject({ storyId, status: "written", engine: "builtin" });
    expect(result.claims!.verified).toBe(result.claims!.total);

    const analysis = await findAnalysisByStory(opened.db, storyId);
    expect(analysis).toMatchObject({ id: result.analysisId, status: "draft", current_version_id: result.versionId });
    const [version] = await listVersions(opened.db, analysis!.id);
    expect(version).toMatchObject({ version: 1, engine: "builtin", model: null, prompt_version: null });
    const body = JSON.parse(version!.body) as AnalysisBody;
    // Numbered oldest first, with each outlet's name.
    expect(body.sources.map((s) => s.outlet)).toEqual([
      "Atlas Dispatch",
      "Riverside Courier",
      "Pinecrest Times",
      "Southbank Monitor",
    ]);
    expect(JSON.parse(version!.article_ids).sort()).toEqual([...articleIds].sort());
    expect(version!.html).toContain(body.headline);
    expect(version!.read_minutes).toBeGreaterThanOrEqual(2);
    expect(version!.claims_total).toBeGreaterThan(20);
    expect(await storyStatus(storyId)).toBe("written");
    expect(await publishJobs()).toEqual([{ payload: JSON.stringify({ analysisId: analysis!.id }), status: "queued" }]);
  });

  it("leaves an analysis that already covers the same articles unchanged", async () => {
    const { storyId } = await insertFixtureStory(opened.db, fixture);
    const first = await writeAnalysis(deps, storyId);
    const second = await writeAnalysis(deps, storyId);
    expect(second).toEqual({ storyId, status: "unchanged", analysisId: first.analysisId, versionId: first.versionId });
    expect(await listVersions(opened.db, first.analysisId!)).toHaveLength(1);
    expect(await publishJobs()).toHaveLength(1);
  });

  it("writes a new version when an article joins the story", async () => {
    const { storyId, articleIds, sourceIds } = await insertFixtureStory(opened.db, fixture, { articles: 3 });
    const first = await writeAnalysis(deps, storyId);
    await addFixtureArticle(opened.db, storyId, fixture.articles[3]!, sourceIds, articleIds, "late");
    const second = await writeAnalysis(deps, storyId);
    expect(second).toMatchObject({ status: "written", analysisId: first.analysisId });
    expect(second.versionId).not.toBe(first.versionId);
    const versions = await listVersions(opened.db, first.analysisId!);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    // The first publish job is still waiting, so the second is folded into it.
    expect(await publishJobs()).toHaveLength(1);
  });

  it("revises a published analysis when articles join: new version, what changed, same slug, earlier version readable", async () => {
    const { storyId, articleIds, sourceIds } = await insertFixtureStory(opened.db, fixture, { articles: 2 });
    const first = await writeAnalysis(deps, storyId);
    const publishDeps = { ...deps, config: loadConfig({ LOG_LEVEL: "silent" }) };
    expect((await publishAnalysis(publishDeps, first.analysisId!)).status).toBe("published");
    const before = await getAnalysis(opened.db, first.analysisId!);

    const later = fixedClock("2026-11-28T08:00:00.000Z");
    await addFixtureArticle(opened.db, storyId, fixture.articles[2]!, sourceIds, articleIds, "late");
    await addFixtureArticle(opened.db, storyId, fixture.articles[3]!, sourceIds, articleIds, "late");
    const second = await writeAnalysis({ ...deps, clock: later }, storyId);
    expect(second).toMatchObject({ status: "written", analysisId: first.analysisId });
    expect((await publishAnalysis({ ...publishDeps, clock: later }, first.analysisId!)).status).toBe("published");

    const after = await getAnalysis(opened.db, first.analysisId!);
    expect(after.slug).toBe(before.slug);
    expect(after.published_at).toBe(before.published_at);
    const live = await findPublishedAnalysisBySlug(opened.db, after.slug);
    expect(live!.version.version).toBe(2);
    expect(live!.changes).toMatchObject({
      sinceVersion: 1,
      addedSources: [
        expect.objectContaining({ outlet: "Pinecrest Times" }),
        expect.objectContaining({ outlet: "Southbank Monitor" }),
      ],
      removedSources: [],
    });
    expect(live!.changes!.claimsAddedCount).toBeGreaterThan(0);

    const versions = await listAnalysisVersions(opened.db, first.analysisId!);
    expect(versions.map((v) => [v.version, v.live, v.publishedAt !== null])).toEqual([
      [2, true, true],
      [1, false, true],
    ]);
    expect(versions[0]!.publishedAt).toBe("2026-11-28T08:00:00.000Z");
    expect(versions[1]!.changes).toBeNull();
    const v1 = await findAnalysisVersionByNumber(opened.db, first.analysisId!, 1);
    expect(v1!.body.sources).toHaveLength(2);
    expect(v1!.row.html).toContain(v1!.body.headline);
    expect(await findAnalysisVersionByNumber(opened.db, first.analysisId!, 3)).toBeUndefined();
  });

  it("skips a story reported by a single outlet", async () => {
    const sourceId = await insertTestSource(opened.db, { name: "Lone Outlet" });
    const now = "2026-11-27T10:00:00.000Z";
    const story = await opened.db
      .insertInto("stories")
      .values({ slug: "lone", title: "Lone", first_seen_at: now, last_seen_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const a of fixture.articles.slice(0, 2)) {
      const id = await insertTestArticle(opened.db, {
        sourceId,
        title: a.title,
        text: a.text,
        publishedAt: a.publishedAt,
      });
      await opened.db.updateTable("articles").set({ story_id: story.id }).where("id", "=", id).execute();
    }
    expect(await writeAnalysis(deps, story.id)).toEqual({
      storyId: story.id,
      status: "skipped",
      reason: "not-enough-sources",
    });
    expect(await findAnalysisByStory(opened.db, story.id)).toBeUndefined();
    expect(await storyStatus(story.id)).toBe("skipped");
    expect(await publishJobs()).toEqual([]);
  });

  it("falls back to the built-in engine when the engine throws or returns an invalid draft", async () => {
    const broken: AnalysisEngine = {
      name: "model",
      async draft() {
        throw new Error("connection refused");
      },
    };
    const sloppy: AnalysisEngine = {
      name: "model",
      async draft() {
        return { draft: { headline: "x" }, model: "m-1", promptVersion: "p-1" };
      },
    };
    for (const engine of [broken, sloppy]) {
      const { storyId } = await insertFixtureStory(opened.db, fixture);
      const result = await writeAnalysis({ ...deps, engine, fallbackEngine: createBuiltinEngine() }, storyId);
      expect(result).toMatchObject({ status: "written", engine: "builtin" });
    }
    const { storyId } = await insertFixtureStory(opened.db, fixture);
    await expect(writeAnalysis({ ...deps, engine: broken }, storyId)).rejects.toThrow(/connection refused/);
  });

  it("stores what a model engine drafted with failing claims removed, and records the model", async () => {
    const builtin = createBuiltinEngine();
    const model: AnalysisEngine = {
      name: "openai-compatible",
      async draft(input) {
        const { draft } = await builtin.draft(input);
        const d = draft as AnalysisBody;
        const claim = d.sections[0]!.paragraphs[0]!.claims[0]!;
        // One invented figure in an otherwise faithful draft.
        d.sections[0]!.paragraphs[0]!.claims.push({
          text: "Officials counted 99,999 cases.",
          citations: [claim.citations[0]!],
        });
        return { draft: d, model: "test-model", promptVersion: "analysis-v1" };
      },
    };
    const { storyId } = await insertFixtureStory(opened.db, fixture);
    const result = await writeAnalysis({ ...deps, engine: model }, storyId);
    expect(result.claims!.verified).toBe(result.claims!.total - 1);
    const [version] = await listVersions(opened.db, result.analysisId!);
    expect(version).toMatchObject({ engine: "openai-compatible", model: "test-model", prompt_version: "analysis-v1" });
    expect(version!.body).not.toContain("99,999");
    expect(JSON.parse(version!.verification).dropped[0].problems[0].kind).toBe("number-not-in-source");
  });

  it("throws for a story that does not exist", async () => {
    await expect(writeAnalysis(deps, 4242)).rejects.toThrow(/not found/);
  });
});
