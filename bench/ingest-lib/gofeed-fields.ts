/**
 * gofeed's parser tests pair a feed with the JSON of what its Atom or RSS parser reads. This
 * lists the fields of that JSON that PRISM also reads, each with whether PRISM read the same.
 *
 * Mapping (gofeed -> ParsedFeed): title -> title; the alternate (or only) link of an Atom feed,
 * or an RSS channel's link -> homepage; language -> language (primary subtag); the number of
 * entries or items; per entry/item: title, link (Atom: alternate or first link) -> url, id or
 * guid -> guid, summary or description -> summary, content -> contentHtml, first author (name,
 * else email) -> author, published/updated or pubDate -> publishedAt. Text fields are compared
 * as text (markup removed, whitespace collapsed), links exactly, dates to the second.
 */
import { htmlToText } from "../../src/ingest/html-to-text.ts";
import { isoDate, type ParsedFeed } from "../../src/ingest/parse-feed.ts";

export interface FieldCheck {
  field: string;
  match: boolean;
  expected: unknown;
  actual: unknown;
}

type Json = Record<string, unknown>;

export function compareGofeed(format: "atom" | "rss", expected: Json, ours: ParsedFeed | undefined): FieldCheck[] {
  const checks: FieldCheck[] = [];
  const check = (field: string, want: unknown, got: unknown, same: (a: unknown, b: unknown) => boolean) =>
    checks.push({ field, expected: want, actual: got, match: ours !== undefined && same(want, got) });

  const entries = ((format === "atom" ? expected.entries : expected.items) ?? []) as Json[];
  check("entry count", entries.length, ours?.items.length, (a, b) => a === b);
  if (typeof expected.title === "string") check("feed title", expected.title, ours?.title, sameText);
  // PRISM's titles, summaries and authors are plain text already; its content is HTML.
  // A feed's self or service links are not its homepage: only alternate links map to ours.
  const home = format === "atom" ? atomLink(expected.links, true) : (expected.link as string | undefined);
  if (home) check("feed link", home, ours?.homepage, sameLink);
  if (typeof expected.language === "string" && expected.language)
    check("feed language", expected.language, ours?.language, sameLanguage);

  entries.forEach((entry, i) => {
    const item = ours?.items[i];
    if (typeof entry.title === "string") check("entry title", entry.title, item?.title, sameText);
    const link = format === "atom" ? atomLink(entry.links) : (entry.link as string | undefined);
    if (link) check("entry link", link, item?.url, sameLink);
    const id = format === "atom" ? entry.id : (entry.guid as Json | undefined)?.value;
    if (typeof id === "string" && id) check("entry id", id, item?.guid, (a, b) => a === b);
    const summary = format === "atom" ? entry.summary : entry.description;
    if (typeof summary === "string" && summary) check("entry summary", summary, item?.summary, sameText);
    const content = format === "atom" ? (entry.content as Json | undefined)?.value : entry.content;
    if (typeof content === "string" && content)
      check("entry content", content, item?.contentHtml ? htmlToText(item.contentHtml) : null, sameText);
    const author =
      format === "atom"
        ? (((entry.authors as Json[] | undefined)?.[0]?.name ?? (entry.authors as Json[] | undefined)?.[0]?.email) as
            | string
            | undefined)
        : (entry.author as string | undefined);
    if (author) check("entry author", author, item?.author, sameText);
    const date = format === "atom" ? (entry.published ?? entry.updated) : entry.pubDate;
    if (typeof date === "string" && date) check("entry date", date, item?.publishedAt, sameDate);
  });
  return checks;
}

function atomLink(links: unknown, alternateOnly = false): string | undefined {
  const list = (links ?? []) as Json[];
  const alternate = list.find((l) => !l.rel || l.rel === "alternate") ?? (alternateOnly ? undefined : list[0]);
  return alternate?.href as string | undefined;
}

function toText(value: unknown): string {
  if (typeof value !== "string" || !value) return "";
  const text = /<[a-z!/][^>]*>|&[a-z#0-9]+;/i.test(value) ? htmlToText(value) : value;
  return text.replace(/\s+/g, " ").trim();
}

function sameText(expected: unknown, ours: unknown): boolean {
  return toText(expected) === (typeof ours === "string" ? ours.replace(/\s+/g, " ").trim() : "");
}

function sameLink(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "string" || typeof b !== "string") return false;
  if (/^[a-z][a-z0-9+.-]*:/i.test(a)) {
    // "http://example.org" and "http://example.org/" name the same resource.
    try {
      return new URL(a).href === b;
    } catch {
      return false;
    }
  }
  // gofeed leaves relative links as written; PRISM resolves them against the feed's URL.
  return b.endsWith(a.replace(/^\.?\//, ""));
}

function sameLanguage(a: unknown, b: unknown): boolean {
  return typeof a === "string" && a.toLowerCase().split(/[-_]/)[0] === b;
}

function sameDate(a: unknown, b: unknown): boolean {
  const expected = isoDate(a as string);
  return expected !== null && expected === b;
}
