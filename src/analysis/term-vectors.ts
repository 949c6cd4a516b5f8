/**
 * Sentence and document vectors for the analysis stage: light stemming, TF-IDF weights over a
 * small corpus given as a value, cosine similarity, and LexRank centrality (Erkan & Radev 2004,
 * continuous variant: the similarity graph is weighted by cosine above a threshold, and a random
 * walk with damping ranks the sentences that many others resemble). Pure and deterministic.
 */
import { tokenize } from "../lib/text.ts";

export type TermVector = ReadonlyMap<string, number>;

/** Folds plurals and common verb endings so "troops"/"troop" and "declared"/"declares" meet. */
export function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  if (word.endsWith("ies") && word.length > 5) return `${word.slice(0, -3)}y`;
  if (word.endsWith("ing") && word.length > 6) return word.slice(0, -3);
  if (word.endsWith("ed") && word.length > 5) return word.slice(0, -2);
  if (word.endsWith("es") && /(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is"))
    return word.slice(0, -1);
  return word;
}

export function terms(text: string): string[] {
  return tokenize(text).map(stem);
}

/** Number of documents each term occurs in. */
export function documentFrequencies(docs: readonly (readonly string[])[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of docs) for (const t of new Set(doc)) df.set(t, (df.get(t) ?? 0) + 1);
  return df;
}

/** Unit-length TF-IDF vector with sublinear term frequency and smoothed idf, ln((N+1)/(df+1)) + 1. */
export function tfidf(doc: readonly string[], df: ReadonlyMap<string, number>, documents: number): TermVector {
  const counts = new Map<string, number>();
  for (const t of doc) counts.set(t, (counts.get(t) ?? 0) + 1);
  const v = new Map<string, number>();
  let norm = 0;
  for (const [t, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const w = (1 + Math.log(c)) * (Math.log((documents + 1) / ((df.get(t) ?? 0) + 1)) + 1);
    v.set(t, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
  return v;
}

export function cosine(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) dot += w * o;
  }
  return dot;
}

/** The normalised sum of vectors: what a set of sentences or articles is about. */
export function centroid(vectors: readonly TermVector[]): TermVector {
  const sum = new Map<string, number>();
  for (const v of vectors) for (const [t, w] of v) sum.set(t, (sum.get(t) ?? 0) + w);
  let norm = 0;
  for (const w of sum.values()) norm += w * w;
  norm = Math.sqrt(norm);
  const out = new Map<string, number>();
  for (const [t, w] of [...sum].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)))
    out.set(t, norm > 0 ? w / norm : 0);
  return out;
}

/**
 * LexRank scores, summing to 1. Edges below `threshold` are dropped so that incidental overlap
 * ("said", a shared place name) does not make every sentence central; `damping` is the usual 0.85.
 */
export function lexRank(vectors: readonly TermVector[], threshold = 0.1, damping = 0.85, iterations = 60): number[] {
  const n = vectors.length;
  if (n === 0) return [];
  const weights: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = cosine(vectors[i]!, vectors[j]!);
      if (s >= threshold) {
        weights[i]![j] = s;
        weights[j]![i] = s;
      }
    }
  }
  const rowSums = weights.map((row) => row.reduce((a, b) => a + b, 0));
  let p = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < iterations; it++) {
    const next = new Array<number>(n).fill((1 - damping) / n);
    for (let i = 0; i < n; i++) {
      const sum = rowSums[i]!;
      // A sentence like no other spreads its weight evenly (the teleport of PageRank).
      if (sum === 0) {
        for (let j = 0; j < n; j++) next[j]! += (damping * p[i]!) / n;
        continue;
      }
      const row = weights[i]!;
      for (let j = 0; j < n; j++) if (row[j]) next[j]! += (damping * p[i]! * row[j]!) / sum;
    }
    let delta = 0;
    for (let i = 0; i < n; i++) delta += Math.abs(next[i]! - p[i]!);
    p = next;
    if (delta < 1e-9) break;
  }
  return p;
}
