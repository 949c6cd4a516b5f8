/**
 * write-analysis {storyId}: the story's articles -> a verified analysis version -> publish job.
 *
 * In: a story id. Out: a new version of the story's analysis (body, verification report, the
 * HTML rendered once from them, read time), the story marked written and a publish job queued,
 * all in one transaction; or a value saying why nothing was written ('skipped' when the story
 * has too few outlets, 'unchanged' when the current version already covers these articles).
 *
 * The engine's draft is validated, every claim verified against its cited passages (failing
 * claims are dropped) and validated again; a draft that fails, or an engine that throws, hands
 * over to the fallback engine (the built-in one). It never publishes: the publish job decides.
 */

import type { Config } from "../config.ts";
import {
  type AnalysisDraft,
  type AnalysisSource,
  analysisDraftSchema,
  type VerificationReport,
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
  insertAnalysisVersion,
  listStoryArticlesForAnalysis,
  markStoryAnalysisStatus,
} from "../store/analyses.ts";
import type { Db } from "../store/db.ts";
import { insertJob } from "../store/jobs.ts";
import type { AnalysisEngine, EngineArticle, EngineInput } from "./engine.ts";
import { verifyDraft } from "./verify.ts";

export interface WriteAnalysisDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, "publish" | "site">;
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
  claims?: { total: number; verified: number };
}

interface Drafted {
  engine: string;
  model: string | null;
  promptVersion: string | null;
  draft: AnalysisDraft;
  report: VerificationReport;
}

export async function writeAnalysis(deps: WriteAnalysisDeps, storyId: number): Promise<WriteResult> {
  const { db, clock, logger, config } = deps;
  const story = await findStoryForAnalysis(db, storyId);
  if (!story) throw new NotFoundError(`story ${storyId} not found`);

  const rows = await listStoryArticlesForAnalysis(db, storyId);
  const outlets = new Set(rows.map((r) => r.sourceId)).size;
  const existing = await findAnalysisByStory(db, storyId);
  if (outlets < config.publish.minSources) {
    // A story that already has an analysis keeps its status: losing an article does not unwrite it.
    if (!existing) await markStoryAnalysisStatus(db, storyId, "skipped");
    logger.debug("analysis skipped", { storyId, outlets, minSources: config.publish.minSources });
    return { storyId, status: "skipped", reason: "not-enough-sources" };
  }

  const articleIds = rows.map((r) => r.articleId).sort((a, b) => a - b);
  if (existing) {
    const current = await findCurrentArticleIds(db, existing.id);
    if (current && current.length === articleIds.length && current.every((id, i) => id === articleIds[i])) {
      return {
        storyId,
        status: "unchanged",
        analysisId: existing.id,
        ...(existing.current_version_id !== null ? { versionId: existing.current_version_id } : {}),
      };
    }
  }

  const articles: EngineArticle[] = rows.map((r, i) => ({
    number: i + 1,
    articleId: r.articleId,
    outlet: r.outlet,
    title: r.title,
    url: r.url,
    author: r.author,
    publishedAt: r.publishedAt,
    text: r.text,
  }));
  const input: EngineInput = {
    storyId,
    today: clock.now().toISOString().slice(0, 10),
    language: config.site.language,
    articles,
  };

  let drafted = await draftWith(deps.engine, input, logger);
  if (drafted instanceof Error) {
    if (!deps.fallbackEngine || deps.fallbackEngine === deps.engine) throw drafted;
    logger.warn("analysis engine failed; using the fallback engine", {
      storyId,
      engine: deps.engine.name,
      fallback: deps.fallbackEngine.name,
      error: drafted.message,
    });
    drafted = await draftWith(deps.fallbackEngine, input, logger);
    if (drafted instanceof Error) throw drafted;
  }

  const sources: AnalysisSource[] = articles.map((a) => ({
    number: a.number,
    articleId: a.articleId,
    outlet: a.outlet,
    title: a.title,
    url: a.url,
    author: a.author,
    publishedAt: a.publishedAt,
  }));
  const body: AnalysisBody = { ...drafted.draft, sources };
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
    claims: { total: drafted.report.total, verified: drafted.report.verified },
  };
}

/** One engine's attempt: draft, validate, verify, validate again. An Error value says why it cannot be used. */
async function draftWith(engine: AnalysisEngine, input: EngineInput, logger: Logger): Promise<Drafted | Error> {
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
  const { draft, report } = verifyDraft(parsed.data, input.articles);
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
  return {
    engine: engine.name,
    model: output.model,
    promptVersion: output.promptVersion,
    draft: reparsed.data,
    report,
  };
}

/** The words a reader sees in rendered HTML: tags, scripts and styles removed, common entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/giu, " ")
    .replace(/<[^>]+>/gu, " ")
    .replace(/&nbsp;|&#160;/gu, " ")
    .replace(/&amp;/gu, "&")
    .replace(/&lt;/gu, "<")
    .replace(/&gt;/gu, ">")
    .replace(/&quot;|&#34;/gu, '"')
    .replace(/&#39;|&apos;/gu, "'")
    .replace(/\s+/gu, " ")
    .trim();
}
