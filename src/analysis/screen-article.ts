/**
 * Screens a source article's text before any engine or the verifier sees it. Source text is
 * data, never instructions: an article may carry text aimed at a model (in plain sight, hidden
 * in markup or invisible characters, dressed as a citation or as system text). This removes it.
 *
 * In: the stored article text. Out: the text with hidden markup, invisible characters and every
 * sentence that addresses a machine removed (paragraphs kept), and what was removed and why.
 * Removing is safe: the screened text is what engines cite and what passages are checked
 * against, so a claim can only rest on what survived. Pure; never throws.
 */
import { normalizeSpace, splitSentences } from "../lib/text.ts";
import { injectionProblems } from "./lint-text.ts";

export interface ScreenedText {
  text: string;
  removed: { reason: string; excerpt: string }[];
}

// Zero-width and joiner characters, bidirectional controls, the soft hyphen, the BOM, and the
// Unicode tag block: invisible to a reader, legible to a model.
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\u{e0000}-\u{e007f}]/gu;
const HIDDEN_ELEMENT =
  /<([a-z][a-z0-9]*)\b[^>]*(?:\bhidden\b|aria-hidden\s*=\s*["']?true|display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|opacity\s*:\s*0(?![.\d]*[1-9])|color\s*:\s*(?:white|#fff(?:fff)?)\b)[^>]*>[\s\S]*?<\/\1\s*>/giu;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/gu;
const TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/giu;
// Dressed as a citation: "[Source 2]", "[1]", "【3†source】", "(source: ...)".
const CITATION_TOKEN =
  /\[\s*(?:source|citation|cite|ref)\b[^\]]*\]|\[\s*\d+(?:\s*,\s*\d+)*\s*\]|【[^】]*】|\((?:source|citation)\s*:[^)]*\)/iu;

export function screenArticleText(input: string): ScreenedText {
  const removed: ScreenedText["removed"] = [];
  let text = input;

  const invisible = text.match(INVISIBLE);
  if (invisible) {
    text = text.replace(INVISIBLE, "");
    removed.push({ reason: "invisible characters", excerpt: `${invisible.length} removed` });
  }
  text = text.replace(HIDDEN_ELEMENT, (m) => {
    removed.push({ reason: "hidden markup", excerpt: excerpt(m) });
    return " ";
  });
  text = text.replace(COMMENT, (m) => {
    removed.push({ reason: "markup comment", excerpt: excerpt(m) });
    return " ";
  });
  text = text.replace(TAG, (m) => {
    removed.push({ reason: "markup", excerpt: excerpt(m) });
    return " ";
  });

  const paragraphs: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/u)) {
    const kept: string[] = [];
    for (const sentence of splitSentences(paragraph)) {
      const injection = injectionProblems(sentence, "sentence")[0];
      if (injection) {
        removed.push({ reason: injection.detail, excerpt: excerpt(sentence) });
        continue;
      }
      if (CITATION_TOKEN.test(sentence)) {
        removed.push({ reason: "the sentence carries a citation token", excerpt: excerpt(sentence) });
        continue;
      }
      kept.push(sentence);
    }
    if (kept.length > 0) paragraphs.push(kept.join(" "));
  }
  return { text: paragraphs.join("\n\n"), removed };
}

function excerpt(text: string): string {
  const flat = normalizeSpace(text);
  return flat.length <= 120 ? flat : `${flat.slice(0, 119)}…`;
}
