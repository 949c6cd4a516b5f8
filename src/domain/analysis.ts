/**
 * The analysis: what an engine drafts for a story, validated with zod before anything is stored.
 *
 * An engine sees the story's articles numbered from 1 and cites them by that number; it never
 * writes a URL. Each citation carries the passage of the cited article that supports the claim,
 * copied verbatim, so the verifier can check the claim against it and the page can show it.
 * The server turns numbers into article ids when the version is stored (`sources`).
 */
import { z } from "zod";
import { CATEGORIES } from "./categories.ts";

export const citationSchema = z.object({
  /** 1-based number of the cited article in the story's article list. */
  source: z.number().int().min(1),
  /** The supporting passage, verbatim from that article's text. */
  passage: z.string().min(1).max(2000),
});

export const claimSchema = z.object({
  text: z.string().min(1).max(1500),
  citations: z.array(citationSchema).min(1).max(6),
});

export const SECTION_KINDS = [
  "hook",
  "background",
  "framework",
  "stakeholders",
  "outlook",
  "implications",
  "context",
] as const;

export const sectionSchema = z.object({
  kind: z.enum(SECTION_KINDS),
  heading: z.string().min(1).max(120),
  paragraphs: z
    .array(z.object({ claims: z.array(claimSchema).min(1).max(12) }))
    .min(1)
    .max(12),
});

export const stakeholderSchema = z.object({
  actor: z.string().min(1).max(120),
  /** What the actor said or did, as a cited claim. */
  position: claimSchema,
  interests: z.string().max(400).optional(),
  leverage: z.string().max(400).optional(),
});

export const LIKELIHOODS = ["most-probable", "possible", "unlikely"] as const;

export const scenarioSchema = z.object({
  outcome: claimSchema,
  likelihood: z.enum(LIKELIHOODS),
  rationale: z.string().max(600).optional(),
  signposts: z.array(z.string().min(1).max(300)).max(6).default([]),
});

export const keyFactSchema = z.object({
  label: z.string().min(1).max(80),
  value: z.string().min(1).max(120),
  claim: claimSchema,
});

export const timelineEntrySchema = z.object({
  /** ISO date (YYYY-MM-DD or YYYY-MM) when known, otherwise the date as the source wrote it. */
  date: z.string().min(1).max(40),
  claim: claimSchema,
});

export const analysisDraftSchema = z.object({
  headline: z.string().min(8).max(140),
  dek: z.string().min(20).max(400),
  category: z.enum(CATEGORIES),
  tags: z.array(z.string().min(1).max(40)).max(10),
  sections: z.array(sectionSchema).min(2).max(10),
  stakeholders: z.array(stakeholderSchema).max(10),
  scenarios: z.array(scenarioSchema).max(5),
  keyFacts: z.array(keyFactSchema).max(12),
  timeline: z.array(timelineEntrySchema).max(20),
  whatToWatch: z.array(z.string().min(1).max(300)).max(8),
});

export type Citation = z.infer<typeof citationSchema>;
export type Claim = z.infer<typeof claimSchema>;
export type SectionKind = (typeof SECTION_KINDS)[number];
export type Section = z.infer<typeof sectionSchema>;
export type Stakeholder = z.infer<typeof stakeholderSchema>;
export type Scenario = z.infer<typeof scenarioSchema>;
export type KeyFact = z.infer<typeof keyFactSchema>;
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export type AnalysisDraft = z.infer<typeof analysisDraftSchema>;

/** A source article as an analysis version lists it: a snapshot taken when the version is stored. */
export interface AnalysisSource {
  /** The number citations use (1-based). */
  number: number;
  articleId: number;
  outlet: string;
  title: string;
  url: string;
  author: string | null;
  publishedAt: string;
}

export const CLAIM_PROBLEM_KINDS = [
  "no-citation",
  "unknown-source",
  "passage-not-found",
  "number-not-in-source",
  "date-not-in-source",
  "name-not-in-source",
  "quote-not-verbatim",
  // The claim puts a quotation in the mouth of someone the cited article does not name.
  "quote-speaker-not-in-source",
  // The cited article attributes the quotation to someone else.
  "quote-misattributed",
  // The claim says something its passages do not: too few of its words there, or words no cited article uses.
  "claim-not-supported",
  // Text addressed to a machine (instructions, role markers, delimiters), wherever it came from.
  "prompt-injection",
  "model-artefact",
] as const;

export type ClaimProblemKind = (typeof CLAIM_PROBLEM_KINDS)[number];

export interface ClaimProblem {
  kind: ClaimProblemKind;
  detail: string;
}

export interface ClaimCheck {
  /** Where the claim sits in the draft, e.g. "sections.2.paragraphs.0.claims.1". */
  path: string;
  text: string;
  ok: boolean;
  problems: ClaimProblem[];
  /** What the verifier fixed to keep the claim (a citation dropped, a passage replaced by the source sentence). */
  repairs?: string[];
}

export interface VerificationReport {
  total: number;
  verified: number;
  checks: ClaimCheck[];
  /** Claims removed from the draft because they failed and could not be repaired. */
  dropped: ClaimCheck[];
  /** Headline and dek, checked like uncited text (path "headline" or "dek"). Absent in reports stored before 2026-12. */
  framing?: ClaimCheck[];
  /** Uncited text removed or replaced (headings, tags, actors, labels, what to watch...), with why. */
  freeText?: ClaimCheck[];
  /** Claims the engine rewrote once, after being told their problems, that then passed. */
  repaired?: number;
  /** What the screen removed from the articles before the engine saw them (text aimed at a model). */
  screened?: { source: number; reason: string; excerpt: string }[];
}

/**
 * What a version changed since the version readers saw before it (or the one before it, when
 * none was shown). Stored with the version; the page shows it as "What changed".
 */
export interface VersionChanges {
  sinceVersion: number;
  addedSources: { number: number; outlet: string; title: string }[];
  removedSources: { outlet: string; title: string }[];
  addedKeyFacts: { label: string; value: string }[];
  changedKeyFacts: { label: string; from: string; to: string }[];
  removedKeyFacts: { label: string; value: string }[];
  /** Claim texts new in this version, in reading order (at most a few). */
  claimsAdded: string[];
  claimsRemoved: string[];
  /** How many claims were added and removed in all (the lists above are capped). */
  claimsAddedCount: number;
  claimsRemovedCount: number;
  headline?: { from: string; to: string };
}

/** Every claim of a draft with its path, in reading order. */
export function listClaims(draft: AnalysisDraft): { path: string; claim: Claim }[] {
  const out: { path: string; claim: Claim }[] = [];
  for (const [si, s] of draft.sections.entries()) {
    for (const [pi, p] of s.paragraphs.entries()) {
      for (const [ci, claim] of p.claims.entries())
        out.push({ path: `sections.${si}.paragraphs.${pi}.claims.${ci}`, claim });
    }
  }
  for (const [i, s] of draft.stakeholders.entries())
    out.push({ path: `stakeholders.${i}.position`, claim: s.position });
  for (const [i, s] of draft.scenarios.entries()) out.push({ path: `scenarios.${i}.outcome`, claim: s.outcome });
  for (const [i, k] of draft.keyFacts.entries()) out.push({ path: `keyFacts.${i}.claim`, claim: k.claim });
  for (const [i, t] of draft.timeline.entries()) out.push({ path: `timeline.${i}.claim`, claim: t.claim });
  return out;
}
