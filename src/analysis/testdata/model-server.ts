/**
 * A loopback HTTP server that speaks the OpenAI chat-completions and Anthropic messages
 * protocols, for the model engine tests (the only network they use). Each request is parsed and
 * kept; the test's handler decides the reply: an answer in the protocol's own shape, an HTTP
 * error with headers, a body too large, or no answer at all (for timeouts).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Dialect = "openai" | "anthropic";

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export type Reply =
  | { kind: "answer"; text: string; truncated?: boolean; usage?: { in: number; out: number } | null; tool?: boolean }
  | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
  | { kind: "raw"; status: number; body: string }
  | { kind: "hang" };

export interface ModelServer {
  /** The base URL the engine is configured with (…/v1). */
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startModelServer(
  dialect: Dialect,
  handler: (request: ReceivedRequest, index: number) => Reply,
): Promise<ModelServer> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request: ReceivedRequest = {
        path: req.url ?? "",
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>,
      };
      requests.push(request);
      const reply = handler(request, requests.length - 1);
      if (reply.kind === "hang") return;
      if (reply.kind === "status") {
        res.writeHead(reply.status, { "content-type": "application/json", ...(reply.headers ?? {}) });
        res.end(reply.body ?? JSON.stringify({ error: { message: `status ${reply.status}` } }));
        return;
      }
      if (reply.kind === "raw") {
        res.writeHead(reply.status, { "content-type": "application/json" });
        res.end(reply.body);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(dialect === "openai" ? openAiAnswer(reply) : anthropicAnswer(reply)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Answer = Extract<Reply, { kind: "answer" }>;

function openAiAnswer(a: Answer) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    choices: [
      { index: 0, message: { role: "assistant", content: a.text }, finish_reason: a.truncated ? "length" : "stop" },
    ],
    ...(a.usage === null
      ? {}
      : { usage: { prompt_tokens: a.usage?.in ?? 1000, completion_tokens: a.usage?.out ?? 500 } }),
  };
}

function anthropicAnswer(a: Answer) {
  let content: unknown[];
  if (a.tool) {
    let input: unknown;
    try {
      input = JSON.parse(a.text);
    } catch {
      input = { broken: a.text };
    }
    content = [{ type: "tool_use", id: "toolu_test", name: "analysis", input }];
  } else {
    content = [{ type: "text", text: a.text }];
  }
  return {
    id: "msg_test",
    type: "message",
    role: "assistant",
    content,
    stop_reason: a.truncated ? "max_tokens" : a.tool ? "tool_use" : "end_turn",
    ...(a.usage === null ? {} : { usage: { input_tokens: a.usage?.in ?? 1000, output_tokens: a.usage?.out ?? 500 } }),
  };
}

/** The user message of a request, in either protocol. */
export function userText(request: ReceivedRequest): string {
  const messages = request.body.messages as { role: string; content: string }[] | undefined;
  return (messages ?? [])
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join("\n");
}

/** The system prompt of a request, in either protocol. */
export function systemText(request: ReceivedRequest): string {
  if (typeof request.body.system === "string") return request.body.system;
  const messages = request.body.messages as { role: string; content: string }[] | undefined;
  return messages?.find((m) => m.role === "system")?.content ?? "";
}
