/**
 * bench:web: how fast the reader's site is.
 *
 * 1. Uncached render time of the home page, a section page, an analysis page and a search, with
 *    1k, 10k and 100k published analyses generated straight into a temporary SQLite store (at a
 *    steady 100 a day, the way a site grows): the medians must stay flat as the archive grows.
 * 2. Throughput of the cached analysis page: wrk (Debian package), one thread, 64 connections,
 *    10 s, against `prism`'s web edge in its own process, and against nginx (Debian package,
 *    started here on another loopback port with a temporary config, one worker, like the one
 *    Node process) serving the same bytes from disk in the same run. Two rounds, alternating;
 *    each server's better round counts (errors count from all).
 *
 * Prints tables, then one line: RESULT rps=... nginx_rps=... ratio=... p50_ms=... p99_ms=... errors=...
 * Exits non-zero when it could not run (a tool missing, a server that did not start).
 * Loopback only; every load run is bounded in time. `--quick` uses 1k and 5k analyses and 3 s runs.
 *
 *   npm run bench:web            (apt-get install -y nginx wrk first)
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { serve } from "@hono/node-server";
import { sql } from "kysely";
import { loadConfig } from "../src/config.ts";
import { type AnalysisDraft, listClaims, type VerificationReport } from "../src/domain/analysis.ts";
import { CATEGORIES } from "../src/domain/categories.ts";
import { systemClock } from "../src/lib/clock.ts";
import { silentLogger } from "../src/lib/logger.ts";
import type { AnalysisBody } from "../src/store/analyses.ts";
import { type Db, openDb } from "../src/store/db.ts";
import { searchableText, tagSlug } from "../src/store/search.ts";
import { markSiteChanged } from "../src/store/site-state.ts";
import { createWeb } from "../src/web/create-web.tsx";
import { renderAnalysisBody } from "../src/web/views/analysis-body.tsx";

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main(): Promise<number> {
  const quick = process.argv.includes("--quick");
  const sizes = quick ? [1_000, 5_000] : [1_000, 10_000, 100_000];
  const seconds = quick ? 3 : 10;
  const nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p));
  const wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].find((p) => existsSync(p));
  if (!nginx || !wrk) throw new Error("needs nginx and wrk: apt-get install -y nginx wrk");

  const dir = mkdtempSync(path.join(tmpdir(), "prism-bench-web-"));
  const children: ChildProcess[] = [];
  try {
    const file = path.join(dir, "bench.db");
    const opened = await openDb({ kind: "sqlite", file });
    const db = opened.db;

    // 1. Uncached render times as the archive grows.
    const renders: { size: number; times: Record<string, RenderTime> }[] = [];
    let have = 0;
    for (const size of sizes) {
      const started = performance.now();
      await generate(db, have, size);
      have = size;
      log(`generated ${size.toLocaleString("en")} analyses (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      renders.push({ size, times: await measureRenders(db, size) });
    }
    await opened.close();
    printRenderTable(renders);

    // 2. Throughput of the cached analysis page, PRISM against nginx.
    const server = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve", file], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(server);
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the PRISM server did not start in 60 s")), 60_000);
      server.stdout?.on("data", (chunk: Buffer) => {
        const m = /listening (\d+)/.exec(chunk.toString());
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      server.once("exit", (code) => reject(new Error(`the PRISM server exited with ${code}`)));
    });
    const slug = slugOf(sizes.at(-1) ?? 1);
    const prismUrl = `http://127.0.0.1:${port}/analysis/${slug}`;
    const first = await fetch(prismUrl);
    if (first.status !== 200) throw new Error(`the analysis page answered ${first.status}`);
    const bytes = Buffer.from(await first.arrayBuffer());

    const www = path.join(dir, "www");
    mkdirSync(path.join(www, "analysis"), { recursive: true });
    writeFileSync(path.join(www, "analysis", `${slug}.html`), bytes);
    // nginx's worker drops root for an unprivileged user, which must be able to read the file.
    for (const d of [dir, www, path.join(www, "analysis")]) chmodSync(d, 0o755);
    const nginxPort = await freePort();
    writeFileSync(path.join(dir, "nginx.conf"), nginxConfig(dir, www, nginxPort));
    const ng = spawn(nginx, ["-p", dir, "-c", path.join(dir, "nginx.conf")], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(ng);
    const nginxUrl = `http://127.0.0.1:${nginxPort}/analysis/${slug}.html`;
    await waitFor(async () => (await fetch(nginxUrl)).status === 200, 10_000, "nginx did not start");
    const fromNginx = Buffer.from(await (await fetch(nginxUrl)).arrayBuffer());
    if (!fromNginx.equals(bytes)) throw new Error("nginx does not serve the same bytes");

    log(`load: wrk -t1 -c64 -d${seconds}s, ${bytes.length.toLocaleString("en")} bytes per response`);
    await wrkRun(wrk, prismUrl, 2); // warm the JIT and the connection pool
    await wrkRun(wrk, nginxUrl, 2);
    // Two rounds, alternating, keeping each server's better one: whatever else the machine runs
    // then disturbs both alike. Errors count from every run.
    const prismRuns: LoadResult[] = [];
    const nginxRuns: LoadResult[] = [];
    for (let round = 0; round < 2; round++) {
      prismRuns.push(await wrkRun(wrk, prismUrl, seconds));
      nginxRuns.push(await wrkRun(wrk, nginxUrl, seconds));
    }
    const prism = best(prismRuns);
    const ngx = best(nginxRuns);
    printLoadTable(prismRuns, nginxRuns);

    const ratio = prism.rps / ngx.rps;
    log(
      `goals: ratio >= 0.5 ${ratio >= 0.5 ? "met" : "MISSED"}, p99 <= 25 ms ${prism.p99 <= 25 ? "met" : "MISSED"}, errors = 0 ${prism.errors === 0 ? "met" : "MISSED"}`,
    );
    process.stdout.write(
      `RESULT rps=${prism.rps.toFixed(0)} nginx_rps=${ngx.rps.toFixed(0)} ratio=${ratio.toFixed(2)} p50_ms=${prism.p50.toFixed(2)} p99_ms=${prism.p99.toFixed(2)} errors=${prism.errors}\n`,
    );
    return 0;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  }
}

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Generated analyses: invented words with a Zipf-like spread (a few common, most rare), so that
// search terms match realistic shares of the archive. Deterministic: the same run every time.

const SYLLABLES = [
  "ka",
  "lo",
  "mi",
  "ren",
  "tu",
  "sa",
  "vor",
  "el",
  "din",
  "po",
  "qua",
  "zet",
  "ber",
  "no",
  "hal",
  "ix",
];
const VOCABULARY = Array.from({ length: 3000 }, (_, i) => {
  let n = i + 7;
  let w = "";
  do {
    w += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return w;
});
/** The bench's search: two words of middling frequency, as a reader would type them. */
const SEARCH_QUERY = `${VOCABULARY[120]} ${VOCABULARY[1500]}`;

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function sentence(next: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(VOCABULARY[Math.floor(VOCABULARY.length * next() ** 3)] ?? "ka");
  const text = out.join(" ");
  return `${text[0]?.toUpperCase()}${text.slice(1)}.`;
}

