/**
 * The in-memory cache of rendered public responses (pages, feeds, sitemaps, API JSON), keyed by
 * a normalized URL. Each entry is kept as bytes in three encodings (identity, gzip, brotli,
 * compressed once off the event loop) with a strong ETag per encoding and a Last-Modified, so
 * a cached hit is a header write and a buffer copy. Conditional requests get 304.
 *
 * Staleness: `clear()` empties it at once (this process published or moderated something); and
 * at most every `checkMs` the site revision in the database is compared with the one the cache
 * was filled at, so a change made by another process (`prism work`, `prism comments approve`)
 * empties it too. Bounded: least recently used entries go first.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { promisify } from "node:util";
import { brotliCompress, gzip, constants as zlibConstants } from "node:zlib";
import type { Context } from "hono";

export interface Rendered {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

type Encoding = "br" | "gzip" | "identity";

type Bytes = Uint8Array<ArrayBuffer>;

interface Entry {
  bodies: Partial<Record<Encoding, Bytes>> & { identity: Bytes };
  contentType: string;
  /** Hash of the identity body; each encoding's ETag adds a suffix. */
  hash: string;
  lastModified: string;
  /** Seconds since the epoch of lastModified, for If-Modified-Since. */
  modifiedSeconds: number;
  cacheControl: string;
  /** Complete 200 headers per encoding, built once: a hit only picks one. Never mutated. */
  headers: Partial<Record<Encoding, Record<string, string>>>;
  /** The key is the very path and query it was requested by: `answer()` may serve it. */
  exact: boolean;
}

export interface PageCache {
  /** Serves `key` from memory, or renders it; only 200 responses are kept. */
  serve(c: Context, key: string, render: () => Promise<Rendered>, cacheControl?: string): Promise<Response>;
  /**
   * Answers a GET or HEAD from memory before any routing, when an entry was stored under exactly
   * this path and query by an earlier request for it (so the route would pick the same key) and
   * no revision check is due; otherwise undefined, and the request takes the normal way.
   */
  answer(request: Request, env: unknown): Response | undefined;
  clear(): void;
  readonly size: number;
}

export interface PageCacheOptions {
  maxEntries?: number;
  now?: () => Date;
  /** The site revision as stored; undefined when the store has none. */
  revision?: () => Promise<number | undefined>;
  /** Minimum milliseconds between two revision checks (0: before every request). */
  checkMs?: number;
}

/**
 * Browsers and shared caches may reuse a page for a minute, and for ten more minutes show the
 * stored copy while they fetch a fresh one; after that they must ask (a cheap 304).
 */
export const PUBLIC_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=600";

