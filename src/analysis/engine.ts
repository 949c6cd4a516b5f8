/**
 * What every analysis engine implements, whether it composes from source sentences (built-in)
 * or asks a model (OpenAI-compatible, Anthropic). Provider-neutral: an engine gets a story's
 * articles numbered from 1 (already screened: text aimed at a model removed) and today's date,
 * and returns a draft that the caller validates with analysisDraftSchema and verifies claim by
 * claim, and optionally a way to repair the claims that fail, once. An engine never writes an
 * analysis and never decides publication (a model engine writes only its usage ledger); it may
 * throw on an outage, a budget or unusable output (the caller falls back to the built-in engine).
 */
import type { RepairClaims } from "./verify.ts";

export interface EngineArticle {
  /** 1-based; citations refer to it. */
  number: number;
  articleId: number;
  outlet: string;
  title: string;
  url: string;
  author: string | null;
  /** ISO-8601. */
  publishedAt: string;
  text: string;
}

export interface EngineInput {
  storyId: number;
  /** YYYY-MM-DD: models are told today's date so they do not write as if it were their training cut-off. */
  today: string;
  language: "en" | "ko";
  articles: EngineArticle[];
}

export interface EngineOutput {
  /** Validated by the caller with analysisDraftSchema; never trusted as typed. */
  draft: unknown;
  model: string | null;
  promptVersion: string | null;
  /** Rewrites failing claims once, told their problems (model engines); within the same story budget. */
  repair?: RepairClaims;
  /** The prompt version the repair uses, recorded with the analysis when it ran. */
  repairPromptVersion?: string;
}

export interface AnalysisEngine {
  readonly name: string;
  draft(input: EngineInput, options?: { signal?: AbortSignal }): Promise<EngineOutput>;
}
