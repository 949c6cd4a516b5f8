/**
 * Source articles that carry instructions (plain, hidden in markup or invisible characters,
 * dressed as citations or as system text): none of it reaches a published analysis, whether the
 * built-in engine writes it, a model that obeys what its prompt says, or a model that writes
 * everything the injections ask for as if it had obeyed them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { loadConfig } from "../config.ts";
import type { AnalysisDraft } from "../domain/analysis.ts";
import { publishAnalysis } from "../editorial/publish.ts";
import { fixedClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import { findAnalysisByStory, findPublishedAnalysisBySlug, listVersions } from "../store/analyses.ts";
import type { OpenedDb } from "../store/db.ts";
import { listModelCallsForStory } from "../store/usage.ts";
import { renderAnalysisBody } from "../web/views/analysis-body.tsx";
import type { AnalysisEngine } from "./engine.ts";
import { createAnthropicEngine } from "./engines/anthropic.ts";
import { composeAnalysis, createBuiltinEngine } from "./engines/builtin.ts";
import { createOpenAiCompatibleEngine } from "./engines/openai-compatible.ts";
import { createStoreLedger } from "./model/usage-ledger.ts";
import { screenArticleText } from "./screen-article.ts";
import {
  corpus,
  INJECTION_KINDS,
  injectedStory,
  leakedMarkers,
  MARKERS,
  obeyedDraft,
} from "./testdata/injection-corpus.ts";
import { insertFixtureStory } from "./testdata/insert-fixture-story.ts";
import { type ModelServer, startModelServer, systemText, userText } from "./testdata/model-server.ts";
import { writeAnalysis } from "./write-analysis.ts";

const story = injectedStory();
const screened = story.articles.map((a) => ({ ...a, text: screenArticleText(a.text).text }));
const faithful = composeAnalysis({ storyId: 1, today: corpus.today, language: "en", articles: screened });

describe.each(testDialects())("prompt injection on $name", ({ open }) => {
  let opened: OpenedDb;
  let server: ModelServer | undefined;
  const clock = fixedClock("2026-11-27T12:00:00.000Z");
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await opened.close();
  });

  const render =
    (config: ReturnType<typeof loadConfig>) =>
    (b: Parameters<typeof renderAnalysisBody>[0], v: Parameters<typeof renderAnalysisBody>[1]) =>
      renderAnalysisBody(b, v, config.site.language);

  async function run(engine: AnalysisEngine, env: Record<string, string> = {}) {
    const config = loadConfig({ LOG_LEVEL: "silent", ...env });
    const { storyId } = await insertFixtureStory(opened.db, story);
    const deps = {
      db: opened.db,
      clock,
      logger: silentLogger,
      config,
      engine,
      fallbackEngine: createBuiltinEngine(),
      renderAnalysis: render(config),
    };
    const written = await writeAnalysis(deps, storyId);
    const published = await publishAnalysis(deps, written.analysisId!);
    const analysis = await findAnalysisByStory(opened.db, storyId);
    const live = await findPublishedAnalysisBySlug(opened.db, analysis!.slug);
    const [version] = await listVersions(opened.db, analysis!.id);
    return { storyId, written, published, live, version: version! };
  }

  /** Everything a reader of the published page could see of the analysis. */
  const publishedText = (live: NonNullable<Awaited<ReturnType<typeof run>>["live"]>) =>
    `${JSON.stringify(live.body)}\n${live.version.html}`;

  it("the corpus covers plain, hidden, invisible, citation and system injections, and its markers are only in them", () => {
    expect(INJECTION_KINDS.sort()).toEqual(["citation", "hidden-markup", "invisible", "plain", "system"]);
    for (const a of corpus.articles) expect(leakedMarkers(`${a.title}\n${a.text}`)).toEqual([]);
    expect(leakedMarkers(story.articles.map((a) => a.text).join("\n")).sort()).toEqual([...MARKERS].sort());
  });

  it("the built-in engine publishes none of it, and the report says what was screened out", async () => {
    const { live, version, published } = await run(createBuiltinEngine());
    expect(published.status).toBe("published");
    expect(leakedMarkers(publishedText(live!))).toEqual([]);
    const report = JSON.parse(version.verification) as { screened: { source: number }[] };
    expect(new Set(report.screened.map((s) => s.source))).toEqual(new Set([1, 2, 3, 4]));
  });

  for (const dialect of ["openai", "anthropic"] as const) {
    const engineFor = (url: string) => {
      const client = {
        baseUrl: url,
        model: dialect === "openai" ? "gpt-4o-mini" : "claude-3-5-haiku-latest",
        timeoutMs: 5000,
        maxRetries: 0,
        maxRetryAfterMs: 1000,
        concurrency: 1,
        maxResponseBytes: 2_000_000,
        ledger: createStoreLedger(opened.db),
        clock,
        logger: silentLogger,
        sleep: async () => {},
      };
      const settings = { outputLanguage: "en", maxTokensPerStory: 60_000, maxOutputTokens: 8000 };
      return dialect === "openai"
        ? createOpenAiCompatibleEngine(client, settings)
        : createAnthropicEngine(client, settings);
    };
    /** A model that follows whatever instructions its prompt carries, or (compromised) writes them regardless. */
    const startModel = async (write: (prompt: string) => AnalysisDraft) => {
      server = await startModelServer(dialect, (request) => {
        const prompt = userText(request);
        if (systemText(request).includes("You fix sentences")) {
          // Asked to repair, it insists on what it wrote.
          const items = JSON.parse(/Items that failed:\n([\s\S]*?)\n\nThe cited articles/.exec(prompt)![1]!) as {
            id: string;
            text: string;
          }[];
          return {
            kind: "answer",
            text: JSON.stringify({ repairs: items.map((i) => ({ id: i.id, text: i.text })) }),
            tool: dialect === "anthropic",
          };
        }
        return { kind: "answer", text: JSON.stringify(write(prompt)), tool: dialect === "anthropic" };
      });
      return engineFor(server.url);
    };

    it(`a ${dialect} model that obeys its prompt never reads the injections, and publishes none of it`, async () => {
      const engine = await startModel((prompt) =>
        leakedMarkers(prompt).length > 0 ? obeyedDraft(faithful, { framing: true }) : faithful,
      );
      const { live, written, storyId } = await run(engine);
      expect(written.engine).toBe(dialect === "openai" ? "openai-compatible" : "anthropic");
      for (const r of server!.requests) expect(leakedMarkers(userText(r))).toEqual([]);
      expect(leakedMarkers(publishedText(live!))).toEqual([]);
      expect((await listModelCallsForStory(opened.db, storyId)).map((c) => c.outcome)).toEqual(["ok"]);
    });

    it(`what a compromised ${dialect} model writes is held for an editor, and nothing is published`, async () => {
      const engine = await startModel(() => obeyedDraft(faithful, { framing: true }));
      const { live, published, written, storyId } = await run(engine);
      expect(written.engine).toBe(dialect === "openai" ? "openai-compatible" : "anthropic");
      expect(published.status).toBe("needs-review");
      expect(published.reasons.join("\n")).toMatch(/prompt-injection/);
      expect(published.reasons.join("\n")).toMatch(/the headline failed verification/);
      expect(live).toBeUndefined();
      // It was asked once to repair what failed, and what it sent back failed again.
      expect((await listModelCallsForStory(opened.db, storyId)).map((c) => c.purpose)).toEqual([
        "draft",
        "repair-claims",
      ]);
    });

    it(`even under the most lenient policy the verifier keeps a compromised ${dialect} model's additions off the page`, async () => {
      const engine = await startModel(() => obeyedDraft(faithful, { framing: false }));
      const { live, published, version } = await run(engine, {
        PUBLISH_MIN_VERIFIED_SHARE: "0",
        PUBLISH_HOLD_ON: "none",
      });
      expect(published.status).toBe("published");
      const text = publishedText(live!);
      expect(leakedMarkers(text)).toEqual([]);
      expect(text).not.toMatch(/Dana Holt said[^.]*cables we opened/);
      const report = JSON.parse(version.verification) as { dropped: unknown[]; freeText: { path: string }[] };
      expect(report.dropped.length).toBeGreaterThanOrEqual(corpus.payload.claims.length);
      expect(report.freeText.map((f) => f.path)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/heading$/),
          expect.stringMatching(/^tags\./),
          expect.stringMatching(/^whatToWatch\./),
        ]),
      );
    });
  }
});
