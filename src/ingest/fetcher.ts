/**
 * The one way ingest reads the network (and local feed files). In: a URL and the source's
 * rules; out: the decoded body with its validators and caching headers, or "not modified".
 * Failures are FetchErrors whose `reason` says what went wrong, with a message an editor can
 * act on (and, for 429 and 503, the server's Retry-After).
 *
 * Limits: a connect timeout and a total timeout, a body cap counted after decompression, at
 * most 5 redirects (each checked like the first URL) and at most `perHost` requests at a time
 * to one host.
 *
 * It must never reach a loopback, private, link-local or metadata address unless the source
 * allows it, and never a cloud metadata address at all. The check runs when a connection is
 * opened, on the resolved address, before any packet is sent (after DNS resolution, for every
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
    /** The server's Retry-After and Date headers, for 429 and 503 answers. */
    readonly retry?: { retryAfter: string | null; date: string | null },
  ) {
    super(message);
  }
}

/** The response headers that say how long its content stays fresh (the poll schedule reads them). */
export interface CacheHeaders {
  cacheControl: string | null;
  expires: string | null;
  date: string | null;
}

export type FetchResult =
  | {
      status: "ok";
      body: string;
      contentType: string | null;
      finalUrl: string;
      etag: string | null;
      lastModified: string | null;
      cache: CacheHeaders;
    }
  | { status: "not-modified"; cache: CacheHeaders };

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
  /** The whole fetch, redirects and body included (waiting for a per-host slot is not counted). */
  timeoutMs: number;
  /** Opening a connection (DNS included); defaults to timeoutMs. */
  connectTimeoutMs?: number;
  maxBytes: number;
  userAgent: string;
  logger: Logger;
  /** Requests at a time to one host name; defaults to 2. */
  perHost?: number;
  /** Addresses refused unless a source allows private ones; defaults to PRIVATE_ADDRESSES. */
  blockedAddresses?: net.BlockList;
  /** Addresses refused to every source; defaults to METADATA_ADDRESSES. */
  alwaysBlockedAddresses?: net.BlockList;
  /** Name resolution (dns.lookup's signature); tests substitute one to play DNS. */
  lookup?: LookupFunction;
}

export type LookupFunction = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

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

/**
 * Cloud metadata endpoints, refused even to sources that allow private addresses: no feed lives
 * there, and a redirect to one is how a server-side request forgery steals credentials.
 */
export const METADATA_ADDRESSES: net.BlockList = (() => {
  const list = new net.BlockList();
  list.addSubnet("169.254.0.0", 16, "ipv4"); // link-local: AWS, GCP, Azure, OpenStack, ECS metadata
  list.addAddress("100.100.100.200", "ipv4"); // Alibaba Cloud metadata
  list.addAddress("fd00:ec2::254", "ipv6"); // AWS metadata over IPv6
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

function metadataAddressError(host: string, address: string): FetchError {
  const shown = host === address ? address : `${host} (${address})`;
  return new FetchError("private-address", `refused to connect to ${shown}: a cloud metadata address is never fetched`);
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

interface Guard {
  /** Refused to this kind of source, e.g. private ranges. */
  blocked: net.BlockList | null;
  /** Refused to every source. */
  always: net.BlockList;
}

function refusal(guard: Guard, host: string, address: string): FetchError | undefined {
  if (isBlockedAddress(address, guard.always)) return metadataAddressError(host, address);
  if (guard.blocked && isBlockedAddress(address, guard.blocked)) return privateAddressError(host, address);
  return undefined;
}

/** A dns.lookup that fails when any address of the name is refused (one bad answer is enough to refuse). */
function guardedLookup(guard: Guard, resolve: LookupFunction) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : "", undefined);
      for (const a of addresses) {
        const refused = refusal(guard, hostname, a.address);
        if (refused) return callback(refused, options.all ? [] : "", undefined);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "");
      callback(null, first.address, first.family);
    });
  };
}

function guardedConnector(guard: Guard, timeoutMs: number, resolve: LookupFunction): buildConnector.connector {
  const connect = buildConnector({
    timeout: timeoutMs,
    lookup: guardedLookup(guard, resolve),
  } as buildConnector.BuildOptions);
  return (options, callback) => {
    // Node skips the lookup for IP literals, so they are checked here, before any socket exists.
    const refused = net.isIP(options.hostname.replace(/^\[|\]$/g, ""))
      ? refusal(guard, options.hostname, options.hostname)
      : undefined;
    if (refused) {
      callback(refused, null);
      return;
    }
    connect(options, callback);
  };
}

