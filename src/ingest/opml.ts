/**
 * OPML, the subscription list format every feed reader imports and exports. In: an OPML
 * document; out: its feeds (folders flattened). Out again: the sources as an OPML document.
 * Never decides whether a feed is acceptable: the caller canonicalises and stores.
 */
import { generateOpml, type Opml, parseOpml as parseOpmlDocument } from "feedsmith";
import { UserInputError } from "../lib/errors.ts";

export interface OpmlFeed {
  title: string;
  url: string;
  homepage: string | null;
}

export interface OpmlSource {
  name: string;
  feed_url: string;
  homepage: string | null;
  language?: string | null;
}

/** The feeds of an OPML document, in document order; outlines without a feed URL are folders or notes. */
export function parseOpml(text: string): OpmlFeed[] {
  let document: Opml.Document<string>;
  try {
    document = parseOpmlDocument(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new UserInputError(`not an OPML subscription list: ${(error as Error).message}`);
  }
  const feeds: OpmlFeed[] = [];
  const seen = new Set<string>();
  const stack = [...(document.body?.outlines ?? [])].reverse();
  while (stack.length > 0) {
    const outline = stack.pop() as Opml.Outline<string>;
    const url = outline.xmlUrl?.trim();
    if (url && !seen.has(url)) {
      seen.add(url);
      feeds.push({
        title: (outline.title ?? outline.text ?? "").trim() || url,
        url,
        homepage: outline.htmlUrl?.trim() || null,
      });
    }
    for (const child of [...(outline.outlines ?? [])].reverse()) stack.push(child);
  }
  return feeds;
}

export function renderOpml(sources: readonly OpmlSource[], title = "PRISM sources"): string {
  return generateOpml({
    head: { title },
    body: {
      outlines: sources.map((s) => ({
        text: s.name,
        title: s.name,
        type: "rss",
        xmlUrl: s.feed_url,
        ...(s.homepage ? { htmlUrl: s.homepage } : {}),
        ...(s.language ? { language: s.language } : {}),
      })),
    },
  });
}
