/**
 * Who a sentence attributes a statement to: "Jean Kaseya, the agency's director general, said",
 * "... lives," Tedros said", "said Tedros Adhanom Ghebreyesus", "according to the WHO",
 * "Congolese health officials said". Returns the actor as the sentence names it, or undefined
 * when the sentence attributes nothing or only to a pronoun ("she said"). Pure; a heuristic
 * read from capitalisation and a list of reporting verbs, never a guess beyond the sentence.
 */
import { extractNames, NAME_TITLES } from "./extract-names.ts";

const REPORTING_VERBS = new Set([
  "said",
  "says",
  "told",
  "tells",
  "announced",
  "announces",
  "argued",
  "argues",
  "warned",
  "warns",
  "added",
  "stated",
  "insisted",
  "insists",
  "claimed",
  "claims",
  "urged",
  "urges",
  "noted",
  "notes",
  "declared",
  "declares",
  "confirmed",
  "confirms",
  "denied",
  "denies",
  "rejected",
  "welcomed",
  "pledged",
  "promised",
  "vowed",
  "wrote",
  "posted",
  "explained",
  "acknowledged",
  "admitted",
  "countered",
  "maintained",
  "estimated",
  "predicted",
  "reported",
  "recommended",
  "demanded",
  "criticised",
  "criticized",
  "praised",
  "proposed",
  "responded",
  "replied",
  "advised",
  "cautioned",
  "stressed",
  "emphasised",
  "emphasized",
  "signalled",
  "signaled",
  "believes",
  "expects",
  "plans",
  "intends",
  "approved",
  "agreed",
  "committed",
]);

// Between an actor and its verb: "has", "also", "on Tuesday".
const BRIDGE = new Set([
  "has",
  "have",
  "had",
  "also",
  "previously",
  "later",
  "repeatedly",
  "publicly",
  "then",
  "earlier",
  "again",
  "separately",
  "already",
  "recently",
  "formally",
  "officially",
  "on",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
  "last",
  "week",
  "this",
  "in",
  "a",
  "statement",
  "on",
  "x",
]);

// Groups named by a capitalised adjective and a lowercase noun: "Ukrainian officials", "Congolese health authorities".
const GROUP_NOUNS = new Set([
  "officials",
  "authorities",
  "government",
  "ministry",
  "ministers",
  "officers",
  "diplomats",
  "scientists",
  "researchers",
  "experts",
  "leaders",
  "lawmakers",
  "prosecutors",
  "police",
  "military",
  "forces",
  "regulators",
  "negotiators",
  "doctors",
  "investigators",
  "spokesperson",
  "spokesman",
  "spokeswoman",
  "executives",
  "analysts",
]);
const GROUP_MODIFIERS = new Set([
  "health",
  "senior",
  "government",
  "military",
  "foreign",
  "top",
  "local",
  "federal",
  "state",
  "public",
]);

const PREPOSITIONS = new Set([
  "in",
  "of",
  "on",
  "for",
  "from",
  "at",
  "to",
  "with",
  "by",
  "about",
  "against",
  "over",
  "into",
]);

// Subjects that name nobody.
const PRONOUNS = new Set([
  "he",
  "she",
  "it",
  "they",
  "we",
  "i",
  "you",
  "this",
  "that",
  "these",
  "those",
  "who",
  "which",
  "one",
  "some",
  "many",
  "others",
  "both",
  "all",
  "officials",
  "experts",
  "analysts",
  "critics",
  "observers",
  "there",
  "what",
]);

// Reporting verbs after which a following name is the speaker only in quote inversions ("..., said Tedros").
const INVERTIBLE = new Set([
  "said",
  "says",
  "added",
  "wrote",
  "noted",
  "insisted",
  "warned",
  "stated",
  "explained",
  "argued",
]);

interface Word {
  text: string;
  lower: string;
  index: number;
  end: number;
}

function words(sentence: string): Word[] {
  return [...sentence.matchAll(/[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.&-]*/gu)].map((m) => {
    const text = m[0].replace(/[.]+$/u, "");
    return { text, lower: text.toLowerCase(), index: m.index ?? 0, end: (m.index ?? 0) + text.length };
  });
}

/** Offsets covered by quotations, so a verb inside a quote is not the attribution. */
function quoteSpans(sentence: string): [number, number][] {
  const spans: [number, number][] = [];
  const re = /["“]([^"”]*)["”]/gu;
  for (const m of sentence.matchAll(re)) spans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  return spans;
}

/**
 * `knownNames`: words the story capitalises mid-sentence somewhere. A lone capitalised word that
 * opens a sentence ("Kaseya said") is taken for a name only when it is one of them, so that
 * "Governments said" names nobody.
 */
