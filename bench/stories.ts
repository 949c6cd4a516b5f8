/**
 * `npm run bench:stories`: clustering quality on ECB+ and cost at scale, through the product
 * code (the SQLite store, `clusterPending` then the merge pass, exactly what `prism cluster`
 * runs). Prints tables and ends with one RESULT line.
 *
 * Quality: ../shared/data/clustering/ecbplus (982 documents, 43 topics, 86 events; research-only,
 * read from its .tgz into a temporary directory at run time). Pairwise and B-cubed precision,
 * recall and F1 against the events and against the topics, for PRISM and for a baseline run in
 * the same process: TF-IDF over the whole corpus with average-link agglomerative clustering, at
 * the threshold that gives it its best event-level pairwise F1 (an oracle choice PRISM does not
 * get). ECB+ documents carry no dates, so they are fed in document-id order with synthetic
 * publication times one minute apart: all inside one time window, and the order and times say
 * nothing about the gold events. The same run repeated in shuffled orders shows how much the
 * order matters.
 *
 * Scale: a generated stream (bench/stories-lib/synthetic-corpus.ts) of 10k, 50k and 100k
 * articles at 1,000 a day, each size seeded into its own SQLite file by one child process and
 * clustered by another, whose time and peak resident memory are measured.
 *
 *   npm run bench:stories -- --sizes 10000,50000,100000 --orders 5
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config.ts";
import { fixedClock } from "../src/lib/clock.ts";
import { silentLogger } from "../src/lib/logger.ts";
import { openDb } from "../src/store/db.ts";
import { clusterPending } from "../src/stories/cluster-article.ts";
import { mergeStories } from "../src/stories/merge-stories.ts";
import { averageLinkMerges, cosineMatrix, cutAt, tfidfVectors } from "./stories-lib/average-link.ts";
import { type ClusterScores, scoreClustering } from "./stories-lib/cluster-metrics.ts";
import { type EcbDocument, ecbplusFolder, loadEcbPlus } from "./stories-lib/ecbplus.ts";
import { readLabels, seedArticles } from "./stories-lib/seed-articles.ts";
import { syntheticCorpus } from "./stories-lib/synthetic-corpus.ts";

const thisFile = fileURLToPath(import.meta.url);
const projectRoot = path.resolve(path.dirname(thisFile), "..");
const dataRoot = path.resolve(projectRoot, "../shared/data");

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

const config = loadConfig({});
const deps = (db: Awaited<ReturnType<typeof openDb>>["db"], now: string) => ({
  db,
  clock: fixedClock(now),
  logger: silentLogger,
  config: { cluster: config.cluster, publish: { minSources: config.publish.minSources } },
});

// ---------------------------------------------------------------------------------------------
// Child processes of the scale run: one seeds a file, another clusters it.

interface ScaleRun {
  size: number;
  clusterSeconds: number;
  /** Clustering time per article over the last tenth of the run: the cost at this store size. */
  lastTenthMs: number;
  mergeSeconds: number;
  peakMb: number;
  stories: number;
  merges: number;
  f1: number;
}

async function seedChild(size: number, file: string): Promise<void> {
  const opened = await openDb({ kind: "sqlite", file });
  const ids: number[] = [];
  for (const batch of syntheticCorpus({ articles: size })) {
    const stored = await seedArticles(
      opened.db,
      batch.map((a) => ({
        outlet: a.outlet,
        title: a.title,
        text: a.text,
        publishedAt: a.publishedAt,
        label: String(a.event),
        ...(a.duplicateOf !== undefined ? { duplicateOf: ids[a.duplicateOf]! } : {}),
      })),
      { runId: "scale", first: ids.length },
    );
    ids.push(...stored);
  }
  await opened.close();
}

