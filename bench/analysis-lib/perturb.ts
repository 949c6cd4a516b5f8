/**
 * The verifier's benchmark: claims the built-in engine drew from a cluster, each checked as it
 * is (and in a rewording that keeps its facts: a number or date written another way), and in
 * perturbed forms that a careless or manipulated writer might produce:
 *
 *  - number: one figure changed (to a value no cited passage contains);
 *  - date: one calendar date moved by days, or to another month;
 *  - name: one proper name replaced by a name from another cluster;
 *  - invented-quote: a quotation no article contains, credited to the claim's speaker or added;
 *  - misattributed-quote: a quotation's speaker replaced by another person the same article
 *    names (the hard case: the new name is in the article, just not as this quote's speaker).
 *
 * The perturbed claim keeps the original citations. A perturbation counts as caught when the
 * verifier reports any problem; a clean claim counts as passed when it reports none.
 * Deterministic: a seeded generator picks names and fragments.
 */

import { extractDates } from "../../src/analysis/extract-dates.ts";
import { extractNames } from "../../src/analysis/extract-names.ts";
import { extractNumbers, sameNumber } from "../../src/analysis/extract-numbers.ts";
import { actorWords, findSpeaker, sameActor } from "../../src/analysis/find-speaker.ts";
import { type ArticleIndex, checkClaim, DEFAULT_VERIFY_OPTIONS } from "../../src/analysis/verify.ts";
import type { Claim } from "../../src/domain/analysis.ts";
import { normalizeSpace, splitSentences } from "../../src/lib/text.ts";

export const PERTURBATIONS = ["number", "date", "name", "invented-quote", "misattributed-quote"] as const;
export type PerturbationKind = (typeof PERTURBATIONS)[number];

export interface VerifierTally {
  clean: { total: number; passed: number };
  perturbed: Record<PerturbationKind, { total: number; caught: number }>;
  /** A few examples of misses, for whoever tunes the verifier. */
  misses: { kind: string; text: string }[];
}

export function emptyTally(): VerifierTally {
  return {
    clean: { total: 0, passed: 0 },
    perturbed: Object.fromEntries(PERTURBATIONS.map((k) => [k, { total: 0, caught: 0 }])) as VerifierTally["perturbed"],
    misses: [],
  };
}

/** Seeded PRNG (mulberry32): the same run picks the same names and fragments. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ClusterMaterial {
  claims: Claim[];
  index: ArticleIndex;
  /** The cluster's article texts by number (to find people an article names). */
  texts: ReadonlyMap<number, string>;
}

export interface SharedMaterial {
  /** Names of two or more words from all clusters. */
  names: string[];
  /** Eight-word runs of source sentences from all clusters, for invented quotations. */
  fragments: string[];
}

export function tallyCluster(
  material: ClusterMaterial,
  shared: SharedMaterial,
  random: () => number,
  tally: VerifierTally,
): void {
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(random() * list.length)];
  const check = (claim: Claim) => checkClaim(claim, material.index, DEFAULT_VERIFY_OPTIONS).problems;
  for (const claim of material.claims) {
    const passages = claim.citations.map((c) => normalizeSpace(c.passage)).join("\n");
    const clean = [claim, ...rewordings(claim)];
    for (const c of clean) {
      tally.clean.total++;
      const problems = check(c);
      if (problems.length === 0) tally.clean.passed++;
      else if (tally.misses.length < 40) tally.misses.push({ kind: `clean (${problems[0]!.kind})`, text: c.text });
    }
    const perturbed: [PerturbationKind, string | undefined][] = [
      ["number", changeNumber(claim.text, passages)],
      ["date", changeDate(claim.text, passages)],
      ["name", swapName(claim.text, passages, shared.names, pick)],
      ["invented-quote", inventQuote(claim.text, passages, shared.fragments, pick)],
      ["misattributed-quote", misattribute(claim, material, pick)],
    ];
    for (const [kind, text] of perturbed) {
      if (text === undefined || text === claim.text) continue;
      tally.perturbed[kind].total++;
      if (check({ text, citations: claim.citations }).length > 0) tally.perturbed[kind].caught++;
      else if (tally.misses.length < 40) tally.misses.push({ kind, text });
    }
  }
}

/** The claim with facts written another way: "10,000" as "10 000", "14 August 2024" for "August 14, 2024". */
function rewordings(claim: Claim): Claim[] {
  const out: Claim[] = [];
  // Quotations stay verbatim: only the writer's own words are reworded.
  const quoted = quoteSpans(claim.text);
  const free = (start: number) => !quoted.some(([a, b]) => start > a && start < b);
  const grouped = extractNumbers(claim.text).find((n) => /^\d{1,3}(?:,\d{3})+$/u.test(n.raw) && free(n.index));
  if (grouped) {
    out.push({ ...claim, text: replaceAt(claim.text, grouped.index, grouped.end, grouped.raw.replace(/,/gu, " ")) });
  }
  const date = extractDates(claim.text).find(
    (d) => d.day !== undefined && /^[A-Z][a-z]+\.? \d/u.test(d.raw) && free(d.index),
  );
  if (date?.day !== undefined) {
    const month = date.raw.match(/^[A-Z][a-z]+\.?/u)?.[0] ?? "";
    const rewritten = `${date.day} ${month.replace(/\.$/u, "")}${date.year !== undefined ? ` ${date.year}` : ""}`;
    out.push({ ...claim, text: replaceAt(claim.text, date.index, date.end, rewritten) });
  }
  return out;
}

