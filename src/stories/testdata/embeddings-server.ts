/**
 * A loopback server speaking the OpenAI embeddings protocol (`POST /v1/embeddings`), for tests
 * of the embeddings provider: it embeds each input as hashed word counts in 64 dimensions (so
 * texts sharing words get close vectors), or fails the way providers do: a 500, no answer at
 * all, or an answer that is not embeddings.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type EmbeddingsBehaviour = "ok" | "error-500" | "hang" | "wrong-count";

export interface EmbeddingsServer {
  /** Base URL of the API, e.g. http://127.0.0.1:41234/v1 */
  url: string;
  behaviour: EmbeddingsBehaviour;
  /** Request bodies received, parsed. */
  requests: Array<{ model: string; input: string[]; authorization: string | undefined }>;
  close(): Promise<void>;
}

const DIMS = 64;

export function hashedEmbedding(text: string): number[] {
  const v = new Array<number>(DIMS).fill(0);
  for (const word of text.toLowerCase().match(/\p{L}{3,}/gu) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    v[(h >>> 0) % DIMS]! += 1;
  }
  return v;
}

export async function startEmbeddingsServer(behaviour: EmbeddingsBehaviour = "ok"): Promise<EmbeddingsServer> {
  const state: EmbeddingsServer = { url: "", behaviour, requests: [], close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/embeddings") {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { model: string; input: string[] };
      state.requests.push({ model: body.model, input: body.input, authorization: req.headers.authorization });
      if (state.behaviour === "hang") return;
      if (state.behaviour === "error-500") {
        res.writeHead(500, { "content-type": "application/json" }).end('{"error":{"message":"model crashed"}}');
        return;
      }
      const inputs = state.behaviour === "wrong-count" ? body.input.slice(1) : body.input;
      // Listed last first, as a provider may: the index says which input each vector is for.
      const data = inputs
        .map((text, index) => ({ object: "embedding", index, embedding: hashedEmbedding(text) }))
        .reverse();
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
