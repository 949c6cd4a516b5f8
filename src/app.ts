/**
 * The composition root: builds the database, clock, logger, fetcher, engines, pipeline and web
 * edge from one Config. Nothing else constructs stateful things; everything else receives them.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AnalysisEngine } from "./analysis/engine.ts";
import { createBuiltinEngine } from "./analysis/engines/builtin.ts";
import { createModelEngineFromConfig } from "./analysis/engines/model-engine-from-config.ts";
import type { Config } from "./config.ts";
import { createFetcher, type Fetcher } from "./ingest/fetcher.ts";
import { type Clock, systemClock } from "./lib/clock.ts";
import { createLogger, type Logger } from "./lib/logger.ts";
import { createPipeline, type PipelineDeps, type StepEvent } from "./pipeline.ts";
import { type Db, type DbKind, openDb } from "./store/db.ts";
import { createWeb } from "./web/create-web.tsx";
import { renderAnalysisBody } from "./web/views/analysis-body.tsx";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const VERSION = "0.1.0";

export interface App {
  config: Config;
  db: Db;
  dbKind: DbKind;
  clock: Clock;
  logger: Logger;
  fetcher: Fetcher;
  engine: AnalysisEngine;
  /** The built-in engine: the default, and the fallback when a model fails. */
  builtinEngine: AnalysisEngine;
  /** The model engine the configuration names, if any (ENGINE=openai|anthropic). */
  modelEngine: AnalysisEngine | undefined;
  web: ReturnType<typeof createWeb>;
  deps: PipelineDeps;
  /** Job handlers; `onStep` receives each step's result (for progress output). */
  handlers(onStep?: (event: StepEvent) => void): ReturnType<typeof createPipeline>;
  samplesDir: string;
  close(): Promise<void>;
}

export interface AppOverrides {
  clock?: Clock;
  logger?: Logger;
  fetcher?: Fetcher;
  engine?: AnalysisEngine;
  modelEngine?: AnalysisEngine;
}

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const opened = await openDb(
    config.database.kind === "sqlite"
      ? { kind: "sqlite", file: config.database.file }
      : { kind: "postgres", url: config.database.url },
  );
  const fetcher =
    overrides.fetcher ??
    createFetcher({
      timeoutMs: config.ingest.fetchTimeoutMs,
      connectTimeoutMs: config.ingest.fetchConnectTimeoutMs,
      perHost: config.ingest.fetchPerHost,
      maxBytes: config.ingest.fetchMaxBytes,
      userAgent: `PRISM/${VERSION} (self-hosted newsroom; +${config.site.url})`,
      logger,
    });
  const builtin = createBuiltinEngine();
  const modelEngine = overrides.modelEngine ?? createModelEngineFromConfig(config, { db: opened.db, clock, logger });
  const engine = overrides.engine ?? modelEngine ?? builtin;
  const web = createWeb({ db: opened.db, config, clock, logger });
  const deps: PipelineDeps = {
    db: opened.db,
    clock,
    logger,
    config,
    fetcher,
    engine,
    fallbackEngine: builtin,
    renderAnalysis: (body, verification) => renderAnalysisBody(body, verification, config.site.language),
    onPublished: () => web.invalidate(),
  };
  return {
    config,
    db: opened.db,
    dbKind: opened.kind,
    clock,
    logger,
    fetcher,
    engine,
    builtinEngine: builtin,
    modelEngine,
    web,
    deps,
    handlers: (onStep) => createPipeline(deps, onStep),
    samplesDir: path.join(PROJECT_ROOT, "samples"),
    close: () => opened.close(),
  };
}
