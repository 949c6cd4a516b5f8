import { describe, expect, it } from "vitest";
import type { AnalysisSource } from "../domain/analysis.ts";
import type { AnalysisBody } from "../store/analyses.ts";
import { describeChanges, whatChanged } from "./what-changed.ts";

const source = (n: number, outlet: string): AnalysisSource => ({
  number: n,
  articleId: 100 + n,
  outlet,
  title: `${outlet} report`,
  url: `https://${n}.example`,
  author: null,
  publishedAt: "2026-11-26T10:00:00.000Z",
});
const claim = (text: string) => ({ text, citations: [{ source: 1, passage: text }] });
const body = (overrides: Partial<AnalysisBody>): AnalysisBody => ({
  headline: "The council approves the gate",
  dek: "The council approved the tidal gate after a long night of testimony.",
  category: "Climate",
  tags: [],
  sections: [
    { kind: "hook", heading: "What happened", paragraphs: [{ claims: [claim("The council voted 7 to 2.")] }] },
    { kind: "background", heading: "Background", paragraphs: [{ claims: [claim("The town flooded three times.")] }] },
  ],
  stakeholders: [],
  scenarios: [],
  keyFacts: [{ label: "Cost", value: "$48 million", claim: claim("The gate costs $48 million.") }],
  timeline: [],
  whatToWatch: [],
  sources: [source(1, "Ledger"), source(2, "Wire")],
  ...overrides,
});

describe("whatChanged", () => {
  it("lists new sources, changed and new key figures, and claims added and removed", () => {
    const before = body({});
    const after = body({
      headline: "The council approves a costlier gate",
      sources: [source(1, "Ledger"), source(2, "Wire"), source(3, "Radio")],
      sections: [
        { kind: "hook", heading: "What happened", paragraphs: [{ claims: [claim("The council voted 7 to 2.")] }] },
        {
          kind: "background",
          heading: "Background",
          paragraphs: [{ claims: [claim("Engineers raised the estimate.")] }],
        },
      ],
      keyFacts: [
        { label: "cost", value: "$52 million", claim: claim("The gate costs $52 million.") },
        { label: "Votes", value: "7 to 2", claim: claim("The council voted 7 to 2.") },
      ],
    });
    const changes = whatChanged(before, 1, after);
    expect(changes).toEqual({
      sinceVersion: 1,
      addedSources: [{ number: 3, outlet: "Radio", title: "Radio report" }],
      removedSources: [],
      addedKeyFacts: [{ label: "Votes", value: "7 to 2" }],
      changedKeyFacts: [{ label: "cost", from: "$48 million", to: "$52 million" }],
      removedKeyFacts: [],
      claimsAdded: ["Engineers raised the estimate.", "The gate costs $52 million."],
      claimsRemoved: ["The town flooded three times.", "The gate costs $48 million."],
      claimsAddedCount: 2,
      claimsRemovedCount: 2,
      headline: { from: "The council approves the gate", to: "The council approves a costlier gate" },
    });
    expect(describeChanges(changes)).toEqual([
      "1 new source: Radio",
      "new key figure: Votes: 7 to 2",
      "cost: $48 million → $52 million",
      "new headline: The council approves a costlier gate",
      "2 claims added, 2 removed",
    ]);
  });

  it("says nothing changed when nothing did", () => {
    const same = whatChanged(body({}), 3, body({}));
    expect(describeChanges(same)).toEqual([]);
    expect(same.sinceVersion).toBe(3);
  });
});
