/**
 * Script injection, tried everywhere a stranger's text reaches a page: Thoughts (names and
 * texts, approved so they are shown), replies, search queries, an error report refused and shown
 * back, and two planted outlets whose names, titles, authors and article text carry payloads and
 * go through the whole pipeline. The browser context bypasses the Content-Security-Policy, so
 * what is tested is the escaping itself: any payload that became markup would run. A dialog, an
 * overridden alert(), an element with an on* attribute or a javascript: URL fails the test; each
 * payload must be on the page as text.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanName, cleanText, moderateComment } from "../../src/editorial/comments.ts";
import { insertSource } from "../../src/store/sources.ts";
import { browserTestsRun, launchBrowser, type Site, screenshot, startSite } from "./support.ts";
import { writePlantedFeeds } from "./testdata/planted-feeds.ts";
import { XSS_PAYLOADS } from "./testdata/xss-payloads.ts";

// The callbacks given to page.evaluate run inside the browser, where these globals exist.
// biome-ignore lint/suspicious/noExplicitAny: browser globals, typed by the browser, not by tsc here.
declare const document: any;
// biome-ignore lint/suspicious/noExplicitAny: as above.
declare const window: any;
// biome-ignore lint/suspicious/noExplicitAny: as above.
declare const location: any;
// biome-ignore lint/suspicious/noExplicitAny: as above.
declare const getComputedStyle: any;

interface Executions {
  dialogs: string[];
}

/** Text as a browser lays it out: runs of white space are one space. */
const flat = (text: string) => text.replace(/\s+/g, " ").trim();

