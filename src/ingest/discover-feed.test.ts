import { describe, expect, it } from "vitest";
import { discoverFeeds, looksLikeHtml } from "./discover-feed.ts";

describe("discoverFeeds", () => {
  it("finds the feeds a page announces, absolute, the main feed before the comments feed", () => {
    const html = `<!doctype html><html><head>
      <link rel="stylesheet" href="/style.css">
      <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/">
      <link rel="alternate" type="application/rss+xml" title="Harbour Gazette" href="/feed/">
      <link rel="alternate" type="application/atom+xml" href="https://gazette.example/atom.xml">
      <link rel="alternate" hreflang="de" href="/de/">
      </head><body><a href="/other.rss">not a link element</a></body></html>`;
    expect(discoverFeeds(html, "https://gazette.example/news/").map((f) => f.url)).toEqual([
      "https://gazette.example/feed/",
      "https://gazette.example/atom.xml",
      "https://gazette.example/comments/feed/",
    ]);
  });

  it("reads JSON Feed links and rel lists, and ignores types that are not feeds", () => {
    const html = `<head>
      <link rel="ALTERNATE home" type="application/feed+json; charset=utf-8" href="feed.json">
      <link rel="alternate" type="text/html" href="/print">
      <link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
    </head>`;
    expect(discoverFeeds(html, "https://dispatch.example/a/b")).toEqual([
      { url: "https://dispatch.example/a/feed.json", title: null, type: "application/feed+json" },
    ]);
  });

  it("returns nothing for pages without feeds or with unusable links", () => {
    expect(discoverFeeds("<html><head><title>x</title></head></html>", "https://a.example/")).toEqual([]);
    expect(
      discoverFeeds(
        '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">',
        "https://a.example/",
      ),
    ).toEqual([]);
    expect(discoverFeeds("", "https://a.example/")).toEqual([]);
  });

  it("tells an HTML page from a feed", () => {
    expect(looksLikeHtml("  <!DOCTYPE html><html>")).toBe(true);
    expect(looksLikeHtml('<?xml version="1.0"?>\n<!-- hi -->\n<html xmlns="http://www.w3.org/1999/xhtml">')).toBe(true);
    expect(looksLikeHtml('<?xml version="1.0"?><rss version="2.0">')).toBe(false);
    expect(looksLikeHtml('{"version": "https://jsonfeed.org/version/1.1"}')).toBe(false);
  });
});
