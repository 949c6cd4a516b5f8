/**
 * write-analysis {storyId}: the story's articles -> a verified analysis version -> publish job.
 *
 * In: a story id. Out: a new version of the story's analysis (body, verification report, what
 * changed since the version readers saw, the HTML rendered once from them, read time), the story
 * marked written and a publish job queued, all in one transaction; or a value saying why nothing
 * was written ('skipped' when the story has too few outlets, 'unchanged' when the current version
 * already covers these articles).
 *
 * The articles are screened first (text aimed at a model removed), so engines and the verifier
 * read the same text. The engine's draft is validated; every claim is verified against its cited
 * passages, the engine may repair the failing ones once, what still fails is dropped, and the
 * result is validated again. A draft that fails, or an engine that throws (outage, budget, spend
 * cap, unusable output), hands over to the fallback engine (the built-in one). It never
 * publishes: the publish job decides. The analysis's slug is made once and never changes, so a
 * revision keeps its page URL and feed GUID.
 */

import type { Config } from "../config.ts";
import {
  type AnalysisDraft,
  type AnalysisSource,
  analysisDraftSchema,
  type VerificationReport,
  type VersionChanges,
} from "../domain/analysis.ts";
import { countWords, readMinutes } from "../domain/read-time.ts";
import type { Clock } from "../lib/clock.ts";
import { NotFoundError } from "../lib/errors.ts";
import type { Logger } from "../lib/logger.ts";
import {
  type AnalysisBody,
  findAnalysisByStory,
  findCurrentArticleIds,
  findStoryForAnalysis,
  findVersion,
  insertAnalysisVersion,
  listStoryArticlesForAnalysis,
  markStoryAnalysisStatus,
} from "../store/analyses.ts";
import type { Db } from "../store/db.ts";
import { insertJob } from "../store/jobs.ts";
import type { AnalysisRow } from "../store/schema.ts";
import type { AnalysisEngine, EngineArticle, EngineInput } from "./engine.ts";
import { screenArticleText } from "./screen-article.ts";
import { DEFAULT_VERIFY_OPTIONS, type RepairClaims, type VerifyOptions, verifyWithRepair } from "./verify.ts";
import { whatChanged } from "./what-changed.ts";

export interface WriteAnalysisDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, "publish" | "site"> & Partial<Pick<Config, "verify">>;
  engine: AnalysisEngine;
  fallbackEngine?: AnalysisEngine;
  renderAnalysis: (body: AnalysisBody, verification: VerificationReport) => string;
}

export interface WriteResult {
  storyId: number;
  status: "written" | "unchanged" | "skipped";
  reason?: "not-enough-sources";
  analysisId?: number;
  versionId?: number;
  /** The engine whose draft was stored (the fallback's name when the first engine failed). */
  engine?: string;
  /** Why the configured engine's draft was not used, when the fallback wrote instead. */
  fallbackReason?: string;
  claims?: { total: number; verified: number };
}

export interface Drafted {
  engine: string;
  model: string | null;
  promptVersion: string | null;
  draft: AnalysisDraft;
  report: VerificationReport;
  fallbackReason?: string;
}

export interface StoryInput {
  input: EngineInput;
  existing: AnalysisRow | undefined;
  outlets: number;
  /** The current version already covers exactly these articles. */
  unchanged: boolean;
  screened: NonNullable<VerificationReport["screened"]>;
}

