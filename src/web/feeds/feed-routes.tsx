/**
 * Feeds and discovery: RSS 2.0, Atom and JSON Feed 1.1 for the whole site and each section
 * (full content, stable GUIDs), the sitemap index with a sitemap of fixed pages and one per
 * month of analyses, a Google News sitemap (the last two days), and robots.txt. The same store
 * queries as the pages, another renderer; everything goes through the page cache.
 *
 * GUIDs are tag: URIs made of the site's host, the day the analysis was first stored and its id:
 * they survive new versions, a changed headline and a changed slug.
 */
import { generateAtomFeed, generateJsonFeed, generateRssFeed } from "feedsmith";
import { Hono } from "hono";
import { CATEGORIES, type Category, categoryFromSlug, categorySlug } from "../../domain/categories.ts";
import { type FeedEntry, findPublicationRange, listFeedEntries, listSitemapEntries } from "../../store/listings.ts";
import { monthsBetween, nextMonth } from "../months.ts";
import { type Rendered, sendUncached } from "../page-cache.ts";
import { errorPage } from "../site/error-response.tsx";
import { DateTime } from "../views/date-time.tsx";
import type { Strings } from "../views/strings.ts";
import type { WebContext } from "../web-context.ts";

/** Items per feed: enough for a reader polling a few times a day. */
const FEED_ITEMS = 30;
/** Google News only wants articles from the last two days, at most 1,000. */
const NEWS_WINDOW_MS = 2 * 24 * 3_600_000;
const NEWS_MAX = 1000;
const SITEMAP_MAX = 50_000;

const RSS_TYPE = "application/rss+xml; charset=utf-8";
const ATOM_TYPE = "application/atom+xml; charset=utf-8";
const JSON_FEED_TYPE = "application/feed+json; charset=utf-8";
const XML_TYPE = "application/xml; charset=utf-8";
const TEXT_TYPE = "text/plain; charset=utf-8";

type FeedFormat = "xml" | "atom" | "json";

