/**
 * The one HTTP edge: the reader's site, feeds and sitemaps, the JSON API, the stylesheet and the
 * health check. In: the store, config, clock and logger. Out: a Hono app (serve it, or call
 * app.request() in tests) and invalidate(), which the pipeline calls after publishing. Reading a
 * page never calls the network or a model; errors become a logged 500 page without internal
 * detail.
 */
import { Hono } from "hono";
import { sql } from "kysely";
import { findSiteRevision, markSiteChanged } from "../store/site-state.ts";
import { apiRoutes, jsonError } from "./api/api-routes.ts";
import { feedRoutes } from "./feeds/feed-routes.tsx";
import { createPageCache, PREBUILT_RESPONSES, SECURITY_HEADERS, sendUncached, sendWithEtag } from "./page-cache.ts";
import { errorPage, siteRoutes } from "./site/site-routes.tsx";
import { stringsFor } from "./views/strings.ts";
import { SITE_CSS, SITE_CSS_HASH } from "./views/styles.ts";
import { JSON_TYPE, type WebContext, type WebDeps } from "./web-context.ts";

export type { WebDeps } from "./web-context.ts";

export function createWeb(deps: WebDeps): { app: Hono; invalidate(options?: { alreadyMarked?: boolean }): void } {
  const cache = createPageCache({
    now: () => deps.clock.now(),
    revision: async () => (await findSiteRevision(deps.db))?.revision,
    checkMs: deps.config.pageCacheCheckMs,
  });
  const invalidate = (options: { alreadyMarked?: boolean } = {}) => {
    cache.clear();
    if (options.alreadyMarked) return;
    markSiteChanged(deps.db, deps.clock.now().toISOString()).catch((error: Error) =>
      deps.logger.error("could not mark the site changed", { error: error.message }),
    );
  };
  const ctx: WebContext = {
    ...deps,
    cache,
    site: { name: deps.config.site.name, url: deps.config.site.url, language: deps.config.site.language },
    strings: stringsFor(deps.config.site.language),
    invalidate,
  };
  const app = new Hono();

  app.use(async (c, next) => {
    await next();
    if (PREBUILT_RESPONSES.has(c.res)) return;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  });

  app.get("/healthz", async (c) => {
    try {
      await sql`select 1`.execute(deps.db);
      c.header("Cache-Control", "no-store");
      return c.json({ status: "ok" });
    } catch (error) {
      deps.logger.error("health check failed", { error: (error as Error).message });
      c.header("Cache-Control", "no-store");
      return c.json({ status: "unavailable" }, 503);
    }
  });

  app.get("/assets/site.css", (c) => {
    // The page links the stylesheet with its hash in ?v=, so that exact URL never changes content.
    const versioned = c.req.query("v") === SITE_CSS_HASH;
    return sendWithEtag(
      c,
      SITE_CSS,
      "text/css; charset=utf-8",
      `"css-${SITE_CSS_HASH}"`,
      versioned ? "public, max-age=31536000, immutable" : "public, no-cache",
    );
  });

  app.route("/api/v1", apiRoutes(ctx));
  app.route("/", feedRoutes(ctx));
  app.route("/", siteRoutes(ctx));

  app.notFound(async (c) => {
    if (c.req.path.startsWith("/api/")) return jsonError(c, 404, "no such endpoint");
    return sendUncached(c, await errorPage(ctx, "not-found"));
  });

  app.onError(async (error, c) => {
    deps.logger.error("request failed", {
      method: c.req.method,
      path: c.req.path,
      error: error.message,
      stack: error.stack ?? "",
    });
    if (c.req.path.startsWith("/api/")) {
      return sendUncached(c, {
        status: 500,
        body: JSON.stringify({ error: "internal error" }),
        contentType: JSON_TYPE,
      });
    }
    try {
      return sendUncached(c, await errorPage(ctx, "server-error"));
    } catch {
      return sendUncached(c, { status: 500, body: "Internal error", contentType: "text/plain; charset=utf-8" });
    }
  });

  // Cached pages are answered before routing: for a hit, that is most of the work saved.
  const route = app.fetch;
  app.fetch = (request, env, executionCtx) => cache.answer(request, env) ?? route(request, env, executionCtx);

  return { app, invalidate };
}