export async function writeAnalysis(deps: WriteAnalysisDeps, storyId: number): Promise<WriteResult> {
  const { db, clock, logger, config } = deps;
  const story = await loadStoryInput(deps, storyId);
  if (story.outlets < config.publish.minSources) {
    // A story that already has an analysis keeps its status: losing an article does not unwrite it.
    if (!story.existing) await markStoryAnalysisStatus(db, storyId, "skipped");
    logger.debug("analysis skipped", { storyId, outlets: story.outlets, minSources: config.publish.minSources });
    return { storyId, status: "skipped", reason: "not-enough-sources" };
  }
  const { existing } = story;
  if (existing && story.unchanged) {
    return {
      storyId,
      status: "unchanged",
      analysisId: existing.id,
      ...(existing.current_version_id !== null ? { versionId: existing.current_version_id } : {}),
    };
  }

  const drafted = await draftAnalysis(deps, story);
  const sources: AnalysisSource[] = story.input.articles.map((a) => ({
    number: a.number,
    articleId: a.articleId,
    outlet: a.outlet,
    title: a.title,
    url: a.url,
    author: a.author,
    publishedAt: a.publishedAt,
  }));
  const body: AnalysisBody = { ...drafted.draft, sources };
  const changes = existing ? await changesSince(db, existing, body) : null;
  const html = deps.renderAnalysis(body, drafted.report);
  const minutes = readMinutes(countWords(visibleText(html)));

  const now = clock.now();
  const stored = await db.transaction().execute(async (trx) => {
    const version = await insertAnalysisVersion(
      trx,
      {
        storyId,
        body,
        verification: drafted.report,
        html,
        readMinutes: minutes,
        engine: drafted.engine,
        model: drafted.model,
        promptVersion: drafted.promptVersion,
        changes,
      },
      now,
    );
    await markStoryAnalysisStatus(trx, storyId, "written");
    await insertJob(trx, { name: "publish", payload: { analysisId: version.analysisId } }, now);
    return version;
  });
  logger.info("analysis written", {
    storyId,
    analysisId: stored.analysisId,
    version: stored.version,
    engine: drafted.engine,
    verified: `${drafted.report.verified}/${drafted.report.total}`,
  });
  return {
    storyId,
    status: "written",
    analysisId: stored.analysisId,
    versionId: stored.versionId,
    engine: drafted.engine,
    ...(drafted.fallbackReason ? { fallbackReason: drafted.fallbackReason } : {}),
    claims: { total: drafted.report.total, verified: drafted.report.verified },
  };
}

/** The story as engines see it: its articles (oldest first, numbered from 1, screened) and today's date. */
export async function loadStoryInput(
  deps: Pick<WriteAnalysisDeps, "db" | "clock" | "config">,
  storyId: number,
): Promise<StoryInput> {
  const { db, clock, config } = deps;
  const story = await findStoryForAnalysis(db, storyId);
  if (!story) throw new NotFoundError(`story ${storyId} not found`);
  const rows = await listStoryArticlesForAnalysis(db, storyId);
  const existing = await findAnalysisByStory(db, storyId);
  const articleIds = rows.map((r) => r.articleId).sort((a, b) => a - b);
  let unchanged = false;
  if (existing) {
    const current = await findCurrentArticleIds(db, existing.id);
    unchanged =
      current !== undefined && current.length === articleIds.length && current.every((id, i) => id === articleIds[i]);
  }
  const screened: StoryInput["screened"] = [];
  const articles: EngineArticle[] = rows.map((r, i) => {
    const result = screenArticleText(r.text);
    for (const removed of result.removed) screened.push({ source: i + 1, ...removed });
    return {
      number: i + 1,
      articleId: r.articleId,
      outlet: r.outlet,
      title: r.title,
      url: r.url,
      author: r.author,
      publishedAt: r.publishedAt,
      text: result.text,
    };
  });
  return {
    input: { storyId, today: clock.now().toISOString().slice(0, 10), language: config.site.language, articles },
    existing,
    outlets: new Set(rows.map((r) => r.sourceId)).size,
    unchanged,
    screened,
  };
}