const slugOf = (i: number) => `bench-analysis-${i}`;
const DAY_MS = 86_400_000;
const BASE = Date.parse("2024-01-01T00:00:00.000Z");
/** 100 publications a day. */
const publishedAt = (i: number) => new Date(BASE + (i * DAY_MS) / 100).toISOString();

function benchBody(i: number): AnalysisBody {
  const next = rng(i * 2654435761);
  const claim = (n: number) => ({ text: sentence(next, 18), citations: [{ source: n, passage: sentence(next, 10) }] });
  const draft: AnalysisDraft = {
    headline: sentence(next, 8).replace(/\.$/, ""),
    dek: sentence(next, 24),
    category: CATEGORIES[i % CATEGORIES.length] ?? "World",
    tags: [VOCABULARY[i % 50] ?? "ka", VOCABULARY[(i * 7) % 200] ?? "lo"],
    sections: [0, 1, 2].map((s) => ({
      kind: s === 0 ? ("hook" as const) : ("background" as const),
      heading: sentence(next, 4).replace(/\.$/, ""),
      paragraphs: [0, 1].map(() => ({ claims: [claim(1), claim(2)] })),
    })),
    stakeholders: [],
    scenarios: [],
    keyFacts: [],
    timeline: [],
    whatToWatch: [sentence(next, 12)],
  };
  return {
    ...draft,
    sources: [1, 2, 3].map((n) => ({
      number: n,
      articleId: i * 3 + n,
      outlet: `Outlet ${n}`,
      title: sentence(next, 9),
      url: `https://outlet${n}.example/${i}`,
      author: null,
      publishedAt: publishedAt(i),
    })),
  };
}

function verified(body: AnalysisBody): VerificationReport {
  const checks = listClaims(body).map(({ path, claim }) => ({ path, text: claim.text, ok: true, problems: [] }));
  return { total: checks.length, verified: checks.length, checks, dropped: [] };
}

