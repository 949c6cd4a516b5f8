/**
 * The one HTTP edge: the reader's site, the JSON API, the stylesheet and the health check.
 * In: the store, config, clock and logger. Out: a Hono app (serve it, or call app.request() in
 * tests) and invalidate(), which the pipeline calls after publishing. Reading a page never calls
 * the network or a model; errors become a logged 500 page without internal detail.
 */
import { Hono } from "hono";
import { sql } from "kysely";
import { apiRoutes, jsonError } from "./api/api-routes.ts";
import { createPageCache, sendUncached, sendWithEtag } from "./page-cache.ts";
import { errorPage, siteRoutes } from "./site/site-routes.tsx";
import { stringsFor } from "./views/strings.ts";
import { SITE_CSS, SITE_CSS_HASH } from "./views/styles.ts";
import { JSON_TYPE, type WebContext, type WebDeps } from "./web-context.ts";

export type { WebDeps } from "./web-context.ts";

// No script runs on any page, so the policy can forbid all of it outright.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function createWeb(deps: WebDeps): { app: Hono; invalidate(): void } {
  const cache = createPageCache();
  const ctx: WebContext = {
    ...deps,
    cache,
    site: { name: deps.config.site.name, url: deps.config.site.url, language: deps.config.site.language },
    strings: stringsFor(deps.config.site.language),
    invalidate: () => cache.clear(),
  };
  const app = new Hono();

  app.use(async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "strict-origin-when-cross-origin");
    c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
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

  return { app, invalidate: ctx.invalidate };
}
