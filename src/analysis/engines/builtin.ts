/**
 * The built-in engine: offline, deterministic, and unable to invent a fact, because every claim
 * it writes is a sentence of a source article, cited to that article with itself as the passage
 * (and to any other article that states the same thing, with that article's own sentence).
 *
 * In: a story's articles. Out: a draft in the reference page's shape: a hook, the background,
 * the rules in play, where each actor stands, what happens next, the broader implications; plus
 * stakeholders, the most probable outcome, key figures, a timeline and what to watch.
 *
 * How sentences are chosen:
 *  - centrality: LexRank over TF-IDF sentence vectors (what many sentences of the story echo);
 *  - coverage: how many other outlets carry a similar sentence (facts several outlets share);
 *  - quality: sentences that open on a pronoun or a connective read badly out of context;
 *  - roles: cue words put a sentence in a section (laws and courts in "the rules", future tense
 *    and plans in "what happens next", precedent and wider effects in "implications"), and a
 *    reporting verb with a named subject makes it an actor's statement;
 *  - diversity: a sentence too like one already chosen is skipped (maximal marginal relevance),
 *    so outlets repeating one fact do not repeat it on the page.
 * The only words of its own are headings, labels taken from the sentences, and a rationale
 * that describes the coverage. It never reads the network or the store.
 */
import type {
  AnalysisDraft,
  Citation,
  Claim,
  KeyFact,
  Scenario,
  Section,
  Stakeholder,
  TimelineEntry,
} from "../../domain/analysis.ts";
import { splitSentences } from "../../lib/text.ts";
import { classifyCategory } from "../classify-category.ts";
import type { AnalysisEngine, EngineArticle, EngineInput } from "../engine.ts";
import { extractDates, isoDate } from "../extract-dates.ts";
import { extractNames, NAME_TITLES } from "../extract-names.ts";
import { extractNumbers } from "../extract-numbers.ts";
import { actorWords, findSpeaker, sameActor } from "../find-speaker.ts";
import { centroid, cosine, documentFrequencies, lexRank, type TermVector, terms, tfidf } from "../term-vectors.ts";
import { contentProblems } from "../verify.ts";

export function createBuiltinEngine(): AnalysisEngine {
  return {
    name: "builtin",
    async draft(input, options) {
      options?.signal?.throwIfAborted();
      return { draft: composeAnalysis(input), model: null, promptVersion: null };
    },
  };
}

/** Sentences an article contributes at most: leads carry the story; long tails add little. */
const MAX_SENTENCES_PER_ARTICLE = 80;
/** Sentences read in all: LexRank compares every pair, so a story of many articles reads fewer of each. */
const MAX_SENTENCES = 600;
/** Two sentences this alike say the same thing: only one goes on the page. */
const NEAR_DUPLICATE = 0.45;
/** Another outlet's sentence this alike (and carrying the same facts) supports the claim. */
const SUPPORT_SIMILARITY = 0.4;
/** Another outlet carries the fact when one of its sentences is this alike. */
const COVERAGE_SIMILARITY = 0.3;
/** Body length aimed at: a four-to-five minute read, as on the reference page. */
const TARGET_WORDS = { min: 500, max: 900 };

interface Sentence {
  id: number;
  article: EngineArticle;
  position: number;
  text: string;
  words: number;
  vector: TermVector;
  eligible: boolean;
  quality: number;
  centrality: number;
  coverage: number;
  score: number;
  support: Citation[];
  actor?: string;
  framework: number;
  outlook: number;
  hedged: boolean;
  implications: number;
  background: number;
}

