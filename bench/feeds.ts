/**
 * `npm run bench:feeds`: PRISM's feed parser on real-world test corpora (../shared/data,
 * research-only). Every file of feeds/feedparser is decoded and parsed on a worker thread with
 * a time limit: a crash is any exception other than FeedParseError, a hang is a file that takes
 * longer than the limit. Their "Expect:" expressions that name fields of ours are evaluated
 * (ingest-lib/feedparser-expect.ts), and the 433 feed/JSON pairs of feeds/gofeed (Atom and RSS
 * parser tests) are compared field by field (ingest-lib/gofeed-fields.ts).
 * Prints tables and ends with one RESULT line.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { ParsedFeed } from "../src/ingest/parse-feed.ts";
import { evaluate, readContentLocation, readContentType, readExpectation } from "./ingest-lib/feedparser-expect.ts";
import { compareGofeed, type FieldCheck } from "./ingest-lib/gofeed-fields.ts";
import type { ParseTask } from "./ingest-lib/parse-worker.ts";
import { printTable, sharedData } from "./ingest-lib/shared-data.ts";
import { type PoolOutcome, runPool } from "./ingest-lib/worker-pool.ts";

const TIMEOUT_MS = 10_000;
const verbose = process.argv.includes("--verbose");
type Reply = { id: number; feed?: ParsedFeed; refused?: string; crash?: string };

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

const feedparserDir = sharedData("feeds", "feedparser");
const gofeedDir = sharedData("feeds", "gofeed", "testdata", "parser");
const feedparserFiles = walk(feedparserDir).filter((f) => /\.(xml|json)$/.test(f));
const gofeedPairs = ["atom", "rss"].flatMap((format) =>
  walk(path.join(gofeedDir, format))
    .filter((f) => f.endsWith(".xml"))
    .map((xml) => ({ format: format as "atom" | "rss", xml, json: xml.replace(/\.xml$/, ".json") })),
);

const tasks: ParseTask[] = [];
for (const file of feedparserFiles) {
  const head = readFileSync(file, "latin1").slice(0, 4000);
  const relative = path.relative(feedparserDir, file);
  tasks.push({
    id: tasks.length,
    file,
    contentType: readContentType(head),
    baseUrl: readContentLocation(head) ?? `http://127.0.0.1:8097/tests/${relative}`,
  });
}
const gofeedStart = tasks.length;
for (const pair of gofeedPairs) {
  tasks.push({ id: tasks.length, file: pair.xml, contentType: null, baseUrl: "http://bench.invalid/feed.xml" });
}

const started = performance.now();
const outcomes = await runPool<ParseTask, Reply>(new URL("./ingest-lib/parse-worker.ts", import.meta.url), tasks, {
  workers: 2,
  timeoutMs: TIMEOUT_MS,
});
const seconds = (performance.now() - started) / 1000;

const feedOf = (o: PoolOutcome<Reply> | undefined) => (o && "result" in o ? o.result.feed : undefined);
const count = (from: number, to: number, test: (o: PoolOutcome<Reply>) => boolean) =>
  tasks.slice(from, to).filter((t) => test(outcomes.get(t.id)!)).length;
const isCrash = (o: PoolOutcome<Reply>) => "result" in o && o.result.crash !== undefined;
const isHang = (o: PoolOutcome<Reply>) => "hang" in o;
const isRefused = (o: PoolOutcome<Reply>) => "result" in o && o.result.refused !== undefined;

for (const task of tasks) {
  const o = outcomes.get(task.id)!;
  if (isCrash(o) || isHang(o))
    process.stderr.write(`${isHang(o) ? "HANG" : "CRASH"} ${task.file}: ${"result" in o ? o.result.crash : ""}\n`);
}

// feedparser expectations
let withExpectation = 0;
let mapped = 0;
let passed = 0;
for (const task of tasks.slice(0, gofeedStart)) {
  const text = readFileSync(task.file, "latin1");
  const expectation = task.file.endsWith(".json")
    ? (JSON.parse(readFileSync(task.file, "utf8")).__TEST__ as string | undefined)?.match(/Expect:\s*(.*?)\s*-->/)?.[1]
    : readExpectation(text);
  if (!expectation) continue;
  withExpectation++;
  const result = evaluate(expectation.replace(/\bfeed\.title\b/g, "feed['title']"), feedOf(outcomes.get(task.id)));
  if (!result.mapped) continue;
  mapped++;
  if (result.pass) passed++;
  else if (verbose)
    process.stderr.write(`FAIL ${path.relative(feedparserDir, task.file)}: ${result.failed.join("; ")}\n`);
}

// gofeed pairs
const checks: FieldCheck[] = [];
gofeedPairs.forEach((pair, i) => {
  const expected = JSON.parse(readFileSync(pair.json, "utf8")) as Record<string, unknown>;
  const found = compareGofeed(pair.format, expected, feedOf(outcomes.get(gofeedStart + i)));
  for (const c of found) {
    if (!c.match && verbose)
      process.stderr.write(
        `MISMATCH ${path.relative(gofeedDir, pair.xml)} ${c.field}: ${JSON.stringify(c.expected)} vs ${JSON.stringify(c.actual)}\n`,
      );
  }
  checks.push(...found);
});
const byField = new Map<string, { n: number; ok: number }>();
for (const c of checks) {
  const entry = byField.get(c.field) ?? { n: 0, ok: 0 };
  entry.n++;
  if (c.match) entry.ok++;
  byField.set(c.field, entry);
}
const gofeedMatch = checks.filter((c) => c.match).length / checks.length;

const n = gofeedStart;
printTable([
  ["corpus", "files", "parsed", "refused", "crashes", "hangs"],
  [
    "feedparser",
    n,
    count(0, n, (o) => "result" in o && o.result.feed !== undefined),
    count(0, n, isRefused),
    count(0, n, isCrash),
    count(0, n, isHang),
  ],
  [
    "gofeed (atom+rss)",
    tasks.length - n,
    count(n, tasks.length, (o) => "result" in o && o.result.feed !== undefined),
    count(n, tasks.length, isRefused),
    count(n, tasks.length, isCrash),
    count(n, tasks.length, isHang),
  ],
]);
process.stdout.write(`\n${seconds.toFixed(1)} s, ${TIMEOUT_MS / 1000} s limit per file\n\n`);
printTable([
  ["feedparser expectations", "count"],
  ["files with an expectation", withExpectation],
  ["mapped to PRISM fields", mapped],
  ["passed", passed],
]);
process.stdout.write("\n");
printTable([
  ["gofeed field", "checked", "matched", "rate"],
  ...[...byField.entries()].map(([field, { n: total, ok }]) => [field, total, ok, ok / total]),
  ["all fields", checks.length, checks.filter((c) => c.match).length, gofeedMatch],
]);

const crashes = count(0, tasks.length, isCrash);
const hangs = count(0, tasks.length, isHang);
process.stdout.write(
  `RESULT feedparser_files=${n} crashes=${crashes} hangs=${hangs} feedparser_pass=${(passed / mapped).toFixed(2)} gofeed_match=${gofeedMatch.toFixed(2)}\n`,
);
