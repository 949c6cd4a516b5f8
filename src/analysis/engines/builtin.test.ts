import { describe, expect, it } from "vitest";
import { analysisDraftSchema, listClaims } from "../../domain/analysis.ts";
import { countWords } from "../../domain/read-time.ts";
import { normalizeSpace } from "../../lib/text.ts";
import type { EngineInput } from "../engine.ts";
import { findSpeaker, sameActor } from "../find-speaker.ts";
import { loadStoryFixture } from "../testdata/load-fixture.ts";
import { verifyDraft } from "../verify.ts";
import { cleanTitle, composeAnalysis, createBuiltinEngine } from "./builtin.ts";

const fixture = loadStoryFixture("mpox-emergency");
const input: EngineInput = { storyId: 1, today: fixture.today, language: "en", articles: fixture.articles };

describe("built-in engine", () => {
  const draft = composeAnalysis(input);

  it("produces a schema-valid draft in the reference page's shape", () => {
    expect(analysisDraftSchema.safeParse(draft).success).toBe(true);
    expect(draft.sections.map((s) => s.kind)).toEqual([
      "hook",
      "background",
      "framework",
      "stakeholders",
      "outlook",
      "implications",
    ]);
    expect(draft.category).toBe("Health");
    expect(draft.headline).toBe("WHO declares mpox a global health emergency as new strain spreads in Africa");
  });

  it("writes only claims that pass verification, every one a sentence of the article it cites first", () => {
    const { report } = verifyDraft(draft, fixture.articles);
    expect(report.dropped).toEqual([]);
    expect(report.verified).toBe(report.total);
    expect(report.total).toBeGreaterThan(20);
    for (const { claim } of listClaims(draft)) {
      const own = claim.citations[0]!;
      expect(own.passage).toBe(claim.text);
      expect(normalizeSpace(fixture.articles[own.source - 1]!.text)).toContain(normalizeSpace(claim.text));
    }
  });

  it("cites other outlets that carry the same statement with their own sentence", () => {
    const multi = listClaims(draft).filter(({ claim }) => claim.citations.length > 1);
    for (const { claim } of multi) {
      const sources = claim.citations.map((c) => c.source);
      expect(new Set(sources).size).toBe(sources.length);
      for (const c of claim.citations) {
        expect(normalizeSpace(fixture.articles[c.source - 1]!.text)).toContain(normalizeSpace(c.passage));
      }
    }
  });

  it("reads like the reference page: a few minutes of text, no sentence twice", () => {
    const body = draft.sections.flatMap((s) => s.paragraphs.flatMap((p) => p.claims.map((c) => c.text)));
    const words = countWords(body.join(" "));
    expect(words).toBeGreaterThanOrEqual(450);
    expect(words).toBeLessThanOrEqual(900);
    expect(new Set(body).size).toBe(body.length);
    expect(body).not.toContain(draft.dek);
  });

  it("puts the rules in the framework section and what comes next in the outlook", () => {
    const text = (kind: string) =>
      draft.sections
        .find((s) => s.kind === kind)!
        .paragraphs.flatMap((p) => p.claims.map((c) => c.text))
        .join(" ");
    expect(text("framework")).toContain("International Health Regulations");
    expect(text("outlook")).toMatch(/\b(will|expected)\b/);
    expect(draft.scenarios[0]).toMatchObject({ likelihood: "most-probable" });
    expect(draft.scenarios[0]!.outcome.text).toMatch(/\b(will|expected|expect)\b/);
  });

  it("attributes statements to the actors who made them", () => {
    const kaseya = draft.stakeholders.find((s) => s.actor === "Jean Kaseya");
    expect(kaseya?.position.text).toMatch(/Kaseya/);
    for (const s of draft.stakeholders) {
      const speaker = findSpeaker(s.position.text);
      expect(speaker && sameActor(speaker, s.actor), `${s.actor}: ${s.position.text}`).toBe(true);
    }
  });

  it("pulls figures into key facts and dated sentences into a sorted timeline", () => {
    expect(draft.keyFacts).toContainEqual(expect.objectContaining({ label: "Cases", value: "more than 15,600" }));
    for (const k of draft.keyFacts) expect(k.claim.text).toContain(k.value);
    const dates = draft.timeline.map((t) => t.date);
    expect(dates).toEqual([...dates].sort());
    expect(dates).toContain("2024-08-07");
    for (const t of draft.timeline) expect(t.date).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
  });

  it("takes what to watch verbatim from forward-looking sentences", () => {
    expect(draft.whatToWatch.length).toBeGreaterThan(0);
    const all = fixture.articles.map((a) => normalizeSpace(a.text)).join("\n");
    for (const w of draft.whatToWatch) expect(all).toContain(normalizeSpace(w));
  });

  it("gives the same draft for the same story, whatever order the articles arrive in", () => {
    const again = composeAnalysis({ ...input, articles: [...fixture.articles].reverse() });
    expect(JSON.stringify(again)).toBe(JSON.stringify(draft));
  });

  it("writes its headings in the site's language", () => {
    const ko = composeAnalysis({ ...input, language: "ko" });
    expect(ko.sections[0]!.heading).toBe("무슨 일이 있었나");
    expect(listClaims(ko).map((c) => c.claim)).toEqual(listClaims(draft).map((c) => c.claim));
  });

  it("still drafts two sections from a story of two short articles", () => {
    const small = composeAnalysis({
      ...input,
      articles: [
        { ...fixture.articles[0]!, text: fixture.articles[0]!.text.split("\n\n").slice(0, 2).join("\n\n") },
        { ...fixture.articles[1]!, text: fixture.articles[1]!.text.split("\n\n")[0]! },
      ],
    });
    expect(analysisDraftSchema.safeParse(small).success).toBe(true);
    expect(verifyDraft(small, fixture.articles).report.dropped).toEqual([]);
  });

  it("stops when asked to", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(createBuiltinEngine().draft(input, { signal: controller.signal })).rejects.toThrow();
    const out = await createBuiltinEngine().draft(input);
    expect(out).toMatchObject({ model: null, promptVersion: null });
  });
});

describe("cleanTitle", () => {
  it("removes an outlet's name and a label from a title", () => {
    expect(cleanTitle("LIVE: Talks resume in Geneva - Riverside Courier", "Riverside Courier")).toBe(
      "Talks resume in Geneva",
    );
    expect(cleanTitle("Talks resume | The Paper", "Other")).toBe("Talks resume");
    expect(cleanTitle("Kyiv - the long road back to talks and beyond", "X")).toBe(
      "Kyiv - the long road back to talks and beyond",
    );
  });
});
