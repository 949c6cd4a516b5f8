/**
 * A feed document (RSS 0.9x/2.0, Atom, RDF/RSS 1.0 or JSON Feed) to one shape. In: the text and
 * the URL it came from; out: the feed's title, homepage and language and its items, with links
 * made absolute, dates as ISO strings and titles and summaries as plain text. A document that
 * is not a feed throws FeedParseError. It never judges items: screening is a separate step.
 */
import { createHash } from "node:crypto";
import { type AnyFeed, DetectError, MalformedError, ParseError, parseFeed as parseAnyFeed } from "feedsmith";
import { htmlToText } from "./html-to-text.ts";
import { feedTtlMinutes } from "./next-poll.ts";
import { type LooseFeed, readLooseFeed } from "./read-loose-feed.ts";

export interface ParsedItem {
  /** The feed's own id for the item; falls back to its link, then to a hash of its content. */
  guid: string;
  url: string | null;
  title: string | null;
  author: string | null;
  /** Plain text. */
  summary: string | null;
  contentHtml: string | null;
  publishedAt: string | null;
  /** Primary language subtag ("en" for "en-GB"), when the item says. */
  language: string | null;
}

export interface ParsedFeed {
  /** True when the strict parser refused the document and a forgiving reading recovered it. */
  loose?: boolean;
  title: string | null;
  homepage: string | null;
  language: string | null;
  /** How long the feed asks readers to wait between polls (RSS <ttl>, sy:updatePeriod), minutes. */
  ttlMinutes: number | null;
  items: ParsedItem[];
}

export class FeedParseError extends Error {
  override name = "FeedParseError";
}

export function parseFeed(text: string, feedUrl: string): ParsedFeed {
  const body = text.replace(/^\uFEFF/, "");
  const base = (link: string | undefined | null): string | null => absolute(link, feedUrl);
  let parsed: AnyFeed;
  try {
    parsed = parseAnyFeed(body);
  } catch (error) {
    const explained = explain(error, body, feedUrl);
    if (!(explained instanceof FeedParseError) || looksLikeHtmlPage(body)) throw explained;
    // The strict parser refused it: a forgiving reading may still recover the feed. A feed that
    // is well-formed but empty reads as empty; a broken one counts only if an item survives, or
    // if it is complete and titled (an empty feed with one bad tag), so that a feed that is
    // simply broken or cut off keeps reporting its error.
    const loose = readLooseFeed(body);
    if (loose && (loose.items.length > 0 || error instanceof ParseError || (loose.complete && loose.title)))
      return fromLoose(loose, base);
    throw explained;
  }
  switch (parsed.format) {
    case "rss":
      return fromRss(parsed.feed, base);
    case "atom":
      return fromAtom(parsed.feed, base);
    case "rdf":
      return fromRdf(parsed.feed, base);
    case "json":
      return fromJson(parsed.feed, base);
  }
}

type Resolve = (link: string | undefined | null) => string | null;
type Feed<F extends AnyFeed["format"]> = Extract<AnyFeed, { format: F }>["feed"];

function fromRss(feed: Feed<"rss">, resolve: Resolve): ParsedFeed {
  return {
    title: title(feed.title ?? feed.dc?.titles?.[0]),
    homepage: resolve(feed.link),
    language: languageTag(feed.language ?? feed.dc?.languages?.[0]),
    ttlMinutes: feedTtlMinutes({ ttl: feed.ttl, ...feed.sy }),
    items: (feed.items ?? []).map((item) => {
      // A guid marked as a permalink is the item's address when <link> is missing.
      const guidLink =
        item.guid?.isPermaLink !== false && /^https?:\/\//i.test(item.guid?.value ?? "") ? item.guid?.value : undefined;
      const url = resolve(item.link ?? guidLink ?? alternateLink(item.atom?.links));
      const contentHtml = nonEmpty(item.content?.encoded);
      return finish({
        guid: nonEmpty(item.guid?.value) ?? url,
        url,
        title: title(item.title ?? item.dc?.titles?.[0] ?? item.media?.title?.value),
        author: nonEmpty(
          item.authors?.[0]?.name ?? item.dc?.creators?.[0] ?? item.itunes?.author ?? item.authors?.[0]?.email,
        ),
        summary: plain(item.description ?? item.dc?.descriptions?.[0] ?? item.itunes?.summary),
        contentHtml,
        publishedAt: isoDate(
          item.pubDate ??
            item.dc?.dates?.[0] ??
            item.dcterms?.issued?.[0] ??
            item.dcterms?.created?.[0] ??
            item.atom?.published ??
            item.atom?.updated ??
            item.dcterms?.modified?.[0],
        ),
        language: languageTag(item.dc?.languages?.[0] ?? item.xml?.lang),
      });
    }),
  };
}

