/**
 * Lints for text that must never reach a reader as PRISM's own words: artefacts of text
 * generation (refusals, self-corrections, chat openers, leftover markup, citation tokens,
 * placeholders, URLs, repeated sentences) and signs of prompt injection (instructions addressed
 * to a machine, role markers, chat-template tokens, spoofed delimiters).
 *
 * In: one string (a claim, a heading, a source sentence). Out: problems, empty when clean.
 * First-person and apology checks read only the text outside quotation marks, so a source's
 * quoted "I cannot accept this" is not taken for a model's refusal. Pure; never throws.
 */
import type { ClaimProblem } from "../domain/analysis.ts";
import { normalizeSpace, splitSentences } from "../lib/text.ts";

type Rule = readonly [RegExp, string];

// Read outside quotations: a model talking about itself.
const VOICE: Rule[] = [
  [/\bas an (?:ai|artificial intelligence|assistant|language model)\b/iu, "speaks as an AI"],
  [/\b(?:language model|my training(?: data| cut-?off)?|knowledge cut-?off)\b/iu, "mentions the model"],
  [
    /\bI (?:cannot|can't|can not|am unable|'m unable|am not able|don't have|do not have|won't be able)\b/u,
    "speaks in the first person about itself",
  ],
  [/\b(?:I(?:'m| am) (?:sorry|afraid)|I apologi[sz]e|my apologies)\b/iu, "apologises or refuses"],
  [
    /(?<!\bI(?:'m|’m| am) )\bsorry\b|\b(?:oops|whoops|scratch that|let me (?:rephrase|correct|restate|try again|clarify)|to correct myself)\b|\bcorrection:/iu,
    "corrects itself",
  ],
  [/\b(?:wait|no|actually),\s+(?:actually|I mean|that's wrong|that is wrong|rather)\b|\bI mean\b/iu, "corrects itself"],
  [
    /^\s*(?:(?:sure|certainly|okay|ok|of course)\s*[!,:]\s*(?:here|I|below|the following)\b|(?:here is|here's|below is)\s+(?:the|a|an|your)\s+(?:summary|analysis|json|rewrite|revised|corrected)\b|(?:note|disclaimer)\s*:)/iu,
    "opens like a chat reply",
  ],
];

// Read on the whole text: leftovers of formats and templates.
const MARKUP: Rule[] = [
  [/\*\*|__|```|`|^\s*#{1,6}\s|^\s*[-*•]\s|\[[^\]]*\]\([^)]*\)/mu, "contains markdown"],
  [/<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|&[a-z]+;|&#x?[0-9a-f]+;/iu, "contains HTML"],
  [
    /\[\s*\d+(?:\s*[,–-]\s*\d+)*\s*\]|\{\{|\}\}|【[^】]*】|\[(?:citation needed|sources?\b[^\]]*|cite\b[^\]]*|ref\b[^\]]*)\]|\((?:source|citation|cite)\s*:?[^)]*\)/iu,
    "contains a leftover citation token or template",
  ],
  [/\\[nrt"]|\{\s*"[\w-]+"\s*:|"\s*:\s*[[{]/u, "contains JSON or escape sequences"],
  [/\[(?:insert|placeholder|todo|tbd)\b[^\]]*\]|\blorem ipsum\b|\bXXX+\b/iu, "contains a placeholder"],
  [/\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+\/[\w\-./?=&%#]*/iu, "contains a URL"],
];

// Text addressed to a machine. Read on the whole text, quotations included.
const INJECTION: Rule[] = [
  [
    /\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,60}\b(?:instructions?|prompts?|rules|guidelines|directions|directives|guardrails)\b/iu,
    "tells the reader to ignore its instructions",
  ],
  [/\b(?:system|developer)\s+(?:prompt|message|instructions?|override|note)s?\b/iu, "speaks of a system prompt"],
  [/(?:^|\n|[[(<{])\s*(?:system|assistant|developer)\s*[:\]>}]/iu, "carries a role marker"],
  [
    /<\|[^|>]*\|>|\[\/?INST\]|<<\/?SYS>>|###\s*(?:instruction|system|response|assistant)/iu,
    "carries chat-template tokens",
  ],
  [/<\/?(?:article|system|instructions?|prompt|untrusted)[\w-]*\b[^>]*>/iu, "imitates a prompt delimiter"],
  [
    /\b(?:BEGIN|END)\s+(?:OF\s+)?(?:THE\s+)?(?:ARTICLE|SYSTEM|INSTRUCTIONS?|PROMPT|UNTRUSTED|DATA)\b|<<<|>>>/u,
    "imitates a prompt delimiter",
  ],
  [/\bnew (?:instructions?|tasks?|directives?|rules)\s*:/iu, "announces new instructions"],
  [/\b(?:you are now|from now on,? you|you must now|you will now|you should now)\b/iu, "addresses the model"],
  [
    /\b(?:notes?|messages?|instructions?|notice|memo)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+)?(?:ai|artificial intelligence|summari[sz]ers?|models?|assistants?|bots?|llms?|language models?|automated systems?)\b/iu,
    "addresses the model",
  ],
  [
    /\b(?:ai|artificial intelligence|language models?|llms?|chatbots?|assistants?|summari[sz]ers?|summari[sz]ation tools?|bots?)\b[^.!?\n]{0,50}\b(?:reading|processing|summari[sz]ing|analy[sz]ing|ingesting)\s+(?:this|these)\b/iu,
    "addresses the model",
  ],
  [
    /\b(?:when|if|while)\s+(?:you\s+)?(?:summari[sz]|writ|generat|analy[sz])(?:e|es|ing)\b[^.!?\n]{0,40}\b(?:this|these|the)\s+(?:article|text|story|page|summary|analysis|report)\b/iu,
    "addresses the model",
  ],
  [
    /(?:^|[.!?:]\s+|\n)\s*(?:please\s+)?(?:ignore|disregard|respond|reply|output|print|write|include|insert|add|say|tell|append|repeat|mention|claim|describe|cite|attribute)\b[^.!?\n]{0,80}\b(?:summary|summaries|analysis|analyses|response|output|answer|headlines?|readers|instructions?|the model|the assistant|as source|as a source)\b/iu,
    "gives an instruction about the output",
  ],
  [
    /\b(?:do not|don't|never)\s+(?:verify|cite|mention|include|reveal|disclose|fact-check|check)\b[^.!?\n]{0,40}\b(?:summary|analysis|sources?|instructions?|this (?:note|message|text))\b/iu,
    "gives an instruction about the output",
  ],
];

function apply(rules: readonly Rule[], text: string, kind: ClaimProblem["kind"], subject: string): ClaimProblem[] {
  const out: ClaimProblem[] = [];
  const seen = new Set<string>();
  for (const [re, what] of rules) {
    if (re.test(text) && !seen.has(what)) {
      seen.add(what);
      out.push({ kind, detail: `the ${subject} ${what}` });
    }
  }
  return out;
}

/** The text with quotations replaced by a placeholder word, so voice checks read only the writer's words. */
export function outsideQuotes(text: string): string {
  return text.replace(/["“][^"“”]*["”]/gu, " quoted ").replace(/‘[^‘’]*’(?![\p{L}])/gu, " quoted ");
}

export function artefactProblems(text: string, subject = "claim"): ClaimProblem[] {
  const problems = [
    ...apply(VOICE, outsideQuotes(text), "model-artefact", subject),
    ...apply(MARKUP, text, "model-artefact", subject),
  ];
  const sentences = splitSentences(text).map((s) => normalizeSpace(s).toLowerCase());
  if (new Set(sentences).size < sentences.length) {
    problems.push({ kind: "model-artefact", detail: `the ${subject} repeats a sentence` });
  } else if (repeatsPhrase(text)) {
    problems.push({ kind: "model-artefact", detail: `the ${subject} repeats a phrase` });
  }
  return problems;
}

export function injectionProblems(text: string, subject = "claim"): ClaimProblem[] {
  return apply(INJECTION, text.normalize("NFKC"), "prompt-injection", subject);
}

/** Every lint at once: what the verifier runs on anything PRISM shows as its own words. */
export function lintText(text: string, subject = "claim"): ClaimProblem[] {
  return [...artefactProblems(text, subject), ...injectionProblems(text, subject)];
}

/** A run of twelve words said twice in one text: a generation loop, not style. */
function repeatsPhrase(text: string): boolean {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const size = 12;
  if (words.length < size * 2) return false;
  const seen = new Set<string>();
  for (let i = 0; i + size <= words.length; i++) {
    const key = words.slice(i, i + size).join(" ");
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}
