import path from "node:path";
import { parseFeed as parseAnyFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { countWords } from "../domain/read-time.ts";
import {
  feedFileName,
  parseSampleArticle,
  readSampleArticles,
  readSampleOutlets,
  renderSampleFeed,
} from "./sample-feeds.ts";

const samplesDir = path.resolve(import.meta.dirname, "../../samples");
const outlets = readSampleOutlets(samplesDir);
const articles = readSampleArticles(samplesDir);
const now = new Date("2026-11-27T12:00:00.000Z");

describe("the bundled sample", () => {
  it("has at least six stories reported by three or more outlets each", () => {
    const byStory = new Map<string, Set<string>>();
    for (const a of articles) byStory.set(a.story, (byStory.get(a.story) ?? new Set()).add(a.outletId));
    const covered = [...byStory.values()].filter((o) => o.size >= 3);
    expect(covered.length).toBeGreaterThanOrEqual(6);
    expect(byStory.get("north-korean-pows-ukraine")?.size).toBeGreaterThanOrEqual(3);
  });

  it("writes every article for a known outlet, dated within the last four days, with full text", () => {
    const ids = new Set(outlets.map((o) => o.id));
    for (const a of articles) {
      expect(ids.has(a.outletId), `${a.story}/${a.outletId}`).toBe(true);
      expect(a.hoursAgo).toBeGreaterThan(0);
      expect(a.hoursAgo).toBeLessThanOrEqual(96);
      expect(countWords(a.paragraphs.join(" "))).toBeGreaterThan(250);
    }
  });

  it("mixes RSS, Atom, RDF and JSON Feed, and every feed parses back with its items", () => {
    expect(new Set(outlets.map((o) => o.format))).toEqual(new Set(["rss", "atom", "rdf", "json"]));
    for (const outlet of outlets) {
      const text = renderSampleFeed(outlet, articles, now, "Fictional outlet.");
      const parsed = parseAnyFeed(text);
      expect(parsed.format, feedFileName(outlet)).toBe(outlet.format);
      const items =
        ("items" in parsed.feed ? parsed.feed.items : "entries" in parsed.feed ? parsed.feed.entries : []) ?? [];
      expect(items.length).toBe(articles.filter((a) => a.outletId === outlet.id).length);
    }
  });

  it("says in every feed that the outlet is fictional", () => {
    for (const outlet of outlets) {
      expect(renderSampleFeed(outlet, articles, now, "x")).toContain("(a fictional outlet)");
    }
  });

  it("refuses an article file without front matter or with a malformed date", () => {
    expect(() => parseSampleArticle("no front matter", "s", "o")).toThrow(/front matter/);
    expect(() =>
      parseSampleArticle("---\ntitle: t\nauthor: a\npublished: yesterday\nsummary: s\n---\n\nText", "s", "o"),
    ).toThrow(/-31h/);
  });
});
