/**
 * Anthropic's Messages protocol (POST {base}/messages, anthropic-version 2023-06-01).
 * Structured output is a forced tool call: one tool whose input_schema is the analysis schema,
 * and tool_choice naming it, so the answer is the tool's input object. Without a schema (or in
 * the fallback modes) the answer is the text blocks, read as JSON by the engine.
 */
import type { ChatResponse, Dialect } from "./dialect.ts";

export const ANTHROPIC_VERSION = "2023-06-01";

interface MessageResponse {
  type?: string;
  content?: ({ type: "text"; text: string } | { type: "tool_use"; name: string; input: unknown } | { type: string })[];
  stop_reason?: string | null;
  usage?: { input_tokens?: number; output_tokens?: number };
}

export const anthropicMessages: Dialect = {
  provider: "anthropic",
  path: "/messages",
  headers(apiKey) {
    return {
      "content-type": "application/json",
      accept: "application/json",
      "anthropic-version": ANTHROPIC_VERSION,
      ...(apiKey ? { "x-api-key": apiKey } : {}),
    };
  },
  body(model, request, state) {
    const body: Record<string, unknown> = {
      model,
      max_tokens: request.maxOutputTokens,
      system: request.system,
      messages: request.messages,
    };
    if (request.schema && state.mode === "json_schema") {
      body.tools = [
        { name: request.schema.name, description: request.schema.description, input_schema: request.schema.jsonSchema },
      ];
      body.tool_choice = { type: "tool", name: request.schema.name };
    }
    return body;
  },
  parse(json): ChatResponse {
    const m = json as MessageResponse;
    if (!m || !Array.isArray(m.content)) throw new Error("no content in the message");
    let toolInput: string | undefined;
    const texts: string[] = [];
    for (const block of m.content) {
      if (block.type === "tool_use" && "input" in block) toolInput ??= JSON.stringify(block.input);
      else if (block.type === "text" && "text" in block && typeof block.text === "string") texts.push(block.text);
    }
    const out: ChatResponse = { text: toolInput ?? texts.join(""), truncated: m.stop_reason === "max_tokens" };
    if (m.stop_reason === "refusal") out.refusal = "refusal";
    if (typeof m.usage?.input_tokens === "number") out.tokensIn = m.usage.input_tokens;
    if (typeof m.usage?.output_tokens === "number") out.tokensOut = m.usage.output_tokens;
    return out;
  },
  adapt(status, bodyText, state) {
    if (status !== 400) return undefined;
    if (/tool|input_schema/iu.test(bodyText) && state.mode === "json_schema") return { ...state, mode: "none" };
    return undefined;
  },
};
