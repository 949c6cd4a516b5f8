/**
 * Builds the model engine the configuration names (ENGINE=openai or anthropic), with the usage
 * ledger in the store; undefined for ENGINE=builtin. Called by the composition root only.
 */
import type { Config } from "../../config.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Logger } from "../../lib/logger.ts";
import type { Db } from "../../store/db.ts";
import type { AnalysisEngine } from "../engine.ts";
import type { ModelClientOptions } from "../model/model-client.ts";
import { createStoreLedger } from "../model/usage-ledger.ts";
import { createAnthropicEngine } from "./anthropic.ts";
import { createOpenAiCompatibleEngine } from "./openai-compatible.ts";

export function createModelEngineFromConfig(
  config: Pick<Config, "engine" | "model">,
  deps: { db: Db; clock: Clock; logger: Logger },
): AnalysisEngine | undefined {
  if (config.engine === "builtin" || !config.model.name) return undefined;
  const m = config.model;
  const client: Omit<ModelClientOptions, "dialect"> = {
    baseUrl: m.url,
    model: m.name!,
    ...(m.apiKey ? { apiKey: m.apiKey } : {}),
    timeoutMs: m.timeoutMs,
    maxRetries: m.maxRetries,
    maxRetryAfterMs: m.maxRetryAfterMs,
    concurrency: m.concurrency,
    maxResponseBytes: m.maxResponseBytes,
    ...(m.monthlySpendCapUsd !== undefined ? { monthlySpendCapUsd: m.monthlySpendCapUsd } : {}),
    price: m.price,
    structuredMode: m.structuredOutput,
    ledger: createStoreLedger(deps.db),
    clock: deps.clock,
    logger: deps.logger,
  };
  const engine = {
    outputLanguage: m.outputLanguage,
    maxTokensPerStory: m.maxTokensPerStory,
    maxOutputTokens: m.maxOutputTokens,
  };
  return config.engine === "anthropic"
    ? createAnthropicEngine(client, engine)
    : createOpenAiCompatibleEngine(client, engine);
}
