/**
 * refresh-feed {sourceId}: one poll of one source. In: the source's feed URL and validators;
 * out: new items in the store (stored, or dropped with the reason) and one extract-article job
 * per stored item, written in the same transaction, plus the source's fetch bookkeeping and
 * the time of its next poll (see next-poll.ts).
 *
 * A source registered with a web page instead of a feed gets its feed discovered through the
 * page's <link rel="alternate">, and keeps the feed's URL from then on.
 *
 * A feed that cannot be fetched or parsed is an expected outcome: it is recorded on the source
 * (last_error, error_count, a backed-off next poll) and returned as status "error", so one
 * broken outlet never stops the others, and nothing stored before is touched. Anything else
 * is a bug and throws.
 */

import { listArticleUrls } from "../store/articles.ts";
import type { Db } from "../store/db.ts";
import { insertItem, listKnownGuids, listStoredItemUrls } from "../store/items.ts";
import { insertJob } from "../store/jobs.ts";
import type { SourceRow } from "../store/schema.ts";
import { findSourceByFeedUrl, getSource, markSourceFetched, updateSource } from "../store/sources.ts";
import { discoverFeeds, looksLikeHtml } from "./discover-feed.ts";
import { FetchError, type FetchResult } from "./fetcher.ts";
import type { IngestDeps } from "./ingest-deps.ts";
import { nextPollAfterError, nextPollAfterSuccess, type PollPolicy } from "./next-poll.ts";
import { FeedParseError, type ParsedFeed, parseFeed } from "./parse-feed.ts";
import { screenItem } from "./screen-item.ts";

export type RefreshDropReason = "already-stored" | "no-link" | "bad-url" | "no-title" | "too-old";

export interface RefreshResult {
  sourceId: number;
  status: "ok" | "not-modified" | "error";
  error?: string;
  itemsSeen: number;
  itemsStored: number;
  dropped: Partial<Record<RefreshDropReason, number>>;
  /** The feed found on the page the source pointed at, when discovery replaced its URL. */
  discoveredFeedUrl?: string;
}

type Fetched = Extract<FetchResult, { status: "ok" }>;

export function pollPolicy(config: IngestDeps["config"]): PollPolicy {
  return {
    refreshMinutes: config.refreshMinutes,
    minMinutes: config.ingest.refreshMinMinutes,
    maxMinutes: config.ingest.refreshMaxMinutes,
  };
}

