/**
 * Feed discovery: the feeds an HTML page announces with <link rel="alternate" type="...">
 * (RSS, Atom, RDF or JSON Feed). In: the page's HTML and its URL; out: absolute feed URLs,
 * the page's main feed first. Pure and forgiving: a page with broken markup yields what can be read, never
 * an error. It never guesses URLs the page does not name.
 */
import { parseHTML } from "linkedom";

export interface DiscoveredFeed {
  url: string;
  title: string | null;
  type: string;
}

const FEED_TYPES = new Set([
  "application/rss+xml",
  "application/atom+xml",
  "application/rdf+xml",
  "application/feed+json",
  "application/json",
  "application/x.atom+xml",
  "application/x-atom+xml",
  "application/x-rss+xml",
  "text/xml",
  "application/xml",
]);

/** Only the head matters, and pages can be megabytes: parsing stops at the body. */
const HEAD_LIMIT = 256 * 1024;

export function discoverFeeds(html: string, pageUrl: string): DiscoveredFeed[] {
  const bodyAt = html.search(/<body[\s>]/i);
  const head = (bodyAt >= 0 ? html.slice(0, bodyAt) : html).slice(0, HEAD_LIMIT);
  let links: ArrayLike<{ getAttribute(name: string): string | null }>;
  try {
    const { document } = parseHTML(`${head}</head><body></body></html>`);
    links = document.querySelectorAll("link[href]");
  } catch {
    return [];
  }
  const found: DiscoveredFeed[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    const rel = (link.getAttribute("rel") ?? "").toLowerCase().split(/\s+/);
    const type = (link.getAttribute("type") ?? "").toLowerCase().split(";")[0]!.trim();
    if (!rel.includes("alternate") || !FEED_TYPES.has(type)) continue;
    // A generic JSON or XML alternate is a feed only when the page says so in the title or path.
    const title = link.getAttribute("title")?.trim() || null;
    const href = link.getAttribute("href")?.trim() ?? "";
    if ((type === "application/json" || type.endsWith("/xml")) && !/feed|rss|atom/i.test(`${title ?? ""} ${href}`))
      continue;
    let url: string;
    try {
      url = new URL(href, pageUrl).href;
    } catch {
      continue;
    }
    if (!/^https?:|^file:/i.test(url) || seen.has(url)) continue;
    seen.add(url);
    found.push({ url, title, type });
  }
  // The page's own order, except that comment feeds (announced next to the article feed, not
  // what a reader subscribes to) and generic XML or JSON types go last.
  const rank = (f: DiscoveredFeed) =>
    (/comment/i.test(`${f.title ?? ""} ${f.url}`) ? 2 : 0) +
    (/^application\/(json|xml)$|^text\/xml$/.test(f.type) ? 1 : 0);
  return found
    .map((feed, index) => ({ feed, index }))
    .sort((a, b) => rank(a.feed) - rank(b.feed) || a.index - b.index)
    .map(({ feed }) => feed);
}

/** True when the text is an HTML page rather than a feed (what discovery is worth trying on). */
export function looksLikeHtml(text: string): boolean {
  const head = text.trimStart().slice(0, 1024).toLowerCase();
  return /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype html|<html[\s>]|<head[\s>])/.test(head);
}
