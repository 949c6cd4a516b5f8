/**
 * Analyses and their versions. An analysis belongs to one story and keeps its slug for life;
 * each write adds a version (body JSON, verification report, the HTML rendered once from it).
 * Readers see the published version; the listing functions never return anything else.
 */
import type { AnalysisDraft, AnalysisSource, VerificationReport, VersionChanges } from "../domain/analysis.ts";
import type { Category } from "../domain/categories.ts";
import { slugify } from "../domain/slug.ts";
import { NotFoundError } from "../lib/errors.ts";
import type { Db } from "./db.ts";
import type { AnalysisRow, AnalysisStatus, AnalysisVersionRow } from "./schema.ts";

/** What a version stores: the validated draft plus the sources its citation numbers point at. */
export interface AnalysisBody extends AnalysisDraft {
  sources: AnalysisSource[];
}

export interface NewAnalysisVersion {
  storyId: number;
  body: AnalysisBody;
  verification: VerificationReport;
  html: string;
  readMinutes: number;
  engine: string;
  model?: string | null;
  promptVersion?: string | null;
  /** What changed since the version readers saw before; null or absent for a first version. */
  changes?: VersionChanges | null;
}

export interface StoredVersion {
  analysisId: number;
  versionId: number;
  version: number;
  slug: string;
}