/** The engine's verified draft, or the fallback engine's when the engine fails. Stores nothing. */
export async function draftAnalysis(
  deps: Pick<WriteAnalysisDeps, "logger" | "config" | "engine" | "fallbackEngine">,
  story: Pick<StoryInput, "input" | "screened">,
): Promise<Drafted> {
  const { logger } = deps;
  const options: VerifyOptions = {
    ...DEFAULT_VERIFY_OPTIONS,
    ...(deps.config.verify ? { minSupport: deps.config.verify.minSupport } : {}),
    language: deps.config.site.language,
  };
  let drafted = await draftWith(deps.engine, story.input, options, logger);
  if (drafted instanceof Error) {
    if (!deps.fallbackEngine || deps.fallbackEngine === deps.engine) throw drafted;
    logger.warn("analysis engine failed; using the fallback engine", {
      storyId: story.input.storyId,
      engine: deps.engine.name,
      fallback: deps.fallbackEngine.name,
      error: drafted.message,
    });
    const reason = drafted.message;
    drafted = await draftWith(deps.fallbackEngine, story.input, options, logger);
    if (drafted instanceof Error) throw drafted;
    drafted.fallbackReason = reason;
  }
  if (story.screened.length > 0) drafted.report.screened = story.screened;
  return drafted;
}

/** One engine's attempt: draft, validate, verify (with one repair round), validate again. An Error value says why it cannot be used. */
async function draftWith(
  engine: AnalysisEngine,
  input: EngineInput,
  options: VerifyOptions,
  logger: Logger,
): Promise<Drafted | Error> {
  let output: Awaited<ReturnType<AnalysisEngine["draft"]>>;
  try {
    output = await engine.draft(input);
  } catch (error) {
    return new Error(`engine ${engine.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = analysisDraftSchema.safeParse(output.draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return new Error(`engine ${engine.name} returned an invalid draft: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  let repaired = false;
  const repair: RepairClaims | undefined = output.repair
    ? (requests) => {
        repaired = true;
        return output.repair!(requests);
      }
    : undefined;
  const verified = await verifyWithRepair(parsed.data, input.articles, options, repair);
  if (verified.repairError) {
    logger.warn("claim repair failed; failing claims dropped", { engine: engine.name, error: verified.repairError });
  }
  const { draft, report } = verified;
  const reparsed = analysisDraftSchema.safeParse(draft);
  if (!reparsed.success) {
    const issue = reparsed.error.issues[0];
    return new Error(
      `engine ${engine.name}: too little survived verification (${report.verified} of ${report.total} claims): ${issue?.path.join(".")}: ${issue?.message}`,
    );
  }
  if (report.dropped.length > 0) {
    logger.debug("claims dropped by verification", { engine: engine.name, dropped: report.dropped.length });
  }
  const promptVersion =
    output.promptVersion && repaired && output.repairPromptVersion
      ? `${output.promptVersion}+${output.repairPromptVersion}`
      : output.promptVersion;
  return {
    engine: engine.name,
    model: output.model,
    promptVersion,
    draft: reparsed.data,
    report,
  };
}

/** What the new body changes since the version readers see now (or, before any was shown, the latest). */
async function changesSince(db: Db, existing: AnalysisRow, body: AnalysisBody): Promise<VersionChanges | null> {
  const baseId = existing.published_version_id ?? existing.current_version_id;
  if (baseId === null) return null;
  const base = await findVersion(db, baseId);
  if (!base) return null;
  return whatChanged(JSON.parse(base.body) as AnalysisBody, base.version, body);
}

/** The words a reader sees in rendered HTML: tags, scripts and styles removed, common entities decoded. */
export function visibleText(html: string): string {
  return (
    html
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/giu, " ")
      // Marked by the renderer as reference matter (the supporting passages), not reading.
      .replace(/<(section|div|aside)\b[^>]*\bdata-reading="skip"[^>]*>[\s\S]*?<\/\1>/giu, " ")
      .replace(/<[^>]+>/gu, " ")
      .replace(/&nbsp;|&#160;/gu, " ")
      .replace(/&amp;/gu, "&")
      .replace(/&lt;/gu, "<")
      .replace(/&gt;/gu, ">")
      .replace(/&quot;|&#34;/gu, '"')
      .replace(/&#39;|&apos;/gu, "'")
      .replace(/\s+/gu, " ")
      .trim()
  );
}
