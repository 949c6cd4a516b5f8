import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { loadConfig } from "../config.ts";
import type { VerificationReport } from "../domain/analysis.ts";
import { fixedClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import {
  findPublishedAnalysisBySlug,
  findVersion,
  getAnalysis,
  insertAnalysisVersion,
  listAnalysisVersions,
} from "../store/analyses.ts";
import type { OpenedDb } from "../store/db.ts";
import { publishAnalysis } from "./publish.ts";
import { approveAnalysis, listReviewQueue, rejectAnalysis, summarizeProblems } from "./review.ts";
import { insertTestAnalysis } from "./testdata/insert-analysis.ts";

const config = loadConfig({ LOG_LEVEL: "silent" });
const CLAIMS = [
  "Ministers met in Geneva on Monday to discuss the treaty.",
  "The treaty covers the exchange of prisoners of war.",
  "Delegations from twelve countries attended the talks.",
  "The talks will resume next month, officials said.",
  "A previous round ended without agreement in March.",
  "Observers said the text was close to final.",
];

describe("summarizeProblems", () => {
  it("counts what the verifier found by kind, for a reviewer's first glance", () => {
    const report: VerificationReport = {
      total: 5,
      verified: 2,
      checks: [],
      dropped: [
        { path: "a", text: "x", ok: false, problems: [{ kind: "quote-not-verbatim", detail: "q" }] },
        {
          path: "b",
          text: "y",
          ok: false,
          problems: [
            { kind: "quote-not-verbatim", detail: "q" },
            { kind: "number-not-in-source", detail: "n" },
          ],
        },
        { path: "c", text: "z", ok: false, problems: [{ kind: "number-not-in-source", detail: "n" }] },
      ],
      framing: [
        {
          path: "headline",
          text: "h",
          ok: false,
          problems: [{ kind: "prompt-injection", detail: "the headline addresses the model" }],
        },
      ],
      repaired: 1,
      screened: [{ source: 2, reason: "hidden markup", excerpt: "..." }],
    };
    expect(summarizeProblems(report)).toEqual([
      "2 claims dropped: number-not-in-source",
      "2 claims dropped: quote-not-verbatim",
      "headline: the headline addresses the model",
      "1 claim repaired by the engine",
      "1 passage screened out of 1 source as text aimed at a model",
    ]);
  });
});

describe.each(testDialects())("review on $name", ({ open }) => {
  let opened: OpenedDb;
  let published: number[];
  const now = new Date("2026-11-27T12:00:00.000Z");
  const deps = () => ({
    db: opened.db,
    clock: fixedClock(now.toISOString()),
    logger: silentLogger,
    config,
    onPublished: (id: number) => published.push(id),
  });
  beforeEach(async () => {
    opened = await open();
    published = [];
  });
  afterEach(async () => {
    await opened.close();
  });

  async function held(headline: string) {
    const v = await insertTestAnalysis(opened.db, { headline, claims: CLAIMS, total: 8, verified: 6 }, now);
    expect((await publishAnalysis(deps(), v.analysisId)).status).toBe("needs-review");
    return v;
  }

  it("lists what waits for review with the reasons it was held", async () => {
    const v = await held("Treaty talks resume in Geneva");
    const queue = await listReviewQueue(opened.db);
    expect(queue).toEqual([
      expect.objectContaining({
        analysisId: v.analysisId,
        version: 1,
        headline: "Treaty talks resume in Geneva",
        reasons: "6 of 8 claims verified (75%), below the 100% required",
        claimsVerified: 6,
        claimsTotal: 8,
        liveVersion: null,
      }),
    ]);
  });

  it("publishes the waiting version when an editor approves it", async () => {
    const v = await held("Treaty talks resume in Geneva");
    expect(await approveAnalysis(deps(), v.analysisId, "checked by hand")).toMatchObject({
      status: "published",
      version: 1,
    });
    expect((await findPublishedAnalysisBySlug(opened.db, v.slug))?.version.id).toBe(v.versionId);
    expect(published).toEqual([v.analysisId]);
    expect(await listReviewQueue(opened.db)).toEqual([]);
    expect((await listAnalysisVersions(opened.db, v.analysisId))[0]).toMatchObject({
      reviewStatus: "approved",
      reviewNote: "checked by hand",
      live: true,
    });
    await expect(approveAnalysis(deps(), v.analysisId)).rejects.toThrow(/already live/);
  });

  it("keeps a rejected version off the site, keeps it rejected, and judges the next version afresh", async () => {
    const v = await held("Treaty talks resume in Geneva");
    expect(await rejectAnalysis(deps(), v.analysisId, "misquotes a minister")).toMatchObject({ status: "rejected" });
    expect(await getAnalysis(opened.db, v.analysisId)).toMatchObject({
      status: "rejected",
      status_reason: "misquotes a minister",
    });
    expect((await publishAnalysis(deps(), v.analysisId)).reasons).toEqual(["rejected by an editor"]);
    expect(await findPublishedAnalysisBySlug(opened.db, v.slug)).toBeUndefined();
    expect(await listReviewQueue(opened.db, { status: "rejected" })).toHaveLength(1);

    const version = await findVersion(opened.db, v.versionId);
    const analysis = await getAnalysis(opened.db, v.analysisId);
    await insertAnalysisVersion(
      opened.db,
      {
        storyId: analysis.story_id,
        body: JSON.parse(version!.body),
        verification: { total: 6, verified: 6, checks: [], dropped: [] },
        html: "<p>better</p>",
        readMinutes: 3,
        engine: "builtin",
      },
      now,
    );
    expect((await publishAnalysis(deps(), v.analysisId)).status).toBe("published");
    expect(
      (await listAnalysisVersions(opened.db, v.analysisId)).map((x) => [x.version, x.reviewStatus, x.live]),
    ).toEqual([
      [2, null, true],
      [1, "rejected", false],
    ]);
  });
});
