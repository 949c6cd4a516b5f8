import { describe, expect, it } from "vitest";
import type { ParsedItem } from "./parse-feed.ts";
import { screenItem } from "./screen-item.ts";

const now = new Date("2026-11-27T12:00:00.000Z");
const rules = { now, maxAgeDays: 30 };

function item(fields: Partial<ParsedItem> = {}): ParsedItem {
  return {
    guid: "g-1",
    url: "https://Gazette.example/news/ferry?utm_medium=feed&id=7#comments",
    title: "Ferry timetable changes",
    author: null,
    summary: "Two evening crossings are cut.",
    contentHtml: null,
    publishedAt: "2026-11-26T09:00:00.000Z",
    language: null,
    ...fields,
  };
}

describe("screenItem", () => {
  it("accepts a recent item with a link and a title, keeping its canonical URL", () => {
    const result = screenItem(item(), rules);
    expect(result).toEqual({
      ok: true,
      item: expect.objectContaining({ url: "https://gazette.example/news/ferry?id=7" }),
    });
  });

  it("drops items without a link", () => {
    expect(screenItem(item({ url: null }), rules)).toEqual({ ok: false, reason: "no-link" });
  });

  it("drops items whose link is not an http(s) URL", () => {
    expect(screenItem(item({ url: "mailto:desk@gazette.example" }), rules)).toEqual({ ok: false, reason: "bad-url" });
    expect(screenItem(item({ url: "file:///etc/passwd" }), rules)).toEqual({ ok: false, reason: "bad-url" });
  });

  it("drops items without a title", () => {
    expect(screenItem(item({ title: "  " }), rules)).toEqual({ ok: false, reason: "no-title" });
    expect(screenItem(item({ title: null }), rules)).toEqual({ ok: false, reason: "no-title" });
  });

  it("drops items older than the age limit and keeps undated ones", () => {
    expect(screenItem(item({ publishedAt: "2026-10-27T11:59:00.000Z" }), rules)).toEqual({
      ok: false,
      reason: "too-old",
    });
    expect(screenItem(item({ publishedAt: "2026-10-28T12:00:00.000Z" }), rules).ok).toBe(true);
    expect(screenItem(item({ publishedAt: null }), rules).ok).toBe(true);
  });

  it("brings a date in the future back to now", () => {
    const result = screenItem(item({ publishedAt: "2026-12-30T00:00:00.000Z" }), rules);
    expect(result.ok && result.item.publishedAt).toBe(now.toISOString());
  });
});
