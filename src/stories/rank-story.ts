/**
 * A story's rank: how many independent outlets cover it, how much they wrote, how fast it is
 * moving, and how fresh it is. Pure: the same stats and `now` give the same score, and the
 * breakdown says where every point came from. Never reads the store or the clock.
 */

export interface StoryStats {
  /** Distinct outlets (source ids) among the story's articles. */
  sourceCount: number;
  articleCount: number;
  /** ISO time of the newest article. */
  lastSeenAt: string;
  /** Articles published in the VELOCITY_HOURS before `now`. */
  recentArticleCount: number;
}

export interface ScoreBreakdown {
  sources: number;
  articles: number;
  recentArticles: number;
  ageHours: number;
  breadth: number;
  depth: number;
  velocity: number;
  freshness: number;
  score: number;
}

export interface StoryRank {
  score: number;
  breakdown: ScoreBreakdown;
}

/** A story loses half its rank for every day without a new article. */
export const HALF_LIFE_HOURS = 24;
/** "Moving now" means articles in the last six hours. */
export const VELOCITY_HOURS = 6;

export function rankStory(stats: StoryStats, now: Date): StoryRank {
  const lastSeen = Date.parse(stats.lastSeenAt);
  if (Number.isNaN(lastSeen)) throw new RangeError(`rankStory: lastSeenAt is not a time: ${stats.lastSeenAt}`);
  const sources = Math.max(0, stats.sourceCount);
  const articles = Math.max(sources, stats.articleCount);
  const recent = Math.max(0, Math.min(articles, stats.recentArticleCount));

  // Independent outlets are the best sign that an event matters: 1.5 points per doubling of
  // outlets (1 outlet = 1.5, 3 = 3, 7 = 4.5), so the tenth outlet adds less than the second.
  const breadth = 1.5 * Math.log2(1 + sources);

  // Articles beyond one per outlet are follow-ups and updates: a quarter point per doubling,
  // at most half a point, so volume from one outlet never stands in for a second outlet.
  const depth = Math.min(0.5, 0.25 * Math.log2(1 + (articles - sources)));

  // A story moving now goes above one that was big yesterday: half a point per doubling of
  // articles in the last VELOCITY_HOURS, at most one point (three recent articles).
  const velocity = Math.min(1, 0.5 * Math.log2(1 + recent));

  // Together: one outlet, however much it writes, reaches at most 1.5 + 0.5 + 1 = 3 points,
  // below two outlets with one fresh article each (2.38 + 0 + 0.79 = 3.17).

  // Hours since the newest article; a timestamp from the future (a skewed feed clock) counts as now.
  const ageHours = Math.max(0, (now.getTime() - lastSeen) / 3_600_000);

  // Exponential decay: the rank halves every HALF_LIFE_HOURS, whatever its size, so two stories
  // keep their order while neither gets news, and a new article restarts the clock.
  const freshness = 0.5 ** (ageHours / HALF_LIFE_HOURS);

  // Strength times freshness; a story nobody wrote about scores 0.
  const score = (breadth + depth + velocity) * freshness;

  return {
    score: round(score),
    breakdown: {
      sources,
      articles,
      recentArticles: recent,
      ageHours: round(ageHours),
      breadth: round(breadth),
      depth: round(depth),
      velocity: round(velocity),
      freshness: round(freshness),
      score: round(score),
    },
  };
}

/** How many of these publication times fall in the VELOCITY_HOURS up to `now` (future ones included). */
export function countRecent(publishedAt: readonly string[], now: Date): number {
  const since = now.getTime() - VELOCITY_HOURS * 3_600_000;
  return publishedAt.filter((t) => Date.parse(t) >= since).length;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
