/**
 * write-analysis with a model engine behind a loopback server speaking the OpenAI and Anthropic
 * protocols, on every database dialect: what the model drafted is verified (and repaired once)
 * before it is stored, every call lands in the usage ledger, a failing model hands over to the
 * built-in engine, and nothing unverified is ever published.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { loadConfig } from "../config.ts";
import { type AnalysisDraft, listClaims } from "../domain/analysis.ts";
import { publishAnalysis } from "../editorial/publish.ts";
import { fixedClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import { findAnalysisByStory, findPublishedAnalysisBySlug, listVersions } from "../store/analyses.ts";
import type { OpenedDb } from "../store/db.ts";
import { listModelCallsForStory } from "../store/usage.ts";
import { renderAnalysisBody } from "../web/views/analysis-body.tsx";
import { createAnthropicEngine } from "./engines/anthropic.ts";
import { composeAnalysis, createBuiltinEngine } from "./engines/builtin.ts";
import { createOpenAiCompatibleEngine } from "./engines/openai-compatible.ts";
import { createStoreLedger } from "./model/usage-ledger.ts";
import { insertFixtureStory } from "./testdata/insert-fixture-story.ts";
import { loadStoryFixture } from "./testdata/load-fixture.ts";
import { type ModelServer, type Reply, startModelServer, systemText } from "./testdata/model-server.ts";
import { checkClaim, indexArticles } from "./verify.ts";
import { writeAnalysis } from "./write-analysis.ts";

const fixture = loadStoryFixture("mpox-emergency");
// Numbered as the store lists a story's articles: oldest first.
const articles = [...fixture.articles]
  .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt))
  .map((a, i) => ({ ...a, number: i + 1 }));
const faithful = composeAnalysis({ storyId: 1, today: fixture.today, language: "en", articles });
const index = indexArticles(articles);
const riverside = articles.find((a) => a.outlet === "Riverside Courier")!.number;
const config = loadConfig({ LOG_LEVEL: "silent" });

/** The faithful draft with one invented figure and one invented quotation in its hook. */
function sloppy(): AnalysisDraft {
  const d = structuredClone(faithful);
  const first = d.sections[0]!.paragraphs[0]!.claims[0]!;
  d.sections[0]!.paragraphs[0]!.claims.push(
    { text: "Officials counted 99,999 cases.", citations: [first.citations[0]!] },
    { text: 'Tedros said "the world has failed Africa".', citations: [first.citations[0]!] },
  );
  return d;
}

