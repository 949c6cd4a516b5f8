import { describe, expect, it } from "vitest";
import { canonicalUrl } from "./canonical-url.ts";

describe("canonicalUrl", () => {
  it("removes tracking parameters and the fragment, and sorts what is left", () => {
    expect(
      canonicalUrl("https://news.example/a/story?utm_source=rss&b=2&fbclid=XYZ&a=1&gclid=1&mc_cid=2&ref=home#top"),
    ).toBe("https://news.example/a/story?a=1&b=2");
  });

  it("lowercases the host, drops the default port and keeps the path as written", () => {
    expect(canonicalUrl("HTTPS://News.Example:443/World/Story-A")).toBe("https://news.example/World/Story-A");
    expect(canonicalUrl("http://news.example:8080/x")).toBe("http://news.example:8080/x");
  });

  it("gives two spellings of the same link one form", () => {
    const a = canonicalUrl("https://news.example/s?id=5&page=2&utm_campaign=x");
    const b = canonicalUrl("https://NEWS.example/s?page=2&id=5#comments");
    expect(a).toBe(b);
  });

  it("drops an empty query entirely", () => {
    expect(canonicalUrl("https://news.example/s?utm_source=a&utm_medium=b")).toBe("https://news.example/s");
  });

  it("resolves relative links against a base", () => {
    expect(canonicalUrl("../world/x?ref=nav", "https://news.example/feeds/main.xml")).toBe(
      "https://news.example/world/x",
    );
  });

  it("accepts only absolute http(s) URLs", () => {
    expect(canonicalUrl("/relative/without/base")).toBeUndefined();
    expect(canonicalUrl("javascript:alert(1)")).toBeUndefined();
    expect(canonicalUrl("ftp://news.example/file")).toBeUndefined();
    expect(canonicalUrl("https://user:pw@news.example/")).toBeUndefined();
    expect(canonicalUrl("")).toBeUndefined();
  });
});
