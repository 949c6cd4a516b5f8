/** `prism serve`: the site, API and feeds only (no feed reading), e.g. beside `prism work` processes. */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { App } from "../app.ts";
import { UserInputError } from "../lib/errors.ts";
import type { Output } from "./output.ts";

export interface Listening {
  address: string;
  close(): Promise<void>;
}

export function listen(app: App, _out: Output): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.web.app.fetch, port: app.config.port, hostname: app.config.host });
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new UserInputError(`port ${app.config.port} is in use: set PORT to another port`)
          : error,
      );
    });
    server.once("listening", () => {
      const a = server.address() as AddressInfo;
      resolve({
        address: `${a.family === "IPv6" ? `[${a.address}]` : a.address}:${a.port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

export async function serveCommand(app: App, out: Output, signal: AbortSignal): Promise<number> {
  const server = await listen(app, out);
  out.line(`PRISM is serving ${app.config.site.url} (listening on ${server.address})`);
  await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  await server.close();
  return 0;
}
