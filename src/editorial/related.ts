/**
 * Related analyses: for one analysis, the 3 to 5 published analyses of other stories that are
 * most alike in content, newer ones preferred; and, for each of those, a refreshed list of its
 * own, so an older page links forward to the newer one that now resembles it.
 *
 * Content: TF-IDF cosine over headline (twice), dek and claim texts, blended with the share of
 * tags and stakeholders (names) the two have in common. Recency: the blend is weighed down by
 * age with a 30-day half-life, never below half, so a strong old match still beats a weak new
 * one. Reads published analyses only and writes only the related_analyses table.
 */

import { cosine, documentFrequencies, type TermVector, terms, tfidf } from "../analysis/term-vectors.ts";
import { listClaims } from "../domain/analysis.ts";
import {
  type AnalysisBody,
  findAnalysis,
  findVersion,
  listRelatedCandidates,
  type RelatedCandidate,
  replaceRelatedAnalyses,
} from "../store/analyses.ts";
import type { Db } from "../store/db.ts";

export const RELATED_MIN = 3;
export const RELATED_MAX = 5;
/** Newest published analyses compared; older ones are rarely the best link and cost time. */
const CANDIDATES = 500;
const HALF_LIFE_DAYS = 30;
/** Below this blended similarity an analysis is related only to fill the minimum. */
const MIN_SIMILARITY = 0.05;
/** Weight of shared names in the blend; the rest is text cosine. */
const NAME_SHARE = 0.2;
/** A nudge for the same category, enough to break near-ties, never to decide. */
const SAME_CATEGORY = 0.03;

export interface RelatedLink {
  relatedId: number;
  score: number;
}

interface Doc {
  id: number;
  storyId: number;
  category: string;
  publishedAt: number;
  vector: TermVector;
  names: Set<string>;
}

/** Computes and stores the related list of `analysisId`, then refreshes the lists of those it links to. */
export async function computeRelated(db: Db, analysisId: number, now: Date): Promise<RelatedLink[]> {
  const candidates = await listRelatedCandidates(db, CANDIDATES);
  if (!candidates.some((c) => c.id === analysisId)) {
    const target = await loadTarget(db, analysisId, now);
    if (!target) return [];
    candidates.push(target);
  }
  const docs = toDocs(candidates);
  const target = docs.find((d) => d.id === analysisId)!;
  const links = rank(target, docs, now);
  await replaceRelatedAnalyses(db, analysisId, links);
  for (const link of links) {
    const other = docs.find((d) => d.id === link.relatedId);
    if (other) await replaceRelatedAnalyses(db, other.id, rank(other, docs, now));
  }
  return links;
}

/** An analysis not (yet) among the published ones: its current version stands in. */
async function loadTarget(db: Db, analysisId: number, now: Date): Promise<RelatedCandidate | undefined> {
  const analysis = await findAnalysis(db, analysisId);
  const versionId = analysis?.published_version_id ?? analysis?.current_version_id;
  if (!analysis || !versionId) return undefined;
  const version = await findVersion(db, versionId);
  if (!version) return undefined;
  return {
    id: analysis.id,
    storyId: analysis.story_id,
    category: analysis.category as RelatedCandidate["category"],
    publishedAt: analysis.published_at ?? now.toISOString(),
    body: JSON.parse(version.body) as AnalysisBody,
  };
}

function toDocs(candidates: readonly RelatedCandidate[]): Doc[] {
  const termLists = candidates.map((c) => terms(documentText(c.body)));
  const df = documentFrequencies(termLists);
  return candidates.map((c, i) => ({
    id: c.id,
    storyId: c.storyId,
    category: c.category,
    publishedAt: Date.parse(c.publishedAt),
    vector: tfidf(termLists[i]!, df, termLists.length),
    names: new Set([...c.body.tags, ...c.body.stakeholders.map((s) => s.actor)].map((n) => n.toLowerCase())),
  }));
}

function documentText(body: AnalysisBody): string {
  const claims = new Set(listClaims(body).map((c) => c.claim.text));
  return [body.headline, body.headline, body.dek, ...claims].join("\n");
}

function rank(target: Doc, docs: readonly Doc[], now: Date): RelatedLink[] {
  const scored = docs
    .filter((d) => d.id !== target.id && d.storyId !== target.storyId)
    .map((d) => {
      const similarity =
        (1 - NAME_SHARE) * cosine(target.vector, d.vector) +
        NAME_SHARE * overlap(target.names, d.names) +
        (d.category === target.category ? SAME_CATEGORY : 0);
      const ageDays = Math.max(
        0,
        (now.getTime() - (Number.isNaN(d.publishedAt) ? now.getTime() : d.publishedAt)) / 86_400_000,
      );
      // Halves with every HALF_LIFE_DAYS of age, but never below 0.5 of the content score.
      const recency = 0.5 + 0.5 * 0.5 ** (ageDays / HALF_LIFE_DAYS);
      return { doc: d, similarity, score: Math.round(similarity * recency * 1e6) / 1e6 };
    })
    .sort((a, b) => b.score - a.score || b.doc.publishedAt - a.doc.publishedAt || b.doc.id - a.doc.id);
  const strong = scored.filter((s) => s.similarity >= MIN_SIMILARITY).slice(0, RELATED_MAX);
  // Too few real matches: fill to the minimum with the best of the rest, so every page has somewhere to go.
  const fill = scored.filter((s) => !strong.includes(s)).slice(0, Math.max(0, RELATED_MIN - strong.length));
  return [...strong, ...fill].map((s) => ({ relatedId: s.doc.id, score: s.score }));
}

/** Shared names over the smaller set; 0 when either has none. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / Math.min(a.size, b.size);
}
