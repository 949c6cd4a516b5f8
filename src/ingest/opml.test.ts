import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UserInputError } from "../lib/errors.ts";
import { parseOpml, renderOpml } from "./opml.ts";

describe("OPML", () => {
  it("imports every feed of a subscription list, folders flattened, in document order", () => {
    const feeds = parseOpml(readFileSync(new URL("./testdata/subscriptions.opml", import.meta.url), "utf8"));
    expect(feeds).toEqual([
      { title: "Harbour Gazette", url: "https://gazette.example/rss.xml", homepage: "https://gazette.example/" },
      { title: "Der Inselbote", url: "https://bote.example/index.rdf", homepage: null },
      { title: "Valley Dispatch", url: "https://dispatch.example/feed.json", homepage: "https://dispatch.example/" },
    ]);
  });

  it("refuses a document that is not OPML", () => {
    expect(() => parseOpml("<html><body>hello</body></html>")).toThrow(UserInputError);
  });

  it("exports sources so that they import again unchanged", () => {
    const sources = [
      {
        name: "Harbour & Co",
        feed_url: "https://gazette.example/rss.xml?a=1&b=2",
        homepage: "https://gazette.example/",
      },
      { name: "Der Inselbote", feed_url: "https://bote.example/index.rdf", homepage: null, language: "de" },
    ];
    const xml = renderOpml(sources);
    expect(xml).toContain("<title>PRISM sources</title>");
    expect(parseOpml(xml)).toEqual([
      { title: "Harbour & Co", url: "https://gazette.example/rss.xml?a=1&b=2", homepage: "https://gazette.example/" },
      { title: "Der Inselbote", url: "https://bote.example/index.rdf", homepage: null },
    ]);
  });
});