describe.each(testDialects())("writeAnalysis with a model engine on $name", ({ open }) => {
  let opened: OpenedDb;
  let server: ModelServer | undefined;
  const clock = fixedClock("2024-08-16T09:00:00.000Z");
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await opened.close();
  });

  for (const dialect of ["openai", "anthropic"] as const) {
    async function deps(reply: (system: string, i: number) => Reply) {
      server = await startModelServer(dialect, (r, i) => reply(systemText(r), i));
      const client = {
        baseUrl: server.url,
        model: dialect === "openai" ? "gpt-4o-mini" : "claude-3-5-haiku-latest",
        timeoutMs: 2000,
        maxRetries: 2,
        maxRetryAfterMs: 10_000,
        concurrency: 1,
        maxResponseBytes: 2_000_000,
        ledger: createStoreLedger(opened.db),
        clock,
        logger: silentLogger,
        sleep: async () => {},
      };
      const settings = { outputLanguage: "en", maxTokensPerStory: 60_000, maxOutputTokens: 8000 };
      const engine =
        dialect === "openai" ? createOpenAiCompatibleEngine(client, settings) : createAnthropicEngine(client, settings);
      return {
        db: opened.db,
        clock,
        logger: silentLogger,
        config,
        engine,
        fallbackEngine: createBuiltinEngine(),
        renderAnalysis: (b: Parameters<typeof renderAnalysisBody>[0], v: Parameters<typeof renderAnalysisBody>[1]) =>
          renderAnalysisBody(b, v),
      };
    }
    const answer = (draft: unknown): Reply => ({
      kind: "answer",
      text: JSON.stringify(draft),
      tool: dialect === "anthropic",
    });

    it(`${dialect}: repairs what it can once, drops the rest, records engine, model, prompt and every call`, async () => {
      const d = await deps((system) =>
        system.includes("You fix sentences")
          ? answer({
              repairs: [
                {
                  id: "sections.0.paragraphs.0.claims.3",
                  text: "The Democratic Republic of the Congo has reported more than 15,600 cases and 537 deaths so far this year.",
                  citations: [
                    {
                      source: riverside,
                      passage:
                        "The Democratic Republic of the Congo has reported more than 15,600 cases and 537 deaths so far this year, already exceeding its total for 2023.",
                    },
                  ],
                },
                { id: "sections.0.paragraphs.0.claims.4", text: 'Tedros said "Africa was failed".' },
              ],
            })
          : answer(sloppy()),
      );
      const hook = faithful.sections[0]!.paragraphs[0]!.claims.length;
      expect(hook).toBe(3);
      const { storyId } = await insertFixtureStory(opened.db, fixture);
      const written = await writeAnalysis(d, storyId);
      expect(written.engine).toBe(dialect === "openai" ? "openai-compatible" : "anthropic");
      const [version] = await listVersions(opened.db, written.analysisId!);
      expect(version).toMatchObject({
        engine: written.engine,
        model: dialect === "openai" ? "gpt-4o-mini" : "claude-3-5-haiku-latest",
        prompt_version: "analysis-v1+repair-claims-v1",
      });
      const report = JSON.parse(version!.verification);
      expect(report.repaired).toBe(1);
      expect(report.dropped.map((c: { path: string }) => c.path)).toEqual(["sections.0.paragraphs.0.claims.4"]);
      expect(version!.body).not.toContain("99,999");
      expect(version!.body).not.toContain("failed Africa");
      const calls = await listModelCallsForStory(opened.db, storyId);
      expect(calls.map((c) => [c.purpose, c.outcome])).toEqual([
        ["draft", "ok"],
        ["repair-claims", "ok"],
      ]);
      expect(calls.every((c) => c.tokens_in > 0 && c.cost_usd > 0)).toBe(true);
    });

    it(`${dialect}: a model that keeps failing hands over to the built-in engine, and the ledger shows why`, async () => {
      const d = await deps(() => ({ kind: "status", status: 503, headers: { "retry-after": "1" } }));
      const { storyId } = await insertFixtureStory(opened.db, fixture);
      const written = await writeAnalysis(d, storyId);
      expect(written.engine).toBe("builtin");
      expect(written.fallbackReason).toMatch(/http-503/);
      const calls = await listModelCallsForStory(opened.db, storyId);
      expect(calls.map((c) => [c.attempt, c.outcome])).toEqual([
        [1, "http-503"],
        [2, "http-503"],
        [3, "http-503"],
      ]);
    });

    it(`${dialect}: an answer that is never valid JSON falls back, with both attempts in the ledger`, async () => {
      const d = await deps(() => ({ kind: "answer", text: "{ the analysis follows" }));
      const { storyId } = await insertFixtureStory(opened.db, fixture);
      const written = await writeAnalysis(d, storyId);
      expect(written.engine).toBe("builtin");
      expect((await listModelCallsForStory(opened.db, storyId)).map((c) => [c.purpose, c.outcome])).toEqual([
        ["draft", "invalid-json"],
        ["fix-json", "invalid-json"],
      ]);
    });

    it(`${dialect}: nothing unverified is published`, async () => {
      const d = await deps((system) =>
        system.includes("You fix sentences") ? answer({ repairs: [] }) : answer(sloppy()),
      );
      const { storyId } = await insertFixtureStory(opened.db, fixture);
      const written = await writeAnalysis(d, storyId);
      // Two claims were dropped: the default policy (every claim verified) holds it for an editor.
      const held = await publishAnalysis({ ...d, config }, written.analysisId!);
      expect(held.status).toBe("needs-review");
      expect(held.reasons.join(" ")).toMatch(/below the 100% required/);
      // A lenient operator publishes it; what is published still holds only verified claims.
      const lenient = loadConfig({ LOG_LEVEL: "silent", PUBLISH_MIN_VERIFIED_SHARE: "0.5", PUBLISH_HOLD_ON: "none" });
      expect((await publishAnalysis({ ...d, config: lenient }, written.analysisId!)).status).toBe("published");
      const analysis = await findAnalysisByStory(opened.db, storyId);
      const live = await findPublishedAnalysisBySlug(opened.db, analysis!.slug);
      for (const { claim } of listClaims(live!.body)) expect(checkClaim(claim, index).problems).toEqual([]);
    });
  }
});
