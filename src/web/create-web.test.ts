import { Kysely, SqliteDialect } from "kysely";
import { parseHTML } from "linkedom";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { loadConfig } from "../config.ts";
import { listClaims } from "../domain/analysis.ts";
import { fixedClock } from "../lib/clock.ts";
import { type Logger, silentLogger } from "../lib/logger.ts";
import type { OpenedDb } from "../store/db.ts";
import type { Database } from "../store/schema.ts";
import { createWeb } from "./create-web.tsx";
import { encodeCursor } from "./cursor.ts";
import { fixtureBody, seedAnalysis } from "./testdata/analysis-fixture.ts";
import { SITE_CSS_HASH } from "./views/styles.ts";

const SITE_URL = "https://news.example";

function testConfig(env: Record<string, string> = {}) {
  return loadConfig({
    SITE_URL,
    SITE_NAME: "Prism Test News",
    COMMENT_MAX_CHARS: "200",
    COMMENT_MIN_INTERVAL_SECONDS: "30",
    SECRET_KEY: "a-test-secret-of-some-length",
    LOG_LEVEL: "silent",
    ...env,
  });
}

function dom(html: string) {
  return parseHTML(html).document;
}

function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  };
}

describe.each(testDialects())("web edge on $name", ({ open }) => {
  let opened: OpenedDb;
  let clock: ReturnType<typeof fixedClock>;
  let web: ReturnType<typeof createWeb>;

  beforeEach(async () => {
    opened = await open();
    clock = fixedClock("2026-11-27T10:00:00.000Z");
    web = createWeb({ db: opened.db, config: testConfig(), clock, logger: silentLogger });
  });
  afterEach(async () => {
    await opened.close();
  });

  async function countComments(): Promise<number> {
    const row = await opened.db
      .selectFrom("comments")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  describe("home and category pages", () => {
    it("leads the edition with the top story and lists the others under their sections, leaving empty sections out", async () => {
      const first = await seedAnalysis(opened.db);
      const { slug, body } = await seedAnalysis(opened.db, {
        at: "2026-11-26T13:00:00.000Z",
        body: fixtureBody({ headline: "A Second Fernbay Climate Analysis" }),
      });
      const res = await web.app.request("/");
      expect(res.status).toBe(200);
      const doc = dom(await res.text());
      expect(doc.querySelector("h1")?.textContent).toBe("Today's edition");
      // Equal story scores: the newer one leads.
      expect(doc.querySelector(".card.lead h2 a")?.getAttribute("href")).toBe(`/analysis/${slug}`);
      const block = doc.querySelector("section[aria-labelledby='cat-climate']");
      expect(block).not.toBeNull();
      const link = block?.querySelector(`a[href="/analysis/${first.slug}"]`);
      expect(link?.textContent).toBe(first.body.headline);
      expect(block?.textContent).toContain(first.body.dek);
      expect(block?.textContent).toContain("4 min read");
      expect(block?.textContent).toContain("3 sources");
      expect(block?.querySelector("time")?.getAttribute("datetime")).toBe("2026-11-26T12:00:00.000Z");
      expect(block?.querySelector(`a[href="/analysis/${slug}"]`)).toBeNull();
      expect(doc.querySelector("[aria-labelledby='cat-politics']")).toBeNull();
      expect(doc.querySelector(".edition-end")?.textContent).toContain("whole edition");
      expect(body.headline.length).toBeGreaterThan(0);
    });

    it("does not list drafts", async () => {
      const { slug } = await seedAnalysis(opened.db, { publish: false });
      const html = await (await web.app.request("/")).text();
      expect(html).not.toContain(`/analysis/${slug}`);
      expect(html).toContain("No analyses have been published yet.");
    });

    it("shows one category newest first and pages to older analyses with ?before", async () => {
      const seeded = [];
      for (let i = 0; i < 21; i++) {
        const at = new Date(Date.UTC(2026, 10, 1, 12, i)).toISOString();
        seeded.push(
          await seedAnalysis(opened.db, { at, body: fixtureBody({ headline: `Fernbay harbour report number ${i}` }) }),
        );
      }
      await seedAnalysis(opened.db, {
        body: fixtureBody({ category: "Sports", headline: "A match report from Fernbay" }),
      });
      const first = dom(await (await web.app.request("/category/climate")).text());
      const links = [...first.querySelectorAll(".cards h3 a")].map((a) => a.getAttribute("href"));
      expect(links).toHaveLength(20);
      expect(links[0]).toBe(`/analysis/${seeded[20]?.slug}`);
      expect(links).not.toContain(`/analysis/${seeded[0]?.slug}`);
      expect(first.querySelector("h1")?.textContent).toBe("Climate");
      const older = first.querySelector("a[rel='next']")?.getAttribute("href");
      expect(older).toMatch(/^\/category\/climate\?before=/);
      const second = dom(await (await web.app.request(older ?? "")).text());
      const rest = [...second.querySelectorAll(".cards h3 a")].map((a) => a.getAttribute("href"));
      expect(rest).toEqual([`/analysis/${seeded[0]?.slug}`]);
      expect(second.querySelector("a[rel='next']")).toBeNull();
    });

    it("answers an unknown category with the 404 page and a broken cursor with 400", async () => {
      const missing = await web.app.request("/category/gardening");
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain("Page not found");
      expect((await web.app.request("/category/climate?before=not*a*cursor")).status).toBe(400);
    });
  });

  describe("analysis page", () => {
    it("shows every element of the page anatomy", async () => {
      const { slug, body } = await seedAnalysis(opened.db, { failedPaths: ["sections.1.paragraphs.1.claims.0"] });
      const res = await web.app.request(`/analysis/${slug}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      const doc = dom(html);

      expect(doc.documentElement.getAttribute("lang")).toBe("en");
      const header = doc.querySelector("header");
      expect(header?.querySelector("a[href='/']")?.textContent).toBe("Prism Test News");
      expect([...(header?.querySelectorAll("nav a") ?? [])].map((a) => a.textContent)).toEqual([
        "Home",
        "Politics",
        "World",
        "Business",
        "Technology",
        "Science",
        "Health",
        "Climate",
        "Culture",
        "Sports",
        "Society",
      ]);
      expect(doc.querySelector("a.skip")?.getAttribute("href")).toBe("#main");
      expect(doc.querySelector("main#main")).not.toBeNull();
      expect(doc.querySelector("footer")).not.toBeNull();

      const article = doc.querySelector("article");
      expect(article?.querySelector("h1")?.textContent).toBe(body.headline);
      expect(article?.querySelector(".kicker")?.textContent).toContain("Climate");
      expect(article?.querySelector(".kicker")?.textContent).toContain("AI Analysis");
      expect(article?.querySelector(".meta")?.textContent).toContain("4 min read");
      expect(article?.querySelector(".dek")?.textContent).toBe(body.dek);

      for (const source of body.sources) {
        const entry = doc.getElementById(`source-${source.number}`);
        expect(entry?.textContent).toContain(source.outlet);
        expect(entry?.querySelector(`a[href="${source.url}"]`)?.textContent).toBe(source.title);
        expect(entry?.querySelector("time")?.getAttribute("datetime")).toBe(source.publishedAt);
        expect(doc.querySelector(".sources-line")?.textContent).toContain(source.outlet);
      }

      const headings = [...doc.querySelectorAll(".body h2")].map((h) => h.textContent);
      expect(headings).toEqual(
        expect.arrayContaining([
          "A Vote After Midnight",
          "Three Floods in Four Years",
          "Who wants what",
          "Outlook",
          "Key facts",
          "Timeline",
          "What to watch",
        ]),
      );
      expect(doc.querySelector(".scenario.most-probable h3")?.textContent).toBe("Most probable outcome");
      expect(doc.querySelector(".stakeholder h3")?.textContent).toBe("Fernbay fishing crews");

      const disclaimer = doc.querySelector(".disclaimer")?.textContent ?? "";
      expect(disclaimer).toContain("Generated by AI from the source articles");
      expect(disclaimer).toContain("may contain errors");
      const total = listClaims(body).length;
      expect(disclaimer).toContain(`${total - 1} of ${total} claims verified against sources`);
      expect(doc.querySelector(".unverified")?.textContent).toBe(
        "Fishing crews say the gate could block the north channel.",
      );

      expect(doc.querySelector("#thoughts h2")?.textContent).toBe("Thoughts");
      const thoughtForm = doc.querySelector(`form[action="/analysis/${slug}/thoughts"]`);
      expect(thoughtForm?.getAttribute("method")).toBe("post");
      for (const field of ["name", "text", "website"])
        expect(thoughtForm?.querySelector(`[name=${field}]`)).not.toBeNull();
      expect(doc.querySelector("#related-heading")?.textContent).toBe("Related Articles");

      // No client JavaScript (the one script element is JSON-LD data), and page plus stylesheet stay small.
      expect(html.match(/<script\b[^>]*>/gi)).toEqual(['<script type="application/ld+json">']);
      const css = await (await web.app.request(`/assets/site.css?v=${SITE_CSS_HASH}`)).text();
      expect(Buffer.byteLength(html) + Buffer.byteLength(css)).toBeLessThan(60 * 1024);
    });

    it("links every citation marker, directly or through its quoted passage, to an entry of the sources list", async () => {
      const { slug, body } = await seedAnalysis(opened.db);
      const doc = dom(await (await web.app.request(`/analysis/${slug}`)).text());
      const markers = [...doc.querySelectorAll(".body sup a")];
      const citations = listClaims(body).flatMap(({ claim }) => claim.citations);
      expect(markers).toHaveLength(citations.length);
      for (const marker of markers) {
        const href = marker.getAttribute("href") ?? "";
        expect(href).toMatch(/^#(source|passage)-\d+$/);
        let target = doc.getElementById(href.slice(1));
        expect(target, href).not.toBeNull();
        if (href.startsWith("#passage-")) {
          const onward = target?.querySelector("a[href^='#source-']")?.getAttribute("href") ?? "";
          target = doc.getElementById(onward.slice(1));
        }
        expect(target?.closest("#sources"), href).toBeTruthy();
        expect(marker.getAttribute("title")?.length).toBeGreaterThan(0);
      }
    });

    it("lists related analyses that are published", async () => {
      const main = await seedAnalysis(opened.db);
      const other = await seedAnalysis(opened.db, {
        body: fixtureBody({ headline: "Fernbay Harbour Dredging Resumes" }),
      });
      await opened.db
        .insertInto("related_analyses")
        .values({ analysis_id: main.analysisId, related_id: other.analysisId, score: 0.5 })
        .execute();
      const doc = dom(await (await web.app.request(`/analysis/${main.slug}`)).text());
      const related = doc.querySelector("section[aria-labelledby='related-heading']");
      expect(related?.querySelector(`a[href="/analysis/${other.slug}"]`)?.textContent).toBe(
        "Fernbay Harbour Dredging Resumes",
      );
    });

    it("answers unknown and unpublished analyses with 404", async () => {
      const draft = await seedAnalysis(opened.db, { publish: false });
      for (const path of [`/analysis/${draft.slug}`, "/analysis/no-such-analysis", "/analysis/Not%20A%20Slug"]) {
        const res = await web.app.request(path);
        expect(res.status).toBe(404);
        expect(await res.text()).toContain("Page not found");
      }
      expect((await web.app.request(`/api/v1/analyses/${draft.slug}`)).status).toBe(404);
    });
  });

  describe("Thoughts", () => {
    it("shows a valid thought after posting it, with its line breaks", async () => {
      const { slug } = await seedAnalysis(opened.db);
      const res = await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({ name: "Ada", text: "Good point.\nAnd another.", website: "" }),
      );
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toMatch(new RegExp(`^/analysis/${slug}\\?thought=posted#thought-\\d+$`));
      const doc = dom(await (await web.app.request(`/analysis/${slug}?thought=posted`)).text());
      expect(doc.querySelector("#thoughts .notice")?.textContent).toContain("your thought is posted");
      const thought = doc.querySelector("#thoughts .thought");
      expect(thought?.querySelector("strong")?.textContent).toBe("Ada");
      expect(thought?.querySelector(".thought-text")?.textContent).toBe("Good point.\nAnd another.");
    });

    it("shows an approved thought on the plain page even after that page was cached", async () => {
      const { slug } = await seedAnalysis(opened.db);
      expect(await (await web.app.request(`/analysis/${slug}`)).text()).toContain("No thoughts yet.");
      await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({ name: "Ada", text: "Cached pages must learn.", website: "" }),
      );
      expect(await (await web.app.request(`/analysis/${slug}`)).text()).toContain("Cached pages must learn.");
    });

    const refusals: [string, Record<string, string>, number, string][] = [
      [
        "a reply to a thought that is not there",
        { name: "Ada", text: "Hi", website: "", parent: "99999" },
        400,
        "not shown on this page",
      ],
      ["an empty text", { name: "Ada", text: "  \n ", website: "" }, 400, "Your thought is empty"],
      ["a text over the limit", { name: "Ada", text: "x".repeat(201), website: "" }, 400, "keep it to 200 characters"],
      ["a missing name", { name: "   ", text: "Fine text", website: "" }, 400, "give a name of 1 to 60 characters"],
      ["a filled honeypot", { name: "Bot", text: "Buy now", website: "spam.example" }, 400, "looks automated"],
    ];
    for (const [what, fields, status, message] of refusals) {
      it(`refuses ${what} with a clear message and stores nothing`, async () => {
        const { slug } = await seedAnalysis(opened.db);
        const res = await web.app.request(`/analysis/${slug}/thoughts`, form(fields));
        expect(res.status).toBe(status);
        expect(res.headers.get("cache-control")).toBe("no-store");
        const doc = dom(await res.text());
        expect(doc.querySelector("#thoughts [role=alert]")?.textContent).toContain(message);
        expect(await countComments()).toBe(0);
      });
    }

    it("refuses a second post from the same client within the interval with 429", async () => {
      const { slug } = await seedAnalysis(opened.db);
      const ok = await web.app.request(`/analysis/${slug}/thoughts`, form({ name: "Ada", text: "First", website: "" }));
      expect(ok.status).toBe(303);
      clock.advance(5_000);
      const res = await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({ name: "Ada", text: "Second", website: "" }),
      );
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("30");
      expect(await res.text()).toContain("Please wait 30 seconds");
      expect(await countComments()).toBe(1);
      clock.advance(30_000);
      const later = await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({ name: "Ada", text: "Third", website: "" }),
      );
      expect(later.status).toBe(303);
    });

    it("ignores X-Forwarded-For unless a proxy is trusted", async () => {
      const { slug } = await seedAnalysis(opened.db);
      const post = (w: typeof web, ip: string) =>
        w.app.request(
          `/analysis/${slug}/thoughts`,
          form({ name: "Ada", text: `From ${ip}`, website: "" }, { "X-Forwarded-For": ip }),
        );
      expect((await post(web, "203.0.113.1")).status).toBe(303);
      expect((await post(web, "203.0.113.2")).status).toBe(429);
      const proxied = createWeb({
        db: opened.db,
        config: testConfig({ TRUST_PROXY: "1" }),
        clock,
        logger: silentLogger,
      });
      expect((await post(proxied, "198.51.100.7, 203.0.113.3")).status).toBe(303);
      expect((await post(proxied, "198.51.100.7, 203.0.113.4")).status).toBe(303);
      expect((await post(proxied, "198.51.100.8, 203.0.113.4")).status).toBe(429);
    });

    it("holds a thought with a link for moderation and does not show it", async () => {
      const { slug } = await seedAnalysis(opened.db);
      const res = await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({ name: "Ada", text: "See www.elsewhere.example for more", website: "" }),
      );
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/analysis/${slug}?thought=pending#thoughts`);
      const html = await (await web.app.request(`/analysis/${slug}?thought=pending`)).text();
      expect(html).toContain("once a moderator has read it");
      expect(html).not.toContain("elsewhere.example");
      const rows = await opened.db.selectFrom("comments").select(["status"]).execute();
      expect(rows).toEqual([{ status: "pending" }]);
    });

    it("escapes HTML in names and texts, shown and kept after a refusal", async () => {
      const { slug } = await seedAnalysis(opened.db);
      await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({ name: "<script>alert(1)</script>", text: 'Bold <b>claim</b> & "quotes"', website: "" }),
      );
      const html = await (await web.app.request(`/analysis/${slug}`)).text();
      expect(html).not.toContain("<script>alert(1)</script>");
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html).toContain("Bold &lt;b&gt;claim&lt;/b&gt; &amp; &quot;quotes&quot;");
      expect(dom(html).querySelector(".thought strong")?.textContent).toBe("<script>alert(1)</script>");

      clock.advance(60_000);
      const refused = await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({ name: "", text: "</textarea><script>x()</script>", website: "" }),
      );
      expect(refused.status).toBe(400);
      const again = await refused.text();
      expect(again).not.toContain("<script>x()</script>");
      expect(again).toMatch(/<textarea[^>]*>&lt;\/textarea&gt;&lt;script&gt;x\(\)&lt;\/script&gt;<\/textarea>/);
    });

    it("answers a post to an unknown analysis with 404", async () => {
      const res = await web.app.request(
        "/analysis/no-such-analysis/thoughts",
        form({ name: "Ada", text: "Hi", website: "" }),
      );
      expect(res.status).toBe(404);
      expect(await countComments()).toBe(0);
    });
  });

  describe("JSON API", () => {
    it("lists analyses newest first with their sources and pages with an opaque cursor", async () => {
      const a = await seedAnalysis(opened.db, {
        at: "2026-11-20T10:00:00.000Z",
        body: fixtureBody({ headline: "Oldest of the three analyses" }),
      });
      const b = await seedAnalysis(opened.db, {
        at: "2026-11-21T10:00:00.000Z",
        body: fixtureBody({ headline: "Middle of the three analyses" }),
      });
      const c = await seedAnalysis(opened.db, {
        at: "2026-11-22T10:00:00.000Z",
        body: fixtureBody({ headline: "Newest of the three analyses" }),
      });
      const res = await web.app.request("/api/v1/analyses?limit=2");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("application/json");
      const page1 = (await res.json()) as { items: Record<string, unknown>[]; nextCursor: string | null };
      expect(page1.items.map((i) => i.slug)).toEqual([c.slug, b.slug]);
      expect(page1.items[0]).toEqual({
        id: c.analysisId,
        slug: c.slug,
        url: `${SITE_URL}/analysis/${c.slug}`,
        headline: "Newest of the three analyses",
        dek: c.body.dek,
        category: "Climate",
        readMinutes: 4,
        publishedAt: "2026-11-22T10:00:00.000Z",
        sources: c.body.sources.map((s) => ({
          outlet: s.outlet,
          title: s.title,
          url: s.url,
          publishedAt: s.publishedAt,
        })),
      });
      expect(page1.nextCursor).toBe(encodeCursor({ publishedAt: "2026-11-21T10:00:00.000Z", id: b.analysisId }));
      const page2 = (await (await web.app.request(`/api/v1/analyses?limit=2&cursor=${page1.nextCursor}`)).json()) as {
        items: { slug: string }[];
        nextCursor: string | null;
      };
      expect(page2.items.map((i) => i.slug)).toEqual([a.slug]);
      expect(page2.nextCursor).toBeNull();
    });

    it("filters by category", async () => {
      await seedAnalysis(opened.db);
      const sports = await seedAnalysis(opened.db, {
        body: fixtureBody({ category: "Sports", headline: "A match report from Fernbay" }),
      });
      const body = (await (await web.app.request("/api/v1/analyses?category=sports")).json()) as {
        items: { slug: string }[];
      };
      expect(body.items.map((i) => i.slug)).toEqual([sports.slug]);
    });

    it("refuses bad parameters with 400 and an error message", async () => {
      for (const query of ["limit=0", "limit=101", "limit=ten", "limit=-1", "category=gardening", "cursor=bm9wZQ"]) {
        const res = await web.app.request(`/api/v1/analyses?${query}`);
        expect(res.status, query).toBe(400);
        const body = (await res.json()) as { error: string };
        expect(body.error.length).toBeGreaterThan(0);
      }
    });

    it("returns the full structured analysis, or 404 JSON", async () => {
      const { slug, analysisId, body, verification } = await seedAnalysis(opened.db, {
        failedPaths: ["timeline.0.claim"],
      });
      const res = await web.app.request(`/api/v1/analyses/${slug}`);
      expect(res.status).toBe(200);
      const detail = (await res.json()) as Record<string, unknown> & { body: Record<string, unknown> };
      expect(detail).toMatchObject({
        id: analysisId,
        slug,
        url: `${SITE_URL}/analysis/${slug}`,
        headline: body.headline,
        category: "Climate",
        readMinutes: 4,
        publishedAt: "2026-11-26T12:00:00.000Z",
        updatedAt: "2026-11-26T12:00:00.000Z",
        verification: { total: verification.total, verified: verification.total - 1 },
      });
      expect(detail.body.sections).toEqual(body.sections);
      expect(detail.body.scenarios).toEqual(body.scenarios);
      expect(detail.body.sources).toEqual(body.sources.map(({ articleId: _, ...rest }) => rest));
      const missing = await web.app.request("/api/v1/analyses/no-such-analysis");
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: "analysis not found" });
      expect((await web.app.request("/api/v1/nothing-here")).status).toBe(404);
    });
  });

  describe("caching, assets and health", () => {
    it("serves cached pages with an ETag, answers 304, and shows new analyses after invalidate()", async () => {
      const first = await seedAnalysis(opened.db);
      const res = await web.app.request("/");
      const etag = res.headers.get("etag");
      expect(etag).toMatch(/^"[^"]+"$/);
      expect(res.headers.get("cache-control")).toContain("public");
      const revalidated = await web.app.request("/", { headers: { "If-None-Match": etag ?? "" } });
      expect(revalidated.status).toBe(304);

      const second = await seedAnalysis(opened.db, {
        body: fixtureBody({ headline: "A Second Fernbay Analysis Appears" }),
      });
      expect(await (await web.app.request("/")).text()).not.toContain(second.slug);
      web.invalidate();
      const fresh = await web.app.request("/", { headers: { "If-None-Match": etag ?? "" } });
      expect(fresh.status).toBe(200);
      const html = await fresh.text();
      expect(html).toContain(`/analysis/${second.slug}`);
      expect(html).toContain(`/analysis/${first.slug}`);
    });

    it("serves the stylesheet with a long cache under its hashed URL", async () => {
      const res = await web.app.request(`/assets/site.css?v=${SITE_CSS_HASH}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/css");
      expect(res.headers.get("cache-control")).toContain("immutable");
      expect(await res.text()).toContain("prefers-color-scheme:dark");
      const again = await web.app.request("/assets/site.css", {
        headers: { "If-None-Match": res.headers.get("etag") ?? "" },
      });
      expect(again.status).toBe(304);
    });

    it("answers /healthz with ok while the database answers", async () => {
      const res = await web.app.request("/healthz");
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
    });

    it("sets <html lang> from the site language", async () => {
      const ko = createWeb({ db: opened.db, config: testConfig({ SITE_LANGUAGE: "ko" }), clock, logger: silentLogger });
      expect(dom(await (await ko.app.request("/")).text()).documentElement.getAttribute("lang")).toBe("ko");
    });

    it("shows the 404 page for unknown paths", async () => {
      const res = await web.app.request("/no/such/page");
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(await res.text()).toContain("Page not found");
    });
  });
});

describe("web edge when the database fails", () => {
  // A store whose every query fails the way an unreachable database does.
  const downDb = () =>
    new Kysely<Database>({
      dialect: new SqliteDialect({
        database: async () => {
          throw new Error("connect ECONNREFUSED 10.0.0.9:5432");
        },
      }),
    });

  it("answers /healthz with 503", async () => {
    const web = createWeb({
      db: downDb(),
      config: testConfig(),
      clock: fixedClock("2026-11-27T10:00:00.000Z"),
      logger: silentLogger,
    });
    const res = await web.app.request("/healthz");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable" });
  });

  it("logs the failure and shows a 500 page without internal detail", async () => {
    const logged: string[] = [];
    const logger: Logger = { ...silentLogger, error: (msg, fields) => logged.push(`${msg} ${String(fields?.error)}`) };
    const web = createWeb({
      db: downDb(),
      config: testConfig(),
      clock: fixedClock("2026-11-27T10:00:00.000Z"),
      logger,
    });
    const res = await web.app.request("/category/climate");
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain("Something went wrong");
    expect(html).not.toContain("ECONNREFUSED");
    expect(html).not.toMatch(/at .*\.ts:\d+/);
    expect(logged).toEqual(["request failed connect ECONNREFUSED 10.0.0.9:5432"]);
    const api = await web.app.request("/api/v1/analyses");
    expect(api.status).toBe(500);
    expect(await api.json()).toEqual({ error: "internal error" });
  });
});