/** Adds analyses from..to-1 (stories, analyses, versions, search rows, tags) in batches. */
async function generate(db: Db, from: number, to: number): Promise<void> {
  const BATCH = 400;
  for (let start = from; start < to; start += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, to - start) }, (_, k) => start + k + 1);
    const bodies = ids.map((i) => benchBody(i));
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("stories")
        .values(
          ids.map((i) => ({
            id: i,
            slug: `bench-story-${i}`,
            title: `Story ${i}`,
            first_seen_at: publishedAt(i),
            last_seen_at: publishedAt(i),
            score: (i * 37) % 100,
            analysis_status: "written" as const,
            updated_at: publishedAt(i),
          })),
        )
        .execute();
      await trx
        .insertInto("analyses")
        .values(
          ids.map((i, k) => ({
            id: i,
            story_id: i,
            slug: slugOf(i),
            status: "published" as const,
            status_reason: null,
            category: bodies[k]?.category ?? "World",
            headline: bodies[k]?.headline ?? "",
            dek: bodies[k]?.dek ?? "",
            current_version_id: i,
            published_version_id: i,
            published_at: publishedAt(i),
            updated_at: publishedAt(i),
            created_at: publishedAt(i),
          })),
        )
        .execute();
      await trx
        .insertInto("analysis_versions")
        .values(
          ids.map((i, k) => {
            const body = bodies[k] as AnalysisBody;
            const verification = verified(body);
            return {
              id: i,
              analysis_id: i,
              version: 1,
              engine: "bench",
              model: null,
              prompt_version: null,
              body: JSON.stringify(body),
              verification: JSON.stringify(verification),
              html: renderAnalysisBody(body, verification),
              read_minutes: 3,
              claims_total: verification.total,
              claims_verified: verification.verified,
              article_ids: JSON.stringify(body.sources.map((s) => s.articleId)),
              created_at: publishedAt(i),
            };
          }),
        )
        .execute();
      for (const [k, i] of ids.entries()) {
        const body = bodies[k] as AnalysisBody;
        await sql`insert into analysis_search (rowid, headline, dek, body) values (${i}, ${body.headline}, ${body.dek}, ${searchableText(body)})`.execute(
          trx,
        );
      }
      await trx
        .insertInto("analysis_tags")
        .values(
          ids.flatMap((i, k) =>
            [...new Set((bodies[k]?.tags ?? []).map(tagSlug))].map((slug) => ({
              analysis_id: i,
              tag_slug: slug,
              tag: slug,
              published_at: publishedAt(i),
            })),
          ),
        )
        .execute();
      await trx
        .insertInto("analysis_publications")
        .values(ids.map((i) => ({ version_id: i, analysis_id: i, published_at: publishedAt(i) })))
        .execute();
    });
  }
  await markSiteChanged(db, new Date().toISOString());
  await sql`analyze`.execute(db);
}

// ---------------------------------------------------------------------------------------------

const PAGES = (size: number) => ({
  home: "/",
  category: "/category/politics",
  analysis: `/analysis/${slugOf(Math.floor(size / 2))}`,
  search: `/search?q=${encodeURIComponent(SEARCH_QUERY)}`,
});

interface RenderTime {
  /** Fastest sample: the page's own cost, least disturbed by whatever else the machine runs. */
  best: number;
  median: number;
}

