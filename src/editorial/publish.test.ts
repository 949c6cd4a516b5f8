import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { createBuiltinEngine } from "../analysis/engines/builtin.ts";
import { insertFixtureStory } from "../analysis/testdata/insert-fixture-story.ts";
import { loadStoryFixture } from "../analysis/testdata/load-fixture.ts";
import { writeAnalysis } from "../analysis/write-analysis.ts";
import { loadConfig } from "../config.ts";
import { fixedClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import { findPublishedAnalysisBySlug, getAnalysis, listPublishedAnalyses } from "../store/analyses.ts";
import type { OpenedDb } from "../store/db.ts";
import { type PublishDeps, publishAnalysis, publishPolicy } from "./publish.ts";
import { insertTestAnalysis } from "./testdata/insert-analysis.ts";

const config = loadConfig({ LOG_LEVEL: "silent", PUBLISH_MIN_SOURCES: "2", PUBLISH_MIN_VERIFIED_SHARE: "0.9" });
const CLAIMS = [
  "Ministers met in Geneva on Monday to discuss the treaty.",
  "The treaty covers the exchange of prisoners of war.",
  "Delegations from twelve countries attended the talks.",
  "The talks will resume next month, officials said.",
  "A previous round ended without agreement in March.",
  "Observers said the text was close to final.",
];

describe("publishPolicy", () => {
  it("lists every reason a version may not be published", () => {
    expect(publishPolicy({ claimsTotal: 10, claimsVerified: 10, outlets: 3 }, config.publish)).toEqual([]);
    expect(publishPolicy({ claimsTotal: 10, claimsVerified: 8, outlets: 1 }, config.publish)).toEqual([
      "8 of 10 claims verified (80%), below the 90% required",
      "sources from 1 outlet, at least 2 required",
    ]);
    expect(publishPolicy({ claimsTotal: 4, claimsVerified: 4, outlets: 2 }, config.publish)).toEqual([
      "4 verified claims, at least 5 required",
    ]);
    expect(publishPolicy({ claimsTotal: 0, claimsVerified: 0, outlets: 2 }, config.publish)).toHaveLength(2);
  });
});

describe("publishPolicy, failure kinds and framing", () => {
  const report = (dropped: string[], framing: { path: string; ok: boolean }[] = []) => ({
    total: 10,
    verified: 10 - dropped.length,
    checks: [],
    dropped: dropped.map((kind, i) => ({
      path: `sections.0.paragraphs.0.claims.${i}`,
      text: "x",
      ok: false,
      problems: [{ kind: kind as "model-artefact", detail: `a ${kind}` }],
    })),
    framing: framing.map((f) => ({
      ...f,
      text: "x",
      problems: f.ok ? [] : [{ kind: "name-not-in-source" as const, detail: "no such name" }],
    })),
  });
  const lenient = loadConfig({ LOG_LEVEL: "silent", PUBLISH_MIN_VERIFIED_SHARE: "0.5" }).publish;

  it("holds a version whose dropped claims failed in a way the policy lists, even when enough passed", () => {
    expect(
      publishPolicy(
        { claimsTotal: 10, claimsVerified: 9, outlets: 2, report: report(["number-not-in-source"]) },
        lenient,
      ),
    ).toEqual([]);
    expect(
      publishPolicy(
        { claimsTotal: 10, claimsVerified: 9, outlets: 2, report: report(["quote-not-verbatim"]) },
        lenient,
      ),
    ).toEqual(["1 item dropped for quote-not-verbatim (a quote-not-verbatim)"]);
    const none = loadConfig({
      LOG_LEVEL: "silent",
      PUBLISH_MIN_VERIFIED_SHARE: "0.5",
      PUBLISH_HOLD_ON: "none",
    }).publish;
    expect(
      publishPolicy({ claimsTotal: 10, claimsVerified: 9, outlets: 2, report: report(["quote-not-verbatim"]) }, none),
    ).toEqual([]);
  });

  it("holds a version whose headline or dek failed, and counts verified claims against the configured minimum", () => {
    expect(
      publishPolicy(
        {
          claimsTotal: 10,
          claimsVerified: 10,
          outlets: 2,
          report: report(
            [],
            [
              { path: "headline", ok: false },
              { path: "dek", ok: true },
            ],
          ),
        },
        lenient,
      ),
    ).toEqual(["the headline failed verification: no such name"]);
    const strict = loadConfig({ LOG_LEVEL: "silent", PUBLISH_MIN_VERIFIED_CLAIMS: "12" }).publish;
    expect(publishPolicy({ claimsTotal: 10, claimsVerified: 10, outlets: 2 }, strict)).toEqual([
      "10 verified claims, at least 12 required",
    ]);
  });
});

describe.each(testDialects())("publishAnalysis on $name", ({ open }) => {
  let opened: OpenedDb;
  let deps: PublishDeps;
  let published: number[];
  const now = new Date("2026-11-27T12:00:00.000Z");
  beforeEach(async () => {
    opened = await open();
    published = [];
    deps = {
      db: opened.db,
      clock: fixedClock(now.toISOString()),
      logger: silentLogger,
      config,
      onPublished: (id) => published.push(id),
    };
  });
  afterEach(async () => {
    await opened.close();
  });

  it("publishes an analysis whose claims are verified, once", async () => {
    const v = await insertTestAnalysis(opened.db, { headline: "Prisoner talks resume in Geneva", claims: CLAIMS }, now);
    expect(await publishAnalysis(deps, v.analysisId)).toEqual({
      analysisId: v.analysisId,
      status: "published",
      reasons: [],
    });
    const analysis = await getAnalysis(opened.db, v.analysisId);
    expect(analysis).toMatchObject({
      status: "published",
      published_version_id: v.versionId,
      published_at: now.toISOString(),
    });
    expect((await findPublishedAnalysisBySlug(opened.db, v.slug))?.version.id).toBe(v.versionId);
    expect(published).toEqual([v.analysisId]);

    expect(await publishAnalysis(deps, v.analysisId)).toEqual({
      analysisId: v.analysisId,
      status: "published",
      reasons: [],
    });
    expect(published).toEqual([v.analysisId]);
  });

  it("records the publication and indexes the published version for search, in the same step", async () => {
    const v = await insertTestAnalysis(opened.db, { headline: "Prisoner talks resume in Geneva", claims: CLAIMS }, now);
    await publishAnalysis(deps, v.analysisId);
    const publications = await opened.db.selectFrom("analysis_publications").selectAll().execute();
    expect(publications).toEqual([
      { version_id: v.versionId, analysis_id: v.analysisId, published_at: now.toISOString() },
    ]);
    const { searchPublishedAnalyses } = await import("../store/search.ts");
    expect((await searchPublishedAnalyses(opened.db, "Geneva", { limit: 5, offset: 0 })).map((h) => h.id)).toEqual([
      v.analysisId,
    ]);
  });

  it("judges a version written after a rejection afresh", async () => {
    const v = await insertTestAnalysis(opened.db, { headline: "Rejected then revised", claims: CLAIMS }, now);
    await opened.db.updateTable("analyses").set({ status: "rejected" }).where("id", "=", v.analysisId).execute();
    expect((await publishAnalysis(deps, v.analysisId)).status).toBe("needs-review");
    const { insertAnalysisVersion, findVersion } = await import("../store/analyses.ts");
    const version = await findVersion(opened.db, v.versionId);
    const analysis = await getAnalysis(opened.db, v.analysisId);
    await insertAnalysisVersion(
      opened.db,
      {
        storyId: analysis.story_id,
        body: JSON.parse(version!.body),
        verification: JSON.parse(version!.verification),
        html: "<p>revised</p>",
        readMinutes: 3,
        engine: "builtin",
      },
      now,
    );
    expect((await publishAnalysis(deps, v.analysisId)).status).toBe("published");
  });

  it("holds an analysis whose verified share is too low for an editor", async () => {
    const v = await insertTestAnalysis(
      opened.db,
      { headline: "Prisoner talks resume in Geneva", claims: CLAIMS, total: 10, verified: 6 },
      now,
    );
    const result = await publishAnalysis(deps, v.analysisId);
    expect(result).toEqual({
      analysisId: v.analysisId,
      status: "needs-review",
      reasons: ["6 of 10 claims verified (60%), below the 90% required"],
    });
    expect(await getAnalysis(opened.db, v.analysisId)).toMatchObject({
      status: "needs-review",
      status_reason: result.reasons[0],
      published_version_id: null,
    });
    expect(await findPublishedAnalysisBySlug(opened.db, v.slug)).toBeUndefined();
    expect(published).toEqual([]);
  });

  it("holds an analysis cited from a single outlet", async () => {
    const v = await insertTestAnalysis(
      opened.db,
      { headline: "One outlet only", claims: CLAIMS, outlets: ["Solo"] },
      now,
    );
    expect((await publishAnalysis(deps, v.analysisId)).status).toBe("needs-review");
  });

  it("keeps the live version up when a newer version is held", async () => {
    const first = await insertTestAnalysis(
      opened.db,
      { headline: "Prisoner talks resume in Geneva", claims: CLAIMS },
      now,
    );
    await publishAnalysis(deps, first.analysisId);
    const analysis = await getAnalysis(opened.db, first.analysisId);
    const { insertAnalysisVersion, findVersion } = await import("../store/analyses.ts");
    const version = await findVersion(opened.db, first.versionId);
    await insertAnalysisVersion(
      opened.db,
      {
        storyId: analysis.story_id,
        body: JSON.parse(version!.body),
        verification: { total: 10, verified: 2, checks: [], dropped: [] },
        html: "<p>worse</p>",
        readMinutes: 3,
        engine: "builtin",
      },
      now,
    );
    expect((await publishAnalysis(deps, first.analysisId)).status).toBe("needs-review");
    expect(await getAnalysis(opened.db, first.analysisId)).toMatchObject({ published_version_id: first.versionId });
    expect(await listPublishedAnalyses(opened.db, { limit: 10 })).toHaveLength(1);
  });

  it("leaves an analysis an editor rejected alone", async () => {
    const v = await insertTestAnalysis(opened.db, { headline: "Rejected one", claims: CLAIMS }, now);
    await opened.db.updateTable("analyses").set({ status: "rejected" }).where("id", "=", v.analysisId).execute();
    expect(await publishAnalysis(deps, v.analysisId)).toMatchObject({
      status: "needs-review",
      reasons: ["rejected by an editor"],
    });
    expect((await getAnalysis(opened.db, v.analysisId)).status).toBe("rejected");
  });

  it("publishes what the built-in engine wrote from the fixture story", async () => {
    const { storyId } = await insertFixtureStory(opened.db, loadStoryFixture("mpox-emergency"));
    const written = await writeAnalysis(
      { ...deps, config, engine: createBuiltinEngine(), renderAnalysis: (b) => `<h1>${b.headline}</h1>` },
      storyId,
    );
    const result = await publishAnalysis({ ...deps, config: loadConfig({ LOG_LEVEL: "silent" }) }, written.analysisId!);
    expect(result.status).toBe("published");
  });
});
