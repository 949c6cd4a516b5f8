/**
 * How alike an article and a story are: cosine of the article's term vector with the story's
 * centroid, blended with the Jaccard overlap of their named entities. Pure; 0 to 1.
 *
 * Terms alone confuse two events in one country (same places, same officials' vocabulary);
 * entities alone confuse two events with the same actors. Together they separate both.
 */
import { cosine, type TermVector } from "./vectors.ts";

/** Weight of shared entities in the blend; the rest is term cosine. */
export const ENTITY_SHARE = 0.3;

export interface Comparable {
  vector: TermVector;
  entities: readonly string[];
}

export function similarity(article: Comparable, story: Comparable): number {
  const terms = cosine(article.vector, story.vector);
  return (1 - ENTITY_SHARE) * terms + ENTITY_SHARE * entityOverlap(article.entities, story.entities);
}

/** Shared entities over all entities of either (Jaccard); 0 when both are empty. */
export function entityOverlap(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const e of left) if (right.has(e)) shared++;
  const union = left.size + right.size - shared;
  return union === 0 ? 0 : shared / union;
}
