/**
 * Language-light text helpers shared by clustering, analysis and related-article scoring:
 * sentence splitting, word tokens and an English stopword list. They know nothing about news.
 */

// Abbreviations whose trailing period does not end a sentence.
const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "sr",
  "jr",
  "st",
  "gen",
  "lt",
  "col",
  "sgt",
  "capt",
  "gov",
  "sen",
  "rep",
  "pres",
  "u.s",
  "u.k",
  "u.n",
  "e.g",
  "i.e",
  "etc",
  "vs",
  "no",
  "inc",
  "ltd",
  "co",
  "corp",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "art",
  "fig",
  "approx",
  "est",
  "mt",
]);

/** Splits text into sentences, keeping each sentence's exact characters (so it can be found again verbatim). */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n\s*\n|\r\n\s*\r\n/)) {
    const p = paragraph.replace(/\s+/g, " ").trim();
    if (!p) continue;
    let start = 0;
    const re = /[.!?]+["'”’)\]]*(?=\s+["'“‘([]?[\p{Lu}\p{N}])/gu;
    for (let m = re.exec(p); m; m = re.exec(p)) {
      const end = m.index + m[0].length;
      const before = p.slice(start, m.index);
      const lastWord =
        before
          .split(/\s+/)
          .pop()
          ?.replace(/^["'“‘(]+/, "") ?? "";
      // "U.S." or "Dr." or a single initial ("John F. Kennedy") does not end a sentence.
      if (
        m[0] === "." &&
        (ABBREVIATIONS.has(lastWord.toLowerCase()) || /^\p{Lu}$/u.test(lastWord) || /^(\p{L}\.)+\p{L}$/u.test(lastWord))
      ) {
        continue;
      }
      sentences.push(p.slice(start, end).trim());
      start = end;
    }
    const rest = p.slice(start).trim();
    if (rest) sentences.push(rest);
  }
  return sentences;
}

export const STOPWORDS = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below between both " +
    "but by can could did do does doing down during each few for from further had has have having he her here hers " +
    "herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once " +
    "only or other our ours ourselves out over own same she should so some such than that the their theirs them " +
    "themselves then there these they this those through to too under until up very was we were what when where which " +
    "while who whom why will with would you your yours yourself yourselves said says say told according would could " +
    "may might must shall one two new last first year years since per cent percent mr ms mrs"
  ).split(" "),
);

/** Lowercased word tokens without stopwords, numbers kept (they matter in news), possessives folded. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []) {
    const word = raw.replace(/['’]s$/u, "").replace(/['’]/gu, "");
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    out.push(word);
  }
  return out;
}

/** Collapses whitespace; used wherever two texts are compared for verbatim containment. */
export function normalizeSpace(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}
