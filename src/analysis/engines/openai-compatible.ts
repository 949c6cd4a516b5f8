/**
 * The engine for any OpenAI-compatible chat-completions endpoint: OpenAI itself, OpenRouter,
 * and local servers (Ollama at http://127.0.0.1:11434/v1, llama.cpp server, vLLM, LM Studio).
 * Configured by base URL, model name and an optional key; the rest is the shared model engine.
 */
import type { AnalysisEngine } from "../engine.ts";
import { createModelClient, type ModelClientOptions } from "../model/model-client.ts";
import { openAiChat } from "../model/openai-chat.ts";
import { createModelEngine, type ModelEngineOptions } from "./model-engine.ts";

export const OPENAI_DEFAULT_URL = "https://api.openai.com/v1";

export function createOpenAiCompatibleEngine(
  client: Omit<ModelClientOptions, "dialect">,
  engine: Omit<ModelEngineOptions, "name" | "client">,
): AnalysisEngine {
  return createModelEngine({
    ...engine,
    name: "openai-compatible",
    client: createModelClient({ ...client, dialect: openAiChat }),
  });
}
