/**
 * ROUGE-1, ROUGE-2 and ROUGE-L F-measures (Lin 2004), computed the way the `rouge-score`
 * package does by default for one candidate against one reference:
 *  - tokens: lowercase, every character other than a-z and 0-9 is a separator;
 *  - stemming: on (Porter), applied to tokens longer than three characters;
 *  - ROUGE-N: clipped n-gram overlap, precision over the candidate, recall over the reference;
 *  - ROUGE-L: the longest common subsequence of the two token lists taken whole (not the
 *    per-sentence "summary-level" variant);
 *  - F = 2PR / (P + R), 0 when either side is empty.
 * Scores are fractions (0..1). Pure.
 */
import { porterStem } from "./porter-stemmer.ts";

export interface RougeScore {
  precision: number;
  recall: number;
  f: number;
}

export interface RougeScores {
  rouge1: RougeScore;
  rouge2: RougeScore;
  rougeL: RougeScore;
}

export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .split(" ")
    .filter((t) => t.length > 0)
    .map((t) => (t.length > 3 ? porterStem(t) : t));
}

function score(overlap: number, candidate: number, reference: number): RougeScore {
  const precision = candidate > 0 ? overlap / candidate : 0;
  const recall = reference > 0 ? overlap / reference : 0;
  const f = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f };
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(" ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function rougeN(candidate: readonly string[], reference: readonly string[], n: number): RougeScore {
  const c = ngramCounts(candidate, n);
  const r = ngramCounts(reference, n);
  let overlap = 0;
  for (const [gram, count] of c) overlap += Math.min(count, r.get(gram) ?? 0);
  return score(overlap, Math.max(0, candidate.length - n + 1), Math.max(0, reference.length - n + 1));
}

/** Length of the longest common subsequence, in O(n·m) time and O(m) memory. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

export function rougeL(candidate: readonly string[], reference: readonly string[]): RougeScore {
  return score(lcsLength(candidate, reference), candidate.length, reference.length);
}

export function rouge(candidate: string, reference: string): RougeScores {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  return { rouge1: rougeN(c, r, 1), rouge2: rougeN(c, r, 2), rougeL: rougeL(c, r) };
}

/** The first `limit` words of a text (words as whitespace separates them), for equal-length comparisons. */
export function firstWords(text: string, limit: number): string {
  return text.split(/\s+/u).filter(Boolean).slice(0, limit).join(" ");
}
