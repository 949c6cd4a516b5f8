/**
 * Proper names in a sentence or claim, read from capitalisation: runs of capitalised words
 * joined by connectors ("Democratic Republic of the Congo", "South Korea's National Intelligence
 * Service" gives "South Korea" and "National Intelligence Service"). A capital that writing makes
 * automatic (the first word of a sentence or of a quotation) does not by itself make a name, so a
 * single word there is skipped and a leading "The" or "In" is dropped. Months, weekdays and the
 * pronoun "I" are never names. Pure; never throws.
 */
import { STOPWORDS } from "../lib/text.ts";
import { DAY_NAMES, MONTH_ABBREVIATIONS, MONTH_NAMES } from "./extract-dates.ts";

export interface NameMention {
  /** The name as written, possessive removed. */
  text: string;
  /** Its words, connectors included. */
  words: string[];
  index: number;
}

const CONNECTORS = new Set([
  "of",
  "for",
  "the",
  "de",
  "del",
  "da",
  "van",
  "von",
  "der",
  "al",
  "bin",
  "la",
  "le",
  "on",
  "and",
  "des",
  "du",
  "di",
  "della",
  "ter",
  "ten",
]);
// Particles that open a surname ("des Cars", "van Gogh", "de Gaulle"): part of the name even before its first capital.
const PARTICLES = new Set([
  "de",
  "des",
  "du",
  "di",
  "da",
  "del",
  "della",
  "van",
  "von",
  "der",
  "ter",
  "ten",
  "le",
  "la",
]);

const NOT_NAMES = new Set(["i", ...DAY_NAMES, ...MONTH_NAMES, ...MONTH_ABBREVIATIONS]);

// Words that open sentences and clauses; capitalised there, never a name's first word.
const OPENERS = new Set([
  ...STOPWORDS,
  "however",
  "meanwhile",
  "still",
  "yet",
  "although",
  "though",
  "despite",
  "instead",
  "many",
  "several",
  "both",
  "while",
  "whether",
  "even",
  "like",
  "unlike",
  "under",
  "until",
  "without",
  "within",
  "across",
  "among",
  "along",
  "another",
  "every",
  "earlier",
  "later",
  "today",
  "yesterday",
  "tomorrow",
  "asked",
  "speaking",
  "officials",
]);

/** Titles and honorifics: part of how a person is named, not of the name a source must contain. */
export const NAME_TITLES = new Set([
  "president",
  "minister",
  "prime",
  "chancellor",
  "secretary",
  "senator",
  "sen",
  "governor",
  "gov",
  "mayor",
  "judge",
  "justice",
  "king",
  "queen",
  "prince",
  "princess",
  "pope",
  "general",
  "gen",
  "chief",
  "chairman",
  "chairwoman",
  "chair",
  "spokesman",
  "spokeswoman",
  "spokesperson",
  "ambassador",
  "commissioner",
  "director",
  "director-general",
  "ceo",
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "professor",
  "rep",
  "representative",
  "premier",
  "sheikh",
  "captain",
  "colonel",
  "lieutenant",
  "sergeant",
  "inspector",
  "prosecutor",
  "attorney",
  "envoy",
  "rapporteur",
  "special",
  "foreign",
  "deputy",
  "vice",
  "former",
  "acting",
  "head",
  "cardinal",
  "bishop",
  "archbishop",
]);

// A word with inner hyphens, apostrophes, dots or ampersands ("U.S.", "Tae-yul", "AT&T"), or one other mark.
const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}]|[-'’.&](?=[\p{L}\p{N}]))*\.?|[^\s\p{L}\p{N}]/gu;

interface Token {
  word: string;
  index: number;
  /** The capital here is automatic: first word of a sentence or quotation. */
  initial: boolean;
  /** "Korea's": a name ends with this word. */
  endsName: boolean;
  mark: boolean;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  let initial = true;
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const index = m.index ?? 0;
    if (!/^[\p{L}\p{N}]/u.test(raw)) {
      out.push({ word: raw, index, initial: false, endsName: true, mark: true });
      // An opening quotation mark or a colon starts a new sentence; a closing one does not.
      const opening = raw === "“" || raw === "‘" || (raw === '"' && (index === 0 || /[\s([]/u.test(text[index - 1]!)));
      if (opening || raw === ":" || /[.!?]/.test(raw)) initial = true;
      continue;
    }
    // A trailing dot ends the sentence unless the word is an initialism ("U.S.") or a single initial.
    let word = raw;
    let endsSentence = false;
    if (word.endsWith(".") && !/^(\p{L}\.)+$/u.test(word) && !/^\p{Lu}\.$/u.test(word)) {
      word = word.slice(0, -1);
      endsSentence = true;
    }
    let endsName = false;
    if (/['’]s$/u.test(word)) {
      word = word.slice(0, -2);
      endsName = true;
    } else if (/s['’]$/u.test(word)) {
      word = word.slice(0, -1);
      endsName = true;
    }
    out.push({ word, index, initial, endsName: endsName || endsSentence, mark: false });
    initial = endsSentence;
  }
  return out;
}

function capitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

export function extractNames(text: string): NameMention[] {
  const out: NameMention[] = [];
  let run: Token[] = [];
  let pending: Token[] = [];
  const flush = () => {
    const name = cleanRun(run);
    if (name) out.push(name);
    run = [];
    pending = [];
  };
  let previous: Token | undefined;
  for (const t of tokens(text)) {
    const lower = t.word.toLowerCase();
    if (!t.mark && capitalised(t.word) && !NOT_NAMES.has(lower)) {
      if (t.initial && run.length) flush();
      if (run.length && pending.length) run.push(...pending);
      else if (!run.length && previous && !previous.mark && PARTICLES.has(previous.word)) run.push(previous);
      pending = [];
      run.push(t);
      if (t.endsName) flush();
    } else if (run.length && !t.mark && CONNECTORS.has(lower) && pending.length < 2) {
      pending.push(t);
    } else {
      flush();
    }
    previous = t;
  }
  flush();
  return out;
}

function cleanRun(run: Token[]): NameMention | undefined {
  let words = run.slice();
  // An automatic capital on a common word ("The", "In", "Officials") is not part of the name.
  while (
    words.length &&
    words[0]!.initial &&
    OPENERS.has(words[0]!.word.toLowerCase()) &&
    !/^\p{Lu}{2,}$/u.test(words[0]!.word)
  ) {
    words = words.slice(1);
    while (words.length && !capitalised(words[0]!.word)) words = words.slice(1);
  }
  while (words.length && !capitalised(words.at(-1)!.word)) words = words.slice(0, -1);
  while (words.length > 1 && !capitalised(words[0]!.word) && !PARTICLES.has(words[0]!.word)) words = words.slice(1);
  if (words.length === 0) return undefined;
  // One capitalised word where capitals are automatic cannot be told from an ordinary word,
  // unless it is written in capitals ("WHO", "NATO").
  if (words.length === 1 && words[0]!.initial && !/^[\p{Lu}\d.&-]{2,}$/u.test(words[0]!.word)) return undefined;
  return { text: words.map((w) => w.word).join(" "), words: words.map((w) => w.word), index: words[0]!.index };
}
