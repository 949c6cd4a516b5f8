/**
 * Guesses the language of an article when neither the feed nor the source says. In: text;
 * out: an ISO 639-1 code, or undefined when the text gives too little to go on. Writing systems
 * used by one language (Hangul, kana) decide at once; Latin-script text is scored against
 * profiles of the short function words every sentence of a language needs. Never guesses from
 * a handful of words: a wrong language is worse than none, because it misroutes clustering.
 */

// Function words, chosen so each list's most frequent words are rare in the other languages.
const PROFILES: Readonly<Record<string, ReadonlySet<string>>> = {
  en: words(
    "the and of to is that it was for on are with as his her they be at by this had from have not but what were " +
      "which their has been will would who an or said its after about than there also more into when could we",
  ),
  de: words(
    "der die und das ist nicht mit den von zu dem sich des auf für im eine ein einer einem auch es wird wurde " +
      "sind hat nach bei aus werden oder aber noch wie über nur vor sie ich dass zum zur haben kann seit",
  ),
  fr: words(
    "le la les et de des est une un du dans pour que qui sur pas au avec ce il elle sont par plus ont été aux cette " +
      "mais ou nous leur ses son comme fait entre après selon être sa",
  ),
  es: words(
    "el la los las y de que en del se por con para una es un al lo como más pero sus su fue ha este esta entre " +
      "también según sobre han desde cuando muy porque ya hay",
  ),
  it: words(
    "il la che di e è per un una del della dei delle non con sono gli le nel nella anche come più ma alla dal " +
      "dalla ha hanno stato questo questa sul tra dopo secondo ad",
  ),
  pt: words(
    "o a os as que de do da dos das em no na um uma para com não por mais é foi são ao pelo pela como mas seu " +
      "sua também entre ainda após segundo está isso nos",
  ),
  nl: words(
    "de het een en van is dat op te in niet met zijn voor er aan ook als maar bij om door wordt werd naar dan " +
      "nog uit heeft hebben deze die wel over geen",
  ),
};

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(" "));
}

// Scripts that identify one language on their own (or the language PRISM reads in that script).
const SCRIPTS: ReadonlyArray<[RegExp, string]> = [
  [/\p{Script=Hangul}/gu, "ko"],
  [/\p{Script=Greek}/gu, "el"],
  [/\p{Script=Hebrew}/gu, "he"],
  [/\p{Script=Arabic}/gu, "ar"],
  [/\p{Script=Thai}/gu, "th"],
  [/\p{Script=Devanagari}/gu, "hi"],
];

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

/** Fewer function words than this and the text is a name, a list or a headline fragment. */
const MIN_HITS = 3;
/** Share of the words that must be function words of the winning language. */
const MIN_SHARE = 0.12;
/** The winner must beat the runner-up by this factor, or the text is too mixed to call. */
const MIN_LEAD = 1.25;

export function detectLanguage(text: string): string | undefined {
  const letters = count(text, /\p{L}/gu);
  if (letters < 4) return undefined;

  // Japanese mixes kana with Han characters; Chinese uses Han alone.
  const kana = count(text, /[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const han = count(text, /\p{Script=Han}/gu);
  if ((kana + han) / letters > 0.3) return kana >= (kana + han) * 0.1 ? "ja" : "zh";

  for (const [re, code] of SCRIPTS) {
    if (count(text, re) / letters > 0.3) return code;
  }
  const cyrillic = count(text, /\p{Script=Cyrillic}/gu);
  if (cyrillic / letters > 0.3) return /[іїєґ]/iu.test(text) ? "uk" : "ru";

  const tokens = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const scores = Object.entries(PROFILES).map(([code, list]) => {
    let hits = 0;
    for (const token of tokens) if (list.has(token)) hits++;
    return { code, hits };
  });
  scores.sort((a, b) => b.hits - a.hits);
  const [best, second] = scores;
  if (!best || best.hits < MIN_HITS || best.hits / tokens.length < MIN_SHARE) return undefined;
  if (second && best.hits < second.hits * MIN_LEAD) return undefined;
  return best.code;
}
