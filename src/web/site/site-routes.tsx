/**
 * The reader's site: today's edition, sections, tags, the date archive, search, the sources and
 * about pages, analysis pages (and their earlier versions), Thoughts with replies, and error
 * reports. Routes stay thin (read the request, ask the store or the editorial rule, present);
 * public pages go through the page cache, so a page is rendered once per change, not once per
 * reader. Forms work without JavaScript: a post answers 303 to the page with a notice, or the
 * page again with the refusal and what the reader typed.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { CATEGORIES, type Category, categoryFromSlug, categorySlug } from "../../domain/categories.ts";
import { submitComment } from "../../editorial/comments.ts";
import { submitErrorReport } from "../../editorial/reports.ts";
import type { AnalysisBody } from "../../store/analyses.ts";
import { findPublishedAnalysisBySlug, listRelatedAnalyses, type PublishedAnalysis } from "../../store/analyses.ts";
import { findComment, listApprovedComments } from "../../store/comments.ts";
import {
  countPublishedByDay,
  findPublicationRange,
  findShownVersion,
  findTagName,
  type Keyset,
  type ListedAnalysis,
  listByTag,
  listEdition,
  listOutlets,
  listPublished,
  listVersionHistory,
} from "../../store/listings.ts";
import { searchPublishedAnalyses, TAG_SLUG_PATTERN } from "../../store/search.ts";
import { clientAddress } from "../client-address.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { monthsBetween, nextMonth, previousMonth } from "../months.ts";
import { etagOf, type Rendered, sendUncached, sendWithEtag } from "../page-cache.ts";
import { AboutPage } from "../views/about-page.tsx";
import { type CardItem, cardFromSummary } from "../views/analysis-card.tsx";
import { AnalysisPage, type ReportFormState, type ThoughtFormState } from "../views/analysis-page.tsx";
import { ArchiveIndexPage, ArchiveMonthPage } from "../views/archive-page.tsx";
import { formatDay } from "../views/date-time.tsx";
import { HomePage } from "../views/home-page.tsx";
import { renderDocument } from "../views/layout.tsx";
import { ListPage } from "../views/list-page.tsx";
import { ReplyPage } from "../views/reply-page.tsx";
import { SearchPage } from "../views/search-page.tsx";
import { SourcesPage } from "../views/sources-page.tsx";
import { HTML, SLUG_PATTERN, type WebContext } from "../web-context.ts";
import { errorPage, html } from "./error-response.tsx";

/** The edition covers this many hours before the latest publication. */
const EDITION_HOURS = 36;
/** At most this many analyses are considered for one edition. */
const EDITION_MAX = 400;
/** Stories per section on the home page. */
const HOME_PER_CATEGORY = 4;
/** Cards per listing page (section, tag). */
const LIST_PAGE_SIZE = 20;
/** Cards per archive day page. */
const DAY_PAGE_SIZE = 100;
const SEARCH_PAGE_SIZE = 10;
const SEARCH_MAX_PAGE = 20;
const SEARCH_MAX_QUERY = 200;
/** A Thought or a report is at most a few thousand characters; anything far larger is not a form post. */
const MAX_FORM_BYTES = 64 * 1024;
/** Search results change with every publication and are personal to a query: browsers may keep them briefly. */
const SEARCH_CACHE_CONTROL = "public, max-age=60";