export function findSpeaker(sentence: string, knownNames?: ReadonlySet<string>): string | undefined {
  const ws = words(sentence);
  const quotes = quoteSpans(sentence);
  const inQuote = (i: number) => quotes.some(([a, b]) => i > a && i < b);
  const names = extractNames(sentence);
  const nameEndingAt = (end: number) =>
    names.find((n) => {
      const last = n.words.at(-1) ?? "";
      const at = sentence.indexOf(last, n.index);
      return at >= 0 && at + last.length === end;
    });
  const nameStartingAt = (index: number) => names.find((n) => n.index === index);

  const according = sentence.match(/\baccording to (?:the )?/u);
  if (according?.index !== undefined && !inQuote(according.index)) {
    const name = nameStartingAt(according.index + according[0].length);
    // "according to Ukrainian, US and South Korean intelligence": a lone demonym names no one.
    const demonym = name && name.words.length === 1 && /(?:ian|ean|ese|ish|i)$/u.test(name.text);
    if (name && !demonym) return cleanActor(name.text);
  }

  for (let v = 0; v < ws.length; v++) {
    const verb = ws[v]!;
    if (!REPORTING_VERBS.has(verb.lower) || inQuote(verb.index)) continue;

    // Quote inversion: `," said Tedros` or `, said Tedros Adhanom Ghebreyesus`.
    const before = sentence.slice(0, verb.index).trimEnd();
    if (INVERTIBLE.has(verb.lower) && /[,”"]$/u.test(before)) {
      const next = ws[v + 1];
      const name = next && nameStartingAt(next.index);
      if (name) return cleanActor(name.text);
    }

    // Subject before the verb, skipping bridge words and an appositive between commas.
    let k = v - 1;
    while (
      k >= 0 &&
      BRIDGE.has(ws[k]!.lower) &&
      !/[,]/.test(sentence.slice(ws[k]!.end, ws[k + 1]?.index ?? verb.index))
    )
      k--;
    if (k < 0) continue;
    let subjectEnd = ws[k]!.end;
    const gap = sentence.slice(subjectEnd, ws[k + 1]?.index ?? verb.index);
    if (gap.includes(",")) {
      // "Jean Kaseya, the agency's director general, said": the subject ends before the opening comma.
      const clause = sentence.slice(0, subjectEnd);
      const open = clause.lastIndexOf(",");
      if (open < 0) continue;
      const head = sentence.slice(0, open).trimEnd();
      const headWord = ws.filter((w) => w.end <= head.length).at(-1);
      if (!headWord) continue;
      subjectEnd = headWord.end;
      k = ws.indexOf(headWord);
    }
    const name = nameEndingAt(subjectEnd);
    if (name) {
      // "the rapporteur on human rights in North Korea said": a name after a preposition is not the subject.
      const before = ws.filter((x) => x.end <= name.index).at(-1);
      if (before && PREPOSITIONS.has(before.lower) && sentence.slice(before.end, name.index).trim() === "") continue;
      return cleanActor(name.text);
    }
    // "Kaseya said ...": one capitalised word opening the sentence is a name when a reporting verb follows it.
    const opener = ws[k]!;
    if (
      k === 0 &&
      opener.end === subjectEnd &&
      /^\p{Lu}/u.test(opener.text) &&
      !PRONOUNS.has(opener.lower) &&
      (knownNames === undefined || knownNames.has(opener.text))
    ) {
      return cleanActor(opener.text);
    }

    // "Congolese health officials said", "WHO's emergency committee said".
    const w = ws[k]!;
    if (GROUP_NOUNS.has(w.lower) || w.lower === "committee" || w.lower === "agency") {
      let s = k - 1;
      while (s >= 0 && GROUP_MODIFIERS.has(ws[s]!.lower)) s--;
      const head = ws[s];
      if (head && /^\p{Lu}/u.test(head.text) && !(s === 0 && /^(The|A|An|Its|Their|His|Her)$/u.test(head.text))) {
        return cleanActor(sentence.slice(head.index, w.end));
      }
    }
  }
  return undefined;
}

/** Strips a leading article and a trailing possessive; keeps titles (they are how readers know the person). */
function cleanActor(actor: string): string | undefined {
  const out = actor
    .replace(/^(the|The)\s+/u, "")
    .replace(/['’]s$/u, "")
    .trim();
  if (out.length < 2) return undefined;
  return out;
}

/**
 * The key two mentions of one actor share: words without titles, so "President Volodymyr
 * Zelenskyy", "Volodymyr Zelenskyy" and "Zelenskyy" can be merged by `sameActor`.
 */
export function actorWords(actor: string): string[] {
  return actor
    .split(/\s+/u)
    .map((w) => w.replace(/['’]s$/u, ""))
    .filter((w) => w && /^\p{Lu}/u.test(w) && !NAME_TITLES.has(w.toLowerCase()));
}

/** One actor named two ways: one's words contained in the other's, or an acronym of it ("WHO"). */
export function sameActor(a: string, b: string): boolean {
  const wa = actorWords(a);
  const wb = actorWords(b);
  if (wa.length === 0 || wb.length === 0) return a.toLowerCase() === b.toLowerCase();
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  if (short.every((w) => long.includes(w))) return true;
  if (short.length === 1 && /^\p{Lu}{2,}$/u.test(short[0]!)) {
    const initials = long.map((w) => w[0]).join("");
    return initials === short[0];
  }
  return false;
}
