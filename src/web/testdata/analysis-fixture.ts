/**
 * A hand-written analysis for the web tests: an invented town, invented outlets, every part of
 * the structure present (sections, stakeholders, scenarios, key facts, timeline, what to watch),
 * one passage with characters that must be escaped, and a helper that stores and publishes it.
 */
import { type AnalysisSource, listClaims, type VerificationReport } from "../../domain/analysis.ts";
import { type AnalysisBody, insertAnalysisVersion, markAnalysisPublished } from "../../store/analyses.ts";
import type { Db } from "../../store/db.ts";
import { renderAnalysisBody } from "../views/analysis-body.tsx";

export const FIXTURE_SOURCES: AnalysisSource[] = [
  {
    number: 1,
    articleId: 101,
    outlet: "Fernbay Ledger",
    title: "Council backs tidal gate after long night of testimony",
    url: "https://ledger.example/2026/11/tidal-gate-vote",
    author: "Ines Moravec",
    publishedAt: "2026-11-25T21:40:00.000Z",
  },
  {
    number: 2,
    articleId: 102,
    outlet: "Coastal Wire",
    title: "Fernbay's $48 million flood gate: who pays?",
    url: "https://wire.example/fernbay-gate-costs",
    author: null,
    publishedAt: "2026-11-26T08:15:00.000Z",
  },
  {
    number: 3,
    articleId: 103,
    outlet: "Harbor Radio",
    title: "Fishing crews warn gate could block the north channel",
    url: "https://radio.example/news/north-channel",
    author: "Dev Olafsen",
    publishedAt: "2026-11-26T11:02:00.000Z",
  },
];

const claim = (text: string, ...cites: [number, string][]) => ({
  text,
  citations: cites.map(([source, passage]) => ({ source, passage })),
});

export function fixtureBody(overrides: Partial<AnalysisBody> = {}): AnalysisBody {
  return {
    headline: "Fernbay Bets $48 Million on a Tidal Gate",
    dek: "The town council approved a flood gate across its harbour mouth, leaving the bill and the fishing fleet's access to be settled.",
    category: "Climate",
    tags: ["flooding", "infrastructure"],
    sections: [
      {
        kind: "hook",
        heading: "A Vote After Midnight",
        paragraphs: [
          {
            claims: [
              claim("Fernbay's council voted 7 to 2 to build a tidal gate across the harbour mouth.", [
                1,
                "The council voted 7 to 2 shortly after midnight to build the tidal gate.",
              ]),
              claim("The gate is expected to cost $48 million.", [
                2,
                'Engineers put the cost at "$48 million" <before overruns> & fees.',
              ]),
            ],
          },
        ],
      },
      {
        kind: "background",
        heading: "Three Floods in Four Years",
        paragraphs: [
          {
            claims: [
              claim(
                "Storm surges flooded the lower town three times since 2022.",
                [1, "the lower town has flooded three times since 2022"],
                [2, "three floods since 2022"],
              ),
            ],
          },
          {
            claims: [
              claim("Fishing crews say the gate could block the north channel.", [
                3,
                "crews warned the gate could block the north channel",
              ]),
            ],
          },
        ],
      },
    ],
    stakeholders: [
      {
        actor: "Fernbay fishing crews",
        position: claim("Crews asked for a guaranteed opening schedule.", [
          3,
          "asked the council for a guaranteed opening schedule",
        ]),
        interests: "Keeping daily access to the north channel.",
        leverage: "The harbour's largest employer.",
      },
    ],
    scenarios: [
      {
        outcome: claim("A state grant could cover part of the cost.", [
          2,
          "a state grant could cover part of the cost",
        ]),
        likelihood: "possible",
        rationale: "The state fund has money left this year.",
        signposts: [],
      },
      {
        outcome: claim("Construction is likely to start in the spring.", [1, "construction could begin in the spring"]),
        likelihood: "most-probable",
        rationale: "The design is finished and permits are filed.",
        signposts: ["The state permit decision"],
      },
    ],
    keyFacts: [
      {
        label: "Cost",
        value: "$48 million",
        claim: claim("The gate is expected to cost $48 million.", [2, "put the cost at $48 million"]),
      },
    ],
    timeline: [{ date: "2026-11-25", claim: claim("The council approved the gate.", [1, "The council voted 7 to 2"]) }],
    whatToWatch: ["Whether the state grant arrives before construction bids open."],
    sources: FIXTURE_SOURCES,
    ...overrides,
  };
}

/** Every claim verified except the ones at `failedPaths`. */
export function fixtureVerification(body: AnalysisBody, failedPaths: string[] = []): VerificationReport {
  const checks = listClaims(body).map(({ path, claim }) => {
    const ok = !failedPaths.includes(path);
    return {
      path,
      text: claim.text,
      ok,
      problems: ok ? [] : [{ kind: "passage-not-found" as const, detail: "not found" }],
    };
  });
  return { total: checks.length, verified: checks.filter((c) => c.ok).length, checks, dropped: [] };
}

let storyCounter = 0;

export interface SeedOptions {
  body?: AnalysisBody;
  /** When the analysis is published; omit `publish` to leave it a draft. */
  at?: string;
  publish?: boolean;
  failedPaths?: string[];
}

/** Stores a story, one analysis version rendered with renderAnalysisBody and (by default) publishes it. */
export async function seedAnalysis(db: Db, options: SeedOptions = {}) {
  storyCounter++;
  const body = options.body ?? fixtureBody();
  const at = new Date(options.at ?? "2026-11-26T12:00:00.000Z");
  const story = await db
    .insertInto("stories")
    .values({
      slug: `story-${storyCounter}`,
      title: body.headline,
      first_seen_at: at.toISOString(),
      last_seen_at: at.toISOString(),
      updated_at: at.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const verification = fixtureVerification(body, options.failedPaths);
  const stored = await insertAnalysisVersion(
    db,
    {
      storyId: story.id,
      body,
      verification,
      html: renderAnalysisBody(body, verification),
      readMinutes: 4,
      engine: "builtin",
    },
    at,
  );
  if (options.publish !== false) await markAnalysisPublished(db, stored.analysisId, stored.versionId, at);
  return { ...stored, body, verification };
}
