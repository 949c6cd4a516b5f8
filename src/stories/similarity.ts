/**
 * How alike an article and a story (or two stories) are, from 0 to 1, with the parts that made
 * the number. Pure: the same two profiles always give the same answer.
 *
 *   lexical  = 0.7 x cosine of the term vectors (TF-IDF)  +  0.3 x cosine of the name vectors
 *   blended  = lexical, or (1 - w) x lexical + w x embedding when both sides have an embedding
 *   score    = blended x time decay, or 0 when the entity veto applies
 *
 * Terms alone confuse two events of one kind (two supermarket fires, two earthquakes in one
 * country); the names (people, places, organisations) tell them apart. The veto makes that
 * hard: two sides that each name several things and share none of them are different events,
 * unless their wording is nearly the same. Time decay lets a follow-up days later join only on
 * strong evidence.
 */
import { dot, type TermVector } from "./vectors.ts";

/** Weight of the name vectors in the lexical similarity; the rest is the term vectors. */
export const NAME_SHARE = 0.3;

/** The veto needs at least this many name words on each side: one name is too little to judge. */
export const VETO_MIN_NAMES = 3;
/** ...and is lifted when the terms alone are this close (a rewrite of the same report). */
export const VETO_TERM_OVERRIDE = 0.8;

/**
 * Similarity halves for every TIME_HALF_LIFE_HOURS between the two sides' spans of time; no
 * decay while they overlap. Three days: a next-day follow-up keeps 79% of its similarity.
 */
export const TIME_HALF_LIFE_HOURS = 72;

/**
 * Embedding cosines of unrelated news texts are rarely below this; it maps to 0 and 1 stays 1,
 * so an embedding and a lexical similarity live on comparable scales.
 */
export const EMBEDDING_FLOOR = 0.3;

export interface Comparable {
  /** Unit length, like every vector of vectors.ts: similarity takes dot products as cosines. */
  vector: TermVector;
  /** Unit length (or empty). */
  names: TermVector;
  /** Unit-length embedding, only when both sides were embedded by the same model. */
  embedding?: Float32Array | undefined;
  /** ISO times spanned: an article's publication time twice, a story's first and last seen. */
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface Similarity {
  score: number;
  terms: number;
  names: number;
  /** The rescaled embedding similarity, or null when either side has none. */
  embedding: number | null;
  decay: number;
  vetoed: boolean;
}

export interface SimilarityOptions {
  /** Share of the embedding in the blend (0..1); only used when both sides have one. */
  embeddingWeight?: number;
}

export function similarity(a: Comparable, b: Comparable, options: SimilarityOptions = {}): Similarity {
  const terms = dot(a.vector, b.vector);
  const names = dot(a.names, b.names);
  const vetoed =
    names === 0 && a.names.size >= VETO_MIN_NAMES && b.names.size >= VETO_MIN_NAMES && terms < VETO_TERM_OVERRIDE;
  const lexical = (1 - NAME_SHARE) * terms + NAME_SHARE * names;
  let embedding: number | null = null;
  let blended = lexical;
  if (a.embedding && b.embedding && a.embedding.length === b.embedding.length) {
    embedding = Math.max(
      0,
      Math.min(1, (dotDense(a.embedding, b.embedding) - EMBEDDING_FLOOR) / (1 - EMBEDDING_FLOOR)),
    );
    const w = options.embeddingWeight ?? 0.5;
    blended = (1 - w) * lexical + w * embedding;
  }
  const decay = timeDecay(a, b);
  return { score: vetoed ? 0 : blended * decay, terms, names, embedding, decay, vetoed };
}

/** 0.5 ^ (hours between the two spans / half-life); 1 when the spans overlap. */
export function timeDecay(a: Pick<Comparable, "firstSeenAt" | "lastSeenAt">, b: typeof a): number {
  const gap = Math.max(
    0,
    Date.parse(a.firstSeenAt) - Date.parse(b.lastSeenAt),
    Date.parse(b.firstSeenAt) - Date.parse(a.lastSeenAt),
  );
  return 0.5 ** (gap / 3_600_000 / TIME_HALF_LIFE_HOURS);
}

function dotDense(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
