/**
 * The reader's site: home, category pages, analysis pages and the Thoughts form. Routes stay
 * thin (read the request, ask the store or the editorial rule, present); public pages go through
 * the page cache, so a page is rendered once per change, not once per reader.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { CATEGORIES, type Category, categoryFromSlug } from "../../domain/categories.ts";
import { submitComment } from "../../editorial/comments.ts";
import {
  type AnalysisSummary,
  findPublishedAnalysisBySlug,
  listPublishedAnalyses,
  listRelatedAnalyses,
  type PublishedAnalysis,
} from "../../store/analyses.ts";
import { listApprovedComments } from "../../store/comments.ts";
import { clientAddress } from "../client-address.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { type Rendered, sendUncached } from "../page-cache.ts";
import { AnalysisPage, type ThoughtFormState } from "../views/analysis-page.tsx";
import { CategoryPage } from "../views/category-page.tsx";
import { type ErrorKind, ErrorPage } from "../views/error-page.tsx";
import { HomePage } from "../views/home-page.tsx";
import { renderDocument } from "../views/layout.tsx";
import { HTML, SLUG_PATTERN, type WebContext } from "../web-context.ts";

/** Cards per category on the home page. */
const HOME_PER_CATEGORY = 6;
/** Cards per category page. */
const CATEGORY_PAGE_SIZE = 20;
/** A Thought is at most a few thousand characters; anything far larger is not a form post. */
const MAX_FORM_BYTES = 64 * 1024;

export function siteRoutes(ctx: WebContext): Hono {
  const { db, cache, config } = ctx;
  const app = new Hono();

  app.get("/", (c) =>
    cache.serve(c, "/", async () => {
      const groups: { category: Category; items: AnalysisSummary[] }[] = [];
      for (const category of CATEGORIES) {
        const items = await listPublishedAnalyses(db, { limit: HOME_PER_CATEGORY, category });
        if (items.length > 0) groups.push({ category, items });
      }
      return html(200, await renderDocument(<HomePage site={ctx.site} strings={ctx.strings} groups={groups} />));
    }),
  );

  app.get("/category/:slug", async (c) => {
    const category = categoryFromSlug(c.req.param("slug"));
    if (!category) return sendUncached(c, await errorPage(ctx, "not-found"));
    const beforeParam = c.req.query("before");
    const before = beforeParam === undefined ? undefined : decodeCursor(beforeParam);
    if (beforeParam !== undefined && !before) return sendUncached(c, await errorPage(ctx, "bad-request"));
    const key = `/category/${category.toLowerCase()}${beforeParam ? `?before=${beforeParam}` : ""}`;
    return cache.serve(c, key, async () => {
      const rows = await listPublishedAnalyses(db, { limit: CATEGORY_PAGE_SIZE + 1, category, before });
      const items = rows.slice(0, CATEGORY_PAGE_SIZE);
      const last = items.at(-1);
      const olderCursor =
        rows.length > CATEGORY_PAGE_SIZE && last
          ? encodeCursor({ publishedAt: last.publishedAt, id: last.id })
          : undefined;
      const page = (
        <CategoryPage
          site={ctx.site}
          strings={ctx.strings}
          category={category}
          items={items}
          olderCursor={olderCursor}
          isFirstPage={!before}
        />
      );
      return html(200, await renderDocument(page));
    });
  });

  app.get("/analysis/:slug", async (c) => {
    const slug = c.req.param("slug");
    if (!SLUG_PATTERN.test(slug)) return sendUncached(c, await errorPage(ctx, "not-found"));
    const thought = c.req.query("thought");
    const notice = thought === "posted" || thought === "pending" ? thought : undefined;
    const key = `/analysis/${slug}${notice ? `?thought=${notice}` : ""}`;
    return cache.serve(c, key, async () => {
      const published = await findPublishedAnalysisBySlug(db, slug);
      if (!published) return errorPage(ctx, "not-found");
      return html(200, await renderAnalysisDocument(ctx, published, { notice }));
    });
  });

  app.post(
    "/analysis/:slug/thoughts",
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: async (c) => sendUncached(c, await errorPage(ctx, "bad-request", 413)),
    }),
    async (c) => {
      const slug = c.req.param("slug");
      const published = SLUG_PATTERN.test(slug) ? await findPublishedAnalysisBySlug(db, slug) : undefined;
      if (!published) return sendUncached(c, await errorPage(ctx, "not-found"));
      const form = await c.req.parseBody();
      const field = (name: string) => {
        const value = form[name];
        return typeof value === "string" ? value : "";
      };
      const values = { name: field("name"), text: field("text") };
      const result = await submitComment(
        { db, clock: ctx.clock, config },
        {
          analysisId: published.analysis.id,
          name: values.name,
          text: values.text,
          honeypot: field("website"),
          clientKey: clientAddress(c, config.trustProxy),
        },
      );
      if (result.ok) {
        if (result.status === "approved") ctx.invalidate();
        ctx.logger.info("thought accepted", {
          analysisId: published.analysis.id,
          id: result.id,
          status: result.status,
        });
        const notice = result.status === "approved" ? "posted" : "pending";
        return c.redirect(`/analysis/${slug}?thought=${notice}#thoughts`, 303);
      }
      ctx.logger.info("thought refused", { analysisId: published.analysis.id, reason: result.error });
      const tooFast = result.error === "too-fast";
      const refusal = { kind: result.error, message: ctx.strings.thoughtRefused[result.error](config.comments) };
      const body = await renderAnalysisDocument(ctx, published, { refusal, values });
      return sendUncached(c, {
        status: tooFast ? 429 : 400,
        body,
        contentType: HTML,
        headers: tooFast ? { "Retry-After": String(config.comments.minIntervalSeconds) } : {},
      });
    },
  );

  return app;
}

async function renderAnalysisDocument(
  ctx: WebContext,
  published: PublishedAnalysis,
  thoughts: ThoughtFormState,
): Promise<string> {
  const [comments, related] = [
    await listApprovedComments(ctx.db, published.analysis.id),
    await listRelatedAnalyses(ctx.db, published.analysis.id, 5),
  ];
  return renderDocument(
    <AnalysisPage
      site={ctx.site}
      strings={ctx.strings}
      published={published}
      comments={comments}
      related={related}
      thoughts={thoughts}
      limits={{ maxChars: ctx.config.comments.maxChars }}
    />,
  );
}

export async function errorPage(ctx: WebContext, kind: ErrorKind, status?: number): Promise<Rendered> {
  const code = status ?? (kind === "not-found" ? 404 : kind === "bad-request" ? 400 : 500);
  return html(code, await renderDocument(<ErrorPage site={ctx.site} strings={ctx.strings} kind={kind} />));
}

function html(status: number, body: string): Rendered {
  return { status, body, contentType: HTML };
}
