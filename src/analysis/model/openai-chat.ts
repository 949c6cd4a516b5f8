/**
 * The OpenAI chat-completions protocol (POST {base}/chat/completions), as OpenAI, Ollama, vLLM,
 * llama.cpp server, LM Studio and OpenRouter speak it. Structured output goes first as
 * response_format json_schema (non-strict: the analysis schema has optional fields), then, for a
 * server that rejects it, json_object, then the prompt alone; zod validates whatever comes back.
 */
import type { ChatResponse, Dialect, DialectState } from "./dialect.ts";

interface Completion {
  choices?: {
    message?: { content?: string | null; refusal?: string | null };
    finish_reason?: string | null;
  }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

export const openAiChat: Dialect = {
  provider: "openai-compatible",
  path: "/chat/completions",
  headers(apiKey) {
    return {
      "content-type": "application/json",
      accept: "application/json",
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    };
  },
  body(model, request, state) {
    const body: Record<string, unknown> = {
      model,
      messages: [{ role: "system", content: request.system }, ...request.messages],
      [state.tokenParameter]: request.maxOutputTokens,
      stream: false,
    };
    if (request.schema && state.mode === "json_schema") {
      body.response_format = {
        type: "json_schema",
        json_schema: {
          name: request.schema.name,
          description: request.schema.description,
          schema: request.schema.jsonSchema,
          strict: false,
        },
      };
    } else if (request.schema && state.mode === "json_object") {
      body.response_format = { type: "json_object" };
    }
    return body;
  },
  parse(json): ChatResponse {
    const c = json as Completion;
    const choice = Array.isArray(c?.choices) ? c.choices[0] : undefined;
    if (!choice || typeof choice !== "object") throw new Error("no choices in the completion");
    const content = choice.message?.content;
    const refusal = choice.message?.refusal;
    const out: ChatResponse = {
      text: typeof content === "string" ? content : "",
      truncated: choice.finish_reason === "length",
    };
    if (typeof refusal === "string" && refusal) out.refusal = refusal;
    if (choice.finish_reason === "content_filter") out.refusal = "content filter";
    if (typeof c.usage?.prompt_tokens === "number") out.tokensIn = c.usage.prompt_tokens;
    if (typeof c.usage?.completion_tokens === "number") out.tokensOut = c.usage.completion_tokens;
    return out;
  },
  adapt(status, bodyText, state): DialectState | undefined {
    if (status !== 400 && status !== 422) return undefined;
    const text = bodyText.toLowerCase();
    if (state.tokenParameter === "max_tokens" && text.includes("max_completion_tokens")) {
      return { ...state, tokenParameter: "max_completion_tokens" };
    }
    if (/response_format|json_schema|json_object|structured/u.test(text)) {
      if (state.mode === "json_schema") return { ...state, mode: "json_object" };
      if (state.mode === "json_object") return { ...state, mode: "none" };
    }
    return undefined;
  },
};