/** Bodies smaller than this are sent as they are: compression would not pay for its headers. */
const COMPRESS_MIN_BYTES = 1024;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export function createPageCache(options: PageCacheOptions = {}): PageCache {
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? (() => new Date());
  const checkMs = options.checkMs ?? 1000;
  const entries = new Map<string, Entry>();
  // A render that started before a clear() must not put its now-stale result back.
  let generation = 0;
  let knownRevision: number | undefined;
  let lastCheck = Number.NEGATIVE_INFINITY;
  let checking: Promise<void> | undefined;

  function clear() {
    generation++;
    entries.clear();
  }

  /** Due when the last look-up is older than checkMs; most requests skip it without awaiting. */
  function revisionCheckDue(): boolean {
    return options.revision !== undefined && now().getTime() - lastCheck >= checkMs;
  }

  async function checkRevision(): Promise<void> {
    // Concurrent requests share one look-up.
    checking ??= (async () => {
      try {
        const revision = await options.revision?.();
        lastCheck = now().getTime();
        if (revision !== knownRevision) {
          if (knownRevision !== undefined || entries.size > 0) clear();
          knownRevision = revision;
        }
      } finally {
        checking = undefined;
      }
    })();
    await checking;
  }

  function touch(key: string, entry: Entry) {
    // Re-inserting moves the key to the young end of the Map's insertion order.
    entries.delete(key);
    entries.set(key, entry);
  }

  return {
    answer(request, env) {
      if ((request.method !== "GET" && request.method !== "HEAD") || revisionCheckDue()) return undefined;
      const url = request.url;
      const pathStart = url.indexOf("/", url.indexOf("//") + 2);
      const key = pathStart < 0 ? "/" : url.slice(pathStart);
      const entry = entries.get(key);
      if (!entry?.exact) return undefined;
      touch(key, entry);
      const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
      const header = incoming ? nodeHeader(incoming) : (name: string) => request.headers.get(name) ?? undefined;
      return entryResponse(entry, header, request.method === "HEAD");
    },
    async serve(c, key, render, cacheControl = PUBLIC_CACHE_CONTROL) {
      if (revisionCheckDue()) await checkRevision();
      let entry = entries.get(key);
      if (entry) {
        touch(key, entry);
      } else {
        const startedAt = generation;
        const rendered = await render();
        if (rendered.status !== 200) return sendUncached(c, rendered);
        entry = await prepareEntry(rendered, now(), cacheControl);
        entry.exact = key === pathAndQuery(c.req.url);
        if (startedAt === generation) {
          entries.set(key, entry);
          if (entries.size > maxEntries) {
            const oldest = entries.keys().next().value;
            if (oldest !== undefined) entries.delete(oldest);
          }
        }
      }
      return sendEntry(c, entry);
    },
    clear,
    get size() {
      return entries.size;
    },
  };
}

async function prepareEntry(rendered: Rendered, at: Date, cacheControl: string): Promise<Entry> {
  const identity = Buffer.from(rendered.body, "utf8");
  const bodies: Entry["bodies"] = { identity: own(identity) };
  if (identity.length >= COMPRESS_MIN_BYTES) {
    const [gz, br] = await Promise.all([
      gzipAsync(identity, { level: 9 }),
      brotliAsync(identity, {
        params: {
          [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
          [zlibConstants.BROTLI_PARAM_QUALITY]: 10,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length,
        },
      }),
    ]);
    bodies.gzip = own(gz);
    bodies.br = own(br);
  }
  const modifiedSeconds = Math.floor(at.getTime() / 1000);
  const entry: Entry = {
    bodies,
    contentType: rendered.contentType,
    hash: hashOf(identity),
    lastModified: new Date(modifiedSeconds * 1000).toUTCString(),
    modifiedSeconds,
    cacheControl,
    headers: {},
    exact: false,
  };
  for (const encoding of ["identity", "gzip", "br"] as const) {
    const body = bodies[encoding];
    if (!body) continue;
    entry.headers[encoding] = {
      ...validatorHeaders(entry, encoding),
      "Content-Type": entry.contentType,
      ...(encoding === "identity" ? {} : { "Content-Encoding": encoding }),
      // With a length given, the server writes these headers as they are.
      "Content-Length": String(body.byteLength),
    };
  }
  return entry;
}

/** What a 304 and a 200 share: the validators, the caching rules and the security headers. */
function validatorHeaders(entry: Entry, encoding: Encoding): Record<string, string> {
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    ETag: encoding === "identity" ? `"${entry.hash}"` : `"${entry.hash}-${encoding === "br" ? "br" : "gz"}"`,
    "Last-Modified": entry.lastModified,
    "Cache-Control": entry.cacheControl,
  };
  if (entry.bodies.gzip) headers.Vary = "Accept-Encoding";
  return headers;
}

/**
 * Responses built here carry every header themselves, as a plain object, and are answered by
 * @hono/node-server without converting headers back and forth: the hot path of a cached page.
 * The security-header middleware leaves these alone (they already have them).
 */
export const PREBUILT_RESPONSES = new WeakSet<Response>();

