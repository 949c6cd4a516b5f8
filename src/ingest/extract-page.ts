/**
 * A web page's article: its main text, title and canonical URL. In: the page's HTML and the URL
 * it was fetched from; out: plain text in paragraphs (empty when the page has no article).
 * Pure and forgiving: malformed markup yields what can be read; nothing here throws on input.
 *
 * Mozilla Readability finds the article's container; around it, PRISM removes what a reader
 * does not count as the article: boilerplate blocks named as such (share bars, related links,
 * newsletter boxes, captions and credits), link lists, and one-line furniture ("Advertisement",
 * "Image 1 of 5"). bench/extract.ts measures the difference against plain Readability.
 */
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { htmlToText } from "./html-to-text.ts";

export interface ExtractedPage {
  text: string;
  title: string | null;
  /** The page's <link rel="canonical">, absolute; null when absent or unreadable. */
  canonicalUrl: string | null;
}

type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

interface DomElement {
  tagName: string;
  className: string;
  id: string;
  textContent: string | null;
  parentElement: DomElement | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  remove(): void;
}

interface DomDocument {
  body: DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

/** Plain Mozilla Readability on a linkedom document, the baseline the extraction bench compares with. */
export function readabilityText(html: string): { text: string; title: string | null } {
  const { document } = parseHTML(html);
  const parsed = new Readability(document as unknown as ReadabilityDocument).parse();
  return { text: parsed?.content ? htmlToText(parsed.content) : "", title: parsed?.title?.trim() || null };
}

export function extractPage(html: string, pageUrl: string): ExtractedPage {
  let document: DomDocument;
  try {
    document = parseHTML(html).document as unknown as DomDocument;
  } catch {
    return { text: "", title: null, canonicalUrl: null };
  }
  const canonicalUrl = canonicalLink(document, pageUrl);
  let text = "";
  let title: string | null = null;
  try {
    removeBoilerplate(document);
    const parsed = new Readability(document as unknown as ReadabilityDocument).parse();
    title = parsed?.title?.trim() || null;
    text = parsed?.content ? cleanText(htmlToText(cleanContent(parsed.content)), title) : "";
  } catch {
    // Readability walks arbitrary markup; a page it cannot handle has no article for us.
  }
  return { text, title, canonicalUrl };
}

// Words in class names and ids that mark page furniture rather than the article. Chosen on the
// extraction bench: "sidebar", "widget", "modal", "header" and "meta" also name containers of
// the article on many sites and cost more text than they save, so they are not here.
const BOILERPLATE_WORDS = new Set([
  "related",
  "share",
  "sharing",
  "social",
  "newsletter",
  "promo",
  "advert",
  "advertisement",
  "ads",
  "sponsor",
  "sponsored",
  "recommended",
  "recirculation",
  "recirc",
  "trending",
  "popular",
  "outbrain",
  "taboola",
  "comments",
  "breadcrumb",
  "breadcrumbs",
  "subscribe",
  "subscription",
  "signup",
  "cookie",
  "cookies",
  "popup",
  "caption",
  "credit",
  "credits",
  "timestamp",
  "dateline",
  "toolbar",
  "byline",
  "tags",
  "author",
  "bio",
  "gallery",
  "copyright",
]);

const FURNITURE_SELECTOR = [
  "figure",
  "figcaption",
  "aside",
  "nav",
  "form",
  "button",
  "[hidden]",
  "[aria-hidden='true']",
  "[role='navigation']",
  "[role='complementary']",
  "[role='dialog']",
].join(",");

/** Removes what is page furniture by its markup, before Readability scores what is left. */
function removeBoilerplate(document: DomDocument): void {
  const body = document.body;
  if (!body) return;
  const total = textLength(body);
  const tooBig = (el: DomElement) => textLength(el) > total * 0.4;
  for (const el of Array.from(document.querySelectorAll(FURNITURE_SELECTOR))) {
    if (!tooBig(el)) el.remove();
  }
  for (const el of Array.from(document.querySelectorAll("[class], [id]"))) {
    if (el.tagName === "BODY" || el.tagName === "HTML" || el.tagName === "ARTICLE" || el.tagName === "MAIN") continue;
    const words = `${el.className} ${el.id}`
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
    if (words.some((w) => BOILERPLATE_WORDS.has(w)) && !tooBig(el)) el.remove();
  }
}

/** Removes link lists and link-dense blocks from Readability's article HTML. */
function cleanContent(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const doc = document as unknown as DomDocument;
  for (const el of Array.from(doc.querySelectorAll("figure, figcaption, ul, ol, p, div, li, h2, h3, h4"))) {
    const length = textLength(el);
    if (length === 0) continue;
    const linked = Array.from(el.querySelectorAll("a")).reduce((sum, a) => sum + textLength(a), 0);
    const isList = el.tagName === "UL" || el.tagName === "OL";
    if (linked / length > (isList ? 0.5 : 0.6) && length < 1000) el.remove();
  }
  return (doc.body as unknown as { innerHTML: string } | null)?.innerHTML ?? html;
}

// One-line page furniture, in the words sites use for it.
const FURNITURE_LINE =
  /^(advert(isement)?|sponsored|sign in|log in|subscribe|caption|close|share( this( article| story)?)?|comments?|more:?|related( articles| stories)?:?.*|(read|see) more:?.*|don'?t miss:?|image \d+ of \d+|\d+ of \d+|photo:.*|\(?(image|photo|picture)( credit)?:.*\)?|credit:.*|getty images?|advertisement - continue reading below|continue reading( below)?|skip to (main )?content|this slideshow requires javascript\.?)$/i;

// Words a dateline is made of besides numbers: "Published 10:48 GMT, Tue, Nov 19, 2019 | Updated ...".
const DATE_WORDS = new Set(
  (
    "published updated posted last modified on at am pm a.m p.m gmt utc bst cet cest est edt cst cdt mst mdt pst pdt hst " +
    "mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday " +
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september " +
    "october november december st nd rd th"
  ).split(" "),
);
const MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b/i;

/** A line that only says when the article was published or updated. */
function isDateLine(line: string): boolean {
  if (line.length > 90 || !MONTH.test(line)) return false;
  const words = line.toLowerCase().match(/[\p{L}.]+/gu) ?? [];
  return words.every((w) => DATE_WORDS.has(w.replace(/\.$/, "")) || w === ".");
}

function cleanText(text: string, title: string | null): string {
  const lines = text.split("\n\n").filter((paragraph) => {
    const line = paragraph.trim();
    if (FURNITURE_LINE.test(line)) return false;
    if (isDateLine(line)) return false;
    // The headline is the article's title, not its text.
    if (title && line === title) return false;
    return true;
  });
  return lines.join("\n\n");
}

function textLength(el: DomElement): number {
  return (el.textContent ?? "").replace(/\s+/g, " ").trim().length;
}

function canonicalLink(document: DomDocument, pageUrl: string): string | null {
  const links = document.querySelectorAll("link[rel][href]");
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    const rel = (link.getAttribute("rel") ?? "").toLowerCase().split(/\s+/);
    if (!rel.includes("canonical")) continue;
    try {
      const url = new URL(link.getAttribute("href")!.trim(), pageUrl);
      return /^https?:$/.test(url.protocol) ? url.href : null;
    } catch {
      return null;
    }
  }
  return null;
}