function fromAtom(feed: Feed<"atom">, resolve: Resolve): ParsedFeed {
  return {
    title: title(atomText(feed.title)),
    homepage: resolve(alternateLink(feed.links)),
    language: languageTag(feed.xml?.lang ?? feed.dc?.languages?.[0]),
    ttlMinutes: feedTtlMinutes({ ...feed.sy }),
    items: (feed.entries ?? []).map((entry) => {
      const url = resolve(alternateLink(entry.links));
      const content = entry.content?.src ? undefined : entry.content;
      const value = atomText(content);
      const contentHtml =
        value && content?.type !== "text" && content?.type !== undefined && !isBase64Type(content.type)
          ? value
          : value
            ? escapeAsParagraphs(value)
            : null;
      return finish({
        guid: nonEmpty(entry.id) ?? url,
        url,
        title: title(atomText(entry.title)),
        author: nonEmpty(entry.authors?.[0]?.name ?? entry.dc?.creators?.[0] ?? entry.authors?.[0]?.email),
        summary: plain(atomText(entry.summary)),
        contentHtml: nonEmpty(contentHtml),
        publishedAt: isoDate(entry.published ?? entry.updated ?? entry.dc?.dates?.[0]),
        language: languageTag(entry.xml?.lang ?? entry.dc?.languages?.[0]),
      });
    }),
  };
}

function fromRdf(feed: Feed<"rdf">, resolve: Resolve): ParsedFeed {
  return {
    title: title(feed.title),
    homepage: resolve(feed.link),
    language: languageTag(feed.dc?.languages?.[0]),
    ttlMinutes: feedTtlMinutes({ ...feed.sy }),
    items: (feed.items ?? []).map((item) => {
      const url = resolve(item.link ?? item.rdf?.about);
      return finish({
        guid: nonEmpty(item.rdf?.about) ?? url,
        url,
        title: title(item.title ?? item.dc?.titles?.[0]),
        author: nonEmpty(item.dc?.creators?.[0]),
        summary: plain(item.description ?? item.dc?.descriptions?.[0]),
        contentHtml: nonEmpty(item.content?.encoded),
        publishedAt: isoDate(item.dc?.dates?.[0] ?? item.dcterms?.issued?.[0] ?? item.dcterms?.created?.[0]),
        language: languageTag(item.dc?.languages?.[0] ?? item.xml?.lang),
      });
    }),
  };
}

function fromJson(feed: Feed<"json">, resolve: Resolve): ParsedFeed {
  return {
    title: title(feed.title),
    homepage: resolve(feed.home_page_url),
    language: languageTag(feed.language),
    ttlMinutes: null,
    items: (feed.items ?? []).map((item) => {
      const url = resolve(item.url ?? item.external_url);
      const contentHtml =
        nonEmpty(item.content_html) ?? (item.content_text ? escapeAsParagraphs(item.content_text) : null);
      return finish({
        guid: nonEmpty(item.id) ?? url,
        url,
        title: title(item.title),
        author: nonEmpty(item.authors?.[0]?.name ?? feed.authors?.[0]?.name),
        summary: plain(item.summary),
        contentHtml,
        publishedAt: isoDate(item.date_published ?? item.date_modified),
        language: languageTag(item.language),
      });
    }),
  };
}

function fromLoose(feed: LooseFeed, resolve: Resolve): ParsedFeed {
  const html = (value: string | null) => (value && !/[<&]/.test(value) ? escapeAsParagraphs(value) : value);
  return {
    loose: true,
    title: title(feed.title),
    homepage: resolve(feed.link),
    language: languageTag(feed.language),
    ttlMinutes: feedTtlMinutes({ ttl: feed.ttl }),
    items: feed.items.map((item) => {
      const guidLink = !item.idIsNotLink && /^https?:\/\//i.test(item.id ?? "") ? item.id : null;
      const url = resolve(item.link ?? guidLink);
      return finish({
        guid: nonEmpty(item.id) ?? url,
        url,
        title: title(item.title),
        author: nonEmpty(plain(item.author)),
        summary: plain(item.summary),
        contentHtml: item.contentIsText ? html(item.content) : nonEmpty(item.content),
        publishedAt: isoDate(item.date),
        language: languageTag(item.language),
      });
    }),
  };
}

/**
 * An Atom text construct's value. Types other than text, html, xhtml and XML media types carry
 * base64 (RFC 4287, 4.1.3.3): decoded when it is UTF-8 text, dropped when it is binary.
 */
function atomText(construct: { value?: string; type?: string } | undefined): string | undefined {
  if (!construct?.value || !isBase64Type(construct.type)) return construct?.value;
  const compact = construct.value.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return construct.value;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(compact, "base64"));
  } catch {
    return undefined;
  }
}

function isBase64Type(type: string | undefined): boolean {
  if (!type || type === "text" || type === "html" || type === "xhtml") return false;
  return !/^text\/|[/+]xml$/i.test(type);
}