export async function refreshFeed(deps: IngestDeps, sourceId: number): Promise<RefreshResult> {
  const { db, clock, logger, fetcher } = deps;
  let source = await getSource(db, sourceId);
  const result: RefreshResult = { sourceId, status: "ok", itemsSeen: 0, itemsStored: 0, dropped: {} };
  const policy = pollPolicy(deps.config);
  const seed = `${source.id}:${clock.now().toISOString()}`;
  const allowPrivate = source.allow_private === 1;

  let fetched: Fetched;
  let feed: ParsedFeed;
  let discovered: string | undefined;
  try {
    const first = await fetcher.fetch(source.feed_url, {
      allowPrivate,
      etag: source.etag,
      lastModified: source.last_modified,
    });
    if (first.status === "not-modified") {
      const now = clock.now();
      const next = nextPollAfterSuccess(policy, { ...first.cache, ttlMinutes: source.feed_ttl_minutes }, now, seed);
      await markSourceFetched(db, source.id, { ok: true, nextPollAt: next.at, pollReason: next.reason }, now);
      logger.debug("feed not modified", { sourceId, url: source.feed_url });
      return { ...result, status: "not-modified" };
    }
    ({ fetched, feed, discovered } = await readFeed(deps, first, allowPrivate));
    if (discovered) source = await claimDiscoveredFeed(db, source, discovered);
  } catch (error) {
    if (!(error instanceof FetchError || error instanceof FeedParseError)) throw error;
    const now = clock.now();
    const errorCount = source.error_count + 1;
    const retry = error instanceof FetchError ? (error.retry ?? {}) : {};
    const next = nextPollAfterError(policy, errorCount, retry, now, seed);
    await markSourceFetched(
      db,
      source.id,
      { ok: false, error: error.message, nextPollAt: next.at, pollReason: next.reason },
      now,
    );
    logger.warn("feed refresh failed", { sourceId, url: source.feed_url, error: error.message, errorCount });
    return { ...result, status: "error", error: error.message };
  }

  if (feed.loose)
    logger.warn("feed is not well-formed; read what could be recovered", { sourceId, url: fetched.finalUrl });
  const now = clock.now();
  const drop = (reason: RefreshDropReason) => {
    result.dropped[reason] = (result.dropped[reason] ?? 0) + 1;
  };

  await db.transaction().execute(async (trx) => {
    // What this source gave before (by guid) and what any source stored (by URL), in a few queries.
    const known = await listKnownGuids(
      trx,
      source.id,
      feed.items.map((i) => i.guid),
    );
    const screened = feed.items.map((parsed) => ({
      parsed,
      outcome: screenItem(parsed, { now, maxAgeDays: deps.config.ingest.maxItemAgeDays }),
    }));
    const urls = screened.flatMap((s) => (s.outcome.ok ? [s.outcome.item.url] : []));
    const taken = new Set([...(await listArticleUrls(trx, urls)), ...(await listStoredItemUrls(trx, urls))]);

    for (const { parsed, outcome } of screened) {
      result.itemsSeen++;
      // Seen on an earlier poll (stored or dropped then), or twice in this feed: nothing new to decide.
      if (known.has(parsed.guid)) {
        drop("already-stored");
        continue;
      }
      known.add(parsed.guid);
      const fields = {
        sourceId: source.id,
        guid: parsed.guid,
        author: parsed.author,
        summary: parsed.summary,
        contentHtml: parsed.contentHtml,
        language: parsed.language,
        publishedAt: parsed.publishedAt,
      };
      if (!outcome.ok) {
        // Kept as a dropped row so the reason is visible and the next poll skips it by guid.
        const row = await insertItem(
          trx,
          { ...fields, url: parsed.url, title: parsed.title, status: "dropped", dropReason: outcome.reason },
          now,
        );
        drop(row ? outcome.reason : "already-stored");
        continue;
      }
      const item = outcome.item;
      const copy = taken.has(item.url);
      const row = await insertItem(
        trx,
        {
          ...fields,
          url: item.url,
          title: item.title,
          publishedAt: item.publishedAt,
          status: copy ? "dropped" : "stored",
          dropReason: copy ? "already-stored" : null,
        },
        now,
      );
      if (!row || copy) {
        drop("already-stored");
        continue;
      }
      taken.add(item.url);
      await insertJob(trx, { name: "extract-article", payload: { itemId: row.id } }, now);
      result.itemsStored++;
    }

    // What the feed says about itself fills gaps the operator left; it never overrides them.
    const learned = {
      ...(!source.language && feed.language ? { language: feed.language } : {}),
      ...(!source.homepage && feed.homepage && /^https?:/i.test(feed.homepage) ? { homepage: feed.homepage } : {}),
    };
    if (Object.keys(learned).length > 0) await updateSource(trx, source.id, learned);
    const next = nextPollAfterSuccess(policy, { ...fetched.cache, ttlMinutes: feed.ttlMinutes }, now, seed);
    await markSourceFetched(
      trx,
      source.id,
      {
        ok: true,
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        feedTtlMinutes: feed.ttlMinutes,
        nextPollAt: next.at,
        pollReason: next.reason,
      },
      now,
    );
  });

  logger.info("feed refreshed", {
    sourceId,
    seen: result.itemsSeen,
    stored: result.itemsStored,
    dropped: Object.entries(result.dropped)
      .map(([reason, n]) => `${reason}:${n}`)
      .join(","),
  });
  return discovered ? { ...result, discoveredFeedUrl: discovered } : result;
}

/**
 * Parses what was fetched; when it is a web page that announces a feed, fetches and parses
 * that feed instead (one level only: a page naming another page is not followed further).
 */
async function readFeed(
  deps: IngestDeps,
  fetched: Fetched,
  allowPrivate: boolean,
): Promise<{ fetched: Fetched; feed: ParsedFeed; discovered?: string }> {
  try {
    return { fetched, feed: parseFeed(fetched.body, fetched.finalUrl) };
  } catch (error) {
    if (!(error instanceof FeedParseError) || !looksLikeHtml(fetched.body)) throw error;
    const [candidate] = discoverFeeds(fetched.body, fetched.finalUrl);
    if (!candidate) {
      throw new FeedParseError(
        `${fetched.finalUrl} returned an HTML page that names no feed (no <link rel="alternate"> to RSS, Atom or JSON Feed)`,
      );
    }
    deps.logger.info("feed discovered on page", { page: fetched.finalUrl, feed: candidate.url });
    const second = await deps.fetcher.fetch(candidate.url, { allowPrivate });
    if (second.status !== "ok")
      throw new FeedParseError(`${candidate.url} answered 304 to a request without validators`);
    return { fetched: second, feed: parseFeed(second.body, second.finalUrl), discovered: candidate.url };
  }
}

/** Points the source at its discovered feed, unless another source already reads that feed. */
async function claimDiscoveredFeed(db: Db, source: SourceRow, feedUrl: string): Promise<SourceRow> {
  const owner = await findSourceByFeedUrl(db, feedUrl);
  if (owner && owner.id !== source.id) {
    throw new FeedParseError(
      `${source.feed_url} is a page whose feed ${feedUrl} is already source ${owner.id} (${owner.name})`,
    );
  }
  return updateSource(db, source.id, {
    feedUrl,
    ...(source.homepage ? {} : { homepage: source.feed_url }),
  });
}
