/**
 * The address of the client behind a request: the socket's peer, or, only when the operator
 * says a reverse proxy sits in front (TRUST_PROXY), the last X-Forwarded-For entry, which is the
 * one our proxy appended (entries before it are whatever the client chose to send).
 */
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";

export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("X-Forwarded-For");
    const last = forwarded?.split(",").at(-1)?.trim();
    if (last) return last;
  }
  // @hono/node-server puts the Node request in env.incoming; app.request() in tests has none.
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "unknown";
}