/** Fills a missing guid with a hash of what identifies the item, so that a refresh recognises it. */
function finish(item: Omit<ParsedItem, "guid"> & { guid: string | null }): ParsedItem {
  if (item.guid) return item as ParsedItem;
  const basis = [item.title ?? "", item.publishedAt ?? "", item.summary ?? "", item.contentHtml ?? ""].join("\u0000");
  return { ...item, guid: `sha256:${createHash("sha256").update(basis).digest("hex").slice(0, 40)}` };
}

function explain(error: unknown, body: string, feedUrl: string): FeedParseError | unknown {
  if (!(error instanceof DetectError || error instanceof MalformedError || error instanceof ParseError)) {
    // feedsmith reads well-formed but unexpected shapes with plain property access; a TypeError
    // there means the document is not a feed we can read, not a bug in PRISM.
    if (!(error instanceof TypeError)) return error;
  }
  const head = body.trimStart().slice(0, 512).toLowerCase();
  if (!head) return new FeedParseError(`${feedUrl} returned an empty document, not a feed`);
  if (looksLikeHtmlPage(body)) {
    return new FeedParseError(`${feedUrl} returned an HTML page, not a feed (look for its RSS or Atom link)`);
  }
  if (error instanceof MalformedError) {
    const cause = (error as Error).cause;
    const detail = cause instanceof Error ? cause.message : (error as Error).message;
    return new FeedParseError(`${feedUrl} is not well-formed XML: ${detail}`);
  }
  return new FeedParseError(
    `${feedUrl} is not an RSS, Atom, RDF or JSON feed (${(error as Error).message || "unrecognised document"})`,
  );
}

function looksLikeHtmlPage(body: string): boolean {
  const head = body.trimStart().slice(0, 512).toLowerCase();
  return head.startsWith("<!doctype html") || head.startsWith("<html");
}

function absolute(link: string | undefined | null, base: string): string | null {
  const value = link?.trim();
  if (!value) return null;
  try {
    return new URL(value, base).href;
  } catch {
    return value;
  }
}

function alternateLink(
  links: ReadonlyArray<{ href?: string; rel?: string; type?: string }> | undefined,
): string | undefined {
  if (!links?.length) return undefined;
  const alternates = links.filter((l) => l.href && (l.rel === undefined || l.rel === "alternate"));
  return (alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0])?.href;
}

function nonEmpty(value: string | undefined | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Summaries arrive as text or as escaped HTML; both become plain text, paragraphs kept. */
function plain(value: string | undefined | null): string | null {
  // Control characters (other than tab and line breaks) are not text anyone wrote.
  const trimmed = value?.replace(/\p{Cc}/gu, (c) => (c === "\n" || c === "\t" || c === "\r" ? c : "")).trim();
  if (!trimmed) return null;
  const text = /<[a-z!/][^>]*>|&[a-z#0-9]+;/i.test(trimmed) ? htmlToText(trimmed) : trimmed;
  return nonEmpty(text.replace(/[ \t\r\f\v]+/g, " ").replace(/\n{3,}/g, "\n\n"));
}

/** A title is one line of plain text. */
function title(value: string | undefined | null): string | null {
  return nonEmpty(plain(value)?.replace(/\s+/g, " "));
}

function escapeAsParagraphs(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return escaped
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.trim()}</p>`)
    .join("");
}

function languageTag(value: string | undefined | null): string | null {
  const primary = value?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

// Zone names seen in RFC 822 dates that Date.parse does not know (it knows UT, GMT and US zones).
const ZONES: Record<string, string> = {
  CET: "+0100",
  CEST: "+0200",
  MET: "+0100",
  MEST: "+0200",
  WET: "+0000",
  WEST: "+0100",
  EET: "+0200",
  EEST: "+0300",
  BST: "+0100",
  IST: "+0530",
  KST: "+0900",
  JST: "+0900",
  HKT: "+0800",
  SGT: "+0800",
  AEST: "+1000",
  AEDT: "+1100",
  NZST: "+1200",
  NZDT: "+1300",
  UTC: "+0000",
};

/** Any date a feed may carry (RFC 822, RFC 3339, W3C-DTF) as an ISO string; null when unreadable. */
export function isoDate(value: string | undefined | null): string | null {
  const raw = value?.trim();
  if (!raw) return null;
  let time = Date.parse(raw);
  if (Number.isNaN(time)) {
    const zoned = raw.replace(/\b([A-Z]{3,4})$/, (zone) => ZONES[zone] ?? zone);
    time = Date.parse(zoned);
  }
  if (Number.isNaN(time)) return null;
  const date = new Date(time);
  const year = date.getUTCFullYear();
  // Years outside this range are typos or placeholders (0000-00-00), not publication dates.
  if (year < 1990 || year > 2200) return null;
  return date.toISOString();
}