function quoteSpans(text: string): [number, number][] {
  return [...text.matchAll(/["“][^"“”]*["”]/gu)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
}

function replaceAt(text: string, start: number, end: number, replacement: string): string {
  return `${text.slice(0, start)}${replacement}${text.slice(end)}`;
}

function changeNumber(text: string, passages: string): string | undefined {
  const dates = extractDates(text);
  const inPassages = extractNumbers(passages).map((n) => n.value);
  const target = extractNumbers(text).find(
    (n) =>
      !n.fromWords &&
      !dates.some((d) => n.index < d.end && d.index < n.end) &&
      /^\d/u.test(n.raw.replace(/^[$€£¥₩]\s?/u, "")),
  );
  if (!target) return undefined;
  const digits = target.raw.match(/\d[\d,]*(?:\.\d+)?/u)?.[0];
  if (!digits) return undefined;
  const value = Number(digits.replace(/,/gu, ""));
  for (const delta of [Math.max(1, Math.round(value * 0.2)), 3, 7, 11]) {
    const next = value + delta;
    const scaled = value > 0 ? next * (target.value / value) : next;
    if (inPassages.some((v) => sameNumber(v, scaled) || sameNumber(v, next))) continue;
    const formatted = digits.includes(",") ? next.toLocaleString("en-US") : String(next);
    return replaceAt(text, target.index, target.end, target.raw.replace(digits, formatted));
  }
  return undefined;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function changeDate(text: string, passages: string): string | undefined {
  const target = extractDates(text)[0];
  if (!target) return undefined;
  const present = extractDates(passages);
  if (target.day !== undefined) {
    for (const shift of [3, 5, 9]) {
      const day = ((target.day - 1 + shift) % 28) + 1;
      if (present.some((p) => p.month === target.month && p.day === day)) continue;
      return replaceAt(
        text,
        target.index,
        target.end,
        target.raw.replace(/\b\d{1,2}(?=(?:st|nd|rd|th)?\b(?!\d))/u, String(day)),
      );
    }
    return undefined;
  }
  const month = MONTHS[(target.month + 4) % 12]!;
  const current = target.raw.match(/^[A-Z][a-z]+\.?/u)?.[0];
  if (!current) return undefined;
  return replaceAt(text, target.index, target.end, target.raw.replace(current, month));
}

function swapName(
  text: string,
  passages: string,
  pool: readonly string[],
  pick: <T>(list: readonly T[]) => T | undefined,
): string | undefined {
  const names = extractNames(text);
  const target = names[0];
  if (!target) return undefined;
  const passageLower = passages.toLowerCase();
  for (let tries = 0; tries < 10; tries++) {
    const replacement = pick(pool);
    if (!replacement || sameActor(replacement, target.text)) continue;
    if (replacement.split(" ").some((w) => passageLower.includes(w.toLowerCase()))) continue;
    return replaceAt(text, target.index, target.index + target.text.length, replacement);
  }
  return undefined;
}

function inventQuote(
  text: string,
  passages: string,
  fragments: readonly string[],
  pick: <T>(list: readonly T[]) => T | undefined,
): string | undefined {
  const lower = passages.toLowerCase();
  for (let tries = 0; tries < 10; tries++) {
    const fragment = pick(fragments);
    if (!fragment || lower.includes(fragment.toLowerCase())) continue;
    const base = text.replace(/[.!?"”]+$/u, "");
    return `${base}, adding: "${fragment}."`;
  }
  return undefined;
}

function misattribute(
  claim: Claim,
  material: ClusterMaterial,
  pick: <T>(list: readonly T[]) => T | undefined,
): string | undefined {
  if (!/["“][^"“”]+\s[^"“”]+["”]/u.test(claim.text)) return undefined;
  const speaker = findSpeaker(claim.text);
  if (!speaker) return undefined;
  // The speaker as the attribution names them: the last mention outside the quotation.
  const quoted = quoteSpans(claim.text);
  let at = -1;
  for (let i = claim.text.indexOf(speaker); i >= 0; i = claim.text.indexOf(speaker, i + 1)) {
    if (!quoted.some(([a, b]) => i > a && i < b)) at = i;
  }
  if (at < 0) return undefined;
  // Other people the cited article names as speakers of something.
  const others = new Set<string>();
  for (const c of claim.citations) {
    for (const s of splitSentences(material.texts.get(c.source) ?? "")) {
      const other = findSpeaker(s);
      if (other && actorWords(other).length > 0 && !sameActor(other, speaker) && !claim.text.includes(other)) {
        others.add(other);
      }
    }
  }
  const replacement = pick([...others].sort());
  if (!replacement) return undefined;
  return replaceAt(claim.text, at, at + speaker.length, replacement);
}
