/**
 * Two invented outlets reporting one invented event, with script-injection payloads in their
 * names, item titles, authors and article text (as text, HTML-escaped in the feed the way a
 * publisher would write an article that quotes code). Written as RSS files for the pipeline to
 * read like any other source.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface PlantedOutlet {
  name: string;
  feedUrl: string;
  payloads: string[];
}

const xml = (text: string) => text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
const htmlText = (text: string) =>
  text.replace(/[<>&]/g, (ch) => (ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : "&amp;"));

/**
 * Each outlet writes the event in its own words (two copies of one text would be taken for
 * syndication, and count as one source), with payloads quoted in several sentences.
 */
function paragraphs(index: number, outlet: string, payloads: string[]): string[] {
  const p = (i: number) => payloads[i % payloads.length] ?? "";
  if (index === 0) {
    return [
      `The Fernbay harbour council voted 7 to 2 on Tuesday to build a tidal gate across the harbour mouth, ${outlet} reported.`,
      `Council member Ada Brook said the notice board showed the words ${p(0)} before the vote on the tidal gate began.`,
      `The tidal gate is expected to cost 48 million dollars, according to the harbour council's engineers.`,
      `Fishing crews in Fernbay warned that the tidal gate could block the north channel for several hours each day.`,
      `Harbour master Lena Ostrova said the message ${p(1)} had been sent to the council's inbox on Monday.`,
      `Storm surges have flooded the lower town of Fernbay three times since 2022, the council said.`,
      `The council said construction of the tidal gate could begin in the spring if the state permit arrives.`,
      `A council spokesperson said a web form had received the text ${p(2)} during the public comment period.`,
      `Ada Brook said the harbour council would publish the tidal gate contract before construction bids open.`,
      `The state fund for coastal defences has money left this year, the harbour council's treasurer said.`,
      `The Fernbay harbour council will meet again next month to review the tidal gate design.`,
    ];
  }
  return [
    `Fernbay will get a tidal gate: after a long evening session on Tuesday, councillors backed the plan by 7 votes to 2.`,
    `Engineers working for the harbour council put the price of the Fernbay tidal gate at 48 million dollars.`,
    `During the session, Ada Brook read out a complaint that contained the string ${p(0)} and asked staff to remove it.`,
    `Lower Fernbay has been flooded by storm surges three times since 2022, councillors were reminded.`,
    `Lena Ostrova, the harbour master, told ${outlet} that an email reading ${p(1)} reached the council on Monday.`,
    `Crews who fish out of Fernbay say the tidal gate could shut the north channel for hours at a time.`,
    `According to a council spokesperson, the feedback page logged the entry ${p(2)} before the vote.`,
    `Work on the tidal gate could start in the spring, provided the state grants its permit, the council said.`,
    `The council's treasurer said the state coastal defence fund still has money available this year.`,
    `Fishing crews have asked the Fernbay council for a guaranteed opening schedule for the north channel.`,
    `Councillors will return to the tidal gate design at their meeting next month.`,
  ];
}

/** Writes the two feeds into `dir`; `payloads` are spread over names, titles, authors and text. */
export function writePlantedFeeds(dir: string, payloads: string[], now: Date): PlantedOutlet[] {
  const outlets = [
    { id: "planted-one", name: `Fernbay Gazette ${payloads[0]}`, host: "gazette.example" },
    { id: "planted-two", name: `Harbour Courier ${payloads[1]}`, host: "courier.example" },
  ];
  return outlets.map((o, index) => {
    const own = payloads.filter((_, i) => i % 2 === index);
    const title = `Fernbay council approves tidal gate ${own[3] ?? ""}`;
    const author = `Reporter ${own[4] ?? ""}`;
    const body = paragraphs(index, o.name, own.slice(5))
      .map((para) => `<p>${htmlText(para)}</p>`)
      .join("\n");
    // Raw markup in the content must be stripped as markup, never kept as a live element.
    const content = `${body}\n<p>Raw <script>alert("raw-${index}")</script><img src=x onerror=alert("raw-img-${index}")> markup.</p>`;
    const at = new Date(now.getTime() - (index + 1) * 3_600_000).toUTCString();
    const url = `https://${o.host}/2026/fernbay-tidal-gate`;
    const feed = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${xml(o.name)}</title>
    <link>https://${o.host}/</link>
    <description>${xml(`An invented outlet for the tests ${own[5] ?? ""}`)}</description>
    <item>
      <title>${xml(title)}</title>
      <link>${url}</link>
      <guid isPermaLink="true">${url}</guid>
      <dc:creator>${xml(author)}</dc:creator>
      <pubDate>${at}</pubDate>
      <description>${xml(`The council voted for a tidal gate. ${own[6] ?? ""}`)}</description>
      <content:encoded><![CDATA[${content.replaceAll("]]>", "]]]]><![CDATA[>")}]]></content:encoded>
    </item>
  </channel>
</rss>
`;
    const file = path.join(dir, `${o.id}.xml`);
    writeFileSync(file, feed);
    return { name: o.name, feedUrl: pathToFileURL(file).href, payloads: own };
  });
}
