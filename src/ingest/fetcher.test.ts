import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { brotliCompressSync, createGzip, deflateSync, gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../lib/logger.ts";
import { createFetcher, decodeBody, FetchError, type FetchOptions, isBlockedAddress } from "./fetcher.ts";
import { type LoopbackServer, startLoopbackServer } from "./testdata/loopback-server.ts";
import { startUnresponsiveListener } from "./testdata/unresponsive-listener.ts";

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
      cache: { cacheControl: null, expires: null, date: expect.any(String) },
    });
    expect(server.requests[0]?.headers["user-agent"]).toBe("PRISM-test/1");
  });

  it("sends the stored validators and reports an unchanged feed as not modified, with its caching headers", async () => {
    const server = await serve((req, res) => {
      if (req.headers["if-none-match"] === '"v1"' && req.headers["if-modified-since"]) {
        res.writeHead(304, { "cache-control": "max-age=600", expires: "Fri, 27 Nov 2026 12:10:00 GMT" }).end();
      } else {
        res.writeHead(200).end("changed");
      }
    });
    const result = await fetcher.fetch(server.url, {
      ...local,
      etag: '"v1"',
      lastModified: "Tue, 24 Nov 2026 10:00:00 GMT",
    });
    expect(result).toEqual({
      status: "not-modified",
      cache: { cacheControl: "max-age=600", expires: "Fri, 27 Nov 2026 12:10:00 GMT", date: expect.any(String) },
    });
  });

  it("passes on Retry-After with a 429 or 503, so the schedule can honour it", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/busy") res.writeHead(503, { "retry-after": "120" }).end("later");
      else res.writeHead(429, { "retry-after": "Fri, 27 Nov 2026 15:00:00 GMT" }).end("slow down");
    });
    const busy = await failure(fetcher.fetch(`${server.url}/busy`, local));
    expect(busy).toMatchObject({ reason: "http-status", status: 503, retry: { retryAfter: "120" } });
    expect(busy.message).toContain("Retry-After: 120");
    const limited = await failure(fetcher.fetch(`${server.url}/limited`, local));
    expect(limited).toMatchObject({ status: 429, retry: { retryAfter: "Fri, 27 Nov 2026 15:00:00 GMT" } });
    expect(limited.retry?.date).toEqual(expect.any(String));
  });

  it("names PRISM in its User-Agent and asks for compressed answers", async () => {
    const named = createFetcher({
      timeoutMs: 2000,
      maxBytes: 1024,
      userAgent: "PRISM/1.0 (+https://news.example)",
      logger: silentLogger,
    });
    const server = await serve((_req, res) => res.end("ok"));
    await named.fetch(server.url, local);
    expect(server.requests[0]?.headers["user-agent"]).toMatch(/^PRISM\//);
    expect(server.requests[0]?.headers["accept-encoding"]).toBe("gzip, deflate, br");
    await named.close();
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

  it("counts the limit after decompression, so a gzip bomb is stopped", async () => {
    // 64 MB of spaces squeezed into about 64 KB: the announced length is small, the content is not.
    const bomb = await gzipBomb(64);
    expect(bomb.length).toBeLessThan(256 * 1024);
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-encoding": "gzip", "content-length": String(bomb.length) }).end(bomb);
    });
    const error = await failure(fetcher.fetch(server.url, local));
    expect(error.reason).toBe("too-large");
    expect(error.message).toContain("larger than the limit of 65536 bytes");
  });

  it("lets go of the connection of a body it refused, so the host can be fetched again", async () => {
    const single = createFetcher({ timeoutMs: 2000, maxBytes: 1024, userAgent: "t", logger: silentLogger, perHost: 1 });
    const block = Buffer.alloc(64 * 1024, 0x20);
    const server = await serve((req, res) => {
      if (req.url !== "/endless") return void res.end("small");
      res.writeHead(200, { "content-encoding": "gzip" });
      const gzip = createGzip();
      gzip.pipe(res);
      // An endless compressed stream: only the fetcher hanging up ends it.
      const pump = () => {
        while (!res.destroyed && gzip.write(block));
        if (!res.destroyed) gzip.once("drain", pump);
      };
      res.on("close", () => gzip.destroy());
      pump();
    });
    expect((await failure(single.fetch(`${server.url}/endless`, local))).reason).toBe("too-large");
    expect((await failure(single.fetch(`${server.url}/endless`, local))).reason).toBe("too-large");
    const after = await single.fetch(`${server.url}/small`, local);
    expect(after.status === "ok" && after.body).toBe("small");
    await single.close();
  });

  it("stops deflate and brotli bombs too", async () => {
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    const server = await serve((req, res) => {
      if (req.url === "/deflate") res.writeHead(200, { "content-encoding": "deflate" }).end(deflateSync(zeros));
      else res.writeHead(200, { "content-encoding": "br" }).end(brotliCompressSync(zeros));
    });
    expect((await failure(fetcher.fetch(`${server.url}/deflate`, local))).reason).toBe("too-large");
    expect((await failure(fetcher.fetch(`${server.url}/br`, local))).reason).toBe("too-large");
  });

  it("decompresses gzip, deflate and brotli answers", async () => {
    const server = await serve((req, res) => {
      const body = "<rss>é</rss>";
      if (req.url === "/gzip") res.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync(body));
      else if (req.url === "/deflate") res.writeHead(200, { "content-encoding": "deflate" }).end(deflateSync(body));
      else res.writeHead(200, { "content-encoding": "br" }).end(brotliCompressSync(body));
    });
    for (const encoding of ["gzip", "deflate", "br"]) {
      const result = await fetcher.fetch(`${server.url}/${encoding}`, local);
      expect(result.status === "ok" && result.body, encoding).toBe("<rss>é</rss>");
    }
  });

  it("reports a corrupt compressed answer as a clear error", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-encoding": "gzip" }).end(Buffer.from("this is not gzip at all"));
    });
    const error = await failure(fetcher.fetch(server.url, local));
    expect(error.reason).toBe("network");
    expect(error.message).toContain("cannot decompress");
  });

  it("times out a server that drips its answer a byte at a time", async () => {
    const quick = createFetcher({ timeoutMs: 400, maxBytes: 1024 * 1024, userAgent: "t", logger: silentLogger });
    const timers: NodeJS.Timeout[] = [];
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      // Each byte arrives well within any idle timeout; only the total limit can stop it.
      timers.push(setInterval(() => res.write("<"), 20));
    });
    const error = await failure(quick.fetch(server.url, local));
    expect(error.reason).toBe("timeout");
    expect(error.message).toContain("within 400 ms");
    for (const t of timers) clearInterval(t);
    await quick.close();
  });

  it("gives up on a host that does not accept the connection", async () => {
    const listener = await startUnresponsiveListener();
    const quick = createFetcher({
      timeoutMs: 5000,
      connectTimeoutMs: 300,
      maxBytes: 1024,
      userAgent: "t",
      logger: silentLogger,
    });
    try {
      const error = await failure(quick.fetch(`${listener.url}/feed.xml`, local));
      expect(error.reason).toBe("timeout");
      expect(error.message).toContain("could not connect to 127.0.0.1");
      expect(error.message).toContain("within 300 ms");
    } finally {
      await quick.close();
      await listener.close();
    }
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

  it("reads high bytes in text with no declaration as windows-1252, not as broken UTF-8", async () => {
    const result = await fetcher.fetch(`${server.url}/bad-bytes`, local);
    expect(result.status === "ok" && result.body).toBe("okÿ!");
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

  it("refuses a redirect to the cloud metadata address without opening a connection, even for a private source", async () => {
    const connect = vi.spyOn(net, "connect");
    try {
      const server = await serve((_req, res) =>
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end(),
      );
      const error = await failure(fetcher.fetch(`${server.url}/feed.xml`, local));
      expect(error.reason).toBe("private-address");
      expect(error.message).toContain("169.254.169.254");
      expect(error.message).toContain("metadata");
      const hosts = connect.mock.calls.map((call) => JSON.stringify(call[0]));
      // The loopback server was reached (the spy works); the metadata address never was.
      expect(hosts.some((h) => h.includes("127.0.0.1"))).toBe(true);
      expect(hosts.some((h) => h.includes("169.254"))).toBe(false);
    } finally {
      connect.mockRestore();
    }
  });

  it("checks the resolved address of a name, so a public name pointing inside is refused (DNS rebinding)", async () => {
    const server = await serve((_req, res) => res.end("secret"));
    const port = new URL(server.url).port;
    const rebinding = createFetcher({
      timeoutMs: 2000,
      maxBytes: 1024,
      userAgent: "t",
      logger: silentLogger,
      lookup: (_host, _options, callback) => callback(null, [{ address: "127.0.0.1", family: 4 }]),
    });
    try {
      const error = await failure(rebinding.fetch(`http://news.example:${port}/feed.xml`, { allowPrivate: false }));
      expect(error.reason).toBe("private-address");
      expect(error.message).toContain("news.example (127.0.0.1)");
      expect(server.requests).toHaveLength(0);
      // The same name is fine for a source that allows private addresses.
      const allowed = await rebinding.fetch(`http://news.example:${port}/feed.xml`, local);
      expect(allowed.status === "ok" && allowed.body).toBe("secret");
    } finally {
      await rebinding.close();
    }
  });

  it("refuses a name resolving to a metadata address to every source", async () => {
    const connect = vi.spyOn(net, "connect");
    const metadata = createFetcher({
      timeoutMs: 2000,
      maxBytes: 1024,
      userAgent: "t",
      logger: silentLogger,
      lookup: (_host, _options, callback) => callback(null, [{ address: "169.254.169.254", family: 4 }]),
    });
    try {
      const error = await failure(metadata.fetch("http://metadata.example/computeMetadata/v1/", local));
      expect(error.reason).toBe("private-address");
      expect(error.message).toContain("metadata.example (169.254.169.254)");
      // The socket was created for the name, but the lookup refused before any address was dialled.
      const dialled = connect.mock.results.map((r) => (r.value as net.Socket).remoteAddress);
      expect(dialled).not.toContain("169.254.169.254");
    } finally {
      connect.mockRestore();
      await metadata.close();
    }
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
    expect(await fetcher.fetch(url, { ...local, lastModified: result.lastModified })).toMatchObject({
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

describe("fetcher politeness", () => {
  it("sends at most two requests at a time to one host, and serves the others in turn", async () => {
    let active = 0;
    let most = 0;
    const server = await serve((_req, res) => {
      active++;
      most = Math.max(most, active);
      // Answers are held back a little, so that requests over the limit would overlap.
      setTimeout(() => {
        active--;
        res.end("ok");
      }, 30);
    });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => fetcher.fetch(`${server.url}/${i}`, local)));
    expect(results.every((r) => r.status === "ok")).toBe(true);
    expect(server.requests).toHaveLength(6);
    expect(most).toBe(2);
  });

  it("lets another host proceed while one host's slots are busy", async () => {
    const releases: Array<() => void> = [];
    const slow = await serve((_req, res) => {
      releases.push(() => res.end("slow"));
    });
    const fast = await serve((_req, res) => res.end("fast"), "127.0.0.2");
    const pending = Promise.all([1, 2, 3].map((i) => fetcher.fetch(`${slow.url}/${i}`, local)));
    await until(() => slow.requests.length === 2);
    const quick = await fetcher.fetch(fast.url, local);
    expect(quick.status === "ok" && quick.body).toBe("fast");
    // No slot of the slow host was released, so its third request is still waiting.
    expect(slow.requests).toHaveLength(2);
    releases.shift()?.();
    await until(() => slow.requests.length === 3);
    for (const release of releases.splice(0)) release();
    expect((await pending).map((r) => r.status === "ok" && r.body)).toEqual(["slow", "slow", "slow"]);
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe("decodeBody", () => {
  const bytes = (...parts: Array<string | number[]>) =>
    Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

  it("reads windows-1252 bytes sent as UTF-8 (a wrong charset) as windows-1252", () => {
    expect(decodeBody(bytes("<a>caf", [0xe9], " ", [0x93], "x", [0x94], "</a>"), "text/xml; charset=utf-8")).toBe(
      "<a>café “x”</a>",
    );
  });

  it("prefers the document's own declaration when the header's UTF-8 does not fit", () => {
    const body = bytes('<?xml version="1.0" encoding="iso-8859-15"?><a>', [0xa4], "</a>");
    expect(decodeBody(body, "application/xml; charset=utf-8")).toContain("<a>€</a>");
  });

  it("reads valid UTF-8 as UTF-8 even when a legacy charset is declared", () => {
    expect(decodeBody(Buffer.from("<a>Zürich – Genève</a>"), "text/xml; charset=iso-8859-1")).toBe(
      "<a>Zürich – Genève</a>",
    );
  });

  it("keeps UTF-8 with a stray bad byte as UTF-8, with one replacement character", () => {
    const body = Buffer.concat([Buffer.from("<a>Zürich Genève "), Buffer.from([0xff]), Buffer.from("</a>")]);
    expect(decodeBody(body, null)).toBe("<a>Zürich Genève \uFFFD</a>");
  });

  it("reads a missing charset from the XML declaration, and a byte-order mark before anything", () => {
    expect(decodeBody(bytes('<?xml version="1.0" encoding="ISO-8859-1"?><a>', [0xe9], "</a>"), null)).toContain(
      "<a>é</a>",
    );
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("<a>한</a>", "utf16le")]);
    expect(decodeBody(utf16, "text/xml; charset=iso-8859-1")).toBe("<a>한</a>");
    expect(decodeBody(bytes("<a>x</a>"), "text/xml; charset=no-such-charset")).toBe("<a>x</a>");
  });
});

/** A gzip stream of `megabytes` MB of spaces, built without holding them in memory. */
async function gzipBomb(megabytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => gzip.on("end", resolve));
  const block = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < megabytes; i++) {
    if (!gzip.write(block)) await new Promise((resolve) => gzip.once("drain", resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}
