/**
 * Reads the Multi-News development clusters of ../shared/data/summarization/multinews-dev (the
 * LongBench copy: one JSON object per line; `context` joins the cluster's articles as
 * "Passage N:" blocks with the dataset's NEWLINE_CHAR tokens for line breaks; `answers[0]` is
 * the reference summary written by newser.com editors). Returns undefined when the folder is
 * absent, so the benchmark can say so and stop. Research data: read here, never copied.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface MultiNewsCluster {
  id: string;
  articles: string[];
  reference: string;
}

export const MULTINEWS_FILE = "summarization/multinews-dev/multi_news.dev.jsonl";

export function loadMultiNews(dataDir: string): MultiNewsCluster[] | undefined {
  const file = path.join(dataDir, MULTINEWS_FILE);
  if (!existsSync(file)) return undefined;
  const clusters: MultiNewsCluster[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { _id: string; context: string; answers: string[] };
    const articles = row.context
      .split(/(?:^|\n)Passage \d+:\n/u)
      .map(cleanText)
      .filter((t) => t.length > 0);
    const reference = cleanText(row.answers[0] ?? "").replace(/^[–—-]\s*/u, "");
    if (articles.length > 0 && reference) clusters.push({ id: row._id, articles, reference });
  }
  return clusters;
}

/** NEWLINE_CHAR marks a line break; runs of them are paragraph breaks, as the sentence splitter expects. */
function cleanText(text: string): string {
  return text
    .replace(/\s*NEWLINE_CHAR\s*/gu, "\n")
    .replace(/\n{2,}/gu, "\n\n")
    .replace(/[ \t]+/gu, " ")
    .trim();
}
