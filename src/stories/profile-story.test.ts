import { describe, expect, it } from "vitest";
import { MAX_STORY_ENTITIES, type MemberFact, type MemberVectors, profileStory } from "./profile-story.ts";

const now = new Date("2026-11-26T12:00:00.000Z");
const fact = (source_id: number, published_at: string, duplicate_of: number | null = null): MemberFact => ({
  source_id,
  published_at,
  duplicate_of,
});
const vectors = (terms: Record<string, number> = { quake: 1 }, entities: string[] = []): MemberVectors => ({
  terms: new Map(Object.entries(terms)),
  names: new Map(),
  entities,
});

describe("profileStory", () => {
  it("counts articles and distinct outlets, spans their times and counts the recent ones", () => {
    const p = profileStory(
      [fact(1, "2026-11-26T09:00:00.000Z"), fact(2, "2026-11-25T01:00:00.000Z"), fact(1, "2026-11-26T11:00:00.000Z")],
      [vectors()],
      now,
    );
    expect(p).toMatchObject({
      articleCount: 3,
      duplicateCount: 0,
      sourceCount: 2,
      outletArticles: [2, 1],
      firstSeenAt: "2026-11-25T01:00:00.000Z",
      lastSeenAt: "2026-11-26T11:00:00.000Z",
      recentArticleCount: 2,
    });
  });

  it("never counts a near-duplicate as an outlet or a recent article, though it is a member", () => {
    const p = profileStory(
      [
        fact(1, "2026-11-26T09:00:00.000Z"),
        fact(2, "2026-11-26T10:00:00.000Z", 77),
        fact(3, "2026-11-26T11:30:00.000Z", 77),
      ],
      [vectors()],
      now,
    );
    expect(p).toMatchObject({
      articleCount: 3,
      duplicateCount: 2,
      sourceCount: 1,
      outletArticles: [1],
      lastSeenAt: "2026-11-26T11:30:00.000Z",
      recentArticleCount: 1,
    });
  });

  it("sums member vectors into a unit centroid", () => {
    const p = profileStory(
      [fact(1, now.toISOString()), fact(2, now.toISOString())],
      [vectors({ quake: 0.6, peru: 0.8 }), vectors({ quake: 1 })],
      now,
    );
    const length = Math.hypot(...p.centroid.values());
    expect(length).toBeCloseTo(1, 10);
    expect(p.centroid.get("quake")! / p.centroid.get("peru")!).toBeCloseTo(1.6 / 0.8, 10);
  });

  it("keeps the entities most members name, then the ones ranked higher", () => {
    const facts = [fact(1, now.toISOString())];
    const p = profileStory(
      facts,
      [vectors({}, ["chala", "peru"]), vectors({}, ["arequipa", "peru"]), vectors({}, ["lima"])],
      now,
    );
    expect(p.entities).toEqual(["peru", "chala", "arequipa", "lima"]);
    const many = profileStory(
      facts,
      [
        vectors(
          {},
          Array.from({ length: 40 }, (_, i) => `place ${i}`),
        ),
      ],
      now,
    );
    expect(many.entities).toHaveLength(MAX_STORY_ENTITIES);
    expect(many.entities[0]).toBe("place 0");
  });

  it("refuses a story without articles", () => {
    expect(() => profileStory([], [], now)).toThrow();
  });
});
