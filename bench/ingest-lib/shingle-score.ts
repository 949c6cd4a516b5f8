/**
 * The article-extraction benchmark's score, re-implemented from its description: texts are
 * split into word tokens (Unicode letters, digits and underscore, as Python's \w), tokens into
 * overlapping 4-token shingles counted with multiplicity; per page, true/false positives and
 * false negatives are normalised to sum to one (long pages weigh no more than short ones);
 * precision and recall are averaged over pages, and F1 = 2PR / (P + R) of the averages.
 */

export interface PageCounts {
  tp: number;
  fp: number;
  fn: number;
}

const TOKEN = /[\p{L}\p{N}_]+/gu;

function shingleCounts(text: string, n = 4): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const shingle = tokens.slice(i, i + n);
    if (shingle.length === 0) continue;
    const key = shingle.join("\u0000");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function pageCounts(truth: string, predicted: string): PageCounts {
  const t = shingleCounts(truth);
  const p = shingleCounts(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...t.keys(), ...p.keys()])) {
    const a = t.get(key) ?? 0;
    const b = p.get(key) ?? 0;
    tp += Math.min(a, b);
    fp += Math.max(0, b - a);
    fn += Math.max(0, a - b);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp, fp, fn };
}

export function precision({ tp, fp, fn }: PageCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

export function recall({ tp, fp, fn }: PageCounts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

export function score(pages: readonly PageCounts[]): { f1: number; precision: number; recall: number } {
  const p = pages.reduce((s, c) => s + precision(c), 0) / pages.length;
  const r = pages.reduce((s, c) => s + recall(c), 0) / pages.length;
  return { f1: p + r > 0 ? (2 * p * r) / (p + r) : 0, precision: p, recall: r };
}
