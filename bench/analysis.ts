/**
 * `npm run bench:analysis`: the analysis stage measured on Multi-News development clusters
 * (../shared/data/summarization/multinews-dev; research data, read in place, never copied).
 *
 * 1. Summaries. The built-in engine's analysis of each cluster, read as a 250-word summary (dek,
 *    lead, key facts, then the other sections), against the editors' reference summary:
 *    ROUGE-1, ROUGE-2 and ROUGE-L F1 (rouge-score conventions, Porter stemming on; see
 *    analysis-lib/rouge.ts), beside Lead-3 and TextRank run in the same run on the same
 *    screened text and cut to the same 250 words.
 * 2. The verifier. The engine's claims on the same clusters, checked as written and reworded
 *    without changing their facts (must pass), and perturbed (must be caught): a number or a
 *    date changed, a name swapped, a quotation invented, a quotation credited to someone else.
 *
 * Prints a table, then one line: RESULT r1=… r2=… rl=… lead3_r1=… textrank_r1=…
 * perturbed_caught=… clean_passed=… (ROUGE in percent, shares 0..1). Exits 1 without the data.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EngineArticle } from "../src/analysis/engine.ts";
import { composeAnalysis } from "../src/analysis/engines/builtin.ts";
import { extractNames } from "../src/analysis/extract-names.ts";
import { actorWords } from "../src/analysis/find-speaker.ts";
import { screenArticleText } from "../src/analysis/screen-article.ts";
import { indexArticles } from "../src/analysis/verify.ts";
import { type Claim, listClaims } from "../src/domain/analysis.ts";
import { splitSentences } from "../src/lib/text.ts";
import { lead3, textRank } from "./analysis-lib/baselines.ts";
import { engineSummary } from "./analysis-lib/engine-summary.ts";
import { loadMultiNews, MULTINEWS_FILE, type MultiNewsCluster } from "./analysis-lib/multinews.ts";
import { type ClusterMaterial, emptyTally, PERTURBATIONS, seededRandom, tallyCluster } from "./analysis-lib/perturb.ts";
import { firstWords, rouge } from "./analysis-lib/rouge.ts";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.resolve(projectRoot, "../shared/data");
const SUMMARY_WORDS = 250;
const TODAY = "2026-12-01";

const clusters = loadMultiNews(dataDir);
if (!clusters) {
  process.stderr.write(`bench:analysis: ${path.join(dataDir, MULTINEWS_FILE)} not found; nothing measured.\n`);
  process.exit(1);
}

function screenedArticles(cluster: MultiNewsCluster): EngineArticle[] {
  return cluster.articles.map((raw, i) => ({
    number: i + 1,
    articleId: i + 1,
    outlet: `Passage ${i + 1}`,
    title: "",
    url: `https://multinews.invalid/${cluster.id}/${i + 1}`,
    author: null,
    publishedAt: `${TODAY}T00:00:00.000Z`,
    text: screenArticleText(raw).text,
  }));
}

const started = Date.now();
const totals: Record<string, { r1: number; r2: number; rl: number }> = {
  "built-in engine": { r1: 0, r2: 0, rl: 0 },
  "Lead-3": { r1: 0, r2: 0, rl: 0 },
  TextRank: { r1: 0, r2: 0, rl: 0 },
};
const materials: ClusterMaterial[] = [];
const names = new Set<string>();
const fragments: string[] = [];

for (const cluster of clusters) {
  const articles = screenedArticles(cluster);
  const texts = articles.map((a) => a.text);
  const draft = composeAnalysis({ storyId: 1, today: TODAY, language: "en", articles });
  const summaries: Record<string, string> = {
    "built-in engine": engineSummary(draft, SUMMARY_WORDS),
    "Lead-3": lead3(texts),
    TextRank: textRank(texts, SUMMARY_WORDS),
  };
  for (const [system, summary] of Object.entries(summaries)) {
    const s = rouge(firstWords(summary, SUMMARY_WORDS), cluster.reference);
    totals[system]!.r1 += s.rouge1.f;
    totals[system]!.r2 += s.rouge2.f;
    totals[system]!.rl += s.rougeL.f;
  }

  const seen = new Set<string>();
  const claims: Claim[] = [];
  for (const { claim } of listClaims(draft)) {
    if (seen.has(claim.text)) continue;
    seen.add(claim.text);
    claims.push(claim);
    for (const n of extractNames(claim.text)) {
      // A title alone ("Attorney General") names no one: swapping it in tests nothing.
      if (n.words.length >= 2 && n.text.length <= 40 && actorWords(n.text).length > 0) names.add(n.text);
    }
  }
  for (const t of texts) {
    for (const s of splitSentences(t).slice(0, 6)) {
      const words = s.replace(/["“”]/gu, "").split(/\s+/u);
      if (words.length >= 12) fragments.push(words.slice(2, 10).join(" "));
    }
  }
  materials.push({ claims, index: indexArticles(articles), texts: new Map(articles.map((a) => [a.number, a.text])) });
}

const tally = emptyTally();
const random = seededRandom(20261201);
const shared = { names: [...names].sort(), fragments };
for (const m of materials) tallyCluster(m, shared, random, tally);

const n = clusters.length;
const pct = (x: number) => ((100 * x) / n).toFixed(2);
const lines = [
  `Multi-News dev: ${n} clusters, summaries cut to ${SUMMARY_WORDS} words; ROUGE F1 %, Porter stemming, rouge-score tokens`,
  "",
  "system            ROUGE-1  ROUGE-2  ROUGE-L",
  ...Object.entries(totals).map(
    ([system, t]) =>
      `${system.padEnd(16)}  ${pct(t.r1).padStart(7)}  ${pct(t.r2).padStart(7)}  ${pct(t.rl).padStart(7)}`,
  ),
  "published (Multi-News test, Fabbri et al. 2019): LexRank 38.27/12.70, TextRank 38.44/13.10, Hi-MAP 43.47/14.89 (R-1/R-2)",
  "",
  "verifier                       claims   flagged   share",
  ...PERTURBATIONS.map((k) => {
    const p = tally.perturbed[k];
    return `perturbed: ${k.padEnd(20)} ${String(p.total).padStart(6)}  ${String(p.caught).padStart(8)}   ${(p.total ? p.caught / p.total : 0).toFixed(3)}`;
  }),
  `clean (as written, reworded)    ${String(tally.clean.total).padStart(6)}  ${String(tally.clean.total - tally.clean.passed).padStart(8)}   ${(tally.clean.total ? tally.clean.passed / tally.clean.total : 0).toFixed(3)} passed`,
];
const perturbedTotal = PERTURBATIONS.reduce((s, k) => s + tally.perturbed[k].total, 0);
const perturbedCaught = PERTURBATIONS.reduce((s, k) => s + tally.perturbed[k].caught, 0);
process.stdout.write(`${lines.join("\n")}\n`);
if (process.env.BENCH_VERBOSE) {
  for (const m of tally.misses) process.stdout.write(`  miss ${m.kind}: ${m.text}\n`);
}
process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n\n`);
const b = totals["built-in engine"]!;
process.stdout.write(
  `RESULT r1=${pct(b.r1)} r2=${pct(b.r2)} rl=${pct(b.rl)} lead3_r1=${pct(totals["Lead-3"]!.r1)} textrank_r1=${pct(totals.TextRank!.r1)} perturbed_caught=${(perturbedTotal ? perturbedCaught / perturbedTotal : 0).toFixed(3)} clean_passed=${(tally.clean.total ? tally.clean.passed / tally.clean.total : 0).toFixed(3)}\n`,
);