export function feedRoutes(ctx: WebContext): Hono {
  const { db, cache, site } = ctx;
  const app = new Hono();

  const feed = (format: FeedFormat, category?: Category) => async () => {
    const entries = await listFeedEntries(db, { limit: FEED_ITEMS, category });
    return renderFeed(ctx, format, entries, category);
  };
  for (const format of ["xml", "atom", "json"] as const) {
    app.get(`/feed.${format}`, (c) => cache.serve(c, `/feed.${format}`, feed(format)));
    app.get(`/category/:slug/feed.${format}`, async (c) => {
      const category = categoryFromSlug(c.req.param("slug"));
      if (!category) return sendUncached(c, await errorPage(ctx, "not-found"));
      return cache.serve(c, `/category/${categorySlug(category)}/feed.${format}`, feed(format, category));
    });
  }

  app.get("/robots.txt", (c) =>
    cache.serve(c, "/robots.txt", async () => ({
      status: 200,
      contentType: TEXT_TYPE,
      body: [
        "User-agent: *",
        "Allow: /",
        // Search results and forms are endless and personal; the API has its own documentation.
        "Disallow: /search",
        "Disallow: /api/",
        "Disallow: /*/thoughts/",
        "",
        `Sitemap: ${site.url}/sitemap.xml`,
        `Sitemap: ${site.url}/sitemaps/news.xml`,
        "",
      ].join("\n"),
    })),
  );

  app.get("/sitemap.xml", (c) =>
    cache.serve(c, "/sitemap.xml", async () => {
      const range = await findPublicationRange(db);
      const sitemaps = [`${site.url}/sitemaps/pages.xml`];
      if (range)
        for (const m of monthsBetween(range.first, range.last)) sitemaps.push(`${site.url}/sitemaps/analyses-${m}.xml`);
      const body = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ...sitemaps.map((loc) => `<sitemap><loc>${xml(loc)}</loc></sitemap>`),
        "</sitemapindex>",
      ].join("\n");
      return { status: 200, contentType: XML_TYPE, body };
    }),
  );

  app.get("/sitemaps/pages.xml", (c) =>
    cache.serve(c, "/sitemaps/pages.xml", async () => {
      const paths = [
        "/",
        ...CATEGORIES.map((cat) => `/category/${categorySlug(cat)}`),
        "/archive",
        "/sources",
        "/about",
      ];
      return urlset(paths.map((p) => `<url><loc>${xml(`${site.url}${p}`)}</loc></url>`));
    }),
  );

  app.get("/sitemaps/:name{analyses-[0-9]{4}-[0-9]{2}\\.xml}", async (c) => {
    const month = c.req.param("name").slice("analyses-".length, "analyses-".length + 7);
    const from = `${month}-01T00:00:00.000Z`;
    if (Number.isNaN(Date.parse(from))) return sendUncached(c, await errorPage(ctx, "not-found"));
    return cache.serve(c, `/sitemaps/analyses-${month}.xml`, async () => {
      const entries = await listSitemapEntries(db, from, nextMonth(month), SITEMAP_MAX);
      return urlset(
        entries.map(
          (e) => `<url><loc>${xml(`${site.url}/analysis/${e.slug}`)}</loc><lastmod>${xml(e.updatedAt)}</lastmod></url>`,
        ),
      );
    });
  });

  app.get("/sitemaps/news.xml", (c) => {
    const now = ctx.clock.now();
    // The window moves with time, not only with publications: re-render at least every hour.
    const hour = now.toISOString().slice(0, 13);
    return cache.serve(c, `/sitemaps/news.xml@${hour}`, async () => {
      const from = new Date(now.getTime() - NEWS_WINDOW_MS).toISOString();
      const entries = await listSitemapEntries(db, from, "9999-12-31T23:59:59.999Z", NEWS_MAX);
      const body = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
        ...entries.map((e) =>
          [
            `<url><loc>${xml(`${site.url}/analysis/${e.slug}`)}</loc>`,
            "<news:news><news:publication>",
            `<news:name>${xml(site.name)}</news:name><news:language>${xml(site.language)}</news:language>`,
            "</news:publication>",
            `<news:publication_date>${xml(e.publishedAt)}</news:publication_date>`,
            `<news:title>${xml(e.headline)}</news:title>`,
            "</news:news></url>",
          ].join(""),
        ),
        "</urlset>",
      ].join("\n");
      return { status: 200, contentType: XML_TYPE, body };
    });
  });

  return app;
}

async function renderFeed(
  ctx: WebContext,
  format: FeedFormat,
  entries: FeedEntry[],
  category?: Category,
): Promise<Rendered> {
  const { site, strings: s } = ctx;
  const path = category ? `/category/${categorySlug(category)}` : "";
  const home = `${site.url}${path || "/"}`;
  const self = `${site.url}${path}/feed.${format}`;
  const title = category ? s.feedCategoryTitle(site.name, s.categoryName[category]) : site.name;
  const description = s.feedDescription(site.name);
  const items = await Promise.all(entries.map((e) => feedItem(ctx, e)));
  // An empty feed is dated by the clock; otherwise by its newest change, so it only moves when content does.
  const updated =
    items.reduce<Date | undefined>((max, i) => (!max || i.updated > max ? i.updated : max), undefined) ??
    ctx.clock.now();

  if (format === "xml") {
    const body = generateRssFeed({
      title,
      link: home,
      description,
      language: site.language,
      lastBuildDate: updated,
      generator: "PRISM",
      atom: { links: [{ href: self, rel: "self", type: "application/rss+xml" }] },
      items: items.map((i) => ({
        title: i.title,
        link: i.url,
        guid: { value: i.guid, isPermaLink: false },
        pubDate: i.published,
        description: i.summary,
        content: { encoded: i.html },
        categories: [{ name: i.section }, ...i.tags.map((t) => ({ name: t }))],
        dc: { creators: [site.name] },
      })),
    });
    return { status: 200, contentType: RSS_TYPE, body };
  }
  if (format === "atom") {
    const body = generateAtomFeed({
      id: guidFor(site.url, "2026-01-01", category ? `feed-${categorySlug(category)}` : "feed"),
      title: { value: title },
      subtitle: { value: description },
      updated,
      authors: [{ name: site.name, uri: `${site.url}/about` }],
      generator: { text: "PRISM" },
      links: [
        { href: home, rel: "alternate", type: "text/html" },
        { href: self, rel: "self", type: "application/atom+xml" },
      ],
      entries: items.map((i) => ({
        id: i.guid,
        title: { value: i.title },
        updated: i.updated,
        published: i.published,
        summary: { value: i.summary },
        content: { value: i.html, type: "html" },
        links: [{ href: i.url, rel: "alternate", type: "text/html" }],
        categories: [{ term: i.section }, ...i.tags.map((t) => ({ term: t }))],
      })),
    });
    return { status: 200, contentType: ATOM_TYPE, body };
  }
  const body = JSON.stringify(
    generateJsonFeed({
      title,
      home_page_url: home,
      feed_url: self,
      description,
      language: site.language,
      authors: [{ name: site.name, url: `${site.url}/about` }],
      items: items.map((i) => ({
        id: i.guid,
        url: i.url,
        title: i.title,
        summary: i.summary,
        content_html: i.html,
        date_published: i.published,
        date_modified: i.updated,
        tags: [i.section, ...i.tags],
        language: site.language,
      })),
    }),
  );
  return { status: 200, contentType: JSON_FEED_TYPE, body };
}

