/**
 * Named-entity candidates for clustering: runs of capitalised words in a title and text
 * ("Elizabeth Salmon", "Geneva Convention", "South Korea", "Bank of Korea"), keyed in lowercase
 * without accents or dots, counted, and ranked with title mentions counting extra.
 *
 * A heuristic, not a tagger: it reads capitalisation only, so it finds names in languages that
 * capitalise them and returns nothing for the others (those cluster on terms alone). Pure; it
 * never throws on any input.
 */
import { STOPWORDS, splitSentences } from "../lib/text.ts";

export interface EntityCount {
  /** Lowercase, accent- and dot-free: "u.s." and "U.S." and "US" share the key "us". */
  key: string;
  /** The spelling first seen, for display. */
  name: string;
  weight: number;
}

/** How many entities an article keeps: enough for the names that matter, few enough to compare fast. */
export const MAX_ARTICLE_ENTITIES = 15;

// A title mention says what the article is about; three body mentions say about as much.
const TITLE_WEIGHT = 3;

// Lowercase words allowed inside a name when a capitalised word follows ("Bank of Korea").
const CONNECTORS = new Set("of for de del da dos van von der den al bin la le".split(" "));

// Capitalised words that start sentences or name times, never the subject of a story.
const NOT_NAMES = new Set([
  ...STOPWORDS,
  ...(
    "however meanwhile today yesterday tomorrow tonight earlier later still yet although though " +
    "despite instead many several both while whether asked speaking monday tuesday wednesday thursday " +
    "friday saturday sunday january february march april june july august september october november " +
    "december ap afp reuters " +
    // Datelines and bylines: abbreviated days and months, time zones and page furniture.
    "jan feb apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat " +
    "gmt bst utc est edt cst cdt mst mdt pst pdt cet cest ist et pt am pm " +
    "updated posted published update breaking exclusive video photo photos watch advertisement"
  ).split(" "),
]);

// Titles before a person's name: "Foreign Minister Cho Tae-yul" is about "Cho Tae-yul".
const TITLE_HEADS = new Set(
  (
    "president minister chancellor secretary senator sen governor gov mayor judge justice king queen " +
    "prince princess pope general gen chief chairman chairwoman chair spokesman spokeswoman " +
    "spokesperson ambassador commissioner director ceo mr mrs ms dr prof professor rep representative " +
    "lawmaker leader premier sheikh captain colonel lieutenant sergeant officer inspector prosecutor " +
    "attorney envoy rapporteur"
  ).split(" "),
);
const TITLE_MODIFIERS = new Set(
  (
    "prime foreign finance defence defense interior deputy vice former acting labor labour economy " +
    "economic trade health energy environment education justice special senior state executive " +
    "managing general chief head top national police army attorney district opposition party mines " +
    "agriculture transport culture tourism industry home housing fisheries science technology " +
    "communications information infrastructure development security unification employment welfare " +
    "family women oceans land"
  ).split(" "),
);

// After a plural possessive these continue a name ("Workers' Union"); anything else starts a new one
// ("Haemin Heavy Industries' Geoje shipyard").
const ORGANISATION_WORDS = new Set(
  (
    "union unions association federation confederation council party league alliance front congress " +
    "movement committee cooperative day fund bank coalition guild"
  ).split(" "),
);

// "Seoul-based" names Seoul; the suffix is not part of any name.
const HYPHEN_SUFFIXES =
  /-(based|led|backed|born|owned|made|run|style|era|wide|level|bound|linked|controlled|funded|allied|speaking)$/iu;

// A word, with inner hyphens, apostrophes, dots and ampersands ("U.S.", "Tae-yul", "AT&T") and a
// trailing dot or apostrophe ("Workers'"), or one punctuation mark.
const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}]|[-'’.&](?=[\p{L}\p{N}]))*(?:\.|['’](?!\p{L}))?|[^\s\p{L}\p{N}]/gu;

/** The most salient entity keys of an article, best first. */
export function extractEntities(title: string, text: string, limit = MAX_ARTICLE_ENTITIES): string[] {
  return countEntities(title, text)
    .slice(0, limit)
    .map((e) => e.key);
}

