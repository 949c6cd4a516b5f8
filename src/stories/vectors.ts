/**
 * Sparse term vectors for clustering: term counts of a title and text, TF-IDF weights from the
 * document frequencies the store keeps, cosine similarity, and story centroids (the normalised
 * sum of member vectors). Pure: document frequencies come in as a value; nothing here reads the
 * store. Every ordering breaks ties by term, so equal input always gives equal output.
 */
import { tokenize } from "../lib/text.ts";

/** term -> weight. Insertion order is weight descending, then term ascending. */
export type TermVector = ReadonlyMap<string, number>;

/** Document frequencies of some terms and the number of documents they were counted over. */
export interface TermStats {
  documents: number;
  /** A term's document frequency; undefined (or 0) for a term never seen. */
  df: { get(term: string): number | undefined };
}

/** Terms kept in an article vector and in a story centroid: the tail carries almost no weight. */
export const MAX_VECTOR_TERMS = 100;

// Outlets reword a story's body but keep its nouns in the headline: a title token counts twice.
const TITLE_BOOST = 2;

/** Token counts of an article, title tokens boosted. */
export function termCounts(title: string, text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of tokenize(title)) counts.set(term, (counts.get(term) ?? 0) + TITLE_BOOST);
  for (const term of tokenize(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/**
 * Smoothed inverse document frequency: ln((N + 1) / (df + 1)) + 1. It is 1 for a term every
 * document has and grows for rare ones; a term never seen before gets the highest value.
 */
export function idf(df: number, documents: number): number {
  return Math.log((documents + 1) / (df + 1)) + 1;
}

/** Unit-length TF-IDF vector, sublinear term frequency (1 + ln tf), top `maxTerms` terms. */
export function weighTerms(
  counts: ReadonlyMap<string, number>,
  stats: TermStats,
  maxTerms = MAX_VECTOR_TERMS,
): TermVector {
  const weights = new Map<string, number>();
  for (const [term, tf] of counts) {
    if (tf <= 0) continue;
    weights.set(term, (1 + Math.log(tf)) * idf(stats.df.get(term) ?? 0, stats.documents));
  }
  return normalize(top(weights, maxTerms));
}

/** Words kept in a name vector: the words of an article's salient names. */
export const MAX_NAME_TERMS = 40;

/**
 * The names vector: each word of each named entity, weighted by the entity's salience
 * (1 + ln weight) times the word's IDF, unit length. "Waitrose" and "Wellington" both count,
 * and the rare one counts more; "Lindsay Lohan" and a later "Lohan" share "lohan".
 */
export function weighNames(
  names: ReadonlyArray<{ key: string; weight: number }>,
  stats: TermStats,
  maxTerms = MAX_NAME_TERMS,
): TermVector {
  const weights = new Map<string, number>();
  for (const { key, weight } of names) {
    if (weight <= 0) continue;
    const salience = 1 + Math.log(weight);
    for (const word of tokenize(key)) {
      weights.set(word, (weights.get(word) ?? 0) + salience * idf(stats.df.get(word) ?? 0, stats.documents));
    }
  }
  return normalize(top(weights, maxTerms));
}

/**
 * Dot product: the cosine of two unit-length vectors (every vector this module makes, and every
 * stored one to within rounding), without recomputing their lengths.
 */
export function dot(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, w] of small) {
    const v = large.get(term);
    if (v !== undefined) sum += w * v;
  }
  return sum;
}

/** Cosine of the angle between two vectors; 0 when either is empty. Lengths do not matter. */
export function cosine(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, w] of small) {
    const v = large.get(term);
    if (v !== undefined) dot += w * v;
  }
  if (dot === 0) return 0;
  return dot / (norm(a) * norm(b));
}

/** The normalised sum of member vectors, top `maxTerms` terms: a story's centroid. */
export function centroid(members: readonly TermVector[], maxTerms = MAX_VECTOR_TERMS): TermVector {
  const sum = new Map<string, number>();
  for (const v of members) for (const [term, w] of v) sum.set(term, (sum.get(term) ?? 0) + w);
  return normalize(top(sum, maxTerms));
}

/** The `n` heaviest terms, heaviest first. */
export function top(v: ReadonlyMap<string, number>, n: number): Map<string, number> {
  const entries = [...v].filter(([, w]) => w > 0);
  entries.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return new Map(entries.slice(0, n));
}

export function normalize(v: ReadonlyMap<string, number>): Map<string, number> {
  const length = norm(v);
  const out = new Map<string, number>();
  if (length === 0) return out;
  for (const [term, w] of v) out.set(term, w / length);
  return out;
}

function norm(v: TermVector): number {
  let sum = 0;
  for (const w of v.values()) sum += w * w;
  return Math.sqrt(sum);
}

/** JSON text for a vector column: an object of term -> weight, weights to 6 decimals. */
export function vectorToJson(v: TermVector): string {
  const out: Record<string, number> = {};
  for (const [term, w] of top(v, v.size)) {
    const rounded = Math.round(w * 1e6) / 1e6;
    if (rounded > 0) out[term] = rounded;
  }
  return JSON.stringify(out);
}

/**
 * The vector as vectorFromJson(vectorToJson(v)) gives it back, weights and order alike (JSON
 * objects list integer-like keys first, ascending), without the text: what a later read of the
 * stored column will see, so cached and re-read vectors compute the very same sums.
 */
export function roundVector(v: TermVector): TermVector {
  const indices: Array<[string, number]> = [];
  const others: Array<[string, number]> = [];
  for (const [term, w] of top(v, v.size)) {
    const rounded = Math.round(w * 1e6) / 1e6;
    if (rounded <= 0) continue;
    (isArrayIndex(term) ? indices : others).push([term, rounded]);
  }
  indices.sort((a, b) => Number(a[0]) - Number(b[0]));
  return new Map([...indices, ...others]);
}

function isArrayIndex(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 4_294_967_295;
}

/** Reads a vector column; anything that is not an object of positive numbers is skipped. */
export function vectorFromJson(json: string): TermVector {
  const parsed: unknown = JSON.parse(json);
  const out = new Map<string, number>();
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
    for (const [term, w] of Object.entries(parsed)) if (typeof w === "number" && w > 0) out.set(term, w);
  }
  return out;
}
