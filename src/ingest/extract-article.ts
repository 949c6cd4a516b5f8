/**
 * extract-article {itemId}: a stored item becomes an article. In: the item and its source's
 * licence mode; out: the article (plain text, language, word count, and the first copy when its
 * text is a syndicated near-duplicate) and one cluster-article job, written in the same
 * transaction, or the item marked dropped with the reason.
 *
 * Text comes from the feed's content, else its summary; a short text from a "full" source is
 * completed by fetching the page and extracting its article (extract-page.ts). The page's
 * rel=canonical, when it names the same site, becomes the article's URL. An "abstract" source
 * never has its pages fetched: only its title and summary are stored. Running twice is
 * harmless: an item that already has an article returns that article.
 */
import { countWords } from "../domain/read-time.ts";
import type { Logger } from "../lib/logger.ts";
import {
  findArticleByItem,
  findArticleByUrl,
  insertArticle,
  insertArticleBands,
  listDuplicateCandidates,
} from "../store/articles.ts";
import type { Db } from "../store/db.ts";
import { getItem, markItemDropped } from "../store/items.ts";
import { insertJob } from "../store/jobs.ts";
import type { ItemRow, SourceRow } from "../store/schema.ts";
import { getSource } from "../store/sources.ts";
import { canonicalUrl } from "./canonical-url.ts";
import { detectLanguage } from "./detect-language.ts";
import { extractPage } from "./extract-page.ts";
import { FetchError, type Fetcher } from "./fetcher.ts";
import { htmlToText } from "./html-to-text.ts";
import type { IngestDeps } from "./ingest-deps.ts";
import { containment, minhashBands, shingles } from "./near-duplicate.ts";

export type ExtractDropReason = "already-stored" | "unknown-language" | "no-text" | "no-link";

export interface ExtractResult {
  itemId: number;
  status: "stored" | "dropped";
  articleId?: number;
  reason?: string;
  /** The first copy, when the stored article is a syndicated near-duplicate of it. */
  duplicateOf?: number;
}

/** Below this many words a feed's text is a teaser, and a "full" source's page is fetched. */
export const SHORT_TEXT_WORDS = 120;

const PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";
const HOUR_MS = 60 * 60 * 1000;

export async function extractArticle(deps: IngestDeps, itemId: number): Promise<ExtractResult> {
  const { db, clock, logger } = deps;
  const item = await getItem(db, itemId);

  const existing = await findArticleByItem(db, item.id);
  if (existing) return stored(itemId, existing.id, existing.duplicate_of);
  if (item.status !== "stored") return { itemId, status: "dropped", reason: item.drop_reason ?? item.status };

  const drop = async (reason: ExtractDropReason): Promise<ExtractResult> => {
    await markItemDropped(db, item.id, reason);
    logger.debug("item dropped", { itemId, reason });
    return { itemId, status: "dropped", reason };
  };

  if (!item.url) return drop("no-link");
  if (await findArticleByUrl(db, item.url)) return drop("already-stored");

  const source = await getSource(db, item.source_id);
  const body = await articleText(deps, item, source, item.url);
  if (!body.text) return drop("no-text");

  // The page's own canonical URL names the article when it points at the same site; one on
  // another site says whose copy this is, which the near-duplicate check uses instead.
  const canonical = body.canonicalUrl ? canonicalUrl(body.canonicalUrl) : undefined;
  const sameSite = canonical && sameSiteCanonical(canonical, item.url);
  const url = sameSite ? canonical : item.url;
  if (url !== item.url && (await findArticleByUrl(db, url))) return drop("already-stored");

  const title = item.title?.trim() || body.title;
  if (!title) return drop("no-text");

  const language =
    normaliseLanguage(item.language) ??
    normaliseLanguage(source.language) ??
    detectLanguage(`${title}\n\n${body.text}`);
  if (!language) return drop("unknown-language");

  // An undated item is dated by when PRISM first saw it.
  const publishedAt = item.published_at ?? item.created_at;
  const set = shingles(body.text);
  const bands = minhashBands(set);
  const copy = await findFirstCopy(deps, {
    sourceId: source.id,
    publishedAt,
    set,
    bands,
    canonicalElsewhere: canonical && !sameSite ? canonical : undefined,
  });

  const now = clock.now();
  const outcome = await db.transaction().execute(async (trx): Promise<ExtractResult> => {
    const article = await insertArticle(
      trx,
      {
        itemId: item.id,
        sourceId: source.id,
        url,
        title,
        author: item.author,
        publishedAt,
        language,
        text: body.text,
        wordCount: countWords(body.text),
        isAbstract: body.isAbstract,
        duplicateOf: copy?.id ?? null,
        duplicateSimilarity: copy?.similarity ?? null,
      },
      now,
    );
    if (!article) {
      // Another worker stored this item, or another item with the same URL, in the meantime.
      const mine = await findArticleByItem(trx, item.id);
      if (mine) return stored(itemId, mine.id, mine.duplicate_of);
      await markItemDropped(trx, item.id, "already-stored");
      return { itemId, status: "dropped", reason: "already-stored" };
    }
    await insertArticleBands(trx, article.id, bands, publishedAt);
    await insertJob(trx, { name: "cluster-article", payload: { articleId: article.id } }, now);
    return stored(itemId, article.id, article.duplicate_of);
  });
  logger.debug("article extracted", {
    ...outcome,
    abstract: body.isAbstract,
    from: body.from,
    ...(copy ? { similarity: copy.similarity.toFixed(2) } : {}),
  });
  return outcome;
}