interface FeedItem {
  guid: string;
  url: string;
  title: string;
  summary: string;
  html: string;
  section: string;
  tags: string[];
  published: Date;
  updated: Date;
}

async function feedItem(ctx: WebContext, { analysis, version, body }: FeedEntry): Promise<FeedItem> {
  const { site, strings: s } = ctx;
  const url = `${site.url}/analysis/${analysis.slug}`;
  const publishedAt = analysis.published_at ?? version.created_at;
  // biome-ignore lint/complexity/useMathMinMax: ISO-8601 strings compare as text.
  const updatedAt = version.created_at > publishedAt ? version.created_at : publishedAt;
  // The body links its citations to #source-N on its page; a feed reader needs the page's address.
  const bodyHtml = version.html.replaceAll('href="#source-', `href="${url}#source-`);
  const extra = await (
    <FeedFooter strings={s} body={body} url={url} verified={version.claims_verified} total={version.claims_total} />
  ).toString();
  return {
    guid: guidFor(site.url, analysis.created_at.slice(0, 10), `analysis-${analysis.id}`),
    url,
    title: xmlSafe(body.headline),
    summary: xmlSafe(body.dek),
    html: xmlSafe(`<p><strong>${escapeHtml(s.aiAnalysis)}</strong>. ${escapeHtml(body.dek)}</p>${bodyHtml}${extra}`),
    section: s.categoryName[body.category],
    tags: body.tags.map(xmlSafe),
    published: new Date(publishedAt),
    updated: new Date(updatedAt),
  };
}

function FeedFooter(props: {
  strings: Strings;
  body: FeedEntry["body"];
  url: string;
  verified: number;
  total: number;
}) {
  const { strings: s, body } = props;
  return (
    <>
      <h2>{s.sourcesHeading}</h2>
      <ol>
        {body.sources.map((source) => (
          <li value={String(source.number)}>
            {/^https?:\/\//i.test(source.url) ? <a href={source.url}>{source.title}</a> : source.title} ({source.outlet}
            , <DateTime iso={source.publishedAt} strings={s} />)
          </li>
        ))}
      </ol>
      <p>
        <em>{s.disclaimer}</em> {s.claimsVerified(props.verified, props.total)}.
      </p>
      <p>
        <a href={`${props.url}#thoughts`}>{s.thoughtsHeading}</a>
      </p>
    </>
  );
}

/** tag: URI (RFC 4151) under the site's host, dated by `day`. */
function guidFor(siteUrl: string, day: string, specific: string): string {
  const host = new URL(siteUrl).hostname;
  return `tag:${host},${day}:${specific}`;
}

function urlset(urls: string[]): Rendered {
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls,
    "</urlset>",
  ].join("\n");
  return { status: 200, contentType: XML_TYPE, body };
}

// Characters XML 1.0 cannot carry at all, even escaped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xml(text: string): string {
  return text.replace(NOT_XML, "").replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function xmlSafe(text: string): string {
  return text.replace(NOT_XML, "");
}

function escapeHtml(text: string): string {
  return text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
