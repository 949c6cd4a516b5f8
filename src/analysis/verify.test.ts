import { describe, expect, it } from "vitest";
import type { AnalysisDraft, Claim } from "../domain/analysis.ts";
import { splitSentences } from "../lib/text.ts";
import { loadStoryFixture } from "./testdata/load-fixture.ts";
import { checkClaim, indexArticles, verifyDraft } from "./verify.ts";

const { articles } = loadStoryFixture("mpox-emergency");
const index = indexArticles(articles);

/** The sentence of article `n` that contains `fragment`. */
function sentence(n: number, fragment: string): string {
  const found = splitSentences(articles[n - 1]!.text).find((s) => s.includes(fragment));
  if (!found) throw new Error(`no sentence with ${fragment} in article ${n}`);
  return found;
}

const CASES = sentence(1, "15,600 cases");
const KASEYA = sentence(2, "Kaseya said Africa needs");
const TEDROS = sentence(1, "announced the decision in Geneva");
const QUOTE = sentence(4, "We cannot repeat");

const cited = (text: string, n: number, passage = text): Claim => ({ text, citations: [{ source: n, passage }] });
const kinds = (claim: Claim) => checkClaim(claim, index).problems.map((p) => p.kind);

describe("checkClaim", () => {
  it("passes a claim whose facts are all in its verbatim passage", () => {
    expect(kinds(cited(CASES, 1))).toEqual([]);
    expect(kinds(cited(QUOTE, 4))).toEqual([]);
  });

  it("passes a paraphrase whose numbers, dates and names the passage contains, in other spellings", () => {
    const claim = cited(
      "Congo has reported over fifteen thousand six hundred cases in 2024, according to figures.",
      1,
      CASES,
    );
    // "fifteen thousand six hundred" is 15,600; "2024" is not in the passage, so only the year fails.
    expect(checkClaim(claim, index).problems.map((p) => p.detail)).toEqual(['"2024" is not in the cited passages']);
  });

  it("catches a changed number", () => {
    expect(kinds(cited(CASES.replace("15,600", "16,500"), 1, CASES))).toEqual(["number-not-in-source"]);
  });

  it("catches a changed date", () => {
    expect(kinds(cited(TEDROS.replace("August 14", "August 15"), 1, TEDROS))).toContain("date-not-in-source");
  });

  it("catches a swapped proper noun", () => {
    const swapped = KASEYA.replace("Kaseya said Africa", "Kaseya said Europe");
    expect(kinds(cited(swapped, 2, KASEYA))).toEqual(["name-not-in-source"]);
    expect(kinds(cited(TEDROS.replace("Geneva", "Nairobi"), 1, TEDROS))).toEqual(["name-not-in-source"]);
  });

  it("catches an invented quotation and a reworded one", () => {
    const invented = `${KASEYA.slice(0, -1)}, adding: "The world has abandoned us."`;
    expect(kinds(cited(invented, 2, KASEYA))).toEqual(["quote-not-verbatim"]);
    expect(kinds(cited(QUOTE.replace("mistakes of the past", "errors of the past"), 4, QUOTE))).toEqual([
      "quote-not-verbatim",
    ]);
  });

  it("catches a passage that is not in the cited article", () => {
    const result = checkClaim(cited(CASES, 2), index);
    expect(result.problems.map((p) => p.kind)).toEqual(["passage-not-found"]);
  });

  it("catches a citation to a source the story does not have, and a claim citing nothing", () => {
    expect(kinds(cited(CASES, 9))).toEqual(["unknown-source"]);
    expect(kinds({ text: CASES, citations: [] })).toEqual(["no-citation"]);
  });

  it("flags artefacts of text generation", () => {
    for (const text of [
      `As an AI, I note that ${CASES}`,
      `<b>${CASES}</b>`,
      `**${CASES}**`,
      `${CASES} [1]`,
      `${CASES} ${CASES}`,
    ]) {
      expect(kinds(cited(text, 1, CASES))).toContain("model-artefact");
    }
  });

  it("repairs a paraphrased passage with the source sentence, and then checks against it", () => {
    const paraphrase =
      "The Democratic Republic of the Congo has reported more than 15,600 cases and 537 deaths this year.";
    const result = checkClaim(cited(CASES, 1, paraphrase), index);
    expect(result.problems).toEqual([]);
    expect(result.claim.citations[0]!.passage).toBe(CASES);
    expect(result.repairs).toHaveLength(1);
  });

  it("drops a broken citation beside a good one and keeps the claim", () => {
    const claim: Claim = {
      text: CASES,
      citations: [
        { source: 1, passage: CASES },
        { source: 7, passage: "nothing" },
      ],
    };
    const result = checkClaim(claim, index);
    expect(result.problems).toEqual([]);
    expect(result.claim.citations).toEqual([{ source: 1, passage: CASES }]);
    expect(result.repairs[0]).toMatch(/citation dropped/);
  });
});