/** Milliseconds of an uncached request for each page, the cache emptied before each one. */
async function measureRenders(db: Db, size: number): Promise<Record<string, RenderTime>> {
  const config = loadConfig({ LOG_LEVEL: "silent", SITE_URL: "http://bench.test", PAGE_CACHE_CHECK_MS: "60000" });
  const web = createWeb({ db, config, clock: systemClock, logger: silentLogger });
  const times: Record<string, RenderTime> = {};
  for (const [name, url] of Object.entries(PAGES(size))) {
    const samples: number[] = [];
    for (let r = 0; r < 25; r++) {
      web.invalidate({ alreadyMarked: true });
      const t = performance.now();
      const res = await web.app.request(url, { headers: { "Accept-Encoding": "br, gzip" } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      // The first five warm the JIT and SQLite's page cache.
      if (r >= 5) samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    times[name] = { best: samples[0] ?? 0, median: samples[Math.floor(samples.length / 2)] ?? 0 };
  }
  return times;
}

function printRenderTable(rows: { size: number; times: Record<string, RenderTime> }[]) {
  const names = Object.keys(rows[0]?.times ?? {});
  log("");
  log("uncached render, ms: best of 20 / median (includes gzip and brotli of the result; search is never cached)");
  log(`${"analyses".padStart(10)}${names.map((n) => n.padStart(16)).join("")}`);
  const cell = (t: RenderTime | undefined) => `${(t?.best ?? 0).toFixed(2)} / ${(t?.median ?? 0).toFixed(2)}`;
  for (const r of rows) {
    log(`${r.size.toLocaleString("en").padStart(10)}${names.map((n) => cell(r.times[n]).padStart(16)).join("")}`);
  }
  const first = rows[0];
  const last = rows.at(-1);
  if (first && last && first !== last) {
    const ratio = (n: string) => (last.times[n]?.best ?? 0) / (first.times[n]?.best || 1);
    log(
      `${"ratio".padStart(10)}${names.map((n) => `${ratio(n).toFixed(2)}x`.padStart(16)).join("")}   (best, largest / smallest archive)`,
    );
  }
  log("");
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

async function wrkRun(wrk: string, url: string, seconds: number): Promise<LoadResult> {
  const { stdout } = await run(wrk, ["-t1", "-c64", `-d${seconds}s`, "--latency", url], {
    timeout: (seconds + 30) * 1000,
  });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  const pct = (p: string) => {
    const m = new RegExp(`\\b${p}%\\s+([\\d.]+)(us|ms|s)\\b`).exec(stdout);
    if (!m?.[1]) return Number.NaN;
    const v = Number(m[1]);
    return m[2] === "us" ? v / 1000 : m[2] === "s" ? v * 1000 : v;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const socketErrors = socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  if (Number.isNaN(rps)) throw new Error(`could not read wrk's output:\n${stdout}`);
  return { rps, p50: pct("50"), p99: pct("99"), errors: socketErrors + non2xx, requests };
}

/** The run with the most requests per second, with the errors of all runs. */
function best(runs: LoadResult[]): LoadResult {
  const top = runs.reduce((a, b) => (b.rps > a.rps ? b : a));
  return { ...top, errors: runs.reduce((n, r) => n + r.errors, 0) };
}

function printLoadTable(prism: LoadResult[], nginx: LoadResult[]) {
  log("");
  log("cached analysis page under load (64 connections), two alternating rounds");
  log(
    `${"server".padEnd(10)}${"req/s".padStart(12)}${"p50 ms".padStart(10)}${"p99 ms".padStart(10)}${"errors".padStart(8)}${"requests".padStart(12)}`,
  );
  const rows = [
    ...prism.map((r, i) => [`prism ${i + 1}`, r] as const),
    ...nginx.map((r, i) => [`nginx ${i + 1}`, r] as const),
  ];
  for (const [name, r] of rows) {
    log(
      `${name.padEnd(10)}${r.rps.toFixed(0).padStart(12)}${r.p50.toFixed(2).padStart(10)}${r.p99.toFixed(2).padStart(10)}${String(r.errors).padStart(8)}${String(r.requests).padStart(12)}`,
    );
  }
  log("");
}

function nginxConfig(dir: string, www: string, port: number): string {
  return `worker_processes 1;
daemon off;
pid ${path.join(dir, "nginx.pid")};
error_log ${path.join(dir, "nginx-error.log")} warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path ${path.join(dir, "body")};
  proxy_temp_path ${path.join(dir, "proxy")};
  fastcgi_temp_path ${path.join(dir, "fastcgi")};
  uwsgi_temp_path ${path.join(dir, "uwsgi")};
  scgi_temp_path ${path.join(dir, "scgi")};
  types { text/html html; }
  default_type text/html;
  server {
    listen 127.0.0.1:${port};
    root ${www};
  }
}
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, ms: number, message: string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// The server half: `node --import tsx bench/web.ts --serve <sqlite file>` serves the web edge on
// an ephemeral loopback port and prints it, so that the load generator and the server do not
// share an event loop. (Last in the file: everything above must be initialised first.)

if (process.argv[2] === "--serve") {
  const file = process.argv[3] ?? "";
  const config = loadConfig({ DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: "silent", SITE_URL: "http://bench.test" });
  const opened = await openDb({ kind: "sqlite", file });
  const web = createWeb({ db: opened.db, config, clock: systemClock, logger: silentLogger });
  const server = serve({ fetch: web.app.fetch, port: 0, hostname: "127.0.0.1" });
  server.once("listening", () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
  process.once("SIGTERM", () => server.close(() => process.exit(0)));
} else {
  try {
    process.exitCode = await main();
  } catch (error) {
    process.stderr.write(`bench:web could not run: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
