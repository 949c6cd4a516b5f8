import { describe, expect, it } from "vitest";
import {
  type Comparable,
  EMBEDDING_FLOOR,
  NAME_SHARE,
  similarity,
  TIME_HALF_LIFE_HOURS,
  timeDecay,
  VETO_TERM_OVERRIDE,
} from "./similarity.ts";
import { normalize } from "./vectors.ts";

const at = "2026-11-26T12:00:00.000Z";
const side = (
  terms: Record<string, number>,
  names: Record<string, number>,
  fields: Partial<Comparable> = {},
): Comparable => ({
  vector: normalize(new Map(Object.entries(terms))),
  names: normalize(new Map(Object.entries(names))),
  firstSeenAt: at,
  lastSeenAt: at,
  ...fields,
});

describe("similarity", () => {
  it("blends term and name cosines", () => {
    const a = side({ fire: 1 }, { waitrose: 1, banstead: 1, surrey: 1 });
    expect(similarity(a, a).score).toBeCloseTo(1, 9);
    const sameNamesOtherWords = similarity(a, side({ vote: 1 }, { waitrose: 1, banstead: 1, surrey: 1 }));
    expect(sameNamesOtherWords.score).toBeCloseTo(NAME_SHARE, 9);
    expect(sameNamesOtherWords).toMatchObject({ terms: 0, vetoed: false, embedding: null, decay: 1 });
  });

  it("vetoes two sides that each name several things and share none of them", () => {
    const surrey = side({ fire: 0.6, supermarket: 0.5, blaze: 0.6 }, { waitrose: 1, banstead: 1, surrey: 1 });
    const somerset = side({ fire: 0.6, supermarket: 0.5, arson: 0.6 }, { tesco: 1, wellington: 1, somerset: 1 });
    const parts = similarity(surrey, somerset);
    // Enough shared wording to join on terms alone (0.7 x 0.63 is above the default threshold).
    expect(parts.terms).toBeGreaterThan(0.6);
    expect(parts.terms).toBeLessThan(VETO_TERM_OVERRIDE);
    expect(parts.vetoed).toBe(true);
    expect(parts.score).toBe(0);
    // Sharing one name lifts the veto; so does naming too little to judge.
    const words = { fire: 0.6, supermarket: 0.5, arson: 0.6 };
    expect(similarity(surrey, side(words, { waitrose: 1, wellington: 1, somerset: 1 })).vetoed).toBe(false);
    expect(similarity(surrey, side(words, { wellington: 1 })).vetoed).toBe(false);
  });

  it("lets nearly identical wording through the veto", () => {
    const a = side({ fire: 0.8, supermarket: 0.6 }, { waitrose: 1, banstead: 1, surrey: 1 });
    const b = side({ fire: 0.8, supermarket: 0.6 }, { tesco: 1, wellington: 1, somerset: 1 });
    const parts = similarity(a, b);
    expect(parts.terms).toBeGreaterThanOrEqual(VETO_TERM_OVERRIDE);
    expect(parts.vetoed).toBe(false);
    expect(parts.score).toBeCloseTo(1 - NAME_SHARE, 9);
  });

  it("halves the similarity for every half-life between the two spans of time", () => {
    const a = side({ quake: 1 }, { peru: 1 });
    const later = (hours: number) =>
      side(
        { quake: 1 },
        { peru: 1 },
        {
          firstSeenAt: new Date(Date.parse(at) + hours * 3_600_000).toISOString(),
          lastSeenAt: new Date(Date.parse(at) + hours * 3_600_000).toISOString(),
        },
      );
    expect(similarity(a, later(TIME_HALF_LIFE_HOURS)).score).toBeCloseTo(0.5, 9);
    expect(similarity(later(2 * TIME_HALF_LIFE_HOURS), a).score).toBeCloseTo(0.25, 9);
    // Overlapping spans do not decay.
    const story = side(
      { quake: 1 },
      { peru: 1 },
      { firstSeenAt: "2026-11-25T00:00:00.000Z", lastSeenAt: "2026-11-27T00:00:00.000Z" },
    );
    expect(timeDecay(a, story)).toBe(1);
  });

  it("blends in the embedding only when both sides have one, rescaled from its floor", () => {
    const e = (...xs: number[]) => Float32Array.from(xs);
    const a = side({ quake: 1 }, {}, { embedding: e(1, 0) });
    const b = side({ vote: 1 }, {}, { embedding: e(1, 0) });
    expect(similarity(a, b, { embeddingWeight: 0.5 })).toMatchObject({ embedding: 1, score: 0.5 });
    const floor = side({ vote: 1 }, {}, { embedding: e(EMBEDDING_FLOOR, Math.sqrt(1 - EMBEDDING_FLOOR ** 2)) });
    expect(similarity(a, floor, { embeddingWeight: 0.5 }).embedding).toBeCloseTo(0, 6);
    expect(similarity(a, side({ vote: 1 }, {})).embedding).toBeNull();
  });
});
