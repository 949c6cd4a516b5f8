/**
 * `npm run bench:ingest`: throughput of one feed poll without the network. Every feed file of
 * ../shared/data/feeds (feedparser and gofeed corpora, research-only) becomes a source; each
 * round polls every source once through the real refresh-feed stage (decode, parse, screen,
 * store items and their extract-article jobs, in a SQLite file) with a fetcher that serves the
 * files from memory. The raw parser (feedsmith alone, on the decoded text) runs over the same
 * corpus in the same process for comparison. Prints a table and ends with one RESULT line.
 *
 *   npm run bench:ingest -- --rounds 3
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseFeed as parseRaw } from "feedsmith";
import { loadConfig } from "../src/config.ts";
import { decodeBody, type Fetcher, type FetchResult } from "../src/ingest/fetcher.ts";
import type { IngestDeps } from "../src/ingest/ingest-deps.ts";
import { refreshFeed } from "../src/ingest/refresh-feed.ts";
import { fixedClock } from "../src/lib/clock.ts";
import { silentLogger } from "../src/lib/logger.ts";
import { openDb } from "../src/store/db.ts";
import { insertSource } from "../src/store/sources.ts";
import { printTable, sharedData } from "./ingest-lib/shared-data.ts";

const roundsArg = process.argv.indexOf("--rounds");
const ROUNDS = roundsArg > 0 ? Math.max(1, Number(process.argv[roundsArg + 1])) : 3;

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

const files = [
  ...walk(sharedData("feeds", "feedparser")),
  ...walk(path.join(sharedData("feeds", "gofeed"), "testdata", "parser")),
].filter((f) => /\.(xml|json)$/.test(f) && !f.endsWith("_expected.json") && !/parser\/(atom|rss)\/.*\.json$/.test(f));
const corpus = files.map((file) => readFileSync(file));
const texts = corpus.map((bytes) => decodeBody(bytes, null));

// The raw parser alone: feedsmith on the decoded text, items counted as it returns them.
function rawPass(): number {
  let items = 0;
  for (const text of texts) {
    try {
      const parsed = parseRaw(text);
      items += (parsed.format === "atom" ? parsed.feed.entries?.length : parsed.feed.items?.length) ?? 0;
    } catch {
      // Refused documents count no items, as in the pipeline.
    }
  }
  return items;
}

const now = "2026-11-27T12:00:00.000Z";
const cache = { cacheControl: null, expires: null, date: null };
// Serves file n of the corpus for any URL ending in /n.
const fetcher: Fetcher = {
  async fetch(url): Promise<FetchResult> {
    const index = Number(url.slice(url.lastIndexOf("/") + 1));
    return {
      status: "ok",
      body: decodeBody(corpus[index]!, null),
      contentType: null,
      finalUrl: url,
      etag: null,
      lastModified: null,
      cache,
    };
  },
};

const dir = mkdtempSync(path.join(os.tmpdir(), "prism-bench-ingest-"));
const opened = await openDb({ kind: "sqlite", file: path.join(dir, "bench.db") });
const defaults = loadConfig({});
const deps: IngestDeps = {
  db: opened.db,
  clock: fixedClock(now),
  logger: silentLogger,
  fetcher,
  // The corpora date from 2003 to 2019: no item is screened out as too old here.
  config: { refreshMinutes: defaults.refreshMinutes, ingest: { ...defaults.ingest, maxItemAgeDays: 3650 * 10 } },
};

try {
  rawPass(); // warm-up
  let rawItems = 0;
  let t = performance.now();
  for (let r = 0; r < ROUNDS; r++) rawItems += rawPass();
  const rawSeconds = (performance.now() - t) / 1000;

  // Sources are registered before the clock starts: adding them is not part of a poll.
  const sources: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < corpus.length; i++) {
      const source = await insertSource(
        opened.db,
        { name: `bench ${r}/${i}`, feedUrl: `http://bench.invalid/${r}/${i}` },
        new Date(now),
      );
      sources.push(source.id);
    }
  }

  let seen = 0;
  let stored = 0;
  let errors = 0;
  t = performance.now();
  for (const sourceId of sources) {
    const result = await refreshFeed(deps, sourceId);
    seen += result.itemsSeen;
    stored += result.itemsStored;
    if (result.status === "error") errors++;
  }
  const pipelineSeconds = (performance.now() - t) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;

  const itemsPerS = seen / pipelineSeconds;
  const parserItemsPerS = rawItems / rawSeconds;
  printTable([
    ["stage", "feeds", "items", "seconds", "items/s"],
    ["raw parser (feedsmith)", corpus.length * ROUNDS, rawItems, rawSeconds, parserItemsPerS],
    ["parse + screen + store", corpus.length * ROUNDS, seen, pipelineSeconds, itemsPerS],
  ]);
  process.stdout.write(
    `\n${ROUNDS} rounds over ${corpus.length} feed files; ${stored} items stored, ${seen - stored} dropped, ` +
      `${errors} polls ended in a recorded error; SQLite file, one transaction per poll\n`,
  );
  process.stdout.write(
    `RESULT items_per_s=${Math.round(itemsPerS)} parser_items_per_s=${Math.round(parserItemsPerS)} ` +
      `ratio=${(itemsPerS / parserItemsPerS).toFixed(2)} peak_mb=${Math.round(peakMb)}\n`,
  );
} finally {
  await opened.close();
  rmSync(dir, { recursive: true, force: true });
}
