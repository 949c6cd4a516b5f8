/**
 * Checks every claim of a draft against the passages it cites, before anything is stored.
 *
 * In: a schema-valid draft and the story's articles (numbered as the engine saw them).
 * Out: the draft with failing claims removed (and the paragraphs, sections, stakeholders,
 * scenarios, key facts and timeline entries they leave empty), plus a report of every check.
 *
 * A claim passes when it cites at least one existing article with a passage found verbatim in
 * that article (whitespace and curly quotes normalised), and every number, date, proper name and
 * quotation in the claim appears in its cited passages, and it carries no model artefact. A
 * citation that cannot stand is repaired once: a paraphrased passage is replaced by the source
 * sentence it paraphrases, and a broken citation beside good ones is dropped. Uncited free text
 * (what to watch, signposts, interests) is kept only when its numbers, names and quotes occur in
 * some article. Pure: never reads the store or the network, never adds a fact.
 */
import type {
  AnalysisDraft,
  Citation,
  Claim,
  ClaimCheck,
  ClaimProblem,
  VerificationReport,
} from "../domain/analysis.ts";
import { normalizeSpace, splitSentences } from "../lib/text.ts";
import type { EngineArticle } from "./engine.ts";
import { extractDates } from "./extract-dates.ts";
import { extractNames, NAME_TITLES } from "./extract-names.ts";
import { extractNumbers, sameNumber } from "./extract-numbers.ts";
import { terms } from "./term-vectors.ts";

/** The articles prepared once for many checks. */
export interface ArticleIndex {
  byNumber: ReadonlyMap<number, { normalized: string; sentences: string[] }>;
  /** All articles' text, for free text that cites nothing. */
  all: string[];
}

export function indexArticles(articles: readonly EngineArticle[]): ArticleIndex {
  const byNumber = new Map<number, { normalized: string; sentences: string[] }>();
  for (const a of articles)
    byNumber.set(a.number, { normalized: normalizeSpace(a.text), sentences: splitSentences(a.text) });
  return { byNumber, all: articles.map((a) => normalizeSpace(a.text)) };
}

export interface ClaimResult {
  /** The claim with repaired citations (unchanged when nothing needed repair). */
  claim: Claim;
  problems: ClaimProblem[];
  repairs: string[];
}

/** Checks one claim. */
export function checkClaim(claim: Claim, index: ArticleIndex): ClaimResult {
  const repairs: string[] = [];
  const citationProblems: ClaimProblem[] = [];
  const good: Citation[] = [];
  if (claim.citations.length === 0) {
    return { claim, problems: [{ kind: "no-citation", detail: "the claim cites no source" }], repairs };
  }
  for (const c of claim.citations) {
    const article = index.byNumber.get(c.source);
    if (!article) {
      citationProblems.push({
        kind: "unknown-source",
        detail: `source [${c.source}] is not one of the story's articles`,
      });
      continue;
    }
    if (article.normalized.includes(normalizeSpace(c.passage))) {
      good.push(c);
      continue;
    }
    const sentence = closestSentence(c.passage, article.sentences);
    if (sentence) {
      good.push({ source: c.source, passage: sentence });
      repairs.push(`passage for [${c.source}] replaced by the source sentence it paraphrased`);
      continue;
    }
    citationProblems.push({
      kind: "passage-not-found",
      detail: `the passage cited from [${c.source}] is not in that article`,
    });
  }
  if (good.length === 0) return { claim, problems: citationProblems, repairs };
  if (citationProblems.length > 0) {
    for (const p of citationProblems) repairs.push(`citation dropped: ${p.detail}`);
  }
  const repaired: Claim = repairs.length > 0 ? { text: claim.text, citations: good } : claim;
  const problems = [
    ...contentProblems(
      claim.text,
      good.map((c) => c.passage),
    ),
    ...artefactProblems(claim.text),
  ];
  return { claim: repaired, problems, repairs };
}

/**
 * The facts of `text` that `passages` do not contain: numbers, dates, names and quotations.
 * Exported for engines that pair a claim with supporting sentences from other articles.
 */
