/**
 * Checks every claim of a draft against the passages it cites, before anything is stored.
 *
 * In: a schema-valid draft and the story's articles (numbered as the engine saw them, already
 * screened). Out: the draft with failing claims removed (and the paragraphs, sections,
 * stakeholders, scenarios, key facts and timeline entries they leave empty), failing uncited
 * text removed or replaced, plus a report of every check.
 *
 * A claim passes when it cites at least one existing article with a passage found verbatim in
 * that article (whitespace and curly quotes normalised); every number (however written: "10,000",
 * "10 000", "ten thousand"), date, proper name and quotation in the claim appears in its cited
 * passages; a quotation's speaker, when the claim names one, is the one the article credits;
 * enough of its words are in the passages to say the same thing; and it carries no model
 * artefact and nothing addressed to a machine. A citation that cannot stand is repaired
 * mechanically (a paraphrased passage replaced by the source sentence, a broken citation beside
 * good ones dropped). `verifyWithRepair` then gives the engine one chance to rewrite the claims
 * (and headline or dek) that still fail, told their problems, and checks the rewrites the same
 * way; what still fails is dropped.
 *
 * Uncited text is checked too: headline and dek (names, numbers and quotes in some article; no
 * artefact), headings (replaced by the plain heading of their kind when they fail), tags (must
 * occur in an article), actors (named in the articles their position cites), key-fact values
 * (their numbers in the fact's claim), timeline dates (in the entry's passages) and what to
 * watch, signposts, interests, leverage, rationale (grounded, no artefact). Never reads the
 * store or the network, never adds a fact.
 */
import type {
  AnalysisDraft,
  Citation,
  Claim,
  ClaimCheck,
  ClaimProblem,
  SectionKind,
  VerificationReport,
} from "../domain/analysis.ts";
import { listClaims } from "../domain/analysis.ts";
import { normalizeSpace, splitSentences } from "../lib/text.ts";
import { defaultHeading } from "./default-headings.ts";
import type { EngineArticle } from "./engine.ts";
import { DAY_NAMES, extractDates, MONTH_NAMES } from "./extract-dates.ts";
import { extractNames, NAME_TITLES } from "./extract-names.ts";
import { extractNumbers, sameNumber } from "./extract-numbers.ts";
import { actorWords, findSpeaker, sameActor } from "./find-speaker.ts";
import { lintText, outsideQuotes } from "./lint-text.ts";
import { stem, terms } from "./term-vectors.ts";

export interface VerifyOptions {
  /** Share of a claim's content words its passages must contain (0..1); below it the claim is "not supported". */
  minSupport: number;
  /** Language of the plain headings that replace failing ones. */
  language: "en" | "ko";
}

export const DEFAULT_VERIFY_OPTIONS: VerifyOptions = { minSupport: 0.5, language: "en" };

interface IndexedArticle {
  normalized: string;
  lower: string;
  sentences: string[];
  words: string[];
  /** Words the article capitalises somewhere: a lone capitalised opener is a name only when it is one. */
  names: Set<string>;
  /** The article's terms (title and text, stemmed), for the words a claim adds. */
  terms: Set<string>;
}

/** The articles prepared once for many checks. */
export interface ArticleIndex {
  byNumber: ReadonlyMap<number, IndexedArticle>;
  /** All articles' text and titles, for text that cites nothing. */
  all: string[];
}

export function indexArticles(articles: readonly EngineArticle[]): ArticleIndex {
  const byNumber = new Map<number, IndexedArticle>();
  for (const a of articles) {
    const normalized = normalizeSpace(a.text);
    const sentences = splitSentences(a.text);
    byNumber.set(a.number, {
      normalized,
      lower: normalized.toLowerCase(),
      sentences,
      words: wordsOf(normalized),
      names: new Set(sentences.flatMap((s) => extractNames(s).flatMap((n) => n.words))),
      terms: new Set(terms(`${a.title}\n${a.text}`)),
    });
  }
  return { byNumber, all: articles.flatMap((a) => [normalizeSpace(a.title), normalizeSpace(a.text)]) };
}

export interface ClaimResult {
  /** The claim with repaired citations (unchanged when nothing needed repair). */
  claim: Claim;
  problems: ClaimProblem[];
  repairs: string[];
}

