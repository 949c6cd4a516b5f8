/**
 * What the browser tests share: Debian's chromium driven by playwright-core (never a downloaded
 * browser), a PRISM built on a temporary SQLite store and served on a loopback port, the sample
 * newsroom run through the whole pipeline, and screenshots kept under test-results/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { type Browser, chromium, type Page } from "playwright-core";
import { type App, createApp, PROJECT_ROOT } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { scheduleDueFeeds } from "../../src/jobs/schedule.ts";
import { runJobs } from "../../src/jobs/worker.ts";
import { silentLogger } from "../../src/lib/logger.ts";
import { installSampleSources } from "../../src/samples/install-samples.ts";
import { reindexAllForSearch } from "../../src/store/search.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = path.join(PROJECT_ROOT, "test-results", "browser");

/**
 * The browser tests run wherever chromium is installed, and always in CI (where a missing
 * chromium is a failure, not a skip). A newcomer's `npm test` without it skips them and says so.
 */
export const browserTestsRun = existsSync(CHROMIUM) || process.env.CI === "true";
if (!browserTestsRun) {
  process.stderr.write(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)\n`);
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export interface Site {
  app: App;
  base: string;
  dataDir: string;
  env: Record<string, string>;
  /** Runs every queued pipeline job, then indexes what was published for search. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** A PRISM on a fresh SQLite store, serving on 127.0.0.1 with the bundled sample installed and run. */
export async function startSite(extraEnv: Record<string, string> = {}): Promise<Site> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "prism-browser-"));
  const env = {
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    SITE_URL: "http://prism.test",
    SECRET_KEY: "browser-tests-secret-key",
    COMMENT_MIN_INTERVAL_SECONDS: "0",
    PAGE_CACHE_CHECK_MS: "0",
    ...extraEnv,
  };
  const app = await createApp(loadConfig(env), { logger: silentLogger });
  const drain = async () => {
    await scheduleDueFeeds(app.db, app.clock.now());
    await runJobs(
      { db: app.db, clock: app.clock, logger: app.logger, handlers: app.handlers() },
      { untilDrained: true },
    );
    // The publish step indexes what it publishes; indexing again is harmless and covers a store
    // filled before that step did.
    await reindexAllForSearch(app.db);
    app.web.invalidate();
  };
  await installSampleSources(app.db, { samplesDir: app.samplesDir, dataDir, now: app.clock.now() });
  await drain();
  const server = serve({ fetch: app.web.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    dataDir,
    env,
    drain,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Everything a page says it could not do: console errors, uncaught exceptions, failed requests. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}
