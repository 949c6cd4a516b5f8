/**
 * The pipeline: job name -> handler, in order. Each handler takes ids, stores its result and
 * enqueues the next job in the same transaction, so any step can be re-run safely.
 *
 *   schedule ─► refresh-feed {sourceId}       fetch (conditional GET), parse, screen, store items
 *            ─► extract-article {itemId}      full text or abstract, language -> article
 *            ─► cluster-article {articleId}   join a story or start one; re-rank it
 *            ─► write-analysis {storyId}      engine drafts, every claim verified, version stored
 *            ─► publish {analysisId}          policy: publish, or hold for an editor
 */
import type { AnalysisEngine } from "./analysis/engine.ts";
import { writeAnalysis } from "./analysis/write-analysis.ts";
import type { Config } from "./config.ts";
import type { VerificationReport } from "./domain/analysis.ts";
import { publishAnalysis } from "./editorial/publish.ts";
import { extractArticle } from "./ingest/extract-article.ts";
import type { Fetcher } from "./ingest/fetcher.ts";
import { refreshFeed } from "./ingest/refresh-feed.ts";
import type { JobHandler } from "./jobs/worker.ts";
import type { Clock } from "./lib/clock.ts";
import type { Logger } from "./lib/logger.ts";
import type { AnalysisBody } from "./store/analyses.ts";
import type { Db } from "./store/db.ts";
import { clusterArticle } from "./stories/cluster-article.ts";

export const JOB_NAMES = ["refresh-feed", "extract-article", "cluster-article", "write-analysis", "publish"] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface PipelineDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Config;
  fetcher: Fetcher;
  engine: AnalysisEngine;
  fallbackEngine: AnalysisEngine;
  renderAnalysis: (body: AnalysisBody, verification: VerificationReport) => string;
  onPublished: (analysisId: number) => void;
}

/** What the last run of each step produced; the CLI prints it as progress. */
export type StepEvent =
  | { job: "refresh-feed"; result: Awaited<ReturnType<typeof refreshFeed>> }
  | { job: "extract-article"; result: Awaited<ReturnType<typeof extractArticle>> }
  | { job: "cluster-article"; result: Awaited<ReturnType<typeof clusterArticle>> }
  | { job: "write-analysis"; result: Awaited<ReturnType<typeof writeAnalysis>> }
  | { job: "publish"; result: Awaited<ReturnType<typeof publishAnalysis>> };

function idFrom(payload: Record<string, unknown>, key: string): number {
  const value = payload[key];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new Error(`job payload needs a positive integer ${key}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function createPipeline(
  deps: PipelineDeps,
  onStep: (event: StepEvent) => void = () => {},
): Record<JobName, JobHandler> {
  return {
    "refresh-feed": async (p) =>
      onStep({ job: "refresh-feed", result: await refreshFeed(deps, idFrom(p, "sourceId")) }),
    "extract-article": async (p) =>
      onStep({ job: "extract-article", result: await extractArticle(deps, idFrom(p, "itemId")) }),
    "cluster-article": async (p) =>
      onStep({ job: "cluster-article", result: await clusterArticle(deps, idFrom(p, "articleId")) }),
    "write-analysis": async (p) =>
      onStep({ job: "write-analysis", result: await writeAnalysis(deps, idFrom(p, "storyId")) }),
    publish: async (p) => onStep({ job: "publish", result: await publishAnalysis(deps, idFrom(p, "analysisId")) }),
  };
}
