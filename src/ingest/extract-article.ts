/**
 * extract-article {itemId}: a stored item becomes an article. In: the item and its source's
 * licence mode; out: the article (plain text, language, word count) and one cluster-article job,
 * written in the same transaction, or the item marked dropped with the reason.
 *
 * Text comes from the feed's content, else its summary; a short text from a "full" source is
 * completed by fetching the page and extracting it with Readability. An "abstract" source never
 * has its pages fetched: only its title and summary are stored. Running twice is harmless: an
 * item that already has an article returns that article.
 */
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { countWords } from "../domain/read-time.ts";
import type { Logger } from "../lib/logger.ts";
import { findArticleByItem, findArticleByUrl, insertArticle } from "../store/articles.ts";
import { getItem, markItemDropped } from "../store/items.ts";
import { insertJob } from "../store/jobs.ts";
import type { ItemRow, SourceRow } from "../store/schema.ts";
import { getSource } from "../store/sources.ts";
import { detectLanguage } from "./detect-language.ts";
import { FetchError, type Fetcher } from "./fetcher.ts";
import { htmlToText } from "./html-to-text.ts";
import type { IngestDeps } from "./ingest-deps.ts";

export type ExtractDropReason = "already-stored" | "unknown-language" | "no-text" | "no-link";

export interface ExtractResult {
  itemId: number;
  status: "stored" | "dropped";
  articleId?: number;
  reason?: string;
}

/** Below this many words a feed's text is a teaser, and a "full" source's page is fetched. */
export const SHORT_TEXT_WORDS = 120;

const PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

export async function extractArticle(deps: IngestDeps, itemId: number): Promise<ExtractResult> {
  const { db, clock, logger } = deps;
  const item = await getItem(db, itemId);

  const existing = await findArticleByItem(db, item.id);
  if (existing) return { itemId, status: "stored", articleId: existing.id };
  if (item.status !== "stored") return { itemId, status: "dropped", reason: item.drop_reason ?? item.status };

  const drop = async (reason: ExtractDropReason): Promise<ExtractResult> => {
    await markItemDropped(db, item.id, reason);
    logger.debug("item dropped", { itemId, reason });
    return { itemId, status: "dropped", reason };
  };

  const url = item.url;
  if (!url) return drop("no-link");
  if (await findArticleByUrl(db, url)) return drop("already-stored");

  const source = await getSource(db, item.source_id);
  const body = await articleText(deps, item, source, url);
  if (!body.text) return drop("no-text");

  const title = item.title?.trim() || body.title;
  if (!title) return drop("no-text");

  const language =
    normaliseLanguage(item.language) ??
    normaliseLanguage(source.language) ??
    detectLanguage(`${title}\n\n${body.text}`);
  if (!language) return drop("unknown-language");

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
        // An undated item is dated by when PRISM first saw it.
        publishedAt: item.published_at ?? item.created_at,
        language,
        text: body.text,
        wordCount: countWords(body.text),
        isAbstract: body.isAbstract,
      },
      now,
    );
    if (!article) {
      // Another worker stored this item, or another item with the same URL, in the meantime.
      const mine = await findArticleByItem(trx, item.id);
      if (mine) return { itemId, status: "stored", articleId: mine.id };
      await markItemDropped(trx, item.id, "already-stored");
      return { itemId, status: "dropped", reason: "already-stored" };
    }
    await insertJob(trx, { name: "cluster-article", payload: { articleId: article.id } }, now);
    return { itemId, status: "stored", articleId: article.id };
  });
  logger.debug("article extracted", { ...outcome, abstract: body.isAbstract, from: body.from });
  return outcome;
}

interface ArticleBody {
  text: string;
  title: string | null;
  /** True when what we keep is the feed's abstract, not the full text. */
  isAbstract: boolean;
  from: "feed" | "page" | "summary";
}

async function articleText(deps: IngestDeps, item: ItemRow, source: SourceRow, url: string): Promise<ArticleBody> {
  const summary = item.summary?.trim() ?? "";
  if (source.licence_mode === "abstract") {
    // The licence allows the abstract only: never the page, never the feed's full content.
    const text = summary || firstParagraph(htmlToText(item.content_html ?? ""));
    return { text, title: null, isAbstract: true, from: "summary" };
  }

  const fromFeed = item.content_html ? htmlToText(item.content_html) : "";
  const feedText = countWords(fromFeed) >= countWords(summary) ? fromFeed : summary;
  if (countWords(feedText) >= SHORT_TEXT_WORDS) return { text: feedText, title: null, isAbstract: false, from: "feed" };

  const page = await fetchPage(deps.fetcher, deps.logger, url, source.allow_private === 1, item.id);
  if (page && countWords(page.text) > countWords(feedText)) {
    return { text: page.text, title: page.title, isAbstract: false, from: "page" };
  }
  // Without the page, a text taken from the feed's summary is an abstract; feed content is not.
  const fromSummary = feedText !== fromFeed;
  return {
    text: feedText,
    title: page?.title ?? null,
    isAbstract: fromSummary,
    from: fromSummary ? "summary" : "feed",
  };
}

/** The page's main text by Readability; undefined (with the reason logged) when it cannot be had. */
async function fetchPage(
  fetcher: Fetcher,
  logger: Logger,
  url: string,
  allowPrivate: boolean,
  itemId: number,
): Promise<{ text: string; title: string | null } | undefined> {
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
  try {
    const { document } = parseHTML(html);
    type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];
    const parsed = new Readability(document as unknown as ReadabilityDocument).parse();
    const text = parsed?.content ? htmlToText(parsed.content) : "";
    if (!text) {
      logger.info("readability found no article text; keeping the feed text", { itemId, url: finalUrl });
      return undefined;
    }
    return { text, title: parsed?.title?.trim() || null };
  } catch (error) {
    // Readability walks arbitrary markup; a page it cannot handle costs us the full text, not the item.
    logger.warn("readability failed; keeping the feed text", { itemId, url: finalUrl, error: String(error) });
    return undefined;
  }
}

function firstParagraph(text: string): string {
  return text.split("\n\n")[0]?.trim() ?? "";
}

function normaliseLanguage(value: string | null | undefined): string | undefined {
  const primary = value?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}
