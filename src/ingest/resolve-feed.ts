/**
 * What a URL given for a new source really is. In: a URL (a feed, or a web page that announces
 * one) and the source's network rules; out: the feed's URL with what the feed says about itself,
 * or the reason it could not be read. Reading is a courtesy at add time: a failure is a value,
 * and the source can be added anyway (refresh-feed discovers and reports again later).
 */
import { discoverFeeds, looksLikeHtml } from "./discover-feed.ts";
import { FetchError, type Fetcher } from "./fetcher.ts";
import { FeedParseError, parseFeed } from "./parse-feed.ts";

export type ResolvedFeed =
  | {
      ok: true;
      feedUrl: string;
      title: string | null;
      homepage: string | null;
      language: string | null;
      /** The page the feed was found on, when the URL given was a page. */
      discoveredOn: string | null;
    }
  | { ok: false; error: string };

export async function resolveFeed(
  fetcher: Fetcher,
  url: string,
  options: { allowPrivate: boolean },
): Promise<ResolvedFeed> {
  try {
    const first = await fetcher.fetch(url, { allowPrivate: options.allowPrivate });
    if (first.status !== "ok") return { ok: false, error: `${url} answered 304 to a request without validators` };
    try {
      const feed = parseFeed(first.body, first.finalUrl);
      return {
        ok: true,
        feedUrl: url,
        title: feed.title,
        homepage: feed.homepage,
        language: feed.language,
        discoveredOn: null,
      };
    } catch (error) {
      if (!(error instanceof FeedParseError) || !looksLikeHtml(first.body)) throw error;
    }
    const [candidate] = discoverFeeds(first.body, first.finalUrl);
    if (!candidate) return { ok: false, error: `${url} is a web page that names no feed (no <link rel="alternate">)` };
    const second = await fetcher.fetch(candidate.url, { allowPrivate: options.allowPrivate });
    if (second.status !== "ok")
      return { ok: false, error: `${candidate.url} answered 304 to a request without validators` };
    const feed = parseFeed(second.body, second.finalUrl);
    return {
      ok: true,
      feedUrl: candidate.url,
      title: feed.title ?? candidate.title,
      homepage: feed.homepage ?? url,
      language: feed.language,
      discoveredOn: url,
    };
  } catch (error) {
    if (error instanceof FetchError || error instanceof FeedParseError) return { ok: false, error: error.message };
    throw error;
  }
}
