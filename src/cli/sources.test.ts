import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { createFetcher } from "../ingest/fetcher.ts";
import { parseOpml } from "../ingest/opml.ts";
import { type LoopbackServer, startLoopbackServer } from "../ingest/testdata/loopback-server.ts";
import { fixedClock } from "../lib/clock.ts";
import { UserInputError } from "../lib/errors.ts";
import { silentLogger } from "../lib/logger.ts";
import type { OpenedDb } from "../store/db.ts";
import { listSources, markSourceFetched } from "../store/sources.ts";
import type { Output } from "./output.ts";
import { type SourcesApp, sourcesAdd, sourcesExport, sourcesImport, sourcesList } from "./sources.ts";

const NOW = "2026-11-27T12:00:00.000Z";
const fetcher = createFetcher({
  timeoutMs: 2000,
  maxBytes: 1024 * 1024,
  userAgent: "PRISM-test",
  logger: silentLogger,
});
afterAll(() => fetcher.close());

const FEED =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>' +
  "<link>https://gazette.example/</link><item><title>A</title><link>https://gazette.example/a</link></item></channel></rss>";

function capture(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, line: (t) => lines.push(t), error: (t) => errors.push(t) };
}

describe.each(testDialects())("prism sources on $name", ({ open }) => {
  let opened: OpenedDb;
  let app: SourcesApp;
  let server: LoopbackServer;
  let dir: string;
  beforeEach(async () => {
    opened = await open();
    app = { db: opened.db, clock: fixedClock(NOW), fetcher };
    dir = await mkdtemp(path.join(os.tmpdir(), "prism-sources-"));
    server = await startLoopbackServer((req, res) => {
      if (req.url === "/") {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(
          '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head></html>',
        );
      } else if (req.url === "/rss.xml") res.writeHead(200, { "content-type": "application/rss+xml" }).end(FEED);
      else res.writeHead(404).end();
    });
  });
  afterEach(async () => {
    await server.close();
    await opened.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("adds the feed a page announces, named by the feed's title", async () => {
    const out = capture();
    await sourcesAdd(app, out, `${server.url}/`, { allowPrivate: true });
    const [source] = await listSources(opened.db);
    expect(source).toMatchObject({
      name: "Harbour Gazette",
      feed_url: `${server.url}/rss.xml`,
      homepage: "https://gazette.example/",
      allow_private: 1,
    });
    expect(out.lines[0]).toBe(`found the feed ${server.url}/rss.xml on ${server.url}/`);
    // The same page again names a feed already read.
    await expect(sourcesAdd(app, capture(), `${server.url}/`, { allowPrivate: true })).rejects.toThrow(UserInputError);
  });

  it("adds a URL it cannot read now as given, with a warning", async () => {
    const out = capture();
    await sourcesAdd(app, out, `${server.url}/missing.xml`, { allowPrivate: true, name: "Later" });
    expect(out.errors[0]).toContain("warning: could not read");
    expect((await listSources(opened.db)).map((s) => [s.name, s.feed_url])).toEqual([
      ["Later", `${server.url}/missing.xml`],
    ]);
  });

  it("imports an OPML list once: a second import adds nothing", async () => {
    const file = path.join(dir, "list.opml");
    await writeFile(
      file,
      `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
        <outline text="Folder"><outline text="Gazette" xmlUrl="https://gazette.example/rss.xml?utm_source=opml" htmlUrl="https://gazette.example/"/></outline>
        <outline text="Bote" xmlUrl="https://bote.example/index.rdf"/>
      </body></opml>`,
    );
    const first = capture();
    await sourcesImport(app, first, file, {});
    expect(first.lines).toEqual([`imported 2 sources from ${file}`]);
    const second = capture();
    await sourcesImport(app, second, file, {});
    expect(second.lines).toEqual([`imported 0 sources from ${file} (2 already present)`]);
    expect((await listSources(opened.db)).map((s) => s.feed_url)).toEqual([
      "https://bote.example/index.rdf",
      "https://gazette.example/rss.xml",
    ]);
    await expect(sourcesImport(app, capture(), path.join(dir, "none.opml"), {})).rejects.toThrow(UserInputError);
  });

  it("exports the sources as OPML that imports back to the same feeds", async () => {
    const file = path.join(dir, "list.opml");
    await writeFile(
      file,
      '<opml version="2.0"><body><outline text="A &amp; B" xmlUrl="https://a.example/feed" htmlUrl="https://a.example/"/>' +
        '<outline text="C" xmlUrl="https://c.example/atom.xml"/></body></opml>',
    );
    await sourcesImport(app, capture(), file, {});
    const out = capture();
    await sourcesExport(app, out);
    expect(parseOpml(out.lines.join("\n"))).toEqual([
      { title: "A & B", url: "https://a.example/feed", homepage: "https://a.example/" },
      { title: "C", url: "https://c.example/atom.xml", homepage: null },
    ]);
  });

  it("lists each source with its last success, last error and next poll with the reason", async () => {
    await sourcesAdd(app, capture(), `${server.url}/rss.xml`, { allowPrivate: true });
    const [source] = await listSources(opened.db);
    await markSourceFetched(
      opened.db,
      source!.id,
      {
        ok: false,
        error: "HTTP 503 from x",
        nextPollAt: new Date("2026-11-27T14:00:00.000Z"),
        pollReason: "Retry-After 2 h",
      },
      new Date(NOW),
    );
    const out = capture();
    await sourcesList(app, out, {});
    expect(out.lines.join("\n")).toContain(
      "last success: never  next poll: 2026-11-27T14:00:00.000Z (Retry-After 2 h)",
    );
    expect(out.lines.join("\n")).toContain("last error (1x in a row): HTTP 503 from x");
  });
});
