/**
 * refresh-feed {sourceId}: one poll of one source. In: the source's feed URL and validators;
 * out: new items in the store (stored, or dropped with the reason) and one extract-article job
 * per stored item, written in the same transaction, plus the source's fetch bookkeeping.
 *
 * A feed that cannot be fetched or parsed is an expected outcome: it is recorded on the source
 * (last_error, error_count, a backed-off next poll) and returned as status "error", so one
 * broken outlet never stops the others. Anything else is a bug and throws.
 */

import { findArticleByUrl } from "../store/articles.ts";
import { findItemByGuid, findStoredItemByUrl, insertItem } from "../store/items.ts";
import { insertJob } from "../store/jobs.ts";
import { getSource, markSourceFetched, updateSource } from "../store/sources.ts";
import { FetchError } from "./fetcher.ts";
import type { IngestDeps } from "./ingest-deps.ts";
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
}

const MINUTE_MS = 60_000;
const MAX_BACKOFF_MS = 24 * 60 * MINUTE_MS;

/** After the n-th consecutive failure: the normal interval doubled n times, at most a day. */
export function backoffDelayMs(refreshMinutes: number, errorCount: number): number {
  return Math.min(MAX_BACKOFF_MS, refreshMinutes * MINUTE_MS * 2 ** Math.min(errorCount, 20));
}

export async function refreshFeed(deps: IngestDeps, sourceId: number): Promise<RefreshResult> {
  const { db, clock, logger, fetcher, config } = deps;
  const source = await getSource(db, sourceId);
  const result: RefreshResult = { sourceId, status: "ok", itemsSeen: 0, itemsStored: 0, dropped: {} };
  const nextPoll = () => new Date(clock.now().getTime() + config.refreshMinutes * MINUTE_MS);

  let feed: ParsedFeed;
  let validators: { etag: string | null; lastModified: string | null };
  try {
    const fetched = await fetcher.fetch(source.feed_url, {
      allowPrivate: source.allow_private === 1,
      etag: source.etag,
      lastModified: source.last_modified,
    });
    if (fetched.status === "not-modified") {
      await markSourceFetched(db, source.id, { ok: true, nextPollAt: nextPoll() }, clock.now());
      logger.debug("feed not modified", { sourceId, url: source.feed_url });
      return { ...result, status: "not-modified" };
    }
    feed = parseFeed(fetched.body, fetched.finalUrl);
    validators = { etag: fetched.etag, lastModified: fetched.lastModified };
  } catch (error) {
    if (!(error instanceof FetchError || error instanceof FeedParseError)) throw error;
    const now = clock.now();
    const errorCount = source.error_count + 1;
    const nextPollAt = new Date(now.getTime() + backoffDelayMs(config.refreshMinutes, errorCount));
    await markSourceFetched(db, source.id, { ok: false, error: error.message, nextPollAt }, now);
    logger.warn("feed refresh failed", { sourceId, url: source.feed_url, error: error.message, errorCount });
    return { ...result, status: "error", error: error.message };
  }

  const now = clock.now();
  const drop = (reason: RefreshDropReason) => {
    result.dropped[reason] = (result.dropped[reason] ?? 0) + 1;
  };

  await db.transaction().execute(async (trx) => {
    for (const parsed of feed.items) {
      result.itemsSeen++;
      // Seen on an earlier poll (stored or dropped then): nothing new to decide.
      if (await findItemByGuid(trx, source.id, parsed.guid)) {
        drop("already-stored");
        continue;
      }
      const fields = {
        sourceId: source.id,
        guid: parsed.guid,
        author: parsed.author,
        summary: parsed.summary,
        contentHtml: parsed.contentHtml,
        language: parsed.language,
        publishedAt: parsed.publishedAt,
      };
      const screened = screenItem(parsed, { now, maxAgeDays: config.ingest.maxItemAgeDays });
      if (!screened.ok) {
        // Kept as a dropped row so the reason is visible and the next poll skips it by guid.
        const row = await insertItem(
          trx,
          { ...fields, url: parsed.url, title: parsed.title, status: "dropped", dropReason: screened.reason },
          now,
        );
        drop(row ? screened.reason : "already-stored");
        continue;
      }
      const item = screened.item;
      const copy = (await findArticleByUrl(trx, item.url)) ?? (await findStoredItemByUrl(trx, item.url));
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
      await insertJob(trx, { name: "extract-article", payload: { itemId: row.id } }, now);
      result.itemsStored++;
    }

    // What the feed says about itself fills gaps the operator left; it never overrides them.
    const learned = {
      ...(!source.language && feed.language ? { language: feed.language } : {}),
      ...(!source.homepage && feed.homepage && /^https?:/i.test(feed.homepage) ? { homepage: feed.homepage } : {}),
    };
    if (Object.keys(learned).length > 0) await updateSource(trx, source.id, learned);
    await markSourceFetched(trx, source.id, { ok: true, ...validators, nextPollAt: nextPoll() }, now);
  });

  logger.info("feed refreshed", {
    sourceId,
    seen: result.itemsSeen,
    stored: result.itemsStored,
    dropped: Object.entries(result.dropped)
      .map(([reason, n]) => `${reason}:${n}`)
      .join(","),
  });
  return result;
}