/** Headers every response of the site carries; the page cache copies them into its own. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // No script runs on any page, so the policy can forbid all of it outright (JSON-LD is data, not run).
  "Content-Security-Policy":
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
});

function pathAndQuery(url: string): string {
  const pathStart = url.indexOf("/", url.indexOf("//") + 2);
  return pathStart < 0 ? "/" : url.slice(pathStart);
}

type HeaderOf = (lowerCaseName: string) => string | undefined;

/**
 * Request headers from Node's own parsed ones when @hono/node-server serves: asking the standard
 * Request for one builds a Headers object of all of them, which a cache hit can do without.
 */
function nodeHeader(incoming: IncomingMessage): HeaderOf {
  return (name) => {
    const value = incoming.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
}

function contextHeader(c: Context): HeaderOf {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming ? nodeHeader(incoming) : (name) => c.req.header(name);
}

function sendEntry(c: Context, entry: Entry): Response {
  return entryResponse(entry, contextHeader(c), c.req.method === "HEAD");
}

function entryResponse(entry: Entry, header: HeaderOf, head: boolean): Response {
  const encoding = chooseEncoding(header("accept-encoding"), entry);
  const response = notModified(header, entry)
    ? new Response(null, { status: 304, headers: validatorHeaders(entry, encoding) })
    : new Response(head ? null : (entry.bodies[encoding] ?? entry.bodies.identity), {
        status: 200,
        headers: entry.headers[encoding] ?? entry.headers.identity,
      });
  PREBUILT_RESPONSES.add(response);
  return response;
}

/** If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2); any encoding of the same bytes matches. */
function notModified(header: HeaderOf, entry: Entry): boolean {
  const inm = header("if-none-match");
  if (inm !== undefined) {
    if (inm.trim() === "*") return true;
    return inm.split(",").some((tag) => {
      const m = /^\s*(?:W\/)?"([^"]*)"\s*$/.exec(tag);
      return m?.[1] !== undefined && m[1].replace(/-(br|gz)$/, "") === entry.hash;
    });
  }
  const ims = header("if-modified-since");
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && entry.modifiedSeconds <= Math.floor(since / 1000);
}

/** The best encoding the client accepts that the entry has: brotli, then gzip, then none. */
export function chooseEncoding(header: string | undefined, entry: Pick<Entry, "bodies">): Encoding {
  if (!header || !entry.bodies.gzip) return "identity";
  const accepted = new Map<string, number>();
  for (const part of header.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const wants = (name: string) => (accepted.get(name) ?? accepted.get("*") ?? 0) > 0;
  if (entry.bodies.br && wants("br")) return "br";
  if (wants("gzip")) return "gzip";
  return "identity";
}

/** A copy that owns its memory (Node's small Buffers share a pool). */
function own(buffer: Buffer): Bytes {
  return new Uint8Array(buffer);
}

function hashOf(body: Uint8Array): string {
  return createHash("sha256").update(body).digest("base64url").slice(0, 27);
}

/** A strong ETag of a text body (the same hash the cache uses for its identity encoding). */
export function etagOf(body: string): string {
  return `"${hashOf(Buffer.from(body, "utf8"))}"`;
}

/** A response with an ETag, or 304 when the client already holds that version. */
export function sendWithEtag(
  c: Context,
  body: string,
  contentType: string,
  etag: string,
  cacheControl: string,
): Response {
  c.header("ETag", etag);
  c.header("Cache-Control", cacheControl);
  if (matchesEtag(c.req.header("If-None-Match"), etag)) return c.body(null, 304);
  c.header("Content-Type", contentType);
  return c.body(body, 200);
}

/** Error pages and personal responses (a refused form) are never stored anywhere. */
export function sendUncached(c: Context, r: Rendered): Response {
  c.header("Cache-Control", "no-store");
  c.header("Content-Type", r.contentType);
  for (const [name, value] of Object.entries(r.headers ?? {})) c.header(name, value);
  return c.body(r.body, r.status as 200);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  // If-None-Match compares weakly: W/"x" matches "x".
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