/** Adds a version to the story's analysis, creating the analysis (and its slug) on the first write. */
export async function insertAnalysisVersion(db: Db, v: NewAnalysisVersion, now: Date): Promise<StoredVersion> {
  const at = now.toISOString();
  let analysis = await findAnalysisByStory(db, v.storyId);
  if (!analysis) {
    const slug = await uniqueAnalysisSlug(db, slugify(v.body.headline, 70));
    analysis = await db
      .insertInto("analyses")
      .values({
        story_id: v.storyId,
        slug,
        status: "draft",
        category: v.body.category,
        headline: v.body.headline,
        dek: v.body.dek,
        updated_at: at,
        created_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const last = await db
    .selectFrom("analysis_versions")
    .select((eb) => eb.fn.max("version").as("v"))
    .where("analysis_id", "=", analysis.id)
    .executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  const row = await db
    .insertInto("analysis_versions")
    .values({
      analysis_id: analysis.id,
      version,
      engine: v.engine,
      model: v.model ?? null,
      prompt_version: v.promptVersion ?? null,
      body: JSON.stringify(v.body),
      verification: JSON.stringify(v.verification),
      html: v.html,
      read_minutes: v.readMinutes,
      claims_total: v.verification.total,
      claims_verified: v.verification.verified,
      article_ids: JSON.stringify(v.body.sources.map((s) => s.articleId)),
      created_at: at,
      changes: v.changes ? JSON.stringify(v.changes) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  // A rejection was of an earlier version: the new one is judged afresh by the publish step.
  await db
    .updateTable("analyses")
    .set({
      current_version_id: row.id,
      updated_at: at,
      ...(analysis.status === "rejected" ? { status: "draft" as const, status_reason: null } : {}),
    })
    .where("id", "=", analysis.id)
    .execute();
  return { analysisId: analysis.id, versionId: row.id, version, slug: analysis.slug };
}

async function uniqueAnalysisSlug(db: Db, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await db.selectFrom("analyses").select("id").where("slug", "=", slug).executeTakeFirst();
    if (!taken) return slug;
  }
}

export async function findAnalysis(db: Db, id: number): Promise<AnalysisRow | undefined> {
  return db.selectFrom("analyses").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function getAnalysis(db: Db, id: number): Promise<AnalysisRow> {
  const row = await findAnalysis(db, id);
  if (!row) throw new NotFoundError(`analysis ${id} not found`);
  return row;
}

export async function findAnalysisByStory(db: Db, storyId: number): Promise<AnalysisRow | undefined> {
  return db.selectFrom("analyses").selectAll().where("story_id", "=", storyId).executeTakeFirst();
}

export async function findVersion(db: Db, versionId: number): Promise<AnalysisVersionRow | undefined> {
  return db.selectFrom("analysis_versions").selectAll().where("id", "=", versionId).executeTakeFirst();
}

export async function listVersions(db: Db, analysisId: number): Promise<AnalysisVersionRow[]> {
  return db
    .selectFrom("analysis_versions")
    .selectAll()
    .where("analysis_id", "=", analysisId)
    .orderBy("version", "desc")
    .execute();
}

/** Makes `versionId` the one readers see; the first publication sets published_at, later ones keep it. */
export async function markAnalysisPublished(db: Db, analysisId: number, versionId: number, now: Date): Promise<void> {
  const version = await findVersion(db, versionId);
  if (!version || version.analysis_id !== analysisId) {
    throw new NotFoundError(`version ${versionId} of analysis ${analysisId} not found`);
  }
  const body = JSON.parse(version.body) as AnalysisBody;
  const current = await getAnalysis(db, analysisId);
  await db
    .updateTable("analyses")
    .set({
      status: "published",
      status_reason: null,
      published_version_id: versionId,
      headline: body.headline,
      dek: body.dek,
      category: body.category,
      published_at: current.published_at ?? now.toISOString(),
      updated_at: now.toISOString(),
    })
    .where("id", "=", analysisId)
    .execute();
}

/** Holds an analysis for an editor (or rejects it) with the reasons. The published version, if any, stays up. */
export async function markAnalysisStatus(
  db: Db,
  analysisId: number,
  status: Exclude<AnalysisStatus, "published">,
  reason: string | null,
  now: Date,
): Promise<void> {
  await db
    .updateTable("analyses")
    .set({ status, status_reason: reason, updated_at: now.toISOString() })
    .where("id", "=", analysisId)
    .execute();
}

export interface PublishedAnalysis {
  analysis: AnalysisRow;
  version: AnalysisVersionRow;
  body: AnalysisBody;
  verification: VerificationReport;
  /** What this version changed since the one readers saw before it; null for a first version. */
  changes: VersionChanges | null;
}

/** A published analysis as readers see it, or undefined when the slug is unknown or unpublished. */
export async function findPublishedAnalysisBySlug(db: Db, slug: string): Promise<PublishedAnalysis | undefined> {
  const analysis = await db
    .selectFrom("analyses")
    .selectAll()
    .where("slug", "=", slug)
    .where("published_version_id", "is not", null)
    .executeTakeFirst();
  if (!analysis?.published_version_id) return undefined;
  const version = await findVersion(db, analysis.published_version_id);
  if (!version) return undefined;
  return {
    analysis,
    version,
    body: JSON.parse(version.body) as AnalysisBody,
    verification: JSON.parse(version.verification) as VerificationReport,
    changes: parseChanges(version.changes),
  };
}

function parseChanges(text: string | null): VersionChanges | null {
  return text ? (JSON.parse(text) as VersionChanges) : null;
}

// ---------------------------------------------------------------------------------------------
// Versions: every version stays readable by number; the slug (and so the page URL and the feed
// GUID built from it) never changes from one version to the next.

/** One version with its JSON parsed. */
export interface AnalysisVersion {
  row: AnalysisVersionRow;
  body: AnalysisBody;
  verification: VerificationReport;
  changes: VersionChanges | null;
}

function toVersion(row: AnalysisVersionRow): AnalysisVersion {
  return {
    row,
    body: JSON.parse(row.body) as AnalysisBody,
    verification: JSON.parse(row.verification) as VerificationReport,
    changes: parseChanges(row.changes),
  };
}

/** Version `version` (1, 2, ...) of an analysis, whether or not readers were shown it. */
export async function findAnalysisVersionByNumber(
  db: Db,
  analysisId: number,
  version: number,
): Promise<AnalysisVersion | undefined> {
  const row = await db
    .selectFrom("analysis_versions")
    .selectAll()
    .where("analysis_id", "=", analysisId)
    .where("version", "=", version)
    .executeTakeFirst();
  return row ? toVersion(row) : undefined;
}

export async function getAnalysisVersionByNumber(
  db: Db,
  analysisId: number,
  version: number,
): Promise<AnalysisVersion> {
  const found = await findAnalysisVersionByNumber(db, analysisId, version);
  if (!found) throw new NotFoundError(`version ${version} of analysis ${analysisId} not found`);
  return found;
}

export interface VersionSummary {
  versionId: number;
  version: number;
  createdAt: string;
  /** When readers were first shown this version; null when they never were. */
  publishedAt: string | null;
  /** The version readers see now. */
  live: boolean;
  engine: string;
  model: string | null;
  promptVersion: string | null;
  claimsTotal: number;
  claimsVerified: number;
  sourceCount: number;
  changes: VersionChanges | null;
  reviewStatus: "approved" | "rejected" | null;
  reviewNote: string | null;
}

/** Every version of an analysis, newest first, with when (if ever) readers were shown it. */
export async function listAnalysisVersions(db: Db, analysisId: number): Promise<VersionSummary[]> {
  const analysis = await findAnalysis(db, analysisId);
  if (!analysis) return [];
  const rows = await db
    .selectFrom("analysis_versions as v")
    .leftJoin("analysis_publications as p", "p.version_id", "v.id")
    .select([
      "v.id",
      "v.version",
      "v.created_at",
      "v.engine",
      "v.model",
      "v.prompt_version",
      "v.claims_total",
      "v.claims_verified",
      "v.article_ids",
      "v.changes",
      "v.review_status",
      "v.review_note",
      "p.published_at",
    ])
    .where("v.analysis_id", "=", analysisId)
    .orderBy("v.version", "desc")
    .execute();
  return rows.map((r) => {
    const live = r.id === analysis.published_version_id;
    return {
      versionId: r.id,
      version: r.version,
      createdAt: r.created_at,
      publishedAt: r.published_at ?? (live ? (analysis.published_at ?? analysis.updated_at) : null),
      live,
      engine: r.engine,
      model: r.model,
      promptVersion: r.prompt_version,
      claimsTotal: r.claims_total,
      claimsVerified: r.claims_verified,
      sourceCount: (JSON.parse(r.article_ids) as unknown[]).length,
      changes: parseChanges(r.changes),
      reviewStatus: r.review_status,
      reviewNote: r.review_note,
    };
  });
}

/** Records an editor's decision on one version. */
export async function markVersionReviewed(
  db: Db,
  versionId: number,
  status: "approved" | "rejected",
  note: string | null,
  now: Date,
): Promise<void> {
  await db
    .updateTable("analysis_versions")
    .set({ review_status: status, review_note: note, reviewed_at: now.toISOString() })
    .where("id", "=", versionId)
    .execute();
}

export interface ReviewItem {
  analysisId: number;
  slug: string;
  headline: string;
  status: AnalysisStatus;
  reasons: string | null;
  updatedAt: string;
  /** The version waiting for a decision. */
  versionId: number;
  version: number;
  engine: string;
  model: string | null;
  claimsTotal: number;
  claimsVerified: number;
  /** Whether an earlier version is live meanwhile. */
  liveVersion: number | null;
}

/** Analyses waiting for an editor (or, with `status`, those rejected), most recently held first. */
export async function listAnalysesForReview(
  db: Db,
  options: { status?: "needs-review" | "rejected"; limit?: number } = {},
): Promise<ReviewItem[]> {
  const rows = await db
    .selectFrom("analyses as a")
    .innerJoin("analysis_versions as v", "v.id", "a.current_version_id")
    .leftJoin("analysis_versions as live", "live.id", "a.published_version_id")
    .select([
      "a.id",
      "a.slug",
      "a.status",
      "a.status_reason",
      "a.updated_at",
      "v.id as version_id",
      "v.version",
      "v.engine",
      "v.model",
      "v.body",
      "v.claims_total",
      "v.claims_verified",
      "live.version as live_version",
    ])
    .where("a.status", "=", options.status ?? "needs-review")
    .orderBy("a.updated_at", "desc")
    .orderBy("a.id", "desc")
    .limit(options.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    analysisId: r.id,
    slug: r.slug,
    headline: (JSON.parse(r.body) as AnalysisBody).headline,
    status: r.status,
    reasons: r.status_reason,
    updatedAt: r.updated_at,
    versionId: r.version_id,
    version: r.version,
    engine: r.engine,
    model: r.model,
    claimsTotal: r.claims_total,
    claimsVerified: r.claims_verified,
    liveVersion: r.live_version ?? null,
  }));
}

export interface AnalysisSummary {
  id: number;
  slug: string;
  headline: string;
  dek: string;
  category: Category;
  readMinutes: number;
  publishedAt: string;
  updatedAt: string;
  claimsTotal: number;
  claimsVerified: number;
  sources: AnalysisSource[];
}

const SUMMARY_COLUMNS = [
  "a.id",
  "a.slug",
  "a.headline",
  "a.dek",
  "a.category",
  "a.published_at",
  "a.updated_at",
  "v.read_minutes",
  "v.claims_total",
  "v.claims_verified",
  "v.body",
] as const;

interface SummaryRow {
  id: number;
  slug: string;
  headline: string;
  dek: string;
  category: string;
  published_at: string | null;
  updated_at: string;
  read_minutes: number;
  claims_total: number;
  claims_verified: number;
  body: string;
}

function toSummary(r: SummaryRow): AnalysisSummary {
  return {
    id: r.id,
    slug: r.slug,
    headline: r.headline,
    dek: r.dek,
    category: r.category as Category,
    readMinutes: r.read_minutes,
    publishedAt: r.published_at ?? r.updated_at,
    updatedAt: r.updated_at,
    claimsTotal: r.claims_total,
    claimsVerified: r.claims_verified,
    sources: (JSON.parse(r.body) as AnalysisBody).sources,
  };
}

export interface ListPublishedOptions {
  limit: number;
  category?: Category;
  /** Keyset cursor: items strictly older than this (published_at, id) pair. */
  before?: { publishedAt: string; id: number };
}

/** Published analyses, newest first, with keyset pagination. */
export async function listPublishedAnalyses(db: Db, options: ListPublishedOptions): Promise<AnalysisSummary[]> {
  let q = db
    .selectFrom("analyses as a")
    .innerJoin("analysis_versions as v", "v.id", "a.published_version_id")
    .select(SUMMARY_COLUMNS)
    .where("a.published_version_id", "is not", null)
    .orderBy("a.published_at", "desc")
    .orderBy("a.id", "desc")
    .limit(options.limit);
  if (options.category) q = q.where("a.category", "=", options.category);
  const before = options.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([
        eb("a.published_at", "<", before.publishedAt),
        eb.and([eb("a.published_at", "=", before.publishedAt), eb("a.id", "<", before.id)]),
      ]),
    );
  }
  const rows = await q.execute();
  return rows.map(toSummary);
}

export async function listAnalysesByStatus(db: Db, status: AnalysisStatus, limit = 100): Promise<AnalysisRow[]> {
  return db
    .selectFrom("analyses")
    .selectAll()
    .where("status", "=", status)
    .orderBy("updated_at", "desc")
    .limit(limit)
    .execute();
}

export async function countPublishedAnalyses(db: Db): Promise<number> {
  const row = await db
    .selectFrom("analyses")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("published_version_id", "is not", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Replaces the stored related analyses of `analysisId` (computed when it is published). */
export async function replaceRelatedAnalyses(
  db: Db,
  analysisId: number,
  related: { relatedId: number; score: number }[],
): Promise<void> {
  await db.deleteFrom("related_analyses").where("analysis_id", "=", analysisId).execute();
  if (related.length === 0) return;
  await db
    .insertInto("related_analyses")
    .values(related.map((r) => ({ analysis_id: analysisId, related_id: r.relatedId, score: r.score })))
    .execute();
}

/** Related analyses that are published, best first. */
export async function listRelatedAnalyses(db: Db, analysisId: number, limit = 5): Promise<AnalysisSummary[]> {
  const rows = await db
    .selectFrom("related_analyses as r")
    .innerJoin("analyses as a", "a.id", "r.related_id")
    .innerJoin("analysis_versions as v", "v.id", "a.published_version_id")
    .select(SUMMARY_COLUMNS)
    .where("r.analysis_id", "=", analysisId)
    .orderBy("r.score", "desc")
    .limit(limit)
    .execute();
  return rows.map(toSummary);
}

// ---------------------------------------------------------------------------------------------
// What the analysis stage reads and marks outside the analyses tables: a story's articles with
// their outlets' names, and the story's analysis status. (Stories and articles are written by
// the clustering stage; these are the only columns the analysis stage touches.)

export interface StoryForAnalysis {
  id: number;
  title: string;
  analysisStatus: "pending" | "written" | "skipped";
}

export async function findStoryForAnalysis(db: Db, storyId: number): Promise<StoryForAnalysis | undefined> {
  const row = await db
    .selectFrom("stories")
    .select(["id", "title", "analysis_status"])
    .where("id", "=", storyId)
    .executeTakeFirst();
  return row ? { id: row.id, title: row.title, analysisStatus: row.analysis_status } : undefined;
}

export interface StoryArticle {
  articleId: number;
  sourceId: number;
  outlet: string;
  title: string;
  url: string;
  author: string | null;
  publishedAt: string;
  language: string;
  text: string;
  isAbstract: boolean;
}

/** A story's articles, oldest first (ties by id), each with its outlet's name. */
export async function listStoryArticlesForAnalysis(db: Db, storyId: number): Promise<StoryArticle[]> {
  const rows = await db
    .selectFrom("articles as a")
    .innerJoin("sources as s", "s.id", "a.source_id")
    .select([
      "a.id",
      "a.source_id",
      "s.name",
      "a.title",
      "a.url",
      "a.author",
      "a.published_at",
      "a.language",
      "a.text",
      "a.is_abstract",
    ])
    .where("a.story_id", "=", storyId)
    .orderBy("a.published_at", "asc")
    .orderBy("a.id", "asc")
    .execute();
  return rows.map((r) => ({
    articleId: r.id,
    sourceId: r.source_id,
    outlet: r.name,
    title: r.title,
    url: r.url,
    author: r.author,
    publishedAt: r.published_at,
    language: r.language,
    text: r.text,
    isAbstract: r.is_abstract === 1,
  }));
}

export async function markStoryAnalysisStatus(
  db: Db,
  storyId: number,
  status: "pending" | "written" | "skipped",
): Promise<void> {
  await db.updateTable("stories").set({ analysis_status: status }).where("id", "=", storyId).execute();
}

/** The article ids the analysis's current version was written from, sorted; undefined before the first version. */
export async function findCurrentArticleIds(db: Db, analysisId: number): Promise<number[] | undefined> {
  const row = await db
    .selectFrom("analyses as a")
    .innerJoin("analysis_versions as v", "v.id", "a.current_version_id")
    .select("v.article_ids")
    .where("a.id", "=", analysisId)
    .executeTakeFirst();
  if (!row) return undefined;
  return (JSON.parse(row.article_ids) as number[]).slice().sort((x, y) => x - y);
}

export interface RelatedCandidate {
  id: number;
  storyId: number;
  category: Category;
  publishedAt: string;
  body: AnalysisBody;
}

/** Published analyses, newest first, as related-article scoring reads them (headline, dek, claims, tags). */
export async function listRelatedCandidates(db: Db, limit: number): Promise<RelatedCandidate[]> {
  const rows = await db
    .selectFrom("analyses as a")
    .innerJoin("analysis_versions as v", "v.id", "a.published_version_id")
    .select(["a.id", "a.story_id", "a.category", "a.published_at", "a.updated_at", "v.body"])
    .where("a.published_version_id", "is not", null)
    .orderBy("a.published_at", "desc")
    .orderBy("a.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    storyId: r.story_id,
    category: r.category as Category,
    publishedAt: r.published_at ?? r.updated_at,
    body: JSON.parse(r.body) as AnalysisBody,
  }));
}