describe("verifyDraft", () => {
  const good = (n: number, text: string) => cited(text, n);
  const draft: AnalysisDraft = {
    headline: "WHO declares an mpox emergency",
    dek: "The World Health Organization raised its highest alarm over mpox.",
    category: "Health",
    tags: ["WHO"],
    sections: [
      { kind: "hook", heading: "What happened", paragraphs: [{ claims: [good(1, TEDROS), good(1, CASES)] }] },
      {
        kind: "background",
        heading: "Background",
        paragraphs: [{ claims: [cited(CASES.replace("537", "573"), 1, CASES)] }, { claims: [good(2, KASEYA)] }],
      },
      {
        kind: "implications",
        heading: "Wider",
        paragraphs: [{ claims: [cited("Invented claim about Paris.", 3, "Paris is lovely.")] }],
      },
    ],
    stakeholders: [
      { actor: "Jean Kaseya", position: good(2, KASEYA), interests: "Kaseya wants 99 million doses." },
      { actor: "Nobody", position: cited("Nobody said 12 things.", 5, "x") },
    ],
    scenarios: [],
    keyFacts: [{ label: "Deaths", value: "537", claim: good(1, CASES) }],
    timeline: [],
    whatToWatch: ["Kaseya said Africa needs about 10 million vaccine doses", "A vote on 31 March 2031."],
  };

  it("removes failing claims and what they leave empty, and counts every check", () => {
    const { draft: out, report } = verifyDraft(draft, articles);
    expect(report.total).toBe(8);
    expect(report.verified).toBe(5);
    expect(report.dropped.map((d) => d.path)).toEqual([
      "sections.1.paragraphs.0.claims.0",
      "sections.2.paragraphs.0.claims.0",
      "stakeholders.1.position",
    ]);
    expect(out.sections.map((s) => s.kind)).toEqual(["hook", "background"]);
    expect(out.sections[1]!.paragraphs).toEqual([{ claims: [good(2, KASEYA)] }]);
    expect(out.stakeholders.map((s) => s.actor)).toEqual(["Jean Kaseya"]);
    expect(out.keyFacts).toHaveLength(1);
  });

  it("keeps uncited text only when its numbers and names are in some article", () => {
    const { draft: out } = verifyDraft(draft, articles);
    expect(out.stakeholders[0]!.interests).toBeUndefined();
    expect(out.whatToWatch).toEqual(["Kaseya said Africa needs about 10 million vaccine doses"]);
  });

  it("flags a claim that repeats an earlier one in the body", () => {
    const repeated: AnalysisDraft = {
      ...draft,
      stakeholders: [],
      sections: [
        { kind: "hook", heading: "A", paragraphs: [{ claims: [good(1, CASES)] }] },
        { kind: "background", heading: "B", paragraphs: [{ claims: [good(1, CASES), good(2, KASEYA)] }] },
      ],
    };
    const { report } = verifyDraft(repeated, articles);
    expect(report.dropped.map((d) => d.path)).toEqual(["sections.1.paragraphs.0.claims.0"]);
    expect(report.dropped[0]!.problems[0]!.detail).toMatch(/repeats an earlier claim/);
  });
});
