import { describe, expect, it } from "vitest";
import { MAX_STORY_ENTITIES, profileStory } from "./profile-story.ts";

const now = new Date("2026-11-26T12:00:00.000Z");

describe("profileStory", () => {
  it("counts articles and distinct outlets, spans their times and counts the recent ones", () => {
    const p = profileStory(
      [
        { source_id: 1, published_at: "2026-11-26T09:00:00.000Z", terms: '{"quake":1}', entities: "[]" },
        { source_id: 2, published_at: "2026-11-25T01:00:00.000Z", terms: '{"quake":1}', entities: "[]" },
        { source_id: 1, published_at: "2026-11-26T11:00:00.000Z", terms: '{"quake":1}', entities: "[]" },
      ],
      now,
    );
    expect(p).toMatchObject({
      articleCount: 3,
      sourceCount: 2,
      firstSeenAt: "2026-11-25T01:00:00.000Z",
      lastSeenAt: "2026-11-26T11:00:00.000Z",
      recentArticleCount: 2,
    });
  });

  it("sums member vectors into a unit centroid", () => {
    const p = profileStory(
      [
        { source_id: 1, published_at: now.toISOString(), terms: '{"quake":0.6,"peru":0.8}', entities: "[]" },
        { source_id: 2, published_at: now.toISOString(), terms: '{"quake":1}', entities: "[]" },
      ],
      now,
    );
    const length = Math.hypot(...p.centroid.values());
    expect(length).toBeCloseTo(1, 10);
    expect(p.centroid.get("quake")! / p.centroid.get("peru")!).toBeCloseTo(1.6 / 0.8, 10);
  });

  it("keeps the entities most members name, then the ones ranked higher", () => {
    const member = (entities: string[]) => ({
      source_id: 1,
      published_at: now.toISOString(),
      terms: "{}",
      entities: JSON.stringify(entities),
    });
    const p = profileStory([member(["chala", "peru"]), member(["arequipa", "peru"]), member(["lima"])], now);
    expect(p.entities).toEqual(["peru", "chala", "arequipa", "lima"]);
    const many = profileStory([member(Array.from({ length: 40 }, (_, i) => `place ${i}`))], now);
    expect(many.entities).toHaveLength(MAX_STORY_ENTITIES);
    expect(many.entities[0]).toBe("place 0");
  });

  it("refuses a story without articles", () => {
    expect(() => profileStory([], now)).toThrow();
  });
});
