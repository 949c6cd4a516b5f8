import { describe, expect, it } from "vitest";
import { htmlToText } from "./html-to-text.ts";

describe("htmlToText", () => {
  it("keeps paragraphs apart with a blank line and decodes entities", () => {
    expect(htmlToText("<p>Rates rise &amp; fall.</p>\n<p>Then   they\n settle.</p>")).toBe(
      "Rates rise & fall.\n\nThen they settle.",
    );
  });

  it("drops scripts, styles and navigation", () => {
    const html =
      "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><style>p{color:red}</style>" +
      "<p>The vote passed.</p><script>track('x')</script>";
    expect(htmlToText(html)).toBe("The vote passed.");
  });

  it("gives headings and list items their own paragraphs and turns <br> into a line break", () => {
    expect(htmlToText("<h2>Key points</h2><ul><li>One</li><li>Two <b>bold</b></li></ul><p>Line<br>next</p>")).toBe(
      "Key points\n\nOne\n\nTwo bold\n\nLine\nnext",
    );
  });

  it("reads a whole document's body, not its head", () => {
    expect(htmlToText("<html><head><title>Tab title</title></head><body><div>Body text</div></body></html>")).toBe(
      "Body text",
    );
  });

  it("passes plain text through", () => {
    expect(htmlToText("Plain words, 3 < 4.")).toBe("Plain words, 3 < 4.");
    expect(htmlToText("")).toBe("");
  });

  it("survives very deep nesting", () => {
    expect(htmlToText(`${"<div>".repeat(20_000)}deep`)).toBe("deep");
  });
});