/** Every entity candidate with its weight, best first (ties: first seen first). */
export function countEntities(title: string, text: string): EntityCount[] {
  const bodySentences = splitSentences(text);
  const titleIsTitleCase = isTitleCase(title);
  // A capital that starts a sentence says nothing. Such a word is kept as a name when it is not
  // seen in lowercase, and, alone, only when it is also seen capitalised mid-sentence:
  // "Haemin Heavy Industries said" keeps Haemin, "Officials said" and "Rescue teams" keep nothing.
  const seen: SeenWords = { capitalised: new Set(), lowercase: new Set() };
  // Each sentence is split into tokens once, for both passes.
  const split = new Map<string, Token[]>();
  const tokensOf = (sentence: string) => {
    let t = split.get(sentence);
    if (!t) {
      t = tokens(sentence);
      split.set(sentence, t);
    }
    return t;
  };
  for (const sentence of [title, ...bodySentences]) {
    collectSeenWords(tokensOf(sentence), seen, titleIsTitleCase && sentence === title);
  }

  const counts = new Map<string, EntityCount & { order: number }>();
  let order = 0;
  const add = (name: string, weight: number) => {
    const key = entityKey(name);
    if (key.length < 2) return;
    const existing = counts.get(key);
    if (existing) existing.weight += weight;
    else counts.set(key, { key, name, weight, order: order++ });
  };

  if (!titleIsTitleCase) {
    for (const sentence of splitSentences(title))
      for (const name of namesIn(tokensOf(sentence), seen)) add(name, TITLE_WEIGHT);
  }
  for (const sentence of bodySentences) for (const name of namesIn(tokensOf(sentence), seen)) add(name, 1);
  if (titleIsTitleCase) {
    // A Title Cased Headline capitalises everything, so it cannot say where names are; it can
    // still say which of the names in the text it mentions.
    const titleKey = ` ${entityKey(title.replace(/[^\p{L}\p{N}.\s]+/gu, " "))} `;
    for (const entity of counts.values()) if (titleKey.includes(` ${entity.key} `)) entity.weight += TITLE_WEIGHT;
  }

  mergeShortForms(counts);
  return [...counts.values()]
    .sort((a, b) => b.weight - a.weight || a.order - b.order)
    .map(({ key, name, weight }) => ({ key, name, weight }));
}

/** Lowercase, accents and dots removed, curly apostrophes straightened, spaces collapsed. */
export function entityKey(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/\./g, "")
    .replace(/\s+/g, " ")
    .trim();
}

interface Token {
  word: string;
  /** Capitals here are automatic: first word of a sentence, or after a quote mark or colon. */
  initial: boolean;
  /** "Korea's", "Seoul-based": the name ends with this word. */
  endsName: boolean;
  /** "Workers'": ends the name unless an organisation word follows ("Workers' Union"). */
  pluralPossessive: boolean;
  punctuation: boolean;
}

