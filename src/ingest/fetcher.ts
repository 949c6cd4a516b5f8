/**
 * The one way ingest reads the network (and local feed files). In: a URL and the source's
 * rules; out: the decoded body with its validators, or "not modified". Failures are FetchErrors
 * whose `reason` says what went wrong, with a message an editor can act on.
 *
 * It must never reach a loopback, private, link-local or metadata address unless the source
 * allows it. The check runs when a connection is opened (after DNS resolution, for every
 * redirect hop), so a public name that resolves to an internal address is refused as well.
 */
import dns from "node:dns";
import { readFile, stat } from "node:fs/promises";
import net from "node:net";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { Agent, buildConnector, request } from "undici";
import type { Logger } from "../lib/logger.ts";

export type FetchReason =
  | "private-address"
  | "timeout"
  | "http-status"
  | "too-large"
  | "too-many-redirects"
  | "bad-url"
  | "network"
  | "not-found";

export class FetchError extends Error {
  override name = "FetchError";
  constructor(
    readonly reason: FetchReason,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export type FetchResult =
  | {
      status: "ok";
      body: string;
      contentType: string | null;
      finalUrl: string;
      etag: string | null;
      lastModified: string | null;
    }
  | { status: "not-modified" };

export interface FetchOptions {
  allowPrivate: boolean;
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
}

export interface Fetcher {
  fetch(url: string, opts: FetchOptions): Promise<FetchResult>;
}

export interface FetcherOptions {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
  logger: Logger;
  /** Addresses refused unless a source allows private ones; defaults to PRIVATE_ADDRESSES. */
  blockedAddresses?: net.BlockList;
}

export const FEED_ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, " +
  "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

const MAX_REDIRECTS = 5;

/** Special-purpose ranges (RFC 6890 and successors) that a public news site never lives in. */
export const PRIVATE_ADDRESSES: net.BlockList = (() => {
  const list = new net.BlockList();
  const v4: Array<[string, number]> = [
    ["0.0.0.0", 8], // "this network"
    ["10.0.0.0", 8], // private
    ["100.64.0.0", 10], // carrier-grade NAT
    ["127.0.0.0", 8], // loopback
    ["169.254.0.0", 16], // link-local, including the cloud metadata address 169.254.169.254
    ["172.16.0.0", 12], // private
    ["192.0.0.0", 24], // IETF protocol assignments
    ["192.0.2.0", 24], // documentation
    ["192.168.0.0", 16], // private
    ["198.18.0.0", 15], // benchmarking
    ["198.51.100.0", 24], // documentation
    ["203.0.113.0", 24], // documentation
    ["224.0.0.0", 4], // multicast
    ["240.0.0.0", 4], // reserved, and the broadcast address
  ];
  for (const [address, prefix] of v4) list.addSubnet(address, prefix, "ipv4");
  const v6: Array<[string, number]> = [
    ["::", 128], // unspecified
    ["::1", 128], // loopback
    ["fc00::", 7], // unique-local, including the fd00:ec2::254 metadata address
    ["fe80::", 10], // link-local
    ["fec0::", 10], // deprecated site-local
    ["ff00::", 8], // multicast
    ["2001:db8::", 32], // documentation
    ["100::", 64], // discard
  ];
  for (const [address, prefix] of v6) list.addSubnet(address, prefix, "ipv6");
  return list;
})();

/** True when `address` (an IP literal) is in `blocked`; IPv4-mapped IPv6 addresses count as IPv4. */
export function isBlockedAddress(address: string, blocked: net.BlockList = PRIVATE_ADDRESSES): boolean {
  const bare = address.startsWith("[") ? address.slice(1, -1) : address;
  const family = net.isIP(bare);
  if (family === 0) return false;
  return blocked.check(bare, family === 4 ? "ipv4" : "ipv6");
}

function privateAddressError(host: string, address: string): FetchError {
  const shown = host === address ? address : `${host} (${address})`;
  return new FetchError(
    "private-address",
    `refused to connect to ${shown}: private, loopback and link-local addresses need allow_private on the source`,
  );
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A dns.lookup that fails when any address of the name is blocked (one bad answer is enough to refuse). */
function guardedLookup(blocked: net.BlockList) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : "", undefined);
      const bad = addresses.find((a) => isBlockedAddress(a.address, blocked));
      if (bad) return callback(privateAddressError(hostname, bad.address), options.all ? [] : "", undefined);
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "");
      callback(null, first.address, first.family);
    });
  };
}

