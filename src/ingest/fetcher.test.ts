import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../lib/logger.ts";
import { createFetcher, FetchError, type FetchOptions, isBlockedAddress } from "./fetcher.ts";
import { type LoopbackServer, startLoopbackServer } from "./testdata/loopback-server.ts";

const fetcher = createFetcher({
  timeoutMs: 2000,
  maxBytes: 64 * 1024,
  userAgent: "PRISM-test/1",
  logger: silentLogger,
});
const local: FetchOptions = { allowPrivate: true };

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FetchError) return error;
    throw error;
  }
  throw new Error("expected the fetch to fail");
}

let servers: LoopbackServer[] = [];
async function serve(...args: Parameters<typeof startLoopbackServer>): Promise<LoopbackServer> {
  const server = await startLoopbackServer(...args);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
afterAll(() => fetcher.close());

describe("fetcher over http", () => {
  it("returns the body with its validators and the URL it came from", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, {
        "content-type": "application/rss+xml",
        etag: '"v1"',
        "last-modified": "Tue, 24 Nov 2026 10:00:00 GMT",
      });
      res.end("<rss/>");
    });
    const result = await fetcher.fetch(`${server.url}/feed.xml`, local);
    expect(result).toEqual({
      status: "ok",
      body: "<rss/>",
      contentType: "application/rss+xml",
      finalUrl: `${server.url}/feed.xml`,
      etag: '"v1"',
      lastModified: "Tue, 24 Nov 2026 10:00:00 GMT",
    });
    expect(server.requests[0]?.headers["user-agent"]).toBe("PRISM-test/1");
  });

  it("sends the stored validators and reports an unchanged feed as not modified", async () => {
    const server = await serve((req, res) => {
      if (req.headers["if-none-match"] === '"v1"' && req.headers["if-modified-since"]) {
        res.writeHead(304).end();
      } else {
        res.writeHead(200).end("changed");
      }
    });
    const result = await fetcher.fetch(server.url, {
      ...local,
      etag: '"v1"',
      lastModified: "Tue, 24 Nov 2026 10:00:00 GMT",
    });
    expect(result).toEqual({ status: "not-modified" });
  });

  it("follows relative redirects and reports the final URL", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/old") res.writeHead(301, { location: "/middle" }).end();
      else if (req.url === "/middle") res.writeHead(302, { location: "new?x=1" }).end();
      else res.writeHead(200).end(`at ${req.url}`);
    });
    const result = await fetcher.fetch(`${server.url}/old`, local);
    expect(result.status === "ok" && result.finalUrl).toBe(`${server.url}/new?x=1`);
    expect(result.status === "ok" && result.body).toBe("at /new?x=1");
  });

  it("gives up after five redirects", async () => {
    let n = 0;
    const server = await serve((_req, res) => {
      n++;
      res.writeHead(302, { location: `/hop${n}` }).end();
    });
    const error = await failure(fetcher.fetch(server.url, local));
    expect(error.reason).toBe("too-many-redirects");
    expect(n).toBe(6);
  });

  it("tells a missing page from a failing server", async () => {
    const server = await serve((req, res) => {
      res.writeHead(req.url === "/gone" ? 404 : 503).end("no");
    });
    const missing = await failure(fetcher.fetch(`${server.url}/gone`, local));
    expect(missing.reason).toBe("not-found");
    const broken = await failure(fetcher.fetch(`${server.url}/feed`, local));
    expect(broken.reason).toBe("http-status");
    expect(broken.status).toBe(503);
    expect(broken.message).toContain("HTTP 503");
  });

  it("refuses bodies over the limit, whether announced or streamed", async () => {
    const big = "x".repeat(70 * 1024);
    const server = await serve((req, res) => {
      if (req.url === "/announced") res.writeHead(200, { "content-length": String(big.length) }).end(big);
      else {
        res.writeHead(200);
        for (let i = 0; i < 70; i++) res.write("y".repeat(1024));
        res.end();
      }
    });
    expect((await failure(fetcher.fetch(`${server.url}/announced`, local))).reason).toBe("too-large");
    expect((await failure(fetcher.fetch(`${server.url}/streamed`, local))).reason).toBe("too-large");
  });

  it("counts the limit after decompression", async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024, 0x20));
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-encoding": "gzip" }).end(bomb);
    });
    expect((await failure(fetcher.fetch(server.url, local))).reason).toBe("too-large");
  });

  it("decompresses gzip answers", async () => {
    const server = await serve((req, res) => {
      expect(req.headers["accept-encoding"]).toContain("gzip");
      res.writeHead(200, { "content-encoding": "gzip", "content-type": "text/xml" }).end(gzipSync("<rss>é</rss>"));
    });
    const result = await fetcher.fetch(server.url, local);
    expect(result.status === "ok" && result.body).toBe("<rss>é</rss>");
  });

  it("times out a server that never finishes its answer", async () => {
    const quick = createFetcher({ timeoutMs: 300, maxBytes: 1024, userAgent: "t", logger: silentLogger });
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write("<rss>");
    });
    const error = await failure(quick.fetch(server.url, local));
    expect(error.reason).toBe("timeout");
    await quick.close();
  });

  it("reports a refused connection as a network error", async () => {
    const server = await startLoopbackServer((_req, res) => res.end());
    await server.close();
    const error = await failure(fetcher.fetch(server.url, local));
    expect(error.reason).toBe("network");
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("rejects URLs that are not http(s) or file", async () => {
    expect((await failure(fetcher.fetch("ftp://example.org/feed", local))).reason).toBe("bad-url");
    expect((await failure(fetcher.fetch("not a url", local))).reason).toBe("bad-url");
  });
});