function tokens(sentence: string): Token[] {
  const out: Token[] = [];
  let initial = true;
  for (const raw of sentence.match(TOKEN) ?? []) {
    // Most tokens are plain words of ASCII letters: nothing to strip, no suffix to read.
    if (isPlainWord(raw)) {
      out.push({ word: raw, initial, endsName: false, pluralPossessive: false, punctuation: false });
      initial = false;
      continue;
    }
    if (!/^[\p{L}\p{N}]/u.test(raw)) {
      out.push({ word: raw, initial: false, endsName: true, pluralPossessive: false, punctuation: true });
      if (/["“”:‘']/u.test(raw)) initial = true;
      continue;
    }
    let word = /^(\p{L}\.)+$/u.test(raw) ? raw : raw.replace(/\.+$/u, "");
    let endsName = false;
    let pluralPossessive = false;
    if (/['’]s$/iu.test(word)) {
      word = word.slice(0, -2);
      endsName = true;
    } else if (/['’]$/u.test(word)) {
      word = word.slice(0, -1);
      pluralPossessive = true;
    }
    if (HYPHEN_SUFFIXES.test(word)) {
      word = word.replace(HYPHEN_SUFFIXES, "");
      endsName = true;
    }
    out.push({ word, initial, endsName, pluralPossessive, punctuation: false });
    initial = false;
  }
  return out;
}

/** Only ASCII letters (the common case, answered without a regular expression). */
function isPlainWord(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) return false;
  }
  return raw.length > 0;
}

function isCapitalised(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c >= 0x41 && c <= 0x5a) return true;
  if (c >= 0x61 && c <= 0x7a) return false;
  return /^\p{Lu}/u.test(word);
}

interface SeenWords {
  /** Lowercase forms of words capitalised mid-sentence. */
  capitalised: Set<string>;
  /** Words seen in lowercase. */
  lowercase: Set<string>;
}

function collectSeenWords(sentenceTokens: readonly Token[], seen: SeenWords, capitalsAreAutomatic: boolean): void {
  for (const t of sentenceTokens) {
    if (t.punctuation) continue;
    if (!isCapitalised(t.word)) seen.lowercase.add(t.word.toLowerCase());
    else if (!t.initial && !capitalsAreAutomatic) seen.capitalised.add(t.word.toLowerCase());
  }
}

/** Names in one sentence: maximal runs of capitalised words, joined by connectors. */
function namesIn(sentenceTokens: readonly Token[], seen: SeenWords): string[] {
  const names: string[] = [];
  let run: Token[] = [];
  let connectors: Token[] = [];
  const flush = () => {
    if (run.length) names.push(...cleanRun(run, seen));
    run = [];
    connectors = [];
  };
  for (const t of sentenceTokens) {
    const lower = t.word.toLowerCase();
    const last = run[run.length - 1];
    if (last?.pluralPossessive && !(connectors.length === 0 && ORGANISATION_WORDS.has(lower))) flush();
    if (!t.punctuation && isCapitalised(t.word) && !NOT_NAMES.has(lower)) {
      if (run.length && connectors.length) run.push(...connectors);
      connectors = [];
      run.push(t);
      if (t.endsName) flush();
    } else if (
      run.length &&
      !t.punctuation &&
      (CONNECTORS.has(lower) || (lower === "the" && connectors.length === 1 && /^(of|for)$/i.test(connectors[0]!.word)))
    ) {
      connectors.push(t);
    } else {
      flush();
    }
  }
  flush();
  return names;
}

/** Drops an automatic capital at the start, splits off people's titles, trims connectors. */
function cleanRun(run: Token[], seen: SeenWords): string[] {
  let words = run.slice();
  const first = words[0]!;
  const lower = first.word.toLowerCase();
  if (first.initial && (seen.lowercase.has(lower) || (words.length === 1 && !seen.capitalised.has(lower)))) {
    words = words.slice(1);
    while (words.length && !isCapitalised(words[0]!.word)) words = words.slice(1);
  }
  const parts: string[][] = [];
  let current: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!.word;
    const lower = word.toLowerCase();
    const next = words[i + 1];
    if (TITLE_HEADS.has(lower) && next && isCapitalised(next.word)) {
      // "Bank of Korea Governor Han Seung-woo": the title and its modifiers belong to neither name.
      while (current.length && TITLE_MODIFIERS.has(current[current.length - 1]!.toLowerCase())) current.pop();
      parts.push(current);
      current = [];
      continue;
    }
    current.push(word);
  }
  parts.push(current);
  const names: string[] = [];
  for (const part of parts) {
    while (part.length && !isCapitalised(part[0]!)) part.shift();
    while (part.length && !isCapitalised(part[part.length - 1]!)) part.pop();
    if (part.length === 0) continue;
    if (part.every((w) => TITLE_HEADS.has(w.toLowerCase()) || TITLE_MODIFIERS.has(w.toLowerCase()))) continue;
    names.push(part.join(" "));
  }
  return names;
}

/**
 * "Salmon" after "Elizabeth Salmon" and "Han" after "Han Seung-woo" are the same person: a single
 * word that starts or ends exactly one short name (two or three words, no connector, so "Bank of
 * Peru" does not absorb "Peru") is counted as that name.
 */
function mergeShortForms(counts: Map<string, EntityCount & { order: number }>): void {
  const owners = new Map<string, Array<EntityCount & { order: number }>>();
  for (const e of counts.values()) {
    const words = e.key.split(" ");
    if (words.length < 2 || words.length > 3 || words.some((w) => CONNECTORS.has(w))) continue;
    for (const edge of new Set([words[0]!, words[words.length - 1]!]))
      owners.set(edge, [...(owners.get(edge) ?? []), e]);
  }
  for (const [word, names] of owners) {
    const single = counts.get(word);
    if (!single || names.length !== 1) continue;
    names[0]!.weight += single.weight;
    names[0]!.order = Math.min(names[0]!.order, single.order);
    counts.delete(word);
  }
}

/** A Headline Where Most Words Are Capitalised. */
function isTitleCase(title: string): boolean {
  const words = (title.match(/[\p{L}][\p{L}\p{M}'’-]*/gu) ?? []).filter((w) => !STOPWORDS.has(w.toLowerCase()));
  if (words.length < 3) return false;
  const capitalised = words.filter((w) => isCapitalised(w)).length;
  return capitalised / words.length >= 0.7;
}