export function contentProblems(text: string, passages: readonly string[]): ClaimProblem[] {
  const problems: ClaimProblem[] = [];
  const joined = passages.map(normalizeSpace).join("\n");
  const claim = normalizeSpace(text);

  const passageNumbers = extractNumbers(joined);
  for (const n of extractNumbers(claim)) {
    // "one of the", "no one": the word "one" is idiom more often than count.
    if (n.fromWords && n.value === 1) continue;
    if (!passageNumbers.some((p) => sameNumber(p.value, n.value))) {
      problems.push({ kind: "number-not-in-source", detail: `"${n.raw}" is not in the cited passages` });
    }
  }

  const passageDates = extractDates(joined);
  for (const d of extractDates(claim)) {
    const found = passageDates.some(
      (p) =>
        p.month === d.month &&
        (d.day === undefined || p.day === d.day) &&
        (d.year === undefined || p.year === d.year || (p.year === undefined && joined.includes(String(d.year)))),
    );
    if (!found) problems.push({ kind: "date-not-in-source", detail: `"${d.raw}" is not in the cited passages` });
  }

  const passageWords = wordsOf(joined);
  for (const name of extractNames(claim)) {
    const missing = name.words.filter(
      (w) => /^\p{Lu}/u.test(w) && w.length > 1 && !NAME_TITLES.has(w.toLowerCase()) && !hasWord(passageWords, w),
    );
    if (missing.length > 0) {
      problems.push({ kind: "name-not-in-source", detail: `"${name.text}" is not in the cited passages` });
    }
  }

  const haystack = joined.toLowerCase();
  for (const q of quotations(claim)) {
    const parts = q
      .split(/\s*(?:\.\.\.|…)\s*/u)
      .map(trimQuote)
      .filter((p) => p.length > 0);
    if (parts.some((p) => !haystack.includes(p.toLowerCase()))) {
      problems.push({
        kind: "quote-not-verbatim",
        detail: `the quotation "${q}" is not verbatim in the cited passages`,
      });
    }
  }
  return problems;
}

