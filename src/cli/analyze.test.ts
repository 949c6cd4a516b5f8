import { afterEach, describe, expect, it } from "vitest";
import { composeAnalysis } from "../analysis/engines/builtin.ts";
import { insertFixtureStory } from "../analysis/testdata/insert-fixture-story.ts";
import { loadStoryFixture } from "../analysis/testdata/load-fixture.ts";
import { type ModelServer, startModelServer } from "../analysis/testdata/model-server.ts";
import { type App, createApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { fixedClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import { analyzeCommand } from "./analyze.ts";
import type { Output } from "./output.ts";
import { reviewApprove, reviewList, reviewReject } from "./review.ts";
import { usageCommand } from "./usage.ts";

const fixture = loadStoryFixture("mpox-emergency");
const articles = [...fixture.articles]
  .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt))
  .map((a, i) => ({ ...a, number: i + 1 }));

function capture(): Output & { lines: string[]; text(): string } {
  const lines: string[] = [];
  return { lines, line: (t) => lines.push(t), error: (t) => lines.push(t), text: () => lines.join("\n") };
}

describe("prism analyze, review and usage", () => {
  let app: App | undefined;
  let server: ModelServer | undefined;
  afterEach(async () => {
    await app?.close();
    await server?.close();
    app = undefined;
    server = undefined;
  });

  async function start(env: Record<string, string> = {}) {
    app = await createApp(loadConfig({ LOG_LEVEL: "silent", DATABASE_URL: "sqlite::memory:", ...env }), {
      clock: fixedClock("2024-08-16T09:00:00.000Z"),
      logger: silentLogger,
    });
    return app;
  }

  it("--dry-run prints the draft and its verification report and stores nothing", async () => {
    const a = await start();
    const { storyId } = await insertFixtureStory(a.db, fixture);
    const out = capture();
    expect(await analyzeCommand(a, out, String(storyId), { engine: "builtin", dryRun: true })).toBe(0);
    expect(out.lines[0]).toBe(`story ${storyId}: dry run, nothing stored`);
    expect(out.text()).toMatch(/^engine builtin$/m);
    expect(out.text()).toMatch(/^# .+/m);
    expect(out.text()).toMatch(/verification: (\d+) of \1 claims verified against sources/);
    expect(out.text()).toContain("policy: would publish");
    expect(await a.db.selectFrom("analyses").selectAll().execute()).toEqual([]);
  });

  it("--engine model --dry-run asks the configured model, and its call is in the usage report", async () => {
    const draft = composeAnalysis({ storyId: 1, today: fixture.today, language: "en", articles });
    server = await startModelServer("openai", () => ({
      kind: "answer",
      text: JSON.stringify(draft),
      usage: { in: 9000, out: 2000 },
    }));
    const a = await start({
      ENGINE: "openai",
      MODEL_NAME: "gpt-4o-mini",
      MODEL_URL: server.url,
      MODEL_MONTHLY_SPEND_CAP_USD: "5",
    });
    const { storyId } = await insertFixtureStory(a.db, fixture);
    const out = capture();
    await analyzeCommand(a, out, String(storyId), { engine: "model", dryRun: true });
    expect(out.text()).toMatch(/^engine openai-compatible, model gpt-4o-mini, prompt analysis-v1$/m);
    const usage = capture();
    await usageCommand(a, usage, {});
    expect(usage.text()).toMatch(/2024-08\s+openai-compatible\s+gpt-4o-mini\s+ok\s+1\s+9000\s+2000\s+0\.0026/);
    expect(usage.text()).toContain("of a $5.00 cap");
  });

  it("refuses --engine model when no model is configured", async () => {
    const a = await start();
    const { storyId } = await insertFixtureStory(a.db, fixture);
    await expect(analyzeCommand(a, capture(), String(storyId), { engine: "model", dryRun: true })).rejects.toThrow(
      /no model engine configured/,
    );
  });

  it("review list shows a held analysis with its reasons; approve publishes it; a live version cannot be rejected", async () => {
    const a = await start({ PUBLISH_MIN_VERIFIED_CLAIMS: "200" });
    const { storyId } = await insertFixtureStory(a.db, fixture);
    const out = capture();
    expect(await analyzeCommand(a, out, String(storyId))).toBe(3);
    expect(out.text()).toMatch(/needs-review: \d+ verified claims, at least 200 required/);
    const list = capture();
    await reviewList(a, list, {});
    expect(list.text()).toMatch(/^#1 {2}v1 {2}(\d+)\/\1 claims verified {2}builtin/m);
    expect(list.text()).toMatch(/held: \d+ verified claims, at least 200 required/);
    const approve = capture();
    await reviewApprove(a, approve, ["1"], { note: "fine" });
    expect(approve.lines).toEqual(["analysis 1: version 1 approved and published"]);
    const empty = capture();
    await reviewList(a, empty, {});
    expect(empty.lines).toEqual(["nothing waits for review"]);
    await expect(reviewReject(a, capture(), ["1"], { reason: "no" })).rejects.toThrow(/already live/);
  });
});
