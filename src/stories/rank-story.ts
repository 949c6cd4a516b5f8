/**
 * A story's significance: how many independent outlets cover it and how evenly, how much they
 * wrote, how fast it is moving, and how fresh it is. Near-duplicates (syndicated copies) count
 * for nothing: they are one outlet's text republished, not another outlet's reporting. Pure:
 * the same stats and `now` give the same score, and the breakdown says where every point came
 * from. Never reads the store or the clock.
 */

export interface StoryStats {
  /** Distinct outlets (source ids) among the story's original articles (near-duplicates left out). */
  sourceCount: number;
  /** Original articles (near-duplicates left out). */
  articleCount: number;
  /** Near-duplicates in the story: reported in the breakdown, never scored. */
  duplicateCount?: number;
  /** Original articles per outlet, any order; the evenness of coverage comes from it. */
  outletArticles?: readonly number[];
  /** The evenness itself (0..1), when the per-outlet counts are not at hand (re-ranking). */
  evenness?: number;
  /** ISO time of the newest article. */
  lastSeenAt: string;
  /** Original articles published in the VELOCITY_HOURS before `now`. */
  recentArticleCount: number;
}

export interface ScoreBreakdown {
  sources: number;
  articles: number;
  duplicates: number;
  recentArticles: number;
  ageHours: number;
  breadth: number;
  evenness: number;
  diversity: number;
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

  // Outlet diversity: how evenly the articles are spread over those outlets (Pielou evenness,
  // 0..1; 1 for a single outlet or an even spread). Five outlets of which one wrote twenty
  // articles are less independent confirmation than five writing once each: an uneven story
  // keeps at least three quarters of its breadth, an even one all of it.
  const evenness =
    stats.outletArticles !== undefined || stats.evenness === undefined
      ? pielouEvenness(stats.outletArticles, sources)
      : Math.max(0, Math.min(1, stats.evenness));
  const diversity = 0.75 + 0.25 * evenness;

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
  const score = (breadth * diversity + depth + velocity) * freshness;

  return {
    score: round(score),
    breakdown: {
      sources,
      articles,
      duplicates: Math.max(0, stats.duplicateCount ?? 0),
      recentArticles: recent,
      ageHours: round(ageHours),
      breadth: round(breadth),
      evenness: round(evenness),
      diversity: round(diversity),
      depth: round(depth),
      velocity: round(velocity),
      freshness: round(freshness),
      score: round(score),
    },
  };
}

/**
 * Shannon entropy of the articles' spread over outlets, over its maximum ln(outlets): 1 when
 * every outlet wrote as much as the others, towards 0 when one outlet wrote nearly everything.
 * Without per-outlet counts the spread is taken as even.
 */
export function pielouEvenness(outletArticles: readonly number[] | undefined, sources: number): number {
  const counts = (outletArticles ?? []).filter((n) => n > 0);
  if (counts.length <= 1 || sources <= 1) return 1;
  const total = counts.reduce((s, n) => s + n, 0);
  let entropy = 0;
  for (const n of counts) entropy -= (n / total) * Math.log(n / total);
  return entropy / Math.log(counts.length);
}

/** How many of these publication times fall in the VELOCITY_HOURS up to `now` (future ones included). */
export function countRecent(publishedAt: readonly string[], now: Date): number {
  const since = now.getTime() - VELOCITY_HOURS * 3_600_000;
  return publishedAt.filter((t) => Date.parse(t) >= since).length;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
