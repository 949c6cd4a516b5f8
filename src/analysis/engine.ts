/**
 * What every analysis engine implements, whether it composes from source sentences (built-in)
 * or asks a model (OpenAI-compatible, Anthropic). Provider-neutral: an engine gets a story's
 * articles numbered from 1 and today's date, and returns a draft that the caller validates with
 * analysisDraftSchema and verifies claim by claim. An engine never writes to the store and never
 * decides publication; it may throw on an outage (the caller falls back or retries).
 */

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
}

export interface AnalysisEngine {
  readonly name: string;
  draft(input: EngineInput, options?: { signal?: AbortSignal }): Promise<EngineOutput>;
}
