/**
 * The optional embeddings provider: any OpenAI-compatible `POST {url}/embeddings` endpoint
 * (OpenAI, Ollama, vLLM, llama.cpp server, LM Studio, text-embeddings-inference...).
 *
 * In: texts. Out: one unit-length vector per text, or a failure value with its reason; never a
 * throw. Clustering treats a failure as "no embedding" and decides on the lexical similarity
 * alone, so an outage slows nothing but the one request: after a failure the provider is not
 * asked again for COOLDOWN_MS. It never sends anything but the article's title and the start of
 * its text.
 */
import type { Config } from "../config.ts";
import type { Logger } from "../lib/logger.ts";

export type EmbeddingsConfig = NonNullable<Config["cluster"]["embeddings"]>;

export type EmbedResult = { ok: true; vectors: Float32Array[] } | { ok: false; reason: string };

export interface Embedder {
  readonly model: string;
  embed(texts: readonly string[]): Promise<EmbedResult>;
}

export interface EmbedderDeps {
  logger: Logger;
  /** The HTTP client; the global fetch unless a test passes another. */
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; Date.now unless a test passes another. */
  now?: () => number;
}

/** After a failure, calls are skipped (answered as failed) for this long. */
export const COOLDOWN_MS = 60_000;
/** Characters of an article sent: the title and the lead carry what the article is about. */
export const EMBED_CHARS = 2000;
/** Texts per request. */
export const EMBED_BATCH = 64;
/** Largest answer accepted (a batch of 64 vectors of 4096 floats written as JSON fits). */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** What is embedded for an article. */
export function embeddingText(title: string, text: string): string {
  return `${title}\n\n${text}`.slice(0, EMBED_CHARS);
}

export function createEmbedder(config: EmbeddingsConfig, deps: EmbedderDeps): Embedder {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  let downUntil = 0;

  async function request(texts: readonly string[]): Promise<Float32Array[]> {
    const response = await doFetch(`${config.url}/embeddings`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: config.model, input: texts, encoding_format: "float" }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${body.slice(0, 200)}`);
    if (body.length > MAX_RESPONSE_BYTES) throw new Error("answer too large");
    return parseEmbeddings(body, texts.length);
  }

  return {
    model: config.model,
    async embed(texts) {
      if (texts.length === 0) return { ok: true, vectors: [] };
      if (now() < downUntil) return { ok: false, reason: "provider failed recently" };
      try {
        const vectors: Float32Array[] = [];
        for (let i = 0; i < texts.length; i += EMBED_BATCH)
          vectors.push(...(await request(texts.slice(i, i + EMBED_BATCH))));
        return { ok: true, vectors };
      } catch (error) {
        const reason =
          error instanceof Error ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}` : String(error);
        downUntil = now() + COOLDOWN_MS;
        deps.logger.warn("embeddings provider failed; clustering on terms and names alone", {
          url: config.url,
          model: config.model,
          reason,
        });
        return { ok: false, reason };
      }
    },
  };
}

/** The `data[].embedding` arrays of an answer, in input order, each scaled to unit length. */
export function parseEmbeddings(body: string, expected: number): Float32Array[] {
  const parsed = JSON.parse(body) as { data?: unknown };
  if (!parsed || !Array.isArray(parsed.data)) throw new Error("answer has no data array");
  const rows = parsed.data as Array<{ index?: unknown; embedding?: unknown }>;
  if (rows.length !== expected) throw new Error(`answer has ${rows.length} embeddings for ${expected} texts`);
  const out: Float32Array[] = new Array(expected);
  let dims = -1;
  rows.forEach((row, position) => {
    const index = typeof row.index === "number" ? row.index : position;
    const values = row.embedding;
    if (!Number.isInteger(index) || index < 0 || index >= expected || out[index])
      throw new Error("bad embedding index");
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      !values.every((x) => typeof x === "number" && Number.isFinite(x))
    ) {
      throw new Error("embedding is not an array of numbers");
    }
    if (dims >= 0 && values.length !== dims) throw new Error("embeddings differ in length");
    dims = values.length;
    out[index] = unit(Float32Array.from(values as number[]));
  });
  return out;
}

/** The vector scaled to length 1 (a zero vector stays zero). */
export function unit(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const length = Math.sqrt(sum);
  if (length === 0) return v;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / length;
  return out;
}

/** The normalised sum of vectors of one length (a story's embedding); undefined for none. */
export function meanEmbedding(vectors: readonly Float32Array[]): Float32Array | undefined {
  const first = vectors[0];
  if (!first) return undefined;
  const sum = new Float32Array(first.length);
  for (const v of vectors) {
    if (v.length !== sum.length) continue;
    for (let i = 0; i < v.length; i++) sum[i]! += v[i]!;
  }
  return unit(sum);
}

/** Column text for a vector: little-endian float32, base64. */
export function embeddingToText(v: Float32Array): string {
  const bytes = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) bytes.writeFloatLE(v[i]!, i * 4);
  return bytes.toString("base64");
}

export function embeddingFromText(text: string): Float32Array {
  const bytes = Buffer.from(text, "base64");
  const out = new Float32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

// One provider per configuration, so the cool-down after a failure holds across jobs.
const shared = new WeakMap<EmbeddingsConfig, Embedder>();

/** The provider for this configuration, created on first use; undefined when none is configured. */
export function embedderFor(config: EmbeddingsConfig | undefined, logger: Logger): Embedder | undefined {
  if (!config) return undefined;
  let embedder = shared.get(config);
  if (!embedder) {
    embedder = createEmbedder(config, { logger });
    shared.set(config, embedder);
  }
  return embedder;
}