describe("fetcher charset handling", () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer((req, res) => {
      if (req.url === "/latin1-header") {
        res.writeHead(200, { "content-type": "text/xml; charset=ISO-8859-1" });
        res.end(Buffer.from([0x3c, 0x61, 0x3e, 0x63, 0x61, 0x66, 0xe9, 0x3c, 0x2f, 0x61, 0x3e]));
      } else if (req.url === "/xml-declaration") {
        res.writeHead(200, { "content-type": "application/xml" });
        res.end(
          Buffer.concat([
            Buffer.from('<?xml version="1.0" encoding="windows-1252"?><a>'),
            Buffer.from([0x93, 0x51, 0x94]),
            Buffer.from("</a>"),
          ]),
        );
      } else if (req.url === "/meta") {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(
          Buffer.concat([
            Buffer.from('<html><head><meta charset="euc-kr"></head><body>'),
            Buffer.from([0xc7, 0xd1]),
            Buffer.from("</body></html>"),
          ]),
        );
      } else {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end(Buffer.from([0x6f, 0x6b, 0xff, 0x21]));
      }
    });
  });
  afterAll(() => server.close());

  it("uses the charset of the Content-Type header", async () => {
    const result = await fetcher.fetch(`${server.url}/latin1-header`, local);
    expect(result.status === "ok" && result.body).toBe("<a>café</a>");
  });

  it("uses the encoding of the XML declaration", async () => {
    const result = await fetcher.fetch(`${server.url}/xml-declaration`, local);
    expect(result.status === "ok" && result.body).toContain("<a>“Q”</a>");
  });

  it("uses the charset of an HTML meta tag", async () => {
    const result = await fetcher.fetch(`${server.url}/meta`, local);
    expect(result.status === "ok" && result.body).toContain("<body>한</body>");
  });

  it("replaces bytes that are not valid UTF-8", async () => {
    const result = await fetcher.fetch(`${server.url}/bad-bytes`, local);
    expect(result.status === "ok" && result.body).toBe("ok\uFFFD!");
  });
});

describe("private-network guard", () => {
  it("refuses a loopback address unless the source allows private addresses", async () => {
    const server = await serve((_req, res) => res.end("secret"));
    const error = await failure(fetcher.fetch(`${server.url}/`, { allowPrivate: false }));
    expect(error.reason).toBe("private-address");
    expect(error.message).toContain("127.0.0.1");
    expect(server.requests).toHaveLength(0);
  });

  it("refuses a host name that resolves to a loopback address", async () => {
    const server = await serve((_req, res) => res.end("secret"));
    const error = await failure(fetcher.fetch(server.url.replace("127.0.0.1", "localhost"), { allowPrivate: false }));
    expect(error.reason).toBe("private-address");
    expect(server.requests).toHaveLength(0);
  });

  it("checks every redirect hop, not only the first URL", async () => {
    // Only 127.0.0.1 is blocked here, so the first server (on 127.0.0.2) plays a public site.
    const blocked = new net.BlockList();
    blocked.addAddress("127.0.0.1");
    const guarded = createFetcher({
      timeoutMs: 2000,
      maxBytes: 1024,
      userAgent: "t",
      logger: silentLogger,
      blockedAddresses: blocked,
    });
    const internal = await serve((_req, res) => res.end("secret"));
    const outside = await serve(
      (_req, res) => res.writeHead(302, { location: `${internal.url}/admin` }).end(),
      "127.0.0.2",
    );
    const error = await failure(guarded.fetch(`${outside.url}/story`, { allowPrivate: false }));
    expect(error.reason).toBe("private-address");
    expect(outside.requests).toHaveLength(1);
    expect(internal.requests).toHaveLength(0);
    await guarded.close();
  });

  it("knows the private, loopback, link-local and metadata ranges", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fd00:ec2::254",
      "fe80::1",
      "::ffff:127.0.0.1",
      "[::1]",
    ]) {
      expect(isBlockedAddress(address), address).toBe(true);
    }
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "172.32.0.1", "not-an-ip"]) {
      expect(isBlockedAddress(address), address).toBe(false);
    }
  });
});

describe("fetcher over file:", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "prism-fetcher-"));
    await writeFile(path.join(dir, "feed.xml"), '<?xml version="1.0" encoding="utf-8"?><rss/>');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads a local feed when the source allows private addresses", async () => {
    const url = pathToFileURL(path.join(dir, "feed.xml")).href;
    const result = await fetcher.fetch(url, local);
    expect(result.status).toBe("ok");
    if (result.status !== "ok") return;
    expect(result.body).toContain("<rss/>");
    // Its modification time works as Last-Modified.
    expect(await fetcher.fetch(url, { ...local, lastModified: result.lastModified })).toEqual({
      status: "not-modified",
    });
  });

  it("refuses file: URLs for sources that do not allow private addresses", async () => {
    const error = await failure(fetcher.fetch(pathToFileURL(path.join(dir, "feed.xml")).href, { allowPrivate: false }));
    expect(error.reason).toBe("private-address");
  });

  it("reports a missing file as not found", async () => {
    const error = await failure(fetcher.fetch(pathToFileURL(path.join(dir, "none.xml")).href, local));
    expect(error.reason).toBe("not-found");
  });
});