export function siteRoutes(ctx: WebContext): Hono {
  const { db, cache, config, site, strings: s } = ctx;
  const app = new Hono();
  const formLimit = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: async (c) => sendUncached(c, await errorPage(ctx, "bad-request", 413)),
  });

  app.get("/", (c) =>
    cache.serve(c, "/", async () => {
      const edition = await listEdition(db, { hours: EDITION_HOURS, max: EDITION_MAX });
      const ranked = [...edition].sort(
        (a, b) => b.score - a.score || b.publishedAt.localeCompare(a.publishedAt) || b.id - a.id,
      );
      const lead = ranked[0];
      const groups: { category: Category; items: CardItem[] }[] = [];
      for (const category of CATEGORIES) {
        const items = ranked.filter((e) => e.category === category && e !== lead).slice(0, HOME_PER_CATEGORY);
        if (items.length > 0) groups.push({ category, items: items.map(card) });
      }
      const page = (
        <HomePage
          site={site}
          strings={s}
          lead={lead ? card(lead) : undefined}
          groups={groups}
          editionDay={edition[0]?.publishedAt.slice(0, 10)}
        />
      );
      return html(200, await renderDocument(page));
    }),
  );

  app.get("/category/:slug", async (c) => {
    const category = categoryFromSlug(c.req.param("slug"));
    if (!category) return sendUncached(c, await errorPage(ctx, "not-found"));
    const before = readCursor(c);
    if (before === null) return sendUncached(c, await errorPage(ctx, "bad-request"));
    const path = `/category/${categorySlug(category)}`;
    return cache.serve(c, keyWithCursor(path, c), async () => {
      const rows = await listPublished(db, { limit: LIST_PAGE_SIZE + 1, category, before });
      const name = s.categoryName[category];
      return listPage(rows, LIST_PAGE_SIZE, before, {
        title: name,
        intro: s.categoryIntro(name),
        path,
        empty: s.categoryEmpty,
        category,
        feeds: { title: s.feedCategoryTitle(site.name, name), base: `${path}/feed` },
      });
    });
  });

  app.get("/tag/:slug", async (c) => {
    const slug = c.req.param("slug").normalize("NFKC").toLowerCase();
    if (!TAG_SLUG_PATTERN.test(slug) || slug.length > 60) return sendUncached(c, await errorPage(ctx, "not-found"));
    const before = readCursor(c);
    if (before === null) return sendUncached(c, await errorPage(ctx, "bad-request"));
    const path = `/tag/${encodeURIComponent(slug)}`;
    return cache.serve(c, keyWithCursor(path, c), async () => {
      const name = await findTagName(db, slug);
      if (!name) return errorPage(ctx, "not-found");
      const rows = await listByTag(db, slug, { limit: LIST_PAGE_SIZE + 1, before });
      return listPage(rows, LIST_PAGE_SIZE, before, { title: s.tagTitle(name), path, empty: s.categoryEmpty });
    });
  });

  app.get("/archive", (c) =>
    cache.serve(c, "/archive", async () => {
      const range = await findPublicationRange(db);
      const months = range ? monthsBetween(range.first, range.last) : [];
      return html(200, await renderDocument(<ArchiveIndexPage site={site} strings={s} months={months} />));
    }),
  );

  app.get("/archive/:year{[0-9]{4}}/:month{[0-9]{2}}", async (c) => {
    const month = `${c.req.param("year")}-${c.req.param("month")}`;
    if (!validMonth(month)) return sendUncached(c, await errorPage(ctx, "not-found"));
    return cache.serve(c, `/archive/${month}`, async () => {
      const range = await findPublicationRange(db);
      if (!range || month < range.first.slice(0, 7) || month > range.last.slice(0, 7)) {
        return errorPage(ctx, "not-found");
      }
      const counts = await countPublishedByDay(db, `${month}-01T00:00:00.000Z`, nextMonth(month));
      const days = [...counts].sort(([a], [b]) => b.localeCompare(a)).map(([day, count]) => ({ day, count }));
      const prev = previousMonth(month);
      const next = nextMonth(month).slice(0, 7);
      const page = (
        <ArchiveMonthPage
          site={site}
          strings={s}
          month={month}
          days={days}
          previous={prev >= range.first.slice(0, 7) ? prev : undefined}
          next={next <= range.last.slice(0, 7) ? next : undefined}
        />
      );
      return html(200, await renderDocument(page));
    });
  });

  app.get("/archive/:year{[0-9]{4}}/:month{[0-9]{2}}/:day{[0-9]{2}}", async (c) => {
    const day = `${c.req.param("year")}-${c.req.param("month")}-${c.req.param("day")}`;
    const start = Date.parse(`${day}T00:00:00.000Z`);
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== day) {
      return sendUncached(c, await errorPage(ctx, "not-found"));
    }
    const before = readCursor(c);
    if (before === null) return sendUncached(c, await errorPage(ctx, "bad-request"));
    const path = `/archive/${day.replaceAll("-", "/")}`;
    return cache.serve(c, keyWithCursor(path, c), async () => {
      const rows = await listPublished(db, {
        limit: DAY_PAGE_SIZE + 1,
        from: new Date(start).toISOString(),
        to: new Date(start + 86_400_000).toISOString(),
        before,
      });
      return listPage(rows, DAY_PAGE_SIZE, before, {
        title: formatDay(day, s),
        intro: s.archiveIntro,
        path,
        empty: s.archiveDayEmpty,
      });
    });
  });

  app.get("/search", async (c) => {
    const query = (c.req.query("q") ?? "").slice(0, SEARCH_MAX_QUERY);
    const pageParam = c.req.query("page");
    const page = pageParam === undefined ? 1 : /^[1-9]\d{0,2}$/.test(pageParam) ? Number(pageParam) : 0;
    if (page < 1 || page > SEARCH_MAX_PAGE) return sendUncached(c, await errorPage(ctx, "bad-request"));
    const rows = query.trim()
      ? await searchPublishedAnalyses(db, query, { limit: SEARCH_PAGE_SIZE + 1, offset: (page - 1) * SEARCH_PAGE_SIZE })
      : [];
    const body = await renderDocument(
      <SearchPage
        site={site}
        strings={s}
        query={query}
        hits={rows.slice(0, SEARCH_PAGE_SIZE)}
        page={page}
        hasMore={rows.length > SEARCH_PAGE_SIZE && page < SEARCH_MAX_PAGE}
      />,
    );
    return sendWithEtag(c, body, HTML, etagOf(body), SEARCH_CACHE_CONTROL);
  });

  app.get("/sources", (c) =>
    cache.serve(c, "/sources", async () =>
      html(200, await renderDocument(<SourcesPage site={site} strings={s} outlets={await listOutlets(db)} />)),
    ),
  );

  app.get("/about", (c) =>
    cache.serve(c, "/about", async () => html(200, await renderDocument(<AboutPage site={site} strings={s} />))),
  );

  app.get("/analysis/:slug", async (c) => {
    const slug = c.req.param("slug");
    if (!SLUG_PATTERN.test(slug)) return sendUncached(c, await errorPage(ctx, "not-found"));
    const thought = c.req.query("thought");
    const thoughtNotice = thought === "posted" || thought === "pending" ? thought : undefined;
    const reportNotice = c.req.query("report") === "received" ? "received" : undefined;
    const key = `/analysis/${slug}${thoughtNotice ? `?thought=${thoughtNotice}` : reportNotice ? "?report=received" : ""}`;
    return cache.serve(c, key, async () => {
      const published = await findPublishedAnalysisBySlug(db, slug);
      if (!published) return errorPage(ctx, "not-found");
      return html(
        200,
        await renderAnalysisDocument(ctx, published, {
          thoughts: thoughtNotice && !reportNotice ? { notice: thoughtNotice } : {},
          report: reportNotice ? { notice: reportNotice } : {},
        }),
      );
    });
  });

  app.get("/analysis/:slug/versions/:version{[1-9][0-9]{0,5}}", async (c) => {
    const slug = c.req.param("slug");
    if (!SLUG_PATTERN.test(slug)) return sendUncached(c, await errorPage(ctx, "not-found"));
    const number = Number(c.req.param("version"));
    return cache.serve(c, `/analysis/${slug}/versions/${number}`, async () => {
      const published = await findPublishedAnalysisBySlug(db, slug);
      if (!published) return errorPage(ctx, "not-found");
      const version = await findShownVersion(db, published.analysis, number);
      if (!version) return errorPage(ctx, "not-found");
      const archived = { version, body: JSON.parse(version.body) as AnalysisBody };
      return html(200, await renderAnalysisDocument(ctx, published, { thoughts: {}, report: {}, archived }));
    });
  });

  app.get("/analysis/:slug/thoughts/:id{[1-9][0-9]{0,12}}/reply", async (c) => {
    const slug = c.req.param("slug");
    if (!SLUG_PATTERN.test(slug)) return sendUncached(c, await errorPage(ctx, "not-found"));
    const id = Number(c.req.param("id"));
    return cache.serve(c, `/analysis/${slug}/thoughts/${id}/reply`, async () => {
      const published = await findPublishedAnalysisBySlug(db, slug);
      const parent = published ? await findComment(db, id) : undefined;
      if (!published || !parent || parent.analysis_id !== published.analysis.id || parent.status !== "approved") {
        return errorPage(ctx, "not-found");
      }
      return html(200, await renderReplyDocument(ctx, published, parent, {}));
    });
  });

  app.post("/analysis/:slug/thoughts", formLimit, async (c) => {
    const slug = c.req.param("slug");
    const published = SLUG_PATTERN.test(slug) ? await findPublishedAnalysisBySlug(db, slug) : undefined;
    if (!published) return sendUncached(c, await errorPage(ctx, "not-found"));
    const field = await formFields(c);
    const parentField = field("parent");
    const parentId = /^[1-9]\d{0,12}$/.test(parentField) ? Number(parentField) : undefined;
    const values = { name: field("name"), text: field("text") };
    const result = await submitComment(
      { db, clock: ctx.clock, config },
      {
        analysisId: published.analysis.id,
        name: values.name,
        text: values.text,
        honeypot: field("website"),
        clientKey: clientAddress(c, config.trustProxy),
        parentId,
      },
    );
    if (result.ok) {
      if (result.status === "approved") ctx.invalidate({ alreadyMarked: true });
      ctx.logger.info("thought accepted", { analysisId: published.analysis.id, id: result.id, status: result.status });
      const notice = result.status === "approved" ? "posted" : "pending";
      const anchor = result.status === "approved" ? `thought-${result.id}` : "thoughts";
      return c.redirect(`/analysis/${slug}?thought=${notice}#${anchor}`, 303);
    }
    ctx.logger.info("thought refused", { analysisId: published.analysis.id, reason: result.error });
    const limited = result.error === "too-fast" || result.error === "too-many" || result.error === "page-busy";
    const refusal = { kind: result.error, message: s.thoughtRefused[result.error](config.comments) };
    const parent = parentId !== undefined ? await findComment(db, parentId) : undefined;
    const body =
      parent && parent.analysis_id === published.analysis.id && parent.status === "approved"
        ? await renderReplyDocument(ctx, published, parent, { refusal, values })
        : await renderAnalysisDocument(ctx, published, { thoughts: { refusal, values }, report: {} });
    const retryAfter = result.error === "too-fast" ? config.comments.minIntervalSeconds : 3600;
    return sendUncached(
      c,
      html(limited ? 429 : 400, body, limited ? { "Retry-After": String(retryAfter) } : undefined),
    );
  });

  app.post("/analysis/:slug/report", formLimit, async (c) => {
    const slug = c.req.param("slug");
    const published = SLUG_PATTERN.test(slug) ? await findPublishedAnalysisBySlug(db, slug) : undefined;
    if (!published) return sendUncached(c, await errorPage(ctx, "not-found"));
    const field = await formFields(c);
    const values = { reason: field("reason"), details: field("details"), source: field("source") };
    const versionField = field("version");
    const seen = /^[1-9]\d{0,5}$/.test(versionField)
      ? await findShownVersion(db, published.analysis, Number(versionField))
      : undefined;
    const result = await submitErrorReport(
      { db, clock: ctx.clock, config },
      {
        analysisId: published.analysis.id,
        versionId: seen?.id ?? published.version.id,
        reason: values.reason,
        details: values.details,
        sourceUrl: values.source,
        honeypot: field("homepage"),
        clientKey: clientAddress(c, config.trustProxy),
      },
    );
    if (result.ok) {
      ctx.logger.info("error report received", { analysisId: published.analysis.id, id: result.id });
      return c.redirect(`/analysis/${slug}?report=received#report`, 303);
    }
    ctx.logger.info("error report refused", { analysisId: published.analysis.id, reason: result.error });
    const limits = { maxPerHour: config.reports.maxPerHour, maxChars: 2000 };
    const refusal = { kind: result.error, message: s.reportRefused[result.error](limits) };
    const body = await renderAnalysisDocument(ctx, published, { thoughts: {}, report: { refusal, values } });
    const limited = result.error === "too-many";
    return sendUncached(c, html(limited ? 429 : 400, body, limited ? { "Retry-After": "3600" } : undefined));
  });

  return app;

  function listPage(
    rows: ListedAnalysis[],
    size: number,
    before: Keyset | undefined,
    page: {
      title: string;
      intro?: string;
      path: string;
      empty: string;
      category?: Category;
      feeds?: { title: string; base: string };
    },
  ): Promise<Rendered> {
    const items = rows.slice(0, size);
    const last = items.at(-1);
    const olderCursor =
      rows.length > size && last ? encodeCursor({ publishedAt: last.publishedAt, id: last.id }) : undefined;
    return renderDocument(
      <ListPage
        site={site}
        strings={s}
        title={page.title}
        intro={page.intro}
        path={page.path}
        items={items.map(card)}
        empty={page.empty}
        olderCursor={olderCursor}
        isFirstPage={!before}
        category={page.category}
        feeds={page.feeds}
      />,
    ).then((body) => html(200, body));
  }
}