function stored(itemId: number, articleId: number, duplicateOf: number | null): ExtractResult {
  return duplicateOf ? { itemId, status: "stored", articleId, duplicateOf } : { itemId, status: "stored", articleId };
}

/**
 * The first stored article from another source, published within the syndication window, whose
 * text this one nearly copies: the shorter of the two is at least `syndicationThreshold`
 * contained in the longer. A match that is itself a copy leads to its own first copy, so every
 * copy points at the original and never at another copy.
 */
async function findFirstCopy(
  deps: IngestDeps,
  article: {
    sourceId: number;
    publishedAt: string;
    set: ReadonlySet<number>;
    bands: readonly string[];
    canonicalElsewhere: string | undefined;
  },
): Promise<{ id: number; similarity: number } | undefined> {
  const { db, config } = deps;
  const threshold = config.ingest.syndicationThreshold;
  const at = Date.parse(article.publishedAt);
  const window = config.ingest.syndicationWindowHours * HOUR_MS;
  const candidates = await listDuplicateCandidates(db, {
    bands: article.bands,
    from: new Date(at - window).toISOString(),
    to: new Date(at + window).toISOString(),
    excludeSourceId: article.sourceId,
  });
  if (article.canonicalElsewhere) {
    const named = await findArticleByUrl(db, article.canonicalElsewhere);
    if (named && named.source_id !== article.sourceId) candidates.unshift(named);
  }
  for (const candidate of candidates) {
    const similarity = containment(article.set, shingles(candidate.text));
    if (similarity >= threshold) return { id: await firstCopyOf(db, candidate), similarity };
  }
  return undefined;
}

async function firstCopyOf(db: Db, article: { id: number; duplicate_of: number | null }): Promise<number> {
  if (article.duplicate_of === null) return article.id;
  // Copies are always linked to an original when stored, so one step reaches it; a deleted
  // original (set null) leaves the copy as the earliest survivor.
  const original = await db
    .selectFrom("articles")
    .select("id")
    .where("id", "=", article.duplicate_of)
    .executeTakeFirst();
  return original?.id ?? article.id;
}

/** Same host, ignoring the www., m. and amp. prefixes, and not the site's front page. */
function sameSiteCanonical(canonical: string, itemUrl: string): boolean {
  const a = new URL(canonical);
  let b: URL;
  try {
    b = new URL(itemUrl);
  } catch {
    return false;
  }
  const site = (host: string) => host.replace(/^(www\d*|m|amp|mobile)\./, "");
  if (site(a.hostname) !== site(b.hostname)) return false;
  return a.pathname !== "/" || b.pathname === "/";
}

interface ArticleBody {
  text: string;
  title: string | null;
  /** True when what we keep is the feed's abstract, not the full text. */
  isAbstract: boolean;
  from: "feed" | "page" | "summary";
  canonicalUrl: string | null;
}

async function articleText(deps: IngestDeps, item: ItemRow, source: SourceRow, url: string): Promise<ArticleBody> {
  const summary = item.summary?.trim() ?? "";
  if (source.licence_mode === "abstract") {
    // The licence allows the abstract only: never the page, never the feed's full content.
    const text = summary || firstParagraph(htmlToText(item.content_html ?? ""));
    return { text, title: null, isAbstract: true, from: "summary", canonicalUrl: null };
  }

  const fromFeed = item.content_html ? htmlToText(item.content_html) : "";
  const feedText = countWords(fromFeed) >= countWords(summary) ? fromFeed : summary;
  if (countWords(feedText) >= SHORT_TEXT_WORDS)
    return { text: feedText, title: null, isAbstract: false, from: "feed", canonicalUrl: null };

  const page = await fetchPage(deps.fetcher, deps.logger, url, source.allow_private === 1, item.id);
  const canonical = page?.canonicalUrl ?? null;
  if (page && countWords(page.text) > countWords(feedText)) {
    return { text: page.text, title: page.title, isAbstract: false, from: "page", canonicalUrl: canonical };
  }
  // Without the page, a text taken from the feed's summary is an abstract; feed content is not.
  const fromSummary = feedText !== fromFeed;
  return {
    text: feedText,
    title: page?.title ?? null,
    isAbstract: fromSummary,
    from: fromSummary ? "summary" : "feed",
    canonicalUrl: canonical,
  };
}

/** The page's article; undefined (with the reason logged) when it cannot be had. */
async function fetchPage(
  fetcher: Fetcher,
  logger: Logger,
  url: string,
  allowPrivate: boolean,
  itemId: number,
): Promise<{ text: string; title: string | null; canonicalUrl: string | null } | undefined> {
  let html: string;
  let finalUrl: string;
  try {
    const result = await fetcher.fetch(url, { allowPrivate, accept: PAGE_ACCEPT });
    if (result.status !== "ok") return undefined;
    if (result.contentType && !/html|xml/i.test(result.contentType)) {
      logger.info("page is not HTML; keeping the feed text", { itemId, url, contentType: result.contentType });
      return undefined;
    }
    html = result.body;
    finalUrl = result.finalUrl;
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    logger.info("page fetch failed; keeping the feed text", {
      itemId,
      url,
      reason: error.reason,
      error: error.message,
    });
    return undefined;
  }
  const page = extractPage(html, finalUrl);
  if (!page.text) logger.info("no article text on the page; keeping the feed text", { itemId, url: finalUrl });
  return page;
}

function firstParagraph(text: string): string {
  return text.split("\n\n")[0]?.trim() ?? "";
}

function normaliseLanguage(value: string | null | undefined): string | undefined {
  const primary = value?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}
