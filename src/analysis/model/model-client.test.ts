import { afterEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../lib/clock.ts";
import { silentLogger } from "../../lib/logger.ts";
import { createMemoryLedger } from "../testdata/memory-ledger.ts";
import { type ModelServer, type Reply, startModelServer } from "../testdata/model-server.ts";
import { anthropicMessages } from "./anthropic-messages.ts";
import type { ChatRequest } from "./dialect.ts";
import { createModelClient, type ModelClientOptions } from "./model-client.ts";
import { ModelBudgetError, ModelCallError } from "./model-errors.ts";
import { openAiChat } from "./openai-chat.ts";
import { backoffDelayMs, retryAfterMs } from "./retry-policy.ts";

const request: ChatRequest = {
  system: "You answer in JSON.",
  messages: [{ role: "user", content: "Say hello." }],
  maxOutputTokens: 100,
  schema: { name: "greeting", description: "A greeting.", jsonSchema: { type: "object" } },
};

const DIALECTS = [
  { name: "openai" as const, dialect: openAiChat, model: "gpt-4o-mini" },
  { name: "anthropic" as const, dialect: anthropicMessages, model: "claude-3-5-haiku-latest" },
];

describe.each(DIALECTS)("model client speaking $name", ({ name, dialect, model }) => {
  let server: ModelServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function client(replies: Reply[] | ((i: number) => Reply), overrides: Partial<ModelClientOptions> = {}) {
    server = await startModelServer(name, (_, i) =>
      typeof replies === "function" ? replies(i) : (replies[i] ?? replies.at(-1)!),
    );
    const ledger = createMemoryLedger();
    const sleeps: number[] = [];
    const c = createModelClient({
      dialect,
      baseUrl: server.url,
      model,
      apiKey: "test-key",
      timeoutMs: 5000,
      maxRetries: 3,
      maxRetryAfterMs: 60_000,
      concurrency: 2,
      maxResponseBytes: 100_000,
      ledger,
      clock: fixedClock("2026-12-01T10:00:00.000Z"),
      logger: silentLogger,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...overrides,
    });
    return { c, ledger, sleeps, server };
  }

  it("returns the answer and records tokens, cost and outcome in the ledger", async () => {
    const { c, ledger, server } = await client([
      { kind: "answer", text: '{"hello":"world"}', usage: { in: 1200, out: 300 }, tool: true },
    ]);
    const result = await c.complete(request, { storyId: 7, purpose: "draft" });
    expect(JSON.parse(result.response.text)).toEqual({ hello: "world" });
    expect(result.outcome).toBe("ok");
    expect(ledger.calls).toEqual([
      expect.objectContaining({
        storyId: 7,
        purpose: "draft",
        attempt: 1,
        outcome: "ok",
        statusCode: 200,
        tokensIn: 1200,
        tokensOut: 300,
        tokensEstimated: false,
      }),
    ]);
    expect(ledger.calls[0]!.costUsd).toBeGreaterThan(0);
    expect(server.requests[0]!.path).toBe(name === "openai" ? "/v1/chat/completions" : "/v1/messages");
  });

  it("asks for structured output in the protocol's own way", async () => {
    const { c, server } = await client([{ kind: "answer", text: "{}", tool: true }]);
    await c.complete(request, { storyId: null, purpose: "draft" });
    const body = server.requests[0]!.body;
    if (name === "openai") {
      expect(server.requests[0]!.headers.authorization).toBe("Bearer test-key");
      expect(body.response_format).toEqual({
        type: "json_schema",
        json_schema: { name: "greeting", description: "A greeting.", schema: { type: "object" }, strict: false },
      });
      expect((body.messages as { role: string }[])[0]!.role).toBe("system");
    } else {
      expect(server.requests[0]!.headers["x-api-key"]).toBe("test-key");
      expect(server.requests[0]!.headers["anthropic-version"]).toBe("2023-06-01");
      expect(body.tool_choice).toEqual({ type: "tool", name: "greeting" });
      expect(body.system).toBe("You answer in JSON.");
    }
  });

  it("waits as long as Retry-After asks on a 429, then succeeds, and records both attempts", async () => {
    const { c, ledger, sleeps } = await client([
      { kind: "status", status: 429, headers: { "retry-after": "7" } },
      { kind: "answer", text: "{}" },
    ]);
    const result = await c.complete(request, { storyId: 1, purpose: "draft" });
    expect(result.outcome).toBe("ok");
    expect(sleeps).toEqual([7000]);
    expect(ledger.calls.map((x) => [x.attempt, x.outcome, x.statusCode])).toEqual([
      [1, "http-429", 429],
      [2, "ok", 200],
    ]);
  });

  it("backs off with jitter on 500s and gives up after the retries", async () => {
    const { c, ledger, sleeps } = await client([{ kind: "status", status: 500 }], { maxRetries: 2 });
    const error = await c.complete(request, { storyId: 1, purpose: "draft" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).outcome).toBe("http-500");
    // random() is 0.5: half of 1 s, then half of 2 s.
    expect(sleeps).toEqual([500, 1000]);
    expect(ledger.calls.map((x) => x.outcome)).toEqual(["http-500", "http-500", "http-500"]);
  });

  it("does not retry a refused key", async () => {
    const { c, ledger } = await client([{ kind: "status", status: 401 }]);
    await expect(c.complete(request, { storyId: 1, purpose: "draft" })).rejects.toThrow(/http-401/);
    expect(ledger.calls).toHaveLength(1);
  });

  it("gives up rather than wait a Retry-After longer than allowed", async () => {
    const { c, sleeps } = await client([{ kind: "status", status: 503, headers: { "retry-after": "3600" } }]);
    await expect(c.complete(request, { storyId: 1, purpose: "draft" })).rejects.toThrow(/asked to wait 3600 s/);
    expect(sleeps).toEqual([]);
  });

  it("times out a server that never answers, retries, and records each timeout", async () => {
    const { c, ledger } = await client([{ kind: "hang" }], { timeoutMs: 50, maxRetries: 1 });
    const error = await c.complete(request, { storyId: 1, purpose: "draft" }).catch((e: unknown) => e);
    expect((error as ModelCallError).outcome).toBe("timeout");
    expect(ledger.calls.map((x) => x.outcome)).toEqual(["timeout", "timeout"]);
  });

  it("refuses a response larger than the limit without retrying", async () => {
    const { c, ledger } = await client([{ kind: "answer", text: "x".repeat(200_000) }]);
    const error = await c.complete(request, { storyId: 1, purpose: "draft" }).catch((e: unknown) => e);
    expect((error as ModelCallError).outcome).toBe("oversized");
    expect(ledger.calls.map((x) => x.outcome)).toEqual(["oversized"]);
  });

  it("records what the caller's judge says of an answer, and marks a truncated one", async () => {
    const { c, ledger } = await client([{ kind: "answer", text: '{"cut": ', truncated: true }]);
    const result = await c.complete(request, {
      storyId: 1,
      purpose: "draft",
      judge: (r) => (r.truncated ? "truncated" : "ok"),
    });
    expect(result.response.truncated).toBe(true);
    expect(ledger.calls[0]!.outcome).toBe("truncated");
  });

  it("estimates tokens when the server reports none", async () => {
    const { c, ledger } = await client([{ kind: "answer", text: '{"a":1}', usage: null }]);
    await c.complete(request, { storyId: 1, purpose: "draft" });
    expect(ledger.calls[0]).toMatchObject({ tokensEstimated: true });
    expect(ledger.calls[0]!.tokensIn).toBeGreaterThan(0);
  });

  it("makes no call once the month's spend cap would be passed", async () => {
    const { c, ledger, server } = await client([{ kind: "answer", text: "{}", usage: { in: 100_000, out: 50_000 } }], {
      monthlySpendCapUsd: 0.04,
    });
    await c.complete(request, { storyId: 1, purpose: "draft" });
    const error = await c.complete(request, { storyId: 2, purpose: "draft" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelBudgetError);
    expect(server.requests).toHaveLength(1);
    expect(ledger.calls.map((x) => x.outcome)).toEqual(["ok", "spend-cap"]);
  });

  it("reads a response that is not the protocol's as a failed call", async () => {
    const { c, ledger } = await client([{ kind: "raw", status: 200, body: '{"unexpected": true}' }]);
    await expect(c.complete(request, { storyId: 1, purpose: "draft" })).rejects.toThrow(/not a/);
    expect(ledger.calls[0]!.outcome).toBe("bad-response");
  });
});

describe("model client adapting to an OpenAI-compatible server", () => {
  let server: ModelServer | undefined;
  afterEach(async () => server?.close());

  it("falls back from json_schema to json_object when the server rejects response_format, and remembers", async () => {
    server = await startModelServer("openai", (req) =>
      (req.body.response_format as { type: string } | undefined)?.type === "json_schema"
        ? { kind: "status", status: 400, body: '{"error":{"message":"response_format json_schema is not supported"}}' }
        : { kind: "answer", text: "{}" },
    );
    const ledger = createMemoryLedger();
    const c = createModelClient({
      dialect: openAiChat,
      baseUrl: server.url,
      model: "llama3.1",
      timeoutMs: 5000,
      maxRetries: 0,
      maxRetryAfterMs: 1000,
      concurrency: 1,
      maxResponseBytes: 100_000,
      ledger,
      clock: fixedClock("2026-12-01T10:00:00.000Z"),
      logger: silentLogger,
      sleep: async () => {},
    });
    await c.complete(request, { storyId: 1, purpose: "draft" });
    await c.complete(request, { storyId: 2, purpose: "draft" });
    expect(server.requests.map((r) => (r.body.response_format as { type: string }).type)).toEqual([
      "json_schema",
      "json_object",
      "json_object",
    ]);
    expect(ledger.calls.map((x) => x.outcome)).toEqual(["http-400", "ok", "ok"]);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });
});

describe("retry policy", () => {
  it("reads Retry-After as seconds, as an HTTP date, and retry-after-ms first", () => {
    const now = new Date("2026-12-01T10:00:00.000Z");
    expect(retryAfterMs(new Headers({ "retry-after": "3" }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ "retry-after": "Tue, 01 Dec 2026 10:00:05 GMT" }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ "retry-after": "3", "retry-after-ms": "250" }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
  });

  it("draws backoff from a window that doubles and is capped", () => {
    expect(backoffDelayMs(1, () => 0.999)).toBeLessThan(1000);
    expect(backoffDelayMs(3, () => 0.999)).toBeGreaterThan(3000);
    expect(backoffDelayMs(20, () => 0.999)).toBeLessThan(30_000);
    expect(backoffDelayMs(5, () => 0)).toBe(0);
  });
});
