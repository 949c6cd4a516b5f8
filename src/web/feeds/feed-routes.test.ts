import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { parseHTML } from "linkedom";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../../test/support/db.ts";
import { loadConfig } from "../../config.ts";
import { fixedClock } from "../../lib/clock.ts";
import { silentLogger } from "../../lib/logger.ts";
import type { OpenedDb } from "../../store/db.ts";
import { createWeb } from "../create-web.tsx";
import { fixtureBody, seedAnalysis } from "../testdata/analysis-fixture.ts";

const SITE_URL = "https://news.example";

describe.each(testDialects())("feeds and sitemaps on $name", ({ open }) => {
  let opened: OpenedDb;
  let web: ReturnType<typeof createWeb>;
  beforeEach(async () => {
    opened = await open();
    web = createWeb({
      db: opened.db,
      config: loadConfig({ SITE_URL, SITE_NAME: "Prism Test News", LOG_LEVEL: "silent" }),
      clock: fixedClock("2026-11-27T10:00:00.000Z"),
      logger: silentLogger,
    });
  });
  afterEach(async () => {
    await opened.close();
  });
  const text = async (path: string) => {
    const res = await web.app.request(path);
    expect(res.status, path).toBe(200);
    return { body: await res.text(), type: res.headers.get("content-type") ?? "" };
  };

  async function seedTwo() {
    const climate = await seedAnalysis(opened.db, {
      at: "2026-11-26T12:00:00.000Z",
      body: fixtureBody({ headline: "Fernbay Bets <$48 Million> & More on a Tidal Gate" }),
    });
    const sports = await seedAnalysis(opened.db, {
      at: "2026-11-25T12:00:00.000Z",
      body: fixtureBody({ headline: "Fernbay Rowing Club Wins the Harbour Cup", category: "Sports", tags: ["rowing"] }),
    });
    return { climate, sports };
  }

  it("publishes an RSS 2.0 feed with full content and stable GUIDs that parses back with every required field", async () => {
    const { climate, sports } = await seedTwo();
    const { body, type } = await text("/feed.xml");
    expect(type).toContain("application/rss+xml");
    const feed = parseRssFeed(body);
    expect(feed.title?.trim()).toBe("Prism Test News");
    expect(feed.link).toBe(`${SITE_URL}/`);
    expect(feed.description?.length).toBeGreaterThan(10);
    expect(feed.atom?.links?.[0]).toMatchObject({ href: `${SITE_URL}/feed.xml`, rel: "self" });
    expect(feed.items?.map((i) => i.link)).toEqual([
      `${SITE_URL}/analysis/${climate.slug}`,
      `${SITE_URL}/analysis/${sports.slug}`,
    ]);
    const item = feed.items?.[0];
    expect(item?.title?.trim()).toBe("Fernbay Bets <$48 Million> & More on a Tidal Gate");
    expect(item?.guid).toEqual({
      value: `tag:news.example,2026-11-26:analysis-${climate.analysisId}`,
      isPermaLink: false,
    });
    expect(new Date(item?.pubDate ?? "").toISOString()).toBe("2026-11-26T12:00:00.000Z");
    expect(item?.description).toBe(climate.body.dek);
    const content = item?.content?.encoded ?? "";
    const doc = parseHTML(`<!DOCTYPE html><html><body>${content}</body></html>`).document;
    expect(doc.body.textContent).toContain("Storm surges flooded the lower town");
    expect(doc.querySelector(`a[href="${SITE_URL}/analysis/${climate.slug}#source-1"]`)).not.toBeNull();
    expect(doc.querySelector('a[href="https://ledger.example/2026/11/tidal-gate-vote"]')).not.toBeNull();
    expect(doc.body.textContent).toContain("9 of 9 claims verified against sources");
  });

  it("keeps the GUID when a new version changes the headline", async () => {
    const { climate } = await seedTwo();
    const before = parseRssFeed((await text("/feed.xml")).body).items?.[0]?.guid?.value;
    await opened.db
      .updateTable("analyses")
      .set({ slug: "renamed-slug", headline: "Renamed" })
      .where("id", "=", climate.analysisId)
      .execute();
    web.invalidate();
    expect(parseRssFeed((await text("/feed.xml")).body).items?.[0]?.guid?.value).toBe(before);
  });

  it("publishes Atom and JSON Feed 1.1 with every required field", async () => {
    const { climate } = await seedTwo();
    const atom = await text("/feed.atom");
    expect(atom.type).toContain("application/atom+xml");
    const a = parseAtomFeed(atom.body);
    expect(a.id).toBe("tag:news.example,2026-01-01:feed");
    expect(a.title).toEqual({ value: "Prism Test News" });
    expect(a.updated).toBe("2026-11-26T12:00:00.000Z");
    expect(a.authors?.[0]?.name).toBe("Prism Test News");
    expect(a.links?.find((l) => l.rel === "self")?.href).toBe(`${SITE_URL}/feed.atom`);
    const entry = a.entries?.[0];
    expect(entry?.id).toBe(`tag:news.example,2026-11-26:analysis-${climate.analysisId}`);
    expect(entry?.title).toEqual({ value: "Fernbay Bets <$48 Million> & More on a Tidal Gate" });
    expect(entry?.updated).toBe("2026-11-26T12:00:00.000Z");
    expect(entry?.links?.[0]?.href).toBe(`${SITE_URL}/analysis/${climate.slug}`);
    expect(entry?.content?.type).toBe("html");
    expect(entry?.content?.value).toContain("Storm surges flooded the lower town");

    const json = await text("/feed.json");
    expect(json.type).toContain("application/feed+json");
    const raw = JSON.parse(json.body) as Record<string, unknown>;
    expect(raw.version).toBe("https://jsonfeed.org/version/1.1");
    const j = parseJsonFeed(raw);
    expect(j.title).toBe("Prism Test News");
    expect(j.feed_url).toBe(`${SITE_URL}/feed.json`);
    expect(j.items).toHaveLength(2);
    expect(j.items?.[0]).toMatchObject({
      id: `tag:news.example,2026-11-26:analysis-${climate.analysisId}`,
      url: `${SITE_URL}/analysis/${climate.slug}`,
      date_published: "2026-11-26T12:00:00.000Z",
    });
    expect(j.items?.[0]?.content_html).toContain("Storm surges flooded the lower town");
  });

  it("gives each section its own feeds and advertises them on the section page", async () => {
    const { sports } = await seedTwo();
    for (const format of ["xml", "atom", "json"]) {
      const { body } = await text(`/category/sports/feed.${format}`);
      expect(body).toContain(sports.slug);
      expect(body).not.toContain("Tidal Gate");
    }
    expect((await web.app.request("/category/gardening/feed.xml")).status).toBe(404);
    const page = parseHTML((await text("/category/sports")).body).document;
    expect(page.querySelector("link[rel=alternate][type='application/rss+xml']")?.getAttribute("href")).toBe(
      `${SITE_URL}/category/sports/feed.xml`,
    );
    expect(page.querySelector("link[rel=alternate][type='application/feed+json']")).not.toBeNull();
  });

  it("serves valid empty feeds before anything is published", async () => {
    expect(parseRssFeed((await text("/feed.xml")).body).items ?? []).toEqual([]);
    expect(parseAtomFeed((await text("/feed.atom")).body).entries ?? []).toEqual([]);
    expect(parseJsonFeed(JSON.parse((await text("/feed.json")).body)).items ?? []).toEqual([]);
  });

  it("lists every page in a sitemap index, a sitemap per month and a Google News sitemap of the last two days", async () => {
    const { climate, sports } = await seedTwo();
    const old = await seedAnalysis(opened.db, {
      at: "2026-10-03T12:00:00.000Z",
      body: fixtureBody({ headline: "An October Fernbay analysis" }),
    });
    const index = await text("/sitemap.xml");
    expect(index.type).toContain("application/xml");
    expect([...index.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])).toEqual([
      `${SITE_URL}/sitemaps/pages.xml`,
      `${SITE_URL}/sitemaps/analyses-2026-11.xml`,
      `${SITE_URL}/sitemaps/analyses-2026-10.xml`,
    ]);
    const pages = (await text("/sitemaps/pages.xml")).body;
    expect(pages).toContain(`<loc>${SITE_URL}/category/politics</loc>`);
    expect(pages).toContain(`<loc>${SITE_URL}/about</loc>`);
    const november = (await text("/sitemaps/analyses-2026-11.xml")).body;
    expect(november).toContain(
      `<loc>${SITE_URL}/analysis/${climate.slug}</loc><lastmod>2026-11-26T12:00:00.000Z</lastmod>`,
    );
    expect(november).not.toContain(old.slug);
    const news = (await text("/sitemaps/news.xml")).body;
    expect(news).toContain('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"');
    expect(news).toContain(`<news:title>Fernbay Bets &#60;$48 Million&#62; &#38; More on a Tidal Gate</news:title>`);
    expect(news).toContain("<news:name>Prism Test News</news:name><news:language>en</news:language>");
    expect(news).toContain(sports.slug);
    expect(news).not.toContain(old.slug);
    expect((await web.app.request("/sitemaps/analyses-2026-13.xml")).status).toBe(404);
  });

  it("answers robots.txt with the sitemaps and keeps crawlers out of search and the API", async () => {
    const { body, type } = await text("/robots.txt");
    expect(type).toContain("text/plain");
    expect(body).toContain("Disallow: /search");
    expect(body).toContain("Disallow: /api/");
    expect(body).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`);
    expect(body).toContain(`Sitemap: ${SITE_URL}/sitemaps/news.xml`);
  });
});
