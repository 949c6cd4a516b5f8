import { describe, expect, it } from "vitest";
import { ENTITY_SHARE, entityOverlap, similarity } from "./similarity.ts";

describe("similarity", () => {
  it("measures entity overlap as shared over all (Jaccard)", () => {
    expect(entityOverlap(["peru", "arequipa"], ["peru", "chala", "arequipa", "lima"])).toBe(0.5);
    expect(entityOverlap([], [])).toBe(0);
    expect(entityOverlap(["peru"], [])).toBe(0);
  });

  it("blends term cosine and entity overlap", () => {
    const vector = new Map([["quake", 1]]);
    expect(similarity({ vector, entities: ["peru"] }, { vector, entities: ["peru"] })).toBeCloseTo(1, 12);
    expect(similarity({ vector, entities: ["peru"] }, { vector, entities: ["chile"] })).toBeCloseTo(
      1 - ENTITY_SHARE,
      12,
    );
    expect(
      similarity({ vector, entities: ["peru"] }, { vector: new Map([["vote", 1]]), entities: ["peru"] }),
    ).toBeCloseTo(ENTITY_SHARE, 12);
  });
});
