import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FeedParseError, isoDate, parseFeed } from "./parse-feed.ts";

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), "utf8");

describe("parseFeed", () => {
  it("reads an RSS 2.0 feed: content, authors, relative links and dates with zone names", () => {
    const feed = parseFeed(fixture("rss2.xml"), "https://gazette.example/rss.xml");
    expect(feed).toMatchObject({ title: "Harbour Gazette", homepage: "https://gazette.example/", language: "en" });
    expect(feed.items).toHaveLength(3);
    const [ferry, lighthouse, letters] = feed.items;
    expect(ferry).toEqual({
      guid: "gazette-1041",
      url: "https://gazette.example/news/ferry-timetable?utm_source=rss",
      title: "Ferry timetable changes & what they mean",
      author: "Mira Holm",
      summary: "The winter timetable cuts two evening crossings.",
      contentHtml: expect.stringContaining("<p>Commuters said the change would add an hour to their trips.</p>"),
      publishedAt: "2026-11-24T09:30:00.000Z",
      language: null,
    });
    // A permalink guid stands in for a missing <link>.
    expect(lighthouse?.url).toBe("https://gazette.example/news/lighthouse");
    expect(lighthouse?.publishedAt).toBe("2026-11-23T16:05:00.000Z");
    // No link and no guid: the item keeps a stable id made from its content.
    expect(letters?.url).toBeNull();
    expect(letters?.guid).toMatch(/^sha256:[0-9a-f]{40}$/);
    expect(parseFeed(fixture("rss2.xml"), "https://gazette.example/rss.xml").items[2]?.guid).toBe(letters?.guid);
  });

  it("reads an Atom feed: HTML titles as text, the alternate link, text content as paragraphs", () => {
    const feed = parseFeed(fixture("atom.xml"), "https://veilleur.example/atom.xml");
    expect(feed).toMatchObject({ title: "Le Veilleur", homepage: "https://veilleur.example/", language: "fr" });
    const [budget, bridge] = feed.items;
    expect(budget).toMatchObject({
      guid: "tag:veilleur.example,2026:budget",
      url: "https://veilleur.example/2026/11/budget#top",
      title: "La mairie vote le budget",
      author: "Claire Besson",
      summary: "Le conseil a adopté le budget après un long débat.",
      publishedAt: "2026-11-24T07:15:00.000Z",
    });
    expect(budget?.contentHtml).toContain("<p>L'opposition a voté contre.</p>");
    // Without <published>, <updated> dates the entry; text content is escaped, not interpreted.
    expect(bridge?.publishedAt).toBe("2026-11-23T18:00:00.000Z");
    expect(bridge?.contentHtml).toBe("<p>Le pont sera fermé deux semaines.</p><p>Une déviation est prévue.</p>");
  });

  it("reads an RDF (RSS 1.0) feed with Dublin Core dates and creators", () => {
    const feed = parseFeed(fixture("rdf.xml"), "https://bote.example/index.rdf");
    expect(feed).toMatchObject({ title: "Der Inselbote", language: "de" });
    expect(feed.items).toEqual([
      {
        guid: "https://bote.example/artikel/hafen",
        url: "https://bote.example/artikel/hafen",
        title: "Hafen wird erweitert",
        author: "Jonas Petersen",
        summary: "Der Gemeinderat hat den Ausbau des Hafens beschlossen.",
        contentHtml: null,
        publishedAt: "2026-11-22T13:00:00.000Z",
        language: null,
      },
    ]);
  });

  it("reads a JSON Feed with HTML and text content and per-item languages", () => {
    const feed = parseFeed(fixture("feed.json"), "https://dispatch.example/feed.json");
    expect(feed).toMatchObject({ title: "Valley Dispatch", homepage: "https://dispatch.example/", language: "en" });
    const [water, school] = feed.items;
    expect(water).toMatchObject({
      guid: "2026-11-24-water",
      author: "Sam Ortiz",
      contentHtml: "<p>The utility board approved a 6% increase.</p>",
      publishedAt: "2026-11-24T12:00:00.000Z",
    });
    expect(school).toMatchObject({ author: "Dispatch Desk", language: "es", publishedAt: "2026-11-23T15:00:00.000Z" });
    expect(school?.contentHtml).toBe(
      "<p>Pupils moved into the new building.</p><p>The old one will become a library.</p>",
    );
  });

  it("explains malformed XML, HTML pages and empty answers", () => {
    const error = (text: string) => {
      try {
        parseFeed(text, "https://gazette.example/rss.xml");
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const malformed = error(fixture("malformed.xml"));
    expect(malformed).toBeInstanceOf(FeedParseError);
    expect((malformed as Error).message).toMatch(/^https:\/\/gazette\.example\/rss\.xml is not well-formed XML: .+/);
    expect((error(fixture("page.html")) as Error).message).toContain("returned an HTML page, not a feed");
    expect((error("") as Error).message).toContain("empty document");
    expect(error('{"hello": "world"}')).toBeInstanceOf(FeedParseError);
  });
});

describe("parseFeed on imperfect feeds", () => {
  const url = "https://gazette.example/rss.xml";

  it("reads a well-formed feed without items as an empty feed, not as an error", () => {
    expect(parseFeed('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', url)).toMatchObject({
      title: null,
      items: [],
    });
    expect(parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', url).items).toEqual([]);
  });

  it("recovers the items of a feed with broken markup, and says it read it loosely", () => {
    const broken =
      '<rss version="2.0"><channel><title>Gazette</title><language>en</langauge>' +
      "<item><title>Ferry cancelled</title><link>https://gazette.example/a</link><guid>a</guid></item>" +
      "<item><title>Bridge open</title><link>https://gazette.example/b</link><guid>b</guid></item>" +
      "</channel></rss>";
    const feed = parseFeed(broken, url);
    expect(feed.loose).toBe(true);
    expect(feed.title).toBe("Gazette");
    expect(feed.items.map((i) => [i.guid, i.url])).toEqual([
      ["a", "https://gazette.example/a"],
      ["b", "https://gazette.example/b"],
    ]);
  });

  it("leaves out the last item of a feed cut off mid-item, and refuses a cut-off feed with nothing left", () => {
    const cut =
      '<rss version="2.0"><channel><title>Gazette</title>' +
      "<item><title>Whole</title><link>https://gazette.example/whole</link></item>" +
      "<item><title>Half</title><link>https://gazette.exa";
    expect(parseFeed(cut, url).items.map((i) => i.title)).toEqual(["Whole"]);
    expect(() => parseFeed('<rss version="2.0"><channel><title>Gazette</title><item><title>Ha', url)).toThrow(
      FeedParseError,
    );
  });

  it("reads the feed's ttl, decodes base64 Atom text, and drops control characters", () => {
    const rss = parseFeed(
      '<rss version="2.0"><channel><title>T</title><ttl>90</ttl><item><title>ab\u0008cd</title><link>https://a.example/</link></item></channel></rss>',
      url,
    );
    expect(rss.ttlMinutes).toBe(90);
    expect(rss.items[0]?.title).toBe("abcd");
    const atom = parseFeed(
      '<feed xmlns="http://www.w3.org/2005/Atom"><title type="application/octet-stream">RmVlZCBUaXRsZQ==</title>' +
        "<entry><id>x</id><title>E</title><author><email>desk@example.org</email></author></entry></feed>",
      url,
    );
    expect(atom.title).toBe("Feed Title");
    expect(atom.items[0]?.author).toBe("desk@example.org");
  });
});

describe("isoDate", () => {
  it("reads RFC 822, RFC 3339 and zone names, and rejects nonsense", () => {
    expect(isoDate("Wed, 25 Nov 2026 08:00:00 GMT")).toBe("2026-11-25T08:00:00.000Z");
    expect(isoDate("Wed, 25 Nov 2026 17:00:00 KST")).toBe("2026-11-25T08:00:00.000Z");
    expect(isoDate("2026-11-25T09:00:00+01:00")).toBe("2026-11-25T08:00:00.000Z");
    expect(isoDate("yesterday")).toBeNull();
    expect(isoDate("0000-00-00")).toBeNull();
    expect(isoDate("")).toBeNull();
  });
});
