/**
 * A reader in a real browser on the sample newsroom: the edition, an analysis, a citation
 * followed to its source, a Thought held for moderation and approved from the command line (a
 * separate process, so the page cache must learn of it through the database), search, dark mode
 * and the keyboard. Screenshots go to test-results/browser/.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/app.ts";
import { browserTestsRun, launchBrowser, type Site, screenshot, startSite, watchProblems } from "./support.ts";

// The callbacks given to page.evaluate run inside the browser, where these globals exist.
// biome-ignore lint/suspicious/noExplicitAny: browser globals, typed by the browser, not by tsc here.
declare const document: any;
// biome-ignore lint/suspicious/noExplicitAny: as above.
declare const window: any;
// biome-ignore lint/suspicious/noExplicitAny: as above.
declare const location: any;
// biome-ignore lint/suspicious/noExplicitAny: as above.
declare const getComputedStyle: any;

const run = promisify(execFile);

describe.skipIf(!browserTestsRun)("the reader's site in chromium", () => {
  let site: Site;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [site, browser] = await Promise.all([startSite(), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    problems = watchProblems(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it("opens today's edition with a lead story and sections", async () => {
    const res = await page.goto(`${site.base}/`);
    expect(res?.status()).toBe(200);
    expect(await page.textContent("h1")).toBe("Today's edition");
    expect(await page.locator(".card.lead h2 a").count()).toBe(1);
    expect(await page.locator(".category-block").count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, "home");
    expect(problems).toEqual([]);
  });

  it("opens an analysis with its verification line and sources, and follows a citation to its source", async () => {
    await openAnalysis(page);
    expect(await page.locator("h1").count()).toBe(1);
    expect(await page.textContent(".verification-line")).toMatch(/\d+ of \d+ claims verified against sources/);
    expect(await page.locator("#sources li").count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, "analysis");
    // The page and its stylesheet, as a browser first downloads them, stay under 60 KB with no blocking script.
    const cssHref = (await page.getAttribute("link[rel=stylesheet]", "href")) ?? "";
    const [html, css] = await Promise.all(
      [page.url().replace(/#.*$/, ""), new URL(cssHref, page.url()).href].map(async (u) =>
        Buffer.from(await (await fetch(u, { headers: { "Accept-Encoding": "identity" } })).arrayBuffer()),
      ),
    );
    const weight = {
      bytes: (html?.length ?? 0) + (css?.length ?? 0),
      blocking: await page.locator("script:not([type='application/ld+json'])").count(),
    };
    expect(weight.blocking).toBe(0);
    expect(weight.bytes).toBeLessThan(60 * 1024);

    const marker = page.locator(".body sup a").first();
    const href = (await marker.getAttribute("href")) ?? "";
    expect(href).toMatch(/^#(source|passage)-\d+$/);
    await marker.click();
    await page.waitForURL(new RegExp(`${href}$`));
    if (href.startsWith("#passage-")) {
      // The marker opens the quoted passage; its outlet link leads on to the source entry.
      expect(await page.locator(":target blockquote").count()).toBe(1);
      await screenshot(page, "citation-passage");
      await page.locator(":target a[href^='#source-']").click();
      await page.waitForURL(/#source-\d+$/);
    }
    const target = await page.evaluate(() => {
      const el = document.querySelector(":target");
      if (!el) return null;
      const box = el.getBoundingClientRect();
      return {
        id: el.id,
        inSources: el.closest("#sources") !== null,
        visible: box.bottom > 0 && box.top < window.innerHeight,
      };
    });
    expect(target?.id).toMatch(/^source-\d+$/);
    expect(target).toMatchObject({ inSources: true, visible: true });
    expect(await page.locator(":target a[href^='https://']").count()).toBe(1);
    await screenshot(page, "citation-followed");
    expect(problems).toEqual([]);
  });

  it("keeps headings in order and starts keyboard navigation at the skip link", async () => {
    const levels = await page.$$eval("main h1, main h2, main h3, main h4", (hs) => hs.map((h) => Number(h.tagName[1])));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect((levels[i] ?? 0) - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1);
    await page.reload();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => location.hash)).toBe("#main");
  });

  it("posts a Thought with a link, shows it pending, and shows it once `prism comments approve` ran in another process", async () => {
    await openAnalysis(page);
    const analysisUrl = page.url().replace(/#.*$/, "");
    await page.fill("#thought-name", "Browser Reader");
    await page.fill(
      "#thought-text",
      "A careful piece. The court ruling is at https://court.example/ruling-42 for anyone curious.",
    );
    await page.click("#thoughts button[type=submit]");
    await page.waitForURL(/\?thought=pending#thoughts$/);
    expect(await page.textContent("#thoughts [role=status]")).toContain("once a moderator has read it");
    expect(await page.locator(".thought-text", { hasText: "court.example" }).count()).toBe(0);
    await screenshot(page, "thought-pending");

    const listed = await prism(["comments", "list", "--json"]);
    const pending = JSON.parse(listed) as { id: number; author_name: string; status: string }[];
    const mine = pending.find((c) => c.author_name === "Browser Reader");
    expect(mine?.status).toBe("pending");
    expect(await prism(["comments", "approve", String(mine?.id)])).toContain("approved");

    await page.goto(analysisUrl);
    // A browser may reuse its copy for a minute (max-age); a reload revalidates, as readers do.
    await page.reload();
    const thought = page.locator(".thought", { hasText: "Browser Reader" });
    expect(await thought.count()).toBe(1);
    const link = thought.locator(".thought-text a");
    expect(await link.getAttribute("href")).toBe("https://court.example/ruling-42");
    expect(await link.getAttribute("rel")).toBe("ugc nofollow noopener");
    await thought.scrollIntoViewIfNeeded();
    await screenshot(page, "thought-approved");
    expect(problems).toEqual([]);
  });

  it("searches the full text from the header and marks the matches", async () => {
    await page.goto(`${site.base}/`);
    await page.fill("#site-search", "Geneva Convention");
    await page.press("#site-search", "Enter");
    await page.waitForURL(/\/search\?q=Geneva\+Convention/);
    expect(await page.textContent("h1")).toBe("Results for “Geneva Convention”");
    expect(await page.locator(".result").count()).toBeGreaterThanOrEqual(1);
    expect((await page.locator(".snippet mark").first().textContent())?.toLowerCase()).toMatch(/geneva|convention/);
    await screenshot(page, "search");
    await page.locator(".result h2 a").first().click();
    await page.waitForURL(/\/analysis\//);
    expect(await page.textContent("main")).toContain("Geneva");
  });

  it("follows the system's dark colour scheme", async () => {
    await page.goto(`${site.base}/`);
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await page.evaluate(() => ({
      bg: getComputedStyle(document.body).backgroundColor,
      fg: getComputedStyle(document.body).color,
    }));
    expect(light).toBe("rgb(255, 255, 255)");
    expect(dark.bg).toBe("rgb(18, 19, 22)");
    expect(dark.fg).toBe("rgb(232, 232, 234)");
    await screenshot(page, "home-dark");
    await openAnalysis(page);
    await screenshot(page, "analysis-dark");
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("lays the analysis out on a phone without sideways scrolling", async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const p = await phone.newPage();
    await openAnalysis(p);
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(p, "analysis-phone");
    await phone.close();
  });

  /** From the edition to its lead analysis, as a reader would. */
  async function openAnalysis(p: Page): Promise<void> {
    await p.goto(`${site.base}/`);
    await p.locator(".card.lead h2 a").click();
    await p.waitForURL(/\/analysis\//);
  }

  /** Runs the real CLI against the same database, as an editor would from a shell. */
  async function prism(args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...site.env },
      timeout: 60_000,
    });
    return stdout;
  }
});
