/**
 * `npm run bench:extract`: article-body extraction on the 181 pages of the scrapinghub article
 * extraction benchmark (../shared/data, research-only), scored as that benchmark scores (see
 * ingest-lib/shingle-score.ts): PRISM's extractPage side by side with plain Mozilla Readability
 * on the same DOM library, in the same run. `--worst N` lists the N pages where PRISM loses most.
 * Prints a table and ends with one RESULT line.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { extractPage, readabilityText } from "../src/ingest/extract-page.ts";
import { printTable, sharedData } from "./ingest-lib/shared-data.ts";
import { type PageCounts, pageCounts, precision, recall, score } from "./ingest-lib/shingle-score.ts";

const dir = sharedData("extraction", "scrapinghub-article-extraction-benchmark");
const truth = JSON.parse(readFileSync(path.join(dir, "ground-truth.json"), "utf8")) as Record<
  string,
  { articleBody?: string; url?: string }
>;
const files = readdirSync(path.join(dir, "html")).filter((f) => f.endsWith(".html.gz"));
const worstArg = process.argv.indexOf("--worst");
const worst = worstArg > 0 ? Number(process.argv[worstArg + 1] ?? 10) : 0;

interface Row {
  id: string;
  ours: PageCounts;
  plain: PageCounts;
}

const rows: Row[] = [];
let oursMs = 0;
let plainMs = 0;
for (const file of files.sort()) {
  const id = file.replace(/\.html\.gz$/, "");
  const expected = truth[id];
  if (!expected) continue;
  const html = gunzipSync(readFileSync(path.join(dir, "html", file))).toString("utf8");
  const url = expected.url ?? "https://example.com/";
  let t = performance.now();
  let ours = "";
  try {
    ours = extractPage(html, url).text;
  } catch (error) {
    process.stderr.write(`extractPage threw on ${id}: ${String(error)}\n`);
  }
  oursMs += performance.now() - t;
  t = performance.now();
  let plain = "";
  try {
    plain = readabilityText(html).text;
  } catch (error) {
    process.stderr.write(`readability threw on ${id}: ${String(error)}\n`);
  }
  plainMs += performance.now() - t;
  const body = expected.articleBody ?? "";
  rows.push({ id, ours: pageCounts(body, ours), plain: pageCounts(body, plain) });
}

const ours = score(rows.map((r) => r.ours));
const plain = score(rows.map((r) => r.plain));
printTable([
  ["extractor", "pages", "F1", "precision", "recall", "ms/page"],
  ["PRISM extractPage", rows.length, ours.f1, ours.precision, ours.recall, oursMs / rows.length],
  ["plain Readability (linkedom)", rows.length, plain.f1, plain.precision, plain.recall, plainMs / rows.length],
]);
process.stdout.write("published, same metric: trafilatura 0.958, readability.js 0.947 (jsdom)\n");

if (worst > 0) {
  const f1 = (c: PageCounts) => {
    const p = precision(c);
    const r = recall(c);
    return p + r > 0 ? (2 * p * r) / (p + r) : 0;
  };
  const sorted = [...rows].sort((a, b) => f1(a.ours) - f1(a.plain) - (f1(b.ours) - f1(b.plain)));
  printTable([
    ["page", "ours P", "ours R", "plain P", "plain R"],
    ...sorted
      .slice(0, worst)
      .map((r) => [r.id.slice(0, 16), precision(r.ours), recall(r.ours), precision(r.plain), recall(r.plain)]),
  ]);
}

const fixed = (n: number) => n.toFixed(3);
process.stdout.write(
  `RESULT f1=${fixed(ours.f1)} precision=${fixed(ours.precision)} recall=${fixed(ours.recall)} readability_f1=${fixed(plain.f1)}\n`,
);
