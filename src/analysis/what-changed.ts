/**
 * "What changed" between two versions of an analysis: the sources added and removed, the key
 * figures added, changed or removed, the claims added and removed, and a new headline. Read from
 * the two stored bodies; the page shows it under "Updated <time>", the CLI prints it.
 *
 * Sources are matched by article id, key facts by label (case-insensitive), claims by their
 * normalised text. Pure.
 */
import { listClaims, type VersionChanges } from "../domain/analysis.ts";
import { normalizeSpace } from "../lib/text.ts";
import type { AnalysisBody } from "../store/analyses.ts";

/** Claim texts listed at most, each way; the counts say how many there were in all. */
const LISTED_CLAIMS = 5;

export function whatChanged(before: AnalysisBody, beforeVersion: number, after: AnalysisBody): VersionChanges {
  const beforeIds = new Set(before.sources.map((s) => s.articleId));
  const afterIds = new Set(after.sources.map((s) => s.articleId));
  const key = (text: string) => normalizeSpace(text).toLowerCase();
  const beforeClaims = new Set(listClaims(before).map((c) => key(c.claim.text)));
  const afterClaims = new Set(listClaims(after).map((c) => key(c.claim.text)));
  const added = uniqueTexts(listClaims(after).map((c) => c.claim.text)).filter((t) => !beforeClaims.has(key(t)));
  const removed = uniqueTexts(listClaims(before).map((c) => c.claim.text)).filter((t) => !afterClaims.has(key(t)));
  const beforeFacts = new Map(before.keyFacts.map((k) => [k.label.toLowerCase(), k]));
  const afterFacts = new Map(after.keyFacts.map((k) => [k.label.toLowerCase(), k]));

  const changes: VersionChanges = {
    sinceVersion: beforeVersion,
    addedSources: after.sources
      .filter((s) => !beforeIds.has(s.articleId))
      .map((s) => ({ number: s.number, outlet: s.outlet, title: s.title })),
    removedSources: before.sources
      .filter((s) => !afterIds.has(s.articleId))
      .map((s) => ({ outlet: s.outlet, title: s.title })),
    addedKeyFacts: after.keyFacts
      .filter((k) => !beforeFacts.has(k.label.toLowerCase()))
      .map((k) => ({ label: k.label, value: k.value })),
    changedKeyFacts: after.keyFacts.flatMap((k) => {
      const old = beforeFacts.get(k.label.toLowerCase());
      return old && old.value !== k.value ? [{ label: k.label, from: old.value, to: k.value }] : [];
    }),
    removedKeyFacts: before.keyFacts
      .filter((k) => !afterFacts.has(k.label.toLowerCase()))
      .map((k) => ({ label: k.label, value: k.value })),
    claimsAdded: added.slice(0, LISTED_CLAIMS),
    claimsRemoved: removed.slice(0, LISTED_CLAIMS),
    claimsAddedCount: added.length,
    claimsRemovedCount: removed.length,
  };
  if (before.headline !== after.headline) changes.headline = { from: before.headline, to: after.headline };
  return changes;
}

function uniqueTexts(texts: string[]): string[] {
  const seen = new Set<string>();
  return texts.filter((t) => {
    const k = normalizeSpace(t).toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The changes as short English lines, for the CLI and for anyone who wants a plain summary
 * ("2 new sources: Atlas Dispatch, Pinecrest Times"). The page renders VersionChanges itself,
 * in the site's language.
 */
export function describeChanges(changes: VersionChanges): string[] {
  const lines: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (changes.addedSources.length > 0) {
    lines.push(
      `${plural(changes.addedSources.length, "new source")}: ${unique(changes.addedSources.map((s) => s.outlet)).join(", ")}`,
    );
  }
  if (changes.removedSources.length > 0) {
    lines.push(
      `${plural(changes.removedSources.length, "source")} no longer cited: ${unique(changes.removedSources.map((s) => s.outlet)).join(", ")}`,
    );
  }
  for (const k of changes.addedKeyFacts) lines.push(`new key figure: ${k.label}: ${k.value}`);
  for (const k of changes.changedKeyFacts) lines.push(`${k.label}: ${k.from} → ${k.to}`);
  if (changes.headline) lines.push(`new headline: ${changes.headline.to}`);
  if (changes.claimsAddedCount > 0 || changes.claimsRemovedCount > 0) {
    lines.push(`${plural(changes.claimsAddedCount, "claim")} added, ${changes.claimsRemovedCount} removed`);
  }
  return lines;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
