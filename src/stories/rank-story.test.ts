import { describe, expect, it } from "vitest";
import { countRecent, HALF_LIFE_HOURS, rankStory, type StoryStats } from "./rank-story.ts";

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
    expect(breakdown).toMatchObject({ sources: 3, articles: 7, recentArticles: 2, ageHours: 6, breadth: 3 });
    expect(breakdown.score).toBe(score);
    expect((breakdown.breadth + breakdown.depth + breakdown.velocity) * breakdown.freshness).toBeCloseTo(score, 5);
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