async function clusterChild(size: number, file: string): Promise<void> {
  const opened = await openDb({ kind: "sqlite", file });
  // After the stream: every story is past its last article, as in a backfill.
  const d = deps(opened.db, "2027-06-01T00:00:00.000Z");
  let started = performance.now();
  let lastTenthFrom = started;
  const lastTenth = size - Math.ceil(size * 0.9);
  const clustered = await clusterPending(d, {
    onProgress: ({ done }) => {
      if (done === size - lastTenth) lastTenthFrom = performance.now();
    },
  });
  const clusterSeconds = (performance.now() - started) / 1000;
  const lastTenthMs = (performance.now() - lastTenthFrom) / lastTenth;
  started = performance.now();
  const merged = await mergeStories(d);
  const mergeSeconds = (performance.now() - started) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const labels = await readLabels(opened.db);
  const rows = await opened.db.selectFrom("articles").select(["id", "story_id"]).orderBy("id").execute();
  const scores = scoreClustering(
    rows.map((r) => String(r.story_id)),
    rows.map((r) => labels.get(r.id) ?? ""),
  );
  await opened.close();
  const run: ScaleRun = {
    size,
    clusterSeconds,
    lastTenthMs,
    mergeSeconds,
    peakMb,
    stories: clustered.storiesCreated - merged.merges.length,
    merges: merged.merges.length,
    f1: scores.pairwise.f1,
  };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

function child(args: string[]): string {
  const r = spawnSync(process.execPath, [...process.execArgv, thisFile, ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (r.status !== 0) throw new Error(`bench child ${args.join(" ")} exited with ${r.status}`);
  return r.stdout;
}

function scaleRun(size: number): ScaleRun {
  const dir = mkdtempSync(path.join(os.tmpdir(), "prism-bench-stories-"));
  try {
    const file = path.join(dir, "scale.db");
    child(["--child", "seed", "--size", String(size), "--db", file]);
    const out = child(["--child", "cluster", "--size", String(size), "--db", file]);
    return JSON.parse(out.trim().split("\n").at(-1)!) as ScaleRun;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Quality on ECB+.

interface QualityRun {
  incremental: { event: ClusterScores; topic: ClusterScores };
  merged: { event: ClusterScores; topic: ClusterScores };
  seconds: number;
}

/** Clusters the documents in this order through the store, as `prism cluster` would. */
async function prismOn(docs: readonly EcbDocument[]): Promise<QualityRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "prism-bench-ecb-"));
  const opened = await openDb({ kind: "sqlite", file: path.join(dir, "ecb.db") });
  try {
    // One minute apart from a fixed start: one window, and nothing about the events.
    const start = Date.parse("2026-01-05T00:00:00.000Z");
    const ids = await seedArticles(
      opened.db,
      docs.map((d, i) => ({
        // Outlets are unknown in ECB+; a rotation of names keeps source counts plausible.
        outlet: `Outlet ${i % 17}`,
        title: d.title,
        text: d.text,
        publishedAt: new Date(start + i * 60_000).toISOString(),
        label: d.name,
      })),
      { runId: "ecbplus" },
    );
    const d = deps(opened.db, "2026-01-06T00:00:00.000Z");
    const started = performance.now();
    await clusterPending(d);
    const labelsNow = async () => {
      const rows = await opened.db.selectFrom("articles").select(["id", "story_id"]).execute();
      const story = new Map(rows.map((r) => [r.id, String(r.story_id)]));
      return ids.map((id) => story.get(id)!);
    };
    const score = (predicted: string[]) => ({
      event: scoreClustering(
        predicted,
        docs.map((x) => x.event),
      ),
      topic: scoreClustering(
        predicted,
        docs.map((x) => x.topic),
      ),
    });
    const incremental = score(await labelsNow());
    await mergeStories(d);
    const merged = score(await labelsNow());
    return { incremental, merged, seconds: (performance.now() - started) / 1000 };
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function baseline(docs: readonly EcbDocument[]) {
  // The headline twice, as PRISM's term vectors count title words twice.
  const vectors = tfidfVectors(docs.map((d) => `${d.title}\n${d.title}\n${d.text}`));
  const merges = averageLinkMerges(cosineMatrix(vectors), docs.length);
  let best: { threshold: number; event: ClusterScores; topic: ClusterScores } | undefined;
  for (let t = 0.01; t <= 0.6; t += 0.005) {
    const labels = cutAt(merges, docs.length, t).map(String);
    const event = scoreClustering(
      labels,
      docs.map((d) => d.event),
    );
    if (!best || event.pairwise.f1 > best.event.pairwise.f1) {
      best = {
        threshold: t,
        event,
        topic: scoreClustering(
          labels,
          docs.map((d) => d.topic),
        ),
      };
    }
  }
  return best!;
}

function shuffled(docs: readonly EcbDocument[], seed: number): EcbDocument[] {
  const key = (d: EcbDocument) => createHash("sha256").update(`${seed}:${d.name}`).digest("hex");
  return [...docs].sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------

const f3 = (x: number) => x.toFixed(3);

function row(cells: Array<string | number>, widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join("  ");
}

async function main(): Promise<number> {
  const mode = option("child", "");
  if (mode === "seed") {
    await seedChild(Number(option("size", "0")), option("db", ""));
    return 0;
  }
  if (mode === "cluster") {
    await clusterChild(Number(option("size", "0")), option("db", ""));
    return 0;
  }

  const docs = loadEcbPlus(dataRoot);
  if (!docs) {
    console.error(
      `bench:stories: the ECB+ corpus is not at ${ecbplusFolder(dataRoot)} (ECBplus_corpus_xml.tgz and ` +
        "doc_topic_subtopic_labels.json); nothing measured.",
    );
    return 1;
  }
  const sizes = option("sizes", "10000,50000,100000")
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const orders = Math.max(0, Number(option("orders", "5")));

  console.log(
    `ECB+: ${docs.length} documents, ${new Set(docs.map((d) => d.topic)).size} topics, ` +
      `${new Set(docs.map((d) => d.event)).size} events. The documents have no dates: they are clustered in ` +
      "document-id order with synthetic publication times one minute apart (all inside one time window), " +
      "so neither order nor time carries the gold labels.",
  );
  console.log(
    `PRISM defaults: join threshold ${config.cluster.threshold}, merge threshold ${config.cluster.mergeThreshold}, ` +
      `window ${config.cluster.windowHours} h, lexical only (no embeddings provider).\n`,
  );

  const primary = await prismOn(docs);
  const base = baseline(docs);
  const widths = [44, 7, 6, 6, 6, 6, 6, 6, 8];
  console.log(row(["method", "level", "pw P", "pw R", "pw F1", "B3 P", "B3 R", "B3 F1", "clusters"], widths));
  const line = (name: string, level: string, s: ClusterScores) =>
    console.log(
      row(
        [
          name,
          level,
          f3(s.pairwise.precision),
          f3(s.pairwise.recall),
          f3(s.pairwise.f1),
          f3(s.bcubed.precision),
          f3(s.bcubed.recall),
          f3(s.bcubed.f1),
          s.clusters,
        ],
        widths,
      ),
    );
  line("PRISM (incremental + merge pass)", "event", primary.merged.event);
  line("PRISM (incremental + merge pass)", "topic", primary.merged.topic);
  line("PRISM incremental only (before merge pass)", "event", primary.incremental.event);
  line("PRISM incremental only (before merge pass)", "topic", primary.incremental.topic);
  line(`baseline TF-IDF average link @ ${base.threshold.toFixed(3)} (best)`, "event", base.event);
  line(`baseline TF-IDF average link @ ${base.threshold.toFixed(3)} (best)`, "topic", base.topic);
  console.log(`(PRISM clustered and merged the ${docs.length} documents in ${primary.seconds.toFixed(1)} s)\n`);

  if (orders > 0) {
    const f1s = [primary.merged.event.pairwise.f1];
    for (let seed = 1; seed <= orders; seed++) f1s.push((await prismOn(shuffled(docs, seed))).merged.event.pairwise.f1);
    const mean = f1s.reduce((s, x) => s + x, 0) / f1s.length;
    console.log(
      `Order sensitivity: event pairwise F1 over ${f1s.length} orders (document id, then ${orders} seeded shuffles): ` +
        `mean ${f3(mean)}, min ${f3(Math.min(...f1s))}, max ${f3(Math.max(...f1s))} [${f1s.map(f3).join(" ")}]\n`,
    );
  }

  const runs: ScaleRun[] = [];
  for (const size of sizes) {
    process.stderr.write(`scale: ${size} articles...\n`);
    runs.push(scaleRun(size));
  }
  const sw = [9, 10, 9, 10, 10, 10, 14, 9, 8, 8];
  console.log(
    "Scale: generated stream, 1,000 articles a day, 60 outlets, ~5% syndicated copies; SQLite file; " +
      "clusterPending then the merge pass, in a child process of its own per size.",
  );
  console.log(
    row(
      [
        "articles",
        "cluster s",
        "merge s",
        "total s",
        "articles/s",
        "ms/article",
        "last 10% ms/a",
        "peak MB",
        "stories",
        "F1",
      ],
      sw,
    ),
  );
  for (const r of runs) {
    const total = r.clusterSeconds + r.mergeSeconds;
    console.log(
      row(
        [
          r.size,
          r.clusterSeconds.toFixed(1),
          r.mergeSeconds.toFixed(1),
          total.toFixed(1),
          (r.size / total).toFixed(0),
          ((1000 * total) / r.size).toFixed(2),
          r.lastTenthMs.toFixed(2),
          r.peakMb.toFixed(0),
          r.stories,
          f3(r.f1),
        ],
        sw,
      ),
    );
  }
  if (runs.length >= 2) {
    // Least-squares slope of per-article cost against store size: 0 means flat. Two readings:
    // the whole run (cluster + merge over all articles) and the clustering of the last tenth,
    // which is what one more article costs in a store of that size.
    const slope = (ys: number[]) => {
      const xs = runs.map((r) => r.size / 10_000);
      const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
      const my = ys.reduce((s, y) => s + y, 0) / ys.length;
      return xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / xs.reduce((s, x) => s + (x - mx) * (x - mx), 0);
    };
    const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(3)}`;
    const whole = runs.map((r) => (1000 * (r.clusterSeconds + r.mergeSeconds)) / r.size);
    const marginal = runs.map((r) => r.lastTenthMs);
    console.log(
      `Slope of per-article cost, ms per article for every 10k more articles in the store: whole run ${signed(slope(whole))} ` +
        `(${whole[0]!.toFixed(2)} ms at ${runs[0]!.size}, ${whole.at(-1)!.toFixed(2)} ms at ${runs.at(-1)!.size}); ` +
        `last tenth ${signed(slope(marginal))} (${marginal[0]!.toFixed(2)} ms, ${marginal.at(-1)!.toFixed(2)} ms). ` +
        "A store younger than the 96-hour window plus the span of its stories (about a week of stream) has fewer " +
        "stories in the window, so its first articles cost less.",
    );
  }
  const at100k = runs.find((r) => r.size === 100_000);
  console.log(
    `\nRESULT event_f1=${f3(primary.merged.event.pairwise.f1)} event_bcubed_f1=${f3(primary.merged.event.bcubed.f1)} ` +
      `topic_f1=${f3(primary.merged.topic.pairwise.f1)} baseline_event_f1=${f3(base.event.pairwise.f1)} ` +
      `seconds_100k=${at100k ? (at100k.clusterSeconds + at100k.mergeSeconds).toFixed(1) : "na"} ` +
      `peak_mb_100k=${at100k ? at100k.peakMb.toFixed(0) : "na"}`,
  );
  return 0;
}

process.exitCode = await main();
