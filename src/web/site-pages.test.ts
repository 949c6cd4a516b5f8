import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { parseHTML } from "linkedom";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { loadConfig } from "../config.ts";
import { moderateComment } from "../editorial/comments.ts";
import { fixedClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import { insertAnalysisVersion, markAnalysisPublished } from "../store/analyses.ts";
import type { OpenedDb } from "../store/db.ts";
import { listErrorReports } from "../store/reports.ts";
import { indexAnalysisForSearch } from "../store/search.ts";
import { markSiteChanged } from "../store/site-state.ts";
import { createWeb } from "./create-web.tsx";
import { fixtureBody, fixtureVerification, seedAnalysis } from "./testdata/analysis-fixture.ts";
import { renderAnalysisBody } from "./views/analysis-body.tsx";
import { SITE_CSS_HASH } from "./views/styles.ts";

const SITE_URL = "https://news.example";

function testConfig(env: Record<string, string> = {}) {
  return loadConfig({
    SITE_URL,
    SITE_NAME: "Prism Test News",
    COMMENT_MAX_CHARS: "200",
    COMMENT_MIN_INTERVAL_SECONDS: "0",
    SECRET_KEY: "a-test-secret-of-some-length",
    LOG_LEVEL: "silent",
    PAGE_CACHE_CHECK_MS: "0",
    ...env,
  });
}

const dom = (html: string) => parseHTML(html).document;

function form(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}

describe.each(testDialects())("reader's site on $name", ({ open }) => {
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

  /** Seeds and publishes as the publish step will: stored, published, indexed. */
  async function publish(options: Parameters<typeof seedAnalysis>[1] = {}) {
    const seeded = await seedAnalysis(opened.db, options);
    await indexAnalysisForSearch(opened.db, seeded.analysisId);
    return seeded;
  }
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await web.app.request(path, { headers });
    return { res, html: await res.text() };
  };

  describe("today's edition", () => {
    it("shows the past day and a half before the latest publication, ranked by story score, at most four a section", async () => {
      const old = await publish({
        at: "2026-11-20T08:00:00.000Z",
        body: fixtureBody({ headline: "A Week-Old Fernbay Story" }),
      });
      const seeded: Awaited<ReturnType<typeof publish>>[] = [];
      for (let i = 0; i < 6; i++) {
        seeded.push(
          await publish({
            at: `2026-11-26T0${i}:00:00.000Z`,
            body: fixtureBody({ headline: `Fernbay climate item number ${i}` }),
          }),
        );
      }
      const top = seeded[1];
      if (!top) throw new Error("seed failed");
      await opened.db
        .updateTable("stories")
        .set({ score: 9 })
        .where("id", "=", (await storyOf(top.analysisId)) ?? 0)
        .execute();
      const doc = dom((await get("/")).html);
      expect(doc.querySelector(".card.lead a")?.getAttribute("href")).toBe(`/analysis/${top.slug}`);
      const climate = [...doc.querySelectorAll("[aria-labelledby='cat-climate'] .card h3 a")].map((a) =>
        a.getAttribute("href"),
      );
      expect(climate).toEqual([5, 4, 3, 2].map((i) => `/analysis/${seeded[i]?.slug}`));
      expect(doc.body.innerHTML).not.toContain(old.slug);
      expect(doc.querySelector("[aria-labelledby='cat-climate'] .more a")?.getAttribute("href")).toBe(
        "/category/climate",
      );
    });

    async function storyOf(analysisId: number) {
      return (await opened.db.selectFrom("analyses").select("story_id").where("id", "=", analysisId).executeTakeFirst())
        ?.story_id;
    }
  });

  describe("tags, archive, sources and about", () => {
    it("lists analyses by tag, newest first, and answers unknown tags with 404", async () => {
      const a = await publish({
        at: "2026-11-25T10:00:00.000Z",
        body: fixtureBody({ headline: "Older flooding analysis", tags: ["Flooding", "북한 포로"] }),
      });
      const b = await publish({
        at: "2026-11-26T10:00:00.000Z",
        body: fixtureBody({ headline: "Newer flooding analysis", tags: ["flooding"] }),
      });
      await publish({ body: fixtureBody({ headline: "Unrelated dredging analysis", tags: ["dredging"] }) });
      const doc = dom((await get("/tag/flooding")).html);
      expect(doc.querySelector("h1")?.textContent).toBe("Tagged “flooding”");
      expect([...doc.querySelectorAll(".cards h3 a")].map((a) => a.getAttribute("href"))).toEqual([
        `/analysis/${b.slug}`,
        `/analysis/${a.slug}`,
      ]);
      const korean = await get(`/tag/${encodeURIComponent("북한-포로")}`);
      expect(korean.res.status).toBe(200);
      expect(korean.html).toContain(`/analysis/${a.slug}`);
      expect((await get("/tag/gardening")).res.status).toBe(404);
      expect((await get("/tag/%3Cscript%3E")).res.status).toBe(404);
      const page = dom((await get(`/analysis/${a.slug}`)).html);
      expect(page.querySelector(`.tags a[href="/tag/flooding"]`)?.textContent).toBe("Flooding");
    });

    it("archives by month and day, with counts and links between months", async () => {
      const oct = await publish({
        at: "2026-10-30T10:00:00.000Z",
        body: fixtureBody({ headline: "An October analysis of Fernbay" }),
      });
      await publish({ at: "2026-11-25T10:00:00.000Z", body: fixtureBody({ headline: "First November analysis" }) });
      await publish({ at: "2026-11-25T18:00:00.000Z", body: fixtureBody({ headline: "Second November analysis" }) });
      const index = dom((await get("/archive")).html);
      expect([...index.querySelectorAll(".archive-list a")].map((a) => a.getAttribute("href"))).toEqual([
        "/archive/2026/11",
        "/archive/2026/10",
      ]);
      const month = dom((await get("/archive/2026/11")).html);
      expect(month.querySelector("h1")?.textContent).toBe("November 2026");
      expect(month.querySelector(".archive-list li")?.textContent).toContain("2 analyses");
      expect(month.querySelector("a[rel=prev]")?.getAttribute("href")).toBe("/archive/2026/10");
      expect(month.querySelector("a[rel=next]")).toBeNull();
      const day = dom((await get("/archive/2026/10/30")).html);
      expect(day.querySelector(`.cards a[href="/analysis/${oct.slug}"]`)).not.toBeNull();
      expect(dom((await get("/archive/2026/11/24")).html).body.textContent).toContain(
        "Nothing was published on this day.",
      );
      for (const path of ["/archive/2026/13", "/archive/2026/02/30", "/archive/2025/01", "/archive/20x6/11"]) {
        expect((await get(path)).res.status, path).toBe(404);
      }
    });

    it("lists the outlets read, with their article counts", async () => {
      const sourceId = (
        await opened.db
          .insertInto("sources")
          .values({
            name: "Fernbay Ledger",
            homepage: "https://ledger.example",
            feed_url: "https://ledger.example/feed",
            language: "en",
            created_at: "2026-11-01T00:00:00.000Z",
          })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
      await opened.db
        .insertInto("sources")
        .values({
          name: "Quiet Wire",
          homepage: "javascript:alert(1)",
          feed_url: "https://quiet.example/feed",
          language: "ko",
          active: 0,
          created_at: "2026-11-01T00:00:00.000Z",
        })
        .execute();
      const item = await opened.db
        .insertInto("items")
        .values({
          source_id: sourceId,
          guid: "g1",
          status: "stored",
          created_at: "2026-11-25T00:00:00.000Z",
          url: null,
          title: null,
          author: null,
          summary: null,
          content_html: null,
          language: null,
          published_at: null,
          drop_reason: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await opened.db
        .insertInto("articles")
        .values({
          item_id: item.id,
          source_id: sourceId,
          url: "https://ledger.example/a",
          title: "A",
          author: null,
          published_at: "2026-11-25T09:00:00.000Z",
          language: "en",
          text: "Text.",
          word_count: 1,
          story_id: null,
          created_at: "2026-11-25T09:00:00.000Z",
        })
        .execute();
      const doc = dom((await get("/sources")).html);
      const outlets = [...doc.querySelectorAll(".outlet")];
      expect(outlets.map((o) => o.querySelector("h2")?.textContent)).toEqual(["Fernbay Ledger", "Quiet Wire"]);
      expect(outlets[0]?.querySelector("a")?.getAttribute("href")).toBe("https://ledger.example");
      expect(outlets[0]?.textContent).toContain("1 article read");
      expect(outlets[1]?.querySelector("a")).toBeNull();
      expect(outlets[1]?.textContent).toContain("Paused");
    });

    it("explains what the model does and does not do, how claims are checked and how to report errors", async () => {
      const doc = dom((await get("/about")).html);
      const headings = [...doc.querySelectorAll("main h2")].map((h) => h.textContent);
      expect(headings).toEqual([
        "What the AI does",
        "What it does not do",
        "How claims are checked",
        "Corrections",
        "Thoughts",
      ]);
      expect(doc.getElementById("verification")).not.toBeNull();
    });
  });

  describe("search", () => {
    it("finds analyses by words in their bodies and marks the matches as text", async () => {
      const hit = await publish({
        body: fixtureBody({
          headline: "Fernbay's <b>Harbour</b> & the Gate",
          whatToWatch: ["Whether the <i>lighthouse</i> keeper resigns."],
        }),
      });
      await publish({ body: fixtureBody({ headline: "Another analysis without it" }) });
      const { res, html } = await get("/search?q=lighthouse");
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=60");
      const doc = dom(html);
      expect(doc.querySelector("meta[name=robots]")?.getAttribute("content")).toBe("noindex");
      expect(doc.querySelector("h1")?.textContent).toBe("Results for “lighthouse”");
      expect([...doc.querySelectorAll(".result h2 a")].map((a) => a.getAttribute("href"))).toEqual([
        `/analysis/${hit.slug}`,
      ]);
      expect(doc.querySelector(".result h2 a")?.textContent).toBe("Fernbay's <b>Harbour</b> & the Gate");
      expect(doc.querySelector(".snippet mark")?.textContent?.toLowerCase()).toBe("lighthouse");
      // Markup in the text stays text (PostgreSQL's snippets leave tag-like words out altogether).
      expect(doc.querySelector(".snippet i")).toBeNull();
      expect(html).not.toContain("\u0002");
      expect(
        (doc.querySelector("#search-q") as unknown as { getAttribute(n: string): string }).getAttribute("value"),
      ).toBe("lighthouse");
    });

    it("shows a hint without a query, says when nothing matches, and refuses a bad page", async () => {
      expect(dom((await get("/search")).html).querySelector("#search-hint")).not.toBeNull();
      expect((await get("/search?q=nothing-at-all")).html).toContain("No analysis matches");
      expect((await get("/search?q=x&page=0")).res.status).toBe(400);
      expect((await get("/search?q=x&page=abc")).res.status).toBe(400);
    });

    it("answers the JSON search API with snippets in brackets", async () => {
      await publish({ body: fixtureBody({ whatToWatch: ["Whether the lighthouse keeper resigns."] }) });
      const res = await web.app.request("/api/v1/search?q=lighthouse");
      const body = (await res.json()) as { items: { snippet: string; url: string }[] };
      expect(body.items).toHaveLength(1);
      expect(body.items[0]?.snippet).toMatch(/\[lighthouse\]/i);
      expect((await web.app.request("/api/v1/search?q=")).status).toBe(400);
    });
  });

  describe("the analysis page", () => {
    it("carries a canonical URL, OpenGraph and Twitter cards and a NewsArticle with its sources", async () => {
      const { slug, body } = await publish();
      const doc = dom((await get(`/analysis/${slug}`)).html);
      const meta = (sel: string) => doc.querySelector(sel)?.getAttribute("content");
      expect(doc.querySelector("link[rel=canonical]")?.getAttribute("href")).toBe(`${SITE_URL}/analysis/${slug}`);
      expect(meta("meta[property='og:type']")).toBe("article");
      expect(meta("meta[property='og:title']")).toBe(body.headline);
      expect(meta("meta[property='og:url']")).toBe(`${SITE_URL}/analysis/${slug}`);
      expect(meta("meta[property='article:published_time']")).toBe("2026-11-26T12:00:00.000Z");
      expect(meta("meta[name='twitter:card']")).toBe("summary");
      const ld = JSON.parse(doc.querySelector("script[type='application/ld+json']")?.textContent ?? "{}");
      expect(ld).toMatchObject({
        "@type": "NewsArticle",
        headline: body.headline,
        datePublished: "2026-11-26T12:00:00.000Z",
        dateModified: "2026-11-26T12:00:00.000Z",
        author: { "@type": "Organization", name: "Prism Test News" },
        publisher: { "@type": "Organization", name: "Prism Test News" },
      });
      expect(ld.isBasedOn.map((s: { url: string }) => s.url)).toEqual(body.sources.map((s) => s.url));
      expect(ld.isBasedOn[0].publisher.name).toBe("Fernbay Ledger");
    });

    it("keeps JSON-LD inside its element whatever the headline says", async () => {
      const { slug } = await publish({
        body: fixtureBody({ headline: "Closing </script><script>alert(1)</script> tags" }),
      });
      const html = (await get(`/analysis/${slug}`)).html;
      expect(html.match(/<script\b[^>]*>/gi)).toEqual(['<script type="application/ld+json">']);
      const ld = JSON.parse(dom(html).querySelector("script[type='application/ld+json']")?.textContent ?? "{}");
      expect(ld.headline).toBe("Closing </script><script>alert(1)</script> tags");
    });

    it("shows the verification line near the top and links it to the result", async () => {
      const { slug } = await publish({ failedPaths: ["timeline.0.claim"] });
      const doc = dom((await get(`/analysis/${slug}`)).html);
      const line = doc.querySelector(".verification-line a[href='#verification']");
      expect(line?.textContent).toBe("8 of 9 claims verified against sources");
      expect(doc.getElementById("verification")?.textContent).toContain("8 of 9 claims verified");
      expect(doc.querySelector(".verification-line a[href='/about#verification']")).not.toBeNull();
    });

    it("lists the versions readers were shown and serves an earlier one with a notice", async () => {
      const first = await publish();
      const storyId = (
        await opened.db
          .selectFrom("analyses")
          .select("story_id")
          .where("id", "=", first.analysisId)
          .executeTakeFirstOrThrow()
      ).story_id;
      const add = async (headline: string, at: string, doPublish: boolean) => {
        const body = fixtureBody({ headline });
        const verification = fixtureVerification(body);
        const v = await insertAnalysisVersion(
          opened.db,
          {
            storyId,
            body,
            verification,
            html: renderAnalysisBody(body, verification),
            readMinutes: 5,
            engine: "builtin",
          },
          new Date(at),
        );
        if (doPublish) {
          await markAnalysisPublished(opened.db, v.analysisId, v.versionId, new Date(at));
          await indexAnalysisForSearch(opened.db, v.analysisId);
        }
        return v;
      };
      await add("A held-back second draft", "2026-11-26T15:00:00.000Z", false);
      await add("Fernbay Gate: The Vote Is Challenged", "2026-11-26T18:00:00.000Z", true);
      web.invalidate();
      const doc = dom((await get(`/analysis/${first.slug}`)).html);
      expect(doc.querySelector("h1")?.textContent).toBe("Fernbay Gate: The Vote Is Challenged");
      expect(doc.querySelector(".meta")?.textContent).toContain("Updated");
      const entries = [...doc.querySelectorAll("#versions li")].map((li) => li.textContent);
      expect(entries).toHaveLength(2);
      expect(entries[0]).toContain("Version 3 (current)");
      expect(entries[1]).toContain("Version 1");
      expect(doc.querySelector("#versions a[href$='/versions/2']")).toBeNull();
      const old = await get(`/analysis/${first.slug}/versions/1`);
      expect(old.res.status).toBe(200);
      const oldDoc = dom(old.html);
      expect(oldDoc.querySelector("h1")?.textContent).toBe(first.body.headline);
      expect(oldDoc.querySelector(".notice")?.textContent).toContain(
        "You are reading version 1. The current version is 3.",
      );
      expect(oldDoc.querySelector("link[rel=canonical]")?.getAttribute("href")).toBe(
        `${SITE_URL}/analysis/${first.slug}`,
      );
      expect(oldDoc.querySelector("#thoughts")).toBeNull();
      expect((await get(`/analysis/${first.slug}/versions/2`)).res.status).toBe(404);
      expect((await get(`/analysis/${first.slug}/versions/9`)).res.status).toBe(404);
    });

    it("stores an error report for editors and thanks the reader", async () => {
      const { slug, analysisId, versionId } = await publish();
      const res = await web.app.request(
        `/analysis/${slug}/report`,
        form({
          reason: "outdated",
          details: "The vote was repeated.",
          source: "https://ledger.example/revote",
          homepage: "",
          version: "1",
        }),
      );
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/analysis/${slug}?report=received#report`);
      const thanked = dom((await get(`/analysis/${slug}?report=received`)).html);
      expect(thanked.querySelector("#report[open] [role=status]")?.textContent).toContain("sent to the editors");
      const [report] = await listErrorReports(opened.db, { status: "open", limit: 5 });
      expect(report).toMatchObject({
        analysis_id: analysisId,
        version_id: versionId,
        reason: "outdated",
        details: "The vote was repeated.",
        source_url: "https://ledger.example/revote",
      });
    });

    it("refuses a report with a bad link, keeping what the reader typed", async () => {
      const { slug } = await publish();
      const res = await web.app.request(
        `/analysis/${slug}/report`,
        form({ reason: "misleading", details: "<b>see</b>", source: "javascript:alert(1)", homepage: "" }),
      );
      expect(res.status).toBe(400);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const html = await res.text();
      const doc = dom(html);
      expect(doc.querySelector("#report[open] [role=alert]")?.textContent).toContain("http or https");
      expect(html).toContain(">&lt;b&gt;see&lt;/b&gt;</textarea>");
      expect(doc.querySelector("input[name=reason][value=misleading]")?.hasAttribute("checked")).toBe(true);
      expect(await listErrorReports(opened.db, { limit: 5 })).toEqual([]);
    });
  });

  describe("Thoughts", () => {
    it("threads replies one level deep, with a reply page that works without JavaScript", async () => {
      const { slug } = await publish();
      const first = await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({ name: "Ada", text: "Top thought.", website: "" }),
      );
      const topId = /thought-(\d+)$/.exec(first.headers.get("location") ?? "")?.[1];
      expect(topId).toBeDefined();
      const replyPage = dom((await get(`/analysis/${slug}/thoughts/${topId}/reply`)).html);
      expect(replyPage.querySelector("h1")?.textContent).toBe("Reply to Ada");
      expect(replyPage.querySelector("blockquote")?.textContent).toContain("Top thought.");
      expect(
        replyPage.querySelector(`form[action="/analysis/${slug}/thoughts"] input[name=parent]`)?.getAttribute("value"),
      ).toBe(topId);
      const reply = await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({ name: "Grace", text: "A reply.", website: "", parent: topId ?? "" }),
      );
      expect(reply.status).toBe(303);
      const doc = dom((await get(`/analysis/${slug}`)).html);
      const thread = doc.getElementById(`thought-${topId}`);
      expect(thread?.querySelector(".replies .thought strong")?.textContent).toBe("Grace");
      expect(thread?.textContent).toContain("1 reply");
      expect(doc.querySelectorAll(".replies .replies")).toHaveLength(0);
      expect((await get(`/analysis/${slug}/thoughts/99999/reply`)).res.status).toBe(404);
    });

    it("refuses a duplicate and a reply after a refusal shows the reply page again", async () => {
      const { slug } = await publish();
      const first = await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({ name: "Ada", text: "Same.", website: "" }),
      );
      const topId = /thought-(\d+)$/.exec(first.headers.get("location") ?? "")?.[1] ?? "";
      const again = await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({ name: "Bob", text: "same.", website: "" }),
      );
      expect(again.status).toBe(400);
      expect(await again.text()).toContain("already been posted");
      const badReply = await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({ name: "", text: "x", website: "", parent: topId }),
      );
      expect(badReply.status).toBe(400);
      expect(dom(await badReply.text()).querySelector("h1")?.textContent).toBe("Reply to Ada");
    });

    it("makes links in approved thoughts clickable with rel=ugc nofollow noopener, and nothing else", async () => {
      const { slug } = await publish();
      await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({
          name: "Ada",
          text: "See https://ledger.example/a?b=1&c=2. Or javascript:alert(1) and www.wire.example!",
          website: "",
        }),
      );
      const [pending] = await opened.db.selectFrom("comments").select(["id", "status"]).execute();
      expect(pending?.status).toBe("pending");
      await moderateComment({ db: opened.db, clock }, pending?.id ?? 0, "approved");
      const doc = dom((await get(`/analysis/${slug}`)).html);
      const links = [...doc.querySelectorAll(".thought-text a")];
      expect(links.map((a) => [a.getAttribute("href"), a.getAttribute("rel"), a.textContent])).toEqual([
        ["https://ledger.example/a?b=1&c=2", "ugc nofollow noopener", "https://ledger.example/a?b=1&c=2"],
        ["https://www.wire.example/", "ugc nofollow noopener", "www.wire.example"],
      ]);
      expect(doc.querySelector(".thought-text")?.textContent).toBe(
        "See https://ledger.example/a?b=1&c=2. Or javascript:alert(1) and www.wire.example!",
      );
    });

    it("shows a thought approved by another process once the site revision changes", async () => {
      const { slug } = await publish();
      await web.app.request(
        `/analysis/${slug}/thoughts`,
        form({ name: "Ada", text: "Read https://x.example", website: "" }),
      );
      expect((await get(`/analysis/${slug}`)).html).toContain("No thoughts yet.");
      // Another process: its own web edge is not this one; only the database is shared.
      const [row] = await opened.db.selectFrom("comments").select("id").execute();
      await opened.db
        .updateTable("comments")
        .set({ status: "approved" })
        .where("id", "=", row?.id ?? 0)
        .execute();
      expect((await get(`/analysis/${slug}`)).html).toContain("No thoughts yet.");
      await markSiteChanged(opened.db, "2026-11-27T10:05:00.000Z");
      expect(dom((await get(`/analysis/${slug}`)).html).querySelector(".thought-text")?.textContent).toBe(
        "Read https://x.example",
      );
    });
  });

  describe("caching", () => {
    it("serves gzip and brotli by Accept-Encoding with an ETag per encoding, Last-Modified and stale-while-revalidate", async () => {
      const { slug } = await publish();
      const plain = await get(`/analysis/${slug}`);
      expect(plain.res.headers.get("content-encoding")).toBeNull();
      expect(plain.res.headers.get("cache-control")).toBe("public, max-age=60, stale-while-revalidate=600");
      expect(plain.res.headers.get("last-modified")).toBe("Fri, 27 Nov 2026 10:00:00 GMT");
      expect(plain.res.headers.get("vary")).toBe("Accept-Encoding");
      expect(plain.res.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(plain.res.headers.get("x-content-type-options")).toBe("nosniff");
      const br = await web.app.request(`/analysis/${slug}`, { headers: { "Accept-Encoding": "gzip, deflate, br" } });
      expect(br.headers.get("content-encoding")).toBe("br");
      expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString("utf8")).toBe(plain.html);
      const gz = await web.app.request(`/analysis/${slug}`, { headers: { "Accept-Encoding": "gzip;q=1, br;q=0" } });
      expect(gz.headers.get("content-encoding")).toBe("gzip");
      const gzBytes = Buffer.from(await gz.arrayBuffer());
      expect(gunzipSync(gzBytes).toString("utf8")).toBe(plain.html);
      expect(gzBytes.length).toBeLessThan(plain.html.length / 2);
      const tags = [plain.res, br, gz].map((r) => r.headers.get("etag"));
      expect(new Set(tags).size).toBe(3);
      for (const tag of tags) {
        expect((await web.app.request(`/analysis/${slug}`, { headers: { "If-None-Match": tag ?? "" } })).status).toBe(
          304,
        );
      }
      const since = await web.app.request(`/analysis/${slug}`, {
        headers: { "If-Modified-Since": "Fri, 27 Nov 2026 10:00:00 GMT" },
      });
      expect(since.status).toBe(304);
      const before = await web.app.request(`/analysis/${slug}`, {
        headers: { "If-Modified-Since": "Fri, 27 Nov 2026 09:59:59 GMT" },
      });
      expect(before.status).toBe(200);
    });

    it("keeps an analysis page and its stylesheet under 60 KB with a long body and many thoughts", async () => {
      const { slug } = await publish();
      for (let i = 0; i < 20; i++) {
        await web.app.request(
          `/analysis/${slug}/thoughts`,
          form({ name: `Reader ${i}`, text: `Thought number ${i}: ${"words ".repeat(20)}`, website: "" }),
        );
      }
      const html = (await get(`/analysis/${slug}`)).html;
      const css = await (await web.app.request(`/assets/site.css?v=${SITE_CSS_HASH}`)).text();
      expect(Buffer.byteLength(html) + Buffer.byteLength(css)).toBeLessThan(60 * 1024);
      expect(html).not.toMatch(/<script(?![^>]*application\/ld\+json)/i);
    });
  });

  describe("Korean", () => {
    it("shows every page in Korean when the site language is ko", async () => {
      const ko = createWeb({ db: opened.db, config: testConfig({ SITE_LANGUAGE: "ko" }), clock, logger: silentLogger });
      const { slug } = await publish();
      const home = dom(await (await ko.app.request("/")).text());
      expect(home.documentElement.getAttribute("lang")).toBe("ko");
      expect(home.querySelector("h1")?.textContent).toBe("오늘의 주요 분석");
      expect(home.querySelector("nav a[href='/category/politics']")?.textContent).toBe("정치");
      const page = dom(await (await ko.app.request(`/analysis/${slug}`)).text());
      expect(page.querySelector(".kicker .label")?.textContent).toBe("AI 분석");
      expect(page.querySelector("#thoughts h2")?.textContent).toBe("의견");
      expect(page.querySelector("#report h2")?.textContent).toBe("오류 신고");
      expect(page.querySelector("meta[property='og:locale']")?.getAttribute("content")).toBe("ko_KR");
      expect(dom(await (await ko.app.request("/about")).text()).querySelector("h1")?.textContent).toBe(
        "이 사이트에 대하여",
      );
      expect(dom(await (await ko.app.request("/nowhere")).text()).querySelector("h1")?.textContent).toBe(
        "페이지를 찾을 수 없습니다",
      );
    });
  });
});
