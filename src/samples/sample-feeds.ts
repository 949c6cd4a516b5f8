/**
 * The bundled sample: fictional outlets (samples/outlets.json) and the articles they wrote
 * (samples/articles/<story>/<outlet>.md). Each outlet's feed is rendered in its own format
 * (RSS 2.0, Atom, RDF or JSON Feed) with publication times relative to `now`, so a fresh
 * install looks live. The feeds are then read like any other source: nothing here writes
 * to the store except through the normal pipeline.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export const FEED_FORMATS = ["rss", "atom", "json", "rdf"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

const outletsSchema = z.object({
  note: z.string(),
  outlets: z.array(
    z.object({
      id: z.string().regex(/^[a-z0-9-]+$/),
      name: z.string().min(1),
      homepage: z.string().url(),
      format: z.enum(FEED_FORMATS),
      language: z.string().min(2),
    }),
  ),
});

export type SampleOutlet = z.infer<typeof outletsSchema>["outlets"][number];

export interface SampleArticle {
  story: string;
  outletId: string;
  title: string;
  author: string;
  /** Hours before `now` (negative in the file, e.g. -31h). */
  hoursAgo: number;
  summary: string;
  paragraphs: string[];
}

function readOutletsFile(samplesDir: string) {
  return outletsSchema.parse(JSON.parse(readFileSync(path.join(samplesDir, "outlets.json"), "utf8")));
}

export function readSampleOutlets(samplesDir: string): SampleOutlet[] {
  return readOutletsFile(samplesDir).outlets;
}

/** The notice every sample feed carries: the outlets are fictional. */
export function readSampleNote(samplesDir: string): string {
  return readOutletsFile(samplesDir).note;
}

/** Parses one article file: a `---` front-matter block of `key: value` lines, then paragraphs. */
export function parseSampleArticle(text: string, story: string, outletId: string): SampleArticle {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text.replace(/\r\n/g, "\n"));
  if (!match) throw new Error(`sample ${story}/${outletId}: missing front matter`);
  const fields = new Map<string, string>();
  for (const line of (match[1] ?? "").split("\n")) {
    const at = line.indexOf(":");
    if (at > 0) fields.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const need = (key: string) => {
    const value = fields.get(key);
    if (!value) throw new Error(`sample ${story}/${outletId}: missing "${key}"`);
    return value;
  };
  const offset = /^-(\d+)h$/.exec(need("published"));
  if (!offset) throw new Error(`sample ${story}/${outletId}: "published" must look like -31h`);
  return {
    story,
    outletId,
    title: need("title"),
    author: need("author"),
    hoursAgo: Number(offset[1]),
    summary: need("summary"),
    paragraphs: (match[2] ?? "")
      .split(/\n\s*\n/)
      .map((p) => p.replace(/\s+/g, " ").trim())
      .filter(Boolean),
  };
}

export function readSampleArticles(samplesDir: string): SampleArticle[] {
  const root = path.join(samplesDir, "articles");
  const articles: SampleArticle[] = [];
  for (const story of readdirSync(root).sort()) {
    const dir = path.join(root, story);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith(".md")) continue;
      articles.push(parseSampleArticle(readFileSync(path.join(dir, file), "utf8"), story, file.slice(0, -3)));
    }
  }
  return articles;
}

export function articleUrl(outlet: SampleOutlet, article: SampleArticle): string {
  return `${outlet.homepage}/news/${article.story}`;
}

export function feedFileName(outlet: SampleOutlet): string {
  const ext = { rss: "rss.xml", atom: "atom.xml", rdf: "rdf.xml", json: "feed.json" }[outlet.format];
  return `${outlet.id}.${ext}`;
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;

const html = (a: SampleArticle) => a.paragraphs.map((p) => `<p>${xml(p)}</p>`).join("\n");

/** Renders an outlet's feed in its format, newest item first. */
export function renderSampleFeed(outlet: SampleOutlet, articles: SampleArticle[], now: Date, note: string): string {
  const items = articles
    .filter((a) => a.outletId === outlet.id)
    .map((a) => ({ a, url: articleUrl(outlet, a), at: new Date(now.getTime() - a.hoursAgo * 3_600_000) }))
    .sort((x, y) => y.at.getTime() - x.at.getTime());
  const updated = items[0]?.at ?? now;
  const description = `${outlet.name} (a fictional outlet). ${note}`;

  switch (outlet.format) {
    case "rss":
      return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${xml(outlet.name)}</title>
    <link>${xml(outlet.homepage)}</link>
    <description>${xml(description)}</description>
    <language>${xml(outlet.language)}</language>
    <lastBuildDate>${updated.toUTCString()}</lastBuildDate>
    <ttl>15</ttl>
${items
  .map(
    ({ a, url, at }) => `    <item>
      <title>${xml(a.title)}</title>
      <link>${xml(url)}</link>
      <guid isPermaLink="true">${xml(url)}</guid>
      <dc:creator>${xml(a.author)}</dc:creator>
      <pubDate>${at.toUTCString()}</pubDate>
      <description>${xml(a.summary)}</description>
      <content:encoded>${cdata(html(a))}</content:encoded>
    </item>`,
  )
  .join("\n")}
  </channel>
</rss>
`;
    case "atom":
      return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(outlet.language)}">
  <id>${xml(`${outlet.homepage}/`)}</id>
  <title>${xml(outlet.name)}</title>
  <subtitle>${xml(description)}</subtitle>
  <link rel="alternate" href="${xml(outlet.homepage)}"/>
  <updated>${updated.toISOString()}</updated>
${items
  .map(
    ({ a, url, at }) => `  <entry>
    <id>${xml(url)}</id>
    <title>${xml(a.title)}</title>
    <link rel="alternate" href="${xml(url)}"/>
    <author><name>${xml(a.author)}</name></author>
    <published>${at.toISOString()}</published>
    <updated>${at.toISOString()}</updated>
    <summary>${xml(a.summary)}</summary>
    <content type="html">${xml(html(a))}</content>
  </entry>`,
  )
  .join("\n")}
</feed>
`;
    case "rdf":
      return `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel rdf:about="${xml(outlet.homepage)}">
    <title>${xml(outlet.name)}</title>
    <link>${xml(outlet.homepage)}</link>
    <description>${xml(description)}</description>
    <dc:language>${xml(outlet.language)}</dc:language>
    <items><rdf:Seq>
${items.map(({ url }) => `      <rdf:li rdf:resource="${xml(url)}"/>`).join("\n")}
    </rdf:Seq></items>
  </channel>
${items
  .map(
    ({ a, url, at }) => `  <item rdf:about="${xml(url)}">
    <title>${xml(a.title)}</title>
    <link>${xml(url)}</link>
    <description>${xml(a.summary)}</description>
    <dc:creator>${xml(a.author)}</dc:creator>
    <dc:date>${at.toISOString()}</dc:date>
    <content:encoded>${cdata(html(a))}</content:encoded>
  </item>`,
  )
  .join("\n")}
</rdf:RDF>
`;
    case "json":
      return `${JSON.stringify(
        {
          version: "https://jsonfeed.org/version/1.1",
          title: outlet.name,
          home_page_url: outlet.homepage,
          description,
          language: outlet.language,
          items: items.map(({ a, url, at }) => ({
            id: url,
            url,
            title: a.title,
            summary: a.summary,
            content_html: html(a),
            date_published: at.toISOString(),
            authors: [{ name: a.author }],
          })),
        },
        null,
        2,
      )}\n`;
  }
}
