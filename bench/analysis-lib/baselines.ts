/**
 * The two extractive baselines the engine is measured against, run on the same clusters:
 *
 *  - Lead-3 ("First-3" in Fabbri et al. 2019): the first three sentences of each article of the
 *    cluster, article by article.
 *  - TextRank (Mihalcea & Tarau 2004): a graph of every sentence of the cluster, edges weighted
 *    by the paper's overlap similarity |Si ∩ Sj| / (log|Si| + log|Sj|) over lowercase word
 *    tokens, PageRank with damping 0.85 until the scores move less than 1e-6; sentences are
 *    taken best first until the word budget is reached.
 *
 * Both use the project's sentence splitter, so differences come from choosing, not splitting.
 * The caller cuts every summary to the same number of words.
 */
import { splitSentences } from "../../src/lib/text.ts";

export function lead3(articles: readonly string[]): string {
  return articles.map((a) => splitSentences(a).slice(0, 3).join(" ")).join(" ");
}

function words(sentence: string): string[] {
  return sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function textRank(articles: readonly string[], wordBudget: number): string {
  const sentences = articles.flatMap((a) => splitSentences(a)).filter((s) => words(s).length >= 3);
  const n = sentences.length;
  if (n === 0) return "";
  const sets = sentences.map((s) => new Set(words(s)));
  const weights: Float64Array[] = sets.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = sets[i]!;
      const b = sets[j]!;
      let shared = 0;
      for (const w of a) if (b.has(w)) shared++;
      const denominator = Math.log(a.size) + Math.log(b.size);
      const w = shared > 0 && denominator > 0 ? shared / denominator : 0;
      weights[i]![j] = w;
      weights[j]![i] = w;
    }
  }
  const outSums = weights.map((row) => row.reduce((x, y) => x + y, 0));
  let scores = new Float64Array(n).fill(1 / n);
  for (let iteration = 0; iteration < 100; iteration++) {
    const next = new Float64Array(n).fill((1 - 0.85) / n);
    for (let j = 0; j < n; j++) {
      if (outSums[j] === 0) continue;
      const share = (0.85 * scores[j]!) / outSums[j]!;
      const row = weights[j]!;
      for (let i = 0; i < n; i++) if (row[i]) next[i]! += share * row[i]!;
    }
    let delta = 0;
    for (let i = 0; i < n; i++) delta += Math.abs(next[i]! - scores[i]!);
    scores = next;
    if (delta < 1e-6) break;
  }
  const order = [...sentences.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b);
  const chosen: string[] = [];
  let count = 0;
  for (const i of order) {
    if (count >= wordBudget) break;
    chosen.push(sentences[i]!);
    count += sentences[i]!.split(/\s+/u).length;
  }
  return chosen.join(" ");
}
