/**
 * A loopback feed server that misbehaves on request. Every path serves a healthy RSS feed while
 * `mode` is "healthy"; in "faulty" mode each path named in FAULTS fails in its own way, and any
 * other path stays healthy with one new story. The feed of
 * each path has its own guids, so a test can tell which source stored what.
 */
import type http from "node:http";
import { createGzip } from "node:zlib";
import { type LoopbackServer, startLoopbackServer } from "./loopback-server.ts";

export const FAULTS = [
  "http-500",
  "http-503-retry-after",
  "http-429-retry-after",
  "slow-drip",
  "body-50mb",
  "gzip-bomb",
  "malformed-xml",
  "wrong-charset",
  "missing-charset",
  "redirect-loop",
  "redirect-to-loopback",
  "redirect-to-metadata",
  "not-modified",
  "empty-body",
  "html-page",
  "html-page-with-feed",
] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultServer extends LoopbackServer {
  mode: "healthy" | "faulty";
  /** Where redirect-to-loopback points: a server the guard must keep the fetcher away from. */
  loopbackTarget: string;
}

const PUBLISHED = "Fri, 27 Nov 2026 08:00:00 GMT";

/** A small RSS feed; `extra` adds one item (used to check how its title was decoded). */
export function healthyFeed(path: string, extra?: { guid: string; title: string }, encoding = "utf-8"): string {
  const items = [1, 2]
    .map(
      (n) =>
        `<item><title>${path} story ${n}</title><link>https://outlet.example${path}/${n}</link>` +
        `<guid isPermaLink="false">${path}-${n}</guid><pubDate>${PUBLISHED}</pubDate>` +
        `<description>Summary ${n} of ${path}.</description></item>`,
    )
    .join("");
  const more = extra
    ? `<item><title>${extra.title}</title><link>https://outlet.example${path}/${extra.guid}</link>` +
      `<guid isPermaLink="false">${extra.guid}</guid><pubDate>${PUBLISHED}</pubDate></item>`
    : "";
  return (
    `<?xml version="1.0" encoding="${encoding}"?><rss version="2.0"><channel><title>Outlet ${path}</title>` +
    `<link>https://outlet.example/</link><language>en</language>${items}${more}</channel></rss>`
  );
}

export async function startFaultServer(host: string, loopbackTarget: string): Promise<FaultServer> {
  const timers = new Set<NodeJS.Timeout>();
  let state: FaultServer;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const fault = path.slice(1) as Fault;
    res.on("close", () => {
      for (const t of timers) clearInterval(t);
    });
    if (path === "/discovered.xml") {
      res.writeHead(200, { "content-type": "application/rss+xml" }).end(healthyFeed("/html-page-with-feed"));
      return;
    }
    if (state.mode === "healthy" || !FAULTS.includes(fault)) {
      // Paths that are not faults stay healthy, and have one more story once the others fail.
      const extra = state.mode === "faulty" ? { guid: `${path}-fresh`, title: `Fresh story on ${path}` } : undefined;
      res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8", etag: `"${path}-v1"` });
      res.end(healthyFeed(path, extra));
      return;
    }
    serveFault(fault, path, req, res, timers, state.loopbackTarget);
  };
  const server = await startLoopbackServer(handler, host);
  state = Object.assign(server, { mode: "healthy" as const, loopbackTarget }) as FaultServer;
  return state;
}

function serveFault(
  fault: Fault,
  path: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  timers: Set<NodeJS.Timeout>,
  loopbackTarget: string,
): void {
  switch (fault) {
    case "http-500":
      res.writeHead(500, { "content-type": "text/plain" }).end("internal error");
      return;
    case "http-503-retry-after":
      res.writeHead(503, { "retry-after": "7200" }).end("maintenance");
      return;
    case "http-429-retry-after": {
      const date = new Date(Date.UTC(2026, 10, 27, 12, 0, 0));
      res
        .writeHead(429, {
          date: date.toUTCString(),
          "retry-after": new Date(date.getTime() + 3 * 3600_000).toUTCString(),
        })
        .end("too many requests");
      return;
    }
    case "slow-drip": {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      const feed = healthyFeed(path);
      let at = 0;
      const timer = setInterval(() => {
        if (at < feed.length) res.write(feed[at++]!);
      }, 20);
      timers.add(timer);
      return;
    }
    case "body-50mb": {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      const block = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 50 && !res.destroyed) {
          sent++;
          if (!res.write(block)) return void res.once("drain", pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
      return;
    }
    case "gzip-bomb": {
      res.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": "gzip" });
      const gzip = createGzip({ level: 1 });
      gzip.pipe(res);
      gzip.write('<?xml version="1.0"?><rss version="2.0"><channel><title>');
      const block = Buffer.alloc(1024 * 1024, 0x41);
      let sent = 0;
      const pump = () => {
        while (sent < 1024 && !res.destroyed) {
          sent++;
          if (!gzip.write(block)) return void gzip.once("drain", pump);
        }
        gzip.end();
      };
      res.on("close", () => gzip.destroy());
      pump();
      return;
    }
    case "malformed-xml":
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.end('<?xml version="1.0"?><rss version="2.0"><channel><title>Half a feed</title><item><title>Cut');
      return;
    case "wrong-charset":
      // Declared UTF-8, written in windows-1252.
      res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
      res.end(windows1252(healthyFeed(path, { guid: `${path}-cafe`, title: "Caf\u00e9 \u201cterrace\u201d reopens" })));
      return;
    case "missing-charset":
      // No charset in the header; the XML declaration names ISO-8859-1.
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.end(windows1252(healthyFeed(path, { guid: `${path}-zurich`, title: "Z\u00fcrich votes" }, "ISO-8859-1")));
      return;
    case "redirect-loop":
      res.writeHead(302, { location: req.url === "/redirect-loop" ? "/redirect-loop?again" : "/redirect-loop" }).end();
      return;
    case "redirect-to-loopback":
      res.writeHead(301, { location: `${loopbackTarget}/admin/feed.xml` }).end();
      return;
    case "redirect-to-metadata":
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" }).end();
      return;
    case "not-modified":
      res.writeHead(304).end();
      return;
    case "empty-body":
      res.writeHead(200, { "content-type": "application/rss+xml" }).end();
      return;
    case "html-page":
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><html><head><title>Outlet</title></head><body><p>Welcome.</p></body></html>");
      return;
    case "html-page-with-feed":
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        '<!doctype html><html><head><title>Outlet</title><link rel="alternate" type="application/rss+xml" ' +
          'href="/discovered.xml"></head><body><p>Welcome.</p></body></html>',
      );
      return;
  }
}

/** Text as windows-1252 bytes (Latin-1 plus the typographic quotes this server uses). */
function windows1252(text: string): Buffer {
  const extra: Record<string, number> = { "\u201c": 0x93, "\u201d": 0x94 };
  return Buffer.from(Array.from(text, (c) => extra[c] ?? c.charCodeAt(0)));
}
