import { parseHTML } from "linkedom";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { whatChanged } from "../analysis/what-changed.ts";
import { loadConfig } from "../config.ts";
import { fixedClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import { insertAnalysisVersion, markAnalysisPublished } from "../store/analyses.ts";
import type { OpenedDb } from "../store/db.ts";
import { createWeb } from "./create-web.tsx";
import { fixtureBody, fixtureVerification, seedAnalysis } from "./testdata/analysis-fixture.ts";
import { renderAnalysisBody } from "./views/analysis-body.tsx";

describe.each(testDialects())("an updated analysis on $name", ({ open }) => {
  let opened: OpenedDb;
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await opened.close();
  });

  it("says what changed since the version readers saw before, and keeps the address", async () => {
    const first = await seedAnalysis(opened.db);
    const before = first.body;
    const after = fixtureBody({
      sources: [
        ...before.sources,
        {
          ...(before.sources[0] as (typeof before.sources)[number]),
          number: before.sources.length + 1,
          outlet: "Late Outlet",
          articleId: 999,
        },
      ],
    });
    const changes = whatChanged(before, 1, after);
    const verification = fixtureVerification(after);
    const second = await insertAnalysisVersion(
      opened.db,
      {
        storyId: (await opened.db.selectFrom("analyses").select("story_id").executeTakeFirstOrThrow()).story_id,
        body: after,
        verification,
        html: renderAnalysisBody(after, verification),
        readMinutes: 4,
        engine: "builtin",
        changes,
      },
      new Date("2026-11-27T08:00:00.000Z"),
    );
    await markAnalysisPublished(opened.db, second.analysisId, second.versionId, new Date("2026-11-27T08:00:00.000Z"));
    expect(second.slug).toBe(first.slug);

    const web = createWeb({
      db: opened.db,
      config: loadConfig({ SITE_URL: "https://news.example", LOG_LEVEL: "silent" }),
      clock: fixedClock("2026-11-27T10:00:00.000Z"),
      logger: silentLogger,
    });
    const html = await (await web.app.request(`/analysis/${first.slug}`)).text();
    const { document } = parseHTML(html);
    const box = document.querySelector(".what-changed");
    expect(box?.textContent).toContain("What changed");
    expect(box?.textContent).toContain("since version 1");
    expect(box?.textContent).toContain("New source: Late Outlet");
    expect(document.body.textContent).toContain("Updated");
  });

  it("shows no change box on a first version", async () => {
    const first = await seedAnalysis(opened.db);
    const web = createWeb({
      db: opened.db,
      config: loadConfig({ SITE_URL: "https://news.example", LOG_LEVEL: "silent" }),
      clock: fixedClock("2026-11-27T10:00:00.000Z"),
      logger: silentLogger,
    });
    const html = await (await web.app.request(`/analysis/${first.slug}`)).text();
    expect(parseHTML(html).document.querySelector(".what-changed")).toBeNull();
  });
});
