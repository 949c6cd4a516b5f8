/**
 * Stores an analysis version for editorial tests without running an engine: a story row and a
 * body built from a headline, tags and a few claim sentences, with chosen verification counts.
 */
import type { AnalysisSource, VerificationReport } from "../../domain/analysis.ts";
import type { Category } from "../../domain/categories.ts";
import { type AnalysisBody, insertAnalysisVersion, type StoredVersion } from "../../store/analyses.ts";
import type { Db } from "../../store/db.ts";

let n = 0;

export interface TestAnalysis {
  headline: string;
  category?: Category;
  tags?: string[];
  claims: string[];
  outlets?: string[];
  verified?: number;
  total?: number;
}

export async function insertTestAnalysis(db: Db, a: TestAnalysis, now: Date): Promise<StoredVersion> {
  n++;
  const at = now.toISOString();
  const story = await db
    .insertInto("stories")
    .values({ slug: `editorial-story-${n}`, title: a.headline, first_seen_at: at, last_seen_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  const outlets = a.outlets ?? ["Outlet A", "Outlet B"];
  const sources: AnalysisSource[] = outlets.map((outlet, i) => ({
    number: i + 1,
    articleId: 1000 * n + i,
    outlet,
    title: `${a.headline} (${outlet})`,
    url: `https://outlet${i}.example/${n}`,
    author: null,
    publishedAt: at,
  }));
  const claim = (text: string) => ({ text, citations: [{ source: 1, passage: text }] });
  const half = Math.ceil(a.claims.length / 2);
  const body: AnalysisBody = {
    headline: a.headline,
    dek: `${a.claims[0] ?? a.headline} In short.`,
    category: a.category ?? "World",
    tags: a.tags ?? [],
    sections: [
      { kind: "hook", heading: "What happened", paragraphs: [{ claims: a.claims.slice(0, half).map(claim) }] },
      { kind: "background", heading: "How we got here", paragraphs: [{ claims: a.claims.slice(half).map(claim) }] },
    ],
    stakeholders: [],
    scenarios: [],
    keyFacts: [],
    timeline: [],
    whatToWatch: [],
    sources,
  };
  const total = a.total ?? a.claims.length;
  const verification: VerificationReport = { total, verified: a.verified ?? total, checks: [], dropped: [] };
  return insertAnalysisVersion(
    db,
    { storyId: story.id, body, verification, html: `<p>${a.headline}</p>`, readMinutes: 3, engine: "builtin" },
    now,
  );
}
