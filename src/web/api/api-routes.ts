/**
 * The JSON API, version 1: published analyses only, newest first, with an opaque keyset cursor.
 * Bad parameters get 400 {error}, unknown analyses 404 {error}; nothing else about the store
 * (statuses, drafts, article ids) leaves through here. Responses are cached like pages, except
 * search, which is answered fresh (its keys are whatever clients type).
 */

import type { Context } from "hono";
import { Hono } from "hono";
import type { AnalysisSource } from "../../domain/analysis.ts";
import { categoryFromSlug } from "../../domain/categories.ts";
import { type AnalysisSummary, findPublishedAnalysisBySlug, listPublishedAnalyses } from "../../store/analyses.ts";
import { SNIPPET_END, SNIPPET_START, searchPublishedAnalyses } from "../../store/search.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { type Rendered, sendUncached } from "../page-cache.ts";
import { JSON_TYPE, SLUG_PATTERN, type WebContext } from "../web-context.ts";

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

export function apiRoutes(ctx: WebContext): Hono {
  const { db, cache } = ctx;
  const siteUrl = ctx.site.url;
  const app = new Hono();

  app.use(async (c, next) => {
    await next();
    // Public, read-only data: any site may fetch it.
    c.header("Access-Control-Allow-Origin", "*");
  });

  app.get("/analyses", async (c) => {
    const limitParam = c.req.query("limit");
    const limit = limitParam === undefined ? DEFAULT_LIMIT : /^\d{1,3}$/.test(limitParam) ? Number(limitParam) : 0;
    if (limit < 1 || limit > MAX_LIMIT) return jsonError(c, 400, `limit must be a whole number from 1 to ${MAX_LIMIT}`);
    const categoryParam = c.req.query("category");
    const category = categoryParam === undefined ? undefined : categoryFromSlug(categoryParam);
    if (categoryParam !== undefined && !category) return jsonError(c, 400, "unknown category");
    const cursorParam = c.req.query("cursor");
    const cursor = cursorParam === undefined ? undefined : decodeCursor(cursorParam);
    if (cursorParam !== undefined && !cursor) return jsonError(c, 400, "cursor is not one this API returned");

    const key = `/api/v1/analyses?limit=${limit}&category=${category ?? ""}&cursor=${cursorParam ?? ""}`;
    return cache.serve(c, key, async () => {
      const rows = await listPublishedAnalyses(db, { limit: limit + 1, category, before: cursor });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const nextCursor =
        rows.length > limit && last ? encodeCursor({ publishedAt: last.publishedAt, id: last.id }) : null;
      return json(200, { items: items.map((item) => listItem(item, siteUrl)), nextCursor });
    });
  });

  app.get("/search", async (c) => {
    const q = c.req.query("q") ?? "";
    if (q.trim() === "" || q.length > 200) return jsonError(c, 400, "q must be 1 to 200 characters");
    const limitParam = c.req.query("limit");
    const limit = limitParam === undefined ? DEFAULT_LIMIT : /^\d{1,2}$/.test(limitParam) ? Number(limitParam) : 0;
    if (limit < 1 || limit > 50) return jsonError(c, 400, "limit must be a whole number from 1 to 50");
    const hits = await searchPublishedAnalyses(db, q, { limit, offset: 0 });
    c.header("Cache-Control", "public, max-age=60");
    return c.json({
      items: hits.map((h) => ({
        id: h.id,
        slug: h.slug,
        url: `${siteUrl}/analysis/${h.slug}`,
        headline: h.headline,
        dek: h.dek,
        category: h.category,
        publishedAt: h.publishedAt,
        // The markers become plain brackets: JSON readers get text, not markup.
        snippet: h.snippet.replaceAll(SNIPPET_START, "[").replaceAll(SNIPPET_END, "]"),
      })),
    });
  });

  app.get("/analyses/:slug", async (c) => {
    const slug = c.req.param("slug");
    if (!SLUG_PATTERN.test(slug)) return jsonError(c, 404, "analysis not found");
    return cache.serve(c, `/api/v1/analyses/${slug}`, async () => {
      const published = await findPublishedAnalysisBySlug(db, slug);
      if (!published) return json(404, { error: "analysis not found" });
      const { analysis, version, body } = published;
      const publishedAt = analysis.published_at ?? version.created_at;
      return json(200, {
        id: analysis.id,
        slug: analysis.slug,
        url: `${siteUrl}/analysis/${analysis.slug}`,
        headline: body.headline,
        dek: body.dek,
        category: body.category,
        tags: body.tags,
        readMinutes: version.read_minutes,
        publishedAt,
        // biome-ignore lint/complexity/useMathMinMax: ISO-8601 strings compare as text, not numbers.
        updatedAt: version.created_at > publishedAt ? version.created_at : publishedAt,
        verification: { total: version.claims_total, verified: version.claims_verified },
        body: {
          sections: body.sections,
          stakeholders: body.stakeholders,
          scenarios: body.scenarios,
          keyFacts: body.keyFacts,
          timeline: body.timeline,
          whatToWatch: body.whatToWatch,
          sources: body.sources.map(publicSource),
        },
      });
    });
  });

  return app;
}

function listItem(item: AnalysisSummary, siteUrl: string) {
  return {
    id: item.id,
    slug: item.slug,
    url: `${siteUrl}/analysis/${item.slug}`,
    headline: item.headline,
    dek: item.dek,
    category: item.category,
    readMinutes: item.readMinutes,
    publishedAt: item.publishedAt,
    sources: item.sources.map((s) => ({ outlet: s.outlet, title: s.title, url: s.url, publishedAt: s.publishedAt })),
  };
}

/** A source as the public sees it: the article id is ours, not theirs. */
function publicSource(s: AnalysisSource) {
  return {
    number: s.number,
    outlet: s.outlet,
    title: s.title,
    url: s.url,
    author: s.author,
    publishedAt: s.publishedAt,
  };
}

function json(status: number, value: unknown): Rendered {
  return { status, body: JSON.stringify(value), contentType: JSON_TYPE };
}

export function jsonError(c: Context, status: number, error: string): Response {
  return sendUncached(c, json(status, { error }));
}
