import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { fixedClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import { findArticleByItem, getArticle } from "../store/articles.ts";
import type { OpenedDb } from "../store/db.ts";
import { getItem, type ItemInput, insertItem } from "../store/items.ts";
import { insertSource, type SourceInput } from "../store/sources.ts";
import { extractArticle } from "./extract-article.ts";
import { createFetcher } from "./fetcher.ts";
import type { IngestDeps } from "./ingest-deps.ts";
import { type LoopbackServer, startLoopbackServer } from "./testdata/loopback-server.ts";
import { testIngestConfig } from "./testdata/test-config.ts";

const NOW = "2026-11-27T12:00:00.000Z";
const config = testIngestConfig();
const fetcher = createFetcher({
  timeoutMs: 2000,
  maxBytes: 1024 * 1024,
  userAgent: "PRISM-test",
  logger: silentLogger,
});
afterAll(() => fetcher.close());

const PAGE = readFileSync(new URL("./testdata/article-page.html", import.meta.url), "utf8");

const withCanonical = (href: string) => PAGE.replace("</head>", `<link rel="canonical" href="${href}"></head>`);

/** A wire story of about 170 words, and the same story as another outlet runs it. */
const WIRE = [
  "Rescue teams in the northern province worked through the night on Tuesday to reach villages cut off by a landslide that buried a long stretch of the main road.",
  "The provincial governor said at least fourteen people were missing and that two army helicopters had been sent to carry food, water and medicine to the stranded families.",
  "Heavy rain is forecast to continue until the weekend, and the national weather service warned that more slopes in the valley could give way without warning.",
  "Engineers expect the road to stay closed for at least ten days while crews clear the debris and check the bridges downstream for damage.",
  "Residents of the valley said the hillside had been cracking for weeks and that they had asked the authorities to inspect it after the first storms of the season.",
  "The governor promised an inquiry into the warnings once the search was over, and said families who had lost their homes would be housed in schools in the provincial capital.",
].join(" ");
const WIRE_COPY = `From our correspondent. ${WIRE.replace("fourteen", "14")} Additional reporting by the news desk.`;
const LOCAL_STORY =
  "The city council approved a plan on Monday to turn the old tram depot into a public library and a community hall with space for local clubs. " +
  "Construction is due to start next spring, and the council expects the building to open its doors to readers in the autumn of the following year. " +
  "Residents who attended the meeting asked for longer opening hours and a reading room for children, which the architects said they would include. " +
  "The depot has stood empty since the last trams were withdrawn more than twenty years ago, and several earlier plans to sell it to developers collapsed. " +
  "The library will also house the city archive, which is currently stored in a basement that flooded twice in the past decade, damaging old maps and registers. " +
  "Council members from every party voted for the plan, although some asked how the running costs would be paid once the building opened.";

const ENGLISH_SENTENCES = [
  "The regional parliament voted on Thursday to extend the night train service to the northern coast.",
  "Supporters said that the trains would take thousands of cars off the roads during the summer season.",
  "The transport minister told members that the first trains would run in the spring if the rolling stock arrived on time.",
  "Critics of the plan argued that the money would be better spent on repairing the existing lines, which have been closed for weeks at a time.",
  "The rail operator has promised to publish a timetable before the end of the year.",
];
/** About 150 words of English in paragraphs. */
const LONG_ENGLISH = `<p>${ENGLISH_SENTENCES.join(" ")}</p><p>${ENGLISH_SENTENCES.join(" ")}</p>`;

const GERMAN =
  "<p>Der Landtag hat am Donnerstag beschlossen, den Nachtzug bis an die Nordküste zu verlängern. " +
  "Die Befürworter sagen, dass die Züge im Sommer viele Autos von den Straßen holen werden. " +
  "Der Minister sagte, dass die ersten Züge im Frühjahr fahren sollen, wenn die Wagen rechtzeitig geliefert werden. " +
  "Kritiker meinen, das Geld sei bei der Reparatur der bestehenden Strecken besser angelegt.</p>";

describe.each(testDialects())("extractArticle on $name", ({ open }) => {
  let opened: OpenedDb;
  let deps: IngestDeps;
  let server: LoopbackServer;

  beforeEach(async () => {
    opened = await open();
    deps = { db: opened.db, clock: fixedClock(NOW), logger: silentLogger, fetcher, config };
    server = await startLoopbackServer((req, res) => {
      if (req.url === "/news/bridge") res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
      else if (req.url === "/news/bridge?from=rss")
        res.writeHead(200, { "content-type": "text/html" }).end(withCanonical("/news/bridge-reopens"));
      else if (req.url === "/news/bridge-copy")
        res.writeHead(200, { "content-type": "text/html" }).end(withCanonical("https://gazette.example/news/bridge"));
      else if (req.url === "/news/front-canonical")
        res.writeHead(200, { "content-type": "text/html" }).end(withCanonical("/"));
      else res.writeHead(404).end("not here");
    });
  });
  afterEach(async () => {
    await server.close();
    await opened.close();
  });

  let counter = 0;
  async function source(fields: Partial<SourceInput> = {}): Promise<number> {
    counter++;
    const input: SourceInput = {
      name: `Outlet ${counter}`,
      feedUrl: `${server.url}/feed-${counter}.xml`,
      language: "en",
      allowPrivate: true,
      ...fields,
    };
    return (await insertSource(opened.db, input, new Date(NOW))).id;
  }
  async function item(sourceId: number, fields: Partial<ItemInput> = {}): Promise<number> {
    counter++;
    const row = await insertItem(
      opened.db,
      {
        sourceId,
        guid: `guid-${counter}`,
        url: `${server.url}/news/item-${counter}`,
        title: "Night trains to reach the coast",
        author: "Ana Ruiz",
        summary: "The night train service will be extended.",
        publishedAt: "2026-11-27T06:00:00.000Z",
        status: "stored",
        ...fields,
      },
      new Date(NOW),
    );
    return row!.id;
  }
  const jobs = () => opened.db.selectFrom("jobs").selectAll().orderBy("id").execute();

  it("stores the feed's full content as plain text and enqueues cluster-article in the same step", async () => {
    const itemId = await item(await source(), { contentHtml: LONG_ENGLISH });

    const result = await extractArticle(deps, itemId);

    expect(result).toEqual({ itemId, status: "stored", articleId: expect.any(Number) });
    const article = await getArticle(opened.db, result.articleId!);
    expect(article).toMatchObject({
      item_id: itemId,
      title: "Night trains to reach the coast",
      author: "Ana Ruiz",
      language: "en",
      is_abstract: 0,
      published_at: "2026-11-27T06:00:00.000Z",
      created_at: NOW,
    });
    expect(article.text.split("\n\n")).toHaveLength(2);
    expect(article.word_count).toBeGreaterThan(120);
    expect((await jobs()).map((j) => [j.name, JSON.parse(j.payload)])).toEqual([
      ["cluster-article", { articleId: article.id }],
    ]);
    // The page was not needed.
    expect(server.requests).toHaveLength(0);
  });

  it("fetches the page when the feed gives only a teaser, and keeps the article text without navigation", async () => {
    const itemId = await item(await source(), {
      url: `${server.url}/news/bridge`,
      summary: "The bridge is open again.",
    });

    const result = await extractArticle(deps, itemId);

    const article = await getArticle(opened.db, result.articleId!);
    expect(article.text).toContain("The harbour bridge reopened to traffic on Friday morning");
    expect(article.text).toContain("Traffic is expected to return to normal levels");
    expect(article.text).not.toContain("Weather");
    expect(article.text).not.toContain("window.analytics");
    expect(article.is_abstract).toBe(0);
    expect(server.requests[0]?.headers.accept).toContain("text/html");
  });

  it("falls back to the summary when the page cannot be fetched", async () => {
    const itemId = await item(await source(), {
      url: `${server.url}/news/missing`,
      summary: "The night train service will be extended to the coast, the parliament decided.",
    });

    const result = await extractArticle(deps, itemId);

    const article = await getArticle(opened.db, result.articleId!);
    expect(article.text).toBe("The night train service will be extended to the coast, the parliament decided.");
    expect(article.is_abstract).toBe(1);
  });

  it("stores only the title and summary for an abstract-licence source, and never fetches its pages", async () => {
    const sourceId = await source({ licenceMode: "abstract" });
    const itemId = await item(sourceId, {
      url: `${server.url}/news/bridge`,
      contentHtml: LONG_ENGLISH,
      summary: "The bridge is open again.",
    });

    const result = await extractArticle(deps, itemId);

    const article = await getArticle(opened.db, result.articleId!);
    expect(article).toMatchObject({ text: "The bridge is open again.", is_abstract: 1 });
    expect(server.requests).toHaveLength(0);
  });

  it("detects the language when neither the item nor its source names one", async () => {
    const itemId = await item(await source({ language: null }), {
      title: "Nachtzug fährt bald an die Küste",
      contentHtml: GERMAN,
      url: `${server.url}/news/missing`,
    });
    const result = await extractArticle(deps, itemId);
    expect((await getArticle(opened.db, result.articleId!)).language).toBe("de");
  });

  it("prefers the item's own language to its source's", async () => {
    const itemId = await item(await source({ language: "en" }), { language: "de-AT", contentHtml: LONG_ENGLISH });
    const result = await extractArticle(deps, itemId);
    expect((await getArticle(opened.db, result.articleId!)).language).toBe("de");
  });

  it("drops an article whose language cannot be determined ('unknown-language')", async () => {
    const gibberish = Array.from({ length: 150 }, (_, i) => `zq${i.toString(36)}x`).join(" ");
    const itemId = await item(await source({ language: null }), {
      title: "Xq-77 zr",
      contentHtml: `<p>${gibberish}</p>`,
    });

    const result = await extractArticle(deps, itemId);

    expect(result).toEqual({ itemId, status: "dropped", reason: "unknown-language" });
    expect(await getItem(opened.db, itemId)).toMatchObject({ status: "dropped", drop_reason: "unknown-language" });
    expect(await findArticleByItem(opened.db, itemId)).toBeUndefined();
    expect(await jobs()).toHaveLength(0);
  });

  it("drops an item whose canonical URL already has an article ('already-stored')", async () => {
    const url = "https://outlet.example/news/shared-story";
    const first = await item(await source(), { url, contentHtml: LONG_ENGLISH });
    const second = await item(await source(), { url, contentHtml: LONG_ENGLISH });

    expect((await extractArticle(deps, first)).status).toBe("stored");
    expect(await extractArticle(deps, second)).toEqual({ itemId: second, status: "dropped", reason: "already-stored" });
    expect(await getItem(opened.db, second)).toMatchObject({ status: "dropped", drop_reason: "already-stored" });
  });

  it("is harmless to run twice: the second run returns the stored article and enqueues nothing", async () => {
    const itemId = await item(await source(), { contentHtml: LONG_ENGLISH });
    const first = await extractArticle(deps, itemId);
    const second = await extractArticle(deps, itemId);
    expect(second).toEqual(first);
    expect(await jobs()).toHaveLength(1);
  });

  it("takes the page's canonical URL when it names the same site, and drops the item if that URL is stored", async () => {
    const itemId = await item(await source(), { url: `${server.url}/news/bridge?from=rss`, summary: "Short." });
    const result = await extractArticle(deps, itemId);
    expect((await getArticle(opened.db, result.articleId!)).url).toBe(`${server.url}/news/bridge-reopens`);

    const again = await item(await source(), { url: `${server.url}/news/bridge?from=rss`, summary: "Short." });
    expect(await extractArticle(deps, again)).toEqual({ itemId: again, status: "dropped", reason: "already-stored" });
  });

  it("keeps its own URL when the canonical URL points at another site or at the front page", async () => {
    const elsewhere = await item(await source(), { url: `${server.url}/news/bridge-copy`, summary: "Short." });
    const front = await item(await source(), { url: `${server.url}/news/front-canonical`, summary: "Short." });
    expect((await getArticle(opened.db, (await extractArticle(deps, elsewhere)).articleId!)).url).toBe(
      `${server.url}/news/bridge-copy`,
    );
    expect((await getArticle(opened.db, (await extractArticle(deps, front)).articleId!)).url).toBe(
      `${server.url}/news/front-canonical`,
    );
  });

  it("stores a syndicated copy from another outlet linked to the first copy, and still clusters it", async () => {
    const original = await extractArticle(deps, await item(await source(), { contentHtml: `<p>${WIRE}</p>` }));
    const copy = await extractArticle(deps, await item(await source(), { contentHtml: `<p>${WIRE_COPY}</p>` }));

    expect(original.duplicateOf).toBeUndefined();
    expect(copy).toEqual({
      itemId: copy.itemId,
      status: "stored",
      articleId: expect.any(Number),
      duplicateOf: original.articleId,
    });
    const stored = await getArticle(opened.db, copy.articleId!);
    expect(stored.duplicate_of).toBe(original.articleId);
    expect(stored.duplicate_similarity).toBeGreaterThanOrEqual(0.8);
    expect((await getArticle(opened.db, original.articleId!)).duplicate_of).toBeNull();
    expect((await jobs()).map((j) => JSON.parse(j.payload).articleId)).toEqual([original.articleId, copy.articleId]);
  });

  it("links every further copy to the first copy, never to another copy", async () => {
    const first = await extractArticle(deps, await item(await source(), { contentHtml: `<p>${WIRE}</p>` }));
    const second = await extractArticle(deps, await item(await source(), { contentHtml: `<p>${WIRE_COPY}</p>` }));
    const third = await extractArticle(
      deps,
      await item(await source(), { contentHtml: `<p>${WIRE_COPY.replace("news desk", "evening desk")}</p>` }),
    );
    expect(second.duplicateOf).toBe(first.articleId);
    expect(third.duplicateOf).toBe(first.articleId);
  });

  it("does not link different stories, the same outlet's own texts, or copies far apart in time", async () => {
    const wireSource = await source();
    const first = await extractArticle(deps, await item(wireSource, { contentHtml: `<p>${WIRE}</p>` }));
    const unrelated = await extractArticle(deps, await item(await source(), { contentHtml: `<p>${LOCAL_STORY}</p>` }));
    const sameOutlet = await extractArticle(deps, await item(wireSource, { contentHtml: `<p>${WIRE_COPY}</p>` }));
    const monthLater = await extractArticle(
      deps,
      await item(await source(), { contentHtml: `<p>${WIRE_COPY}</p>`, publishedAt: "2026-10-20T06:00:00.000Z" }),
    );
    expect(first.status).toBe("stored");
    for (const result of [unrelated, sameOutlet, monthLater]) {
      expect(result.status).toBe("stored");
      expect(result.duplicateOf).toBeUndefined();
    }
  });
});
