import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../lib/logger.ts";
import {
  COOLDOWN_MS,
  createEmbedder,
  embeddingFromText,
  embeddingText,
  embeddingToText,
  meanEmbedding,
  parseEmbeddings,
} from "./embeddings.ts";
import { type EmbeddingsServer, startEmbeddingsServer } from "./testdata/embeddings-server.ts";

let server: EmbeddingsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const config = (url: string, timeoutMs = 5000) => ({
  url,
  model: "test-embed",
  apiKey: "sk-test",
  timeoutMs,
  weight: 0.5,
});
const length = (v: Float32Array) => Math.hypot(...v);

describe("embeddings provider", () => {
  it("sends the model, the texts and the key, and returns unit vectors in input order", async () => {
    server = await startEmbeddingsServer();
    const embedder = createEmbedder(config(server.url), { logger: silentLogger });
    const answer = await embedder.embed(["port strike in Busan", "quake in Peru", "port strike spreads in Busan"]);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.vectors).toHaveLength(3);
    for (const v of answer.vectors) expect(length(v)).toBeCloseTo(1, 5);
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
    // Listed in reverse by the server, put back in order by index.
    expect(dot(answer.vectors[0]!, answer.vectors[2]!)).toBeGreaterThan(dot(answer.vectors[0]!, answer.vectors[1]!));
    expect(server.requests).toEqual([
      {
        model: "test-embed",
        input: ["port strike in Busan", "quake in Peru", "port strike spreads in Busan"],
        authorization: "Bearer sk-test",
      },
    ]);
  });

  it("answers a 500 with a failure value, then leaves the provider alone for the cool-down", async () => {
    server = await startEmbeddingsServer("error-500");
    let now = 1_000_000;
    const embedder = createEmbedder(config(server.url), { logger: silentLogger, now: () => now });
    const first = await embedder.embed(["a text"]);
    expect(first).toMatchObject({ ok: false });
    expect(first.ok ? "" : first.reason).toContain("HTTP 500");
    expect(await embedder.embed(["a text"])).toMatchObject({ ok: false, reason: "provider failed recently" });
    expect(server.requests).toHaveLength(1);
    server.behaviour = "ok";
    now += COOLDOWN_MS;
    expect((await embedder.embed(["a text"])).ok).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it("gives up on a provider that does not answer within the timeout", async () => {
    server = await startEmbeddingsServer("hang");
    const embedder = createEmbedder(config(server.url, 200), { logger: silentLogger });
    const answer = await embedder.embed(["a text"]);
    expect(answer.ok).toBe(false);
    expect(answer.ok ? "" : answer.reason).toMatch(/timeout|abort/i);
  });

  it("refuses an answer that does not give one vector of numbers per text", async () => {
    server = await startEmbeddingsServer("wrong-count");
    const answer = await createEmbedder(config(server.url), { logger: silentLogger }).embed(["one", "two"]);
    expect(answer).toMatchObject({ ok: false });
    expect(() => parseEmbeddings('{"data":[{"index":0,"embedding":["x"]}]}', 1)).toThrow();
    expect(() => parseEmbeddings('{"data":[{"index":0,"embedding":[1,2]},{"index":1,"embedding":[1]}]}', 2)).toThrow();
    expect(() => parseEmbeddings('{"nothing":true}', 1)).toThrow();
  });

  it("stores vectors as base64 float32 and averages them into a unit story vector", () => {
    const v = Float32Array.from([0.6, 0.8, 0]);
    expect([...embeddingFromText(embeddingToText(v))]).toEqual([...v]);
    const mean = meanEmbedding([Float32Array.from([1, 0]), Float32Array.from([0, 1])])!;
    expect(mean[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(length(mean)).toBeCloseTo(1, 6);
    expect(meanEmbedding([])).toBeUndefined();
    expect(embeddingText("Title", "x".repeat(5000))).toHaveLength(2000);
  });
});