export function composeAnalysis(input: EngineInput): AnalysisDraft {
  const articles = [...input.articles].sort((a, b) => a.number - b.number);
  const strings = STRINGS[input.language];
  const sentences = readSentences(articles, input.today);
  const eligible = sentences.filter((s) => s.eligible);
  // Text the splitter cannot cut (some scripts, lists) still yields claims, within the schema's length.
  const pool = eligible.length >= 2 ? eligible : sentences.filter((s) => s.text.length <= 1500);

  const chosen = new Set<number>();
  const chosenVectors: TermVector[] = [];
  const isFresh = (s: Sentence) =>
    !chosen.has(s.id) && chosenVectors.every((v) => cosine(v, s.vector) < NEAR_DUPLICATE);
  let words = 0;
  const take = (s: Sentence) => {
    chosen.add(s.id);
    chosenVectors.push(s.vector);
    words += s.words;
  };
  const pick = (
    candidates: Sentence[],
    key: (s: Sentence) => number,
    limit: number,
    budget = TARGET_WORDS.max,
  ): Sentence[] => {
    const out: Sentence[] = [];
    for (const s of [...candidates].sort((a, b) => key(b) - key(a) || a.id - b.id)) {
      if (out.length >= limit) break;
      if (!isFresh(s)) continue;
      if (out.length > 0 && words + s.words > budget) break;
      take(s);
      out.push(s);
    }
    return out;
  };

  // The dek: a central, self-contained sentence without quotation that says what the headline says.
  const headline = chooseHeadline(articles, sentences);
  const headlineVector = headline.vector;
  const dekKey = (s: Sentence) => s.score * (1 + cosine(s.vector, headlineVector));
  const dekSentence =
    [...pool]
      .filter(
        (s) => s.words >= 12 && s.words <= 50 && s.quality === 1 && !/["“”]/u.test(s.text) && s.text.length <= 400,
      )
      .sort((a, b) => dekKey(b) - dekKey(a) || a.id - b.id)[0] ??
    [...pool].sort((a, b) => b.score - a.score || a.id - b.id)[0];
  if (dekSentence) {
    chosen.add(dekSentence.id);
    chosenVectors.push(dekSentence.vector);
  }

  // Reserved first so the outlook section opens with it, wherever else it would have fit.
  const forward = pool.filter((s) => s.outlook >= 2 || (s.hedged && s.outlook >= 1));
  const outlookKey = (s: Sentence) => s.score * (1 + 0.3 * Math.min(s.outlook, 4)) * (s.hedged ? 0.7 : 1);
  const [mostProbable] = pick(
    forward.filter((s) => !s.hedged && s.outlook >= 2),
    outlookKey,
    1,
  );

  const hook = pick(
    pool.filter((s) => s.quality >= 0.9 && s.framework < 2 && s.outlook < 2),
    (s) => s.score * (s.position === 0 ? 1.4 : 1),
    3,
  );

  const stakeholderGroups = pickStakeholders(pool, pick, isFresh);

  const framework = pick(
    pool.filter((s) => s.framework >= 2),
    (s) => s.score * (1 + 0.3 * Math.min(s.framework, 5)),
    4,
  );
  const outlook = [...(mostProbable ? [mostProbable] : []), ...pick(forward, outlookKey, mostProbable ? 3 : 4)];
  const implications = pick(
    pool.filter((s) => s.implications >= 2),
    (s) => s.score * (1 + 0.3 * Math.min(s.implications, 4)),
    3,
  );
  // Quotations belong to the people who said them (the stakeholders), not to the background.
  const context = (s: Sentence) => s.quality >= 0.6 && s.outlook < 2 && s.framework < 2 && !/["“”]/u.test(s.text);
  const background = pick(pool.filter(context), (s) => s.score * (1 + 0.25 * Math.min(s.background, 4)), 5);
  if (words < TARGET_WORDS.min) {
    background.push(...pick(pool.filter(context), (s) => s.score, 6, TARGET_WORDS.min + 150));
  }

  const sections: Section[] = [];
  const addSection = (kind: Section["kind"], heading: string, paragraphs: Sentence[][]) => {
    const ps = paragraphs.filter((p) => p.length > 0).map((p) => ({ claims: p.map(claimOf) }));
    if (ps.length > 0) sections.push({ kind, heading, paragraphs: ps });
  };
  addSection("hook", strings.hook, [hook]);
  addSection("background", strings.background, paragraphsOf(inReadingOrder(background)));
  addSection("framework", strings.framework, paragraphsOf(inReadingOrder(framework)));
  addSection(
    "stakeholders",
    strings.stakeholders(stakeholderGroups.length),
    stakeholderGroups.map((g) => g.sentences),
  );
  addSection(
    "outlook",
    mostProbable ? strings.mostProbable : strings.outlook,
    outlook.length > 2 ? [outlook.slice(0, 2), outlook.slice(2)] : [outlook],
  );
  addSection("implications", strings.implications, [inReadingOrder(implications)]);
  ensureTwoSections(sections, strings);

  const whatToWatch = unique(
    [...forward].sort((a, b) => outlookKey(b) - outlookKey(a) || a.id - b.id).map((s) => watchFragment(s.text)),
  ).slice(0, 4);

  const scenarios: Scenario[] = [];
  if (mostProbable) {
    scenarios.push({
      outcome: claimOf(mostProbable),
      likelihood: "most-probable",
      rationale: mostProbable.coverage > 0 ? strings.rationaleShared : strings.rationaleSingle,
      signposts: whatToWatch.filter((w) => w !== watchFragment(mostProbable.text)).slice(0, 3),
    });
  }
  for (const s of forward
    .filter((s) => s.hedged && s.outlook >= 2 && s !== mostProbable)
    .sort((a, b) => outlookKey(b) - outlookKey(a) || a.id - b.id)
    .slice(0, 2)) {
    scenarios.push({ outcome: claimOf(s), likelihood: "possible", signposts: [] });
  }

  return {
    headline: headline.text ?? shorten(dekSentence?.text ?? articles[0]?.title ?? "", 140),
    dek: shorten(dekSentence ? dekSentence.text : (articles[0]?.title ?? ""), 400),
    category: classifyCategory(articles),
    tags: chooseTags(articles, sentences),
    sections,
    stakeholders: stakeholderGroups.map((g) => g.stakeholder),
    scenarios,
    keyFacts: chooseKeyFacts(pool),
    timeline: chooseTimeline(pool, input.today),
    whatToWatch,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading and scoring sentences

// Openers that point back at a sentence we may not show.
const DANGLING =
  /^["“]?(He|She|It|They|His|Her|Its|Their|This|That|These|Those|Such|Both|Neither|Another|There|Here|The latter|The former|The move|The decision|The same)\b/u;
// The same after an opening phrase: "In interviews with the press, both have said ...".
const DANGLING_AFTER_PHRASE = /^[^,"“]{1,80},\s+(?:he|she|it|they|both|neither|this|these|those)\s/u;
// A reporting verb whose subject is a pronoun: who "she" is was in a sentence we may not show.
const PRONOUN_SPEAKER =
  /\b(?:he|she|they|it)\s+(?:also\s+|later\s+|then\s+)?(?:said|says|told|added|argued|warned|noted|wrote|insisted|stated)\b/iu;
const DATELINE = /^\p{Lu}[\p{Lu}\s.,'’-]{1,40}(?:\([^)]{1,40}\))?\s+[-–—]\s+(?=\p{Lu})/u;
const CONNECTIVE = /^["“]?(But|And|Yet|So|Still|However|Also|Meanwhile|Instead|Even so|Then|Nor|Or)\b/u;
const FIRST_PERSON = /\b(I|we|our|us|my)\b/u;
const BOILERPLATE =
  /\b(?:subscribe|sign up|newsletter|click here|read more|all rights reserved|advertisement|cookies?|follow us|this article was|contributed reporting|editing by|reporting by)\b|©/iu;

function readSentences(articles: readonly EngineArticle[], today: string): Sentence[] {
  const raw: { article: EngineArticle; position: number; text: string }[] = [];
  const perArticle = Math.max(
    12,
    Math.min(MAX_SENTENCES_PER_ARTICLE, Math.floor(MAX_SENTENCES / Math.max(1, articles.length))),
  );
  for (const article of articles) {
    for (const [position, text] of splitSentences(article.text).slice(0, perArticle).entries()) {
      // "SEOUL - The rapporteur said": the dateline is the outlet's, the rest is the sentence (still verbatim).
      raw.push({ article, position, text: position === 0 ? text.replace(DATELINE, "") : text });
    }
  }
  const termLists = raw.map((r) => terms(r.text));
  const df = documentFrequencies(termLists);
  const vectors = termLists.map((t) => tfidf(t, df, termLists.length));
  const centrality = lexRank(vectors);
  const todayYear = Number(today.slice(0, 4));
  const knownNames = new Set(raw.flatMap((r) => extractNames(r.text).flatMap((n) => n.words)));

  const sentences: Sentence[] = raw.map((r, id) => {
    const wordCount = r.text.split(/\s+/u).filter(Boolean).length;
    const quoteMarks = (r.text.match(/["“”]/gu) ?? []).length;
    const eligible =
      wordCount >= 6 &&
      wordCount <= 70 &&
      r.text.length <= 600 &&
      /[.!"”’)]$/u.test(r.text) &&
      !r.text.endsWith("?") &&
      !r.text.endsWith(":") &&
      quoteMarks % 2 === 0 &&
      /^["“‘(]?[\p{Lu}\p{N}]/u.test(r.text) &&
      !BOILERPLATE.test(r.text);
    let quality = 1;
    if (DANGLING.test(r.text) || DANGLING_AFTER_PHRASE.test(r.text) || PRONOUN_SPEAKER.test(stripQuotes(r.text))) {
      quality *= 0.35;
    } else if (CONNECTIVE.test(r.text)) quality *= 0.7;
    if (FIRST_PERSON.test(stripQuotes(r.text))) quality *= 0.5;
    if (wordCount > 45) quality *= 0.8;
    const outlook = cueScore(r.text, OUTLOOK_CUES);
    return {
      id,
      article: r.article,
      position: r.position,
      text: r.text,
      words: wordCount,
      vector: vectors[id]!,
      eligible,
      quality,
      centrality: (centrality[id] ?? 0) * raw.length,
      coverage: 0,
      score: 0,
      support: [],
      actor: findSpeaker(r.text, knownNames),
      framework: cueScore(r.text, FRAMEWORK_CUES),
      outlook,
      hedged: HEDGES.test(r.text) && !STRONG_FUTURE.test(r.text),
      implications: cueScore(r.text, IMPLICATION_CUES),
      background: backgroundScore(r.text, todayYear),
    };
  });

  // Coverage and supporting citations: the best match in each other article.
  const byArticle = new Map<number, Sentence[]>();
  for (const s of sentences) byArticle.set(s.article.number, [...(byArticle.get(s.article.number) ?? []), s]);
  const others = articles.length - 1;
  for (const s of sentences) {
    for (const [number, list] of byArticle) {
      if (number === s.article.number) continue;
      let best: Sentence | undefined;
      let bestSim = 0;
      for (const t of list) {
        const sim = cosine(s.vector, t.vector);
        if (sim > bestSim) {
          bestSim = sim;
          best = t;
        }
      }
      if (!best || bestSim < COVERAGE_SIMILARITY) continue;
      s.coverage++;
      if (
        bestSim >= SUPPORT_SIMILARITY &&
        s.support.length < 3 &&
        best.text.length <= 2000 &&
        contentProblems(s.text, [best.text]).length === 0
      ) {
        s.support.push({ source: number, passage: best.text });
      }
    }
    const share = others > 0 ? s.coverage / others : 0;
    const lead = s.position === 0 ? 1.3 : s.position === 1 ? 1.15 : 1;
    s.score = s.centrality * (1 + 0.5 * share) * s.quality * lead;
  }
  return sentences;
}

type Cue = [RegExp, number];

const FRAMEWORK_CUES: Cue[] = [
  [
    /\b(?:laws?|legal(?:ly)?|illegal|lawful|unlawful|conventions?|treat(?:y|ies)|statutes?|constitution(?:al)?|legislation|directive|charter|protocol|jurisdiction|legally binding|international law)\b/giu,
    2,
  ],
  [/\b(?:Article|Section|Chapter|Clause) \d+/gu, 2],
  [/\b[\p{Lu}][\p{L}-]* (?:Act|Regulations?|Convention|Treaty|Code|Directive)\b/gu, 2],
  [
    /\b(?:courts?|ruling|ruled|judges?|regulations?|regulators?|binding|obligations?|obliged|compliance|sanctions?)\b/giu,
    1,
  ],
  [
    /\b(?:requires?|required|prohibits?|prohibited|forbids?|forbidden|permits?|mandate|rules?|framework|authority to|power to|entitled)\b/giu,
    1,
  ],
];
const OUTLOOK_CUES: Cue[] = [
  [/\b(?:will|won't|shall)\b/giu, 2],
  [
    /\b(?:(?:is|are|was|were) expected to|expects?\b[^.;]{0,40}\bto|plans? to|planned|set to|(?:is|are) to be|scheduled|deadline|upcoming|aims? to|intends? to|pledged to|due to (?:be|begin|start|meet|take|arrive|expire|vote|decide))\b/giu,
    2,
  ],
  [
    /\b(?:next (?:week|month|year|step|round|phase)|in the coming (?:days|weeks|months|years)|by the end of|within (?:a|the next|\w+) (?:days?|weeks?|months?|years?)|until|from now)\b/giu,
    1,
  ],
  [/\b(?:could|might|likely|would|possible|probably)\b/giu, 1],
  [/\bmay\b/gu, 1],
];
const STRONG_FUTURE =
  /\b(?:will|won't|shall|expected to|plans? to|set to|scheduled|deadline|due to|intends? to|aims? to)\b/iu;
const HEDGES = /\b(?:could|might|possibly|possible|likely)\b|\bmay\b/u;
const IMPLICATION_CUES: Cue[] = [
  [
    /\b(?:precedents?|broader|wider|implications?|beyond|test of|test case|long-term|pattern|lessons?|far-reaching|ripple)\b/giu,
    2,
  ],
  [
    /\b(?:future|global(?:ly)?|worldwide|region(?:al)?|consequences?|signal|shape|reshape|across the (?:continent|region|world)|for years|other countries)\b/giu,
    1,
  ],
];

function cueScore(text: string, cues: readonly Cue[]): number {
  let score = 0;
  for (const [re, weight] of cues) score += (text.match(re)?.length ?? 0) * weight;
  return score;
}

/** Context: past years and dates, figures, words of history. */
function backgroundScore(text: string, todayYear: number): number {
  let score = 0;
  for (const m of text.matchAll(/\b(1[89]\d\d|20\d\d)\b/gu)) if (Number(m[1]) < todayYear) score++;
  if (
    /\b(?:since|began|begun|first|previous(?:ly)?|earlier|history|historically|decades?|ago|founded|originally|last (?:year|month|time))\b/iu.test(
      text,
    )
  )
    score++;
  if (extractNumbers(text).some((n) => !n.fromWords)) score++;
  return score;
}

function stripQuotes(text: string): string {
  return text.replace(/["“][^"”]*["”]/gu, " ");
}

// ---------------------------------------------------------------------------------------------
// Composing

function claimOf(s: Sentence): Claim {
  return { text: s.text, citations: [{ source: s.article.number, passage: s.text }, ...s.support] };
}

/** Each outlet's sentences keep their own order: articles first to last, positions within. */
function inReadingOrder(list: Sentence[]): Sentence[] {
  return [...list].sort((a, b) => a.article.number - b.article.number || a.position - b.position);
}

/** Paragraphs of two or three claims, starting a new one where the outlet changes. */
function paragraphsOf(list: Sentence[]): Sentence[][] {
  const out: Sentence[][] = [];
  let current: Sentence[] = [];
  for (const s of list) {
    const last = current.at(-1);
    if (current.length >= 3 || (current.length >= 2 && last && last.article.number !== s.article.number)) {
      out.push(current);
      current = [];
    }
    current.push(s);
  }
  if (current.length) out.push(current);
  return out;
}

/** The schema wants two sections; a story with few sentences gets its hook split in two. */
function ensureTwoSections(sections: Section[], strings: Strings): void {
  if (sections.length !== 1) return;
  const only = sections[0]!;
  const claims = only.paragraphs.flatMap((p) => p.claims);
  if (claims.length < 2) return;
  const half = Math.ceil(claims.length / 2);
  sections.splice(
    0,
    1,
    { kind: only.kind, heading: only.heading, paragraphs: [{ claims: claims.slice(0, half) }] },
    {
      kind: "background",
      heading: only.kind === "background" ? strings.context : strings.background,
      paragraphs: [{ claims: claims.slice(half) }],
    },
  );
}

interface StakeholderGroup {
  stakeholder: Stakeholder;
  sentences: Sentence[];
}

// Lowercase on purpose: "Control" in "Centres for Disease Control" is a name, not leverage.
const INTEREST_CUES =
  /\b(?:wants?|seeks?|hopes?|aims?|goal|priority|priorities|interests?|concerns?|needs?|fears?|insists? on|demands?)\b/u;
const LEVERAGE_CUES =
  /\b(?:leverage|controls?|holds? the|veto|power over|can block|funding|decides?|decision (?:is|was|rests) (?:for|with)|depends? on|relies on|authority to|bargaining)\b/u;

/** Actors named as the subjects of reporting verbs, merged across spellings, with their statements. */
function pickStakeholders(
  pool: Sentence[],
  pick: (c: Sentence[], key: (s: Sentence) => number, limit: number) => Sentence[],
  isFresh: (s: Sentence) => boolean,
): StakeholderGroup[] {
  const groups: { names: string[]; sentences: Sentence[] }[] = [];
  for (const s of [...pool].sort((a, b) => b.score - a.score || a.id - b.id)) {
    if (!s.actor) continue;
    const group = groups.find((g) => g.names.some((n) => sameActor(n, s.actor!)));
    if (group) {
      group.sentences.push(s);
      if (!group.names.includes(s.actor)) group.names.push(s.actor);
    } else {
      groups.push({ names: [s.actor], sentences: [s] });
    }
  }
  const weight = (g: { sentences: Sentence[] }) => g.sentences.slice(0, 2).reduce((sum, s) => sum + s.score, 0);
  const ranked = groups.sort((a, b) => weight(b) - weight(a) || a.sentences[0]!.id - b.sentences[0]!.id);
  const out: StakeholderGroup[] = [];
  for (const g of ranked) {
    if (out.length >= 5) break;
    const fresh = g.sentences.filter(isFresh);
    if (fresh.length === 0) continue;
    const statements = pick(fresh, (s) => s.score, 2);
    if (statements.length === 0) continue;
    // The fullest name readers are given ("Tedros Adhanom Ghebreyesus" over "Tedros").
    const actor = [...g.names].sort((a, b) => actorWords(b).length - actorWords(a).length || a.localeCompare(b))[0]!;
    const stakeholder: Stakeholder = { actor: actor.slice(0, 120), position: claimOf(statements[0]!) };
    // Only the actor's own statements: a sentence that merely names the actor may be about someone else.
    const own = g.sentences.filter((s) => s !== statements[0] && s.text.length <= 400);
    const interests = own.find((s) => INTEREST_CUES.test(s.text));
    const leverage = own.find((s) => LEVERAGE_CUES.test(s.text) && s !== interests);
    // Interests and leverage are printed as plain text, so they are only ever sentences the page also cites.
    for (const extra of [interests, leverage]) {
      if (extra && !statements.includes(extra) && isFresh(extra)) statements.push(...pick([extra], () => 1, 1));
    }
    if (interests && statements.includes(interests)) stakeholder.interests = interests.text;
    if (leverage && statements.includes(leverage)) stakeholder.leverage = leverage.text;
    out.push({ stakeholder, sentences: statements });
  }
  return out;
}

/** The clause of a forward-looking sentence that says what to watch, or the sentence when short. */
function watchFragment(text: string): string {
  const words = text.split(/\s+/u).length;
  if (words <= 50 && text.length <= 300) return text;
  const clauses = text.split(/(?<=[,;—])\s+/u);
  const best =
    clauses.find((c) => STRONG_FUTURE.test(c) && c.split(/\s+/u).length >= 6) ?? clauses.find((c) => HEDGES.test(c));
  const fragment = (best ?? text).replace(/[,;—]\s*$/u, "").replace(/^(?:and|but|or|while|which|that)\s+/u, "");
  return fragment.length <= 300 ? fragment : fragment.slice(0, fragment.lastIndexOf(" ", 299));
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

// ---------------------------------------------------------------------------------------------
// Headline, tags, key facts, timeline

/** The source title closest to what the whole story says, without the outlet's labels. */
function chooseHeadline(
  articles: readonly EngineArticle[],
  sentences: Sentence[],
): { text?: string; vector: TermVector } {
  const all = centroid(sentences.map((s) => s.vector));
  const df = documentFrequencies(sentences.map((s) => terms(s.text)));
  const titles = articles
    .map((a) => ({ a, title: cleanTitle(a.title, a.outlet) }))
    .filter((t) => t.title.length >= 8 && t.title.length <= 140)
    .map((t) => {
      const vector = tfidf(terms(t.title), df, sentences.length);
      return { ...t, vector, sim: cosine(vector, all) };
    })
    .sort((x, y) => y.sim - x.sim || x.a.number - y.a.number);
  const best = titles[0];
  return best ? { text: best.title, vector: best.vector } : { vector: all };
}

/** Cut at a word boundary; only for the rare story without a usable title. */
function shorten(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, text.lastIndexOf(" ", max - 1));
}

export function cleanTitle(title: string, outlet: string): string {
  let t = title.replace(/\s+/gu, " ").trim();
  t = t.replace(/^(?:live|breaking|exclusive|opinion|analysis|watch|update|updated)\s*[:|–—-]\s*/iu, "");
  const separator = /\s+[|–—-]\s+([^|–—-]+)$/u.exec(t);
  if (
    separator &&
    (separator[1]!.trim().toLowerCase() === outlet.toLowerCase() || separator[1]!.trim().split(" ").length <= 3)
  ) {
    t = t.slice(0, separator.index);
  }
  return t.trim();
}

/** The names most outlets mention, merged across spellings, outlets' own names excluded. */
function chooseTags(articles: readonly EngineArticle[], sentences: Sentence[]): string[] {
  const outlets = new Set(articles.map((a) => a.outlet.toLowerCase()));
  const found = new Map<string, { name: string; articles: Set<number>; count: number; first: number }>();
  for (const s of sentences) {
    for (const n of extractNames(s.text)) {
      const key = n.text.toLowerCase();
      if (n.text.length > 40 || outlets.has(key)) continue;
      // One short word ("Ib" of "clade Ib") or a bare title is not a tag; an acronym ("WHO") is.
      if (n.words.length === 1 && (NAME_TITLES.has(key) || (n.text.length < 4 && !/^\p{Lu}{2,}$/u.test(n.text))))
        continue;
      const entry = found.get(key) ?? { name: n.text, articles: new Set<number>(), count: 0, first: s.id };
      entry.articles.add(s.article.number);
      entry.count++;
      found.set(key, entry);
    }
  }
  const ranked = [...found.values()]
    .filter((e) => e.articles.size >= 2 || e.count >= (articles.length === 1 ? 2 : 3))
    .sort((a, b) => b.articles.size - a.articles.size || b.count - a.count || a.first - b.first);
  const tags: string[] = [];
  for (const e of ranked) {
    // A lone nationality ("Spanish", "Italian") describes, it does not name what the story is about.
    if (
      !e.name.includes(" ") &&
      (DEMONYM.test(e.name) || /^(?:French|Dutch|Greek|Thai|Swiss|Irish|Welsh)$/u.test(e.name))
    ) {
      continue;
    }
    const stem = tags.findIndex((t) => sameStem(t, e.name));
    if (stem >= 0) {
      // "North Korea" over "North Korean": the place, not the adjective.
      if (e.name.length < tags[stem]!.length) tags[stem] = e.name;
      continue;
    }
    const same = tags.findIndex((t) => sameActor(t, e.name));
    if (same >= 0) {
      // Keep the fuller spelling ("World Health Organization" over "WHO").
      if (e.name.length > tags[same]!.length && e.name.split(" ").length <= 5) tags[same] = e.name;
      continue;
    }
    tags.push(e.name);
    if (tags.length >= 6) break;
  }
  return tags;
}

const DEMONYM = /\p{Ll}(?:ian|ean|ican|ese|ish)$/u;

/** "North Korea" and "North Korean": word by word, one is the other with a short ending. */
function sameStem(a: string, b: string): boolean {
  const wa = a.split(" ");
  const wb = b.split(" ");
  if (wa.length !== wb.length) return false;
  return wa.every((w, i) => {
    const o = wb[i]!;
    if (w === o) return true;
    let common = 0;
    while (common < w.length && common < o.length && w[common] === o[common]) common++;
    return common >= 4 && common >= Math.min(w.length, o.length) - 1 && Math.abs(w.length - o.length) <= 2;
  });
}

const QUALIFIER =
  /(?:more than|over|at least|about|around|nearly|almost|roughly|some|up to|fewer than|less than|only|just|an estimated)\s+$/iu;
const LABEL_STOP = new Set([
  "and",
  "or",
  "of",
  "in",
  "on",
  "at",
  "to",
  "by",
  "for",
  "from",
  "with",
  "this",
  "that",
  "the",
  "a",
  "an",
  "so",
  "far",
  "were",
  "was",
  "is",
  "are",
  "have",
  "has",
  "had",
  "been",
  "will",
  "would",
  "who",
  "which",
  "than",
  "as",
  "its",
  "their",
  "across",
  "since",
  "per",
  "each",
  "said",
  "says",
  "while",
  "but",
  "after",
  "before",
  "during",
  "last",
  "into",
  "more",
  "less",
  "fewer",
  "following",
  "including",
  "compared",
  "whom",
  "over",
  "under",
  "between",
  "among",
  "could",
  "can",
  "may",
  "might",
  "already",
  "currently",
  "now",
]);

/** Figures with what they count: "more than 15,600" cases. Years, dates and article numbers are not figures. */
function chooseKeyFacts(pool: Sentence[]): KeyFact[] {
  const facts: (KeyFact & { score: number; id: number })[] = [];
  for (const s of pool) {
    const dates = extractDates(s.text);
    let perSentence = 0;
    for (const n of extractNumbers(s.text)) {
      if (perSentence >= 2) break;
      if (dates.some((d) => n.index < d.end && d.index < n.end)) continue;
      if (/^\d{4}$/u.test(n.raw) && n.value >= 1800 && n.value <= 2100) continue;
      if (n.fromWords && n.value < 100 && !n.percent) continue;
      const before = s.text.slice(0, n.index);
      if (
        /(?:Article|Section|Chapter|Resolution|Rule|Title|No\.|Covid|COVID|clade|Clade|Flight|Route)[\s-]$|[-\p{L}]$/u.test(
          before,
        )
      )
        continue;
      const label = labelFrom(s.text.slice(n.end));
      if (!label) continue;
      const qualifier = QUALIFIER.exec(before);
      const value = s.text.slice(qualifier ? qualifier.index : n.index, n.end).trim();
      if (value.length > 120) continue;
      facts.push({ label, value, claim: claimOf(s), score: s.score, id: s.id });
      perSentence++;
    }
  }
  const out: KeyFact[] = [];
  const labels = new Set<string>();
  for (const f of facts.sort((a, b) => b.score - a.score || a.id - b.id)) {
    const key = f.label.toLowerCase();
    if (labels.has(key) || out.some((o) => o.value === f.value)) continue;
    labels.add(key);
    out.push({ label: f.label, value: f.value, claim: f.claim });
    if (out.length >= 6) break;
  }
  return out;
}

/** Up to three words after the figure, stopping at a function word: "suspected cases", "doses". */
function labelFrom(after: string): string | undefined {
  const words: string[] = [];
  const tokens =
    after
      .match(/^[^.;:!?]*/u)?.[0]
      .split(/\s+/u)
      .filter(Boolean) ?? [];
  for (const raw of tokens) {
    const w = raw.replace(/[,)"”’]+$/u, "");
    const ended = w !== raw;
    if (!/^[\p{L}][\p{L}'’-]*$/u.test(w) || LABEL_STOP.has(w.toLowerCase())) break;
    words.push(w);
    if (ended || words.length >= 3) break;
  }
  if (words.length === 0) return undefined;
  const label = words.join(" ");
  return label.length <= 80 ? label.charAt(0).toUpperCase() + label.slice(1) : undefined;
}

/** Dated sentences on a timeline: one per date, the most central, in date order. */
function chooseTimeline(pool: Sentence[], today: string): TimelineEntry[] {
  const byDate = new Map<string, Sentence>();
  const todayYear = Number(today.slice(0, 4));
  for (const s of [...pool].sort((a, b) => b.score - a.score || a.id - b.id)) {
    const reference = new Date(s.article.publishedAt);
    const dated = extractDates(s.text)
      .map((d) => isoDate(d, Number.isNaN(reference.getTime()) ? undefined : reference))
      .filter((d): d is string => d !== undefined);
    if (dated.length === 0) {
      const year = /\b(?:in|since|by|until|from|during)\s+(1[89]\d\d|20\d\d)\b/u.exec(s.text)?.[1];
      if (year && Number(year) <= todayYear) dated.push(year);
    }
    const first = dated[0];
    if (!first || byDate.has(first) || [...byDate.values()].includes(s)) continue;
    byDate.set(first, s);
  }
  return [...byDate.entries()]
    .slice(0, 8)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1].id - b[1].id))
    .map(([date, s]) => ({ date, claim: claimOf(s) }));
}

// ---------------------------------------------------------------------------------------------
// Words of its own: headings and the rationale, in the site's language

interface Strings {
  hook: string;
  background: string;
  context: string;
  framework: string;
  stakeholders: (n: number) => string;
  mostProbable: string;
  outlook: string;
  implications: string;
  rationaleShared: string;
  rationaleSingle: string;
}

const NUMBER_WORDS = ["", "One", "Two", "Three", "Four", "Five"];

const STRINGS: Record<EngineInput["language"], Strings> = {
  en: {
    hook: "What happened",
    background: "How we got here",
    context: "More context",
    framework: "The rules in play",
    stakeholders: (n) =>
      n >= 2 && n <= 5
        ? `${NUMBER_WORDS[n]} actors, ${NUMBER_WORDS[n]!.toLowerCase()} calculations`
        : "Where each side stands",
    mostProbable: "The most probable outcome",
    outlook: "What happens next",
    implications: "The broader implications",
    rationaleShared: "The most central forward-looking statement in the coverage, carried by more than one outlet.",
    rationaleSingle: "The most central forward-looking statement in the coverage.",
  },
  ko: {
    hook: "무슨 일이 있었나",
    background: "지금까지의 경과",
    context: "더 알아볼 맥락",
    framework: "적용되는 규칙",
    stakeholders: () => "당사자별 계산",
    mostProbable: "가장 가능성 높은 결과",
    outlook: "앞으로의 전개",
    implications: "더 넓은 함의",
    rationaleShared: "보도 가운데 가장 중심적인 전망이며, 여러 매체가 함께 전했습니다.",
    rationaleSingle: "보도 가운데 가장 중심적인 전망입니다.",
  },
};