function guardedConnector(blocked: net.BlockList, timeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs, lookup: guardedLookup(blocked) } as buildConnector.BuildOptions);
  return (options, callback) => {
    // Node skips the lookup for IP literals, so they are checked here.
    if (isBlockedAddress(options.hostname, blocked)) {
      callback(privateAddressError(options.hostname, options.hostname), null);
      return;
    }
    connect(options, callback);
  };
}

/** A fetcher; `close` ends its kept-alive connections (at shutdown). */
export function createFetcher(options: FetcherOptions): Fetcher & { close(): Promise<void> } {
  const { timeoutMs, maxBytes, userAgent, logger } = options;
  const blocked = options.blockedAddresses ?? PRIVATE_ADDRESSES;
  const agentOptions = { connections: 8, headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  const guarded = new Agent({ ...agentOptions, connect: guardedConnector(blocked, timeoutMs) });
  const open = new Agent({ ...agentOptions, connect: { timeout: timeoutMs } });

  async function fetchHttp(start: URL, opts: FetchOptions, signal: AbortSignal): Promise<FetchResult> {
    let url = start;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = {
        "user-agent": userAgent,
        accept: opts.accept ?? FEED_ACCEPT,
        "accept-encoding": "gzip, deflate, br",
      };
      if (opts.etag) headers["if-none-match"] = opts.etag;
      if (opts.lastModified) headers["if-modified-since"] = opts.lastModified;

      const response = await request(url, {
        method: "GET",
        headers,
        signal,
        dispatcher: opts.allowPrivate ? open : guarded,
      });
      const header = (name: string): string | null => {
        const value = response.headers[name];
        return (Array.isArray(value) ? value[0] : value) ?? null;
      };
      const status = response.statusCode;

      if (status >= 300 && status < 400 && status !== 304) {
        await response.body.dump();
        const location = header("location");
        if (!location)
          throw new FetchError("http-status", `HTTP ${status} without a Location header from ${url}`, status);
        if (hop >= MAX_REDIRECTS) {
          throw new FetchError(
            "too-many-redirects",
            `more than ${MAX_REDIRECTS} redirects starting at ${start}`,
            status,
          );
        }
        const next = parseHttpUrl(location, url);
        logger.debug("fetch redirect", { from: url.href, to: next.href, status });
        url = next;
        continue;
      }
      if (status === 304) {
        await response.body.dump();
        return { status: "not-modified" };
      }
      if (status === 404 || status === 410) {
        await response.body.dump();
        throw new FetchError("not-found", `HTTP ${status}: nothing at ${url}`, status);
      }
      if (status < 200 || status >= 300) {
        await response.body.dump();
        throw new FetchError("http-status", `HTTP ${status} from ${url}`, status);
      }

      const declared = Number(header("content-length"));
      const encoding = (header("content-encoding") ?? "identity").trim().toLowerCase();
      if (encoding === "identity" && Number.isFinite(declared) && declared > maxBytes) {
        response.body.destroy();
        throw tooLarge(url, maxBytes);
      }
      const bytes = await readCapped(decompress(response.body, encoding, url), maxBytes, url);
      const contentType = header("content-type");
      return {
        status: "ok",
        body: decodeBody(bytes, contentType),
        contentType,
        finalUrl: url.href,
        etag: header("etag"),
        lastModified: header("last-modified"),
      };
    }
  }

  async function fetchFile(url: URL, opts: FetchOptions): Promise<FetchResult> {
    if (!opts.allowPrivate) {
      throw new FetchError(
        "private-address",
        `refused to read ${url}: file: URLs are local and need allow_private on the source`,
      );
    }
    let file: string;
    try {
      file = fileURLToPath(url);
    } catch (error) {
      throw new FetchError("bad-url", `cannot read ${url}: ${(error as Error).message}`);
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new FetchError("not-found", `${file} is not a file`);
      if (info.size > maxBytes) throw tooLarge(url, maxBytes);
      // The modification time plays the part of Last-Modified, so unchanged local feeds are skipped too.
      const lastModified = info.mtime.toUTCString();
      if (opts.lastModified === lastModified) return { status: "not-modified" };
      const bytes = await readFile(file);
      return {
        status: "ok",
        body: decodeBody(bytes, null),
        contentType: null,
        finalUrl: url.href,
        etag: null,
        lastModified,
      };
    } catch (error) {
      if (error instanceof FetchError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new FetchError("not-found", `no such file: ${file}`);
      throw new FetchError("network", `cannot read ${file}: ${(error as Error).message}`);
    }
  }

  return {
    async close() {
      await Promise.all([guarded.close(), open.close()]);
    },
    async fetch(rawUrl, opts) {
      let url: URL;
      try {
        url = new URL(rawUrl);
      } catch {
        throw new FetchError("bad-url", `not a URL: ${JSON.stringify(rawUrl)}`);
      }
      if (url.protocol === "file:") return fetchFile(url, opts);
      url = parseHttpUrl(rawUrl);

      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const result = await fetchHttp(url, opts, controller.signal);
        logger.debug("fetched", { url: url.href, status: result.status });
        return result;
      } catch (error) {
        if (error instanceof FetchError) throw error;
        if (controller.signal.aborted)
          throw new FetchError("timeout", `no complete answer from ${url} within ${timeoutMs} ms`);
        throw translate(error, url, timeoutMs);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function parseHttpUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FetchError("bad-url", `not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError(
      "bad-url",
      `unsupported URL scheme ${url.protocol} in ${url.href}${base ? ` (redirect from ${base})` : ""}`,
    );
  }
  return url;
}

function tooLarge(url: URL, maxBytes: number): FetchError {
  return new FetchError("too-large", `${url} is larger than the limit of ${maxBytes} bytes`);
}

/** Walks an error's causes: undici and net wrap the refusal raised in the connector. */
function translate(error: unknown, url: URL, timeoutMs: number): unknown {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof FetchError) return e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return new FetchError("timeout", `no complete answer from ${url} within ${timeoutMs} ms`);
    }
    if (code === "ENOTFOUND" || code === "EAI_AGAIN")
      return new FetchError("network", `cannot resolve ${url.hostname} (${code})`);
    if (
      typeof code === "string" &&
      (code.startsWith("E") || code.startsWith("UND_ERR") || code.startsWith("ERR_TLS"))
    ) {
      return new FetchError("network", `cannot fetch ${url}: ${code} ${e.message}`.trim());
    }
    if (e instanceof AggregateError) {
      const first = e.errors.find((inner) => inner instanceof Error);
      if (first) return translate(first, url, timeoutMs);
    }
  }
  return error;
}

function decompress(body: Readable, encoding: string, url: URL): Readable {
  switch (encoding) {
    case "identity":
    case "":
      return body;
    case "gzip":
    case "x-gzip":
      return body.pipe(zlib.createGunzip());
    case "deflate":
      return body.pipe(zlib.createInflate());
    case "br":
      return body.pipe(zlib.createBrotliDecompress());
    default:
      body.destroy();
      throw new FetchError("http-status", `unsupported Content-Encoding ${JSON.stringify(encoding)} from ${url}`);
  }
}

/** Reads a stream to its end, counting decoded bytes so that a compressed bomb is stopped too. */
async function readCapped(stream: Readable, maxBytes: number, url: URL): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > maxBytes) {
        stream.destroy();
        throw tooLarge(url, maxBytes);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    // zlib reports Z_* codes, brotli ERR__* codes.
    if (code?.startsWith("Z_") || code?.startsWith("ERR__")) {
      throw new FetchError("network", `cannot decompress the answer from ${url}: ${(error as Error).message}`);
    }
    throw error;
  }
  return Buffer.concat(chunks, total);
}

/**
 * Bytes to text. The charset comes from, in order: a byte-order mark, the Content-Type header,
 * an XML declaration, an HTML meta tag; UTF-8 otherwise. Undecodable bytes become U+FFFD.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null): string {
  const label = bomCharset(bytes) ?? headerCharset(contentType) ?? sniffCharset(bytes) ?? "utf-8";
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: false });
  } catch {
    // An unknown label (a typo in a feed's declaration) is read as UTF-8 rather than refused.
    decoder = new TextDecoder("utf-8", { fatal: false });
  }
  if (decoder.encoding === "windows-1252") return decodeWindows1252(bytes);
  return decoder.decode(bytes);
}

// Bytes 0x80-0x9F of windows-1252 (WHATWG Encoding index). Node 20 decodes this encoding as
// ISO-8859-1, turning curly quotes and dashes into control characters, so it is done here.
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  let out = "";
  for (let start = 0; start < bytes.length; start += 8192) {
    const codes = Array.from(bytes.subarray(start, start + 8192), (b) =>
      b >= 0x80 && b <= 0x9f ? (WINDOWS_1252_HIGH[b - 0x80] as number) : b,
    );
    out += String.fromCharCode(...codes);
  }
  return out;
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  return undefined;
}

function headerCharset(contentType: string | null): string | undefined {
  const match = contentType?.match(/charset\s*=\s*["']?([^"';\s]+)/i);
  return match?.[1]?.toLowerCase();
}

function sniffCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  const declared =
    head.match(/^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/)?.[1] ??
    head.match(/<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i)?.[1];
  // Text readable as ASCII cannot be UTF-16, whatever it declares (the HTML standard does the same).
  if (!declared || /^utf-?16/i.test(declared)) return undefined;
  return declared.toLowerCase();
}
