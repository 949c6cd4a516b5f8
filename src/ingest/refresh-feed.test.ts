import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { insertTestArticle } from "../../test/support/fixtures.ts";
import { fixedClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import type { OpenedDb } from "../store/db.ts";
import { listItemsBySource } from "../store/items.ts";
import { getSource, insertSource } from "../store/sources.ts";
import { createFetcher } from "./fetcher.ts";
import type { IngestDeps } from "./ingest-deps.ts";
import { refreshFeed } from "./refresh-feed.ts";
import { type LoopbackServer, startLoopbackServer } from "./testdata/loopback-server.ts";
import { minutesBetween, testIngestConfig } from "./testdata/test-config.ts";

const NOW = "2026-11-27T12:00:00.000Z";
const config = testIngestConfig();
const fetcher = createFetcher({
  timeoutMs: 2000,
  maxBytes: 1024 * 1024,
  userAgent: "PRISM-test",
  logger: silentLogger,
});
afterAll(() => fetcher.close());

interface FeedEntry {
  guid?: string;
  link?: string;
  title: string;
  date: string;
  body?: string;
}

function rss(entries: FeedEntry[], language = "en-us"): string {
  const items = entries
    .map(
      (e) =>
        `<item><title>${e.title}</title>${e.link ? `<link>${e.link}</link>` : ""}${
          e.guid ? `<guid isPermaLink="false">${e.guid}</guid>` : ""
        }<pubDate>${new Date(e.date).toUTCString()}</pubDate><description>${e.body ?? "A short summary."}</description></item>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test Outlet</title><link>https://outlet.example/</link><language>${language}</language>${items}</channel></rss>`;
}

const FRESH: FeedEntry[] = [
  {
    guid: "a-1",
    link: "https://outlet.example/news/bridge?utm_source=rss",
    title: "Bridge reopens",
    date: "2026-11-27T08:00:00Z",
  },
  { guid: "a-2", link: "https://outlet.example/news/budget", title: "Budget approved", date: "2026-11-26T18:00:00Z" },
  { guid: "a-3", title: "A letter without a link", date: "2026-11-26T10:00:00Z" },
  { guid: "a-4", link: "https://outlet.example/news/old", title: "An old story", date: "2026-09-01T10:00:00Z" },
];

describe.each(testDialects())("refreshFeed on $name", ({ open }) => {
  let opened: OpenedDb;
  let deps: IngestDeps;
  let servers: LoopbackServer[];
  const serve = async (handler: Parameters<typeof startLoopbackServer>[0]) => {
    const server = await startLoopbackServer(handler);
    servers.push(server);
    return server;
  };
  const addSource = async (feedUrl: string, fields: { allowPrivate?: boolean; language?: string } = {}) =>
    (
      await insertSource(
        opened.db,
        { name: `Outlet ${feedUrl}`, feedUrl, allowPrivate: fields.allowPrivate ?? true, language: fields.language },
        new Date(NOW),
      )
    ).id;
  const jobs = () => opened.db.selectFrom("jobs").selectAll().orderBy("id").execute();

  beforeEach(async () => {
    opened = await open();
    servers = [];
    deps = { db: opened.db, clock: fixedClock(NOW), logger: silentLogger, fetcher, config };
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await opened.close();
  });

  it("stores new items, drops the rest with a visible reason, and enqueues one extract-article job per stored item", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml", etag: '"feed-v1"' }).end(rss(FRESH));
    });
    const sourceId = await addSource(`${server.url}/feed.xml`);

    const result = await refreshFeed(deps, sourceId);

    expect(result).toEqual({
      sourceId,
      status: "ok",
      itemsSeen: 4,
      itemsStored: 2,
      dropped: { "no-link": 1, "too-old": 1 },
    });
    const items = await listItemsBySource(opened.db, sourceId);
    const byGuid = Object.fromEntries(items.map((i) => [i.guid, i]));
    expect(byGuid["a-1"]).toMatchObject({
      status: "stored",
      url: "https://outlet.example/news/bridge",
      title: "Bridge reopens",
      drop_reason: null,
    });
    expect(byGuid["a-3"]).toMatchObject({ status: "dropped", drop_reason: "no-link" });
    expect(byGuid["a-4"]).toMatchObject({ status: "dropped", drop_reason: "too-old" });

    const queued = await jobs();
    expect(queued.map((j) => [j.name, JSON.parse(j.payload)])).toEqual([
      ["extract-article", { itemId: byGuid["a-1"]?.id }],
      ["extract-article", { itemId: byGuid["a-2"]?.id }],
    ]);

    const source = await getSource(opened.db, sourceId);
    expect(source).toMatchObject({
      etag: '"feed-v1"',
      last_success_at: NOW,
      last_error: null,
      error_count: 0,
      poll_reason: "every 15 min",
      // The source had no language; the feed's declaration is remembered.
      language: "en",
    });
    // Every 15 minutes, give or take the jitter.
    expect(minutesBetween(NOW, source.next_poll_at)).toBeGreaterThanOrEqual(13.5);
    expect(minutesBetween(NOW, source.next_poll_at)).toBeLessThanOrEqual(16.5);
  });

  it("stores nothing new on a second refresh: a 304 when unchanged, no duplicates when the feed is sent again", async () => {
    let honourValidators = true;
    const server = await serve((req, res) => {
      if (honourValidators && req.headers["if-none-match"] === '"feed-v1"') return void res.writeHead(304).end();
      res.writeHead(200, { etag: '"feed-v1"' }).end(rss(FRESH));
    });
    const sourceId = await addSource(`${server.url}/feed.xml`);
    await refreshFeed(deps, sourceId);

    expect(await refreshFeed(deps, sourceId)).toEqual({
      sourceId,
      status: "not-modified",
      itemsSeen: 0,
      itemsStored: 0,
      dropped: {},
    });
    expect(server.requests[1]?.headers["if-none-match"]).toBe('"feed-v1"');

    honourValidators = false;
    const again = await refreshFeed(deps, sourceId);
    expect(again).toMatchObject({ status: "ok", itemsSeen: 4, itemsStored: 0, dropped: { "already-stored": 4 } });
    expect(await listItemsBySource(opened.db, sourceId)).toHaveLength(4);
    expect(await jobs()).toHaveLength(2);
  });

  it("drops items whose canonical URL is already stored as an article", async () => {
    const server = await serve((_req, res) => res.end(rss(FRESH.slice(0, 2))));
    const sourceId = await addSource(`${server.url}/feed.xml`);
    const other = await addSource("https://elsewhere.example/feed.xml", { allowPrivate: false });
    await insertTestArticle(opened.db, {
      sourceId: other,
      title: "Bridge reopens",
      text: "Text.",
      url: "https://outlet.example/news/bridge",
    });

    const result = await refreshFeed(deps, sourceId);

    expect(result).toMatchObject({ itemsStored: 1, dropped: { "already-stored": 1 } });
    const dropped = (await listItemsBySource(opened.db, sourceId)).find((i) => i.guid === "a-1");
    expect(dropped).toMatchObject({ status: "dropped", drop_reason: "already-stored" });
  });

  it("records a malformed feed and an unreachable feed on their sources while another source still refreshes", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/broken.xml") res.end('<?xml version="1.0"?><rss version="2.0"><channel><title>Half');
      else res.end(rss(FRESH.slice(0, 1)));
    });
    const closed = await startLoopbackServer((_req, res) => res.end());
    await closed.close();
    const broken = await addSource(`${server.url}/broken.xml`);
    const unreachable = await addSource(`${closed.url}/feed.xml`);
    const healthy = await addSource(`${server.url}/feed.xml`);

    const results = [];
    for (const id of [broken, unreachable, healthy]) results.push(await refreshFeed(deps, id));

    expect(results[0]).toMatchObject({ status: "error", error: expect.stringContaining("is not well-formed XML") });
    expect(results[1]).toMatchObject({ status: "error", error: expect.stringContaining("ECONNREFUSED") });
    expect(results[2]).toMatchObject({ status: "ok", itemsStored: 1 });

    const failed = await getSource(opened.db, broken);
    expect(failed).toMatchObject({
      error_count: 1,
      last_success_at: null,
      last_fetched_at: NOW,
      poll_reason: "backoff after 1 error",
    });
    expect(minutesBetween(NOW, failed.next_poll_at)).toBeGreaterThanOrEqual(27);
    expect(minutesBetween(NOW, failed.next_poll_at)).toBeLessThanOrEqual(33);
    expect(failed.last_error).toContain("/broken.xml is not well-formed XML");
    expect((await getSource(opened.db, unreachable)).last_error).toContain("ECONNREFUSED");

    // Consecutive failures back off further.
    await refreshFeed(deps, broken);
    const again = await getSource(opened.db, broken);
    expect(again).toMatchObject({ error_count: 2, poll_reason: "backoff after 2 errors" });
    expect(minutesBetween(NOW, again.next_poll_at)).toBeGreaterThanOrEqual(54);
    expect(minutesBetween(NOW, again.next_poll_at)).toBeLessThanOrEqual(66);
  });

  it("clears the error once the feed works again", async () => {
    let healthy = false;
    const server = await serve((_req, res) => {
      if (healthy) res.end(rss(FRESH.slice(0, 1)));
      else res.writeHead(500).end("down");
    });
    const sourceId = await addSource(`${server.url}/feed.xml`);
    expect(await refreshFeed(deps, sourceId)).toMatchObject({
      status: "error",
      error: expect.stringContaining("HTTP 500"),
    });
    healthy = true;
    expect(await refreshFeed(deps, sourceId)).toMatchObject({ status: "ok", itemsStored: 1 });
    expect(await getSource(opened.db, sourceId)).toMatchObject({
      error_count: 0,
      last_error: null,
      last_success_at: NOW,
    });
  });

  it("refuses a feed on a private address when the source does not allow it", async () => {
    const server = await serve((_req, res) => res.end(rss(FRESH)));
    const sourceId = await addSource(`${server.url}/feed.xml`, { allowPrivate: false });
    const result = await refreshFeed(deps, sourceId);
    expect(result).toMatchObject({ status: "error", itemsStored: 0 });
    expect(result.error).toContain("refused to connect to 127.0.0.1");
    expect(server.requests).toHaveLength(0);
  });

  it("reads a feed from a file: URL", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "prism-refresh-"));
    try {
      const file = path.join(dir, "feed.xml");
      await writeFile(file, rss(FRESH.slice(0, 2), "de"));
      const sourceId = await addSource(pathToFileURL(file).href, { language: "en" });
      expect(await refreshFeed(deps, sourceId)).toMatchObject({ status: "ok", itemsStored: 2 });
      // A language the operator set is kept even when the feed declares another.
      expect((await getSource(opened.db, sourceId)).language).toBe("en");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("honours the feed's ttl for the next poll, also when the next answer is a 304", async () => {
    let calls = 0;
    const server = await serve((req, res) => {
      calls++;
      if (req.headers["if-none-match"] === '"t1"') return void res.writeHead(304).end();
      const feed = rss(FRESH.slice(0, 1)).replace("<language>", "<ttl>120</ttl><language>");
      res.writeHead(200, { etag: '"t1"' }).end(feed);
    });
    const sourceId = await addSource(`${server.url}/feed.xml`);
    await refreshFeed(deps, sourceId);
    const polled = await getSource(opened.db, sourceId);
    expect(polled).toMatchObject({ feed_ttl_minutes: 120, poll_reason: "feed ttl 2 h" });
    expect(minutesBetween(NOW, polled.next_poll_at)).toBeGreaterThanOrEqual(108);

    expect((await refreshFeed(deps, sourceId)).status).toBe("not-modified");
    expect(calls).toBe(2);
    expect(await getSource(opened.db, sourceId)).toMatchObject({ feed_ttl_minutes: 120, poll_reason: "feed ttl 2 h" });
  });

  it("waits as long as Cache-Control max-age says, within the configured maximum", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "cache-control": "public, max-age=86400000" }).end(rss(FRESH.slice(0, 1)));
    });
    const sourceId = await addSource(`${server.url}/feed.xml`);
    const bounded = { ...deps, config: testIngestConfig({ refreshMaxMinutes: 240 }) };
    await refreshFeed(bounded, sourceId);
    const source = await getSource(opened.db, sourceId);
    expect(source.poll_reason).toContain("capped at 4 h");
    expect(minutesBetween(NOW, source.next_poll_at)).toBeLessThanOrEqual(240);
  });

  it("switches a source registered with a web page to the feed the page announces", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/") {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(
          '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head></html>',
        );
      } else res.end(rss(FRESH.slice(0, 2)));
    });
    const sourceId = await addSource(`${server.url}/`);

    const result = await refreshFeed(deps, sourceId);

    expect(result).toMatchObject({ status: "ok", itemsStored: 2, discoveredFeedUrl: `${server.url}/rss` });
    expect(await getSource(opened.db, sourceId)).toMatchObject({
      feed_url: `${server.url}/rss`,
      // The page stays known as the homepage (the feed names one, but the operator's page came first).
      homepage: `${server.url}/`,
      error_count: 0,
    });
  });

  it("refuses a discovered feed that another source already reads, and says which", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/") {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(
          '<!doctype html><html><head><link rel="alternate" type="application/atom+xml" href="/rss"></head></html>',
        );
      } else res.end(rss(FRESH.slice(0, 2)));
    });
    const existing = await addSource(`${server.url}/rss`);
    const page = await addSource(`${server.url}/`);

    const result = await refreshFeed(deps, page);

    expect(result.status).toBe("error");
    expect(result.error).toContain(`is already source ${existing}`);
    expect(await listItemsBySource(opened.db, page)).toHaveLength(0);
    expect((await getSource(opened.db, page)).feed_url).toBe(`${server.url}/`);
  });

  it("stores an item once when the feed lists it twice", async () => {
    const twice = [FRESH[0]!, FRESH[0]!, FRESH[1]!];
    const server = await serve((_req, res) => res.end(rss(twice)));
    const sourceId = await addSource(`${server.url}/feed.xml`);
    expect(await refreshFeed(deps, sourceId)).toMatchObject({
      itemsSeen: 3,
      itemsStored: 2,
      dropped: { "already-stored": 1 },
    });
    expect(await listItemsBySource(opened.db, sourceId)).toHaveLength(2);
    expect(await jobs()).toHaveLength(2);
  });
});