describe.skipIf(!browserTestsRun)("script injection in chromium", () => {
  let site: Site;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const ran: Executions = { dialogs: [] };
  let analysisPath = "";
  let plantedPath = "";

  beforeAll(async () => {
    [site, browser] = await Promise.all([
      startSite({
        COMMENT_MAX_PER_HOUR: "1000",
        COMMENT_PAGE_MAX_PER_HOUR: "10000",
        REPORT_MAX_PER_HOUR: "1000",
        // The planted sentences are odd on purpose; what matters here is the page, not the policy.
        PUBLISH_MIN_VERIFIED_SHARE: "0.5",
      }),
      launchBrowser(),
    ]);
    context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
    // Anything that runs calls one of these; record it rather than let a modal block the page.
    await context.addInitScript(() => {
      const w = window as unknown as { __xss: string[] } & Record<string, unknown>;
      w.__xss = [];
      for (const name of ["alert", "confirm", "prompt", "print"]) {
        w[name] = (...args: unknown[]) => {
          w.__xss.push(`${name}(${args.map(String).join(",")})`);
        };
      }
    });
    page = await context.newPage();
    page.on("dialog", async (d) => {
      ran.dialogs.push(d.message());
      await d.dismiss();
    });
    analysisPath = new URL(
      ((await (await fetch(`${site.base}/api/v1/analyses?limit=1`)).json()) as { items: { url: string }[] }).items[0]
        ?.url ?? "",
    ).pathname;

    // Two invented outlets with payloads everywhere, read by the real pipeline.
    const planted = writePlantedFeeds(site.dataDir, XSS_PAYLOADS, site.app.clock.now());
    for (const outlet of planted) {
      await insertSource(
        site.app.db,
        { name: outlet.name, homepage: "javascript:alert('homepage')", feedUrl: outlet.feedUrl, allowPrivate: true },
        site.app.clock.now(),
      );
    }
    await site.drain();
    const all = (await (await fetch(`${site.base}/api/v1/analyses?limit=100`)).json()) as {
      items: { url: string; headline: string }[];
    };
    const found = all.items.find((i) => /tidal gate|Fernbay/i.test(i.headline));
    plantedPath = found ? new URL(found.url).pathname : "";
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /**
   * Loads `path` and fails on anything that ran or any live markup a payload could have made.
   * `revalidate`: the page was seen before and changed since; a browser keeps a copy for a
   * minute, so reload as a reader would.
   */
  async function visitClean(path: string, revalidate = false): Promise<string> {
    let res = await page.goto(`${site.base}${path}`);
    if (revalidate) res = await page.reload();
    expect(res?.ok(), path).toBe(true);
    const found = await page.evaluate(() => {
      const w = window as unknown as { __xss: string[] };
      const handlers: string[] = [];
      const urls: string[] = [];
      for (const el of document.querySelectorAll("*")) {
        for (const attr of el.getAttributeNames()) {
          if (attr.startsWith("on")) handlers.push(`${el.tagName}[${attr}]`);
          if (["href", "src", "action", "formaction", "data", "srcdoc"].includes(attr)) {
            // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these inside URLs, so must the check.
            const value = (el.getAttribute(attr) ?? "").replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
            if (value.startsWith("javascript:") || value.startsWith("data:text"))
              urls.push(`${el.tagName}[${attr}]=${value}`);
          }
        }
      }
      const scripts = [...document.querySelectorAll("script")].filter((s) => s.type !== "application/ld+json").length;
      const live = document.querySelectorAll(
        "iframe, object, embed, base, svg, math, video, audio, marquee, isindex, keygen, xmp, noscript, style",
      ).length;
      // innerText, not textContent: the text as laid out, without the JSON-LD data block.
      // biome-ignore lint/performance/useDomNodeTextContent: see above.
      return { executed: w.__xss, handlers, urls, scripts, live, text: document.body.innerText };
    });
    expect(ran.dialogs, path).toEqual([]);
    expect(found.executed, path).toEqual([]);
    expect(found.handlers, path).toEqual([]);
    expect(found.urls, path).toEqual([]);
    expect(found.scripts, path).toBe(0);
    expect(found.live, path).toBe(0);
    return found.text;
  }

  it("has a corpus of at least fifty payloads", () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(XSS_PAYLOADS).size).toBe(XSS_PAYLOADS.length);
  });

  it("shows every payload posted as a Thought's name and text as text, links included", async () => {
    // Two through the form in the browser, the rest posted the way any HTTP client can.
    for (const [i, payload] of XSS_PAYLOADS.slice(0, 2).entries()) {
      await page.goto(`${site.base}${analysisPath}`);
      await page.fill("#thought-name", payload.slice(0, 60));
      await page.fill("#thought-text", `Form ${i}: ${payload}`);
      await page.click("#thoughts button[type=submit]");
      await page.waitForURL(/\?thought=/);
    }
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const body = new URLSearchParams({ name: payload.slice(0, 60), text: `Thought ${i}: ${payload}`, website: "" });
      const res = await fetch(`${site.base}${analysisPath}/thoughts`, { method: "POST", body, redirect: "manual" });
      expect(res.status, payload).toBe(303);
    }
    // Payloads with links wait for a moderator; approve them all so every one is on the page.
    const pending = await site.app.db.selectFrom("comments").select("id").where("status", "=", "pending").execute();
    for (const { id } of pending) await moderateComment(site.app, id, "approved");

    const text = flat(await visitClean(analysisPath, true));
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      expect(text, `text of payload ${i}`).toContain(flat(cleanText(`Thought ${i}: ${payload}`)));
      const name = cleanName(payload.slice(0, 60));
      if (name) expect(text, `name of payload ${i}`).toContain(flat(name));
    }
    await page.locator("#thoughts").scrollIntoViewIfNeeded();
    await screenshot(page, "xss-thoughts");
  });

  it("shows replies and the reply page with payloads as text", async () => {
    const top = await site.app.db
      .selectFrom("comments")
      .select("id")
      .where("parent_id", "is", null)
      .where("status", "=", "approved")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    for (const payload of XSS_PAYLOADS.slice(0, 10)) {
      const body = new URLSearchParams({
        name: "Replier",
        text: `Reply: ${payload}`,
        website: "",
        parent: String(top.id),
      });
      expect(
        (await fetch(`${site.base}${analysisPath}/thoughts`, { method: "POST", body, redirect: "manual" })).status,
      ).toBe(303);
    }
    const pending = await site.app.db.selectFrom("comments").select("id").where("status", "=", "pending").execute();
    for (const { id } of pending) await moderateComment(site.app, id, "approved");
    await visitClean(`${analysisPath}/thoughts/${top.id}/reply`);
    const text = flat(await visitClean(analysisPath, true));
    for (const payload of XSS_PAYLOADS.slice(0, 10)) expect(text).toContain(flat(cleanText(`Reply: ${payload}`)));
  });

  it("shows every payload typed as a search query as text, in the heading and the field", async () => {
    for (const payload of XSS_PAYLOADS) {
      const text = await visitClean(`/search?q=${encodeURIComponent(payload)}`);
      const query = payload.slice(0, 200).trim();
      if (flat(query)) expect(flat(text)).toContain(flat(query));
      expect(await page.inputValue("#search-q")).toBe(query);
    }
  });

  it("shows a refused error report's fields back as text", async () => {
    await page.goto(`${site.base}${analysisPath}`);
    await page.click("#report summary");
    await page.check("input[name=reason][value=other]");
    const payload = XSS_PAYLOADS.join(" ");
    await page.fill("#report-details", payload.slice(0, 1900));
    // The field's own type check would stop the browser posting a bad address; the server must too.
    await page.evaluate(() => document.querySelector("#report-source")?.setAttribute("type", "text"));
    await page.fill("#report-source", "javascript:alert('report')");
    await page.click("#report button[type=submit]");
    expect(await page.textContent("#report [role=alert]")).toContain("http or https");
    expect(await page.inputValue("#report-details")).toBe(cleanText(payload.slice(0, 1900)));
    expect(await page.inputValue("#report-source")).toBe("javascript:alert('report')");
    expect(ran.dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss: string[] }).__xss)).toEqual([]);
  });

  it("publishes the planted outlets' story with their payloads as text on every page", async () => {
    expect(plantedPath, "the planted outlets' story was published").toMatch(/^\/analysis\//);
    const text = flat(await visitClean(plantedPath));
    const shown = XSS_PAYLOADS.filter((p) => text.includes(flat(p)));
    // Both outlets' names carry a payload into the sources panel, and quoted sentences carry more.
    expect(text).toContain(flat(`Fernbay Gazette ${XSS_PAYLOADS[0]}`));
    expect(text).toContain(flat(`Harbour Courier ${XSS_PAYLOADS[1]}`));
    expect(shown.length).toBeGreaterThanOrEqual(3);
    expect(text).not.toContain("raw-img");
    await screenshot(page, "xss-planted-analysis");
    for (const path of ["/", "/archive", "/search?q=tidal+gate", "/category/climate", "/about"]) {
      await visitClean(path, true);
    }
    const sources = flat(await visitClean("/sources", true));
    expect(sources).toContain(flat(`Fernbay Gazette ${XSS_PAYLOADS[0]}`));
  });
});
