import { describe, expect, it } from "vitest";
import { countRecent, HALF_LIFE_HOURS, pielouEvenness, rankStory, type StoryStats } from "./rank-story.ts";

const now = new Date("2026-11-27T12:00:00.000Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

function stats(fields: Partial<StoryStats>): StoryStats {
  return { sourceCount: 1, articleCount: 1, lastSeenAt: now.toISOString(), recentArticleCount: 0, ...fields };
}

describe("rankStory", () => {
  it("ranks more independent outlets above more articles from one outlet", () => {
    const threeOutlets = rankStory(stats({ sourceCount: 3, articleCount: 3 }), now);
    const oneOutletTwentyPosts = rankStory(stats({ sourceCount: 1, articleCount: 20 }), now);
    expect(threeOutlets.score).toBeGreaterThan(oneOutletTwentyPosts.score);
  });

  it("keeps a prolific single outlet below two outlets writing once each", () => {
    const single = rankStory(stats({ sourceCount: 1, articleCount: 200, recentArticleCount: 200 }), now);
    const two = rankStory(stats({ sourceCount: 2, articleCount: 2, recentArticleCount: 2 }), now);
    expect(single.score).toBeCloseTo(3, 6);
    expect(two.score).toBeGreaterThan(single.score);
  });

  it("counts follow-up articles, less than outlets", () => {
    const base = rankStory(stats({ sourceCount: 2, articleCount: 2 }), now).score;
    const more = rankStory(stats({ sourceCount: 2, articleCount: 4 }), now).score;
    const outlet = rankStory(stats({ sourceCount: 3, articleCount: 3 }), now).score;
    expect(more).toBeGreaterThan(base);
    expect(outlet - base).toBeGreaterThan(more - base);
  });

  it("raises a story with recent articles above the same story gone quiet", () => {
    const moving = rankStory(stats({ sourceCount: 3, articleCount: 5, recentArticleCount: 3 }), now);
    const quiet = rankStory(stats({ sourceCount: 3, articleCount: 5, recentArticleCount: 0 }), now);
    expect(moving.score).toBeGreaterThan(quiet.score);
    expect(moving.breakdown.velocity).toBe(1);
  });

  it("halves the score for every half-life since the last article", () => {
    const fresh = rankStory(stats({ sourceCount: 4, articleCount: 6 }), now);
    const dayOld = rankStory(stats({ sourceCount: 4, articleCount: 6, lastSeenAt: hoursAgo(HALF_LIFE_HOURS) }), now);
    const twoDays = rankStory(
      stats({ sourceCount: 4, articleCount: 6, lastSeenAt: hoursAgo(2 * HALF_LIFE_HOURS) }),
      now,
    );
    expect(dayOld.score).toBeCloseTo(fresh.score / 2, 5);
    expect(twoDays.score).toBeCloseTo(fresh.score / 4, 5);
    expect(dayOld.breakdown.ageHours).toBe(24);
  });

  it("treats a last article from the future as published now", () => {
    const future = rankStory(stats({ lastSeenAt: hoursAgo(-5) }), now);
    expect(future.breakdown.ageHours).toBe(0);
    expect(future.score).toBe(rankStory(stats({}), now).score);
  });

  it("explains the score: strength parts times freshness", () => {
    const { score, breakdown } = rankStory(
      stats({ sourceCount: 3, articleCount: 7, recentArticleCount: 2, lastSeenAt: hoursAgo(6) }),
      now,
    );
    expect(breakdown).toMatchObject({
      sources: 3,
      articles: 7,
      recentArticles: 2,
      ageHours: 6,
      breadth: 3,
      diversity: 1,
    });
    expect(breakdown.score).toBe(score);
    expect(
      (breakdown.breadth * breakdown.diversity + breakdown.depth + breakdown.velocity) * breakdown.freshness,
    ).toBeCloseTo(score, 5);
  });

  it("ranks outlets that share a story evenly above the same outlets with one writing nearly all of it", () => {
    const even = rankStory(stats({ sourceCount: 4, articleCount: 8, outletArticles: [2, 2, 2, 2] }), now);
    const lopsided = rankStory(stats({ sourceCount: 4, articleCount: 8, outletArticles: [5, 1, 1, 1] }), now);
    expect(even.breakdown.diversity).toBe(1);
    expect(lopsided.breakdown.diversity).toBeLessThan(1);
    expect(lopsided.breakdown.diversity).toBeGreaterThanOrEqual(0.75);
    expect(even.score).toBeGreaterThan(lopsided.score);
    // Re-ranking without per-outlet counts keeps the stored evenness.
    const again = rankStory(stats({ sourceCount: 4, articleCount: 8, evenness: lopsided.breakdown.evenness }), now);
    expect(again.score).toBeCloseTo(lopsided.score, 5);
  });

  it("reports near-duplicates without scoring them", () => {
    const plain = rankStory(stats({ sourceCount: 2, articleCount: 2 }), now);
    const copied = rankStory(stats({ sourceCount: 2, articleCount: 2, duplicateCount: 5 }), now);
    expect(copied.score).toBe(plain.score);
    expect(copied.breakdown.duplicates).toBe(5);
  });

  it("measures evenness as 1 for one outlet or an even spread and less for a skewed one", () => {
    expect(pielouEvenness([3], 1)).toBe(1);
    expect(pielouEvenness([2, 2, 2], 3)).toBeCloseTo(1, 12);
    expect(pielouEvenness([10, 1], 2)).toBeLessThan(0.5);
    expect(pielouEvenness(undefined, 3)).toBe(1);
  });

  it("scores a story without articles 0 and rejects a last-seen time that is not a time", () => {
    expect(rankStory(stats({ sourceCount: 0, articleCount: 0 }), now).score).toBe(0);
    expect(() => rankStory(stats({ lastSeenAt: "yesterday" }), now)).toThrow(RangeError);
  });
});

describe("countRecent", () => {
  it("counts publication times in the last six hours, future ones included", () => {
    expect(countRecent([hoursAgo(7), hoursAgo(6), hoursAgo(1), hoursAgo(-1)], now)).toBe(3);
  });
});
