/**
 * Property tests: whatever the web sends, parsing and URL cleaning answer with a value or with
 * PRISM's own error type, never with another exception, and never hang (vitest's timeout fails
 * a run that does). Inputs are random text, random bytes, and documents built from the parts
 * real feeds are made of, cut off at random points.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalUrl } from "./canonical-url.ts";
import { discoverFeeds } from "./discover-feed.ts";
import { extractPage } from "./extract-page.ts";
import { decodeBody } from "./fetcher.ts";
import { htmlToText } from "./html-to-text.ts";
import { FeedParseError, type ParsedFeed, parseFeed } from "./parse-feed.ts";

const RUNS = { numRuns: 300 };

/** Runs parseFeed; returns the feed, or undefined when it threw FeedParseError (anything else fails the test). */
function parseOrRefuse(text: string): ParsedFeed | undefined {
  try {
    return parseFeed(text, "https://outlet.example/feed.xml");
  } catch (error) {
    if (error instanceof FeedParseError) return undefined;
    throw error;
  }
}

function checkShape(feed: ParsedFeed): void {
  for (const item of feed.items) {
    expect(typeof item.guid).toBe("string");
    expect(item.guid.length).toBeGreaterThan(0);
    if (item.publishedAt !== null) expect(new Date(item.publishedAt).toISOString()).toBe(item.publishedAt);
    for (const field of [item.url, item.title, item.summary, item.author, item.contentHtml, item.language]) {
      expect(field === null || typeof field === "string").toBe(true);
    }
  }
}

// Parts of real feeds: element names of RSS, Atom, RDF and their extensions, with odd text.
const NAMES = [
  "rss",
  "channel",
  "item",
  "title",
  "link",
  "guid",
  "pubDate",
  "description",
  "feed",
  "entry",
  "id",
  "updated",
  "published",
  "summary",
  "content",
  "author",
  "name",
  "rdf:RDF",
  "dc:date",
  "dc:creator",
  "content:encoded",
  "ttl",
  "language",
  "atom:link",
];
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    "&amp;",
    "&lt;b&gt;x&lt;/b&gt;",
    "&nbsp;",
    "&#0;",
    "&#xD800;",
    "&unknown;",
    "<![CDATA[<p>x</p>]]>",
    "Tue, 31 Feb 2026 25:61:00 XYZ",
    "0000-00-00",
    "javascript:alert(1)",
    "http://[::1",
    "\u0000",
    "\uFFFF",
  ),
);
const attrs = fc
  .array(fc.tuple(fc.constantFrom("href", "rel", "type", "version", "isPermaLink", "xml:lang", "xmlns", "src"), text), {
    maxLength: 3,
  })
  .map((list) => list.map(([k, v]) => ` ${k}="${v.replace(/"/g, "&quot;")}"`).join(""));
const element: fc.Memo<string> = fc.memo((depth) =>
  fc
    .tuple(
      fc.constantFrom(...NAMES),
      attrs,
      depth > 1 ? fc.array(element(depth - 1), { maxLength: 4 }) : fc.constant([]),
      text,
    )
    .map(([name, a, children, t]) => `<${name}${a}>${t}${children.join("")}</${name}>`),
);
const feedDocument = fc
  .tuple(
    fc.constantFrom("", '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0"?>\n<!DOCTYPE rss>'),
    fc.constantFrom(
      ['<rss version="2.0"><channel>', "</channel></rss>"],
      ['<feed xmlns="http://www.w3.org/2005/Atom">', "</feed>"],
      [
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">',
        "</rdf:RDF>",
      ],
      ["", ""],
    ),
    fc.array(element(4), { maxLength: 6 }),
    fc.option(fc.nat(), { nil: undefined }),
  )
  .map(([declaration, [open, close], body, cut]) => {
    const doc = `${declaration}${open}${body.join("")}${close}`;
    // Truncated at a random point, as a dropped connection leaves it.
    return cut === undefined ? doc : doc.slice(0, cut % (doc.length + 1));
  });

