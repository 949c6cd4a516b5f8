import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { analysisDraftSchema, listClaims } from "../../domain/analysis.ts";
import { fixtureBody, fixtureVerification } from "../testdata/analysis-fixture.ts";
import { renderAnalysisBody } from "./analysis-body.tsx";

const body = fixtureBody();
const render = (b = body, failed: string[] = []) =>
  parseHTML(`<div id="root">${renderAnalysisBody(b, fixtureVerification(b, failed))}</div>`).document;

describe("renderAnalysisBody", () => {
  it("renders a fixture that the analysis schema accepts", () => {
    expect(analysisDraftSchema.safeParse(body).success).toBe(true);
  });

  it("gives each section an h2 and follows every claim with one marker per citation", () => {
    const doc = render();
    expect([...doc.querySelectorAll("section.section > h2")].map((h) => h.textContent)).toEqual(
      body.sections.map((s) => s.heading),
    );
    const markers = [...doc.querySelectorAll("sup > a")];
    const citations = listClaims(body).flatMap(({ claim }) => claim.citations);
    // Each marker opens its passage, which links on to the cited source; the outlook reorders
    // scenarios, so compare as multisets.
    const sourceOf = (a: (typeof markers)[number]) =>
      doc
        .querySelector(a.getAttribute("href") ?? "")
        ?.querySelector('a[href^="#source-"]')
        ?.getAttribute("href");
    expect(markers.map(sourceOf).sort()).toEqual(citations.map((c) => `#source-${c.source}`).sort());
    expect(markers.map((a) => a.textContent).sort()).toEqual(citations.map((c) => `[${c.source}]`).sort());
    expect(markers[0]?.getAttribute("aria-label")).toBe("Source 1: the supporting passage");
  });

  it("opens each marker's supporting passage without JavaScript, and links back to the claim", () => {
    const doc = render();
    const marker = doc.querySelector(".section-hook sup > a")!;
    const passage = doc.querySelector(marker.getAttribute("href")!)!;
    expect(passage.tagName).toBe("LI");
    expect(passage.querySelector("blockquote")?.textContent).toBe(
      "The council voted 7 to 2 shortly after midnight to build the tidal gate.",
    );
    expect(passage.querySelector('a[href="#source-1"]')?.textContent).toBe("[1] Fernbay Ledger");
    const back = passage.querySelector('a[href^="#cite-"]')!.getAttribute("href")!;
    expect(doc.querySelector(back)?.contains(marker)).toBe(true);
    expect(doc.querySelectorAll("script")).toHaveLength(0);
    // A passage cited by two claims is listed once.
    const hrefs = [...doc.querySelectorAll("sup > a")].map((a) => a.getAttribute("href"));
    expect(doc.querySelectorAll(".passages li")).toHaveLength(new Set(hrefs).size);
  });

  it("puts the supporting passage in the marker's title, escaped", () => {
    const html = renderAnalysisBody(body, fixtureVerification(body));
    expect(html).toContain(
      'title="Engineers put the cost at &quot;$48 million&quot; &lt;before overruns&gt; &amp; fees."',
    );
    const long = fixtureBody({
      sections: [
        body.sections[0]!,
        {
          ...body.sections[1]!,
          paragraphs: [{ claims: [{ text: "Long one.", citations: [{ source: 1, passage: "word ".repeat(200) }] }] }],
        },
      ],
    });
    const title = render(long).querySelector(".section-background sup a")?.getAttribute("title") ?? "";
    expect(title.length).toBeLessThanOrEqual(280);
    expect(title.endsWith("…")).toBe(true);
  });

  it("escapes text that looks like HTML", () => {
    const hostile = fixtureBody({
      headline: "Headline with <i>tags</i> inside",
      whatToWatch: ["<script>alert(1)</script>"],
    });
    const html = renderAnalysisBody(hostile, fixtureVerification(hostile));
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("shows a citation of a source the body does not list without a link", () => {
    const odd = fixtureBody({ whatToWatch: [], sources: body.sources.slice(0, 2) });
    const doc = render(odd);
    expect(doc.querySelector('a[href="#source-3"]')).toBeNull();
    expect([...doc.querySelectorAll("sup")].some((s) => s.textContent === "[3]")).toBe(true);
  });

  it("marks claims that failed verification", () => {
    const doc = render(body, ["stakeholders.0.position"]);
    const marked = [...doc.querySelectorAll(".unverified")];
    expect(marked.map((m) => m.textContent)).toEqual(["Crews asked for a guaranteed opening schedule."]);
    expect(doc.querySelector(".unverified-mark")?.textContent).toContain("not verified");
  });

  it("renders stakeholders, the outlook with the most probable outcome first, key facts, timeline and what to watch", () => {
    const doc = render();
    expect(doc.querySelector(".stakeholder h3")?.textContent).toBe("Fernbay fishing crews");
    expect(doc.querySelector(".stakeholder")?.textContent).toContain("Keeping daily access to the north channel.");
    const scenarios = [...doc.querySelectorAll(".scenario h3")].map((h) => h.textContent);
    expect(scenarios).toEqual(["Most probable outcome", "Possible"]);
    expect(doc.querySelector(".scenario.most-probable li")?.textContent).toBe("The state permit decision");
    expect(doc.querySelector(".facts dt")?.textContent).toBe("Cost");
    expect(doc.querySelector(".facts dd strong")?.textContent).toBe("$48 million");
    expect(doc.querySelector(".timeline time")?.getAttribute("datetime")).toBe("2026-11-25");
    expect(doc.querySelector(".what-to-watch li")?.textContent).toBe(body.whatToWatch[0]);
  });

  it("leaves out blocks the analysis has nothing for", () => {
    const bare = fixtureBody({ stakeholders: [], scenarios: [], keyFacts: [], timeline: [], whatToWatch: [] });
    const doc = render(bare);
    expect(doc.querySelectorAll(".block:not(.passages)")).toHaveLength(0);
    expect(doc.querySelectorAll("section.section")).toHaveLength(2);
  });
});
