/**
 * The summary the benchmark scores for an engine: the analysis's dek, then its lead (the claims
 * of the opening section), then its key facts, then the rest of its sections in reading order,
 * each claim once, cut to the word budget by the caller. Headings, labels and citations are not
 * part of it: only sentences a reader would read as the story.
 */
import type { AnalysisDraft } from "../../src/domain/analysis.ts";
import { normalizeSpace } from "../../src/lib/text.ts";

export function engineSummary(draft: AnalysisDraft, wordBudget: number): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  let words = 0;
  const add = (text: string) => {
    const key = normalizeSpace(text).toLowerCase();
    if (words >= wordBudget || seen.has(key)) return;
    seen.add(key);
    parts.push(text);
    words += text.split(/\s+/u).filter(Boolean).length;
  };
  add(draft.dek);
  const [lead, ...rest] = draft.sections;
  for (const p of lead?.paragraphs ?? []) for (const c of p.claims) add(c.text);
  for (const k of draft.keyFacts) add(k.claim.text);
  for (const s of rest) for (const p of s.paragraphs) for (const c of p.claims) add(c.text);
  return parts.join(" ");
}
