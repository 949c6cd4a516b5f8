/**
 * Ingest against a misbehaving web: every fault of FAULTS on a loopback server, polled together
 * with a healthy feed. Each fault must end in the right behaviour or a clear error on its source;
 * the healthy feed must proceed; nothing stored before may be lost, changed or duplicated.
 */
import net from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { fixedClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import type { OpenedDb } from "../store/db.ts";
import { insertSource, listSources } from "../store/sources.ts";
import { createFetcher } from "./fetcher.ts";
import type { IngestDeps } from "./ingest-deps.ts";
import { type RefreshResult, refreshFeed } from "./refresh-feed.ts";
import { FAULTS, type Fault, type FaultServer, startFaultServer } from "./testdata/fault-server.ts";
import { type LoopbackServer, startLoopbackServer } from "./testdata/loopback-server.ts";
import { minutesBetween, testIngestConfig } from "./testdata/test-config.ts";
import { startUnresponsiveListener, type UnresponsiveListener } from "./testdata/unresponsive-listener.ts";

const NOW = "2026-11-27T12:00:00.000Z";

// Only 127.0.0.1 is private here: the fault server on 127.0.0.2 and the silent host on 127.0.0.3
// play public sites, so the guard is tested with sources that do not allow private addresses.
const internalOnly = new net.BlockList();
internalOnly.addAddress("127.0.0.1");
const fetcher = createFetcher({
  timeoutMs: 1000,
  connectTimeoutMs: 300,
  maxBytes: 1024 * 1024,
  userAgent: "PRISM-test",
  logger: silentLogger,
  blockedAddresses: internalOnly,
});

type Expectation =
  | { status: "error"; error: string; pollReason?: string }
  | { status: "ok"; newTitles: string[]; discovered?: boolean }
  | { status: "not-modified" };

const EXPECTED: Record<Fault | "connect-timeout", Expectation> = {
  "http-500": { status: "error", error: "HTTP 500" },
  "http-503-retry-after": { status: "error", error: "HTTP 503", pollReason: "Retry-After 2 h" },
  "http-429-retry-after": { status: "error", error: "HTTP 429", pollReason: "Retry-After 3 h" },
  "slow-drip": { status: "error", error: "within 1000 ms" },
  "body-50mb": { status: "error", error: "larger than the limit of 1048576 bytes" },
  "gzip-bomb": { status: "error", error: "larger than the limit of 1048576 bytes" },
  "malformed-xml": { status: "error", error: "is not well-formed XML" },
  "wrong-charset": { status: "ok", newTitles: ["Café “terrace” reopens"] },
  "missing-charset": { status: "ok", newTitles: ["Zürich votes"] },
  "redirect-loop": { status: "error", error: "more than 5 redirects" },
  "redirect-to-loopback": { status: "error", error: "refused to connect to 127.0.0.1" },
  "redirect-to-metadata": { status: "error", error: "refused to connect to 169.254.169.254" },
  "not-modified": { status: "not-modified" },
  "empty-body": { status: "error", error: "returned an empty document" },
  "html-page": { status: "error", error: "an HTML page that names no feed" },
  "html-page-with-feed": { status: "ok", newTitles: [], discovered: true },
  "connect-timeout": { status: "error", error: "could not connect to 127.0.0.3" },
};

let server: FaultServer;
let internal: LoopbackServer;
let silent: UnresponsiveListener;
beforeAll(async () => {
  internal = await startLoopbackServer((_req, res) => res.end("internal admin"));
  server = await startFaultServer("127.0.0.2", internal.url);
  silent = await startUnresponsiveListener("127.0.0.3");
});
afterAll(async () => {
  // Closing the fetcher waits for every request it started: a leaked connection would hang here.
  await fetcher.close();
  await Promise.all([server.close(), internal.close(), silent.close()]);
});

describe.each(testDialects())("ingest under faults on $name", ({ open }) => {
  let opened: OpenedDb;
  let deps: IngestDeps;
  beforeEach(async () => {
    opened = await open();
    deps = { db: opened.db, clock: fixedClock(NOW), logger: silentLogger, fetcher, config: testIngestConfig() };
    server.mode = "healthy";
  });
  afterEach(async () => {
    server.mode = "healthy";
    await opened.close();
  });

  const snapshot = async () => ({
    items: await opened.db.selectFrom("items").selectAll().orderBy("id").execute(),
    jobs: await opened.db.selectFrom("jobs").select(["id", "name", "payload"]).orderBy("id").execute(),
  });

  it("records each fault on its own source, lets the healthy feed proceed, and loses or duplicates nothing", async () => {
    const connect = vi.spyOn(net, "connect");
    try {
      const ids = new Map<string, number>();
      const add = async (name: string, url: string) =>
        ids.set(name, (await insertSource(opened.db, { name, feedUrl: url }, new Date(NOW))).id);
      for (const fault of FAULTS) await add(fault, `${server.url}/${fault}`);
      await add("control", `${server.url}/control`);

      // A first poll while everything is healthy: two items per feed.
      const first = await Promise.all([...ids.values()].map((id) => refreshFeed(deps, id)));
      expect(first.map((r) => r.status)).toEqual(first.map(() => "ok"));
      const before = await snapshot();
      expect(before.items).toHaveLength(2 * ids.size);
      expect(before.jobs).toHaveLength(2 * ids.size);

      // Now every feed misbehaves, a silent host joins, and the control feed has a new story.
      server.mode = "faulty";
      await add("connect-timeout", `${silent.url}/feed.xml`);
      const results = new Map<string, RefreshResult>();
      await Promise.all([...ids.entries()].map(async ([name, id]) => results.set(name, await refreshFeed(deps, id))));

      const sources = new Map((await listSources(opened.db)).map((s) => [s.name, s]));
      for (const [name, expected] of Object.entries(EXPECTED)) {
        const result = results.get(name)!;
        const source = sources.get(name)!;
        expect(result.status, name).toBe(expected.status);
        expect(source.active, name).toBe(1);
        if (expected.status === "error") {
          expect(result.error, name).toContain(expected.error);
          expect(source.last_error, name).toContain(expected.error);
          expect(source.error_count, name).toBe(1);
          expect(source.last_success_at, name).toBe(name === "connect-timeout" ? null : NOW);
          expect(source.poll_reason, name).toBe(expected.pollReason ?? "backoff after 1 error");
          expect(minutesBetween(NOW, source.next_poll_at), name).toBeGreaterThanOrEqual(27);
        } else {
          expect(source.error_count, name).toBe(0);
          expect(source.last_error, name).toBeNull();
        }
        if (expected.status === "ok") {
          expect(result.itemsStored, name).toBe(expected.newTitles.length);
          const titles = (
            await opened.db.selectFrom("items").select("title").where("source_id", "=", source.id).execute()
          ).map((r) => r.title);
          for (const title of expected.newTitles) expect(titles, name).toContain(title);
        }
      }
      expect(results.get("html-page-with-feed")?.discoveredFeedUrl).toBe(`${server.url}/discovered.xml`);
      expect(sources.get("html-page-with-feed")?.feed_url).toBe(`${server.url}/discovered.xml`);
      expect(results.get("control")).toMatchObject({ status: "ok", itemsStored: 1 });

      // The guard kept the fetcher away from the internal server and never dialled the metadata address.
      expect(internal.requests).toHaveLength(0);
      const dialled = connect.mock.calls.map((call) => JSON.stringify(call[0]));
      expect(dialled.some((d) => d.includes("127.0.0.2"))).toBe(true);
      expect(dialled.some((d) => d.includes("169.254"))).toBe(false);

      // Everything stored before is still there, unchanged; only the new stories were added.
      const after = await snapshot();
      expect(after.items.slice(0, before.items.length)).toEqual(before.items);
      expect(after.jobs.slice(0, before.jobs.length)).toEqual(before.jobs);
      expect(
        after.items
          .slice(before.items.length)
          .map((i) => i.title)
          .sort(),
      ).toEqual(["Café “terrace” reopens", "Fresh story on /control", "Zürich votes"]);
      expect(after.jobs).toHaveLength(before.jobs.length + 3);

      // Healthy again: every failing feed recovers, and nothing is stored twice.
      server.mode = "healthy";
      const recovered = await Promise.all(
        FAULTS.map(async (fault) => [fault, await refreshFeed(deps, ids.get(fault)!)] as const),
      );
      for (const [fault, result] of recovered) {
        expect(result.status, fault).toMatch(/^(ok|not-modified)$/);
        expect(result.itemsStored, fault).toBe(0);
      }
      const healed = new Map((await listSources(opened.db)).map((s) => [s.name, s]));
      for (const fault of FAULTS) expect(healed.get(fault)?.error_count, fault).toBe(0);
      expect((await snapshot()).items).toHaveLength(after.items.length);
    } finally {
      connect.mockRestore();
    }
  });
});