const jsonFeed = fc
  .record(
    {
      version: fc.constantFrom("https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1", "2"),
      title: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      items: fc.oneof(
        fc.array(
          fc.record(
            {
              id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
              url: fc.oneof(fc.webUrl(), fc.string(), fc.constant(null)),
              title: fc.oneof(fc.string(), fc.array(fc.string())),
              content_html: fc.string(),
              date_published: fc.oneof(
                fc.string(),
                fc.date().map((d) => (Number.isNaN(d.getTime()) ? "" : d.toISOString())),
              ),
              authors: fc.oneof(fc.array(fc.record({ name: fc.string() })), fc.string()),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 5 },
        ),
        fc.string(),
        fc.constant(null),
      ),
    },
    { requiredKeys: ["version"] },
  )
  .map((feed) => JSON.stringify(feed));

describe("parseFeed on anything", () => {
  it("answers random text with a feed or a FeedParseError", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 500 }), (input) => {
        const feed = parseOrRefuse(input);
        if (feed) checkShape(feed);
      }),
      RUNS,
    );
  });

  it("answers feed-like XML, whole or cut short, with a feed or a FeedParseError", () => {
    fc.assert(
      fc.property(feedDocument, (input) => {
        const feed = parseOrRefuse(input);
        if (feed) checkShape(feed);
      }),
      RUNS,
    );
  });

  it("answers JSON Feed-like documents of any shape with a feed or a FeedParseError", () => {
    fc.assert(
      fc.property(fc.oneof(jsonFeed, fc.json()), (input) => {
        const feed = parseOrRefuse(input);
        if (feed) checkShape(feed);
      }),
      RUNS,
    );
  });

  it("survives entity expansion bombs and deep nesting without blowing up", () => {
    const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join("");
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">${levels}]><rss version="2.0"><channel><title>&l9;</title></channel></rss>`;
    const feed = parseOrRefuse(bomb);
    expect((feed?.title ?? "").length).toBeLessThan(10_000);
    const deep = `<rss version="2.0"><channel><item><title>${"<b>".repeat(20_000)}x</title></item></channel></rss>`;
    const nested = parseOrRefuse(deep);
    if (nested) checkShape(nested);
  });
});

const TRACKING = ["utm_source", "utm_medium", "fbclid", "gclid", "mc_cid"];

describe("canonicalUrl on anything", () => {
  it("never throws on random text, and whatever it returns is an http(s) URL", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.option(fc.webUrl(), { nil: undefined }), (raw, base) => {
        const url = canonicalUrl(raw, base);
        if (url !== undefined) expect(new URL(url).protocol).toMatch(/^https?:$/);
      }),
      RUNS,
    );
  });

  it("strips tracking parameters and fragments, and is idempotent", () => {
    const withTracking = fc
      .tuple(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        fc.array(fc.tuple(fc.constantFrom(...TRACKING), fc.string({ maxLength: 10 })), { maxLength: 3 }),
      )
      .map(([url, extra]) => {
        const u = new URL(url);
        for (const [k, v] of extra) u.searchParams.append(k, v);
        return u.href;
      });
    fc.assert(
      fc.property(withTracking, (raw) => {
        const url = canonicalUrl(raw);
        if (url === undefined) return;
        const parsed = new URL(url);
        expect(parsed.hash).toBe("");
        for (const name of parsed.searchParams.keys()) expect(TRACKING).not.toContain(name.toLowerCase());
        expect(canonicalUrl(url)).toBe(url);
      }),
      RUNS,
    );
  });
});

describe("decoding and HTML on anything", () => {
  const contentType = fc.option(
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom("text/xml; charset=utf-8", "text/html; charset=windows-1252", "application/xml; charset=bogus"),
    ),
    { nil: null },
  );

  it("decodes any bytes under any declared charset to a string", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), contentType, (bytes, type) => {
        expect(typeof decodeBody(bytes, type)).toBe("string");
      }),
      RUNS,
    );
  });

  it("turns any markup into text, finds feed links and extracts pages without throwing", () => {
    const markup = fc.oneof(
      fc.string({ maxLength: 300 }),
      element(4).map(
        (e) =>
          `<html><head><link rel="alternate canonical" type="application/rss+xml" href="/f">${e}</head><body>${e}</body></html>`,
      ),
    );
    fc.assert(
      fc.property(markup, (html) => {
        expect(typeof htmlToText(html)).toBe("string");
        expect(Array.isArray(discoverFeeds(html, "https://outlet.example/"))).toBe(true);
        expect(typeof extractPage(html, "https://outlet.example/a").text).toBe("string");
      }),
      { numRuns: 150 },
    );
  });
});