/** Checks one claim. */
export function checkClaim(
  claim: Claim,
  index: ArticleIndex,
  options: VerifyOptions = DEFAULT_VERIFY_OPTIONS,
): ClaimResult {
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
  if (good.length === 0) return { claim, problems: [...citationProblems, ...lintText(claim.text)], repairs };
  if (citationProblems.length > 0) {
    for (const p of citationProblems) repairs.push(`citation dropped: ${p.detail}`);
  }
  const repaired: Claim = repairs.length > 0 ? { text: claim.text, citations: good } : claim;
  const passages = good.map((c) => c.passage);
  const problems = [
    ...contentProblems(claim.text, passages),
    ...quoteSpeakerProblems(claim.text, good, index),
    ...supportProblems(
      claim.text,
      passages,
      good.map((c) => index.byNumber.get(c.source)!.terms),
      options.minSupport,
    ),
    ...lintText(claim.text),
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

  for (const handle of claim.match(/(?<![\w@])@[A-Za-z0-9_]{2,}/gu) ?? []) {
    if (!joined.includes(handle)) {
      problems.push({ kind: "name-not-in-source", detail: `"${handle}" is not in the cited passages` });
    }
  }

  const haystack = joined.toLowerCase();
  for (const q of quotations(claim)) {
    const parts = quoteParts(q);
    if (parts.some((p) => !haystack.includes(p.toLowerCase()))) {
      problems.push({
        kind: "quote-not-verbatim",
        detail: `the quotation "${q}" is not verbatim in the cited passages`,
      });
    }
  }
  return problems;
}

/**
 * A quotation's speaker as the claim names it must be the one the cited article credits: the
 * speaker of the article's sentence that holds the quotation, or, when that sentence says only
 * "she said", someone named in it or the two sentences before it.
 */
function quoteSpeakerProblems(text: string, citations: readonly Citation[], index: ArticleIndex): ClaimProblem[] {
  const claim = normalizeSpace(text);
  const quotes = quotations(claim);
  if (quotes.length === 0) return [];
  const problems: ClaimProblem[] = [];
  let speaker: string | undefined;
  for (const q of quotes) {
    const first = quoteParts(q)[0]?.toLowerCase();
    if (!first) continue;
    let located = false;
    let credited = false;
    let named = false;
    for (const c of citations) {
      const article = index.byNumber.get(c.source);
      if (!article) continue;
      // Read with the article's names, as the article's own sentence is read below.
      const claimed = findSpeaker(claim, article.names);
      if (!claimed) continue;
      speaker = claimed;
      if (actorWords(claimed).every((w) => hasWord(article.words, w))) named = true;
      // Every sentence that carries the quotation: credited by any of them is credited by the article.
      article.sentences.forEach((raw, at) => {
        const sentence = normalizeSpace(raw);
        if (credited || !sentence.toLowerCase().includes(first)) return;
        located = true;
        const said = findSpeaker(sentence, article.names);
        if (said) {
          if (sameActor(said, claimed)) credited = true;
        } else if (extractNames(outsideQuotes(sentence)).length > 0) {
          // "..., said council member Tom Berg": someone is named beside the quotation; it must be them.
          if (mentions(outsideQuotes(sentence), claimed)) credited = true;
        } else {
          // "..., she said": the speaker is named just before the quotation, not inside it.
          const window = article.sentences
            .slice(Math.max(0, at - 2), at + 1)
            .map(normalizeSpace)
            .join(" ");
          if (mentions(outsideQuotes(window), claimed)) credited = true;
        }
      });
    }
    if (!located || credited || !speaker) continue;
    problems.push(
      named
        ? {
            kind: "quote-misattributed",
            detail: `the cited article does not credit the quotation "${q}" to ${speaker}`,
          }
        : { kind: "quote-speaker-not-in-source", detail: `${speaker} is not named in the cited article` },
    );
  }
  return problems;
}

function mentions(text: string, actor: string): boolean {
  const words = wordsOf(text);
  const key = actorWords(actor);
  return key.length > 0 && key.every((w) => hasWord(words, w));
}

// Month and day names are checked as dates and number words as numbers; reporting verbs and
// connectives are the glue of a paraphrase, not its facts. Kept as stems, as claims are read.
const UNCHECKED_WORDS = new Set(
  [
    ...MONTH_NAMES,
    ...DAY_NAMES,
    "zero",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "dozen",
    "tell",
    "added",
    "adds",
    "noted",
    "announced",
    "announces",
    "reported",
    "explained",
    "however",
    "meanwhile",
    "although",
    "though",
    "despite",
    "amid",
    "whereas",
    "already",
    "including",
    "among",
    "reports",
    "explains",
    "includes",
  ].map(stem),
);

/**
 * Whether the passages say what the claim says, read from words (stemmed; numbers and dates
 * left to their own checks): enough of the claim's content words must be in the passages
 * (minSupport; all of them for a claim of one or two), and hardly any may be in none of the
 * cited articles at all. The second rule is the one that catches a single word turned ("the
 * bridge was sabotaged" over a passage about its repair): a writer paraphrasing an article uses
 * that article's words, an invented fact brings its own.
 */
function supportProblems(
  text: string,
  passages: readonly string[],
  articles: readonly ReadonlySet<string>[],
  minSupport: number,
): ClaimProblem[] {
  // Quotations and names have checks of their own; the rest is what must be supported.
  const free = text.replace(/["“][^"“”]*["”]/gu, " ");
  const names = new Set(
    terms(
      extractNames(free)
        .map((n) => n.text)
        .join(" "),
    ),
  );
  const wanted = [
    ...new Set(terms(free).filter((t) => !/\d/u.test(t) && !UNCHECKED_WORDS.has(t) && !names.has(t) && t.length > 2)),
  ];
  if (wanted.length === 0) return [];
  const inSet = (set: ReadonlySet<string>, t: string) => set.has(t) || [...set].some((h) => sharesStem(h, t));
  const have = new Set(passages.flatMap((p) => terms(p)));
  const found = wanted.filter((t) => inSet(have, t)).length;
  const needed = wanted.length <= 2 ? wanted.length : Math.ceil(minSupport * wanted.length - 1e-9);
  if (found < needed) {
    return [
      {
        kind: "claim-not-supported",
        detail: `only ${found} of the claim's ${wanted.length} content words are in the cited passages`,
      },
    ];
  }
  const novel = wanted.filter((t) => !inSet(have, t) && !articles.some((a) => inSet(a, t)));
  if (novel.length > Math.floor(NOVEL_WORD_SHARE * wanted.length)) {
    return [
      {
        kind: "claim-not-supported",
        detail: `the cited articles never use ${novel.map((t) => `"${t}"`).join(", ")}`,
      },
    ];
  }
  return [];
}

/** Share of a claim's content words that may appear in none of its cited articles (synonyms, glue). */
const NOVEL_WORD_SHARE = 0.15;

/** "declaration" and "declared", "negotiators" and "negotiations", "runn" and "run": one word's forms. */
function sharesStem(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.length - short.length <= 2 && long.startsWith(short)) return true;
  if (a.length < 5 || b.length < 5) return false;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 5 && common >= Math.min(a.length, b.length) - 3;
}

/** Uncited text is kept when nothing in it is absent from every article, and it has no artefact. */
function freeTextProblems(text: string, index: ArticleIndex, subject: string): ClaimProblem[] {
  const lint = lintText(text, subject);
  if (lint.length > 0) return lint;
  if (index.all.length === 0) return [{ kind: "unknown-source", detail: "the story has no articles" }];
  return contentProblems(text, index.all);
}

export type RepairRequest =
  | { path: string; kind: "claim"; text: string; citations: Citation[]; problems: ClaimProblem[] }
  | { path: "headline" | "dek"; kind: "headline" | "dek"; text: string; problems: ClaimProblem[] };

export interface RepairReply {
  path: string;
  text: string;
  citations?: Citation[];
}

/** Asks the engine to rewrite what failed, once. May throw (then nothing is repaired). */
export type RepairClaims = (requests: RepairRequest[]) => Promise<RepairReply[]>;

export interface VerifyResult {
  draft: AnalysisDraft;
  report: VerificationReport;
  /** Why the engine's repair round did not happen or failed; the draft is then what the first pass kept. */
  repairError?: string;
}

/** Verifies and prunes without a repair round (the built-in engine, tests, the benchmark). */
export function verifyDraft(
  draft: AnalysisDraft,
  articles: readonly EngineArticle[],
  options: VerifyOptions = DEFAULT_VERIFY_OPTIONS,
): { draft: AnalysisDraft; report: VerificationReport } {
  const index = indexArticles(articles);
  const pass = firstPass(draft, index, options);
  return assemble(draft, pass, index, options);
}

/** Verifies, lets the engine repair what failed once, verifies the repairs, and prunes. */
export async function verifyWithRepair(
  draft: AnalysisDraft,
  articles: readonly EngineArticle[],
  options: VerifyOptions,
  repair: RepairClaims | undefined,
): Promise<VerifyResult> {
  const index = indexArticles(articles);
  const pass = firstPass(draft, index, options);
  const requests: RepairRequest[] = [];
  for (const [path, r] of pass.claims) {
    if (r.problems.length > 0) {
      requests.push({
        path,
        kind: "claim",
        text: r.original.text,
        citations: r.original.citations,
        problems: r.problems,
      });
    }
  }
  for (const f of pass.framing) {
    if (!f.ok)
      requests.push({
        path: f.path as "headline" | "dek",
        kind: f.path as "headline" | "dek",
        text: f.text,
        problems: f.problems,
      });
  }
  let repairError: string | undefined;
  if (repair && requests.length > 0) {
    try {
      const replies = await repair(requests);
      applyRepairs(pass, requests, replies, index, options);
    } catch (error) {
      repairError = error instanceof Error ? error.message : String(error);
    }
  }
  const result: VerifyResult = assemble(draft, pass, index, options);
  if (repairError !== undefined) result.repairError = repairError;
  return result;
}

interface PassClaim extends ClaimResult {
  original: Claim;
  rewritten?: boolean;
}

interface Pass {
  claims: Map<string, PassClaim>;
  framing: ClaimCheck[];
  headline: string;
  dek: string;
}

function firstPass(draft: AnalysisDraft, index: ArticleIndex, options: VerifyOptions): Pass {
  const claims = new Map<string, PassClaim>();
  const seen = new Set<string>();
  for (const { path, claim } of listClaims(draft)) {
    const result: PassClaim = { ...checkClaim(claim, index, options), original: claim };
    if (path.startsWith("sections.")) {
      const key = normalizeSpace(claim.text).toLowerCase();
      if (seen.has(key)) result.problems.push({ kind: "model-artefact", detail: "the claim repeats an earlier claim" });
      seen.add(key);
    }
    claims.set(path, result);
  }
  const framing = (["headline", "dek"] as const).map((path) => {
    const text = draft[path];
    const problems = freeTextProblems(text, index, path);
    return { path, text, ok: problems.length === 0, problems };
  });
  return { claims, framing, headline: draft.headline, dek: draft.dek };
}

function applyRepairs(
  pass: Pass,
  requests: readonly RepairRequest[],
  replies: readonly RepairReply[],
  index: ArticleIndex,
  options: VerifyOptions,
): void {
  const asked = new Map(requests.map((r) => [r.path, r]));
  const sectionTexts = new Set(
    [...pass.claims]
      .filter(([path, r]) => path.startsWith("sections.") && r.problems.length === 0)
      .map(([, r]) => normalizeSpace(r.claim.text).toLowerCase()),
  );
  for (const reply of replies) {
    const request = asked.get(reply.path);
    if (!request || typeof reply.text !== "string" || !reply.text.trim()) continue;
    asked.delete(reply.path);
    const was = `rewritten by the engine after: ${request.problems.map((p) => p.detail).join("; ")} (was: "${request.text}")`;
    if (request.kind === "claim") {
      const citations = reply.citations && reply.citations.length > 0 ? reply.citations : request.citations;
      const rewritten: Claim = { text: reply.text.trim(), citations };
      const result = checkClaim(rewritten, index, options);
      const key = normalizeSpace(rewritten.text).toLowerCase();
      if (reply.path.startsWith("sections.") && sectionTexts.has(key)) {
        result.problems.push({ kind: "model-artefact", detail: "the claim repeats an earlier claim" });
      }
      if (result.problems.length === 0) {
        if (reply.path.startsWith("sections.")) sectionTexts.add(key);
        pass.claims.set(reply.path, {
          ...result,
          repairs: [was, ...result.repairs],
          original: pass.claims.get(reply.path)?.original ?? rewritten,
          rewritten: true,
        });
      }
    } else {
      const text = reply.text.trim();
      const problems = freeTextProblems(text, index, request.kind);
      const at = pass.framing.findIndex((f) => f.path === request.kind);
      if (problems.length === 0 && at >= 0) {
        pass.framing[at] = { path: request.kind, text, ok: true, problems: [], repairs: [was] };
        pass[request.kind] = text;
      }
    }
  }
}

function assemble(
  draft: AnalysisDraft,
  pass: Pass,
  index: ArticleIndex,
  options: VerifyOptions,
): { draft: AnalysisDraft; report: VerificationReport } {
  const checks: ClaimCheck[] = [];
  const freeText: ClaimCheck[] = [];
  let repaired = 0;
  const claimAt = (path: string): Claim | undefined => {
    const r = pass.claims.get(path);
    if (!r) return undefined;
    const ok = r.problems.length === 0;
    const entry: ClaimCheck = { path, text: ok ? r.claim.text : r.original.text, ok, problems: r.problems };
    if (r.repairs.length > 0) entry.repairs = r.repairs;
    if (r.rewritten) repaired++;
    checks.push(entry);
    return ok ? r.claim : undefined;
  };
  const freeTextOk = (path: string, text: string | undefined, subject: string): text is string => {
    if (text === undefined) return false;
    const problems = freeTextProblems(text, index, subject);
    if (problems.length === 0) return true;
    freeText.push({ path, text, ok: false, problems });
    return false;
  };

  const sections = draft.sections
    .map((section, si) => {
      const counts = section.kind === "stakeholders" ? [draft.stakeholders.length, section.paragraphs.length] : [];
      const heading = checkedHeading(
        section.kind,
        section.heading,
        `sections.${si}.heading`,
        index,
        options,
        freeText,
        counts,
      );
      return {
        kind: section.kind,
        heading,
        paragraphs: section.paragraphs
          .map((p, pi) => ({
            claims: p.claims
              .map((_, ci) => claimAt(`sections.${si}.paragraphs.${pi}.claims.${ci}`))
              .filter((c): c is Claim => c !== undefined),
          }))
          .filter((p) => p.claims.length > 0),
      };
    })
    .filter((s) => s.paragraphs.length > 0);

  const stakeholders = draft.stakeholders.flatMap((s, i) => {
    const position = claimAt(`stakeholders.${i}.position`);
    if (!position) return [];
    const actorProblems = [...lintText(s.actor, "actor"), ...actorNamedProblems(s.actor, position, index)];
    if (actorProblems.length > 0) {
      freeText.push({ path: `stakeholders.${i}.actor`, text: s.actor, ok: false, problems: actorProblems });
      return [];
    }
    const out: AnalysisDraft["stakeholders"][number] = { actor: s.actor, position };
    if (freeTextOk(`stakeholders.${i}.interests`, s.interests, "interests")) out.interests = s.interests;
    if (freeTextOk(`stakeholders.${i}.leverage`, s.leverage, "leverage")) out.leverage = s.leverage;
    return [out];
  });
  const scenarios = draft.scenarios.flatMap((s, i) => {
    const outcome = claimAt(`scenarios.${i}.outcome`);
    if (!outcome) return [];
    const out: AnalysisDraft["scenarios"][number] = {
      outcome,
      likelihood: s.likelihood,
      signposts: s.signposts.filter((x, j) => freeTextOk(`scenarios.${i}.signposts.${j}`, x, "signpost")),
    };
    if (freeTextOk(`scenarios.${i}.rationale`, s.rationale, "rationale")) out.rationale = s.rationale;
    return [out];
  });
  const keyFacts = draft.keyFacts.flatMap((k, i) => {
    const claim = claimAt(`keyFacts.${i}.claim`);
    if (!claim) return [];
    const problems = [...lintText(k.label, "label"), ...lintText(k.value, "value"), ...valueProblems(k.value, claim)];
    if (problems.length > 0) {
      freeText.push({ path: `keyFacts.${i}`, text: `${k.label}: ${k.value}`, ok: false, problems });
      return [];
    }
    return [{ ...k, claim }];
  });
  const timeline = draft.timeline.flatMap((t, i) => {
    const claim = claimAt(`timeline.${i}.claim`);
    if (!claim) return [];
    const problems = [...lintText(t.date, "date"), ...timelineDateProblems(t.date, claim)];
    if (problems.length > 0) {
      freeText.push({ path: `timeline.${i}.date`, text: t.date, ok: false, problems });
      return [];
    }
    return [{ ...t, claim }];
  });
  const tags = draft.tags.filter((tag, i) => {
    const problems = [...lintText(tag, "tag"), ...tagProblems(tag, index)];
    if (problems.length === 0) return true;
    freeText.push({ path: `tags.${i}`, text: tag, ok: false, problems });
    return false;
  });

  const verified = checks.filter((c) => c.ok).length;
  const report: VerificationReport = {
    total: checks.length,
    verified,
    checks,
    dropped: checks.filter((c) => !c.ok),
    framing: pass.framing,
    freeText,
  };
  if (repaired > 0) report.repaired = repaired;
  return {
    draft: {
      ...draft,
      headline: pass.headline,
      dek: pass.dek,
      tags,
      sections,
      stakeholders,
      scenarios,
      keyFacts,
      timeline,
      whatToWatch: draft.whatToWatch.filter((w, i) => freeTextOk(`whatToWatch.${i}`, w, "item")),
    },
    report,
  };
}

/** An engine's heading, or the plain heading of its kind when the engine's cannot be shown. */
function checkedHeading(
  kind: SectionKind,
  heading: string,
  path: string,
  index: ArticleIndex,
  options: VerifyOptions,
  freeText: ClaimCheck[],
  counts: readonly number[],
): string {
  // "Three actors, three calculations": a heading may count what its own section lists.
  const counted = extractNumbers(heading)
    .filter((n) => counts.includes(n.value))
    .reduceRight((text, n) => `${text.slice(0, n.index)}${text.slice(n.end)}`, heading);
  const problems = freeTextProblems(counted, index, "heading");
  if (problems.length === 0) return heading;
  const plain = defaultHeading(kind, options.language);
  freeText.push({ path, text: heading, ok: false, problems, repairs: [`replaced by "${plain}"`] });
  return plain;
}

/** The actor of a stakeholder must be named in the articles its position cites. */
function actorNamedProblems(actor: string, position: Claim, index: ArticleIndex): ClaimProblem[] {
  const key = actorWords(actor);
  if (key.length === 0) return [];
  const words = position.citations.flatMap((c) => index.byNumber.get(c.source)?.words ?? []);
  const missing = key.filter((w) => !hasWord(words, w));
  return missing.length === 0
    ? []
    : [{ kind: "name-not-in-source", detail: `the actor "${actor}" is not named in the articles its position cites` }];
}

/** A key figure shows the claim's own numbers, nothing else. */
function valueProblems(value: string, claim: Claim): ClaimProblem[] {
  const inClaim = extractNumbers(normalizeSpace(claim.text));
  const missing = extractNumbers(normalizeSpace(value)).filter(
    (n) => !(n.fromWords && n.value === 1) && !inClaim.some((c) => sameNumber(c.value, n.value)),
  );
  return missing.length === 0
    ? []
    : [{ kind: "number-not-in-source", detail: `the value "${value}" is not the figure its claim states` }];
}

/** A timeline date is in the entry's claim or passages: its month (and day), and its year when the text gives one. */
function timelineDateProblems(date: string, claim: Claim): ClaimProblem[] {
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/u.exec(date);
  const text = [claim.text, ...claim.citations.map((c) => c.passage)].map(normalizeSpace).join("\n");
  const problem = [
    { kind: "date-not-in-source" as const, detail: `the date "${date}" is not in the entry's passages` },
  ];
  if (!iso) return contentProblems(date, [text]).length === 0 ? [] : problem;
  const [, year, month, day] = iso;
  if (!month) return text.includes(year!) ? [] : problem;
  const found = extractDates(text).some(
    (d) =>
      d.month === Number(month) &&
      (day === undefined || d.day === Number(day)) &&
      (d.year === undefined || d.year === Number(year)),
  );
  return found ? [] : problem;
}

/** A tag names something an article names. */
function tagProblems(tag: string, index: ArticleIndex): ClaimProblem[] {
  const want = normalizeSpace(tag).toLowerCase();
  if (want.length === 0) return [{ kind: "name-not-in-source", detail: "the tag is empty" }];
  return index.all.some((t) => t.toLowerCase().includes(want))
    ? []
    : [{ kind: "name-not-in-source", detail: `the tag "${tag}" is in no article` }];
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
  // Inner marks join a word only between letters or digits ("U.S.", "Tae-yul"), as names are read.
  return (text.match(/[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}]|[-'’.&](?=[\p{L}\p{N}]))*\.?/gu) ?? []).map((w) =>
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

/** A quotation's parts around ellipses, trimmed of the punctuation writers move in and out. */
function quoteParts(q: string): string[] {
  return q
    .split(/\s*(?:\.\.\.|…)\s*/u)
    .map(trimQuote)
    .filter((p) => p.length > 0);
}

function trimQuote(text: string): string {
  return text.replace(/^[\s,.;:!?'‘’]+|[\s,.;:!?'‘’]+$/gu, "");
}
