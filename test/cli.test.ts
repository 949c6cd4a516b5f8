/**
 * The command line as a newcomer meets it: `prism start` on an empty data folder, a second start
 * that stores nothing twice, and one clear line with exit code 2 for bad arguments or config.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { feedFileName, readSampleArticles, readSampleOutlets, renderSampleFeed } from "../src/samples/sample-feeds.ts";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const dataDir = mkdtempSync(path.join(tmpdir(), "prism-cli-"));

function prism(args: string[], env: Record<string, string> = {}) {
  return spawnSync(tsx, ["src/main.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Runs `prism start` until it serves, checks /healthz, stops it; returns everything it printed. */
async function startOnce(): Promise<{ output: string; health: number; code: number | null }> {
  const port = await freePort();
  const child: ChildProcess = spawn(tsx, ["src/main.ts", "start"], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn" },
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const serving = await new Promise<boolean>((resolve) => {
    const t = setTimeout(() => resolve(false), 90_000);
    const check = () => {
      if (output.includes("PRISM is serving")) {
        clearTimeout(t);
        resolve(true);
      }
    };
    child.stdout?.on("data", check);
    child.on("exit", () => {
      clearTimeout(t);
      resolve(false);
    });
  });
  const health = serving ? (await fetch(`http://127.0.0.1:${port}/healthz`)).status : 0;
  const code = await new Promise<number | null>((resolve) => {
    child.on("exit", (c) => resolve(c));
    child.kill("SIGTERM");
  });
  return { output, health, code };
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("prism start", () => {
  it("reads the sample sources, publishes analyses, serves the site and stops cleanly", async () => {
    const first = await startOnce();
    expect(first.output).toMatch(/sample sources: 7 fictional outlets/);
    expect(first.output).toMatch(/articles stored: [1-9]\d*/);
    expect(first.output).toMatch(/analyses: [1-9]\d* written, [1-9]\d* published/);
    expect(first.output).toMatch(/PRISM is serving http:\/\/localhost:\d+/);
    expect(first.health).toBe(200);
    expect(first.code).toBe(0);
  }, 120_000);

  it("reuses the data on a second start and stores nothing twice", async () => {
    const second = await startOnce();
    expect(second.output).not.toMatch(/sample sources:/);
    expect(second.health).toBe(200);
    const list = prism(["sources", "list"]);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain("Meridian Wire");
  }, 120_000);
});

describe("each stage by hand", () => {
  it("imports an OPML list, then ingests, clusters and analyzes with a summary line per stage", () => {
    const stageDir = mkdtempSync(path.join(tmpdir(), "prism-stages-"));
    const env = { DATA_DIR: stageDir };
    try {
      const samplesDir = path.join(root, "samples");
      const outlets = readSampleOutlets(samplesDir);
      const articles = readSampleArticles(samplesDir);
      const outlines = outlets.map((outlet) => {
        const file = path.join(stageDir, feedFileName(outlet));
        writeFileSync(file, renderSampleFeed(outlet, articles, new Date(), "Fictional outlet."));
        return `<outline type="rss" text="${outlet.name}" xmlUrl="${pathToFileURL(file).href}" htmlUrl="${outlet.homepage}"/>`;
      });
      const opml = path.join(stageDir, "sources.opml");
      writeFileSync(
        opml,
        `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>${outlines.join("")}</body></opml>`,
      );

      const imported = prism(["sources", "import", opml, "--allow-private"], env);
      expect(imported.status).toBe(0);
      expect(imported.stdout).toContain(`imported ${outlets.length} sources`);

      const ingest = prism(["ingest"], env);
      expect(ingest.status).toBe(0);
      expect(ingest.stdout).toContain(`articles stored: ${articles.length}`);

      const cluster = prism(["cluster"], env);
      expect(cluster.status).toBe(0);
      expect(cluster.stdout).toMatch(/stories: \d+ started/);

      const analyze = prism(["analyze"], env);
      expect(analyze.status).toBe(0);
      expect(analyze.stdout).toMatch(/analyses: [1-9]\d* written, [1-9]\d* published/);

      // Running a stage again stores nothing new.
      const again = prism(["ingest"], env);
      expect(again.stdout).toContain("articles stored: 0");

      const list = prism(["sources", "list"], env);
      expect(list.stdout).toMatch(/last success: \d{4}-/);
    } finally {
      rmSync(stageDir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe("bad input on the command line", () => {
  it("names an unknown command and exits 2", () => {
    const r = prism(["frobnicate"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });

  it("prints one line for invalid configuration and exits 2", () => {
    const r = prism(["sources", "list"], { PORT: "eighty" });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/invalid configuration: PORT/);
  });

  it("refuses a source that is not a URL", () => {
    const r = prism(["sources", "add", "not a url"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not an http\(s\) or file: URL/);
  });

  it("refuses a story id that is not a number", () => {
    const r = prism(["analyze", "abc"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/storyId must be a positive whole number/);
  });
});
