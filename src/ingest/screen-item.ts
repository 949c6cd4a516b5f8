/**
 * Decides whether a feed item is worth storing as news. In: a parsed item and the screening
 * rules; out: the item with its canonical URL, or the reason it is dropped. Pure: duplicates
 * (which need the store) are found by refresh-feed, not here.
 */
import { canonicalUrl } from "./canonical-url.ts";
import type { ParsedItem } from "./parse-feed.ts";

export type ScreenReason = "no-link" | "bad-url" | "no-title" | "too-old";

export type ScreenedItem = ParsedItem & { url: string; title: string };

export type ScreenResult = { ok: true; item: ScreenedItem } | { ok: false; reason: ScreenReason };

export interface ScreenRules {
  now: Date;
  maxAgeDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function screenItem(parsed: ParsedItem, rules: ScreenRules): ScreenResult {
  if (!parsed.url) return { ok: false, reason: "no-link" };
  const url = canonicalUrl(parsed.url);
  if (!url) return { ok: false, reason: "bad-url" };
  const title = parsed.title?.trim();
  if (!title) return { ok: false, reason: "no-title" };

  let publishedAt = parsed.publishedAt;
  if (publishedAt) {
    const time = Date.parse(publishedAt);
    if (time < rules.now.getTime() - rules.maxAgeDays * DAY_MS) return { ok: false, reason: "too-old" };
    // A date in the future is a wrong clock or time zone at the outlet; it would pin the item to the top.
    if (time > rules.now.getTime()) publishedAt = rules.now.toISOString();
  }
  return { ok: true, item: { ...parsed, url, title, publishedAt } };
}
