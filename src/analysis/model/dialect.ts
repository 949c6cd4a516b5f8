/**
 * What the model client needs from a provider's protocol: where to send a chat, with which
 * headers and body, how to read the answer, and how to adapt when a server refuses an optional
 * feature (structured output, a parameter name). One implementation per protocol.
 */

export type StructuredMode = "json_schema" | "json_object" | "none";

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  system: string;
  messages: ChatMessage[];
  maxOutputTokens: number;
  /** The JSON Schema the answer must follow, for providers that can enforce one. */
  schema?: { name: string; description: string; jsonSchema: Record<string, unknown> };
}

export interface ChatResponse {
  /** The answer's text; for a tool call, its input as JSON text. */
  text: string;
  tokensIn?: number;
  tokensOut?: number;
  /** The answer stopped at the output token limit. */
  truncated: boolean;
  /** The model declined (a refusal field or stop reason). */
  refusal?: string;
}

/** Per-client settings a dialect may change after a 400 (remembered for later calls). */
export interface DialectState {
  mode: StructuredMode;
  /** OpenAI's newer models take max_completion_tokens instead of max_tokens. */
  tokenParameter: "max_tokens" | "max_completion_tokens";
}

export interface Dialect {
  provider: "openai-compatible" | "anthropic";
  path: string;
  headers(apiKey: string | undefined): Record<string, string>;
  body(model: string, request: ChatRequest, state: DialectState): unknown;
  /** Throws when the JSON is not a response of this protocol. */
  parse(json: unknown): ChatResponse;
  /** A settings change that may get past this 400, or undefined when none would. */
  adapt(status: number, bodyText: string, state: DialectState): DialectState | undefined;
}
