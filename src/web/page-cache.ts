/**
 * The in-memory cache of rendered public responses (pages and API JSON), keyed by a normalized
 * URL, each with a strong ETag. Readers hit memory, not the store; `clear()` (the web edge's
 * invalidate) empties it when something readers see has changed. Bounded: least recently used
 * entries go first, so odd query strings cannot grow it without limit.
 */
import { createHash } from "node:crypto";
import type { Context } from "hono";

export interface Rendered {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

interface Entry {
  body: string;
  contentType: string;
  etag: string;
}

export interface PageCache {
  /** Serves `key` from memory, or renders it; only 200 responses are kept. */
  serve(c: Context, key: string, render: () => Promise<Rendered>): Promise<Response>;
  clear(): void;
  readonly size: number;
}

/** Browsers and proxies may store public pages but must ask again (a cheap 304) before reuse. */
export const PUBLIC_CACHE_CONTROL = "public, no-cache";

export function createPageCache(maxEntries = 1000): PageCache {
  const entries = new Map<string, Entry>();
  // A render that started before a clear() must not put its now-stale result back.
  let generation = 0;

  return {
    async serve(c, key, render) {
      let entry = entries.get(key);
      if (entry) {
        // Re-inserting moves the key to the young end of the Map's insertion order.
        entries.delete(key);
        entries.set(key, entry);
      } else {
        const startedAt = generation;
        const rendered = await render();
        if (rendered.status !== 200) return sendUncached(c, rendered);
        entry = { body: rendered.body, contentType: rendered.contentType, etag: etagOf(rendered.body) };
        if (startedAt === generation) {
          entries.set(key, entry);
          if (entries.size > maxEntries) {
            const oldest = entries.keys().next().value;
            if (oldest !== undefined) entries.delete(oldest);
          }
        }
      }
      return sendWithEtag(c, entry.body, entry.contentType, entry.etag, PUBLIC_CACHE_CONTROL);
    },
    clear() {
      generation++;
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}

export function etagOf(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
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