// Artefacts of text generation that never belong in a claim.
const ARTEFACTS: [RegExp, string][] = [
  [/\bas an ai\b/iu, "speaks as an AI"],
  [/\b(?:language model|my training data|knowledge cutoff)\b/iu, "mentions the model"],
  [/\bI (?:cannot|can't|can not|am unable|'m unable|don't have)\b/u, "speaks in the first person about itself"],
  [/^\s*(?:note|disclaimer|sure|certainly|here is|here's)\b[\s:,]/iu, "opens like a chat reply"],
  [/\*\*|__|`|^\s*#{1,6}\s|^\s*[-*•]\s|\[[^\]]*\]\([^)]*\)/u, "contains markdown"],
  [/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>|&[a-z]+;|&#\d+;/iu, "contains HTML"],
  [
    /\[\s*\d+(?:\s*,\s*\d+)*\s*\]|\{\{|\}\}|\[(?:citation needed|source)\]/iu,
    "contains a leftover citation token or template",
  ],
];

export function artefactProblems(text: string): ClaimProblem[] {
  const problems: ClaimProblem[] = [];
  for (const [re, what] of ARTEFACTS) {
    if (re.test(text)) problems.push({ kind: "model-artefact", detail: `the claim ${what}` });
  }
  const sentences = splitSentences(text).map((s) => normalizeSpace(s).toLowerCase());
  if (new Set(sentences).size < sentences.length) {
    problems.push({ kind: "model-artefact", detail: "the claim repeats a sentence" });
  }
  return problems;
}

export function verifyDraft(
  draft: AnalysisDraft,
  articles: readonly EngineArticle[],
): { draft: AnalysisDraft; report: VerificationReport } {
  const index = indexArticles(articles);
  const checks: ClaimCheck[] = [];
  const seenInSections = new Set<string>();

  const check = (path: string, claim: Claim, inSections: boolean): Claim | undefined => {
    const result = checkClaim(claim, index);
    if (inSections) {
      const key = normalizeSpace(claim.text).toLowerCase();
      if (seenInSections.has(key))
        result.problems.push({ kind: "model-artefact", detail: "the claim repeats an earlier claim" });
      seenInSections.add(key);
    }
    const entry: ClaimCheck = { path, text: claim.text, ok: result.problems.length === 0, problems: result.problems };
    if (result.repairs.length > 0) entry.repairs = result.repairs;
    checks.push(entry);
    return entry.ok ? result.claim : undefined;
  };

  const sections = draft.sections
    .map((section, si) => ({
      ...section,
      paragraphs: section.paragraphs
        .map((p, pi) => ({
          claims: p.claims
            .map((c, ci) => check(`sections.${si}.paragraphs.${pi}.claims.${ci}`, c, true))
            .filter((c): c is Claim => c !== undefined),
        }))
        .filter((p) => p.claims.length > 0),
    }))
    .filter((s) => s.paragraphs.length > 0);

  const grounded = (text: string | undefined) => text !== undefined && isGroundedFreeText(text, index);

  const stakeholders = draft.stakeholders.flatMap((s, i) => {
    const position = check(`stakeholders.${i}.position`, s.position, false);
    if (!position) return [];
    const out: AnalysisDraft["stakeholders"][number] = { actor: s.actor, position };
    if (grounded(s.interests)) out.interests = s.interests;
    if (grounded(s.leverage)) out.leverage = s.leverage;
    return [out];
  });
  const scenarios = draft.scenarios.flatMap((s, i) => {
    const outcome = check(`scenarios.${i}.outcome`, s.outcome, false);
    if (!outcome) return [];
    const out: AnalysisDraft["scenarios"][number] = {
      outcome,
      likelihood: s.likelihood,
      signposts: s.signposts.filter((x) => grounded(x)),
    };
    if (grounded(s.rationale)) out.rationale = s.rationale;
    return [out];
  });
  const keyFacts = draft.keyFacts.flatMap((k, i) => {
    const claim = check(`keyFacts.${i}.claim`, k.claim, false);
    return claim ? [{ ...k, claim }] : [];
  });
  const timeline = draft.timeline.flatMap((t, i) => {
    const claim = check(`timeline.${i}.claim`, t.claim, false);
    return claim ? [{ ...t, claim }] : [];
  });

  const verified = checks.filter((c) => c.ok).length;
  return {
    draft: {
      ...draft,
      sections,
      stakeholders,
      scenarios,
      keyFacts,
      timeline,
      whatToWatch: draft.whatToWatch.filter((w) => grounded(w)),
    },
    report: { total: checks.length, verified, checks, dropped: checks.filter((c) => !c.ok) },
  };
}

/** Uncited text is kept when nothing in it is absent from every article, and it has no artefact. */
function isGroundedFreeText(text: string, index: ArticleIndex): boolean {
  if (artefactProblems(text).length > 0) return false;
  return index.all.length > 0 && contentProblems(text, index.all).length === 0;
}

/**
 * The article sentence a paraphrased passage came from: most of the passage's terms occur in
 * it and it is not much longer. Undefined when no sentence is that close (then it is not a repair).
 */
function closestSentence(passage: string, sentences: readonly string[]): string | undefined {
  const want = new Set(terms(passage));
  if (want.size < 3) return undefined;
  let best: { sentence: string; score: number } | undefined;
  for (const s of sentences) {
    const have = new Set(terms(s));
    let shared = 0;
    for (const t of want) if (have.has(t)) shared++;
    const recall = shared / want.size;
    const precision = have.size ? shared / have.size : 0;
    const score = (2 * recall * precision) / (recall + precision || 1);
    if (recall >= 0.8 && precision >= 0.6 && (!best || score > best.score)) best = { sentence: s, score };
  }
  return best?.sentence;
}

function wordsOf(text: string): string[] {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.&-]*/gu) ?? []).map((w) =>
    w
      .replace(/[.]+$/u, "")
      .replace(/['’]s$/u, "")
      .replace(/s['’]$/u, "s"),
  );
}

/**
 * A name's word is in the passages as written, or as a form of it ("Korean" for "Korea",
 * "Zelensky" for "Zelenskyy"): the two share all but their last few letters. Words in capitals
 * ("WHO") must match exactly, so the pronoun "who" never stands in for them.
 */
function hasWord(words: readonly string[], word: string): boolean {
  // Dots are dropped on both sides: "U.S." and "U.S", "Jr." and "Jr", "C." and "C" are one word.
  const bare = word.replace(/['’]s$/u, "").replace(/\./gu, "");
  if (/^[\p{Lu}\d&-]+$/u.test(bare)) return words.some((w) => w.replace(/\./gu, "") === bare);
  const lower = bare.toLowerCase();
  for (const w of words) {
    const l = w.replace(/\./gu, "").toLowerCase();
    if (l === lower) return true;
    if (!/^\p{Lu}/u.test(w)) continue;
    let common = 0;
    while (common < l.length && common < lower.length && l[common] === lower[common]) common++;
    if (common >= Math.max(4, Math.min(l.length, lower.length) - 2) && Math.abs(l.length - lower.length) <= 3)
      return true;
  }
  return false;
}

/** Text between double quotation marks (straight or curly), at least two words long. */
function quotations(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/["“]([^"“”]+)["”]/gu)) {
    const inner = m[1]!.trim();
    if (inner.split(/\s+/u).length >= 2) out.push(inner);
  }
  return out;
}

function trimQuote(text: string): string {
  return text.replace(/^[\s,.;:!?'‘’]+|[\s,.;:!?'‘’]+$/gu, "");
}
