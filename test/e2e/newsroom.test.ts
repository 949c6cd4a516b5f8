/**
 * The whole newsroom on the bundled sample: install the sample sources, run every pipeline job,
 * then read the served HTML as a reader would and check the reference anatomy on it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseHTML } from "linkedom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { scheduleDueFeeds } from "../../src/jobs/schedule.ts";
import { runJobs } from "../../src/jobs/worker.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { installSampleSources } from "../../src/samples/install-samples.ts";
import { countJobsByStatus } from "../../src/store/jobs.ts";
import { createTestSchema } from "../support/db.ts";

const targets = [
  { name: "sqlite", env: {} as Record<string, string> },
  ...(process.env.TEST_DATABASE_URL ? [{ name: "postgres", env: { DATABASE_URL: "" } }] : []),
];

describe.each(targets)("the newsroom on the sample sources ($name)", ({ name }) => {
  let app: App;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "prism-e2e-"));
    const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: "silent", SITE_URL: "http://prism.test" };
    if (name === "postgres") {
      const pgSchema = await createTestSchema(process.env.TEST_DATABASE_URL as string);
      const url = new URL(process.env.TEST_DATABASE_URL as string);
      url.searchParams.set("options", `-c search_path=${pgSchema}`);
      env.DATABASE_URL = url.toString();
    }
    app = await createApp(loadConfig(env), { logger: silentLogger });
    await installSampleSources(app.db, { samplesDir: app.samplesDir, dataDir, now: app.clock.now() });
    await scheduleDueFeeds(app.db, app.clock.now());
    await runJobs({ db: app.db, clock: app.clock, logger: app.logger, handlers: app.handlers() }, { untilDrained: true });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = async (url: string) => {
    const res = await app.web.app.request(url);
    return { status: res.status, text: await res.text(), res };
  };

  it("runs every job without a failure", async () => {
    const jobs = await countJobsByStatus(app.db);
    expect(jobs.failed).toBe(0);
    expect(jobs.queued + jobs.running).toBe(0);
  });

  it("publishes an analysis for each sample story with three or more outlets", async () => {
    const { items } = (await (await app.web.app.request("/api/v1/analyses?limit=100")).json()) as {
      items: { slug: string; headline: string; category: string; sources: unknown[] }[];
    };
    expect(items.length).toBeGreaterThanOrEqual(6);
    for (const item of items) expect(item.sources.length).toBeGreaterThanOrEqual(2);
  });

  it("serves the North Korean prisoners story as a Politics analysis with every element of the reference page", async () => {
    const { items } = (await (await app.web.app.request("/api/v1/analyses?limit=100")).json()) as {
      items: { slug: string; headline: string; category: string; url: string }[];
    };
    const list = await Promise.all(
      items.map(async (i) => ({ i, body: await (await app.web.app.request(`/api/v1/analyses/${i.slug}`)).text() })),
    );
    const pow = list.find(({ body }) => /North Korean/.test(body) && /Geneva Convention/.test(body));
    expect(pow, "an analysis of the North Korean prisoners story").toBeDefined();
    // A dispute between governments over prisoners of war: either reading of the fixed list is fair.
    expect(["Politics", "World"]).toContain(pow?.i.category);

    const page = await get(`/analysis/${pow?.i.slug}`);
    expect(page.status).toBe(200);
    const { document } = parseHTML(page.text);
    const text = document.body.textContent ?? "";

    // 1 site header with Home and the site name, nav by category
    const header = document.querySelector("header");
    expect(header?.textContent).toContain("PRISM News");
    expect(header?.querySelector('a[href="/"]')).not.toBeNull();
    expect(header?.querySelector('a[href="/category/politics"]')).not.toBeNull();
    // 2 headline
    expect(document.querySelectorAll("h1").length).toBe(1);
    expect(document.querySelector("h1")?.textContent?.trim().length).toBeGreaterThan(8);
    // 3 category and the label "AI Analysis"
    expect(text).toContain("Politics");
    expect(text).toContain("AI Analysis");
    // 4 read time
    expect(text).toMatch(/\d+ min read/);
    // 6 dek, 7 sectioned body
    expect(document.querySelectorAll("main h2").length).toBeGreaterThanOrEqual(3);
    // 5 sources: every source article with outlet and a link
    const sourceLinks = [...document.querySelectorAll('[id^="source-"] a[href^="https://"]')];
    expect(sourceLinks.length).toBeGreaterThanOrEqual(3);
    // 8 disclaimer with the verification result beside it
    expect(text).toMatch(/generated by AI|AI-generated/i);
    expect(text).toMatch(/\d+ of \d+ claims verified against sources/);
    // 9 Thoughts with a form, 10 Related Articles
    expect(text).toContain("Thoughts");
    expect(document.querySelector('form[method="post"] textarea')).not.toBeNull();
    expect(text).toContain("Related Articles");

    // Every citation marker resolves to a listed source.
    const markers = [...document.querySelectorAll('a[href^="#source-"]')];
    expect(markers.length).toBeGreaterThan(5);
    for (const a of markers) {
      const id = (a.getAttribute("href") ?? "").slice(1);
      expect(document.getElementById(id), `${id} is listed`).not.toBeNull();
    }
  });

  it("lists analyses on the home page grouped by category and on category pages", async () => {
    const { items } = (await (await app.web.app.request("/api/v1/analyses?limit=100")).json()) as {
      items: { slug: string; category: string }[];
    };
    const home = await get("/");
    expect(home.status).toBe(200);
    for (const item of items.slice(0, 3)) expect(home.text).toContain(`/analysis/${item.slug}`);
    const category = items[0]?.category ?? "";
    const page = await get(`/category/${category.toLowerCase()}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/analysis/${items[0]?.slug}`);
  });

  it("reads the feeds a second time without storing anything twice", async () => {
    const count = async () => {
      const a = await app.db.selectFrom("articles").select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirstOrThrow();
      const v = await app.db
        .selectFrom("analysis_versions")
        .select((eb) => eb.fn.countAll<string | number>().as("n"))
        .executeTakeFirstOrThrow();
      return [Number(a.n), Number(v.n)];
    };
    const before = await count();
    await installSampleSources(app.db, { samplesDir: app.samplesDir, dataDir, now: app.clock.now() });
    await app.db.updateTable("sources").set({ next_poll_at: null, etag: null, last_modified: null }).execute();
    await scheduleDueFeeds(app.db, app.clock.now());
    await runJobs({ db: app.db, clock: app.clock, logger: app.logger, handlers: app.handlers() }, { untilDrained: true });
    expect(await count()).toEqual(before);
  });
});
