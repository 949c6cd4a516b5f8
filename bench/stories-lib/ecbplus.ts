/**
 * Reads the ECB+ corpus for the stories benchmark: the XML documents from the .tgz in
 * ../shared/data/clustering/ecbplus (extracted into a temporary directory that is removed
 * afterwards; nothing is copied into the project) and the gold topic and event of each one.
 *
 * In: the data root. Out: documents with a title and a text rebuilt from the corpus tokens, and
 * their gold labels; or undefined when the corpus is not there. The text is de-tokenised
 * ("Jr ." -> "Jr.", "90 - day" -> "90-day"); the URL line that starts every ECB+ (not ECB)
 * document is dropped, since only one of the two events of a topic has one and keeping it
 * would let the URL tokens tell the events apart.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface EcbDocument {
  /** File name without .xml, e.g. "1_10ecbplus". */
  name: string;
  topic: string;
  /** Topic and component: "1_ecb" or "1_ecbplus" (the seminal event). */
  event: string;
  title: string;
  text: string;
}

export function ecbplusFolder(dataRoot: string): string {
  return path.join(dataRoot, "clustering", "ecbplus");
}

export function loadEcbPlus(dataRoot: string): EcbDocument[] | undefined {
  const folder = ecbplusFolder(dataRoot);
  const archive = path.join(folder, "ECBplus_corpus_xml.tgz");
  const labelsFile = path.join(folder, "doc_topic_subtopic_labels.json");
  if (!existsSync(archive) || !existsSync(labelsFile)) return undefined;
  const labels = new Map(
    (JSON.parse(readFileSync(labelsFile, "utf8")) as Array<{ doc: string; topic: number; subtopic: string }>).map(
      (l) => [l.doc, l],
    ),
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), "prism-ecbplus-"));
  try {
    execFileSync("tar", ["-xzf", archive, "-C", dir]);
    const docs: EcbDocument[] = [];
    for (const file of walk(dir)) {
      if (!file.endsWith(".xml")) continue;
      const name = path.basename(file, ".xml");
      const label = labels.get(name);
      if (!label) continue;
      const sentences = readSentences(readFileSync(file, "utf8"));
      if (sentences.length && /^https?\s*:/i.test(sentences[0]!)) sentences.shift();
      // The headline is the first line that is not a dateline ("December 15th, 2008, 7:35 am").
      const titleAt = sentences.findIndex((s) => !isDateline(s));
      if (titleAt < 0) continue;
      const rest = sentences.filter((_, i) => i !== titleAt);
      docs.push({
        name,
        topic: String(label.topic),
        event: label.subtopic,
        title: sentences[titleAt]!,
        text: rest.join("\n\n") || sentences[titleAt]!,
      });
    }
    return docs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* walk(full);
    else yield full;
  }
}

const TOKEN = /<token\b[^>]*\bsentence="(\d+)"[^>]*>([^<]*)<\/token>/g;

/** The document's sentences in order, each rebuilt from its tokens. */
function readSentences(xml: string): string[] {
  const bySentence = new Map<number, string[]>();
  for (const m of xml.matchAll(TOKEN)) {
    const n = Number(m[1]);
    const list = bySentence.get(n) ?? [];
    list.push(decodeXml(m[2]!));
    bySentence.set(n, list);
  }
  return [...bySentence.keys()]
    .sort((a, b) => a - b)
    .map((n) => detokenize(bySentence.get(n)!))
    .filter((s) => s.length > 0);
}

const DATE_WORDS =
  /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?|mon(day)?|tue(sday)?|wed(nesday)?|thu(rsday)?|fri(day)?|sat(urday)?|sun(day)?|am|pm|gmt|est|edt|pst|pdt|bst|utc|et|last|updated|posted|published|on|at|st|nd|rd|th)\b/gi;

/** A line with no more than one word once dates, times and their words are taken out. */
function isDateline(sentence: string): boolean {
  const words = sentence.replace(DATE_WORDS, " ").match(/\p{L}{2,}/gu) ?? [];
  return words.length <= 1;
}

function decodeXml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function detokenize(tokens: string[]): string {
  return tokens
    .join(" ")
    .replace(/``\s*/g, '"')
    .replace(/\s*''/g, '"')
    .replace(/\s+([.,;:!?%)\]}])/g, "$1")
    .replace(/([([{$])\s+/g, "$1")
    .replace(/\s+('s|'re|'ve|'ll|'d|'m|n't)\b/gi, "$1")
    .replace(/(\w)\s+-\s+(\w)/g, "$1-$2")
    .replace(/\s+/g, " ")
    .trim();
}
