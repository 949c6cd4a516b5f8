import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractPage, readabilityText } from "./extract-page.ts";

const PAGE = readFileSync(new URL("./testdata/boilerplate-page.html", import.meta.url), "utf8");
const URL_ = "https://dispatch.example/news/water";

describe("extractPage", () => {
  it("keeps the article's paragraphs and nothing the page wraps around them", () => {
    const { text, title } = extractPage(PAGE, URL_);
    const paragraphs = text.split("\n\n");
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[0]).toMatch(/^The utility board approved a six percent increase/);
    expect(paragraphs[3]).toMatch(/according to figures the utility published before the vote\.$/);
    for (const furniture of [
      "Advertisement",
      "Related",
      "newsletter",
      "Photo:",
      "Published 10:48",
      "By Sam Ortiz",
      "Share on",
    ]) {
      expect(text).not.toContain(furniture);
    }
    expect(title).toContain("Valley water rates rise by six percent");
  });

  it("removes more furniture than plain Readability, losing no article text", () => {
    const plain = readabilityText(PAGE).text;
    const ours = extractPage(PAGE, URL_).text;
    expect(ours.length).toBeLessThan(plain.length);
    for (const paragraph of ours.split("\n\n")) expect(plain).toContain(paragraph);
  });

  it("reads the canonical link as an absolute URL", () => {
    expect(extractPage(PAGE, URL_).canonicalUrl).toBe("https://dispatch.example/2026/11/water-rates?utm_source=home");
    expect(extractPage("<html><head></head><body><p>x</p></body></html>", URL_).canonicalUrl).toBeNull();
    expect(extractPage('<link rel="canonical" href="javascript:alert(1)"><p>x</p>', URL_).canonicalUrl).toBeNull();
  });

  it("returns no text for a page without an article", () => {
    expect(extractPage("", URL_).text).toBe("");
    expect(extractPage("<html><body><nav><a href='/'>Home</a></nav></body></html>", URL_).text).toBe("");
  });
});