/** At most `limit` requests at a time per host name; the others wait in order. */
function createHostSlots(limit: number) {
  const active = new Map<string, number>();
  const queues = new Map<string, Array<() => void>>();
  const release = (host: string) => {
    const next = queues.get(host)?.shift();
    if (next) return next();
    const n = (active.get(host) ?? 1) - 1;
    if (n <= 0) active.delete(host);
    else active.set(host, n);
    if (queues.get(host)?.length === 0) queues.delete(host);
  };
  return {
    acquire(host: string, signal: AbortSignal): Promise<() => void> {
      const done = once(() => release(host));
      const n = active.get(host) ?? 0;
      if (n < limit) {
        active.set(host, n + 1);
        return Promise.resolve(done);
      }
      return new Promise((resolve, reject) => {
        const queue = queues.get(host) ?? [];
        queues.set(host, queue);
        // A released slot passes straight to the next waiter, so `active` stays counted.
        const grant = () => {
          signal.removeEventListener("abort", abort);
          resolve(done);
        };
        const abort = () => {
          const at = queue.indexOf(grant);
          if (at >= 0) queue.splice(at, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", abort, { once: true });
        queue.push(grant);
      });
    },
  };
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn();
  };
}

/** A fetcher; `close` ends its kept-alive connections (at shutdown). */
export function createFetcher(options: FetcherOptions): Fetcher & { close(): Promise<void> } {
  const { timeoutMs, maxBytes, userAgent, logger } = options;
  const connectTimeoutMs = options.connectTimeoutMs ?? timeoutMs;
  const always = options.alwaysBlockedAddresses ?? METADATA_ADDRESSES;
  const resolve = options.lookup ?? (dns.lookup as unknown as LookupFunction);
  const slots = createHostSlots(Math.max(1, options.perHost ?? 2));
  const agentOptions = {
    connections: Math.max(1, options.perHost ?? 2),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  };
  const guarded = new Agent({
    ...agentOptions,
    connect: guardedConnector(
      { blocked: options.blockedAddresses ?? PRIVATE_ADDRESSES, always },
      connectTimeoutMs,
      resolve,
    ),
  });
  const open = new Agent({
    ...agentOptions,
    connect: guardedConnector({ blocked: null, always }, connectTimeoutMs, resolve),
  });

  type Hop = { redirect: URL; status: number } | { result: FetchResult };

  /** One request: a redirect to follow, or the outcome. */
  async function requestOnce(url: URL, start: URL, hop: number, opts: FetchOptions, signal: AbortSignal): Promise<Hop> {
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
    const cache = (): CacheHeaders => ({
      cacheControl: header("cache-control"),
      expires: header("expires"),
      date: header("date"),
    });

    if (status >= 300 && status < 400 && status !== 304) {
      await response.body.dump();
      const location = header("location");
      if (!location)
        throw new FetchError("http-status", `HTTP ${status} without a Location header from ${url}`, status);
      if (hop >= MAX_REDIRECTS) {
        throw new FetchError("too-many-redirects", `more than ${MAX_REDIRECTS} redirects starting at ${start}`, status);
      }
      return { redirect: parseHttpUrl(location, url), status };
    }
    if (status === 304) {
      await response.body.dump();
      return { result: { status: "not-modified", cache: cache() } };
    }
    if (status === 404 || status === 410) {
      await response.body.dump();
      throw new FetchError("not-found", `HTTP ${status}: nothing at ${url}`, status);
    }
    if (status < 200 || status >= 300) {
      await response.body.dump();
      const retryAfter = header("retry-after");
      const busy = status === 429 || status === 503;
      throw new FetchError(
        "http-status",
        `HTTP ${status} from ${url}${busy && retryAfter ? ` (Retry-After: ${retryAfter})` : ""}`,
        status,
        busy ? { retryAfter, date: header("date") } : undefined,
      );
    }

    const declared = Number(header("content-length"));
    const encoding = (header("content-encoding") ?? "identity").trim().toLowerCase();
    if (encoding === "identity" && Number.isFinite(declared) && declared > maxBytes) {
      response.body.destroy();
      throw tooLarge(url, maxBytes);
    }
    const bytes = await readCapped(response.body, decompress(response.body, encoding, url), maxBytes, url);
    const contentType = header("content-type");
    return {
      result: {
        status: "ok",
        body: decodeBody(bytes, contentType),
        contentType,
        finalUrl: url.href,
        etag: header("etag"),
        lastModified: header("last-modified"),
        cache: cache(),
      },
    };
  }

  async function fetchHttp(start: URL, opts: FetchOptions): Promise<FetchResult> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let url = start;
    try {
      for (let hop = 0; ; hop++) {
        const release = await slots.acquire(url.hostname, controller.signal);
        // The clock starts once the first request can be sent: waiting behind other fetches
        // to the same host is politeness, not slowness of this one.
        timer ??= setTimeout(() => controller.abort(), timeoutMs);
        let step: Hop;
        try {
          step = await requestOnce(url, start, hop, opts, controller.signal);
        } finally {
          release();
        }
        if ("result" in step) return step.result;
        logger.debug("fetch redirect", { from: url.href, to: step.redirect.href, status: step.status });
        url = step.redirect;
      }
    } catch (error) {
      if (error instanceof FetchError) throw error;
      if (controller.signal.aborted)
        throw new FetchError("timeout", `no complete answer from ${url} within ${timeoutMs} ms`);
      throw translate(error, url, timeoutMs, connectTimeoutMs);
    } finally {
      clearTimeout(timer);
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
    const cache: CacheHeaders = { cacheControl: null, expires: null, date: null };
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new FetchError("not-found", `${file} is not a file`);
      if (info.size > maxBytes) throw tooLarge(url, maxBytes);
      // The modification time plays the part of Last-Modified, so unchanged local feeds are skipped too.
      const lastModified = info.mtime.toUTCString();
      if (opts.lastModified === lastModified) return { status: "not-modified", cache };
      const bytes = await readFile(file);
      return {
        status: "ok",
        body: decodeBody(bytes, null),
        contentType: null,
        finalUrl: url.href,
        etag: null,
        lastModified,
        cache,
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
      const result = await fetchHttp(url, opts);
      logger.debug("fetched", { url: url.href, status: result.status });
      return result;
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
function translate(error: unknown, url: URL, timeoutMs: number, connectTimeoutMs: number): unknown {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof FetchError) return e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "UND_ERR_CONNECT_TIMEOUT") {
      return new FetchError("timeout", `could not connect to ${url.host} within ${connectTimeoutMs} ms`);
    }
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
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
      if (first) return translate(first, url, timeoutMs, connectTimeoutMs);
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

/**
 * Reads a (decompressed) stream to its end, counting decoded bytes so that a compressed bomb is
 * stopped too. Whatever stops the reading also destroys the response body underneath: a body
 * left half-read would hold its connection, and the per-host slots, forever.
 */
async function readCapped(body: Readable, stream: Readable, maxBytes: number, url: URL): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > maxBytes) throw tooLarge(url, maxBytes);
      chunks.push(buffer);
    }
  } catch (error) {
    stream.destroy();
    body.destroy();
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
 * an XML declaration, an HTML meta tag; UTF-8 otherwise. Declarations are often wrong, so two
 * corrections follow: text declared (or assumed) UTF-8 whose non-ASCII bytes are mostly invalid
 * UTF-8 is read in the document's own declaration or else windows-1252; text declared in a
 * legacy charset whose bytes are valid, non-ASCII UTF-8 is read as UTF-8 (no real Latin-1 text
 * is made of valid UTF-8 sequences). Undecodable bytes become U+FFFD: a bad byte never kills a feed.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | null): string {
  const bom = bomCharset(bytes);
  if (bom) return decodeAs(bom, bytes);
  const sniffed = sniffCharset(bytes);
  const label = headerCharset(contentType) ?? sniffed ?? "utf-8";
  const encoding = encodingOf(label);
  if (encoding === "utf-8") {
    const text = decodeAs("utf-8", bytes);
    if (!looksMisdeclared(text)) return text;
    const fallback =
      sniffed && encodingOf(sniffed) !== "utf-8" && !/^utf-16/.test(encodingOf(sniffed)) ? sniffed : "windows-1252";
    return decodeAs(fallback, bytes);
  }
  if (!/^utf-16/.test(encoding) && hasNonAscii(bytes) && isValidUtf8(bytes)) return decodeAs("utf-8", bytes);
  return decodeAs(label, bytes);
}

/** The WHATWG name of a charset label; unknown labels (typos in declarations) count as UTF-8. */
function encodingOf(label: string): string {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return "utf-8";
  }
}

function decodeAs(label: string, bytes: Uint8Array): string {
  const encoding = encodingOf(label);
  if (encoding === "windows-1252") return decodeWindows1252(stripBom(bytes));
  return new TextDecoder(encoding, { fatal: false }).decode(bytes);
}

function stripBom(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** More replacement characters than correctly decoded non-ASCII ones: the bytes were not UTF-8. */
function looksMisdeclared(text: string): boolean {
  let replaced = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code === 0xfffd) replaced++;
    else other++;
  }
  return replaced > 0 && replaced >= other;
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
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

/** A byte-order mark, or UTF-16 recognised by its first "<" (XML 1.0, appendix F). */
function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return "utf-16be";
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return "utf-16le";
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
