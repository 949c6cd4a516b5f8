/**
 * The engine for Anthropic's Messages API. Structured output is a forced tool call whose input
 * schema is the analysis schema; the rest is the shared model engine.
 */
import type { AnalysisEngine } from "../engine.ts";
import { anthropicMessages } from "../model/anthropic-messages.ts";
import { createModelClient, type ModelClientOptions } from "../model/model-client.ts";
import { createModelEngine, type ModelEngineOptions } from "./model-engine.ts";

export const ANTHROPIC_DEFAULT_URL = "https://api.anthropic.com/v1";

export function createAnthropicEngine(
  client: Omit<ModelClientOptions, "dialect">,
  engine: Omit<ModelEngineOptions, "name" | "client">,
): AnalysisEngine {
  return createModelEngine({
    ...engine,
    name: "anthropic",
    client: createModelClient({ ...client, dialect: anthropicMessages }),
  });
}