function card(item: ListedAnalysis): CardItem {
  return item;
}

/** The ?before= cursor: undefined when absent, null when present but not one we issued. */
function readCursor(c: Context): Keyset | undefined | null {
  const value = c.req.query("before");
  if (value === undefined) return undefined;
  return decodeCursor(value) ?? null;
}

function keyWithCursor(path: string, c: Context): string {
  const before = c.req.query("before");
  return before ? `${path}?before=${before}` : path;
}

function validMonth(month: string): boolean {
  const m = Number(month.slice(5, 7));
  return m >= 1 && m <= 12;
}

async function formFields(c: Context): Promise<(name: string) => string> {
  const form = await c.req.parseBody();
  return (name) => {
    const value = form[name];
    return typeof value === "string" ? value : "";
  };
}

async function renderAnalysisDocument(
  ctx: WebContext,
  published: PublishedAnalysis,
  state: {
    thoughts: ThoughtFormState;
    report: ReportFormState;
    archived?: { version: PublishedAnalysis["version"]; body: AnalysisBody };
  },
): Promise<string> {
  const id = published.analysis.id;
  const comments = state.archived ? [] : await listApprovedComments(ctx.db, id);
  const related = state.archived ? [] : (await listRelatedAnalyses(ctx.db, id, 5)).map(cardFromSummary);
  const history = await listVersionHistory(ctx.db, published.analysis);
  return renderDocument(
    <AnalysisPage
      site={ctx.site}
      strings={ctx.strings}
      published={published}
      comments={comments}
      related={related}
      history={history}
      thoughts={state.thoughts}
      report={state.report}
      limits={{ maxChars: ctx.config.comments.maxChars }}
      archived={state.archived}
    />,
  );
}

async function renderReplyDocument(
  ctx: WebContext,
  published: PublishedAnalysis,
  parent: NonNullable<Awaited<ReturnType<typeof findComment>>>,
  state: ThoughtFormState,
): Promise<string> {
  return renderDocument(
    <ReplyPage
      site={ctx.site}
      strings={ctx.strings}
      slug={published.analysis.slug}
      headline={published.body.headline}
      parent={parent}
      state={state}
      maxChars={ctx.config.comments.maxChars}
    />,
  );
}

export { errorPage } from "./error-response.tsx";
